"""Train the model on the editors' decisions and rescore every stored paper with it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlite_utils

from ..config import Config
from .model import LinearModel, fit, labelled_examples, load, save

log = logging.getLogger(__name__)


@dataclass
class Trained:
    model: LinearModel | None  # None: not enough decisions yet (see reason)
    reason: str | None = None
    rescored: int = 0  # papers whose score or status changed


def counts(db: sqlite_utils.Database) -> tuple[int, int, int]:
    """(approved, rejected, newest decision id) as the model would learn from them now."""
    row = db.execute(
        """
        WITH last AS (SELECT paper_id, max(id) AS id FROM decisions GROUP BY paper_id)
        SELECT coalesce(sum(d.to_status = 'approved'), 0), coalesce(sum(d.to_status = 'rejected'), 0)
        FROM last JOIN decisions d ON d.id = last.id
        """).fetchone()
    newest = db.execute("SELECT coalesce(max(id), 0) FROM decisions").fetchone()[0]
    return row[0], row[1], newest


def out_of_date(db: sqlite_utils.Database, config: Config) -> bool:
    """True when decisions changed since the stored model (or there is none) and there are
    enough of them to train on: what `tracker run` checks before polling."""
    approved, rejected, newest = counts(db)
    if approved < config.ranking.min_approved or rejected < config.ranking.min_rejected:
        return False
    model = load(db)
    return model is None or model.last_decision != newest


def train(db: sqlite_utils.Database, config: Config, *, progress=None) -> Trained:
    """Learn from every decision so far, store the model, and score every paper with it."""
    from .apply import apply_model

    examples, newest = labelled_examples(db)
    approved = sum(e.relevant for e in examples)
    rejected = len(examples) - approved
    need_a, need_r = config.ranking.min_approved, config.ranking.min_rejected
    if approved < need_a or rejected < need_r:
        return Trained(None, f"the model needs at least {need_a} approved and {need_r} rejected papers;"
                             f" the decisions hold {approved} approved and {rejected} rejected")
    model = fit(examples)
    model.params["threshold"] = config.ranking.threshold  # what its statuses were decided by
    model = save(db, model, newest)
    log.info("ranking model %s trained on %d approved and %d rejected papers (%d features)",
             model.id, approved, rejected, len(model.idf))
    changed = apply_model(db, config, model, progress=progress)
    return Trained(model, rescored=changed)
