"""Prepare a large batch of records in a second process while this one writes them.

Storing a record is database work (lookups, inserts, the full-text index) plus work that needs
no database at all: its JSON, the hash of that JSON, and the score of its own fields. For a big
first run (thousands of PubMed records) a worker process does the second kind for record i+k
while this process writes record i, so the two halves run on two cores side by side.

The worker never touches the database, the lock or the network. Small batches (every ordinary
daily run) are not worth starting a process for and are prepared inline, as is everything on a
one-core machine. If the worker cannot start or dies, the rest of the batch is prepared inline:
the run is slower, never wrong.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from .config import Config
from .merge import Prepared, prepare
from .records import Record
from .score import Scorer

log = logging.getLogger(__name__)

# Below this many records a run prepares them inline: starting a worker costs a few tenths of
# a second, about what preparing 2,000 records on the side saves.
PARALLEL_MIN = 2000
CHUNK = 200  # records per message to the worker

_scorer: Scorer | None = None


def _start_worker(config: Config) -> None:
    global _scorer
    _scorer = Scorer(config)


def _prepare_chunk(records: list[Record]) -> list[Prepared]:
    return [prepare(record, _scorer) for record in records]


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def prepared_records(records: list[Record], config: Config, minimum: int = PARALLEL_MIN) -> Iterator[Prepared | None]:
    """One Prepared per record, in order, or None where the caller should prepare it inline."""
    if len(records) < minimum or usable_cpus() < 2:
        yield from (None for _ in records)
        return
    done = 0
    # spawn, not fork: the parent may have threads (a progress display, a test's server), and
    # a forked copy of a locked lock would hang the worker.
    executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(config,))
    try:
        chunks = [executor.submit(_prepare_chunk, records[i : i + CHUNK]) for i in range(0, len(records), CHUNK)]
        for chunk in chunks:
            for item in chunk.result():
                yield item
                done += 1
    except Exception as exc:  # a worker that died or could not start: carry on without it
        log.warning("preparing records in a worker process failed (%s: %s); going on in this process",
                    type(exc).__name__, exc)
        yield from (None for _ in records[done:])
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
