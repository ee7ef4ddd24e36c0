"""Score every stored paper again, e.g. after the editors change their topics."""

from __future__ import annotations

import sqlite_utils

from .config import Config
from .merge import SCORER_STATUSES
from .score import Scorer
from .store import decode_paper, dumps, transaction, utcnow


def rescore_all(db: sqlite_utils.Database, config: Config) -> int:
    """Returns how many papers changed score or status. Editorial decisions are never touched."""
    scorer = Scorer(config)
    changed = 0
    now = utcnow()
    with transaction(db):
        rows = db.conn.execute("SELECT id, title, abstract, keywords, mesh, score, status FROM papers").fetchall()
        for pid, title, abstract, keywords, mesh, old_score, old_status in rows:
            paper = decode_paper({"title": title, "abstract": abstract, "keywords": keywords, "mesh": mesh})
            score, topics, explanation = scorer.score(paper)
            status = scorer.status_for(score) if old_status in SCORER_STATUSES else old_status
            db.conn.execute(
                "UPDATE papers SET score = ?, topics = ?, explanation = ?, status = ?,"
                " updated_at = CASE WHEN score != ? OR status != ? THEN ? ELSE updated_at END WHERE id = ?",
                (score, dumps(topics), dumps(explanation), status, score, status, now, pid),
            )
            changed += score != old_score or status != old_status
    return changed
