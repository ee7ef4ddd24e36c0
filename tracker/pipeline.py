"""`tracker run`: every enabled source, each stored in its own transaction.

A source that fails (network, HTTP, parse, in-band error) is recorded as failed for this run and
changes nothing already stored; the other sources go on. Sources on different hosts are fetched
side by side, one thread per host (each host keeps its own rate limit, and its sources go one
after another); this thread alone writes to the database, storing the sources in the order of
feeds.yaml as their fetches end. A slow or dead host then holds up only its own sources.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from queue import SimpleQueue

import sqlite_utils

from .config import Config
from .errors import ParseError, TrackerError, error_line, printable, stop_name
from .http import HttpClient, RateLimiter
from .merge import Merger, stored_pmids
from .parallel import Preparer
from .records import usable
from .ranking import make_ranker
from .sources import Fetched
from .sources.pubmed import PubmedFetcher
from .sources.registry import FetchContext, host as _host, source_type
from .sources.similar import SOURCE as SIMILAR, Similar, fetch_similar, similar_source
from .store import file_lock, rows_in, run_lock_path, transaction, utcnow

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
    # One short printable line (source_state.last_error, the summary) and the whole story
    # (runs.error: `tracker status --json`, and the log with -v).
    error: str | None = None
    detail: str | None = None

    def failed(self, message: str, detail: str | None = None) -> None:
        """Record why the source failed: both texts without control characters or escape
        sequences (they quote what a server sent, and end up on a terminal)."""
        self.error = error_line(message)
        self.detail = printable(detail or message)

    def summary(self) -> str:
        if not self.ok:
            return f"{self.source}: FAILED after {self.requests} request(s): {error_line(self.error or '')}"
        if self.not_modified:  # (more than one when a retry came first)
            return f"{self.source}: not modified ({self.requests} request{'' if self.requests == 1 else 's'})"
        c = self.counts
        return (f"{self.source}: {self.fetched} fetched, {c['new']} new, {c['updated']} updated, "
                f"{c['merged']} merged, {c['unchanged']} unchanged, {self.skipped} skipped "
                f"({self.requests} request(s))")


@dataclass
class _Job:
    """One source in one run: what its fetch needs, set up in the main thread, and what the
    fetch gave (records or an exception) once `fetched` is true."""

    source: object
    outcome: SourceOutcome
    run_id: int
    now: str
    state: dict
    client: HttpClient
    merger: Merger
    preparer: Preparer
    replay: bytes | None
    result: Fetched | None = None
    error: BaseException | None = None
    fetched: bool = False  # read only by the thread that fetches it
    stored: threading.Event = field(default_factory=threading.Event)
    done: SimpleQueue | None = None  # where a fetched job is handed to the storing thread

    def finish_fetch(self) -> None:
        self.fetched = True
        if self.done is not None:
            self.done.put(self)


def _one_at_a_time(progress):
    lock = threading.Lock()

    def show(name: str, message: str) -> None:
        with lock:
            progress(name, message)
    return show


@contextmanager
def run_lock(db_path: str | Path):
    """An exclusive, non-blocking lock beside the database: one run at a time (another is refused
    at once; a glance at the lock, store.lock_held, is waited out). It holds the running process's
    id."""
    lock_path = run_lock_path(db_path)
    with file_lock(lock_path, wait=0, busy=f"another tracker run holds {lock_path} (or a rescore or rank train: one at a time)") as handle:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


def fingerprint(source) -> str:
    """Changes when the source's address or query does: stored ETags and windows then reset."""
    return source_type(source).fingerprint(source)


