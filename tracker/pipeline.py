"""`tracker run`: every enabled source, one at a time, each stored in its own transaction.

A source that fails (network, HTTP, parse, in-band error) is recorded as failed for this run and
changes nothing already stored; the other sources go on.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import sqlite_utils

from .config import Config, PubmedSource
from .errors import LockError, TrackerError
from .http import HttpClient, RateLimiter
from .merge import Merger
from .parallel import Preparer
from .records import usable
from .score import Scorer
from .sources import Fetched
from .sources.feed import fetch_feed
from .sources.pubmed import default_rate, fetch_pubmed
from .store import transaction, utcnow

log = logging.getLogger(__name__)

COUNTS = ("new", "updated", "merged", "unchanged")


@dataclass
class SourceOutcome:
    source: str
    ok: bool
    requests: int = 0
    not_modified: bool = False
    fetched: int = 0
    skipped: int = 0
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    error: str | None = None

    def summary(self) -> str:
        if not self.ok:
            return f"{self.source}: FAILED after {self.requests} request(s): {self.error}"
        if self.not_modified:
            return f"{self.source}: not modified (1 request)"
        c = self.counts
        return (f"{self.source}: {self.fetched} fetched, {c['new']} new, {c['updated']} updated, "
                f"{c['merged']} merged, {c['unchanged']} unchanged, {self.skipped} skipped "
                f"({self.requests} request(s))")


@contextmanager
def run_lock(db_path: str | Path):
    """An exclusive, non-blocking lock beside the database: one run at a time."""
    lock_path = f"{db_path}.lock"
    Path(lock_path).parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockError(f"another tracker run holds {lock_path}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


def fingerprint(source) -> str:
    """Changes when the source's address or query does: stored ETags and windows then reset."""
    what = source.url if not isinstance(source, PubmedSource) else f"{source.base_url}\n{source.query}"
    return hashlib.sha256(what.encode()).hexdigest()[:16]


