"""Builders for the ranking tests: papers stored through the real Merger, and decisions placed
at chosen times (the backtest is about time), appended to the same decisions table."""

from __future__ import annotations

import hashlib

from tracker.merge import Merger
from tracker.ranking import make_ranker
from tracker.records import Record
from tracker.store import transaction


def store(db, config, papers: list[dict], first_seen: str | None = None) -> list[int]:
    """Store paper dicts (title, abstract, keywords, mesh, publication_types, pmid/doi...) as
    one source's records; first_seen overrides the time they were first seen. Returns ids."""
    merger = Merger(db, make_ranker(config, db), "pubmed", "pubmed", None)
    ids = []
    with transaction(db):
        for p in papers:
            key = p.get("pmid") or p.get("doi") or p.get("id") or hashlib.sha1(p["title"].encode()).hexdigest()[:12]
            record = Record(title=p["title"], abstract=p.get("abstract") or "", pmid=p.get("pmid"),
                            doi=p.get("doi"), keywords=list(p.get("keywords") or []), mesh=list(p.get("mesh") or []),
                            publication_types=list(p.get("publication_types") or []),
                            article_type=p.get("article_type"), journal=p.get("journal"),
                            source_key=str(key), url=None if (p.get("pmid") or p.get("doi")) else f"https://example.org/{key}")
            merger.save(record)
            pid = db.execute("SELECT paper_id FROM sightings WHERE source = 'pubmed' AND source_key = ?"
                             " AND superseded = 0", [str(key)]).fetchone()[0]
            ids.append(pid)
            if first_seen:
                db.execute("UPDATE papers SET first_seen = ? WHERE id = ?", [first_seen, pid])
    return ids


def decide_at(db, paper_id: int, to_status: str, at: str, editor: str = "ed", reason: str | None = None) -> int:
    """Append a decision made at `at` (an ISO UTC time) and apply it, as review.decide would."""
    with transaction(db):
        status, = db.execute("SELECT status FROM papers WHERE id = ?", [paper_id]).fetchone()
        if to_status == "rejected" and not reason:
            reason = "not for the digest"
        decision = db["decisions"].insert({
            "paper_id": paper_id, "editor": editor, "at": at, "from_status": status, "to_status": to_status,
            "reason": reason, "note": None, "edition": None}).last_pk
        db.execute("UPDATE papers SET status = ?, last_decision = ? WHERE id = ?", [to_status, decision, paper_id])
    return decision
