"""The learned model: a class-balanced logistic regression over TF-IDF features, trained on the
editors' decisions, stored in the database as plain numbers.

Labels come from the decisions history: a paper whose status is approved is relevant, rejected
is not, held or undecided carries no label. A paper an editor approved from below the threshold
(the rules missed it) weighs `MISSED_WEIGHT` times as much: it is the strongest signal there is.

What is stored (tables ranking_models and ranking_features, migration m009): each feature's idf
and weight, and the intercept. Nothing is pickled: a database someone hands you cannot run code.
Scoring needs neither scikit-learn nor numpy; only training does.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils

from ..errors import TrackerError
from ..store import transaction, utcnow
from .features import FEATURES_VERSION, features, label, tfidf

MISSED_WEIGHT = 3.0
# Regularisation: scikit-learn's C (inverse strength). Chosen by the backtest on the real
# labelled set's training half (docs/scoring.md); smaller is smoother.
C = 4.0
MIN_DF = 2  # a feature must occur in at least two labelled papers (one, with fewer than 40)
EXPLAIN_WORDS = 5  # how many words up and down the explanation names


@dataclass
class LinearModel:
    """Plain data: score(paper) is intercept + the TF-IDF vector . weights (log-odds)."""

    idf: dict[str, float]
    weights: dict[str, float]
    intercept: float
    id: int | None = None
    trained_at: str | None = None
    last_decision: int = 0
    approved: int = 0
    rejected: int = 0
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        # feature -> (idf, weight): one lookup per feature on the hot path (ingest, rescore).
        self._pairs = {f: (i, self.weights[f]) for f, i in self.idf.items()}

    def logit(self, paper: dict, counts: Counter | None = None) -> float:
        """intercept + (unit-length TF-IDF vector . weights), in one pass over the features."""
        get = self._pairs.get
        dot = square = 0.0
        for f, c in (counts if counts is not None else features(paper)).items():
            pair = get(f)
            if pair is not None:
                value = pair[0] if c == 1 else (1.0 + math.log(c)) * pair[0]
                square += value * value
                dot += value * pair[1]
        return self.intercept + (dot / math.sqrt(square) if square else 0.0)

    def explain(self, paper: dict) -> tuple[float, list[tuple[str, float]], list[tuple[str, float]]]:
        """(log-odds, the features that pushed it up most, those that pushed it down most)."""
        vector = tfidf(features(paper), self.idf)
        parts = [(f, v * self.weights.get(f, 0.0)) for f, v in vector.items()]
        z = self.intercept + sum(c for _, c in parts)
        up = sorted((p for p in parts if p[1] > 0), key=lambda p: (-p[1], p[0]))[:EXPLAIN_WORDS]
        down = sorted((p for p in parts if p[1] < 0), key=lambda p: (p[1], p[0]))[:EXPLAIN_WORDS]
        return z, [(label(f), round(c, 3)) for f, c in up], [(label(f), round(c, 3)) for f, c in down]

    def strongest(self, n: int = 15) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        ranked = sorted(self.weights.items(), key=lambda fw: (-fw[1], fw[0]))
        up = [(label(f), round(w, 3)) for f, w in ranked[:n] if w > 0]
        down = [(label(f), round(w, 3)) for f, w in reversed(ranked[-n:]) if w < 0]
        return up, down

    @property
    def features_version(self) -> int:
        """The reading of papers it was trained on (features.FEATURES_VERSION then; 1 if unsaid)."""
        return int(self.params.get("features_version", 1))

    def to_dict(self) -> dict:
        """What the worker process needs to score as this process does (plain data)."""
        return {"idf": self.idf, "weights": self.weights, "intercept": self.intercept, "id": self.id,
                "trained_at": self.trained_at, "last_decision": self.last_decision,
                "approved": self.approved, "rejected": self.rejected, "params": self.params}

    @classmethod
    def from_dict(cls, data: dict) -> LinearModel:
        return cls(**data)


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


# -- labels ------------------------------------------------------------------------------------

@dataclass
class Example:
    paper: dict
    relevant: bool
    weight: float = 1.0


def labelled_examples(db: sqlite_utils.Database, before: str | None = None) -> tuple[list[Example], int]:
    """The labelled papers and the id of the newest decision they come from.

    Each paper's label is its last approve/reject decision (made before `before`, an ISO time,
    when given); a paper whose last decision is held or reopened carries none.
    """
    where, args = ("WHERE at < ?", [before]) if before else ("", [])
    rows = db.execute(
        f"""
        WITH last AS (
            SELECT paper_id, max(id) AS id FROM decisions {where} GROUP BY paper_id
        ), missed AS (
            SELECT DISTINCT paper_id FROM decisions
            WHERE from_status = 'below_threshold' AND to_status = 'approved' {"AND at < ?" if before else ""}
        )
        SELECT p.id, p.title, p.abstract, p.keywords, p.mesh, p.publication_types, p.article_type,
               d.to_status, d.id, m.paper_id IS NOT NULL
        FROM last JOIN decisions d ON d.id = last.id JOIN papers p ON p.id = d.paper_id
        LEFT JOIN missed m ON m.paper_id = p.id
        WHERE d.to_status IN ('approved', 'rejected')
        ORDER BY p.id
        """, args + ([before] if before else [])).fetchall()
    newest = db.execute(f"SELECT coalesce(max(id), 0) FROM decisions {where}", args).fetchone()[0]
    examples = []
    for pid, title, abstract, keywords, mesh, types, article_type, to_status, _, missed in rows:
        paper = {"id": pid, "title": title, "abstract": abstract, "keywords": json.loads(keywords or "[]"),
                 "mesh": json.loads(mesh or "[]"), "publication_types": json.loads(types or "[]"),
                 "article_type": article_type}
        relevant = to_status == "approved"
        examples.append(Example(paper, relevant, MISSED_WEIGHT if relevant and missed else 1.0))
    return examples, newest


# -- training ----------------------------------------------------------------------------------

def fit(examples: list[Example], *, c: float = C, counts: list[Counter] | None = None) -> LinearModel:
    """Train on labelled examples (both classes needed). scikit-learn is imported only here.
    counts: each example's features(), when the caller has them already."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    if counts is None:
        counts = [features(e.paper) for e in examples]
    df: Counter = Counter()
    for c_ in counts:
        df.update(c_.keys())
    n = len(examples)
    min_df = MIN_DF if n >= 40 else 1
    vocab = sorted(f for f, d in df.items() if d >= min_df)
    if not vocab:
        raise TrackerError("the decided papers share no words, MeSH terms or publication types to learn from")
    index = {f: i for i, f in enumerate(vocab)}
    idf = {f: math.log((1 + n) / (1 + df[f])) + 1.0 for f in vocab}
    data, cols, indptr = [], [], [0]
    for c_ in counts:
        vector = tfidf(c_, idf)
        for f, v in vector.items():
            cols.append(index[f])
            data.append(v)
        indptr.append(len(cols))
    X = csr_matrix((np.array(data, dtype=float), np.array(cols, dtype=np.int64), np.array(indptr)),
                   shape=(n, len(vocab)))
    y = np.array([int(e.relevant) for e in examples])
    sample_weight = np.array([e.weight for e in examples])
    clf = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=1000)
    clf.fit(X, y, sample_weight=sample_weight)
    weights = {f: float(w) for f, w in zip(vocab, clf.coef_[0])}
    approved = sum(e.relevant for e in examples)
    return LinearModel(idf=idf, weights=weights, intercept=float(clf.intercept_[0]),
                       approved=approved, rejected=n - approved,
                       params={"C": c, "min_df": min_df, "features": len(vocab),
                               "features_version": FEATURES_VERSION,
                               "missed_weight": MISSED_WEIGHT, "class_weight": "balanced"})


