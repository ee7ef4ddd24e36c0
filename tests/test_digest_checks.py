"""The checks a lay summary must pass before its edition is sent: each with a failing and a
passing case, overrides with their reasons, and the study-type labels they depend on."""

from __future__ import annotations

import subprocess
import sys

import digestdata
import pytest

from tracker.digest import set_label, set_override
from tracker.digest.checks import caveat_reasons, check_edition, check_paper, sample_size
from tracker.digest.edition import overrides, paper_view
from tracker.digest.errors import DigestError
from tracker.digest.labels import STUDY_TYPES, derive_study_type
from tracker.errors import EditorRequired
from tracker.review import save_summary
from tracker.store import open_db

CFG = digestdata.config()
PLAIN = {
    "headline": "Couples tried a new therapy together",
    "dek": "A small first study.",
    "summary": "Ten couples had talk sessions with a therapist. Most came to every session. Many said "
               "they felt closer.",
    "key_takeaway": "It is too early to know if this helps.",
    "what_it_means": "Ask your therapist about options that have good evidence.",
    "caveats": "Only ten couples took part, with no comparison group.",
}


def paper(summary: dict | None = None, **fields) -> dict:
    """A paper as get_paper returns it, with just what the checks read."""
    base = {"id": 1, "title": "Couple therapy for relationship distress: a randomized trial", "abstract": "",
            "journal": "Journal of Invented Studies", "doi": "10.5555/x", "url": None, "published": "2026-11",
            "publication_types": ["Randomized Controlled Trial"], "article_type": None, "mesh": [],
            "explanation": {}, "retracted": False,
            "lay_summary": None if summary is None else {"version": 1, **summary}}
    return {**base, **fields}


def flags(summary: dict, cfg=CFG, label: str | None = None, given=None, **fields) -> dict:
    view = paper_view(paper(summary, **fields), label, cfg)
    return {f.check: f for f in check_paper(view, cfg, given)}


def test_a_plain_honest_summary_passes_every_check():
    result = flags(PLAIN)
    assert {k: f.state for k, f in result.items()} == {k: "ok" for k in result}
    assert set(result) == {"reading_grade", "hype", "causal_claim", "safety", "advice", "key_takeaway",
                           "caveats", "markup", "headline", "retracted", "study_type"}


def test_text_that_looks_like_a_tag_blocks_since_the_digest_would_drop_it():
    """An editor's "<moderate, ... >severe" reads as a tag to the cleaning that keeps feeds' markup
    out: the digest would drop the words between. The check names them before readers lose them."""
    summary = {**PLAIN, "summary": PLAIN["summary"] + " Scores fell in people who began <moderate, but not in those who"
                                                       " began >severe. The link was p<0.05."}
    markup = flags(summary)["markup"]
    assert markup.blocking and "'<moderate, but not in those who began >'" in markup.message
    assert "write 'under' or 'less than' for <" in markup.message
    view = paper_view(paper(summary), None, CFG)
    assert "those who began" not in " ".join(view["summary"])  # what readers would have lost
    assert flags({**PLAIN, "summary": PLAIN["summary"] + " Scores under moderate fell (p < 0.05)."})["markup"].ok
    # paragraph by paragraph, as the digest cleans them: what is named is what readers lose
    split = flags({**PLAIN, "summary": PLAIN["summary"] + " Scores began <moderate.\n\nIn a second paragraph >severe."})
    assert "'<moderate.'" in split["markup"].message and "second paragraph" not in split["markup"].message


def test_reading_grade_over_the_target_blocks_and_under_it_passes():
    hard = {**PLAIN, "summary": "Psilocybin-assisted psychotherapy demonstrated statistically significant "
                                "improvements in interpersonal relationship satisfaction among heterosexual "
                                "dyads experiencing comorbid depressive symptomatology."}
    flag = flags(hard)["reading_grade"]
    assert flag.state == "blocks" and "over the target of 8" in flag.message
    assert flags(PLAIN)["reading_grade"].ok
    # The target comes from feeds.yaml.
    assert flags(hard, cfg=digestdata.config(reading_grade_target=20.0))["reading_grade"].ok


def test_textstat_grades_offline_in_a_fresh_process():
    """The grade must never need the network: textstat 0.7.9 and later download NLTK's data on
    first use. A fresh interpreter (nothing cached) with every socket refused must still grade."""
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise SystemExit('textstat tried to open a network connection')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from tracker.digest.checks import reading_grade\n"
        "print(reading_grade({'summary': 'Ten couples had talk sessions. Most came to every one.'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert 0 < float(done.stdout) < 8


@pytest.mark.parametrize("text", ["This is a breakthrough for couples.", "A miracle for families.",
                                  "It proves the therapy works.", "A real game-changer."])
