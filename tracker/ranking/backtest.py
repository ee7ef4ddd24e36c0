"""`tracker rank evaluate`: how well the ranking would have served the editors, week by week.

A time-ordered backtest over the decisions history. For each ISO week in which papers were
first seen that an editor later approved or rejected: train the model on the decisions made
before that week began (as `tracker run` would have), rank that week's new papers, and compare
with what the editors decided. Papers held or never decided carry no label and are left out.

For the rules alone and for rules + model, per week and over all weeks:
  recall     approved papers that were candidates / approved papers
  precision  approved candidates / decided candidates
  ap         average precision of the week's ranking (approved = relevant); over all weeks,
             the mean of the weekly values (weeks with at least one approval)
A week before there were enough decisions for a model ranks by the rules alone in both columns.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime

import sqlite_utils

from ..config import Config
from ..editions import Week
from ..errors import TrackerError
from ..store import transaction, utcnow
from . import make_ranker, model_in_use
from .features import features
from .model import MISSED_WEIGHT, Example, fit


def _week(timestamp: str) -> tuple[str, str]:
    """("YYYY-Www", the ISO time its Monday began) for a stored UTC timestamp."""
    week = Week.of(datetime.fromisoformat(timestamp.replace("Z", "+00:00")).date())
    return str(week), week.monday.isoformat() + "T00:00:00Z"


def _metrics(ranked: list[tuple[float, bool]], threshold: float) -> dict:
    """ranked: (score, approved) of the decided papers."""
    approved = sum(a for _, a in ranked)
    candidates = [(s, a) for s, a in ranked if s >= threshold]
    found = sum(a for _, a in candidates)
    return {
        "candidates": len(candidates), "found": found,
        "recall": round(found / approved, 3) if approved else None,
        "precision": round(found / len(candidates), 3) if candidates else None,
        "ap": average_precision([a for _, a in sorted(ranked, key=lambda sa: -sa[0])]) if approved else None,
    }


def average_precision(relevance: list[bool]) -> float | None:
    """Mean, over the relevant items, of the precision at each one's rank (ties: as listed)."""
    hits, total = 0, 0.0
    for rank, relevant in enumerate(relevance, start=1):
        if relevant:
            hits += 1
            total += hits / rank
    return round(total / hits, 3) if hits else None


def _pool(weeks: list[dict], key: str) -> dict:
    approved = sum(w["approved"] for w in weeks)
    candidates = sum(w[key]["candidates"] for w in weeks)
    found = sum(w[key]["found"] for w in weeks)
    aps = [w[key]["ap"] for w in weeks if w[key]["ap"] is not None]
    return {
        "candidates": candidates, "found": found,
        "recall": round(found / approved, 3) if approved else None,
        "precision": round(found / candidates, 3) if candidates else None,
        "ap": round(sum(aps) / len(aps), 3) if aps else None,
    }


