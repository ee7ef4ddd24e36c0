"""Harness: oversized and slow responses, through the Runner and through the real CLI.

A gzip bomb (1 GiB inflating from about 1 MB, and one gzipped twice: 2.5 kB on the wire), a
100 MB body (declared, and streamed chunked with no length), a server that accepts and never
answers (an HTTP server that reads the request and stalls; a socket nobody accepts on), one
that trickles a byte a second; and headers no integer or URL parser can take (Content-Length,
Retry-After, Location). Each must end as a source error, recorded in `runs` and
`source_state`, within the source's timeout plus 5 s, with memory bounded by the 15 MiB body
cap (peak growth under 60 MB, Python allocations and resident set both), while a healthy
source in the same run is stored as usual.
"""

from __future__ import annotations

import functools
import gzip
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import config_file, config_with, frontiers_feed, frontiers_item
from harnesskit import MB, MemoryPeak, gzip_bomb
from httpserver import Reply

from tracker.pipeline import Runner
from tracker.store import open_db

TIMEOUT = 1.5  # each source's `timeout` in the config
GRACE = 5.0
MEMORY_LIMIT = 60 * MB
REPO = Path(__file__).resolve().parent.parent


@functools.cache
def bomb() -> bytes:
    return gzip_bomb()  # 1 GiB of zeros in ~1 MB


@functools.cache
def double_bomb() -> bytes:
    return gzip.compress(bomb(), 9)  # 2.5 kB, sent as Content-Encoding: gzip, gzip


def hundred_mb():
    """A 100 MiB feed-shaped body, made while it is sent (64 KiB at a time)."""
    yield b'<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title><description>'
    chunk = b"x" * 65536
    for _ in range(1600):
        yield chunk


ESCAPES = ("\x1b[2J\x1b[H\x1b]0;owned\x07\u009b31mNot found\u202e\r\n\x1bc\x1b[?1049h".encode() * 3)
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]")  # any but a line break

FAULTS = {  # name: (the reply, made when needed; what the recorded error says)
    "gzip_bomb": (lambda: Reply(200, bomb(), {"Content-Encoding": "gzip"}), "exceeds 15 MiB"),
    "double_gzip_bomb": (lambda: Reply(200, double_bomb(), {"Content-Encoding": "gzip, gzip"}), "exceeds 15 MiB"),
    "body_100mb_declared": (lambda: Reply(200, stream=hundred_mb, headers={"Content-Length": str(100 * MB + 78)}),
                            "exceeds 15 MiB"),
    "body_100mb_chunked": (lambda: Reply(200, stream=hundred_mb), "exceeds 15 MiB"),
    "never_answers": (lambda: Reply(hang=True), "timed out|Timeout"),
    "trickles_a_byte_a_second": (lambda: Reply(200, b"<rss>" + b" " * 200, trickle=1.0), "timed out"),
    # Lengths int() cannot take (HttpClient raised ValueError, not FetchError, on both).
    "content_length_of_5000_digits": (lambda: Reply(200, b"<rss/>", {"Content-Length": "9" * 5000}),
                                      "exceeds 15 MiB"),
    "content_length_not_ascii": (lambda: Reply(200, b"<rss/>", {"Content-Length": "\xb2"}), "timed out"),
    # Headers urllib.parse or float() reject (HttpClient raised ValueError on these too).
    "retry_after_not_ascii": (lambda: Reply(429, b"slow down", {"Retry-After": "\xb2"}), "HTTP 429"),
    "redirect_to_a_malformed_url": (lambda: Reply(302, b"", {"Location": "http://[oops/feed"}),
                                    "Invalid IPv6 URL"),
    # Terminal escape sequences in what a server sends back, which error messages quote: clear
    # the screen, retitle the window, a C1 CSI, a bidi override (every recorded and printed
    # error is checked for control characters below).
    "error_page_with_escapes": (lambda: Reply(404, ESCAPES), "HTTP 404"),
    "retried_error_with_escapes": (lambda: Reply(503, ESCAPES), "HTTP 503"),
    "redirect_with_escapes": (lambda: Reply(302, b"", {"Location": "ftp://x/\x1b]0;owned\x07\x1b[2J"}), "non-http"),
    "feed_with_escapes": (lambda: Reply(200, b"<rss" + ESCAPES + b" version=x>"), "."),
}
GOOD_DOI = "10.3389/fpsyt.2026.0000777"


