"""How well the scorer separates what editors want from what they do not, on a labelled set.

A labelled set is JSON Lines: one paper a line with title, abstract, keywords, mesh and
`relevant` (true/false). A paper counts as found when the scorer makes it a candidate.
"""

from __future__ import annotations

import json
from pathlib import Path

from .config import Config
from .errors import TrackerError
from .ranking import make_ranker


def load_labelled(path: str | Path) -> list[dict]:
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrackerError(f"{path}:{number}: not JSON: {exc}") from None
        if "title" not in item or not isinstance(item.get("relevant"), bool):
            raise TrackerError(f"{path}:{number}: needs 'title' and a true/false 'relevant'")
        items.append(item)
    return items


def evaluate(config: Config, items: list[dict]) -> dict:
    """Precision, recall and the misses, at the config's threshold."""
    scorer = make_ranker(config, rules_only=True)
    tp = fp = fn = tn = 0
    false_positives, false_negatives = [], []
    for item in items:
        value, topics, _ = scorer.score(item)
        found = scorer.status_for(value) == "candidate"
        entry = {"id": item.get("id"), "title": item["title"], "score": value, "topics": topics}
        if found and item["relevant"]:
            tp += 1
        elif found:
            fp += 1
            false_positives.append(entry)
        elif item["relevant"]:
            fn += 1
            false_negatives.append(entry)
        else:
            tn += 1
    return {
        "items": len(items), "relevant": tp + fn, "candidates": tp + fp,
        "true_positives": tp, "false_positives": fp, "false_negatives": fn, "true_negatives": tn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "threshold": config.scoring.threshold,
        "false_positive_items": false_positives, "false_negative_items": false_negatives,
    }