def test_hype_words_block(text):
    flag = flags({**PLAIN, "dek": text})["hype"]
    assert flag.state == "blocks" and "promises" in flag.message


def test_hype_words_that_are_negated_or_absent_pass():
    assert flags({**PLAIN, "caveats": "This study does not prove that the therapy works."})["hype"].ok
    assert flags({**PLAIN, "what_it_means": "There is no cure yet."})["hype"].ok
    assert flags(PLAIN)["hype"].ok
    # The list is the one in feeds.yaml.
    assert not flags({**PLAIN, "dek": "Couples grew closer."}, cfg=digestdata.config(hype_words=["closer"]))["hype"].ok
    # Reported words are theirs, not the summary's promise.
    assert flags({**PLAIN, "dek": "Couples felt closer."}, cfg=digestdata.config(hype_words=["closer"]))["hype"].ok


def test_causal_wording_blocks_on_a_study_that_cannot_show_cause():
    causal = {**PLAIN, "summary": "Taking part in ceremonies leads to happier relationships."}
    observational = flags(causal, publication_types=["Observational Study"], title="A cross-sectional survey")
    assert observational["causal_claim"].state == "blocks"
    assert "'leads to'" in observational["causal_claim"].message
    assert "on an observational study," in observational["causal_claim"].message
    for kind in ("protocol", "narrative_review", "commentary", "animal"):
        assert flags(causal, label=kind)["causal_claim"].state == "blocks", kind


def test_causal_wording_passes_on_a_randomized_trial_and_when_absent():
    causal = {**PLAIN, "summary": "In this trial, the therapy led to fewer arguments than usual care."}
    assert flags(causal)["causal_claim"].ok  # a randomized trial can carry it
    assert flags(causal)["causal_claim"].message.startswith("a randomized trial can")
    assert "an animal or lab study," in flags(causal, label="animal")["causal_claim"].message
    assert flags(PLAIN, label="observational")["causal_claim"].ok
    assert flags({**PLAIN, "caveats": "It cannot show that the therapy causes the change."},
                 label="observational")["causal_claim"].ok


def test_a_missing_key_takeaway_blocks():
    assert flags({**PLAIN, "key_takeaway": ""})["key_takeaway"].state == "blocks"
    assert flags(PLAIN)["key_takeaway"].ok


@pytest.mark.parametrize("fields,reason", [
    ({"title": "Couple therapy: a pilot study"}, "pilot"),
    ({"abstract": "Twelve couples (24 participants) took part."}, "small study"),
    ({"mesh": ["Animals", "Rats"], "publication_types": []}, "animal"),
    ({"publication_types": ["Preprint"]}, "preprint"),
    ({"article_type": "Study Protocol", "publication_types": []}, "protocol"),
])
def test_missing_caveats_block_on_pilot_small_animal_preprint_and_protocol_papers(fields, reason):
    flag = flags({**PLAIN, "caveats": ""}, **fields)["caveats"]
    assert flag.state == "blocks" and reason in flag.message
    assert flags(PLAIN, **fields)["caveats"].ok  # with caveats written, it passes


FRAMEWORK_MENTIONING_PILOTS = {
    "title": "A clinical framework for ketamine-assisted couple therapy",
    "abstract": "One pilot trial in 12 couples and two feasibility studies have tried ketamine with partners. "
                "We propose a framework for consent, dosing and integration sessions.",
    "publication_types": ["Journal Article"], "article_type": "Journal Article",
}


def test_a_framework_paper_that_mentions_pilot_trials_is_a_framework_not_a_pilot_study():
    assert derive_study_type(paper(None, **FRAMEWORK_MENTIONING_PILOTS)) == "framework"
    flag = flags({**PLAIN, "caveats": ""}, **FRAMEWORK_MENTIONING_PILOTS)["caveats"]
    assert flag.ok and flag.message == "none needed"
    # The abstract's own statement is enough when the title names no design.
    described = {**FRAMEWORK_MENTIONING_PILOTS, "title": "Ketamine with two partners in the room",
                 "abstract": "The one pilot trial so far was small. In this paper we describe a clinical model "
                             "for sessions with couples."}
    assert derive_study_type(paper(None, **described)) == "framework"
    # A pilot trial that tests a framework is still a pilot trial.
    tested = {**FRAMEWORK_MENTIONING_PILOTS, "title": "Testing a couple therapy framework: a pilot trial"}
    assert derive_study_type(paper(None, **tested)) == "nonrandomized_trial"
    assert "pilot" in flags({**PLAIN, "caveats": ""}, **tested)["caveats"].message


def test_caveats_are_not_required_of_a_large_randomized_trial():
    flag = flags({**PLAIN, "caveats": ""}, abstract="A total of 240 participants were randomized.")["caveats"]
    assert flag.ok and flag.message == "none needed"


