"""Ranking: how a paper's score is made. One seam for every caller.

The pipeline, the worker process, the web app, `tracker rescore`, `tracker rank` and
`tracker evaluate-scoring` all get their ranker from `make_ranker()`, and use it only through the
`Ranker` protocol: score(paper) -> (score, topics, explanation), and status_for(score).

The ranker in use is the rules (tracker.score.Scorer: the editors' topics, MeSH and publication
types) plus, once the editors have made enough decisions (ranking.min_approved approvals and
ranking.min_rejected rejections), the learned model (tracker.ranking.model). The two are added
on one scale: the model's log-odds of "an editor approves this", times ranking.model_weight and
capped at +/- ranking.model_cap, is added to the rules' score. So a paper becomes a candidate
when either is confident: strong topic evidence alone, or a model that has seen many papers like
it approved, is enough to pass the threshold; a weak rules match that the editors keep
rejecting falls below it.

The explanation's schema is in EXPLANATION_SCHEMA below (docs/scoring.md shows an example).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import sqlite_utils

    from ..config import Config
    from .model import LinearModel

# A paper's `explanation` (papers.explanation, `tracker show --json`, the web page's "Why is
# this here"). Keys a reader may rely on:
EXPLANATION_SCHEMA = {
    "threshold": "the candidate threshold the score was compared with",
    "rules_score": "the rules' part of the score",
    "topics": "topic name -> {score, matched: {term: [fields]}, context: [terms], excluded: [terms],"
              " factors: [text]}: what each topic matched and where",
    "evidence": "[text]: MeSH descriptors and publication types that added to the score",
    "factors": "[text]: what changed the whole score (both topics, animals only...)",
    "model": "null while no model is in use; else {id, trained_at, probability, points,"
             " up: [[feature, contribution]], down: [[feature, contribution]]}: the model's"
             " estimate that an editor approves this paper, the points it added (or took away),"
             " and the words, MeSH terms and publication types that pushed it up or down most",
}


class Ranker(Protocol):
    threshold: float

    def score(self, paper: dict) -> tuple[float, dict[str, list[str]], dict]:
        """(score, topics: name -> matched terms, explanation) for a paper dict."""

    def status_for(self, score: float) -> str:
        """candidate or below_threshold."""


class RulesAndModel:
    """The rules' score plus, when a model is in use, the model's points (see the module doc)."""

    def __init__(self, config: Config, model: LinearModel | None = None):
        from ..score import Scorer

        self.rules = Scorer(config)
        self.weight = config.ranking.model_weight
        self.cap = config.ranking.model_cap
        self.model = model
        # With a model, its points move weak matches up or down: the threshold is the ranking's.
        self.threshold = config.ranking.threshold if model is not None else config.scoring.threshold

    def score(self, paper: dict) -> tuple[float, dict[str, list[str]], dict]:
        rules_score, topics, explanation = self.rules.score(paper)
        explanation["rules_score"] = rules_score
        explanation["threshold"] = self.threshold
        if self.model is None:
            explanation["model"] = None
            return rules_score, topics, explanation
        z = self.model.logit(paper)
        points = self.points(z)
        # The words behind it are worked out when a reader asks (model.explain_stored): what is
        # stored is split by stored_parts().
        explanation["model"] = {"id": self.model.id, "probability": round(_sigmoid(z), 3), "points": points}
        return round(rules_score + points, 2), topics, explanation

    def points(self, logit: float) -> float:
        return round(max(-self.cap, min(self.cap, self.weight * logit)), 2)

    def status_for(self, score: float) -> str:
        return "candidate" if score >= self.threshold else "below_threshold"


def _sigmoid(z: float) -> float:
    from .model import sigmoid

    return sigmoid(z)


def stored_parts(score: float, explanation: dict) -> dict:
    """What of a score goes in the papers columns besides score, topics and status: the
    explanation as stored (the rules' part; the model's is worked out when shown), the rules'
    score and the model's probability (None without a model). Takes "model" out of
    `explanation`."""
    model = explanation.pop("model", None)
    return {"explanation": explanation, "rules_score": explanation.get("rules_score", score),
            "model_probability": model["probability"] if model else None}


def model_part(paper) -> str | None:
    """The learned model's part of a paper's score as the queue shows it, in the web UI and in
    `tracker papers`: "+6.0 (94% likely approved)"; None when no model scored the paper. `paper`
    is a row with score, rules_score and model_probability (queries.list_papers gives them)."""
    probability = paper["model_probability"]
    if probability is None:
        return None
    return f"{paper['score'] - (paper['rules_score'] or 0):+.1f} ({probability * 100:.0f}% likely approved)"


def status_in_force(db: sqlite_utils.Database, config: Config):
    """status_for(score) by the threshold the stored statuses were decided by (the model's,
    while one is in use): what a reopened paper goes back to."""
    from .apply import threshold_in_force

    threshold = threshold_in_force(db, config)
    return lambda score: "candidate" if score >= threshold else "below_threshold"


def model_in_use(config: Config, model: LinearModel | None) -> LinearModel | None:
    """The model, if it learned from enough decisions for this config; else None."""
    if model is None:
        return None
    if model.approved < config.ranking.min_approved or model.rejected < config.ranking.min_rejected:
        return None
    return model


def make_ranker(config: Config, db: sqlite_utils.Database | None = None, *,
                model: LinearModel | None = None, rules_only: bool = False) -> RulesAndModel:
    """The ranker every caller uses: the rules, plus the stored model once it is in use.

    db: read the current model from it. model: use this one instead (the worker process, the
    backtest). rules_only: the rules alone, whatever is stored.
    """
    if not rules_only and model is None and db is not None:
        from .model import current

        model = current(db)
    return RulesAndModel(config, None if rules_only else model_in_use(config, model))
