"""A preprint and its journal version: do the published results differ from the preprint's?

Peer review changes papers: a sample shrinks, an effect size moves, a conclusion is softened.
A patient who read our summary of the preprint should hear when the numbers or the conclusion
of the journal version are not the ones we described. The check is deliberately plain and
errs towards flagging: an editor reads both abstracts and decides.

- numbers: figures the preprint's abstract reports (sample sizes, effects, percentages,
  p-values) that the journal version's abstract does not;
- conclusion: the last sentence of one abstract says "no", "not" or "did not" and the other's
  does not.

Only a journal version with its own abstract (a PubMed or publisher sighting) is compared; a
link known only from the preprint server has nothing to compare.
"""

from __future__ import annotations

import json
import re

import sqlite_utils

from .merge import FIELD_PRIORITY

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?%?")
_NEGATION = re.compile(r"\b(no|not|did not|does not|failed to|neither|nor|without)\b", re.I)
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _preprint_types() -> set[str]:
    from .sources.registry import SOURCE_TYPES

    return {name for name, kind in SOURCE_TYPES.items() if kind.trust["preprint"] < 99}


def _numbers(text: str) -> set[str]:
    return {n.replace(",", ".") for n in _NUMBER.findall(text or "")}


def _conclusion_negated(text: str) -> bool:
    sentences = [s for s in _SENTENCES.split((text or "").strip()) if s]
    return bool(sentences) and bool(_NEGATION.search(sentences[-1]))


def results_differ(preprint_abstract: str, journal_abstract: str) -> list[str]:
    """Why the journal abstract's results differ materially from the preprint's; [] if not
    (or if either abstract is missing)."""
    if not (preprint_abstract or "").strip() or not (journal_abstract or "").strip():
        return []
    reasons = []
    missing = sorted(_numbers(preprint_abstract) - _numbers(journal_abstract))
    if missing:
        reasons.append("numbers: the preprint reports " + ", ".join(missing[:5])
                       + (" ..." if len(missing) > 5 else "") + ", the journal version does not")
    if _conclusion_negated(preprint_abstract) != _conclusion_negated(journal_abstract):
        reasons.append("conclusion: one version's last sentence is negative, the other's is not")
    return reasons


def abstracts(db: sqlite_utils.Database, paper_id: int) -> tuple[str, str]:
    """(the preprint's abstract, the journal version's) from a paper's current sightings."""
    preprint_types = _preprint_types()
    rows = db.execute("SELECT source_type, record FROM sightings WHERE paper_id = ? AND superseded = 0"
                      " ORDER BY id DESC", [paper_id]).fetchall()
    preprint = next((json.loads(r)["abstract"] for t, r in rows if t in preprint_types), "")
    journal = ""
    for kind in FIELD_PRIORITY["abstract"]:
        if kind in preprint_types:
            continue
        journal = next((json.loads(r).get("abstract") or "" for t, r in rows if t == kind), "")
        if journal:
            break
    return preprint or "", journal


def differences(db: sqlite_utils.Database, paper_ids: list[int]) -> dict[int, list[str]]:
    """Paper id -> why its journal version's results differ from its preprint's, for the
    papers among these that have both versions and differ."""
    if not paper_ids:
        return {}
    marks = ",".join("?" * len(paper_ids))
    linked = [r[0] for r in db.execute(
        f"SELECT id FROM papers WHERE id IN ({marks}) AND preprint_doi IS NOT NULL AND doi IS NOT NULL", paper_ids)]
    found = {}
    for paper_id in linked:
        reasons = results_differ(*abstracts(db, paper_id))
        if reasons:
            found[paper_id] = reasons
    return found
