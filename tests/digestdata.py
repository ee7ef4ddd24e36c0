"""A fixed digest edition for the tests, the golden files and the README's screenshots.

Edition 2026-W45 features two papers; after it is built, one of them is retracted and the other
corrected, so edition 2026-W47 carries both notices. 2026-W47 features three papers (a pilot
trial, a framework paper, a randomized trial) and lists two more without a summary (an
observational study and an animal study). Every paper and summary here is invented.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import yaml
from builders import save_paper

from tracker.config import Config, default_config_path, load_config
from tracker.merge import Merger
from tracker.records import Link, Record
from tracker.editors import add_editor
from tracker.review import Decision, decide, save_summary
from tracker.score import Scorer
from tracker.store import open_db, transaction

EDITOR = "sam"
PASSWORD = "correct horse battery"
EARLIER, EDITION = "2026-W45", "2026-W47"


# The fixture's own digest settings, so the golden files do not change with feeds.yaml.
DIGEST = {
    "site_name": "The Relational Psychedelic Research Digest",
    "title": "Psychedelic and relational therapy research, in plain words",
    "public_base_url": "https://digest.example.org/",
    "corrections_contact": "corrections@digest.example.org",
    "templates_dir": None,
    "logo_url": None,
    "reading_grade_target": 8.0,
    "words_per_minute": 200,
    "language": "en",
}


def config(**digest) -> Config:
    """The shipped feeds.yaml with the fixture's digest settings, changed further as asked."""
    shipped = load_config(default_config_path())
    return shipped.model_copy(update={"digest": shipped.digest.model_copy(update={**DIGEST, **digest})})


def write_config(folder: Path, **sections) -> Path:
    """folder / "feeds.yaml" for the command line: the shipped file with the fixture's digest
    settings, each keyword replacing that top-level section (newsletter={...})."""
    data = yaml.safe_load(default_config_path().read_text())
    data["digest"].update({k: v for k, v in DIGEST.items() if v is not None})
    data.update(sections)
    path = folder / "feeds.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


SUMMARIES = {
    "couples": {
        "headline": "Couples tried psilocybin-assisted therapy together in a first small study",
        "dek": "Twelve couples took part. Most stayed to the end, and many said they felt closer, but "
               "the study was too small to say much more.",
        "summary": "Researchers offered couple therapy with psilocybin, the active part of \"magic "
                   "mushrooms\", to 12 couples. In each couple, one or both partners had depression, and "
                   "both said the relationship was under strain.\n\nEach couple had several talk sessions "
                   "to prepare. Then both partners took psilocybin on the same day, with two therapists in "
                   "the room. In later sessions, they talked through what they had felt.\n\nThe team mainly "
                   "wanted to learn if this could be done safely. Most couples came to every session. No one "
                   "had a serious side effect. Many partners said they felt closer and argued less. Their "
                   "depression scores also went down.",
        "key_takeaway": "This was a first test of safety, not a test of whether the therapy works. If you "
                        "are curious about it, a clinical trial is the safe way to take part.",
        "what_it_means": "For now, psilocybin therapy for couples is only offered in research. If depression "
                         "or strain in your relationship is weighing on you, couple therapy without drugs is "
                         "widely available and has good evidence behind it. You can ask your doctor or "
                         "therapist about trials near you.",
        "caveats": "Only 12 couples took part. There was no comparison group, so we cannot tell if the "
                   "changes came from the psilocybin, the therapy or simply time. The couples chose to join "
                   "and knew what they were getting, which can make results look better.",
    },
    "framework": {
        "headline": "A plan for how ketamine therapy could work with couples",
        "dek": "The authors lay out how clinics might prepare, dose and support two partners at once. "
               "They did not test it.",
        "summary": "Ketamine is already used for depression that has not eased with other treatment. Some "
                   "therapists have started to use it in couple therapy. Until now, there was little written "
                   "advice on how to do this safely.\n\nThis paper offers such a guide. It covers how to check "
                   "that each partner agrees freely, how to spot an imbalance of power in a relationship, and "
                   "how to plan sessions when two people take a medicine at once. It also lists reasons not "
                   "to treat a couple together, such as violence at home.",
        "key_takeaway": "This is a careful plan, not evidence that ketamine helps couples. Be wary of any "
                        "clinic that promises results for couples.",
        "what_it_means": "If you are thinking about ketamine therapy as a couple, ask the clinic how they "
                         "see each partner on their own first. Ask whether the therapist is trained in couple "
                         "therapy as well as in ketamine care. This paper says both matter.",
        "caveats": "The paper is based on the authors' experience and on earlier research. It has no new "
                   "results from patients.",
    },
    "trial": {
        "headline": "MDMA-assisted therapy for PTSD, with a partner in some sessions, helped more than therapy alone",
        "dek": "In a trial with 104 people, symptoms eased more in the group that had MDMA. Side effects "
               "were common but mostly mild.",
        "summary": "MDMA is being tested as an aid to therapy for post-traumatic stress disorder (PTSD). In "
                   "this trial, 104 adults with PTSD were put into two groups by chance. One group had therapy "
                   "with MDMA. The other had the same therapy with a dummy pill. A partner or close family "
                   "member joined some of the talk sessions, but did not take MDMA.\n\nAfter 18 weeks, PTSD "
                   "symptoms had eased in both groups. They eased more in the MDMA group, and more people in "
                   "that group no longer had PTSD by the usual measure.",
        "key_takeaway": "MDMA-assisted therapy looks hopeful for PTSD in a trial. It is not approved in most "
                        "countries, and it should only be taken with medical care.",
        "what_it_means": "If you live with PTSD, talk therapies that focus on trauma have good evidence and "
                         "are available now. Ask your care team about them. If you want to know about MDMA "
                         "trials, your doctor can help you check whether one is right for you.",
        "caveats": "Many people could guess which group they were in, because MDMA has strong effects. That "
                   "can make results look better than they are. The trial followed people for only 18 weeks. "
                   "People with some heart problems or a history of psychosis could not take part.",
    },
    "retracted": {
        "headline": "Esketamine with partner sessions after childbirth: an early look",
        "dek": "A small study of new mothers with depression and their partners.",
        "summary": "Twenty new mothers with depression had esketamine nasal spray, and their partners joined "
                   "some therapy sessions. Most said their mood was better after a month.",
        "key_takeaway": "An early result that needs a proper trial.",
        "what_it_means": "If you have low mood after having a baby, tell your midwife, health visitor or "
                         "doctor. Good help is available.",
        "caveats": "A small study with no comparison group.",
    },
    "corrected": {
        "headline": "Family sessions after ketamine treatment for teenagers with depression",
        "dek": "Families met with a therapist in the weeks after each teenager's ketamine treatment.",
        "summary": "Thirty-two teenagers with hard-to-treat depression had ketamine, then family sessions. "
                   "Parents and teenagers said the sessions helped them talk.",
        "key_takeaway": "Family support after treatment may matter. This study cannot show how much.",
        "what_it_means": "If your teenager is having treatment for depression, ask how the family can be "
                         "part of it.",
        "caveats": "There was no comparison group.",
    },
}


