"""Study-type labels: what kind of study a paper is, and one plain sentence on what that kind of
study can and cannot show.

The label is derived from PubMed's publication types, the Frontiers article type, MeSH and a
few words of the title and abstract; an editor can set it instead (`tracker digest label`).
Order matters: a preprint of a trial is labelled a preprint (the reader most needs to know it
has not been checked yet), a protocol of a randomized trial is a protocol (it has no results).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class StudyType:
    key: str
    name: str
    sentence: str  # what this kind of study can and cannot show, for patients
    causal: bool = False  # can it support cause-and-effect wording?


STUDY_TYPES: dict[str, StudyType] = {t.key: t for t in (
    StudyType("randomized_trial", "Randomized trial",
              "People were put into groups by chance, so a difference between the groups most likely "
              "comes from the treatment. One trial is rarely the final word: results need to be "
              "repeated in more people.", causal=True),
    StudyType("nonrandomized_trial", "Trial without random groups",
              "People got the treatment, but no group was chosen by chance to compare with. This can "
              "show whether a treatment looks safe and worth testing further. It cannot show that the "
              "treatment caused the changes seen."),
    StudyType("observational", "Observational study",
              "Researchers watched or asked people without giving a treatment by chance. This can "
              "find links worth testing. It cannot show that one thing causes another."),
    StudyType("systematic_review", "Systematic review or meta-analysis",
              "Researchers searched for earlier studies on one question and weighed them together. "
              "It is only as strong as the studies it brings together."),
    StudyType("narrative_review", "Narrative review",
              "Experts summed up earlier research in their own words. It is a helpful overview, but "
              "it has no new results, and the authors chose which studies to discuss."),
    StudyType("protocol", "Study protocol: no results yet",
              "This paper describes a study that is planned or under way. It has no results yet, so "
              "it cannot tell us whether the treatment works."),
    StudyType("case_report", "Case report",
              "This describes what happened to one person or a few people. It can raise questions "
              "for research. It cannot tell us what would happen to others."),
    StudyType("framework", "Framework or theory paper",
              "The authors suggest a way to think about or plan treatment. It has no new test "
              "results, so it cannot show whether the approach helps."),
    StudyType("commentary", "Commentary",
              "This is the authors' view on a topic. It can be well informed, but it is opinion, "
              "not new evidence."),
    StudyType("animal", "Animal or lab study",
              "This work was done with animals or cells, not people. Results in animals often do "
              "not hold true in people."),
    StudyType("preprint", "Preprint: not yet checked by other scientists",
              "This paper was shared before other scientists reviewed it. Its results may change, "
              "so treat them as early news."),
    StudyType("unclassified", "Study type not labelled",
              "We could not tell what kind of study this is from the journal's record. The original "
              "article explains how it was done."),
)}

# PubMed publication types (https://www.nlm.nih.gov/mesh/pubtypes.html), lower case.
_PUBMED = [
    ("preprint", {"preprint"}),
    ("protocol", {"clinical trial protocol"}),
    ("systematic_review", {"systematic review", "meta-analysis", "network meta-analysis"}),
    ("randomized_trial", {"randomized controlled trial", "pragmatic clinical trial", "equivalence trial"}),
    ("case_report", {"case reports"}),
    ("nonrandomized_trial", {"clinical trial", "clinical trial, phase i", "clinical trial, phase ii",
                             "clinical trial, phase iii", "clinical trial, phase iv",
                             "controlled clinical trial", "clinical study"}),
    ("observational", {"observational study", "comparative study", "multicenter study",
                       "evaluation study", "validation study", "twin study"}),
    ("narrative_review", {"review", "scoping review", "systematic review protocol"}),
    ("commentary", {"editorial", "comment", "letter", "news", "personal narrative", "interview"}),
]
# Frontiers article types (the feed's <category>), lower case.
_FRONTIERS = {
    "preprint": "preprint",
    "study protocol": "protocol", "registered report": "protocol",
    "systematic review": "systematic_review",
    "case report": "case_report",
    "review": "narrative_review", "mini review": "narrative_review",
    "policy and practice reviews": "narrative_review",
    "hypothesis and theory": "framework", "conceptual analysis": "framework", "methods": "framework",
    "perspective": "commentary", "opinion": "commentary", "general commentary": "commentary",
    "editorial": "commentary", "policy brief": "commentary", "book review": "commentary",
}
_PREPRINT_SERVERS = re.compile(r"\b(medrxiv|biorxiv|psyarxiv|research square|preprints\.org|ssrn|arxiv)\b", re.I)
_PROTOCOL = re.compile(r"\b(study|trial) protocol\b|\bprotocol (for|of) an?\b", re.I)
_SYSTEMATIC = re.compile(r"\bsystematic review\b|\bmeta-?analys[ie]s\b", re.I)
_RANDOMIZED = re.compile(r"\brandomi[sz]ed\b(?!\s+(?:to\s+)?(?:order|sequence))", re.I)
_TRIAL = re.compile(r"\b(trial|open-label|single-arm|pilot study|feasibility study)\b", re.I)
_CASE = re.compile(r"\bcase (report|series)\b", re.I)
_OBSERVATIONAL = re.compile(
    r"\b(cohort|cross-sectional|survey|case-control|retrospective|registry|interviews?|qualitative|"
    r"longitudinal study|naturalistic|observational|focus groups?)\b", re.I)
_REVIEW = re.compile(r"\b(narrative|scoping|literature) review\b|\ba review\b", re.I)
_FRAMEWORK = re.compile(r"\b(framework|conceptual model|theory(?! of mind)|theoretical)\b", re.I)
# What the paper says it is ("we propose a framework"), as opposed to designs it only mentions.
_PROPOSES_FRAMEWORK = re.compile(
    r"\b(?:we|this (?:paper|article)|the authors)\s+(?:propose|present|describe|outline|offer|introduce|develop)s?"
    r"\b[^.;]{0,60}?\b(?:framework|conceptual model|clinical model|model of care|theory)\b", re.I)


def derive_study_type(paper: dict) -> str:
    """The study-type key derived from what the sources say about a paper."""
    article_type = (paper.get("article_type") or "").strip().lower()
    # A PubMed record's article_type is its main publication type: count it as one.
    pub_types = {t.strip().lower() for t in paper.get("publication_types") or []} | {article_type}
    title = paper.get("title") or ""
    text = f"{title} {paper.get('abstract') or ''}"

    if "preprint" in pub_types or article_type == "preprint" or _PREPRINT_SERVERS.search(paper.get("journal") or ""):
        return "preprint"
    if _is_animal_only(paper):
        return "animal"
    for key, names in _PUBMED:
        if pub_types & names:
            if key == "nonrandomized_trial" and _RANDOMIZED.search(text):
                return "randomized_trial"
            return key
    if article_type in _FRONTIERS:
        return _FRONTIERS[article_type]
    # Original Research, Clinical Trial, Brief Research Report, a bare "Journal Article": what
    # the paper is comes before what it mentions. The title first (authors name the design
    # there), then the abstract's own statement of a framework, then the abstract's design words,
    # which may be other studies' ("earlier pilot trials").
    if kind := _design(title):
        return kind
    if _FRAMEWORK.search(title) or _PROPOSES_FRAMEWORK.search(paper.get("abstract") or ""):
        return "framework"
    return _design(text) or "unclassified"  # the editor picks; `tracker digest check` warns until then


def _design(source: str) -> str | None:
    """The study design named in a text, or None."""
    if _PROTOCOL.search(source):
        return "protocol"
    if _SYSTEMATIC.search(source):
        return "systematic_review"
    if _RANDOMIZED.search(source) and _TRIAL.search(source):
        return "randomized_trial"
    if _CASE.search(source):
        return "case_report"
    if _TRIAL.search(source):
        return "nonrandomized_trial"
    if _OBSERVATIONAL.search(source):
        return "observational"
    if _REVIEW.search(source):
        return "narrative_review"
    return None


def _is_animal_only(paper: dict) -> bool:
    mesh = {m.strip().lower() for m in paper.get("mesh") or []}
    if "animals" in mesh and "humans" not in mesh:
        return True
    # The scorer already decided whether the paper names animals and no people.
    factors = (paper.get("explanation") or {}).get("factors") or []
    return any(str(f).startswith("animal-only") for f in factors)


def label_for(paper: dict, override: str | None = None) -> dict:
    """The label shown in the digest: key, name, sentence, and whether an editor chose it."""
    key = override if override in STUDY_TYPES else derive_study_type(paper)
    kind = STUDY_TYPES[key]
    return {"key": key, "name": kind.name, "sentence": kind.sentence, "causal": kind.causal,
            "chosen_by_editor": override in STUDY_TYPES}
