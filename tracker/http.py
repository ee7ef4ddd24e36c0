"""The one module through which all network I/O goes.

Every request gets: a User-Agent, an explicit timeout that also bounds the whole body, a size
cap counted after decompression, conditional GET, a rate limit, and retries with exponential
backoff that honour Retry-After. Every failure surfaces as FetchError; secrets never reach a
log line or an error message.

Only what can pass on a second try is retried: a timeout, a connection reset or a truncated
body, 429 and 5xx. A name that does not resolve, a refused connection, an unreachable network,
a certificate that does not verify fail at once (the next run is their retry), and a host that
never answers costs at most `max_timeouts` timeouts per client, whatever its retries. An error's
text is one short line (host and path, no query string); FetchError.detail keeps the rest.
"""

from __future__ import annotations

import email.utils
import errno
import http.client
import logging
import math
import random
import re
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from tracker.errors import FetchError, error_line, printable

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_MIB = 1024 * 1024

_SECRET_RE = re.compile(r"(?i)\b(api_key=)[^&#\s'\")]*")
# The password of a URL's user part ("https://bob:s3cret@host/"): no @ or / inside either part.
_PASSWORD_RE = re.compile(r"(//[^/@\s:]*:)[^/@\s]*@")


def redact(text: str) -> str:
    """Hide secret query parameters (api_key) and a URL's password in a URL or any message that
    quotes one."""
    return _PASSWORD_RE.sub(r"\1REDACTED@", _SECRET_RE.sub(r"\1REDACTED", text))


class _RedactFilter(logging.Filter):
    # urllib3 logs every request line (query string included) at DEBUG; with `tracker -v`
    # that would print the NCBI api_key, so scrub its records too.
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "api_key=" in message.lower():
            record.msg, record.args = redact(message), None
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_RedactFilter())


class RateLimiter:
    """Spaces successive wait() calls at least 1/requests_per_second apart, across threads: evenly,
    never in bursts (a caller idle for a while goes at once, and the next one an interval later).
    The one rate limit of the tracker: requests per host here, messages per minute in
    newsletter.send (`RateLimiter.per_minute`)."""

    def __init__(self, requests_per_second: float, clock=time.monotonic, sleep=time.sleep, *,
                 interval: float | None = None):
        if requests_per_second <= 0:
            raise ValueError("requests_per_second must be positive")
        self.interval = interval if interval is not None else 1.0 / requests_per_second
        self._clock = clock
        self._sleep = sleep
        self._next: float | None = None
        # Held while sleeping on purpose: callers queue up and leave one interval apart.
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            if self._next is not None and now < self._next:
                self._sleep(self._next - now)
                now = self._next
            self._next = now + self.interval

    def slow_to(self, requests_per_second: float) -> None:
        """Keep to this rate from now on if it is the stricter one: the next call waits the new
        interval after the last, which a new limiter would not know of (a PubMed query went out
        8 ms after a feed on the same host)."""
        interval = 1.0 / requests_per_second
        with self._lock:
            if interval > self.interval:
                if self._next is not None:
                    self._next += interval - self.interval
                self.interval = interval

    @classmethod
    def per_minute(cls, count: float, clock=time.monotonic, sleep=time.sleep) -> RateLimiter:
        """At most `count` wait() calls a minute, 60/count seconds apart."""
        if count <= 0:
            raise ValueError("count must be positive")
        return cls(count / 60.0, clock, sleep, interval=60.0 / count)


@dataclass
class Response:
    status: int
    content: bytes
    headers: Mapping[str, str]  # case-insensitive (requests' CaseInsensitiveDict)
    url: str  # final URL after redirects, with secrets redacted
    etag: str | None = None
    last_modified: str | None = None
    moved: str | None = None  # where a permanent redirect (301, 308) of the URL asked for led, redacted
    redirected_from: str | None = None  # the URL asked for, when redirects led elsewhere (redacted, short)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Transient(Exception):
    """A failure worth retrying: a connection reset, a timeout, a truncated body."""

    def __init__(self, message: str, detail: str | None = None, timed_out: bool = False):
        super().__init__(message)
        self.detail = detail or message
        self.timed_out = timed_out


def _size(n: int) -> str:
    return f"{n // _MIB} MiB" if n % _MIB == 0 else f"{n} bytes"


