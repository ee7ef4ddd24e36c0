"""Train the model on the editors' decisions and rescore every stored paper with it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlite_utils

from ..config import Config
from .features import FEATURES_VERSION
from .model import LinearModel, current, fit, labelled_examples

log = logging.getLogger(__name__)


@dataclass
class Trained:
    model: LinearModel | None  # None: not enough decisions yet (see reason)
    reason: str | None = None
    rescored: int = 0  # papers whose score or status changed
    # why the rules scored every paper again first (the topics, or the scoring code, had changed), or ()
    rules_rescored: tuple[str, ...] = ()


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


def stale(model: LinearModel | None, newest: int) -> str | None:
    """Why the stored model no longer fits, or None: "decisions changed since" (newest is the
    newest decision's id) and/or "trained on an older reading of papers" (features() changed since,
    features.FEATURES_VERSION). A model from a newer release's reading is not retrained here: an
    older and a newer release sharing one database would otherwise retrain each other's model on
    every run (out_of_date() warns instead)."""
    if model is None:
        return None
    reasons = []
    if model.last_decision != newest:
        reasons.append("decisions changed since")
    if model.features_version < FEATURES_VERSION:
        reasons.append("trained on an older reading of papers")
    return " and ".join(reasons) or None


def out_of_date(db: sqlite_utils.Database, config: Config) -> str | None:
    """What `tracker run` must do before polling so that stored scores match the decisions and
    the config: "train" (decisions changed since the stored model, or it was trained on an older
    reading of papers, and there are enough decisions), "apply" (the model in use, or its weight,
    cap or threshold, is not what the stored scores were made with: a config edit), or None."""
    from .apply import applied_state, state_for

    approved, rejected, newest = counts(db)
    model = current(db)
    enough = approved >= config.ranking.min_approved and rejected >= config.ranking.min_rejected
    if model is not None and model.features_version > FEATURES_VERSION:
        log.warning("ranking model %s was trained by a newer release of the tracker (reading of papers %d, this"
                    " release reads %d): it is kept; upgrade this release, or `tracker rank train` here",
                    model.id, model.features_version, FEATURES_VERSION)
    if enough and (model is None or stale(model, newest)):
        return "train"
    if applied_state(db) != state_for(config, model):
        return "apply"
    return None


def bring_up_to_date(db: sqlite_utils.Database, config: Config, *, progress=None) -> tuple[str | None, Trained | None]:
    """Do what out_of_date() says; returns (what was done, the training's result if any)."""
    from .apply import apply_model, remove_model

    todo = out_of_date(db, config)
    if todo == "train":
        return todo, train(db, config, progress=progress)
    if todo == "apply":
        from . import model_in_use

        model = model_in_use(config, current(db))
        changed = apply_model(db, config, model, progress=progress) if model else remove_model(db, config)
        return todo, Trained(model, rescored=changed)
    return None, None


def train(db: sqlite_utils.Database, config: Config, *, progress=None) -> Trained:
    """Learn from every decision so far and score every paper with the new model: the model
    and the scores are stored in one transaction, so a failure leaves the last model and its
    scores as they were (and the next run tries again). The model adds to the rules' score: if
    the topics or scoring in feeds.yaml (or the scoring code, in an upgrade) changed since the papers
    were scored, the rules score them again first (as tracker rescore, in a transaction of its own: a training that then fails
    leaves the new rules' scores, with the last model's part), whoever trains (tracker rank train,
    or a run retraining)."""
    from ..rescore import rescore_all, rescore_reasons
    from ..store import transaction
    from .apply import compute_logits, write_scores
    from .model import save_rows

    rules_rescored = tuple(rescore_reasons(db, config))
    if rules_rescored:
        log.info("%s: rescoring them with the rules first", "; ".join(rules_rescored))
        rescore_all(db, config, progress=progress)
    examples, newest = labelled_examples(db)
    approved = sum(e.relevant for e in examples)
    rejected = len(examples) - approved
    need_a, need_r = config.ranking.min_approved, config.ranking.min_rejected
    if approved < need_a or rejected < need_r:
        return Trained(None, f"the model needs at least {need_a} approved and {need_r} rejected papers;"
                             f" the decisions hold {approved} approved and {rejected} rejected",
                       rules_rescored=rules_rescored)
    model = fit(examples)
    model.params["threshold"] = config.ranking.threshold  # what its statuses were decided by
    logits = compute_logits(db, model, progress=progress)
    with transaction(db):
        save_rows(db, model, newest)
        changed = write_scores(db, config, model, logits)
    log.info("ranking model %s trained on %d approved and %d rejected papers (%d features)",
             model.id, approved, rejected, len(model.idf))
    return Trained(model, rescored=changed, rules_rescored=rules_rescored)
