"""An edition's contents from the database: its papers, labels, overrides and correction notices.

Also the editors' writes that belong to the digest: a study-type label, a check override, and
the record of which correction notices an edition carried.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from .. import summary as lay
from ..config import Config
from ..editions import Week
from ..editors import recorded_name
from ..errors import EditorRequired, PaperNotFound
from ..links import doi_url, pubmed_url
from ..normalize import safe_url
from ..preprint_versions import differences
from ..queries import get_paper
from ..store import paper_exists, rows_in, transaction, utcnow
from . import text
from .errors import DigestError, EmptyEditionError, NotFlagged, StaleSummary
from .labels import STUDY_TYPES, label_for


@dataclass
class Edition:
    """Everything the templates and the checks need for one edition."""

    week: Week
    featured: list[dict] = field(default_factory=list)  # approved, with a lay summary
    also: list[dict] = field(default_factory=list)  # approved, no lay summary yet
    notices: list[dict] = field(default_factory=list)  # corrections to papers of earlier editions
    unrecorded: list[tuple[int, str, str]] = field(default_factory=list)  # notices first published here
    # paper id -> (record (get_paper), all its notices as notices_for gives them), of the notices' papers
    noticed: dict[int, tuple[dict, list[dict]]] = field(default_factory=dict)
    updated: str = ""  # the last change of the edition's content, ISO UTC (the Atom entry's <updated>)

    @property
    def edition(self) -> str:
        """Its name, "2026-W48"."""
        return str(self.week)

    @property
    def monday(self) -> date:
        return self.week.monday

    @property
    def sunday(self) -> date:
        return self.week.sunday

    @property
    def papers(self) -> list[dict]:
        return self.featured + self.also


def load_edition(db: sqlite_utils.Database, config: Config, edition: str) -> Edition:
    """The approved papers of an edition, as the digest shows them. EmptyEditionError if none."""
    week = Week.parse(edition)
    ids = [r[0] for r in db.execute(
        "SELECT id FROM papers WHERE status = 'approved' AND edition = ? ORDER BY score DESC, id", [edition])]
    if not ids:
        raise EmptyEditionError(
            f"edition {edition} has no approved papers: nothing to build, check or send. Approve papers for it "
            f"first (tracker approve ID --edition {edition}), or name another edition with --edition")
    result = Edition(week)
    for paper_id in ids:
        paper = get_paper(db, paper_id)
        view = paper_view(paper, label_override(db, paper_id), config)
        (result.featured if view["featured"] else result.also).append(view)
    from .articles import attach  # not at the top: articles imports this module

    attach(db, config, result)  # each featured paper's page, linked from the edition
    result.notices, result.unrecorded, result.noticed = correction_notices(db, edition)
    result.updated = last_change(db, ids, [n["paper_id"] for n in result.notices], week.monday)
    return result


def last_change(db: sqlite_utils.Database, paper_ids: list[int], notice_ids: list[int], monday: date) -> str:
    """When the edition's content last changed: the newest lay summary, label, override or decision
    of its papers, or record of its papers and of the notices it carries; never before its Monday.

    Only stored times count, never the time of the build, so a rebuild with no change gives the
    same bytes. (When a notice was first carried is recorded after the build: not counted.)
    """
    own = ",".join("?" * len(paper_ids))
    notices = ",".join("?" * len(notice_ids)) or "NULL"
    row = db.execute(f"""
        SELECT max(at) FROM (
            SELECT at FROM lay_summaries WHERE paper_id IN ({own})
            UNION ALL SELECT at FROM study_type_labels WHERE paper_id IN ({own})
            UNION ALL SELECT at FROM check_overrides WHERE paper_id IN ({own})
            UNION ALL SELECT at FROM decisions WHERE paper_id IN ({own})
            UNION ALL SELECT first_seen FROM sightings WHERE paper_id IN ({own}) OR paper_id IN ({notices})
            UNION ALL SELECT s.first_seen FROM papers p
                JOIN paper_links l ON (l.target_pmid != '' AND l.target_pmid = p.pmid)
                                   OR (l.target_doi != '' AND l.target_doi = p.doi)
                JOIN sightings s ON s.paper_id = l.paper_id
                WHERE p.id IN ({notices}))""",
        [*paper_ids * 5, *notice_ids, *notice_ids]).fetchone()
    start = f"{monday.isoformat()}T00:00:00Z"
    return max(row[0] or start, start)


def paper_view(paper: dict, override: str | None, config: Config) -> dict:
    """One paper as the templates see it: clean text, safe links, its label and reading time."""
    summary = paper.get("lay_summary") or {}
    featured = bool(text.paragraphs(summary.get("summary")))
    journal = text.clean(paper.get("journal")) or "the journal"
    href = _article_url(paper)
    fields = {k: summary.get(k) or "" for k in lay.NAMES}
    words = text.word_count(*fields.values())
    prose = {k: text.paragraphs(fields[k]) for k in lay.PROSE}
    return {
        "id": paper["id"],
        "anchor": f"paper-{paper['id']}",
        "featured": featured,
        "title": text.clean(paper.get("title")),
        "journal": journal,
        "published": paper.get("published") or "",
        "doi": text.clean(paper.get("doi")),
        "href": href,
        "label": label_for(paper, override),
        "headline": text.one_line(fields["headline"]) or text.clean(paper.get("title")),
        "dek": text.one_line(fields["dek"]),
        **prose,
        # the sections after the summary, in the model's order, those with text only
        "sections": [{"name": f.name, "heading": f.heading, "boxed": f.boxed, "paragraphs": prose[f.name]}
                     for f in lay.SECTIONS if prose.get(f.name)],
        "reading_minutes": max(1, math.ceil(words / config.digest.words_per_minute)),
        "summary_version": summary.get("version") or 0,
        # its article page (articles.attach): absolute with a public_base_url, else relative
        "slug": None, "web_url": None, "web_path": None,
        "raw": paper,  # for the checks; never rendered
    }


def _article_url(paper: dict) -> str | None:
    """The DOI link if there is a DOI, else the publisher's page; http(s) only, or None."""
    if paper.get("doi"):
        return doi_url(paper["doi"])
    return safe_url(paper.get("url"))


