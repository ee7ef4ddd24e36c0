"""`tracker status --check`: the sources a person should look at, one line each.

A source is a problem when it has failed `health.failures` runs in a row, or when it has
brought nothing new (no paper it had not seen before) for `health.quiet_days` days: a feed that
answers 304 for weeks may have moved, a PubMed query that finds nothing may have broken. A
source that has never run is not yet a problem, nor is one that is switched off.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlite_utils

from .config import Config
from .errors import error_line
from .queries import run_status


def problems(db: sqlite_utils.Database, config: Config, now: datetime | None = None, *,
             run_in_progress: bool) -> list[str]:
    """One line per problem, in the order of feeds.yaml; empty when all is well. Runs replayed
    from a saved response (--load) say nothing of a source's health; a run's row still "running"
    while no run is in progress (`run_in_progress`: store.run_in_progress) is one that died
    (SIGKILL, a reboot) and counts as stopped (queries.run_status)."""
    from .sources.similar import SOURCE as SIMILAR, similar_source

    now = now or datetime.now(timezone.utc)
    health = config.health
    from .sources.registry import source_type

    # PubMed's similar articles are looked up like a source; they can fail, but bring
    # something new only when an editor approves a paper, so they are never "quiet".
    checked = [(s.name, source_type(s).quiet) for s in config.sources
               if s.enabled]
    if similar_source(config) is not None:
        checked.append((SIMILAR, None))
    found = []
    for name, kind in checked:
        state = next(db.query("SELECT failures_in_row, last_error FROM source_state WHERE source = ?",
                              [name]), None)
        failures = (state or {}).get("failures_in_row") or 0
        if failures >= health.failures:
            error = error_line((state or {}).get("last_error") or "", 140)
            found.append(f"{name}: failed {failures} runs in a row" + (f": {error}" if error else ""))
            continue
        # stopped before it was stored, run after run (SIGTERM from a timeout shorter than the run,
        # or a reboot): it never fails, and the sources after it are never reached
        last = [run_status(r["status"], run_in_progress) for r in db.query(
            "SELECT status FROM runs WHERE source = ? AND NOT replay ORDER BY id DESC LIMIT ?", [name, health.failures])]
        if len(last) == health.failures and all(status == "interrupted" for status in last):
            found.append(f"{name}: its last {len(last)} runs were stopped before it was stored (interrupted: a "
                         "timeout shorter than the run, or a reboot?); the sources after it may not be reached")
            continue
        quiet_days = getattr(health.quiet_days, kind) if kind else 0
        if not quiet_days:
            continue
        # the first run: the lowest id (one step down runs_source), not min(started) over them all
        first_run = next(db.query("SELECT started AS at FROM runs WHERE source = ? AND NOT replay ORDER BY id LIMIT 1",
                                  [name]), {"at": None})["at"]
        if first_run is None:
            continue  # never run
        last_new = _last_new(db, name)
        since = _when(last_new or first_run)
        if since is not None and now - since > timedelta(days=quiet_days):
            what = f"since {since.date()}" if last_new else f"since its first run on {since.date()}"
            found.append(f"{name}: nothing new for {(now - since).days} days ({what}; "
                         f"health.quiet_days.{kind} is {quiet_days})")
    return found


def _last_new(db: sqlite_utils.Database, source: str) -> str | None:
    """When the source last brought a paper it had not brought before; what a replay (--load)
    stored came from a saved file, not from the source, and is left out."""
    replays = db.execute("SELECT started, coalesce(finished, started) FROM runs WHERE source = ? AND replay",
                         [source]).fetchall()
    # newest first, down the (source, first_seen) index, to the first that no replay brought
    for (seen,) in db.execute("SELECT first_seen FROM sightings WHERE source = ? ORDER BY first_seen DESC",
                              [source]):
        if not any(start <= seen <= end for start, end in replays):
            return seen
    return None


def _when(stamp: str | None) -> datetime | None:
    try:
        when = datetime.fromisoformat(stamp) if stamp else None
    except ValueError:
        return None
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when
