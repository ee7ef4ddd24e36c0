"""A real HTTP server on 127.0.0.1 for tests: scripted routes and fault injection.

    server.route("/feed", Reply(503, headers={"Retry-After": "1"}), Reply(200, b"<rss/>"))
    server.route("/slow", Reply(hang=True))
    server.route("/c", lambda seen: Reply(304) if seen.headers.get("If-None-Match") else Reply(200))
    server.route("/huge", Reply(stream=lambda: (b"x" * 65536 for _ in range(1600))))  # 100 MB, lazily

Replies are served in order and the last one repeats; unknown paths answer 404. Every request
is recorded as a Seen. stop() returns promptly even with hung or trickling connections.
"""

from __future__ import annotations

import gzip as gzip_module
import socket
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before sending the status line
    trickle: float | None = None  # if set, send the body one byte every `trickle` seconds
    hang: bool = False  # accept, read the request, never answer (until the server stops)
    gzip: bool = False  # gzip-encode body and set Content-Encoding: gzip
    truncate: int | None = None  # declare the full Content-Length, send only N bytes, close
    # A body made while it is sent: called once per request, its chunks are written as they come
    # (nothing held in memory). Sent chunked, unless `headers` declare a Content-Length.
    stream: Callable[[], Iterable[bytes]] | None = None


class Headers(dict):
    """Request headers as received; lookups ignore case, as HTTP header names do."""

    def _key(self, key):
        if isinstance(key, str) and not dict.__contains__(self, key):
            for k in self:
                if k.lower() == key.lower():
                    return k
        return key

    def __getitem__(self, key):
        return super().__getitem__(self._key(key))

    def __contains__(self, key):
        return super().__contains__(self._key(key))

    def get(self, key, default=None):
        return super().get(self._key(key), default)


@dataclass
class Seen:
    method: str
    path: str  # without the query string
    query: dict[str, list[str]]
    headers: dict[str, str]  # a Headers: case-insensitive lookups
    body: bytes
    form: dict[str, list[str]]  # parsed from application/x-www-form-urlencoded bodies


ReplySpec = Reply | Callable[[Seen], Reply]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like real servers: the client must cope with reuse
    timeout = 30  # an idle keep-alive connection does not hold a thread forever
    disable_nagle_algorithm = True  # headers and body go out as separate writes; avoid 40 ms stalls
    server: _Server

    def setup(self):
        super().setup()
        self.server.connections.add(self.connection)

    def finish(self):
        self.server.connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def handle(self):
        try:
            super().handle()
        except (OSError, ValueError):
            pass  # the client went away (or the server stopped) mid-reply: normal in fault tests

    def log_message(self, format, *args):
        pass  # keep test output clean; the Seen list is the log

    def do_GET(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        form = {}
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        seen = Seen(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=Headers(self.headers.items()),
            body=body,
            form=form,
        )
        self._send(self.server.owner._reply_for(seen))

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def _send(self, reply: Reply):
        stopping = self.server.stopping
        if reply.hang:
            stopping.wait()
            self.close_connection = True
            return
        if reply.delay and stopping.wait(reply.delay):
            return
        if reply.stream is not None:
            self._send_stream(reply)
            return
        body = gzip_module.compress(reply.body) if reply.gzip else reply.body
        headers = dict(reply.headers)
        if reply.gzip:
            headers["Content-Encoding"] = "gzip"
        no_body = reply.status in (204, 304) or 100 <= reply.status < 200
        self.send_response(reply.status)
        for name, value in headers.items():
            self.send_header(name, value)
        if not no_body and "content-length" not in {k.lower() for k in headers}:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if no_body:
            return
        if reply.truncate is not None:
            body = body[: reply.truncate]
            self.close_connection = True
        if reply.trickle is None:
            self.wfile.write(body)
        else:
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                if stopping.wait(reply.trickle):
                    break
        self.wfile.flush()

    def _send_stream(self, reply: Reply):
        stopping = self.server.stopping
        chunked = "content-length" not in {k.lower() for k in reply.headers}
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.close_connection = True  # a client that stops reading early leaves the rest unsent
        for chunk in reply.stream():
            if stopping.is_set():
                return
            if chunk:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: LocalServer):
        self.owner = owner
        self.stopping = threading.Event()
        self.connections: set[socket.socket] = set()
        super().__init__(("127.0.0.1", 0), _Handler)


class LocalServer:
    def __init__(self):
        self._lock = threading.Lock()
        self._routes: dict[str, list[ReplySpec]] = {}
        self._served: dict[str, int] = {}
        self.requests: list[Seen] = []
        self._server = _Server(self)
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        # A short poll interval so stop() (server.shutdown) returns quickly.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def route(self, path: str, *replies: ReplySpec) -> None:
        """Script `path`: replies are served in order, the last one repeats."""
        if not replies:
            raise ValueError("route() needs at least one reply")
        with self._lock:
            self._routes[path] = list(replies)
            self._served[path] = 0

    def requests_to(self, path: str) -> list[Seen]:
        with self._lock:
            return [seen for seen in self.requests if seen.path == path]

    def _reply_for(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
            script = self._routes.get(seen.path)
            if script is None:
                return Reply(404, b"no route for " + seen.path.encode())
            spec = script[min(self._served[seen.path], len(script) - 1)]
            self._served[seen.path] += 1
        if isinstance(spec, Reply):
            return spec
        try:
            return spec(seen)
        except Exception:  # a broken callable is a test bug: make it loud in the response
            return Reply(500, traceback.format_exc().encode())

    def stop(self) -> None:
        if self._server.stopping.is_set():
            return
        self._server.stopping.set()  # wakes hung, delayed and trickling handlers
        self._server.shutdown()
        for conn in list(self._server.connections):
            try:
                conn.shutdown(socket.SHUT_RDWR)  # unblocks handlers waiting on idle keep-alives
            except OSError:
                pass
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