# -- correction notices ------------------------------------------------------------------------

# paper_links kinds, seen from the corrected paper ("out") or from the notice ("in").
_NOTICE_KINDS = {
    "erratum_in": "correction", "erratum_for": "correction",
    "retraction_in": "retraction", "retraction_of": "retraction",
    "update_in": "update", "update_of": "update",
    "expression_of_concern_in": "concern", "expression_of_concern_for": "concern",
}
NOTICE_ORDER = {"retraction": 0, "concern": 1, "correction": 2, "update": 3, "published": 4}  # as pages list them


def correction_notices(db: sqlite_utils.Database, edition: str
                       ) -> tuple[list[dict], list[tuple[int, str, str]], dict[int, tuple[dict, list[dict]]]]:
    """Notices this edition carries: those it carried before (a rebuild gives the same page),
    and those about papers of earlier editions that no edition has carried yet; then those of
    them not recorded yet, and, by id, the papers they are about: (record (get_paper), all the
    paper's notices as notices_for gives them), which their pages print."""
    carried = {(r["paper_id"], r["kind"], r["notice_key"]): r["edition"] for r in db.query(
        "SELECT paper_id, kind, notice_key, edition FROM digest_notices ORDER BY id")}
    notices, unrecorded, noticed = [], [], {}
    # Only the earlier papers a notice can be about are loaded in full: those linked to a notice
    # (either way, as queries._links finds them), retracted, or preprints now peer reviewed
    # (_notices_of, _published_notice). The others have none, and the archive grows every week.
    rows = db.execute(
        "SELECT id, edition FROM papers p WHERE edition < ? AND (status = 'approved' OR id IN"
        " (SELECT paper_id FROM digest_notices WHERE edition = ?)) AND (retracted"
        " OR (preprint IS NOT NULL AND doi IS NOT NULL AND doi != '')"
        " OR EXISTS (SELECT 1 FROM paper_links l WHERE l.paper_id = p.id)"
        " OR (pmid != '' AND EXISTS (SELECT 1 FROM paper_links l WHERE l.target_pmid = p.pmid))"
        " OR (doi != '' AND EXISTS (SELECT 1 FROM paper_links l WHERE l.target_doi = p.doi))"
        " OR (preprint_doi != '' AND EXISTS (SELECT 1 FROM paper_links l WHERE l.target_doi = p.preprint_doi)))"
        " ORDER BY edition, id", [edition, edition]).fetchall()
    papers = [(get_paper(db, paper_id), paper_edition) for paper_id, paper_edition in rows]
    kept = []
    for (paper, paper_edition), found in zip(papers, _found_notices(db, papers)):
        for notice in found:
            key = (paper["id"], notice["kind"], notice["key"])
            where = carried.get(key)
            if where is not None and where != edition:
                continue
            if where is None:
                unrecorded.append(key)
            noticed[paper["id"]] = (paper, found)
            kept.append((paper, paper_edition, notice))
    # the journal version's results compared only for the papers this edition carries a notice about
    _mark_differences(db, list(noticed.values()))
    for paper, paper_edition, notice in kept:
        summary = paper.get("lay_summary") or {}
        notices.append({
            "paper_id": paper["id"], "kind": notice["kind"], "edition": paper_edition,
            "headline": text.one_line(summary.get("headline")) or text.clean(paper["title"]),
            "title": text.clean(paper["title"]), "journal": text.clean(paper.get("journal")) or "the journal",
            "href": notice["href"], "results_differ": notice["results_differ"],
        })
    notices.sort(key=lambda n: (n["edition"], n["paper_id"], NOTICE_ORDER[n["kind"]]))
    return notices, unrecorded, noticed


