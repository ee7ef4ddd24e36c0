"""Where messages go: an SMTP relay named by TRACKER_SMTP_URL, or else .eml files in an outbox.

    smtp://host:25                        plain SMTP (a relay on the same machine or network)
    smtp+starttls://user:pass@host:587    STARTTLS is required, then AUTH
    smtps://user:pass@host:465            TLS from the first byte, then AUTH

The user name and password are percent-decoded (`p%40ss` is `p@ss`) and never logged or shown:
the transport prints as `smtps://user@host:465`. Certificates are verified against the system's
CA store (SSL_CERT_FILE points elsewhere).

A relay that refuses the connection, or whose name does not resolve, stops the run at once
(TransportError): trying again seconds later would get the same answer. A timeout or a 4xx
is retried with backoff.

One SMTP connection serves a whole run. Each message is its own transaction (MAIL, RCPT,
DATA), so every reply says exactly what happened to that one recipient:
  - refused before the message text went out: TemporaryFailure (4xx, connection trouble) or
    PermanentFailure (5xx for the recipient); nothing was delivered;
  - the text went out but no answer came back: UncertainDelivery;
  - the relay refuses the sender or the login: TransportError (stop: no message would go out).
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..config import Config
from ..errors import ConfigError, printable
from ..files import write_atomic
from .errors import PermanentFailure, TemporaryFailure, TransportError, UncertainDelivery
from .message import Outgoing

log = logging.getLogger(__name__)

SMTP_URL_ENV = "TRACKER_SMTP_URL"
DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
TIMEOUT = 60.0
# Seconds more than a message's `within` that its answer is waited for once it went out whole
ANSWER_GRACE = 5.0


@dataclass(frozen=True)
class SMTPUrl:
    scheme: str
    host: str
    port: int
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, url: str) -> "SMTPUrl":
        """Read TRACKER_SMTP_URL; errors never repeat the URL (it may hold a password)."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise TransportError(f"{SMTP_URL_ENV} is not a valid URL (expected smtp://host:port, "
                                 "smtp+starttls://user:pass@host:587 or smtps://user:pass@host:465)") from None
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            raise TransportError(f"{SMTP_URL_ENV}: unknown scheme {scheme!r}; use smtp, smtp+starttls or smtps")
        if not parts.hostname:
            raise TransportError(f"{SMTP_URL_ENV}: no host")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise TransportError(f"{SMTP_URL_ENV}: only scheme://[user:password@]host[:port] is understood")
        username = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password is not None else None
        if scheme == "smtp" and username:
            raise TransportError(f"{SMTP_URL_ENV}: a user and password need smtp+starttls:// or smtps://, "
                                 "never plain smtp:// (they would cross the network readable)")
        if username and password is None:
            raise TransportError(f"{SMTP_URL_ENV}: a user name without a password")
        return cls(scheme, parts.hostname, port or DEFAULT_PORTS[scheme], username, password)

    def __str__(self) -> str:
        user = f"{quote(self.username, safe='')}@" if self.username else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{user}{host}:{self.port}"


@dataclass
class _Limit:
    """One message's time, with `within`: when it runs out, whether the message went out whole and
    its answer is awaited (not cut off before ANSWER_GRACE), and whether it was cut off."""

    until: float
    answering: bool = False
    was_cut: bool = False
    over: bool = False  # the message's send() has returned: its cut-offs shut nothing


