"""Put a newly trained model to work on every stored paper.

Training changes only the model's part of each score: the rules' part (papers.rules_score) and
its explanation stay as they are, so each paper needs one dot product, not a rescoring. On a big
database the papers are split by id between this process and a worker process (spawned, as in
tracker.parallel), each reading its own share from the file; this process then writes every
new score in one transaction.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import sqlite_utils

from ..config import Config
from ..store import transaction, utcnow
from . import make_ranker
from .model import LinearModel, sigmoid

log = logging.getLogger(__name__)

PARALLEL_MIN = 20_000  # below this many papers a worker costs more than it saves
BATCH = 5_000

_SELECT = ("SELECT id, title, abstract, keywords, mesh, publication_types, article_type FROM papers"
           " WHERE id > ? AND id <= ? ORDER BY id LIMIT ?")


def _logits(db_path: str, model: LinearModel | dict, lo: int, hi: int, progress=None) -> list[tuple[int, float]]:
    """(paper id, the model's log-odds) for the papers with lo < id <= hi, read from the file."""
    import sqlite3

    if isinstance(model, dict):
        model = LinearModel.from_dict(model)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) if isinstance(db_path, str) else db_path
    out: list[tuple[int, float]] = []
    last = lo
    try:
        while True:
            rows = conn.execute(_SELECT, (last, hi, BATCH)).fetchall()
            if not rows:
                break
            for pid, title, abstract, keywords, mesh, types, article_type in rows:
                paper = {"title": title, "abstract": abstract, "keywords": json.loads(keywords or "[]"),
                         "mesh": json.loads(mesh or "[]"), "publication_types": json.loads(types or "[]"),
                         "article_type": article_type}
                out.append((pid, model.logit(paper)))
            last = rows[-1][0]
            if progress:
                progress(len(out))
    finally:
        if isinstance(db_path, str):
            conn.close()
    return out


def compute_logits(db: sqlite_utils.Database, model: LinearModel, progress=None,
                   parallel_min: int | None = PARALLEL_MIN) -> list[tuple[int, float]]:
    """(paper id, the model's log-odds) for every stored paper: reads only."""
    lo, hi, total = db.execute("SELECT coalesce(min(id), 1) - 1, coalesce(max(id), 0), count(*) FROM papers").fetchone()
    path = db.execute("PRAGMA database_list").fetchone()[2]
    own_share = hi
    future, executor = None, None
    if path and parallel_min is not None and total >= parallel_min and _cpus() > 1:
        middle = db.execute("SELECT id FROM papers ORDER BY id LIMIT 1 OFFSET ?", [total // 2]).fetchone()[0]
        try:
            executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            future = executor.submit(_logits, path, model.to_dict(), middle, hi)
            own_share = middle
        except Exception as exc:  # no worker: do it all here
            log.warning("ranking: no worker process (%s); scoring in this process", exc)
    try:
        shown = (lambda n: progress(n, total)) if progress else None
        logits = _logits(db.conn, model, lo, own_share, shown)
        if future is not None:
            try:
                logits += future.result()
            except Exception as exc:
                log.warning("ranking: the worker process failed (%s); scoring its share here", exc)
                logits += _logits(db.conn, model, own_share, hi)
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
    return logits


def write_scores(db: sqlite_utils.Database, config: Config, model: LinearModel,
                 logits: list[tuple[int, float]]) -> int:
    """Inside the caller's transaction: every paper's score becomes its rules_score plus the
    model's points, its status follows (editorial decisions kept), and the ranking state says
    so. Returns how many papers changed score or status."""
    from ..merge import SCORER_STATUSES

    ranker = make_ranker(config, model=model)
    now = utcnow()
    current = {pid: (rules, score, status) for pid, rules, score, status in db.execute(
        "SELECT id, coalesce(rules_score, score), score, status FROM papers")}
    updates = []
    changed = 0
    for pid, z in logits:
        if pid not in current:
            continue
        rules, old_score, old_status = current[pid]
        score = round(rules + ranker.points(z), 2)
        status = ranker.status_for(score) if old_status in SCORER_STATUSES else old_status
        updates.append((score, round(sigmoid(z), 3), status, score, status, now, pid))
        changed += score != old_score or status != old_status
    db.conn.executemany(
        "UPDATE papers SET score = ?, model_probability = ?, status = ?,"
        " updated_at = CASE WHEN score != ? OR status != ? THEN ? ELSE updated_at END WHERE id = ?",
        updates)
    set_state(db, state_for(config, model))
    return changed


def apply_model(db: sqlite_utils.Database, config: Config, model: LinearModel, progress=None,
                parallel_min: int | None = PARALLEL_MIN) -> int:
    """Score every paper with rules_score + the model's points, in one transaction; returns
    how many papers changed score or status. Editorial decisions are never touched."""
    logits = compute_logits(db, model, progress, parallel_min)
    with transaction(db):
        return write_scores(db, config, model, logits)


def remove_model(db: sqlite_utils.Database, config: Config) -> int:
    """The rules alone again (no model in use any more): every score back to its rules' part,
    statuses by the rules' threshold. Returns how many papers changed."""
    now = utcnow()
    threshold = config.scoring.threshold
    with transaction(db):
        cursor = db.execute(
            """
            UPDATE papers SET
                score = coalesce(rules_score, score),
                status = CASE WHEN status IN ('candidate', 'below_threshold') THEN
                    CASE WHEN coalesce(rules_score, score) >= ? THEN 'candidate' ELSE 'below_threshold' END
                    ELSE status END,
                model_probability = NULL,
                updated_at = ?
            WHERE model_probability IS NOT NULL
            """, [threshold, now])
        set_state(db, state_for(config, None))
        return cursor.rowcount


# -- what the stored scores were made with ---------------------------------------------------------

def state_for(config: Config, model: LinearModel | None) -> dict:
    """The ranking state scores made by this config and stored model would have."""
    from . import model_in_use

    used = model_in_use(config, model)
    if used is None:
        return {"model": None}
    r = config.ranking
    return {"model": used.id, "weight": r.model_weight, "cap": r.model_cap, "threshold": r.threshold}


def read_state(db: sqlite_utils.Database, key: str):
    """A value of ranking_state (what the stored scores were made with), or None."""
    row = db.execute("SELECT value FROM ranking_state WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else None


def write_state(db: sqlite_utils.Database, key: str, value) -> None:
    db.execute("INSERT INTO ranking_state (key, value) VALUES (?, ?)"
               " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, json.dumps(value, sort_keys=True)])


def applied_state(db: sqlite_utils.Database) -> dict:
    return read_state(db, "applied") or {"model": None}


def set_state(db: sqlite_utils.Database, state: dict) -> None:
    write_state(db, "applied", state)


def threshold_in_force(db: sqlite_utils.Database, config: Config) -> float:
    """The threshold the stored statuses were decided by: what a reopened paper is compared with."""
    state = applied_state(db)
    return state["threshold"] if state.get("model") is not None else config.scoring.threshold


def _cpus() -> int:
    from ..parallel import usable_cpus

    return usable_cpus()