@contextmanager
def clock(at: str):
    """Editors' writes (summaries, decisions, labels, overrides) stamped `at`: the golden files
    show when an edition last changed, so the fixture's times must not be the test run's."""
    with mock.patch("tracker.review.utcnow", lambda: at), mock.patch("tracker.digest.edition.utcnow", lambda: at):
        yield


def build_earlier(db, cfg: Config) -> dict[str, int]:
    """The papers of the earlier edition, approved with summaries (not yet corrected)."""
    scorer = Scorer(cfg)
    ids = {}
    with transaction(db):
        pubmed = Merger(db, scorer, "pubmed", "pubmed", None)
        pubmed.now = "2026-11-03T07:00:00Z"
        ids["retracted"] = save_paper(pubmed, Record(
            title="Esketamine nasal spray with partner-assisted sessions for postpartum depression: an open-label study",
            abstract="Twenty women with postpartum depression received esketamine with partner-assisted therapy sessions.",
            pmid="99300001", doi="10.5555/dg.postpartum", journal="Journal of Invented Perinatal Studies",
            published="2026-10", publication_types=["Journal Article", "Clinical Trial"], source_key="99300001"))
        ids["corrected"] = save_paper(pubmed, Record(
            title="Family-based sessions after ketamine for adolescent depression: a cohort study",
            abstract="Thirty-two adolescents with treatment-resistant depression received ketamine followed by "
                     "family therapy sessions.",
            pmid="99300002", doi="10.5555/dg.family", journal="Example Adolescent Psychiatry",
            published="2026-10", publication_types=["Journal Article", "Observational Study"], source_key="99300002"))
    with clock("2026-11-04T09:30:00Z"):
        for name in ("retracted", "corrected"):
            save_summary(db, ids[name], SUMMARIES[name], EDITOR)
            decide(db, Decision(ids[name], EDITOR, "approve", edition=EARLIER), default_edition=EARLIER)
    return ids