def _wait(seconds: float) -> str:
    """A wait in words an operator reads at a glance, never shorter than it is: "150 s", "12 min",
    "2.5 h" (a Retry-After given as a date is some seconds short of the hour: "2 h")."""
    if seconds < 600:
        return f"{math.ceil(seconds)} s"
    if seconds < 7200:
        return f"{math.ceil(seconds / 60)} min"
    return f"{math.ceil(seconds / 360) / 10:g} h"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²" is a digit to isdigit(), not to float()
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP-dates are GMT by definition
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class HttpClient:
    def __init__(
        self,
        *,
        user_agent: str,
        timeout: float = 30.0,
        max_bytes: int = 15 * 1024 * 1024,
        retries: int = 4,
        backoff: float = 1.0,
        max_retry_after: float = 120.0,
        max_timeouts: int = 2,
        limiter: RateLimiter | None = None,
        sleep=time.sleep,
    ):
        if not user_agent:
            raise ValueError("user_agent is required (name the tool and a contact address)")
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        # A host that never answers costs one timeout per attempt: after this many in the
        # client's life (one source's run) a timeout is final, retries left or not.
        self.max_timeouts = max_timeouts
        self.timeouts = 0
        self.limiter = limiter
        self._sleep = sleep
        self.requests_made = 0  # attempts sent, retries and redirect hops included
        self._session = requests.Session()
        # The default adapter does no retries (max_retries=0); all retrying happens here.
        self._session.headers.update({"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"})

    def get(self, url, *, params=None, etag=None, last_modified=None) -> Response:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request("GET", url, params=params, headers=headers)

    def post(self, url, *, data=None) -> Response:
        return self._request("POST", url, data=data, headers={})

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- retry loop -------------------------------------------------------------------------

    def _request(self, method, url, *, params=None, data=None, headers) -> Response:
        if not _is_http(url):
            raise FetchError(f"only http(s) URLs can be fetched, not {error_line(redact(str(url)), 100)!r}")
        shown = _display(url, params)
        short = _short(url)
        last = detail = "no attempt made"
        attempts = 0
        for attempt in range(self.retries + 1):
            attempts = attempt + 1
            retry_after = None
            try:
                resp = self._follow(method, url, params, data, headers)
            except _Transient as exc:
                last, detail = str(exc), exc.detail
                if exc.timed_out:
                    self.timeouts += 1
                    if self.timeouts >= self.max_timeouts:
                        last += f" ({self.timeouts} timeouts in a row: giving up)"
                        break
            else:
                # A host that answers is not a dead one: only timeouts in a row use up the
                # budget, so a long PubMed backfill survives a sporadic slow reply or two.
                self.timeouts = 0
                if resp.status < 300 or resp.status == 304:
                    return resp
                # an answer at the end of a redirect: where it came from (a retried one: where it ended)
                via = _redirected(resp.redirected_from)
                if resp.status < 400:
                    # A redirect without a Location (or any other 3xx) has no content to read.
                    raise FetchError(f"HTTP {resp.status} from {method} {_short(resp.url)} with nowhere to go{via}",
                                     f"HTTP {resp.status} from {method} {resp.url} with nowhere to go{via}")
                if resp.status not in RETRY_STATUSES:
                    raise FetchError(f"HTTP {resp.status} from {method} {_short(resp.url)}{_snippet(resp, 60)}{via}",
                                     f"HTTP {resp.status} from {method} {resp.url}{_snippet(resp)}{via}")
                there = f" (from {_short(resp.url)}, redirected there)" if resp.redirected_from else ""
                last = f"HTTP {resp.status}{_snippet(resp, 60)}{there}"
                detail = f"HTTP {resp.status}{_snippet(resp)}{there}"
                if resp.status in RETRY_AFTER_STATUSES:
                    retry_after = _retry_after(resp.headers.get("Retry-After"))
                if retry_after is not None and retry_after > self.max_retry_after:
                    tail = (f"the server asks us to wait {_wait(retry_after)}, longer than a run waits "
                            f"({_wait(self.max_retry_after)}); the next run tries again")
                    raise FetchError(f"HTTP {resp.status} from {method} {_short(resp.url)}: {tail}{via}",
                                     f"HTTP {resp.status} from {method} {resp.url}: {tail}{via}")
            if attempt == self.retries:
                break
            # Small jitter so parallel runs do not retry in lockstep.
            delay = self.backoff * 2**attempt * (1 + random.uniform(0, 0.1))
            if retry_after is not None:
                delay = max(retry_after, delay)
            log.info("%s %s: %s; retry %d/%d in %.1fs",
                     method, shown, detail, attempt + 1, self.retries, delay)
            self._sleep(delay)
        raise FetchError(f"{method} {short} failed after {attempts} attempt(s): {last}",
                         f"{method} {shown} failed after {attempts} attempt(s): {detail}")

    def _follow(self, method, url, params, data, headers) -> Response:
        # Redirects are followed here, not by requests: requests would read each redirect's body
        # without our cap or deadline, and its hops would skip the rate limiter and the count.
        permanent = True  # every hop so far a 301 or 308: the address asked for has moved for good
        asked = url
        for hop in range(MAX_REDIRECTS + 1):
            try:
                resp, url = self._send(method, url, params, data, headers)
            except FetchError as exc:
                if not hop:
                    raise
                # a failure at the end of a redirect names a host feeds.yaml never did: say how it got there
                # (a retried one is said with the address asked for already: _request)
                said = _redirected(_short(asked))
                raise FetchError(f"{exc}{said}", f"{exc.detail}{said}") from None
            if url is None:
                if hop:
                    resp.redirected_from = _short(asked)
                    if permanent:
                        resp.moved = resp.url
                return resp
            permanent = permanent and resp.status in (301, 308)
            if not _is_http(url):
                raise FetchError(f"redirect to a non-http(s) URL {error_line(redact(url), 100)!r}",
                                 f"redirect to a non-http(s) URL {printable(redact(url))!r}")
            params = None  # the Location already carries its query
            if resp.status in (301, 302, 303) and method == "POST":
                method, data = "GET", None  # what every client does; 307/308 keep the body
        raise FetchError(f"more than {MAX_REDIRECTS} redirects, last to {_short(url)}",
                         f"more than {MAX_REDIRECTS} redirects, last to {redact(url)}")

    # -- one request --------------------------------------------------------------------------

    def _send(self, method, url, params, data, headers) -> tuple[Response, str | None]:
        """Send one request and read its body; returns (response, redirect target or None)."""
        if self.limiter is not None:
            self.limiter.wait()
        self.requests_made += 1
        started = time.monotonic()
        deadline = started + self.timeout
        try:
            r = self._session.request(
                method, url, params=params, data=data, headers=headers,
                timeout=self.timeout, stream=True, allow_redirects=False,
            )
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema, requests.exceptions.InvalidHeader) as exc:
            raise FetchError(f"bad request {method} {_short(url)}: {type(exc).__name__}",
                             f"bad request {method} {redact(url)}: {redact(str(exc))}") from None
        except requests.RequestException as exc:
            log.debug("%s %s -> %s after %.2fs", method, redact(url),
                      type(exc).__name__, time.monotonic() - started)
            raise _connection_failure(exc, method, url, self.timeout) from None
        except ValueError as exc:  # urllib.parse on a malformed Location ("http://[oops")
            raise FetchError(f"unusable response to {method} {_short(url)}: {error_line(str(exc), 60)}",
                             f"unusable response to {method} {redact(url)}: {redact(str(exc))}") from None
        shown = redact(r.url)
        location = r.headers.get("Location") if r.status_code in REDIRECT_STATUSES else None
        target = urljoin(r.url, location) if location else None
        try:
            content = b"" if target or r.status_code == 304 else self._read_body(r, deadline, shown)
        except (FetchError, _Transient) as exc:
            log.debug("%s %s -> %d, body failed after %.2fs: %s",
                      method, shown, r.status_code, time.monotonic() - started, exc)
            raise
        finally:
            r.close()  # on an early exit this drops the connection instead of draining it
        log.debug("%s %s -> %d, %d bytes, %.2fs",
                  method, shown, r.status_code, len(content), time.monotonic() - started)
        resp = Response(
            status=r.status_code, content=content, headers=r.headers, url=shown,
            etag=r.headers.get("ETag"), last_modified=r.headers.get("Last-Modified"),
        )
        return resp, target

    def _read_body(self, r: requests.Response, deadline: float, shown: str) -> bytes:
        too_big = f"response body exceeds {_size(self.max_bytes)}, the most a response may hold, from {_short(shown)}"
        # The retry loop names the request; the detail names it again for whoever reads it alone.
        timed_out = f"timed out after {self.timeout:g}s reading the body"
        timed_out_detail = f"{timed_out} of {shown}"
        declared = r.headers.get("Content-Length", "").strip()
        encoded = r.headers.get("Content-Encoding")
        # ASCII digits only, and no int() of thousands of them: either raises ValueError.
        if (declared.isascii() and declared.isdigit() and not encoded
                and (len(declared) > 18 or int(declared) > self.max_bytes)):
            raise FetchError(too_big)  # no need to download what we would refuse anyway
        raw = r.raw
        chunks, total = [], 0
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise _Transient(timed_out, timed_out_detail, timed_out=True)
                _shrink_read_timeout(raw, remaining)
                # read1 returns whatever has arrived (read(amt) would wait for amt bytes, so a
                # trickling server could outlast the deadline), and urllib3 >= 2.6 inflates at
                # most amt bytes per call (max_length), so a gzip bomb never expands past a chunk.
                chunk = raw.read1(_CHUNK, decode_content=True)
                if not chunk:
                    break
                total += len(chunk)
                if total > self.max_bytes:
                    raise FetchError(too_big)
                chunks.append(chunk)
        except (urllib3.exceptions.ReadTimeoutError, TimeoutError):
            raise _Transient(timed_out, timed_out_detail, timed_out=True) from None
        except urllib3.exceptions.DecodeError as exc:
            raise FetchError(f"undecodable body from {_short(shown)}: {error_line(str(exc), 60)}",
                             f"undecodable body from {shown}: {printable(str(exc))}") from None
        except (urllib3.exceptions.HTTPError, http.client.HTTPException, OSError) as exc:
            raise _Transient(f"reading the body failed: {type(exc).__name__}: {error_line(redact(str(exc)), 60)}",
                             f"reading the body of {shown} failed: {type(exc).__name__}: "
                             f"{printable(redact(str(exc)))}") from None
        return b"".join(chunks)