@pytest.fixture
def silent_socket():
    """A port that completes the TCP handshake (the kernel's backlog) but nobody ever accepts,
    reads or answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


def _serve(server, silent_url):
    """Every fault on the local server (and the silent socket); returns {fault: url}."""
    urls = {}
    for name, (reply, _) in FAULTS.items():
        server.route(f"/{name}", reply())
        urls[name] = f"{server.url}/{name}"
    urls["accepts_never_reads"] = f"{silent_url}/feed"
    server.route("/good", Reply(200, frontiers_feed(frontiers_item(GOOD_DOI, "Ketamine-assisted couple therapy"))))
    server.route("/eutils/esearch.fcgi", Reply(200, b'<?xml version="1.0"?><eSearchResult><Count>1</Count>'
                                                    b"<IdList><Id>99000777</Id></IdList></eSearchResult>"))
    server.route("/eutils/efetch.fcgi", Reply(200, bomb(), {"Content-Encoding": "gzip"}))
    return urls


EXPECTED = {**{name: expected for name, (_, expected) in FAULTS.items()},
            "accepts_never_reads": "timed out|Timeout", "gzip_bomb_efetch_post": "exceeds 15 MiB"}


def _sources(server, urls, names):
    common = {"timeout": TIMEOUT, "retries": 0, "requests_per_second": 1000}
    sources = []
    for name in names:
        if name == "gzip_bomb_efetch_post":
            sources.append({"name": name, "type": "pubmed", "query": "ketamine",
                            "base_url": server.url + "/eutils/", **common})
        else:
            sources.append({"name": name, "type": "rss", "url": urls[name], **common})
    sources.append({"name": "good", "type": "frontiers", "url": server.url + "/good", **common})
    return sources


def _check_recorded(db, outcomes_ok: dict[str, bool], faults) -> None:
    runs = {r["source"]: r for r in db.query("SELECT * FROM runs")}
    states = {s["source"]: s for s in db.query("SELECT * FROM source_state")}
    for name in faults:
        assert outcomes_ok[name] is False, name
        run, state = runs[name], states[name]
        assert run["status"] == "failed" and run["failed"] == 1, run
        # The state keeps a short line for people, the run the whole detail.
        assert state["failures_in_row"] == 1 and len(state["last_error"]) <= 160, state
        assert not run["error"].startswith("unexpected"), run["error"]
        assert re.search(EXPECTED[name], run["error"]), (name, run["error"])
        for text in (run["error"], state["last_error"]):
            assert not CONTROL.search(text) and "\n" not in text and "owned" not in text, (name, text)
    assert outcomes_ok["good"] is True
    assert runs["good"]["status"] == "ok"
    assert [p["doi"] for p in db.query("SELECT doi FROM papers")] == [GOOD_DOI]


@pytest.mark.parametrize("fault", [*FAULTS, "accepts_never_reads", "gzip_bomb_efetch_post"])
def test_each_fault_ends_as_a_recorded_source_error_in_time_and_memory(fault, http_server, silent_socket, tmp_path):
    urls = _serve(http_server, silent_socket)
    db = open_db(tmp_path / "tracker.db")
    runner = Runner(config_with(_sources(http_server, urls, [fault])), db, sleep=lambda s: None)

    with MemoryPeak() as memory:
        started = time.monotonic()
        outcomes = runner.run()
        elapsed = time.monotonic() - started

    assert elapsed < TIMEOUT + GRACE, f"{fault}: {elapsed:.1f}s"
    assert memory.peak < MEMORY_LIMIT, f"{fault}: {memory}"
    _check_recorded(db, {o.source: o.ok for o in outcomes}, [fault])


# --- the real CLI, every fault in one run -------------------------------------------------------------

# `python -m tracker`, with the child's own peak resident set written out when it exits (after
# the imports, so the measure is what the run itself added).
_MEASURED_CLI = r"""
import atexit, os, re, runpy
import tracker.cli, tracker.pipeline, tracker.parse.feeds, tracker.parse.pubmed  # noqa: F401
def kib(field):
    return int(re.search(field + r":\s+(\d+) kB", open("/proc/self/status").read()).group(1))
try:
    base = kib("VmRSS")
    open("/proc/self/clear_refs", "w").write("5")
except (OSError, AttributeError):
    base = None
def report():
    if base is not None:
        with open(os.environ["HARNESS_MEMORY_REPORT"], "w") as out:
            out.write(f"{base} {kib('VmHWM')}")
atexit.register(report)
runpy.run_module("tracker", run_name="__main__", alter_sys=True)
"""


def test_the_cli_run_with_every_fault_exits_1_in_time_with_bounded_memory(http_server, silent_socket, tmp_path):
    urls = _serve(http_server, silent_socket)
    faults = [*FAULTS, "accepts_never_reads", "gzip_bomb_efetch_post"]
    config_path = config_file(tmp_path, _sources(http_server, urls, faults))
    db_path = tmp_path / "tracker.db"
    report = tmp_path / "memory.txt"
    env = {**os.environ, "PYTHONPATH": str(REPO), "HARNESS_MEMORY_REPORT": str(report)}
    env.pop("NCBI_API_KEY", None)

    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED_CLI, "--config", str(config_path), "--db", str(db_path), "run"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    elapsed = time.monotonic() - started

    assert result.returncode == 1, result.stderr
    # Sources run one after another: three of them wait out their timeout.
    slow = sum(1 for f in faults if EXPECTED[f].startswith("timed out"))
    assert elapsed < slow * TIMEOUT + GRACE + 3, elapsed  # + 3: interpreter start-up
    for name in faults:
        assert f"{name}: FAILED" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    # What a terminal shows: the run's summary lines, and tracker status (text and JSON).
    status = [subprocess.run([sys.executable, "-m", "tracker", "--config", str(config_path), "--db", str(db_path),
                              "status", *extra], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
              for extra in ((), ("--json",))]
    for text in (result.stderr, *(s.stdout for s in status)):
        assert not CONTROL.search(text) and "owned" not in text, text
    # (a terminal shows the lines without the time each gets in a log file)
    assert all(len(re.sub(r"^\d{4}-\d\d-\d\dT\S+Z ", "", line)) < 200 for line in result.stderr.splitlines()), result.stderr
    db = open_db(db_path)
    _check_recorded(db, {r["source"]: r["status"] == "ok" for r in db.query("SELECT * FROM runs")}, faults)
    if report.exists():
        base, peak = map(int, report.read_text().split())
        print(f"tracker run with {len(faults)} faulty sources: {elapsed:.1f}s, resident set grew "
              f"{(peak - base) / 1024:.1f} MB")
        assert (peak - base) * 1024 < MEMORY_LIMIT, f"resident set grew {(peak - base) / 1024:.1f} MB"