class SMTPTransport:
    """Messages over one reused SMTP connection (reconnected when the server drops it)."""

    def __init__(self, url: SMTPUrl, timeout: float = TIMEOUT, within: float | None = None):
        self.url = url
        self.timeout = timeout  # seconds the relay may take over each step
        self.within = within  # ... and over one message, steps together (None: no limit but theirs)
        self._limit: _Limit | None = None  # the message being sent's (None: no within)
        self._cutting = threading.Lock()  # a cut-off's check and its shutdown, against the message's end
        self._conn: smtplib.SMTP | None = None
        self._opening: smtplib.SMTP | None = None  # a connection being set up (EHLO, STARTTLS, AUTH)

    def __str__(self) -> str:
        return str(self.url)

    def send(self, msg: Outgoing, sender: str, recipient: str) -> str:
        """Deliver one message to one recipient; returns the server's acceptance reply."""
        data = _wire(msg.data)
        smtputf8 = msg.smtputf8
        self._limit = limit = _Limit(time.monotonic() + self.within) if self.within else None
        # within: each step's timeout is narrowed to what is left (_step), and a relay that trickles
        # its answers a byte at a time is cut off when the time is up; the answer to a message sent
        # whole gets ANSWER_GRACE more, then it is cut off too (uncertain)
        cutoffs = [threading.Timer(self.within, self._cut, [limit]),
                   threading.Timer(self.within + ANSWER_GRACE, self._cut, [limit, True])] if self.within else []
        for cutoff in cutoffs:
            cutoff.daemon = True
            cutoff.start()
        try:
            for attempt in (1, 2):
                conn = self._connection()
                try:
                    self._envelope(conn, sender, recipient, smtputf8)
                    break
                except _Stale:
                    # An idle connection the server closed, or a 421: a fresh one, once.
                    self.close()
                    if attempt == 2:
                        raise TemporaryFailure("the server closed the connection") from None
            return self._data(conn, data)
        finally:
            for cutoff in cutoffs:
                cutoff.cancel()
            if limit is not None:
                with self._cutting:  # a cut-off already running finishes first, or finds the message over
                    limit.over = True

    def _cut(self, limit: _Limit, answer_too: bool = False) -> None:
        """The message's time is up: shut the connection's socket, so that a read waiting on it
        returns now (the step fails as a connection lost: before the message's end, for now; after
        it, uncertain). The answer to a message sent whole is waited for until `answer_too`. A
        cut-off that fires as its message ends leaves the next message alone."""
        with self._cutting:
            if limit.over:  # set, under this lock, before the next message makes its own limit
                return
            conn = self._conn or self._opening
            sock = conn.sock if conn is not None else None  # once: close() may clear it meanwhile
            if sock is not None and (answer_too or not limit.answering):
                limit.was_cut = True
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self, *, polite: bool = True) -> None:
        """End the connection: with QUIT, or (polite=False, after Ctrl-C, maybe mid-message) by
        closing the socket at once rather than wait up to the timeout for an answer."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        until = self._limit.until if self._limit else None
        if not polite or until is not None and until <= time.monotonic():
            conn.close()
            return
        if until is not None and conn.sock is not None:
            conn.sock.settimeout(min(self.timeout, until - time.monotonic()))
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            conn.close()

    def _step(self, conn: smtplib.SMTP | None = None, *, sent: bool = False) -> float:
        """Seconds the next step may take: the timeout, or less, what is left of the message's
        `within`; none left, the connection is dropped and the message fails for now. Once the
        message went out whole (`sent`), its answer has ANSWER_GRACE more (as the cut-off gives
        it): the relay may have taken it, so failing it "for now" would send it twice."""
        if self._limit is None:
            return self.timeout
        left = self._limit.until + (ANSWER_GRACE if sent else 0) - time.monotonic()
        if left <= 0:
            _close_quietly(conn)
            if conn is self._conn:
                self._conn = None
            raise TemporaryFailure(f"{self.url} took more than {self.within:g} s over one message")
        left = min(self.timeout, left)
        if conn is not None and conn.sock is not None:
            conn.sock.settimeout(left)
        return left

    def _connection(self) -> smtplib.SMTP:
        if self._conn is None:
            try:
                self._conn = self._connect()
            finally:
                self._opening = None
        return self._conn

    def _connect(self) -> smtplib.SMTP:
        url = self.url
        context = ssl.create_default_context()
        conn = None
        try:
            # made first, connected after: the greeting is read in connect(), where a message's time
            # running out (_cut) can reach the socket (smtps's handshake comes before it has one, and
            # is bounded by the step's timeout, narrowed to what is left)
            conn = (smtplib.SMTP_SSL(timeout=self._step(), context=context) if url.scheme == "smtps"
                    else smtplib.SMTP(timeout=self._step()))
            conn._host = url.host  # the name TLS verifies (smtplib sets it only when its constructor connects)
            self._opening = conn
            code, greeting = conn.connect(url.host, url.port)
            if code != 220:
                raise smtplib.SMTPConnectError(code, greeting)
            self._step(conn)
            conn.ehlo()
            if url.scheme == "smtp+starttls":
                if not conn.has_extn("starttls"):
                    raise TransportError(f"{url} does not offer STARTTLS; refusing to go on without it")
                self._step(conn)
                conn.starttls(context=context)
                self._step(conn)
                conn.ehlo()
            if url.username:
                self._step(conn)
                conn.login(url.username, url.password or "")
        except TransportError:
            _close_quietly(conn)
            raise
        except smtplib.SMTPAuthenticationError as exc:
            _close_quietly(conn)
            raise TransportError(f"{url}: login refused ({exc.smtp_code})") from None
        except smtplib.SMTPNotSupportedError:
            _close_quietly(conn)
            raise TransportError(f"{url}: the server offers no login (AUTH)") from None
        except ssl.SSLCertVerificationError as exc:
            _close_quietly(conn)
            raise TransportError(f"{url}: the server's certificate does not verify: {exc.verify_message}") from None
        except ConnectionRefusedError:
            # Nothing listens there: the answer is immediate and will be the same in a minute,
            # so backing off (35 s with the shipped retries) would only delay saying so.
            _close_quietly(conn)
            raise TransportError(f"cannot connect to {url}: connection refused (is the relay running, "
                                 f"on that port?)") from None
        except socket.gaierror as exc:
            _close_quietly(conn)
            raise TransportError(f"cannot connect to {url}: the host name does not resolve ({exc.strerror})") from None
        except (smtplib.SMTPException, OSError) as exc:
            _close_quietly(conn)
            raise TemporaryFailure(f"cannot connect to {url}: {exc}") from None
        log.debug("connected to %s", url)
        return conn

    def _envelope(self, conn: smtplib.SMTP, sender: str, recipient: str, smtputf8: bool) -> None:
        options = []
        if smtputf8:
            if not conn.has_extn("smtputf8"):
                raise PermanentFailure(f"{self.url} cannot deliver to an address with non-ASCII letters "
                                       "before the @ (no SMTPUTF8)")
            options = ["SMTPUTF8", "BODY=8BITMIME"]
        self._step(conn)
        try:
            code, reply = conn.mail(sender, options)
        except (smtplib.SMTPServerDisconnected, OSError):
            raise _Stale() from None
        if code == 421:
            raise _Stale()
        if code != 250:
            self._reset(conn)
            if 400 <= code < 500:
                raise TemporaryFailure(_said("MAIL FROM", code, reply), code)
            raise TransportError(f"{self.url} refuses the sender {sender}: {_said('MAIL FROM', code, reply)}")
        self._step(conn)
        try:
            code, reply = conn.rcpt(recipient)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close()
            raise TemporaryFailure(f"connection lost at RCPT TO: {exc}") from None
        if code not in (250, 251):
            self._fail(conn, "RCPT TO", code, reply)

    def _data(self, conn: smtplib.SMTP, data: bytes) -> str:
        self._step(conn)
        try:
            code, reply = conn.docmd("DATA")
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close()
            raise TemporaryFailure(f"connection lost at DATA: {exc}") from None
        if code != 354:
            self._fail(conn, "DATA", code, reply)
        self._step(conn)
        try:
            conn.send(data)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            # The final "." never went out in full: the server cannot have accepted the message.
            self.close()
            raise TemporaryFailure(f"connection lost while sending the message: {exc}") from None
        self._step(conn, sent=True)
        if self._limit:
            self._limit.answering = True
        try:
            code, reply = conn.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close()
            raise UncertainDelivery(f"the whole message went out but the server never answered: {exc}") from None
        if code != 250 and (self._limit and self._limit.was_cut or code < 200):
            # an answer cut off part-way ("25" of "250 queued") or no answer at all: it may have been taken
            self.close()
            raise UncertainDelivery(f"the whole message went out but the server's answer was cut off: {code} {reply!r}")
        if code != 250:
            self._fail(conn, "end of DATA", code, reply)
        return reply.decode("utf-8", "replace")

    def _fail(self, conn: smtplib.SMTP, step: str, code: int, reply: bytes):
        if code == 421:
            self.close()
        else:
            self._reset(conn)
        if 400 <= code < 500 or code < 200:
            raise TemporaryFailure(_said(step, code, reply), code)
        raise PermanentFailure(_said(step, code, reply), code)

    def _reset(self, conn: smtplib.SMTP) -> None:
        try:
            conn.rset()
        except (smtplib.SMTPException, OSError):
            self.close()


class _Stale(Exception):
    """The connection cannot start a new transaction; nothing of this message was sent."""


class Outbox:
    """No relay configured: each message becomes FOLDER/<Message-ID>.eml, written atomically
    (mode 0600: the files hold personal unsubscribe links). Writing the same message again
    replaces its file, so a resend never makes a second copy."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def __str__(self) -> str:
        return f"outbox {self.folder}/"

    def send(self, msg: Outgoing, sender: str, recipient: str) -> str:
        name = re.sub(r"[^A-Za-z0-9._@-]", "_", (msg.message_id or "message").strip("<> ")) + ".eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / name, msg.data, mode=None, skip_same=False)  # 0600: mail is private
        except OSError as exc:
            raise TransportError(f"cannot write to {self}: {exc}") from None
        return f"written to {self.folder / name}"

    def close(self, *, polite: bool = True) -> None:
        pass