def test_sample_size_reads_the_largest_count_of_people():
    assert sample_size("Twelve couples (24 participants) took part.") == 24
    assert sample_size("n = 18 adults") == 18
    assert sample_size("Of 1,204 patients screened, 40 veterans were enrolled.") == 1204
    assert sample_size("Rats received psilocybin.") is None
    assert "a small study (the abstract counts 24; under 30)" in caveat_reasons(
        {"title": "", "abstract": "Twelve couples (24 participants)."}, "observational")


def test_a_missing_headline_blocks_and_the_title_stands_in():
    result = flags({**PLAIN, "headline": ""})
    assert result["headline"].state == "blocks"
    assert paper_view(paper({**PLAIN, "headline": ""}), None, CFG)["headline"] == paper()["title"]


def test_a_retracted_paper_blocks_and_cannot_be_overridden():
    given = {"retracted": {"reason": "fine", "editor": "sam", "at": "x", "summary_version": 1}}
    flag = flags(PLAIN, retracted=True, given=given)["retracted"]
    assert flag.state == "blocks" and flag.override is None


def test_an_unlabelled_study_type_warns_but_does_not_block():
    result = flags(PLAIN, title="Thoughts on couples", publication_types=[])
    assert result["study_type"].state == "warning" and not result["study_type"].blocking
    assert result["causal_claim"].ok


# -- overrides, recorded in the database -------------------------------------------------------

@pytest.fixture
def edition_db(tmp_path):
    digestdata.build(tmp_path / "tracker.db")
    return open_db(tmp_path / "tracker.db")


def blocking(db) -> dict[int, list[str]]:
    report = check_edition(db, CFG, digestdata.EDITION)
    return {r.paper["id"]: [f.check for f in r.flags if f.blocking] for r in report.papers if r.blocking}


def test_an_override_with_a_reason_lets_a_flag_pass_until_the_summary_changes(edition_db):
    db = edition_db
    pid = next(iter(db.execute("SELECT id FROM papers WHERE doi = '10.5555/dg.kact'")))[0]
    assert blocking(db) == {}
    current = next(db.query("SELECT headline, dek, summary, key_takeaway, what_it_means, caveats FROM lay_summaries"
                            " WHERE paper_id = ? ORDER BY id DESC LIMIT 1", [pid]))
    save_summary(db, pid, {**current, "what_it_means": "There is no miracle here, but this is a breakthrough."}, "sam")
    assert blocking(db) == {pid: ["hype"]}

    with pytest.raises(DigestError, match="reason"):
        set_override(db, pid, "hype", "  ", "sam")
    with pytest.raises(DigestError, match="cannot be overridden"):
        set_override(db, pid, "retracted", "because", "sam")
    set_override(db, pid, "hype", "quoting the authors' own word, in context", "sam")
    assert blocking(db) == {}
    row = overrides(db, pid)["hype"]
    assert (row["editor"], row["reason"], row["summary_version"]) == ("sam", "quoting the authors' own word, in context", 2)

    # An edit of the summary lapses the override: the editor must look again.
    save_summary(db, pid, {**current, "what_it_means": "This is a breakthrough, say the authors."}, "sam")
    assert blocking(db) == {pid: ["hype"]}
    flag = next(f for r in check_edition(db, CFG, digestdata.EDITION).papers if r.paper["id"] == pid
                for f in r.flags if f.check == "hype")
    assert flag.lapsed["summary_version"] == 2 and flag.override is None

    set_override(db, pid, "hype", "reported speech", "sam")
    assert blocking(db) == {}
    set_override(db, pid, "hype", None, "sam")  # withdrawn
    assert blocking(db) == {pid: ["hype"]}
    assert db["check_overrides"].count == 3  # every override is kept


def test_an_override_of_a_check_that_is_not_flagged_is_refused_naming_the_flagged_ones(edition_db):
    db = edition_db
    pid = next(iter(db.execute("SELECT id FROM papers WHERE doi = '10.5555/dg.kact'")))[0]
    with pytest.raises(DigestError, match=r"'hype' is not flagged .*no check is flagged"):
        set_override(db, pid, "hype", "just in case", "sam", config=CFG)
    current = next(db.query("SELECT headline, dek, summary, key_takeaway, what_it_means, caveats FROM lay_summaries"
                            " WHERE paper_id = ? ORDER BY id DESC LIMIT 1", [pid]))
    save_summary(db, pid, {**current, "key_takeaway": "", "dek": "A breakthrough for couples."}, "sam")
    with pytest.raises(DigestError, match=r"'caveats' is not flagged .*flagged: hype, key_takeaway"):
        set_override(db, pid, "caveats", "just in case", "sam", config=CFG)
    assert db["check_overrides"].count == 0
    set_override(db, pid, "hype", "the authors' word, quoted", "sam", config=CFG)
    set_override(db, pid, "hype", None, "sam", config=CFG)  # a withdrawal, though the flag is still there
    assert db["check_overrides"].count == 2
    # ... but not of what is not overridden: it said "withdrawn" and wrote a row of nothing
    for check in ("hype", "advice"):
        with pytest.raises(DigestError, match=rf"'{check}' is not overridden for paper {pid}, so there is nothing"):
            set_override(db, pid, check, None, "sam", config=CFG)
    assert db["check_overrides"].count == 2


