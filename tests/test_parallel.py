"""A big batch is prepared (JSON, hash, score) in a worker process while the run writes it.

The worker must change nothing but the speed: the same papers, scores, explanations and
sightings as when every record is prepared inline; and a worker that cannot start or dies only
makes the run slower.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest
from builders import article, config_with, efetch, efetch_ids, esearch
from httpserver import Reply

import tracker.parallel
from tracker.config import default_config_path, load_config
from tracker.merge import prepare, record_dict
from tracker.parse.pubmed import parse_efetch
from tracker.pipeline import Runner
from tracker.ranking import make_ranker
from tracker.ranking.model import Example, fit
from tracker.store import open_db

TODAY = date(2026, 11, 20)

pytestmark = pytest.mark.skipif(tracker.parallel.usable_cpus() < 2, reason="needs two CPUs for the worker path")

TITLES = [
    "Ketamine-assisted couple therapy for depression and relationship distress",
    "Psilocybin therapy for treatment-resistant depression",
    "Family therapy after a first psychotic episode",
    "Ketamine versus propofol for procedural sedation in children",
    "MDMA-assisted therapy for PTSD with a partner present",
    "Dyadic coping in couples facing cancer",
]


def articles(n: int) -> dict[str, str]:
    """PMID -> <PubmedArticle>: a mix of topics, some animal-only, so the scores differ."""
    made = {}
    for i in range(n):
        title = TITLES[i % len(TITLES)]
        pmid = str(91000000 + i)
        made[pmid] = article(
            pmid, f"{title} ({i})", doi=f"10.1000/par.{i}",
            abstract=f"{title}. Patients and their partners took part; study {i}.",
            mesh=("Humans",) if i % 2 else ("Mice",), keywords=("psychotherapy",) if i % 3 else ())
    return made


def corpus(n: int) -> bytes:
    return efetch(*articles(n).values())


def make_config(server):
    return config_with([{"name": "pubmed", "type": "pubmed", "query": "q", "base_url": server.url + "/eutils/",
                         "requests_per_second": 1000, "retries": 1, "batch_size": 50}])


def serve(server, n: int) -> None:
    """esearch lists n PMIDs; efetch answers by history position, in batches."""
    made = articles(n)
    ids = list(made)
    server.route("/eutils/esearch.fcgi", Reply(200, esearch(ids, webenv="W")))

    def efetch_reply(seen):
        return Reply(200, efetch(*(made[pmid] for pmid in efetch_ids(seen, {"W": ids}))))

    server.route("/eutils/efetch.fcgi", efetch_reply)


def stored(db) -> tuple[list, list]:
    papers = [tuple(r) for r in db.execute(
        "SELECT pmid, doi, title, abstract, score, topics, explanation, status, retracted FROM papers ORDER BY pmid")]
    sightings = [tuple(r) for r in db.execute(
        "SELECT source_key, content_hash, record FROM sightings ORDER BY source_key")]
    return papers, sightings


def ingest(server, tmp_path, name: str, parallel_min: int):
    db = open_db(tmp_path / f"{name}.db")
    outcomes = Runner(make_config(server), db, today=TODAY, sleep=lambda s: None, parallel_min=parallel_min).run()
    assert outcomes[0].ok, outcomes[0].error
    return db, outcomes[0]


def test_a_worker_prepared_run_stores_exactly_what_an_inline_run_does(http_server, tmp_path, monkeypatch):
    serve(http_server, 240)
    inline_db, inline = ingest(http_server, tmp_path, "inline", parallel_min=10**9)
    from_worker = []
    original = tracker.parallel.Preparer.get

    def spy(self, record):
        prepared = original(self, record)
        from_worker.append(prepared is not None and prepared.scored is not None)
        return prepared

    monkeypatch.setattr(tracker.parallel.Preparer, "get", spy)
    worker_db, worker = ingest(http_server, tmp_path, "worker", parallel_min=1)
    assert len(from_worker) == 240 and sum(from_worker) >= 200  # the worker really did the work

    assert worker.counts == inline.counts == {"new": 240, "updated": 0, "merged": 0, "unchanged": 0}
    assert stored(worker_db) == stored(inline_db)
    # Scores really vary across this corpus, so equal rows are not equal by accident.
    assert len({row[4] for row in stored(worker_db)[0]}) > 3
    assert {row[7] for row in stored(worker_db)[0]} == {"candidate", "below_threshold"}


@pytest.mark.parametrize("with_model", [False, True], ids=["rules", "rules+model"])
def test_the_worker_prepares_what_inline_preparation_would_in_the_same_order(with_model):
    config = load_config(default_config_path())
    records = parse_efetch(corpus(450)).records
    model = None
    if with_model:
        # A model learned from the corpus itself: the worker gets it as plain data.
        examples = [Example(record_dict(r), i % 3 == 0) for i, r in enumerate(records[:60])]
        model = fit(examples)
    scorer = make_ranker(config, model=model)
    assert (scorer.model is not None) == with_model
    with tracker.parallel.Preparer(config, minimum=100, model=scorer.model) as preparer:
        for start in range(0, len(records), 50):  # batches as efetch delivers them
            preparer.add(records[start : start + 50])
        preparer.add(records)  # handing the same records over again changes nothing
        assert preparer.executor is not None
        ahead = [preparer.get(r) for r in records]
    assert sum(p is not None for p in ahead) > 0
    # Where the worker fell behind, a chunk is left to the caller (None); the rest must match.
    assert all(p is None or p == prepare(r, scorer) for r, p in zip(records, ahead))


def test_small_batches_start_no_worker():
    config = load_config(default_config_path())
    records = parse_efetch(corpus(5)).records
    with tracker.parallel.Preparer(config, minimum=6) as preparer:
        preparer.add(records)
        assert preparer.executor is None
        assert [preparer.get(r) for r in records] == [None] * 5


def test_the_worker_starts_while_efetch_batches_are_still_arriving(http_server, tmp_path, monkeypatch):
    serve(http_server, 240)
    handed = []
    original = tracker.parallel.Preparer.add

    def spy(self, records):
        handed.append((len(records), self.executor is not None))
        return original(self, records)

    monkeypatch.setattr(tracker.parallel.Preparer, "add", spy)
    ingest(http_server, tmp_path, "spy", parallel_min=100)
    # Five efetch batches of at most 50, then the whole list once more after the fetch.
    assert [n for n, _ in handed] == [50, 50, 50, 50, 40, 240]
    assert [started for _, started in handed] == [False, False, True, True, True, True]


def test_a_worker_that_cannot_start_only_slows_the_run(http_server, tmp_path, monkeypatch, caplog):
    serve(http_server, 120)
    inline_db, _ = ingest(http_server, tmp_path, "inline", parallel_min=10**9)

    def broken(config):
        raise RuntimeError("worker refuses to start")

    monkeypatch.setattr(tracker.parallel, "_start_worker", broken)
    with caplog.at_level(logging.WARNING, logger="tracker.parallel"):
        fallback_db, outcome = ingest(http_server, tmp_path, "fallback", parallel_min=1)
    assert outcome.counts["new"] == 120
    assert stored(fallback_db) == stored(inline_db)
    assert "going on in this process" in caplog.text


def test_a_runner_starts_no_worker_unless_asked(http_server, tmp_path, monkeypatch):
    """Spawning imports the main module again: only `tracker run` (whose main module is safe to
    import) turns the worker on; a Runner built by other code prepares inline."""
    serve(http_server, 60)
    started = []
    monkeypatch.setattr(tracker.parallel, "ProcessPoolExecutor", lambda *a, **k: started.append(1))
    db = open_db(tmp_path / "default.db")
    outcome = Runner(make_config(http_server), db, today=TODAY, sleep=lambda s: None).run()[0]
    assert outcome.ok and outcome.counts["new"] == 60 and started == []


def test_served_chunks_are_let_go():
    config = load_config(default_config_path())
    records = parse_efetch(corpus(450)).records
    with tracker.parallel.Preparer(config, minimum=1) as preparer:
        preparer.add(records)
        for record in records[:401]:  # into the third chunk (200 per chunk)
            preparer.get(record)
        assert [len(chunk) for chunk, _ in preparer.chunks] == [0, 0, 50]
        assert preparer.get(records[0]) is None  # served once, then gone


WORKER_PARENT = """
import sys, time
from tracker.config import default_config_path, load_config
from tracker.parse.pubmed import parse_efetch
import tracker.parallel

if __name__ == "__main__":
    records = parse_efetch(open(sys.argv[1], "rb").read()).records
    preparer = tracker.parallel.Preparer(load_config(default_config_path()), minimum=1)
    preparer.add(records)
    preparer.get(records[0])  # the worker is up and has answered
    print(*preparer.executor._processes, flush=True)
    time.sleep(60)
"""


def test_the_worker_exits_when_its_parent_is_killed(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    (tmp_path / "parent.py").write_text(WORKER_PARENT)
    (tmp_path / "batch.xml").write_bytes(corpus(300))
    parent = subprocess.Popen([sys.executable, str(tmp_path / "parent.py"), str(tmp_path / "batch.xml")],
                              stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 1
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and os.path.exists(f"/proc/{workers[0]}"):
            time.sleep(0.05)
        state = open(f"/proc/{workers[0]}/stat").read().split()[2] if os.path.exists(f"/proc/{workers[0]}") else "gone"
        assert state in ("gone", "Z"), f"worker {workers[0]} still running ({state})"
    finally:
        parent.kill()