def relay_named(config: Config) -> bool:
    """Whether where mail goes was chosen: TRACKER_SMTP_URL, or an outbox folder in feeds.yaml
    (newsletter.outbox). Otherwise from_env() falls back to outbox/ beside the database, which a
    send must not take for delivery without being asked (tracker digest send --outbox)."""
    return bool(os.environ.get(SMTP_URL_ENV, "").strip()) or bool(config.newsletter.outbox)


def mail_route(config: Config, db_path: str | os.PathLike) -> tuple[str, bool]:
    """Where the web's confirmation e-mails go, said when the app starts, and whether through a
    relay: without one, people who sign up are told a message was sent, and only the outbox has it;
    without the address readers reach the pages at, no confirmation can be written at all."""
    if not (config.newsletter.public_url or config.digest.public_base_url):
        return ("neither newsletter.public_url nor digest.public_base_url is set in feeds.yaml: every sign-up "
                "fails, since its confirmation e-mail must link to the address readers reach"), False
    route = from_env(config, db_path)
    if isinstance(route, SMTPTransport):
        return f"confirmation e-mails of sign-ups go through {route}", True
    return (f"TRACKER_SMTP_URL is not set: confirmation e-mails of sign-ups are only written to {route}; "
            "readers who sign up get nothing until it is set for this process"), False