def _is_http(url) -> bool:
    try:
        return isinstance(url, str) and urlsplit(url).scheme.lower() in ("http", "https")
    except ValueError:  # a malformed IPv6 host
        return False


def _display(url: str, params) -> str:
    """The URL as it will be sent (params included), secrets redacted, for messages."""
    try:
        return redact(requests.Request("GET", url, params=params).prepare().url or url)
    except requests.RequestException:
        return redact(url)


def _shrink_read_timeout(raw, remaining: float) -> None:
    # The socket timeout is per recv(); cap it at the time left so a stall after a partial body
    # ends at the deadline, not one full timeout later. urllib3 resets it on the next request.
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(remaining, 0.001))
        except OSError:
            pass


_TAG = re.compile(r"<[^<>]*>")


def _snippet(resp: Response, limit: int = 200) -> str:
    """The start of an error body (E-utilities explains 429s there), for the error message:
    on one line, without control characters or escape sequences; a short one without markup."""
    text = printable(resp.content[:200].decode("utf-8", "replace"))
    if limit < 200:
        text = printable(_TAG.sub(" ", text))
    return f": {error_line(redact(text), limit)}" if text else ""


def _redirected(asked: str | None) -> str:
    """ " (redirected there from <asked>)" for a request that redirects led elsewhere, else "". """
    return f" (redirected there from {asked})" if asked else ""