def correct_earlier(db, cfg: Config) -> None:
    """After the earlier edition went out: a retraction notice arrives, and a correction."""
    scorer = Scorer(cfg)
    with transaction(db):
        pubmed = Merger(db, scorer, "pubmed", "pubmed", None)
        pubmed.now = "2026-11-17T07:00:00Z"
        pubmed.save(Record(
            title="Retraction notice: Esketamine nasal spray with partner-assisted sessions for postpartum depression",
            pmid="99300090", journal="Journal of Invented Perinatal Studies", published="2026-11",
            publication_types=["Retraction of Publication"], links=[Link("retraction_of", pmid="99300001")],
            source_key="99300090"))
        pubmed.save(Record(
            title="Family-based sessions after ketamine for adolescent depression: a cohort study",
            abstract="Thirty-two adolescents with treatment-resistant depression received ketamine followed by "
                     "family therapy sessions.",
            pmid="99300002", doi="10.5555/dg.family", journal="Example Adolescent Psychiatry",
            published="2026-10", publication_types=["Journal Article", "Observational Study"],
            links=[Link("erratum_in", pmid="99300091", text="Example Adolescent Psychiatry. 2026;4:e12")],
            source_key="99300002"))


def build_edition(db, cfg: Config) -> dict[str, int]:
    """The papers of the fixture edition: three featured, two listed."""
    scorer = Scorer(cfg)
    ids = {}
    with transaction(db):
        frontiers = Merger(db, scorer, "frontiers-psychiatry", "frontiers", None)
        frontiers.now = "2026-11-16T07:00:00Z"
        ids["couples"] = save_paper(frontiers, Record(
            title="Psilocybin-assisted couple therapy for relationship distress and depression: a pilot trial",
            abstract="Twelve couples (24 participants) with relationship distress, in which at least one partner "
                     "had depression, received psilocybin-assisted couple therapy. Retention, safety and "
                     "relationship satisfaction were assessed.",
            doi="10.5555/dg.couples", journal="Frontiers in Psychiatry", published="2026-11-13",
            authors=["Ada Example", "Ben Invented"], article_type="Original Research",
            url="https://www.frontiersin.org/articles/10.5555/dg.couples", source_key="fr-couples"))
        ids["framework"] = save_paper(frontiers, Record(
            title="Ketamine-assisted couple therapy: a clinical framework for sessions with two partners",
            abstract="We propose a framework for ketamine-assisted couple therapy: consent, assessment of each "
                     "partner, dosing logistics and integration sessions.",
            doi="10.5555/dg.kact", journal="Frontiers in Psychology", published="2026-11-12",
            authors=["Cleo Sample"], article_type="Hypothesis and Theory",
            url="https://www.frontiersin.org/articles/10.5555/dg.kact", source_key="fr-kact"))
        pubmed = Merger(db, scorer, "pubmed", "pubmed", None)
        pubmed.now = "2026-11-17T07:00:00Z"
        ids["trial"] = save_paper(pubmed, Record(
            title="MDMA-assisted therapy for PTSD with partner involvement: a randomized, placebo-controlled trial",
            abstract="A total of 104 participants with PTSD were randomized to MDMA-assisted therapy or placebo "
                     "with the same therapy; partners joined preparation and integration sessions.",
            pmid="99300010", doi="10.5555/dg.mdma", journal="Journal of Invented Trauma Studies",
            published="2026-11", publication_types=["Journal Article", "Randomized Controlled Trial"],
            source_key="99300010"))
        ids["survey"] = save_paper(pubmed, Record(
            title="Ayahuasca ceremony attendance and relationship satisfaction in couples: a cross-sectional survey",
            abstract="Couples who attended ayahuasca ceremonies reported on relationship satisfaction and mental health.",
            pmid="99300011", doi="10.5555/dg.ayahuasca", journal="Example Reports in Medicine",
            published="2026-11", publication_types=["Journal Article", "Observational Study"], source_key="99300011"))
        ids["animal"] = save_paper(pubmed, Record(
            title="Psilocybin and social behaviour in pair-housed rats",
            abstract="Pair-housed rats received psilocybin; social interaction was measured.",
            pmid="99300012", journal="Archives of Made-up Neuroscience", published="2026-11",
            publication_types=["Journal Article"], mesh=["Animals", "Rats", "Psilocybin"], source_key="99300012"))
    with clock("2026-11-18T10:15:00Z"):
        for name in ("couples", "framework", "trial"):
            save_summary(db, ids[name], SUMMARIES[name], EDITOR)
        for name in ("couples", "framework", "trial", "survey", "animal"):
            decide(db, Decision(ids[name], EDITOR, "approve", edition=EDITION), default_edition=EDITION)
    return ids


def build(db_path, cfg: Config | None = None, site=None) -> dict[str, int]:
    """The whole story: the earlier edition (built into `site` if given), its corrections, then the
    fixture edition's papers. Returns the ids of the named papers."""
    from tracker.digest import build as build_digest

    cfg = cfg or config()
    db = open_db(db_path)
    add_editor(db, EDITOR, PASSWORD)
    ids = build_earlier(db, cfg)
    if site is not None:
        build_digest(db, cfg, EARLIER, site)
    correct_earlier(db, cfg)
    ids.update(build_edition(db, cfg))
    db.conn.close()
    return ids