def from_env(config: Config, db_path: str | os.PathLike, *, outbox: bool = False,
             timeout: float = TIMEOUT, within: float | None = None) -> SMTPTransport | Outbox:
    """The relay in TRACKER_SMTP_URL, else (or with `outbox`) the outbox (newsletter.outbox, or
    outbox/ beside the db); `timeout`: seconds the relay may take over each step, `within`: over
    each message."""
    url = "" if outbox else os.environ.get(SMTP_URL_ENV, "").strip()
    if url:
        try:
            return SMTPTransport(SMTPUrl.parse(url), timeout=timeout, within=within)
        except TransportError as exc:
            raise ConfigError(str(exc)) from None
    return Outbox(config.newsletter.outbox or Path(db_path).resolve().parent / "outbox")


def _wire(message: bytes) -> bytes:
    """The message as DATA carries it: CRLF line ends, leading dots doubled, ending in CRLF.CRLF."""
    data = message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if data.startswith(b".") or b"\n." in data:
        data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


def _said(step: str, code: int, reply: bytes) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    # A relay's reply often quotes the remote server: it is stored and printed, so no escapes.
    return f"{step}: {code} {printable(' '.join(text.split()))}"


def _close_quietly(conn: smtplib.SMTP | None) -> None:
    if conn is not None:
        try:
            conn.close()
        except OSError:
            pass