class Runner:
    def __init__(self, config: Config, db: sqlite_utils.Database, *, today: date | None = None,
                 sleep=None, progress=None, parallel_min: int | None = None):
        self.config = config
        self.db = db
        self.stored: list[SourceOutcome] = []  # each source's outcome as it is stored (a stopped run still has them)
        self.scorer = make_ranker(config, db)
        self.today = today
        self.sleep = sleep
        # callable(source_name, message) for a terminal display; fetch threads call it too, so
        # one line is written at a time
        self.progress = _one_at_a_time(progress) if progress else None
        self.limiters: dict[str, RateLimiter] = {}
        # From how many records of a source a worker process prepares them (None: never). Only
        # a program whose main module is import-safe may turn it on (tracker.cli does): the
        # worker is spawned, and spawning imports the main module again.
        self.parallel_min = parallel_min

    def _client(self, source) -> HttpClient:
        # One limiter per host, at the strictest rate any source asks for, so two PubMed
        # queries together still keep to NCBI's limit.
        host = _host(source)
        rate = source_type(source).rate(source)
        limiter = self.limiters.get(host)
        if limiter is None:
            limiter = self.limiters[host] = RateLimiter(rate)
        else:
            limiter.slow_to(rate)  # the host's one limiter, which knows when it was last asked
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
        try:
            self.retrain_if_needed()
            sources = [s for s in self.config.sources
                       if (s.name in only if only else s.enabled)]
            outcomes = self._run_sources(sources, group, replay or {})
            if not only and replay is None:
                similar = self.run_similar(group)
                if similar is not None:
                    outcomes.append(similar)
        except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (tracker.cli.main): its rows say so now
            self.interrupted(f"stopped by {stop_name(stop)}")
            raise
        return outcomes

    def interrupted(self, reason: str) -> None:
        """Close the log rows of a run stopped part-way (Ctrl-C, SIGTERM): whoever runs holds the
        lock, so every row still "running" is this run's. What each source stored before is kept;
        a source's transaction still open (a second signal inside its rollback) is rolled back here,
        never committed with the rows. Best effort, and quick: a database another process holds is
        not waited on for long (the next run closes the rows anyway)."""
        conn = self.db.conn
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute("PRAGMA busy_timeout = 1000")
            conn.execute("UPDATE runs SET status = 'interrupted', finished = ?, error = ? WHERE status = 'running'",
                         [utcnow(), reason])
        except sqlite3.Error as exc:
            log.warning("could not mark the stopped run's log rows as interrupted: %s", exc)

    def retrain_if_needed(self) -> None:
        """Before polling, bring the stored scores up to date (tracker.ranking.train.out_of_date):
        decisions changed since the model was trained, or it read papers as an older release did
        (and there are enough decisions): learn from them
        and rescore; the config changed what ranks (the model in use, its weight, cap or
        threshold): rescore. New papers then meet the same ranking as the stored ones. A failure
        is logged and the run goes on with what is stored: polling matters more."""
        from .ranking.train import bring_up_to_date

        done = None
        try:
            # shown only while there is work: rescoring reports how far it has got
            shown = (lambda n, total: self.progress("ranking", f"rescoring {n}/{total}")) if self.progress else None
            done, result = bring_up_to_date(self.db, self.config, progress=shown)
            if done == "train" and result.model is not None:
                log.info("ranking: model %s trained on %d approved and %d rejected papers; %d rescored",
                         result.model.id, result.model.approved, result.model.rejected, result.rescored)
            elif done == "apply":
                log.info("ranking: the config changed what ranks; %d paper(s) rescored", result.rescored)
        except Exception:
            log.exception("ranking: bringing the model up to date failed; ranking with the stored one")
            done = "failed"
        if done:  # the ranker __init__ made is still the one in force otherwise
            self.scorer = make_ranker(self.config, self.db)

    def _run_sources(self, sources: list, group: str, replay: dict[str, bytes]) -> list[SourceOutcome]:
        """Fetch the sources, a thread per host when there are several hosts, and store each, in
        this thread, as soon as its fetch is done: a slow or dead host holds up only its own
        sources. The outcomes come back in the order given."""
        hosts: dict[str, list] = {}
        for source in sources:
            hosts.setdefault(_host(source), []).append(source)
        path = self._db_file()
        if len(hosts) < 2 or replay or path is None:
            return [self.run_source(source, group, replay.get(source.name)) for source in sources]
        jobs = {source.name: self._start(source, group, None) for source in sources}
        done: SimpleQueue = SimpleQueue()
        for job in jobs.values():
            job.done = done
        stop = threading.Event()
        threads = [threading.Thread(target=self._fetch_host, args=([jobs[s.name] for s in queue], path, stop),
                                    name=f"fetch {host}", daemon=True) for host, queue in hosts.items()]
        for thread in threads:
            thread.start()
        stored: dict[str, SourceOutcome] = {}
        try:
            for _ in sources:
                job = done.get()
                stored[job.source.name] = self._store(job)
                job.stored.set()
        finally:
            # Interrupted (Ctrl-C), a thread still waiting for a source to be stored goes on,
            # sees `stop` and ends; one in the middle of a request is a daemon, and is not waited for.
            stop.set()
            for job in jobs.values():
                job.stored.set()
        for thread in threads:
            thread.join()
        return [stored[source.name] for source in sources]

    def _fetch_host(self, queue: list[_Job], path: str, stop: threading.Event) -> None:
        """One host's sources, one after another: each waits until the one before is stored, so
        a PubMed query sees what the query before it stored and does not fetch it again."""
        conn = None
        try:
            conn = sqlite3.connect(path, timeout=30)
            known = functools.partial(stored_pmids, conn)
            for i, job in enumerate(queue):
                if i:
                    queue[i - 1].stored.wait()
                if stop.is_set():
                    job.error = TrackerError("the run stopped before this source was fetched")
                    job.finish_fetch()
                    continue
                self._fetch_job(job, known, conn)
        except BaseException as exc:  # the database could not be read: every job left fails
            for job in queue:
                if not job.fetched:
                    job.error = exc
                    job.finish_fetch()
        finally:
            if conn is not None:
                conn.close()

    def _db_file(self) -> str | None:
        """The database's file (None in memory: then nothing is fetched side by side)."""
        row = self.db.execute("PRAGMA database_list").fetchone()
        return row[2] or None if row else None

    def run_source(self, source, group: str, replay: bytes | None = None) -> SourceOutcome:
        job = self._start(source, group, replay)
        self._fetch_job(job, job.merger.known_pmids, job.merger.conn)
        return self._store(job)

    def _start(self, source, group: str, replay: bytes | None) -> _Job:
        """What a source's fetch needs, made in this thread: its run row, state, client, merger."""
        now = utcnow()
        run_id = self.db["runs"].insert({"run_group": group, "source": source.name, "started": now,
                                         "replay": int(replay is not None)}).last_pk
        merger = Merger(self.db, self.scorer, source.name, source.type, run_id)
        # A big batch is prepared (JSON, hash, score) by a worker process as it arrives.
        preparer = Preparer(self.config, self.parallel_min, model=self.scorer.model)
        return _Job(source=source, outcome=SourceOutcome(source=source.name, ok=False), run_id=run_id, now=now,
                    state=self._state(source), client=self._client(source), merger=merger,
                    preparer=preparer, replay=replay)

    def _fetch_job(self, job: _Job, known_pmids, conn) -> None:
        """The network part, in whichever thread: never writes to the database."""
        try:
            if self.progress:
                self.progress(job.source.name, "fetching")
            job.result = source_type(job.source).fetch(FetchContext(
                source=job.source, client=job.client, state=job.state, known_pmids=known_pmids, conn=conn,
                tool=self.config.contact.tool, email=self.config.contact.email, today=self.today,
                replay=job.replay, on_records=job.preparer.add))
            job.preparer.add(job.result.records)  # what a source did not hand over as it went
        except BaseException as exc:  # handled where the job is stored
            # A domain error's traceback is of no use, and its frames hold what was read
            # (up to a body's cap) until the job is stored.
            job.error = exc.with_traceback(None) if isinstance(exc, TrackerError) else exc
        finally:
            job.finish_fetch()

    def _store(self, job: _Job) -> SourceOutcome:
        source, outcome, client, merger, preparer = job.source, job.outcome, job.client, job.merger, job.preparer
        run_id, now = job.run_id, job.now
        try:
            if job.error is not None:
                raise job.error
            fetched = job.result
            outcome.requests = client.requests_made
            outcome.not_modified = fetched.not_modified
            outcome.fetched = len(fetched.records)
            outcome.skipped = len(fetched.skipped)
            for reason in fetched.skipped:
                log.info("%s: skipped %s", source.name, printable(reason))
            with transaction(self.db):
                for i, record in enumerate(fetched.records):
                    if self.progress and i % 200 == 0:
                        self.progress(source.name, f"storing {i}/{len(fetched.records)}")
                    reason = usable(record)
                    if reason:
                        outcome.skipped += 1
                        log.info("%s: skipped a record: %s", source.name, printable(reason))
                        continue
                    outcome.counts[merger.save(record, preparer.get(record))] += 1
                for pmid in fetched.known_pmids:
                    result = merger.resight(pmid)
                    if result:
                        outcome.counts[result] += 1
                if job.replay is None:  # a saved response replayed says nothing of the source's health
                    self._finish_state(source, fetched, now, error=None)
                self._finish_run(run_id, outcome, status="ok")
            outcome.ok = True
        except TrackerError as exc:
            outcome.requests = client.requests_made
            outcome.failed(str(exc), getattr(exc, "detail", None))
            self._record_failure(source, run_id, outcome, now, health=job.replay is None)
        except Exception as exc:  # a bug in one source must not stop the others
            log.error("%s: unexpected error", source.name, exc_info=exc)
            outcome.requests = client.requests_made
            outcome.failed(f"unexpected {type(exc).__name__}: {exc}")
            self._record_failure(source, run_id, outcome, now, health=job.replay is None)
        finally:
            client.close()
            preparer.close()
            job.result = job.error = None  # the records and the error are stored: let them go
        self.stored.append(outcome)
        return outcome

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
            keys = source_type(source).state_keys
            values.update({k: fetched.state.get(k) for k in keys})
        self.db["source_state"].upsert(values, pk="source")

    def _finish_run(self, run_id: int, outcome: SourceOutcome, status: str) -> None:
        self.db["runs"].update(run_id, {
            "finished": utcnow(), "status": status, "requests": outcome.requests,
            "not_modified": int(outcome.not_modified), "fetched": outcome.fetched,
            "skipped": outcome.skipped, "failed": int(status != "ok"), "error": outcome.detail,
            **outcome.counts,
        })

    def _record_failure(self, source, run_id: int, outcome: SourceOutcome, now: str,
                        keep_counts: bool = False, health: bool = True) -> None:
        """source_state keeps the short line, the run's row the detail. health=False (a saved
        response replayed with --load): the run's row only; the source's failures in a row and
        last error are its real fetches'."""
        log.info("%s: failed: %s", source.name, outcome.detail)
        with transaction(self.db):
            if health:
                prior = self.db.execute(
                    "SELECT failures_in_row FROM source_state WHERE source = ?", [source.name]).fetchone()
                self.db.execute(
                    "INSERT INTO source_state (source, last_attempt, failures_in_row, last_error) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(source) DO UPDATE SET last_attempt = excluded.last_attempt,"
                    " failures_in_row = excluded.failures_in_row, last_error = excluded.last_error",
                    [source.name, now, (prior[0] if prior else 0) + 1, outcome.error],
                )
            if not keep_counts:  # a failed source stored nothing (similar: what it stored stays)
                outcome.counts = dict.fromkeys(COUNTS, 0)
            self._finish_run(run_id, outcome, status="failed")

    # -- PubMed's similar articles ----------------------------------------------------------

    def run_similar(self, group: str) -> SourceOutcome | None:
        """Ask PubMed once for the similar articles of each approved paper not yet looked up
        (whoever approved it: CLI, web or import), through the first PubMed source's address and
        client. None, and nothing written, when there is nothing to ask.

        Each look-up is stored in its own transaction together with its similar_lookups row, so
        the look-ups done before a failure stay done, and a failed one is asked again next run.
        An in-band error (about one PMID) goes on to the next paper; a network or HTTP failure,
        after the client's retries, ends the look-ups for this run."""
        source = similar_source(self.config)
        if source is None:
            return None
        pending = self.db.execute(
            "SELECT id, pmid FROM papers WHERE status = 'approved' AND pmid IS NOT NULL AND pmid != ''"
            " AND NOT EXISTS (SELECT 1 FROM similar_lookups l WHERE l.pmid = papers.pmid)"
            " ORDER BY last_decision, id").fetchall()
        if not pending:
            return None
        ranking = self.config.ranking
        outcome = SourceOutcome(source=SIMILAR, ok=False)
        now = utcnow()
        run_id = self.db["runs"].insert({"run_group": group, "source": SIMILAR, "started": now}).last_pk
        client = self._client(source)
        merger = Merger(self.db, self.scorer, SIMILAR, "pubmed", run_id)
        fetcher = PubmedFetcher(source, client, self.config.contact.tool, self.config.contact.email)
        errors: list[tuple[str, str]] = []  # (short, detail)
        try:
            for i, (paper_id, pmid) in enumerate(pending):
                if self.progress:
                    self.progress(SIMILAR, f"looking up {i + 1}/{len(pending)}")
                try:
                    found = fetch_similar(fetcher, pmid, limit=ranking.similar_per_paper,
                                          days=ranking.similar_days, today=self.today or date.today(),
                                          stored=lambda ids: _stored_pmids(merger, ids))
                except ParseError as exc:
                    errors.append((f"PMID {pmid}: {exc}", f"PMID {pmid}: {getattr(exc, 'detail', exc)}"))
                    continue
                except TrackerError as exc:
                    errors.append((f"PMID {pmid}: {exc}", f"PMID {pmid}: {getattr(exc, 'detail', exc)}"))
                    break
                self._store_similar(found, paper_id, merger, outcome, run_id)
        except Exception as exc:  # a bug here must not hide the sources' results
            log.exception("%s: unexpected error", SIMILAR)
            errors.append((f"unexpected {type(exc).__name__}: {exc}",) * 2)
        finally:
            client.close()
        outcome.requests = client.requests_made
        if errors:
            left = len(errors) - 3
            more = f"; and {left} more" if left > 0 else ""
            outcome.failed(errors[0][0] + (f"; and {len(errors) - 1} more" if len(errors) > 1 else ""),
                           "; ".join(detail for _, detail in errors[:3]) + more)
            self._record_failure(_Named(SIMILAR), run_id, outcome, now, keep_counts=True)
            return outcome
        with transaction(self.db):
            self.db["source_state"].upsert({
                "source": SIMILAR, "last_attempt": now, "last_success": now, "failures_in_row": 0,
                "last_error": None}, pk="source")
            self._finish_run(run_id, outcome, status="ok")
        outcome.ok = True
        return outcome

    def _store_similar(self, found: Similar, paper_id: int, merger: Merger, outcome: SourceOutcome,
                       run_id: int) -> None:
        """One look-up's records, the papers it brought in, and the look-up itself: all or nothing
        (the counts too: they reach `outcome` only once the transaction is committed)."""
        counts = dict.fromkeys(COUNTS, 0)
        skipped = len(found.skipped)
        for reason in found.skipped:
            log.info("%s: skipped %s", SIMILAR, printable(reason))
        with transaction(self.db):
            for record in found.records:
                reason = usable(record)
                if reason:
                    skipped += 1
                    log.info("%s: skipped a record: %s", SIMILAR, printable(reason))
                    continue
                result = merger.save(record)
                counts[result] += 1
                # Only a paper this look-up brought in is "similar to" it; a neighbour that
                # turned out to be stored already (same DOI) just gains the sighting.
                if result == "new":
                    self.db.execute(
                        "INSERT OR IGNORE INTO similar_papers (pmid, source_pmid, score, run_id, found)"
                        " VALUES (?, ?, ?, ?, ?)",
                        [record.pmid, found.pmid, found.scores.get(record.pmid), run_id, merger.now])
            self.db.execute(
                "INSERT INTO similar_lookups (pmid, paper_id, run_id, looked_up, neighbours, fetched)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [found.pmid, paper_id, run_id, merger.now, len(found.neighbours), len(found.records)])
        outcome.fetched += len(found.records)
        outcome.skipped += skipped
        for key, n in counts.items():
            outcome.counts[key] += n


@dataclass(frozen=True)
class _Named:
    """What the source-state helpers need of a source: its name."""

    name: str


def _stored_pmids(merger: Merger, pmids: list[str]) -> set[str]:
    """The PMIDs among these that a stored paper has, or whose PubMed record is stored."""
    known = merger.known_pmids(pmids)
    known.update(r[0] for r in rows_in(merger.conn, "SELECT pmid FROM papers WHERE pmid IN ({marks})", pmids))
    return known