def test_an_editor_label_replaces_the_derived_study_type(edition_db):
    db = edition_db
    pid = next(iter(db.execute("SELECT id FROM papers WHERE doi = '10.5555/dg.couples'")))[0]
    report = {r.paper["id"]: r for r in check_edition(db, CFG, digestdata.EDITION).papers}
    assert report[pid].paper["label"]["key"] == "nonrandomized_trial"
    set_label(db, pid, "case_report", "sam", reason="only a few couples described in detail")
    label = {r.paper["id"]: r for r in check_edition(db, CFG, digestdata.EDITION).papers}[pid].paper["label"]
    assert (label["key"], label["chosen_by_editor"]) == ("case_report", True)
    set_label(db, pid, None, "sam")
    assert {r.paper["id"]: r for r in check_edition(db, CFG, digestdata.EDITION).papers}[pid].paper["label"]["key"] \
        == "nonrandomized_trial"
    with pytest.raises(DigestError, match="unknown study type"):
        set_label(db, pid, "anecdote", "sam")
    with pytest.raises(EditorRequired, match="who is labelling"):  # its own class (issue 15, item 6)
        set_label(db, pid, "case_report", "")


# -- labels --------------------------------------------------------------------------------------

@pytest.mark.parametrize("fields,expected", [
    ({"publication_types": ["Journal Article", "Randomized Controlled Trial"]}, "randomized_trial"),
    ({"publication_types": ["Clinical Trial"], "abstract": "Participants were randomised to two arms."}, "randomized_trial"),
    ({"publication_types": ["Clinical Trial, Phase II"], "title": "Open-label sessions"}, "nonrandomized_trial"),
    ({"publication_types": ["Observational Study"]}, "observational"),
    ({"publication_types": ["Meta-Analysis", "Review"]}, "systematic_review"),
    ({"publication_types": ["Review"]}, "narrative_review"),
    ({"publication_types": ["Clinical Trial Protocol", "Randomized Controlled Trial"]}, "protocol"),
    ({"publication_types": ["Case Reports"]}, "case_report"),
    ({"publication_types": ["Editorial"]}, "commentary"),
    ({"publication_types": ["Preprint", "Randomized Controlled Trial"]}, "preprint"),
    ({"publication_types": [], "journal": "medRxiv"}, "preprint"),
    ({"publication_types": [], "mesh": ["Animals", "Mice"]}, "animal"),
    ({"publication_types": [], "explanation": {"factors": ["animal-only (rats): x0.3"]}}, "animal"),
    ({"publication_types": [], "article_type": "Hypothesis and Theory"}, "framework"),
    ({"publication_types": [], "article_type": "Study Protocol"}, "protocol"),
    ({"publication_types": [], "article_type": "Perspective"}, "commentary"),
    ({"publication_types": [], "article_type": "Mini Review"}, "narrative_review"),
    ({"publication_types": [], "article_type": "Systematic Review"}, "systematic_review"),
    ({"publication_types": [], "article_type": "Original Research", "title": "Ayahuasca use: a cross-sectional survey"}, "observational"),
    ({"publication_types": [], "article_type": "Original Research", "title": "A pilot trial of couple sessions"}, "nonrandomized_trial"),
    ({"publication_types": [], "article_type": "Randomized Controlled Trial", "title": "x"}, "randomized_trial"),
    ({"publication_types": [], "article_type": "Original Research", "title": "Notes on couples"}, "unclassified"),
])
def test_study_type_from_publication_types_and_the_frontiers_article_type(fields, expected):
    assert derive_study_type(paper(None, **fields)) == expected


def test_every_study_type_has_a_plain_sentence_within_the_reading_target():
    import textstat

    assert len(STUDY_TYPES) >= 11
    for kind in STUDY_TYPES.values():
        assert kind.name and kind.sentence.endswith(".")
        assert textstat.flesch_kincaid_grade(kind.sentence) <= CFG.digest.reading_grade_target, kind.key
    assert [k for k, t in STUDY_TYPES.items() if t.causal] == ["randomized_trial"]