def backtest(db: sqlite_utils.Database, config: Config, *, since: date | None = None, progress=None) -> dict:
    """The report `tracker rank evaluate --json` prints (also stored in ranking_evaluations)."""
    # Every paper anyone decided (a model trained before a week may have learned from a paper
    # that was reopened since), and the label of those whose last decision approves or rejects.
    rows = db.execute(
        """
        WITH last AS (SELECT paper_id, max(id) AS id FROM decisions GROUP BY paper_id)
        SELECT p.id, p.title, p.abstract, p.keywords, p.mesh, p.publication_types, p.article_type,
               p.first_seen, d.to_status
        FROM last JOIN decisions d ON d.id = last.id JOIN papers p ON p.id = d.paper_id
        ORDER BY p.first_seen, p.id
        """).fetchall()
    papers, label, seen = {}, {}, {}
    for pid, title, abstract, keywords, mesh, types, article_type, first_seen, to_status in rows:
        papers[pid] = {"id": pid, "title": title, "abstract": abstract, "keywords": json.loads(keywords or "[]"),
                       "mesh": json.loads(mesh or "[]"), "publication_types": json.loads(types or "[]"),
                       "article_type": article_type}
        if to_status in ("approved", "rejected"):
            label[pid] = to_status == "approved"
            seen[pid] = first_seen
    # Every approve/reject decision in time order: what a model trained at time T knew.
    history = db.execute(
        "SELECT id, paper_id, at, from_status, to_status FROM decisions ORDER BY at, id").fetchall()
    rules = make_ranker(config, rules_only=True)
    threshold = rules.threshold
    cache: dict[int, Counter] = {}

    def counts_of(pid: int, paper: dict) -> Counter:
        if pid not in cache:
            cache[pid] = features(paper)
        return cache[pid]

    by_week: dict[str, list[int]] = {}
    starts: dict[str, str] = {}
    for pid in seen:  # the weeks measure labelled papers only
        week, start = _week(seen[pid])
        if since and start[:10] < since.isoformat():
            continue
        by_week.setdefault(week, []).append(pid)
        starts[week] = start
    weeks = []
    rules_scores = {}
    for n, week in enumerate(sorted(by_week), start=1):
        start = starts[week]
        # What the decisions said before this week began (each paper's last word then).
        known: dict[int, tuple[str, bool]] = {}
        for _, pid, at, from_status, to_status in history:
            if at >= start:
                break
            if to_status in ("approved", "rejected"):
                missed = known.get(pid, ("", False))[1] or (from_status == "below_threshold" and to_status == "approved")
                known[pid] = (to_status, missed)
            elif pid in known:
                known[pid] = ("", known[pid][1])  # held or reopened: no label now
        training = [(pid, s, m) for pid, (s, m) in known.items() if s and pid in papers]
        approved_n = sum(s == "approved" for _, s, _ in training)
        model = None
        if approved_n and len(training) - approved_n:
            examples = [Example(papers[pid], s == "approved", MISSED_WEIGHT if m and s == "approved" else 1.0)
                        for pid, s, m in training]
            try:
                model = model_in_use(config, fit(examples, counts=[counts_of(pid, papers[pid]) for pid, _, _ in training]))
            except TrackerError:  # nothing to learn from yet (no shared words): the rules alone
                model = None
        combined = make_ranker(config, model=model) if model else None
        ranked_rules, ranked_combined = [], []
        for pid in by_week[week]:
            if pid not in rules_scores:
                rules_scores[pid] = rules.score(papers[pid])[0]
            r = rules_scores[pid]
            ranked_rules.append((r, label[pid]))
            # rounded as RulesAndModel.score rounds, so a paper exactly at the threshold counts alike
            c = round(r + combined.points(model.logit(papers[pid], counts_of(pid, papers[pid]))), 2) if combined else r
            ranked_combined.append((c, label[pid]))
        weeks.append({
            "week": week, "papers": len(by_week[week]), "approved": sum(label[p] for p in by_week[week]),
            "trained_on": {"approved": approved_n, "rejected": len(training) - approved_n},
            "model": model is not None,
            "rules": _metrics(ranked_rules, threshold),
            "combined": _metrics(ranked_combined, combined.threshold if combined else threshold),
        })
        if progress:
            progress(n, len(by_week))
    report = {
        "at": utcnow(), "threshold": threshold, "model_threshold": config.ranking.threshold,
        "min_approved": config.ranking.min_approved, "min_rejected": config.ranking.min_rejected,
        "weeks": weeks,
        "total": {
            "weeks": len(weeks), "papers": sum(w["papers"] for w in weeks),
            "approved": sum(w["approved"] for w in weeks),
            "weeks_with_model": sum(w["model"] for w in weeks),
            "rules": _pool(weeks, "rules"),
            "combined": _pool(weeks, "combined"),
        },
    }
    with transaction(db):
        db["ranking_evaluations"].insert({"at": report["at"], "report": json.dumps(report)})
    return report