def notices_for(db: sqlite_utils.Database, papers: list[tuple[dict, str]]) -> list[list[dict]]:
    """The notices the digest knows of today about each of these papers (get_paper records, each
    with the edition that featured it): corrections, retraction, update, expression of concern,
    and "now published" when the paper was a preprint at its edition. One list per paper, in the
    order given, each {"kind", "key", "href", "results_differ"} in the order found (its correction
    links by kind and key, then "now published"); a page lists them in NOTICE_ORDER.

    results_differ: a "now published" notice whose journal version's results are not the
    preprint's (tracker/preprint_versions.py); the database is asked once for all the papers."""
    found = _found_notices(db, papers)
    _mark_differences(db, [(paper, notices) for (paper, _edition), notices in zip(papers, found)])
    return found


def _found_notices(db: sqlite_utils.Database, papers: list[tuple[dict, str]]) -> list[list[dict]]:
    """notices_for() without results_differ, which asks for the papers' records' abstracts."""
    linked = _journal_linked(db, [paper for paper, _edition in papers])
    return [[{"kind": kind, "key": key, "href": href}
             for kind, key, href in _notices_of(paper) + _published_notice(paper, paper_edition, linked)]
            for paper, paper_edition in papers]


def _mark_differences(db: sqlite_utils.Database, papers: list[tuple[dict, list[dict]]]) -> None:
    """Set results_differ on each (paper, its notices): a "now published" notice whose journal
    version's results are not the preprint's; the database is asked once for all of them."""
    differ = differences(db, [paper["id"] for paper, notices in papers if any(n["kind"] == "published" for n in notices)])
    for paper, notices in papers:
        for n in notices:
            n["results_differ"] = n["kind"] == "published" and paper["id"] in differ


def _notices_of(paper: dict) -> list[tuple[str, str, str | None]]:
    """(kind, key, link to the notice) for each correction of a paper, one per notice."""
    found: dict[tuple[str, str], str | None] = {}
    for link in paper.get("corrections") or []:
        kind = _NOTICE_KINDS.get(link["kind"])
        if kind is None:
            continue
        if link["direction"] == "out" and not link["kind"].endswith("_in"):
            continue  # this paper is itself a notice about another
        if link["direction"] == "in" and link["kind"].endswith("_in"):
            continue
        key = f"pmid:{link['pmid']}" if link.get("pmid") else f"doi:{link['doi']}" if link.get("doi") else ""
        href = pubmed_url(link.get("pmid")) or doi_url(link.get("doi"))
        found.setdefault((kind, key), href)
    if paper.get("retracted") and not any(kind == "retraction" for kind, _ in found):
        found[("retraction", "")] = None
    return [(kind, key, href) for (kind, key), href in sorted(found.items())]


def _journal_linked(db: sqlite_utils.Database, papers: list[dict]) -> dict[int, str | None]:
    """Paper id -> when its journal version became known (papers.journal_linked), for those of
    these papers that are preprints now peer reviewed (the only ones a "published" notice can be about)."""
    ids = [p["id"] for p in papers if p.get("preprint") and p.get("peer_reviewed")]
    return dict(rows_in(db, "SELECT id, journal_linked FROM papers WHERE id IN ({marks})", ids))


def _published_notice(paper: dict, paper_edition: str, linked: dict[int, str | None]) -> list[tuple[str, str, str | None]]:
    """("published", the journal DOI, its link) when the paper was a preprint when its edition
    featured it (its journal version became known after that edition's Monday), else [].
    linked: _journal_linked() of the papers."""
    if not paper.get("preprint") or not paper.get("peer_reviewed"):
        return []
    when = linked.get(paper["id"])
    if not when or when[:10] < Week.parse(paper_edition).monday.isoformat():
        return []
    return [("published", f"doi:{paper['doi']}", _article_url({"doi": paper["doi"]}))]


def record_notices(db: sqlite_utils.Database, edition: str, unrecorded: list[tuple[int, str, str]]) -> None:
    """Remember that this edition carried these notices, so no later edition repeats them."""
    if not unrecorded:
        return
    now = utcnow()
    with transaction(db):
        for paper_id, kind, key in unrecorded:
            exists = db.execute("SELECT 1 FROM digest_notices WHERE paper_id = ? AND kind = ? AND notice_key = ?",
                                [paper_id, kind, key]).fetchone()
            if not exists:
                db["digest_notices"].insert({"paper_id": paper_id, "kind": kind, "notice_key": key,
                                             "edition": edition, "recorded": now})


