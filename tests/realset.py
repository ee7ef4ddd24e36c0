"""The labelled set of real published records (tests/data/scoring/real/, see its README), and
the editors' week it is replayed as: decisions on one half, the other half measured.

Half A (every other record of each grade, in an order fixed by a hash of its id) is first seen
over four weeks, 2026-W40 to W43, and decided as it arrives: relevant (core or must-surface)
approved, the rest rejected. Half B is first seen in 2026-W44 and decided that week. The
backtest (`tracker rank evaluate`) then ranks W44 with a model trained on half A only.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

from rankdata import decide_at, store

REAL = Path(__file__).parent / "data" / "scoring" / "real"
MEASURED_WEEK = "2026-W44"
_A_WEEKS = [date(2026, 9, 28) + timedelta(weeks=k) for k in range(4)]  # Mondays of W40..W43
_B_WEEK = date(2026, 10, 26)  # Monday of W44


def load_real() -> list[dict]:
    items, seen = [], set()
    for path in sorted(REAL.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                keys = {item["id"], item.get("pmid"), item.get("doi"), " ".join(item["title"].lower().split())} - {None}
                if not keys & seen:  # the same paper gathered twice: the first copy counts
                    seen |= keys
                    items.append(item)
    return items


def _order(item: dict) -> str:
    return hashlib.sha256(item["id"].encode()).hexdigest()


def halves(items: list[dict]) -> tuple[list[dict], list[dict]]:
    """(decided half, measured half): every other record of each grade."""
    a, b = [], []
    for grade in ("core", "must", "related", "not"):
        for n, item in enumerate(sorted((i for i in items if i["grade"] == grade), key=_order)):
            (a if n % 2 == 0 else b).append(item)
    return a, b


def _paper(item: dict) -> dict:
    # Records without a PMID or DOI are stored under their set id.
    return {**item, "pmid": item.get("pmid"), "doi": item.get("doi"), "id": item["id"]}


def replay(db, config) -> dict[str, int]:
    """Store and decide the set as described above; returns set id -> paper id."""
    a, b = halves(load_real())
    ids: dict[str, int] = {}
    for k, monday in enumerate(_A_WEEKS):
        week = [item for n, item in enumerate(a) if n % 4 == k]
        for item, pid in zip(week, store(db, config, [_paper(i) for i in week], first_seen=f"{monday}T06:00:00Z")):
            ids[item["id"]] = pid
        for n, item in enumerate(week):
            decide_at(db, ids[item["id"]], "approved" if item["relevant"] else "rejected",
                      f"{monday + timedelta(days=2)}T{9 + n // 60:02d}:{n % 60:02d}:00Z")
    for item, pid in zip(b, store(db, config, [_paper(i) for i in b], first_seen=f"{_B_WEEK}T06:00:00Z")):
        ids[item["id"]] = pid
    for n, item in enumerate(b):
        decide_at(db, ids[item["id"]], "approved" if item["relevant"] else "rejected",
                  f"{_B_WEEK + timedelta(days=2)}T{9 + n // 60:02d}:{n % 60:02d}:00Z")
    return ids
