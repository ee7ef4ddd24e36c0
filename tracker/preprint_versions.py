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

import functools
import re

import sqlite_utils

from .merge import FIELD_PRIORITY
from .store import rows_in

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?%?")
_NEGATION = re.compile(r"\b(no|not|did not|does not|failed to|neither|nor|without)\b", re.I)
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@functools.cache
def _preprint_types() -> frozenset[str]:
    """The source types that are preprint servers (the registry is fixed once imported)."""
    from .sources.registry import SOURCE_TYPES

    return frozenset(name for name, kind in SOURCE_TYPES.items() if kind.trust["preprint"] < 99)


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


_SIGHTINGS = ("SELECT paper_id, source_type, json_extract(record, '$.abstract') FROM sightings"
              " WHERE paper_id IN ({marks}) AND superseded = 0 ORDER BY id DESC")


def _abstracts(rows: list[tuple[str, str | None]]) -> tuple[str, str]:
    """(preprint, journal) abstracts from (source type, abstract) rows, newest first."""
    preprint_types = _preprint_types()
    preprint = next((text for kind, text in rows if kind in preprint_types), "")
    journal = ""
    for kind in FIELD_PRIORITY["abstract"]:
        if kind in preprint_types:
            continue
        journal = next((text or "" for t, text in rows if t == kind), "")
        if journal:
            break
    return preprint or "", journal


def differences(db: sqlite_utils.Database, paper_ids: list[int]) -> dict[int, list[str]]:
    """Paper id -> why its journal version's results differ from its preprint's, for the
    papers among these that have both versions and differ."""
    if not paper_ids:
        return {}
    linked = [r[0] for r in rows_in(
        db, "SELECT id FROM papers WHERE id IN ({marks}) AND preprint_doi IS NOT NULL AND doi IS NOT NULL", paper_ids)]
    if not linked:
        return {}
    rows: dict[int, list[tuple[str, str | None]]] = {paper_id: [] for paper_id in linked}
    for paper_id, kind, text in rows_in(db, _SIGHTINGS, linked):
        rows[paper_id].append((kind, text))  # newest first within a paper: its rows come in one chunk
    found = {}
    for paper_id in linked:
        reasons = results_differ(*_abstracts(rows[paper_id]))
        if reasons:
            found[paper_id] = reasons
    return found