def _short(url: str) -> str:
    """A URL for a one-line message: scheme, host and path (at most 80 characters), no query."""
    try:
        parts = urlsplit(url)
        path = parts.path if len(parts.path) <= 60 else parts.path[:59] + "…"
        short = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{path}"  # no user, no password
    except ValueError:
        short = url
    return error_line(redact(short), 80)


def _chain(exc: BaseException):
    """The exception and everything it wraps (args, urllib3's reason, causes), each once."""
    seen, todo = set(), [exc]
    while todo and len(seen) < 32:
        item = todo.pop(0)
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo += [a for a in getattr(item, "args", ()) if isinstance(a, BaseException)]
        todo += [x for x in (getattr(item, "reason", None), item.__cause__, item.__context__)
                 if isinstance(x, BaseException)]


_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}


def _connection_failure(exc: requests.RequestException, method: str, url: str, timeout: float) -> Exception:
    """What requests raised before any response, as a FetchError (retrying cannot help) or a
    _Transient (it may)."""
    host = urlsplit(url).netloc.rsplit("@", 1)[-1]
    detail = f"{method} {printable(redact(url))}: {type(exc).__name__}: {printable(redact(str(exc)))}"
    chain = list(_chain(exc))
    if isinstance(exc, requests.Timeout):
        what = "connect" if isinstance(exc, requests.ConnectTimeout) else "read"
        return _Transient(f"{what} timed out after {timeout:g}s ({host})", detail, timed_out=True)
    if any(isinstance(e, (socket.gaierror, urllib3.exceptions.NameResolutionError)) for e in chain):
        return FetchError(f"the name {error_line(host, 80)} does not resolve (DNS)", detail)
    if isinstance(exc, requests.exceptions.SSLError):
        return FetchError(f"TLS failed with {error_line(host, 80)}", detail)
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return FetchError(f"connection refused by {error_line(host, 80)}", detail)
    if any(isinstance(e, OSError) and e.errno in _UNREACHABLE for e in chain):
        return FetchError(f"network unreachable for {error_line(host, 80)}", detail)
    if any(isinstance(e, ConnectionResetError) for e in chain):
        return _Transient(f"connection reset by {error_line(host, 80)}", detail)
    return _Transient(f"{type(exc).__name__} from {error_line(host, 80)}", detail)