class Runner:
    def __init__(self, config: Config, db: sqlite_utils.Database, *, today: date | None = None,
                 sleep=None, progress=None, parallel_min: int | None = None):
        self.config = config
        self.db = db
        self.scorer = Scorer(config)
        self.today = today
        self.sleep = sleep
        self.progress = progress  # callable(source_name, message) for a terminal display
        self.limiters: dict[str, RateLimiter] = {}
        # From how many records of a source a worker process prepares them (None: never). Only
        # a program whose main module is import-safe may turn it on (tracker.cli does): the
        # worker is spawned, and spawning imports the main module again.
        self.parallel_min = parallel_min

    def _client(self, source) -> HttpClient:
        # One limiter per host, at the strictest rate any source asks for, so two PubMed
        # queries together still keep to NCBI's limit.
        url = source.base_url if isinstance(source, PubmedSource) else source.url
        host = urlsplit(url).netloc
        rate = default_rate(source) if isinstance(source, PubmedSource) else (source.requests_per_second or 5.0)
        limiter = self.limiters.get(host)
        if limiter is None or limiter.interval < 1.0 / rate:
            limiter = self.limiters[host] = RateLimiter(rate)
        kwargs = dict(user_agent=self.config.user_agent, timeout=source.timeout, retries=source.retries,
                      limiter=limiter)
        if self.sleep is not None:
            kwargs["sleep"] = self.sleep
        return HttpClient(**kwargs)

    def run(self, only: list[str] | None = None, replay: dict[str, bytes] | None = None) -> list[SourceOutcome]:
        group = uuid.uuid4().hex[:12]
        # Whoever runs holds the lock, so a run log still "running" is one that was killed.
        self.db.execute("UPDATE runs SET status = 'interrupted', finished = ? WHERE status = 'running'",
                        [utcnow()])
        outcomes = []
        for source in self.config.sources:
            if only and source.name not in only:
                continue
            if not source.enabled and not only:
                continue
            outcomes.append(self.run_source(source, group, (replay or {}).get(source.name)))
        return outcomes

    def run_source(self, source, group: str, replay: bytes | None = None) -> SourceOutcome:
        outcome = SourceOutcome(source=source.name, ok=False)
        now = utcnow()
        run_id = self.db["runs"].insert({"run_group": group, "source": source.name, "started": now}).last_pk
        state = self._state(source)
        client = self._client(source)
        merger = Merger(self.db, self.scorer, source.name, source.type, run_id)
        # A big batch is prepared (JSON, hash, score) by a worker process as it arrives.
        preparer = Preparer(self.config, self.parallel_min)
        try:
            if self.progress:
                self.progress(source.name, "fetching")
            fetched = self._fetch(source, client, state, merger, replay, preparer.add)
            preparer.add(fetched.records)  # what a source did not hand over as it went
            outcome.requests = client.requests_made
            outcome.not_modified = fetched.not_modified
            outcome.fetched = len(fetched.records)
            outcome.skipped = len(fetched.skipped)
            for reason in fetched.skipped:
                log.info("%s: skipped %s", source.name, reason)
            with transaction(self.db):
                for i, record in enumerate(fetched.records):
                    if self.progress and i % 200 == 0:
                        self.progress(source.name, f"storing {i}/{len(fetched.records)}")
                    reason = usable(record)
                    if reason:
                        outcome.skipped += 1
                        log.info("%s: skipped a record: %s", source.name, reason)
                        continue
                    outcome.counts[merger.save(record, preparer.get(record))] += 1
                for pmid in fetched.known_pmids:
                    result = merger.resight(pmid)
                    if result:
                        outcome.counts[result] += 1
                self._finish_state(source, fetched, now, error=None)
                self._finish_run(run_id, outcome, status="ok")
            outcome.ok = True
        except TrackerError as exc:
            outcome.requests = client.requests_made
            outcome.error = str(exc)
            self._record_failure(source, run_id, outcome, now)
        except Exception as exc:  # a bug in one source must not stop the others
            log.exception("%s: unexpected error", source.name)
            outcome.requests = client.requests_made
            outcome.error = f"unexpected {type(exc).__name__}: {exc}"
            self._record_failure(source, run_id, outcome, now)
        finally:
            client.close()
            preparer.close()
        return outcome

    def _fetch(self, source, client, state, merger, replay, on_records) -> Fetched:
        if isinstance(source, PubmedSource):
            return fetch_pubmed(source, client, state, merger.known_pmids, self.config.contact.tool,
                                self.config.contact.email, today=self.today, replay=replay,
                                on_records=on_records)
        return fetch_feed(source, client, state, replay=replay)

    def _state(self, source) -> dict:
        row = self.db.execute("SELECT * FROM source_state WHERE source = ?", [source.name]).fetchone()
        if row is None:
            return {}
        cols = [d[0] for d in self.db.execute("SELECT * FROM source_state LIMIT 0").description]
        state = dict(zip(cols, row))
        if state.get("fingerprint") != fingerprint(source):
            log.info("%s: address or query changed since last run: starting afresh", source.name)
            return {"failures_in_row": state.get("failures_in_row") or 0}
        return state

    def _finish_state(self, source, fetched: Fetched, now: str, error: str | None) -> None:
        values = {
            "source": source.name, "fingerprint": fingerprint(source), "last_attempt": now,
            "last_success": now, "failures_in_row": 0, "last_error": None,
        }
        if not fetched.not_modified and fetched.state is not None:
            # What this fetch returned replaces what was stored (a feed that dropped its ETag
            # must not keep the old one).
            keys = ("window_end", "refreshed_until") if isinstance(source, PubmedSource) else ("etag", "last_modified")
            values.update({k: fetched.state.get(k) for k in keys})
        self.db["source_state"].upsert(values, pk="source")

    def _finish_run(self, run_id: int, outcome: SourceOutcome, status: str) -> None:
        self.db["runs"].update(run_id, {
            "finished": utcnow(), "status": status, "requests": outcome.requests,
            "not_modified": int(outcome.not_modified), "fetched": outcome.fetched,
            "skipped": outcome.skipped, "failed": int(status != "ok"), "error": outcome.error,
            **outcome.counts,
        })

    def _record_failure(self, source, run_id: int, outcome: SourceOutcome, now: str) -> None:
        with transaction(self.db):
            prior = self.db.execute(
                "SELECT failures_in_row FROM source_state WHERE source = ?", [source.name]).fetchone()
            self.db.execute(
                "INSERT INTO source_state (source, last_attempt, failures_in_row, last_error) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(source) DO UPDATE SET last_attempt = excluded.last_attempt,"
                " failures_in_row = excluded.failures_in_row, last_error = excluded.last_error",
                [source.name, now, (prior[0] if prior else 0) + 1, outcome.error],
            )
            outcome.counts = dict.fromkeys(COUNTS, 0)
            self._finish_run(run_id, outcome, status="failed")
