"""Harness: `tracker run` killed with SIGKILL at random moments, 50 times.

The real CLI (`python -m tracker --config ... --db ... run`) runs in a subprocess against the
local HTTP server, which serves a Frontiers feed (80 items, one more at every request), a
PubMed search (160 records, two more at every request; the first 60 are feed papers by DOI)
a medRxiv listing (40 preprints, two more at every listing, 100 a page; the first 20 name
the journal DOI of a PubMed record, so each is one paper with it) and a PsyArXiv listing (30
preprints, one more at every listing, 25 a page along `links.next`): a few hundred works, with
something new for every run, as for cron. Each answer is a little
delayed so that the kills land mid-run: while fetching, parsing, or inside a source's
transaction. Every fifth time a second run starts while the first is running: one of the two
must exit 75 at once (the lock), or run only after the lock is free. Kill moments come from a
fixed seed.

After every kill: no paper lost that a committed transaction had stored (the identifiers read
just before the kill are all still there), no work stored twice, `PRAGMA integrity_check` ok.
At the end a clean run exits 0 and every work the server has listed is there, once.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from builders import article, config_file, efetch, frontiers_feed, frontiers_item
from httpserver import Reply


REPO = Path(__file__).resolve().parent.parent
SEED = 75
KILLS = 50
OVERLAP_EVERY = 5
HANG = 120  # seconds: only a run that never ends takes this long
FEED_START, PUBMED_START, N_SHARED = 80, 160, 60
FEED_GROWTH, PUBMED_GROWTH = 1, 2  # new works per request
RXIV_START, RXIV_GROWTH, RXIV_LINKED = 40, 2, 20
N_RXIV = 300
OSF_START, OSF_PAGE = 30, 25
N_FEED, N_PUBMED = 400, 800  # upper bounds
BATCH = 40

# Works: feed items f0, f1, ... (DOI only), PubMed records p0, p1, ... (PMID and DOI); p_i for
# i < N_SHARED carries f_i's DOI and title: the same paper seen twice.
FEED_DOIS = [f"10.3389/fpsyt.2026.{900000 + i}" for i in range(N_FEED)]
PMIDS = [str(98000000 + i) for i in range(N_PUBMED)]
PUBMED_DOIS = [FEED_DOIS[i] if i < N_SHARED else f"10.1000/crash.{i}" for i in range(N_PUBMED)]


def _title(kind: str, i: int) -> str:
    topic = "ketamine-assisted couple therapy" if i % 2 else "psilocybin and family therapy"
    return f"Work {kind}{i}: {topic} for depression"


class Listed:
    """How many works the server has listed so far; grows with every request."""

    feed = FEED_START - FEED_GROWTH
    pubmed = PUBMED_START - PUBMED_GROWTH
    rxiv = RXIV_START - RXIV_GROWTH
    osf = OSF_START - 1


def _feed_reply(seen) -> Reply:
    Listed.feed = min(N_FEED, Listed.feed + FEED_GROWTH)
    body = frontiers_feed(*(frontiers_item(doi, _title("f", i), description="Couples received therapy.")
                            for i, doi in enumerate(FEED_DOIS[:Listed.feed])))
    return Reply(200, body, {"Content-Type": "application/rss+xml"}, delay=0.1)


def _article(i: int) -> str:
    title = _title("f", i) if i < N_SHARED else _title("p", i)
    return article(PMIDS[i], title, doi=PUBMED_DOIS[i], abstract="Participants received ketamine therapy.")


def _esearch_reply(seen) -> Reply:
    Listed.pubmed = min(N_PUBMED, Listed.pubmed + PUBMED_GROWTH)
    ids = "".join(f"<Id>{p}</Id>" for p in PMIDS[:Listed.pubmed])
    return Reply(200, (f'<?xml version="1.0"?><eSearchResult><Count>{Listed.pubmed}</Count>'
                       f"<RetMax>{Listed.pubmed}</RetMax><RetStart>0</RetStart><QueryKey>1</QueryKey>"
                       f"<WebEnv>MCID_crash</WebEnv><IdList>{ids}</IdList></eSearchResult>").encode(), delay=0.05)


def _rxiv_row(i: int) -> dict:
    return {"doi": f"10.1101/crash.{i}", "title": f"Work r{i}: psilocybin-assisted couple therapy preprint",
            "authors": "Example, A.", "date": "2026-11-01", "version": "1", "category": "psychiatry",
            "abstract": "Couples received psilocybin therapy.", "server": "medRxiv", "type": "new results",
            "published": PUBMED_DOIS[N_SHARED + i] if i < RXIV_LINKED else "NA"}


def _rxiv_reply(seen) -> Reply:
    import json

    cursor = int(seen.path.rstrip("/").rsplit("/", 1)[1])
    if cursor == 0:
        Listed.rxiv = min(N_RXIV, Listed.rxiv + RXIV_GROWTH)
    rows = [_rxiv_row(i) for i in range(cursor, min(cursor + 100, Listed.rxiv))]
    body = {"messages": [{"status": "ok", "cursor": cursor, "count": len(rows), "total": str(Listed.rxiv)}],
            "collection": rows}
    return Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"}, delay=0.05)


def _osf_reply(seen) -> Reply:
    import json

    page = int(seen.query.get("page", ["1"])[0])
    if page == 1:
        Listed.osf += 1
    items = [{"id": f"c{i:04d}", "type": "preprints",
              "attributes": {"title": f"Work o{i}: emotionally focused couple therapy preprint",
                             "description": "Couples received therapy.", "date_created": "2026-11-01T10:00:00"},
              "links": {"preprint_doi": f"https://doi.org/10.31234/osf.io/c{i:04d}"}}
             for i in range((page - 1) * OSF_PAGE, min(page * OSF_PAGE, Listed.osf))]
    more = page * OSF_PAGE < Listed.osf
    base = f"http://{seen.headers['Host']}/osf/preprints/"
    body = {"data": items, "links": {"next": f"{base}?page={page + 1}" if more else None}}
    return Reply(200, json.dumps(body).encode(), {"Content-Type": "application/vnd.api+json"}, delay=0.05)


def _efetch_reply(seen) -> Reply:
    form = {k: v[0] for k, v in seen.form.items()}
    if "id" in form:
        wanted = form["id"].split(",")
    else:
        start = int(form.get("retstart", 0))
        wanted = PMIDS[start:start + int(form.get("retmax", BATCH))]
    index = {p: i for i, p in enumerate(PMIDS)}
    return Reply(200, efetch(*(_article(index[p]) for p in wanted if p in index)), delay=0.06)


@pytest.fixture
def crash_setup(http_server, tmp_path):
    Listed.feed, Listed.pubmed = FEED_START - FEED_GROWTH, PUBMED_START - PUBMED_GROWTH
    Listed.rxiv, Listed.osf = RXIV_START - RXIV_GROWTH, OSF_START - 1
    http_server.route("/osf/preprints/", _osf_reply)
    # The runs' window: from 30 days back (the first run), then from the last end minus 3 days.
    today = date.today()
    for start in (today - timedelta(days=30), today - timedelta(days=3)):
        window = f"{start.isoformat()}/{today.isoformat()}"
        for cursor in range(0, N_RXIV, 100):
            http_server.route(f"/rxiv/details/medrxiv/{window}/{cursor}", _rxiv_reply)
        http_server.route(f"/rxiv/pubs/medrxiv/{window}/0", Reply(200, b'{"messages": [{"status": "no posts found"}]}'))
    http_server.route("/feed", _feed_reply)
    http_server.route("/eutils/esearch.fcgi", _esearch_reply)
    http_server.route("/eutils/efetch.fcgi", _efetch_reply)
    common = {"retries": 0, "timeout": 20, "requests_per_second": 1000}
    config_path = config_file(tmp_path, [
        {"name": "frontiers", "type": "frontiers", "url": http_server.url + "/feed", **common},
        {"name": "pubmed", "type": "pubmed", "query": "ketamine", "base_url": http_server.url + "/eutils/",
         "batch_size": BATCH, **common},
        {"name": "medrxiv", "type": "medrxiv", "base_url": http_server.url + "/rxiv/", **common},
        {"name": "psyarxiv", "type": "psyarxiv", "base_url": http_server.url + "/osf/", **common},
    ])
    return config_path, tmp_path / "tracker.db"


class Runs:
    """Starts `python -m tracker ... run` subprocesses; output goes to files, never a pipe."""

    def __init__(self, config_path: Path, db_path: Path):
        self.command = [sys.executable, "-m", "tracker", "--config", str(config_path), "--db", str(db_path), "run"]
        self.env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.env.pop("NCBI_API_KEY", None)
        self.cwd = db_path.parent
        self.started: list[subprocess.Popen] = []

    def start(self) -> tuple[subprocess.Popen, float]:
        log = open(self.cwd / f"run-{len(self.started) + 1:03d}.log", "wb")
        proc = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT, env=self.env, cwd=self.cwd)
        proc.log_path = Path(log.name)
        log.close()
        self.started.append(proc)
        return proc, time.monotonic()

    def last_log(self) -> str:
        return (self.cwd / f"run-{len(self.started):03d}.log").read_text(errors="replace")

    def kill_all(self) -> None:
        for proc in self.started:
            _kill(proc)


def _connect(db_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def _stored(db_path: Path) -> set[tuple[str, str]]:
    """Every identifier a committed transaction has stored, as (kind, value)."""
    if not db_path.exists():
        return set()
    conn = _connect(db_path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers'").fetchone():
            return set()
        rows = conn.execute("SELECT doi, pmid, preprint_doi FROM papers").fetchall()
    finally:
        conn.close()
    return ({("doi", d) for d, _, _ in rows if d} | {("pmid", p) for _, p, _ in rows if p}
            | {("preprint", r) for _, _, r in rows if r})


def _check_consistent(db_path: Path) -> int:
    """integrity_check ok, no work stored twice; returns the number of papers."""
    conn = _connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers'").fetchone():
            return 0
        for column in ("doi", "pmid", "title", "preprint_doi"):
            dupes = conn.execute(f"SELECT {column}, COUNT(*) FROM papers WHERE {column} IS NOT NULL"
                                 f" GROUP BY {column} HAVING COUNT(*) > 1").fetchall()
            assert dupes == [], (column, dupes)
        # A work known by DOI in one paper and by PMID in another would be a duplicate too.
        split = conn.execute(
            "SELECT COUNT(*) FROM papers a JOIN papers b ON a.id < b.id AND"
            " (a.doi = b.doi OR a.pmid = b.pmid OR a.title = b.title)").fetchone()[0]
        assert split == 0
        current = conn.execute("SELECT source, source_key, COUNT(*) FROM sightings WHERE superseded = 0"
                               " GROUP BY source, source_key HAVING COUNT(*) > 1").fetchall()
        assert current == []
        return conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
    finally:
        conn.close()


def _kill(proc: subprocess.Popen) -> bool:
    """SIGKILL if still running; True if the kill landed on a live process."""
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    return True


@pytest.fixture
def runs(crash_setup):
    runs = Runs(*crash_setup)
    try:
        yield runs
    finally:
        runs.kill_all()  # nothing outlives the test, even when it fails


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(crash_setup, runs):
    config_path, db_path = crash_setup
    rng = random.Random(SEED)

    # How long one run from an empty database takes here, to aim the kills.
    proc, started = runs.start()
    assert proc.wait(timeout=60) == 0, runs.last_log()
    full = time.monotonic() - started
    db_path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)

    scale = full
    landed = 0
    counts = []
    locked_out = []
    for cycle in range(1, KILLS + 1):
        before_run = _stored(db_path)
        procs = [runs.start()]
        if cycle % OVERLAP_EVERY == 0:
            time.sleep(rng.uniform(0.0, 0.3) * scale)
            procs.append(runs.start())
        exited: dict[int, float] = {}  # index -> when its exit was seen
        # Kill somewhere between start-up and a little past the end of a full run.
        deadline = procs[0][1] + rng.uniform(0.15, 1.1) * scale
        # With two runs, the kill also waits until one of them has exited: the one that met the
        # other's lock (75), or the first, done before the second reached the lock. An event, not
        # a clock: a second run slow to start on a busy machine only makes the wait longer.
        # (HANG is a guard against a test that would never end, not a deadline to meet.)
        both = len(procs) == 2
        while len(exited) < len(procs) and (time.monotonic() < deadline or (both and not exited)):
            assert time.monotonic() < procs[-1][1] + HANG, f"cycle {cycle}: neither run ended in {HANG} s"
            for i, (proc, _) in enumerate(procs):
                if i not in exited and proc.poll() is not None:
                    exited[i] = time.monotonic()
            time.sleep(0.01)
        committed = _stored(db_path)  # what finished transactions hold right now
        hit = [_kill(proc) for proc, _ in procs]
        if len(procs) == 1 and 0 in exited and procs[0][0].returncode == 0:
            # A run finished before its kill: later runs have less left to do; aim at that.
            scale = exited[0] - procs[0][1]
        landed += any(hit)
        codes = [proc.returncode for proc, _ in procs]
        if len(procs) == 2:
            # Two runs at once: one is out at once with 75 (the lock), or the first had finished
            # (and freed the lock) before the second took it.
            out = [i for i, code in enumerate(codes) if code == 75]
            for i in out:
                said = procs[i][0].log_path.read_text(errors="replace")
                assert "another tracker run holds" in said and "request(" not in said, said  # out before any work
                locked_out.append(exited[i] - procs[i][1])
            assert out or codes[0] in (0, 1), f"cycle {cycle}: both runs ran ({codes})"
            assert len(out) < 2, f"cycle {cycle}: both locked out ({codes})"
        after = _stored(db_path)
        assert before_run <= committed <= after, f"cycle {cycle}: lost {sorted(committed - after)[:5]}"
        counts.append(_check_consistent(db_path))

    print(f"full run {full:.2f}s; {landed}/{KILLS} kills hit a running process; papers after each kill "
          f"{counts}; second runs locked out after {[round(t, 2) for t in locked_out]} s from their start")
    assert landed >= KILLS * 0.7, f"only {landed} of {KILLS} kills hit a running process"
    assert counts == sorted(counts) and counts[-1] > counts[len(counts) // 2] > 0  # they accumulate
    assert len(locked_out) >= 3, locked_out

    # A clean run completes the work.
    proc, _ = runs.start()
    assert proc.wait(timeout=60) == 0, runs.last_log()
    assert _check_consistent(db_path) == (Listed.feed + Listed.pubmed - N_SHARED
                                          + Listed.rxiv - min(Listed.rxiv, RXIV_LINKED) + Listed.osf)
    conn = _connect(db_path)
    try:
        papers = {(doi, pmid) for doi, pmid in conn.execute(
            "SELECT doi, pmid FROM papers WHERE doi IS NOT NULL OR pmid IS NOT NULL")}
        preprints = dict(conn.execute("SELECT preprint_doi, pmid FROM papers WHERE preprint_doi IS NOT NULL"))
        running = conn.execute("SELECT COUNT(*) FROM runs WHERE status = 'running'").fetchone()[0]
    finally:
        conn.close()
    expected = ({(doi, pmid) for doi, pmid in zip(PUBMED_DOIS[:Listed.pubmed], PMIDS)}
                | {(doi, None) for doi in FEED_DOIS[N_SHARED:Listed.feed]})
    assert papers == expected
    # Every preprint once; those naming a journal DOI are one paper with its PubMed record.
    assert preprints == ({f"10.1101/crash.{i}": PMIDS[N_SHARED + i] if i < RXIV_LINKED else None
                          for i in range(Listed.rxiv)}
                         | {f"10.31234/osf.io/c{i:04d}": None for i in range(Listed.osf)})
    assert running == 0  # every killed run's log row was marked interrupted