# -- editors' choices --------------------------------------------------------------------------

def label_override(db: sqlite_utils.Database, paper_id: int) -> str | None:
    row = db.execute("SELECT study_type FROM study_type_labels WHERE paper_id = ? ORDER BY id DESC LIMIT 1",
                     [paper_id]).fetchone()
    return row[0] if row else None


def set_label(db: sqlite_utils.Database, paper_id: int, study_type: str | None, editor: str,
              reason: str | None = None) -> dict:
    """Set the study type shown for a paper (None: back to the one derived from its record).
    The same label with the same reason again records nothing: the row returned says "unchanged"."""
    if not (editor or "").strip():
        raise EditorRequired("who is labelling?")
    if study_type is not None and study_type not in STUDY_TYPES:
        raise DigestError(f"unknown study type {study_type!r}; one of: {', '.join(STUDY_TYPES)}")
    row = {"paper_id": paper_id, "study_type": study_type, "reason": (reason or "").strip() or None,
           "editor": editor.strip(), "at": utcnow()}
    with transaction(db):
        _require_paper(db, paper_id)
        row["editor"] = recorded_name(db, row["editor"])
        last = next(db.query("SELECT * FROM study_type_labels WHERE paper_id = ? ORDER BY id DESC LIMIT 1",
                             [paper_id]), None)
        if last is None:
            unchanged = study_type is None  # back to the derived type: it never left it
        else:
            unchanged = (last["study_type"], last["reason"]) == (study_type, row["reason"])
        if unchanged:
            return {**(last or row), "unchanged": True}
        db["study_type_labels"].insert(row)
    return row


def overrides(db: sqlite_utils.Database, paper_id: int) -> dict[str, dict]:
    """The latest override row of each check for a paper (reason None: withdrawn)."""
    latest: dict[str, dict] = {}
    for row in db.query("SELECT * FROM check_overrides WHERE paper_id = ? ORDER BY id", [paper_id]):
        latest[row["check_name"]] = row
    return latest


def set_override(db: sqlite_utils.Database, paper_id: int, check: str, reason: str | None, editor: str,
                 config: Config | None = None, seen_version: int | None = None) -> dict:
    """Accept a check's flag for the current version of the lay summary, saying why; reason None
    withdraws the override (refused when there is none). Given the config, an override of a check
    that is not flagged for the paper is refused; given the summary version the editor read the checks
    of (`seen_version`, 0 for none), an override or a withdrawal is refused once the summary has
    changed since (a withdrawal would take back an override given on words the editor never read)."""
    from .checks import OVERRIDABLE, flagged_checks

    if not (editor or "").strip():
        raise EditorRequired("who is overriding?")
    if check not in OVERRIDABLE:
        raise DigestError(f"{check!r} cannot be overridden; checks that can: {', '.join(sorted(OVERRIDABLE))}")
    if reason is not None and not reason.strip():
        raise DigestError("an override needs a reason")
    if reason is not None and config is not None:
        _require_paper(db, paper_id)
        flagged = flagged_checks(db, config, paper_id)
        if check not in flagged:
            raise NotFlagged(
                f"{check!r} is not flagged for paper {paper_id}'s current summary, so there is nothing to "
                "override; " + (f"flagged: {', '.join(flagged)}" if flagged else "no check is flagged"))
    with transaction(db):
        _require_paper(db, paper_id)
        version = db.execute("SELECT max(version) FROM lay_summaries WHERE paper_id = ?", [paper_id]).fetchone()[0] or 0
        if seen_version is not None and seen_version > version:
            raise StaleSummary(f"paper {paper_id}'s summary has no version {seen_version} (it is at version {version})")
        if seen_version is not None and seen_version != version:
            raise StaleSummary(f"paper {paper_id}'s summary changed after the checks you read were shown (version "
                               f"{version} now, {seen_version} then), and its flags may quote other words")
        if reason is None and (overrides(db, paper_id).get(check) or {}).get("reason") is None:
            # (it said "withdrawn" and wrote a withdrawal of nothing into the overrides' history)
            raise NotFlagged(f"{check!r} is not overridden for paper {paper_id}, so there is nothing to withdraw")
        row = {"paper_id": paper_id, "check_name": check, "summary_version": version,
               "reason": reason.strip() if reason else None, "editor": recorded_name(db, editor), "at": utcnow()}
        db["check_overrides"].insert(row)
    return row


def _require_paper(db: sqlite_utils.Database, paper_id: int) -> None:
    if not paper_exists(db, paper_id):
        raise PaperNotFound(paper_id)
