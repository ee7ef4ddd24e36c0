"""What `tracker rank status` reports: the decisions, the model, the last backtest."""

from __future__ import annotations

import json

import sqlite_utils

from ..config import Config
from . import model_in_use
from .model import current
from .train import counts, stale


def rank_status(db: sqlite_utils.Database, config: Config, words: int = 15) -> dict:
    approved, rejected, newest = counts(db)
    model = current(db)
    model_data = None
    if model is not None:
        up, down = model.strongest(words)
        why = stale(model, newest)
        model_data = {
            "id": model.id, "trained_at": model.trained_at, "approved": model.approved,
            "rejected": model.rejected, "last_decision": model.last_decision, "features": len(model.idf),
            "in_use": model_in_use(config, model) is not None,
            "out_of_date": why is not None, "out_of_date_because": why,
            # whether the next tracker run retrains it: only with enough decisions to learn from
            "retrains": why is not None and approved >= config.ranking.min_approved
            and rejected >= config.ranking.min_rejected,
            "up": up, "down": down,
        }
    row = db.execute("SELECT report FROM ranking_evaluations ORDER BY id DESC LIMIT 1").fetchone()
    evaluation = None
    if row:
        report = json.loads(row[0])
        evaluation = {"at": report["at"], **report["total"]}
    return {
        "decisions": {"approved": approved, "rejected": rejected, "newest": newest},
        "min_approved": config.ranking.min_approved, "min_rejected": config.ranking.min_rejected,
        "model": model_data, "last_evaluation": evaluation,
    }
