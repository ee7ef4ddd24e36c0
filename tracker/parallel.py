"""Prepare a large batch of records in a second process while this one fetches and writes.

Storing a record is database work (lookups, inserts, the full-text index) plus work that needs
no database at all: its JSON, the hash of that JSON, and the score of its own fields. For a big
run (thousands of PubMed records) a worker process does the second kind as each efetch batch
arrives, while this process goes on fetching, parsing and then writing: two cores side by side.

The worker never touches the database, the lock or the network. Small runs (every ordinary
daily run) are not worth starting a process for and are prepared inline, as is everything on a
one-CPU machine. If the worker cannot start or dies, what it has not done is prepared inline:
the run is slower, never different.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor

from .config import Config
from .merge import Prepared, prepare
from .records import Record
from .ranking import Ranker, make_ranker
from .ranking.model import LinearModel

log = logging.getLogger(__name__)

# Below this many records a run prepares them inline: starting a worker costs a few tenths of
# a second, about what preparing 2,000 records on the side saves.
PARALLEL_MIN = 2000
CHUNK = 200  # records per message to the worker

_ranker: Ranker | None = None


def _start_worker(config: Config, model: dict | None) -> None:
    global _ranker
    # Ctrl-C is the parent's to handle; and a parent killed outright (SIGKILL, an OOM kill)
    # must not leave the worker waiting on its queue forever, holding cron's output pipe open.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()
    # The same ranker as the parent's: the rules, and its model as plain data.
    _ranker = make_ranker(config, model=LinearModel.from_dict(model) if model else None)


def _exit_with(sentinel) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _prepare_chunk(records: list[Record]) -> list[Prepared]:
    return [prepare(record, _ranker) for record in records]


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Preparer:
    """Collects a source's records as they arrive; once there are `minimum` of them, a worker
    process prepares them in chunks. get(record) then gives the record's Prepared, or None
    where the caller should prepare it itself. Use as a context manager (close stops the worker)."""

    def __init__(self, config: Config, minimum: int | None = PARALLEL_MIN, model: LinearModel | None = None):
        self.config = config
        self.model = model.to_dict() if model is not None else None
        self.minimum = minimum
        self.waiting: list[Record] = []
        self.added: set[int] = set()  # id() of every record added (the records stay alive in here)
        self.chunks: list[tuple[list[Record], Future]] = []
        self.where: dict[int, tuple[int, int]] = {}  # id(record) -> (chunk, position)
        self.results: dict[int, list[Prepared] | None] = {}  # chunk -> its results; None: do it inline
        self.done = 0  # chunks before this one are let go
        self.executor: ProcessPoolExecutor | None = None
        self.off = minimum is None or usable_cpus() < 2

    def add(self, records: list[Record]) -> None:
        """More records of this source, in the order they will be stored."""
        if self.off:
            return
        for record in records:
            if id(record) not in self.added:
                self.added.add(id(record))
                self.waiting.append(record)
        if self.executor is None:
            if len(self.waiting) < self.minimum:
                return
            # spawn, not fork: the parent may have threads (a test's server, a progress
            # display), and a forked copy of a held lock would hang the worker.
            try:
                self.executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                    initializer=_start_worker, initargs=(self.config, self.model))
            except Exception as exc:
                self._give_up(exc)
                return
        while self.waiting and not self.off:
            chunk, self.waiting = self.waiting[:CHUNK], self.waiting[CHUNK:]
            try:
                future = self.executor.submit(_prepare_chunk, chunk)
            except Exception as exc:  # the worker died before this chunk could be handed over
                self._give_up(exc)
                return
            number = len(self.chunks)
            self.chunks.append((chunk, future))
            for position, record in enumerate(chunk):
                self.where[id(record)] = (number, position)

    def get(self, record: Record) -> Prepared | None:
        """The record's Prepared (or None: prepare it yourself). Records are asked for in the
        order they were added; reaching a chunk lets go of the chunks before it."""
        found = self.where.pop(id(record), None)
        if found is None:
            return None
        number, position = found
        while self.done < number:
            self._release(self.done)
            self.done += 1
        if number not in self.results:
            self.results[number] = self._collect(self.chunks[number][1])
        ready = self.results[number]
        return ready[position] if ready is not None else None

    def _release(self, number: int) -> None:
        chunk, _ = self.chunks[number]
        for record in chunk:
            self.where.pop(id(record), None)
        self.chunks[number] = ([], None)  # the future holds the results too
        self.results[number] = None

    def _collect(self, future: Future) -> list[Prepared] | None:
        # A chunk the worker has not started yet is done here instead: the worker is behind.
        if not future.done() and future.cancel():
            return None
        try:
            return future.result()
        except Exception as exc:
            self._give_up(exc)
            return None

    def _give_up(self, exc: Exception) -> None:
        if not self.off:
            log.warning("preparing records in a worker process failed (%s: %s); going on in this process",
                        type(exc).__name__, exc)
        self.off = True
        self.waiting = []

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
