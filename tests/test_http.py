"""tracker.http against a real local server: retries, Retry-After, caps, deadlines, redaction."""

import gc
import socket
import struct
import threading
import time
import tracemalloc
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from httpserver import LocalServer, Reply
from tracker.errors import FetchError
from tracker.http import HttpClient, RateLimiter, redact

UA = "tracker-tests/0.1 (mailto:editors@example.org)"


class Sleeps(list):
    """An injected sleep that records waits instead of sleeping."""

    def __call__(self, seconds):
        self.append(seconds)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def make_client(sleeps):
    clients = []

    def make(**kwargs):
        kwargs.setdefault("user_agent", UA)
        kwargs.setdefault("timeout", 1.0)
        kwargs.setdefault("backoff", 0.01)
        kwargs.setdefault("sleep", sleeps)
        client = HttpClient(**kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def gzip_bomb(inflated: int = 1 << 30) -> bytes:
    """A valid single-member gzip stream of `inflated` zero bytes, about 1 MB on the wire.

    After a full flush deflate restarts from scratch, so every 1 MiB block compresses to the same
    bytes: compress two blocks once, repeat the second, then close with an empty final block and
    the trailer (CRC-32 and length). Building it takes well under a second.
    """
    block = b"\0" * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(inflated >> 20):
        crc = zlib.crc32(block, crc)
    final_empty_block = b"\x03\x00"
    trailer = struct.pack("<II", crc, inflated & 0xFFFFFFFF)
    return first + again * ((inflated >> 20) - 1) + final_empty_block + trailer


# -- success, headers, conditional GET -------------------------------------------------------


def test_get_sends_user_agent_and_accept_encoding(http_server, make_client):
    stamp = "Mon, 01 Jan 2024 00:00:00 GMT"
    http_server.route("/feed", Reply(200, b"<rss/>", {"ETag": '"v1"', "Last-Modified": stamp}))
    client = make_client()
    resp = client.get(http_server.url + "/feed", params={"q": "psilocybin"})
    assert (resp.status, resp.content, resp.not_modified) == (200, b"<rss/>", False)
    assert resp.etag == '"v1"' and resp.last_modified == stamp
    assert resp.headers["etag"] == '"v1"'  # case-insensitive
    seen = http_server.requests_to("/feed")[0]
    assert seen.headers["User-Agent"] == UA
    assert seen.headers["accept-encoding"] == "gzip, deflate"
    assert seen.query == {"q": ["psilocybin"]}
    assert client.requests_made == 1


def test_gzip_body_is_decoded(http_server, make_client):
    http_server.route("/gz", Reply(200, b"hello " * 1000, gzip=True))
    assert make_client().get(http_server.url + "/gz").content == b"hello " * 1000


def test_conditional_get(http_server, make_client):
    stamp = "Tue, 02 Jan 2024 10:00:00 GMT"
    http_server.route(
        "/cond",
        lambda seen: Reply(304)
        if seen.headers.get("If-None-Match") == '"v1"'
        else Reply(200, b"body", {"ETag": '"v1"', "Last-Modified": stamp}),
    )
    client = make_client()
    first = client.get(http_server.url + "/cond")
    assert first.status == 200 and first.etag == '"v1"'
    again = client.get(
        http_server.url + "/cond", etag=first.etag, last_modified=first.last_modified
    )
    assert again.not_modified and again.status == 304 and again.content == b""
    seen = http_server.requests_to("/cond")
    assert "If-None-Match" not in seen[0].headers
    assert seen[1].headers["If-None-Match"] == '"v1"'
    assert seen[1].headers["If-Modified-Since"] == stamp


def test_redirect_is_followed_counted_and_rate_limited(http_server, make_client):
    http_server.route("/old", Reply(301, headers={"Location": "/new"}))
    http_server.route("/new", Reply(200, b"moved"))
    waits = []
    limiter = RateLimiter(1000)
    limiter.wait = lambda: waits.append(1)
    client = make_client(limiter=limiter)
    resp = client.get(http_server.url + "/old")
    assert resp.content == b"moved" and resp.url == http_server.url + "/new"
    assert client.requests_made == 2 and len(waits) == 2
    assert resp.moved == http_server.url + "/new"  # a 301: the address asked for has moved for good


def test_a_failure_past_a_redirect_says_where_the_redirect_came_from(http_server, make_client):
    """The error named only the host at the end ("connection refused by 127.0.0.1:1"), one that no
    line of feeds.yaml names."""
    import socket

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    http_server.route("/feed", Reply(302, headers={"Location": f"http://127.0.0.1:{port}/gone"}))
    with pytest.raises(FetchError) as raised:
        make_client(retries=0).get(http_server.url + "/feed")
    assert f"connection refused by 127.0.0.1:{port}" in str(raised.value)
    assert str(raised.value).endswith(f"(redirected there from {http_server.url}/feed)")
    http_server.route("/missing", Reply(302, headers={"Location": "/nowhere"}))
    http_server.route("/nowhere", Reply(404))
    with pytest.raises(FetchError) as raised:  # an answer's error too
        make_client(retries=0).get(http_server.url + "/missing")
    assert f"HTTP 404 from GET {http_server.url}/nowhere" in str(raised.value)
    assert str(raised.value).endswith(f"(redirected there from {http_server.url}/missing)")
    http_server.route("/busy-feed", Reply(302, headers={"Location": "/busy"}))
    http_server.route("/busy", Reply(503))
    with pytest.raises(FetchError) as raised:  # a retried answer names where it ended
        make_client(retries=0).get(http_server.url + "/busy-feed")
    assert f"HTTP 503 (from {http_server.url}/busy, redirected there)" in str(raised.value)
    with pytest.raises(FetchError) as raised:  # ... and only then: a query string is not a redirect
        make_client(retries=0).get(http_server.url + "/nowhere", params={"db": "pubmed"})
    assert "redirected" not in str(raised.value)


def test_waits_are_said_in_round_words_never_shorter_than_they_are():
    from tracker.http import _wait

    assert [_wait(s) for s in (45, 121, 150, 600, 5400, 7200, 9000, 17997)] == [
        "45 s", "121 s", "150 s", "10 min", "90 min", "2 h", "2.5 h", "5 h"]


def test_only_permanent_redirects_say_the_address_moved(http_server, make_client):
    http_server.route("/temp", Reply(302, headers={"Location": "/new"}))
    http_server.route("/perm", Reply(308, headers={"Location": "/temp"}))  # for good, then for now
    http_server.route("/new", Reply(200, b"here"))
    client = make_client()
    assert client.get(http_server.url + "/temp").moved is None
    assert client.get(http_server.url + "/perm").moved is None
    assert client.get(http_server.url + "/new").moved is None


# -- retries ---------------------------------------------------------------------------------


def test_503_retried_then_success(http_server, make_client, sleeps):
    http_server.route("/x", Reply(503), Reply(503), Reply(200, b"ok"))
    client = make_client(retries=4, backoff=0.5)
    assert client.get(http_server.url + "/x").content == b"ok"
    assert client.requests_made == 3
    # Exponential backoff, up to 10% jitter.
    assert 0.5 <= sleeps[0] <= 0.55 and 1.0 <= sleeps[1] <= 1.1


def test_429_retry_after_seconds(http_server, make_client, sleeps):
    limited = Reply(429, b'{"error":"API rate limit exceeded"}', {"Retry-After": "2"})
    http_server.route("/x", limited, Reply(200, b"ok"))
    client = make_client()
    assert client.get(http_server.url + "/x").content == b"ok"
    assert sleeps == [2.0]


def test_503_retry_after_http_date(http_server, make_client, sleeps):
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    busy = Reply(503, headers={"Retry-After": format_datetime(when, usegmt=True)})
    http_server.route("/x", busy, Reply(200, b"ok"))
    assert make_client().get(http_server.url + "/x").content == b"ok"
    assert len(sleeps) == 1 and 27 <= sleeps[0] <= 30


def test_retry_after_never_shorter_than_backoff(http_server, make_client, sleeps):
    http_server.route("/x", Reply(429, headers={"Retry-After": "0"}), Reply(200))
    make_client(backoff=3).get(http_server.url + "/x")
    assert 3 <= sleeps[0] <= 3.3


def test_retry_after_too_large_gives_up_at_once(http_server, make_client, sleeps):
    http_server.route("/x", Reply(429, headers={"Retry-After": "7200"}))
    client = make_client(max_retry_after=120)
    with pytest.raises(FetchError, match=r"the server asks us to wait 2 h, longer than a run waits \(120 s\); the next run tries again"):
        client.get(http_server.url + "/x")
    assert sleeps == [] and client.requests_made == 1


def test_500_exhausted(http_server, make_client, sleeps):
    http_server.route("/x", Reply(500, b"boom"))
    client = make_client(retries=3)
    with pytest.raises(FetchError, match=r"after 4 attempt\(s\): HTTP 500: boom"):
        client.get(http_server.url + "/x")
    assert client.requests_made == 4 == len(http_server.requests_to("/x"))
    assert len(sleeps) == 3


def test_404_not_retried(http_server, make_client, sleeps):
    client = make_client()
    with pytest.raises(FetchError, match=r"HTTP 404 from GET http://127\.0\.0\.1:\d+/missing"):
        client.get(http_server.url + "/missing")
    assert client.requests_made == 1 and sleeps == []


def test_post_retried_on_503(http_server, make_client):
    http_server.route("/efetch", Reply(503), Reply(200, b"<PubmedArticleSet/>"))
    client = make_client()
    resp = client.post(http_server.url + "/efetch", data={"db": "pubmed", "id": "1,2,3"})
    assert resp.content == b"<PubmedArticleSet/>"
    seen = http_server.requests_to("/efetch")
    assert [s.method for s in seen] == ["POST", "POST"]
    assert seen[1].form == {"db": ["pubmed"], "id": ["1,2,3"]}


def test_timeout_is_retried(http_server, make_client):
    http_server.route("/x", Reply(hang=True), Reply(200, b"ok"))
    client = make_client(timeout=0.3)
    assert client.get(http_server.url + "/x").content == b"ok"
    assert client.requests_made == 2


# -- limits: size, time ----------------------------------------------------------------------


def test_size_cap_plain_body(http_server, make_client):
    http_server.route("/big", Reply(200, b"x" * 5000))
    client = make_client(max_bytes=4096, retries=2)
    with pytest.raises(FetchError, match="exceeds 4096 bytes"):
        client.get(http_server.url + "/big")
    assert client.requests_made == 1  # a cap is not a transient failure


def test_size_cap_without_content_length_hint(http_server, make_client):
    # A gzip body: the declared length is the compressed one, so the cap must count inflated bytes.
    http_server.route("/big", Reply(200, b"x" * 300_000, gzip=True))
    with pytest.raises(FetchError, match="exceeds 100000 bytes"):
        make_client(max_bytes=100_000).get(http_server.url + "/big")


def test_size_cap_gzip_bomb_bounded_time_and_memory(http_server, make_client):
    bomb = gzip_bomb()  # 1 GiB inflated
    assert len(bomb) < 1_200_000
    http_server.route("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    client = make_client(max_bytes=2 * 1024 * 1024)
    gc.collect()
    tracemalloc.start()
    try:
        started = time.monotonic()
        with pytest.raises(FetchError, match="exceeds 2 MiB"):
            client.get(http_server.url + "/bomb")
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2
    # The server thread's copy of the bomb is ~1 MB; the client holds at most the cap plus a chunk.
    assert peak < 8 * 1024 * 1024, peak


def test_hang_ends_within_timeout(http_server, make_client):
    http_server.route("/hang", Reply(hang=True))
    client = make_client(timeout=0.5, retries=0)
    started = time.monotonic()
    with pytest.raises(FetchError, match="1 attempt"):
        client.get(http_server.url + "/hang")
    assert time.monotonic() - started < 0.5 + 2


def test_trickle_ends_within_timeout(http_server, make_client):
    # 1 byte every 0.1 s for 200 bytes would take 20 s; each recv() succeeds, so only a
    # whole-response deadline stops it.
    http_server.route("/trickle", Reply(200, b"x" * 200, trickle=0.1))
    client = make_client(timeout=0.8, retries=0)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.8s reading the body"):
        client.get(http_server.url + "/trickle")
    assert time.monotonic() - started < 0.8 + 2


def test_stall_after_headers_ends_at_deadline(http_server, make_client):
    # Headers arrive late; the body then stalls: the read must not get a fresh full timeout.
    http_server.route("/late", Reply(200, b"x" * 10, delay=0.6, trickle=5))
    client = make_client(timeout=0.8, retries=0)
    started = time.monotonic()
    with pytest.raises(FetchError):
        client.get(http_server.url + "/late")
    assert time.monotonic() - started < 1.3


def test_truncated_body(http_server, make_client):
    http_server.route("/cut", Reply(200, b"x" * 1000, truncate=100))
    client = make_client(retries=1)
    with pytest.raises(FetchError, match="IncompleteRead|Connection broken"):
        client.get(http_server.url + "/cut")
    assert client.requests_made == 2  # a broken transfer is worth one more try


def test_connection_refused_fails_at_once(make_client, sleeps):
    with socket.socket() as s:  # a port that was free a moment ago and has no listener
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = make_client(retries=4)
    with pytest.raises(FetchError, match=f"connection refused by 127.0.0.1:{port}") as info:
        client.get(f"http://127.0.0.1:{port}/x")
    assert "Connection refused" in info.value.detail  # the exception's own words, for -v
    assert client.requests_made == 1 and sleeps == []  # the next run is its retry


def test_a_name_that_does_not_resolve_fails_at_once(make_client, sleeps):
    # .invalid is reserved (RFC 6761): no name under it resolves, and no server answers for it.
    client = make_client(retries=4, timeout=5)
    started = time.monotonic()
    with pytest.raises(FetchError, match="the name feeds.tracker-tests.invalid does not resolve") as info:
        client.get("http://feeds.tracker-tests.invalid/rss", params={"term": "x" * 500})
    assert time.monotonic() - started < 5
    assert client.requests_made == 1 and sleeps == []
    assert len(str(info.value)) < 120 and "x" * 500 in info.value.detail


def test_a_host_that_never_answers_costs_at_most_two_timeouts_per_client(http_server, make_client, sleeps):
    http_server.route("/hang", Reply(hang=True))
    http_server.route("/ok", Reply(200, b"ok"))
    client = make_client(timeout=0.3, retries=4)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"after 2 attempt\(s\): read timed out after 0.3s"):
        client.get(http_server.url + "/hang")
    assert client.requests_made == 2 and len(sleeps) == 1
    # The budget is the client's (one source's run): the next request that times out ends at once.
    with pytest.raises(FetchError, match=r"after 1 attempt\(s\)"):
        client.get(http_server.url + "/hang")
    assert client.requests_made == 3
    assert time.monotonic() - started < 3 * 0.3 + 2
    assert client.get(http_server.url + "/ok").content == b"ok"  # an answering host still answers


def test_timeouts_count_only_in_a_row_so_a_long_run_survives_sporadic_slow_replies(http_server, make_client):
    # A backfill of many requests: one slow reply now and then, each time followed by answers.
    http_server.route("/x", Reply(hang=True), Reply(200, b"1"), Reply(200, b"2"), Reply(hang=True), Reply(200, b"3"),
                      Reply(hang=True), Reply(200, b"4"))
    client = make_client(timeout=0.3, retries=4)
    assert [client.get(http_server.url + "/x").content for _ in range(4)] == [b"1", b"2", b"3", b"4"]
    assert client.requests_made == 7  # each slow reply retried once, none given up on


def test_a_password_in_a_source_url_stays_out_of_error_messages(http_server, make_client):
    http_server.route("/feed", Reply(404, b"gone"))
    url = http_server.url.replace("http://", "http://bob:s3cret@") + "/feed?api_key=k3y"
    with pytest.raises(FetchError) as info:
        make_client().get(url)
    for text in (str(info.value), info.value.detail):
        assert "s3cret" not in text and "k3y" not in text, text


def test_a_reset_connection_is_retried(make_client):
    # A server that accepts and closes at once, then (second connection) answers.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    port = listener.getsockname()[1]

    def serve():
        conn, _ = listener.accept()
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST
        conn.recv(4096)
        conn.close()
        conn, _ = listener.accept()
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        conn.close()

    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    try:
        client = make_client(retries=2)
        assert client.get(f"http://127.0.0.1:{port}/x").content == b"ok"
        assert client.requests_made == 2
    finally:
        worker.join(timeout=5)
        listener.close()


def test_error_text_is_one_short_line_without_escape_sequences(http_server, make_client):
    # An error page that clears the screen, retitles the terminal and moves the cursor.
    page = b"\x1b[2J\x1b[H\x1b]0;owned\x07Not \xc2\x9b31mfound\r\n" + b"<p>padding</p>" * 100
    http_server.route("/gone", Reply(404, page))
    query = {"term": "(ketamine[tiab] OR psilocybin[tiab]) AND " * 40}
    with pytest.raises(FetchError) as info:
        make_client().get(http_server.url + "/gone", params=query)
    for text in (str(info.value), info.value.detail):
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text), text
        assert "owned" not in text
    assert len(str(info.value)) < 200 and "ketamine" not in str(info.value)
    assert "Not 31mfound" in str(info.value) and "ketamine" in info.value.detail


