"""Score every stored paper again: after the editors change their topics, or a new model."""

from __future__ import annotations

import sqlite_utils

from .config import Config
from .merge import SCORER_STATUSES
from .score import SCORING_VERSION
from .store import decode_paper, dumps, transaction, utcnow

BATCH = 2000  # papers read and written per step (a progress report after each)


def rescore_all(db: sqlite_utils.Database, config: Config, ranker=None, progress=None) -> int:
    """Returns how many papers changed score or status. Editorial decisions are never touched.

    ranker: the one to use (default: make_ranker(config, db), the rules and the stored model).
    progress: called with (done, total) after each batch.
    """
    from .ranking import make_ranker, stored_parts

    ranker = ranker or make_ranker(config, db)
    changed = 0
    now = utcnow()
    with transaction(db):
        total = db.execute("SELECT count(*) FROM papers").fetchone()[0]
        done, last_id = 0, 0
        while True:
            rows = db.conn.execute(
                "SELECT id, title, abstract, keywords, mesh, publication_types, article_type, score, status"
                " FROM papers WHERE id > ? ORDER BY id LIMIT ?", (last_id, BATCH)).fetchall()
            if not rows:
                break
            updates = []
            for pid, title, abstract, keywords, mesh, types, article_type, old_score, old_status in rows:
                paper = decode_paper({"title": title, "abstract": abstract, "keywords": keywords, "mesh": mesh,
                                      "publication_types": types, "article_type": article_type})
                score, topics, explanation = ranker.score(paper)
                status = ranker.status_for(score) if old_status in SCORER_STATUSES else old_status
                parts = stored_parts(score, explanation)  # as Merger stores them
                updates.append((score, dumps(topics), dumps(parts["explanation"]), status, parts["rules_score"],
                                parts["model_probability"], score, status, now, pid))
                changed += score != old_score or status != old_status
            db.conn.executemany(
                "UPDATE papers SET score = ?, topics = ?, explanation = ?, status = ?, rules_score = ?,"
                " model_probability = ?,"
                " updated_at = CASE WHEN score != ? OR status != ? THEN ? ELSE updated_at END WHERE id = ?",
                updates)
            last_id = rows[-1][0]
            done += len(rows)
            if progress:
                progress(done, total)
        from .ranking.apply import set_state, state_for

        set_state(db, state_for(config, ranker.model))
        mark_scored(db, config)
    return changed


# -- what the stored scores were made with -----------------------------------------------------------
# Kept in ranking_state: under "rules" a fingerprint of feeds.yaml's topics and scoring, under
# "scorer" the score.SCORING_VERSION of the code that turned them into scores and explanations.
# A run scores only what it fetches, so after the editors change their topics, or after an
# upgrade changes how papers are scored, the stored papers keep the old scores and explanations
# until `tracker rescore`; tracker run and tracker status say so.

# How the command line and the log say it (tracker run warns; training rescores first)
RULES_CHANGED = "the topics or scoring in feeds.yaml changed since the stored papers were scored"
SCORER_CHANGED = "this version of tracker scores papers differently from the version that scored the stored papers"
SCORER_UNKNOWN = ("the stored papers were scored by an earlier version of tracker, which did not record how it "
                  "scores; this one may score them differently")


def rules_fingerprint(config: Config) -> str:
    import hashlib
    import json

    # what scores and explanations are made of: not a topic's display label, nor the topics' order
    rules = {"topics": sorted((t.model_dump(mode="json", exclude={"label"}) for t in config.topics),
                              key=lambda t: t["name"]),
             "scoring": config.scoring.model_dump(mode="json")}
    return hashlib.sha256(json.dumps(rules, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def mark_scored(db: sqlite_utils.Database, config: Config) -> None:
    from .ranking.apply import write_state

    write_state(db, "rules", rules_fingerprint(config))
    write_state(db, "scorer", SCORING_VERSION)


def rescore_reasons(db: sqlite_utils.Database, config: Config) -> list[str]:
    """Why the stored papers' scores are not what feeds.yaml and this version would make now
    (RULES_CHANGED, SCORER_CHANGED, SCORER_UNKNOWN), or [] when they are. Where stale_reasons has
    nothing to compare (nothing recorded, or no paper yet), what scores are made with now is
    recorded: a first run that stored nothing recorded the topics of its day, and every run after
    the topics changed said so, though no paper had the old ones. (Not ranking.train.out_of_date,
    which is the model's.)"""
    reasons = stale_reasons(db, config)
    if reasons is None:
        with transaction(db):
            mark_scored(db, config)
        return []
    return reasons


def stale_reasons(db: sqlite_utils.Database, config: Config) -> list[str] | None:
    """rescore_reasons', reading only (tracker status); None when there is nothing to compare: the
    database never recorded what its scores were made with, or holds no paper. One that recorded
    its topics but not the scoring version was scored by a version from before it was recorded
    (SCORER_UNKNOWN)."""
    from .ranking.apply import read_state

    rules, scorer = read_state(db, "rules"), read_state(db, "scorer")
    if rules is None or db.execute("SELECT 1 FROM papers LIMIT 1").fetchone() is None:
        return None
    return [reason for reason, changed in ((RULES_CHANGED, rules != rules_fingerprint(config)),
                                           (SCORER_UNKNOWN, scorer is None),
                                           (SCORER_CHANGED, scorer is not None and scorer != SCORING_VERSION))
            if changed]