def save(db: sqlite_utils.Database, model: LinearModel, last_decision: int) -> LinearModel:
    """Store the model as the current one, in a transaction of its own (see save_rows)."""
    with transaction(db):
        return save_rows(db, model, last_decision)


def save_rows(db: sqlite_utils.Database, model: LinearModel, last_decision: int) -> LinearModel:
    """Store the model as the current one, inside the caller's transaction. Older models keep
    their row (when trained, on what) but lose their features: only the newest one ranks."""
    now = utcnow()
    db.execute("DELETE FROM ranking_features")
    params = {**model.params, "intercept": model.intercept}
    model_id = db["ranking_models"].insert({
        "trained_at": now, "last_decision": last_decision, "approved": model.approved,
        "rejected": model.rejected, "params": json.dumps(params, sort_keys=True),
    }).last_pk
    db.conn.executemany(
        "INSERT INTO ranking_features (model_id, feature, idf, weight) VALUES (?, ?, ?, ?)",
        ((model_id, f, model.idf[f], model.weights[f]) for f in model.idf))
    model.id, model.trained_at, model.last_decision = model_id, now, last_decision
    return model


_CACHE: dict[tuple[str, int], LinearModel] = {}


def current(db: sqlite_utils.Database) -> LinearModel | None:
    """load(db), kept between calls while the model stays the same: a run, the web app and
    `tracker show` ask for it several times, and a model is thousands of rows. Known by file,
    id and training time, so a database replaced at the same path is read afresh."""
    row = db.execute("SELECT id, trained_at FROM ranking_models ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    path = db.execute("PRAGMA database_list").fetchone()[2] or f"memory:{id(db)}"
    key = (path, row[0], row[1])
    if key not in _CACHE:
        model = load(db)
        if model is None or model.id != row[0]:
            return model
        _CACHE.clear()  # one model per process is plenty
        _CACHE[key] = model
        return model
    return _CACHE.get(key) or load(db)


def explain_stored(db: sqlite_utils.Database, paper: dict) -> dict | None:
    """The explanation's "model" part for a stored paper (its score, rules_score and
    model_probability columns, and the words of the current model), or None if no model
    scored it."""
    if paper.get("model_probability") is None:
        return None
    model = current(db)
    if model is None or not model.idf:
        return None
    _, up, down = model.explain(paper)
    return {"id": model.id, "trained_at": model.trained_at, "probability": paper["model_probability"],
            "points": round(paper["score"] - (paper.get("rules_score") or 0.0), 2), "up": up, "down": down,
            "threshold": model.params.get("threshold")}


def load(db: sqlite_utils.Database) -> LinearModel | None:
    """The current model, or None if none was ever trained."""
    row = db.execute("SELECT id, trained_at, last_decision, approved, rejected, params FROM ranking_models"
                     " ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    model_id, trained_at, last_decision, approved, rejected, params = row
    params = json.loads(params)
    idf, weights = {}, {}
    for feature, f_idf, weight in db.execute(
            "SELECT feature, idf, weight FROM ranking_features WHERE model_id = ?", [model_id]):
        idf[feature] = f_idf
        weights[feature] = weight
    intercept = float(params.pop("intercept"))
    return LinearModel(idf=idf, weights=weights, intercept=intercept, id=model_id, trained_at=trained_at,
                       last_decision=last_decision, approved=approved, rejected=rejected, params=params)