def test_non_http_urls_rejected(make_client):
    client = make_client()
    for url in ("file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "example.org"):
        with pytest.raises(FetchError, match="only http"):
            client.get(url)
    assert client.requests_made == 0


def test_redirect_to_non_http_rejected(http_server, make_client):
    http_server.route("/r", Reply(302, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(FetchError, match="non-http"):
        make_client().get(http_server.url + "/r")


# -- secrets ---------------------------------------------------------------------------------


def test_api_key_redacted_in_errors_and_logs(http_server, make_client, caplog):
    caplog.set_level("DEBUG")
    http_server.route("/esearch.fcgi", Reply(500))
    client = make_client(retries=1)
    with pytest.raises(FetchError) as info:
        client.get(http_server.url + "/esearch.fcgi", params={"db": "pubmed", "api_key": "s3cret"})
    # The short message leaves the query out; the detail has it, with the key redacted.
    assert "s3cret" not in str(info.value) and "s3cret" not in info.value.detail
    assert "api_key=REDACTED" in info.value.detail
    http_server.route("/esearch.fcgi", Reply(400, b"bad"))
    with pytest.raises(FetchError) as info:
        client.get(http_server.url + "/esearch.fcgi", params={"api_key": "s3cret", "db": "pubmed"})
    assert "s3cret" not in str(info.value) and "s3cret" not in info.value.detail
    assert "api_key=REDACTED" in info.value.detail
    assert caplog.records and "s3cret" not in caplog.text  # urllib3's own debug lines included
    assert http_server.requests_to("/esearch.fcgi")[0].query["api_key"] == ["s3cret"]  # still sent


def test_api_key_redacted_when_connection_fails(make_client):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError) as info:
        make_client(retries=0).get(f"http://127.0.0.1:{port}/x", params={"api_key": "s3cret"})
    assert "s3cret" not in str(info.value)


def test_redact():
    url = "https://h/e?db=pubmed&api_key=abc123&term=x"
    assert redact(url) == "https://h/e?db=pubmed&api_key=REDACTED&term=x"
    assert redact("url: /e?API_KEY=abc (Caused by)") == "url: /e?API_KEY=REDACTED (Caused by)"


# -- rate limiter ----------------------------------------------------------------------------


class FakeClock:
    """A clock whose sleep() moves it on and is noted (`waits`); `now[0] += s` stands for idle time."""

    def __init__(self, start: float = 100.0):
        self.now = [start]
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now[0]

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now[0] += seconds


def test_rate_limiter_spacing_with_fake_clock():
    fake = FakeClock()
    now, waits = fake.now, fake.waits
    limiter = RateLimiter(4, clock=fake.clock, sleep=fake.sleep)
    limiter.wait()  # the first call never waits
    limiter.wait()
    limiter.wait()
    now[0] += 1.0  # idle longer than the interval: no wait
    limiter.wait()
    now[0] += 0.1
    limiter.wait()
    assert waits == pytest.approx([0.25, 0.25, 0.15])


def test_a_limiter_slowed_to_a_stricter_rate_counts_from_the_last_call():
    """A stricter source on a host replaced its limiter with a new one, which let the first request
    go at once, right after the last of the other sources."""
    fake = FakeClock()
    now, waits = fake.now, fake.waits
    limiter = RateLimiter(5, clock=fake.clock, sleep=fake.sleep)
    limiter.wait()
    now[0] += 0.01
    limiter.slow_to(2)
    limiter.wait()  # half a second after the last call, not 0.2 s
    limiter.slow_to(10)  # a laxer rate changes nothing
    limiter.wait()
    assert waits == pytest.approx([0.49, 0.5])


def test_a_rate_per_minute_is_the_same_limiter_with_its_exact_interval():
    """The newsletter's messages a minute go through this limiter too (issue 15, item 5)."""
    fake = FakeClock(0.0)
    waits = fake.waits
    limiter = RateLimiter.per_minute(7, clock=fake.clock, sleep=fake.sleep)
    assert limiter.interval == 60.0 / 7
    for _ in range(3):
        limiter.wait()
    assert waits == [60.0 / 7] * 2
    for bad in (0, -1):
        with pytest.raises(ValueError):
            RateLimiter.per_minute(bad)


def test_the_newsletter_sender_paces_with_this_limiter():
    import inspect

    from tracker.newsletter import send

    assert "RateLimiter.per_minute(" in inspect.getsource(send.EditionSender.__init__)
    assert not [name for name, value in vars(send).items()
                if inspect.isclass(value) and value.__module__ == send.__name__ and hasattr(value, "wait")]


def test_rate_limiter_real_time_and_threads():
    limiter = RateLimiter(20)  # 50 ms apart
    threads = [threading.Thread(target=limiter.wait) for _ in range(6)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # The first wait is free, the other five each come at least one interval later.
    assert 0.25 <= time.monotonic() - started < 1.0


def test_limiter_called_before_every_attempt(http_server, make_client):
    http_server.route("/x", Reply(502), Reply(504), Reply(200))
    calls = []
    limiter = RateLimiter(3)
    limiter.wait = lambda: calls.append(1)
    client = make_client(limiter=limiter)
    client.get(http_server.url + "/x")
    assert len(calls) == client.requests_made == 3


# -- the test server itself -------------------------------------------------------------------


def test_server_stop_is_prompt_with_hung_connections(make_client):
    server = LocalServer()
    server.route("/hang", Reply(hang=True))
    client = make_client(timeout=5, retries=0)
    errors = []

    def fetch():
        try:
            client.get(server.url + "/hang")
        except FetchError as exc:
            errors.append(exc)

    worker = threading.Thread(target=fetch)
    worker.start()
    while not server.requests:
        time.sleep(0.01)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1
    worker.join(timeout=5)
    assert not worker.is_alive() and len(errors) == 1


def test_a_redirect_without_location_is_an_error_not_content(http_server):
    http_server.route("/moved", Reply(302, b"<rss/>"))
    client = HttpClient(user_agent="t", timeout=2, retries=0)
    with pytest.raises(FetchError, match="302"):
        client.get(http_server.url + "/moved")
