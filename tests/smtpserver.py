"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), with scripted answers.

    server = SMTPServer()                    plain SMTP, SMTPUTF8 on
    server = SMTPServer(tls="starttls")      STARTTLS required, AUTH after it (a self-signed
                                             certificate made for the run; trust it through
                                             SSL_CERT_FILE=server.cafile)
    server = SMTPServer(tls="implicit")      TLS from the first byte (smtps)
    server.answers["x@example.org"] = ["451 4.7.1 Try again later"]   RCPT, per attempt, then 250
    server.data_answers / server.mail_answers   the same at the end of DATA / at MAIL FROM
    server.drop_after_data.add("x@...")      keep the message but hang up instead of answering
    server.data_delay = 0.02                 seconds between keeping a message and answering 250
    server.received                          [(envelope sender, recipients, message bytes)]
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "news@example.org", "p@ss:w/rd"


class Handler:
    def __init__(self, server: "SMTPServer"):
        self.server = server

    async def handle_MAIL(self, smtp, session, envelope, address, mail_options):
        with self.server.lock:
            if self.server.mail_answers:
                return self.server.mail_answers.pop(0)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):
        answer = self.server._next_answer(address, "rcpt")
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope):
        for address in envelope.rcpt_tos:
            answer = self.server._next_answer(address, "data")
            if answer:
                return answer
        # Kept (as good as delivered) before the slow answer: a client killed meanwhile has
        # sent a message it will never hear about.
        with self.server.lock:
            self.server.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
            self.server.utf8.append(envelope.smtp_utf8)
            drop = any(address in self.server.drop_after_data for address in envelope.rcpt_tos)
        if self.server.data_delay:
            await asyncio.sleep(self.server.data_delay)
        if drop:  # accepted, but the answer never reaches the client
            smtp.transport.abort()
        return "250 2.0.0 Accepted"


class SMTPServer:
    def __init__(self, tls: str | None = None, auth: bool = False):
        self.received: list[tuple[str, list[str], bytes]] = []
        self.answers: dict[str, list[str]] = {}  # RCPT answers by recipient, one per attempt
        self.data_answers: dict[str, list[str]] = {}  # answers at the end of DATA
        self.mail_answers: list[str] = []  # answers to MAIL FROM, one per transaction
        self.drop_after_data: set[str] = set()  # keep the message, hang up instead of answering
        self.logins: list[tuple[str, str]] = []
        self.utf8: list[bool] = []  # whether each received message came with SMTPUTF8
        self.data_delay = 0.0
        self.lock = threading.Lock()
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="smtp-test-"))
        kwargs = {"enable_SMTPUTF8": True, "decode_data": False}
        if auth or tls:
            kwargs.update(authenticator=self._authenticate, auth_require_tls=tls == "starttls")
        if tls == "starttls":
            kwargs.update(tls_context=self._server_context(), require_starttls=True)
        elif tls == "implicit":
            kwargs.update(ssl_context=self._server_context())
        self.controller = Controller(Handler(self), hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.controller.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def recipients(self) -> list[str]:
        with self.lock:
            return [rcpt for _, rcpts, _ in self.received for rcpt in rcpts]

    def _next_answer(self, address: str, stage: str) -> str | None:
        table = self.answers if stage == "rcpt" else self.data_answers
        with self.lock:
            queue = table.get(address)
            return queue.pop(0) if queue else None

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            self.logins.append((login, password))
            return AuthResult(success=login == USER and password == PASSWORD)
        return AuthResult(success=False)

    def _server_context(self) -> ssl.SSLContext:
        cert, key = self.folder / "cert.pem", self.folder / "key.pem"
        make_certificate(cert, key)
        self.cafile = str(cert)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        return context


def make_certificate(cert: Path, key: Path) -> None:
    """A self-signed certificate for 127.0.0.1: with `cryptography` if installed, else `openssl`."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        if not shutil.which("openssl"):
            import pytest

            pytest.skip("TLS tests need the cryptography package or the openssl command to make a certificate")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
        return
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                    x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
