"""The newsletter's public pages, for readers (no login): subscribe, confirm, unsubscribe.

    GET  /subscribe                the form
    POST /subscribe                sends a confirmation e-mail (CSRF token, honeypot, rate limits)
    GET  /confirm/<token>          the link in that e-mail: asks "confirm?" and changes nothing
                                   (mail scanners open links; they must not subscribe anyone)
    POST /confirm/<token>          activates the address (double opt-in): the page's button, CSRF token
    GET  /unsubscribe/<token>      asks "unsubscribe?" and changes nothing (link scanners open links)
    POST /unsubscribe/<token>      unsubscribes: the page's button, and RFC 8058 one-click
                                   (mail providers send no cookie and no CSRF token), 200, idempotent

The answer to the form is the same page whether the address is new, waiting, subscribed or
gone: every accepted request sends exactly one e-mail (a confirmation, or a note to someone
already subscribed), so neither the page nor its timing tells a stranger who reads the digest.

The limits count what an attacker cannot multiply for free: a client is an IPv4 address or an
IPv6 /64 (one host or home line gets a whole /64), and an address is its mailbox (plus-tags and
letter case taken off), whose confirmation e-mails are capped per day.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import re
import time

from flask import Blueprint, current_app, render_template, request
from flask_wtf.csrf import CSRFError

from ..config import templates_dir
from ..newsletter import subscribers
from ..errors import TrackerError
from ..newsletter.errors import InvalidAddress, UncertainDelivery
from ..newsletter.message import Identity, confirmation_message
from ..newsletter.transport import from_env
from ..store import transaction
from .db import get_db, settings
from .security import csrf

log = logging.getLogger(__name__)

# Templates come from templates/newsletter/ (the editors' UI has templates/web/ to itself).
bp = Blueprint("public", __name__, template_folder=str(templates_dir()))

HONEYPOT = "website"  # a field people never see; bots fill in every field they find
MAILBOX_WINDOW, MAX_PER_MAILBOX = 24 * 3600, 3  # at most 3 e-mails a day to one mailbox, whoever asks
CLIENT_WINDOW, MAX_PER_CLIENT = 3600, 10  # at most 10 sign-ups an hour from one client
IPV6_CLIENT_PREFIX = 64
KEEP_ATTEMPTS = 24 * 3600
# Seconds the relay may take over a sign-up's confirmation e-mail, each step and all of them: the
# reader waits for the page, and a WSGI worker is held meanwhile (gunicorn gives up on one after 30 s)
SIGNUP_SMTP_TIMEOUT, SIGNUP_SMTP_WITHIN = 8.0, 15.0


def _page(template: str, status: int = 200, **context):
    # Links relative to the page (`../static/...`), so the pages work at whatever path a
    # reverse proxy publishes them under.
    root = "../" * (request.path.count("/") - 1)
    config = settings().config
    return render_template(f"newsletter/{template}", root=root, site_name=config.digest.site_name,
                           language=config.digest.language, **context), status


def problem_page(status: int):
    """What a reader sees when a public page fails (the app's error handler): on our side (5xx), or
    a request the page cannot take (a method, a size, a form it did not make)."""
    return _page("problem.html", status, reason="error" if status >= 500 else "request")


@bp.get("/subscribe")
def subscribe_form():
    return _page("subscribe.html")


@bp.post("/subscribe")
def subscribe():
    db = get_db()
    client = client_key(request.remote_addr)
    raw = request.form.get("email", "")[:320]
    if request.form.get(HONEYPOT):
        _count_attempt(db, "", client)
        log.info("subscribe: honeypot filled from %s; ignored", client)
        return _page("check_inbox.html")
    try:
        email = subscribers.normalize_email(raw)
    except InvalidAddress:
        return _page("subscribe.html", 400, email=raw, error=True)
    limited = _count_attempt(db, email, client)
    if limited == "client":
        return _page("problem.html", 429, reason="busy")
    if limited == "mailbox":
        # Enough e-mails to this mailbox for now; the page says nothing different.
        log.info("subscribe: per-mailbox limit reached; no e-mail sent")
        return _page("check_inbox.html")
    config = settings().config
    try:
        identity = Identity.from_config(config)
        row, _ = subscribers.add(db, email, source="web")
        days = config.newsletter.confirm_days
        token = None if row["status"] == "active" else subscribers.start_confirmation(db, row["id"], days)
        message = confirmation_message(identity, row, token, days)
        transport = from_env(config, settings().db_path, timeout=SIGNUP_SMTP_TIMEOUT, within=SIGNUP_SMTP_WITHIN)
        try:
            transport.send(message, identity.from_address, subscribers.smtp_address(row["email"]))
        finally:
            transport.close()
    except UncertainDelivery as exc:  # the message went out whole; the relay's answer did not come back
        log.warning("subscribe: the confirmation e-mail went out but the relay did not confirm it: %s", exc)
    except TrackerError as exc:  # the relay, its settings, the links' address
        log.error("subscribe: could not send the confirmation e-mail: %s", exc)
        return _page("problem.html", 503, reason="unsent")
    return _page("check_inbox.html")


@bp.get("/confirm/<token>")
def confirm_page(token: str):
    """Only asks: a GET must never subscribe (mail scanners open every link in an e-mail)."""
    days = settings().config.newsletter.confirm_days
    row = subscribers.by_confirm_token(get_db(), token, days)
    if row is None:
        return _page("problem.html", 404, reason="confirm_link", valid_days=days)
    return _page("confirm.html", email=row["email"])


@bp.post("/confirm/<token>")
def confirm(token: str):
    """The confirm page's button (with its CSRF token, like the subscribe form)."""
    days = settings().config.newsletter.confirm_days
    row = subscribers.confirm(get_db(), token, days)
    if row is None:
        return _page("problem.html", 404, reason="confirm_link", valid_days=days)
    return _page("confirmed.html", token=row["token"])


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token: str):
    """Only asks: a GET must never unsubscribe (mail scanners follow every link)."""
    row = subscribers.by_token(get_db(), token)
    if row is None:
        return _page("problem.html", 404, reason="unsubscribe_link")
    return _page("unsubscribe.html", done=row["status"] == "unsubscribed")


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # RFC 8058: the mail provider's POST carries no cookie and no token; the token in the URL is the proof
def unsubscribe(token: str):
    row = subscribers.unsubscribe(get_db(), token)
    if row is None:
        return _page("problem.html", 404, reason="unsubscribe_link")
    return _page("unsubscribed.html", token=token)


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    log.warning("subscribe: CSRF check failed: %s", error.description)
    return _page("problem.html", 400, reason="form_expired", confirming=request.endpoint == "public.confirm")


def _count_attempt(db, email: str, client: str) -> str | None:
    """Record a sign-up; 'client' or 'mailbox' if that one is over its limit (then nothing is sent).

    Every sign-up counts against its client; only one that sends an e-mail counts against its
    mailbox, so a client refused for flooding cannot use up someone else's confirmations."""
    now = time.time()
    key = _mailbox_key(email) if email else ""
    with transaction(db):
        db.execute("DELETE FROM subscribe_attempts WHERE at < ?", [now - KEEP_ATTEMPTS])
        from_client = db.execute("SELECT count(*) FROM subscribe_attempts WHERE address = ? AND at > ?",
                                 [client, now - CLIENT_WINDOW]).fetchone()[0]
        to_mailbox = db.execute("SELECT count(*) FROM subscribe_attempts WHERE email_hash = ? AND at > ?",
                                [key, now - MAILBOX_WINDOW]).fetchone()[0] if key else 0
        limited = "client" if from_client >= MAX_PER_CLIENT else "mailbox" if to_mailbox >= MAX_PER_MAILBOX else None
        db.execute("INSERT INTO subscribe_attempts (email_hash, address, at) VALUES (?, ?, ?)",
                   ["" if limited else key, client, now])
    return limited


def client_key(remote: str | None) -> str:
    """The client as the per-client limit counts it: its IPv4 address (also when it reaches us
    as ::ffff:a.b.c.d), or the /64 of its IPv6 address; anything else as given. A port some
    proxies add ("[2001:db8::1]:443", "192.0.2.1:5000") is not part of the client."""
    text = (remote or "").strip()
    bracketed = re.fullmatch(r"\[([^\]]+)\](?::\d+)?", text)
    if bracketed:
        text = bracketed.group(1)
    elif re.fullmatch(r"[\d.]+:\d+", text):
        text = text.rsplit(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return remote or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, IPV6_CLIENT_PREFIX), strict=False))
    return str(ip)


def _mailbox_key(email: str) -> str:
    """The mailbox as the rate limit keeps it: keyed hash, so the table lists no one's e-mail."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, subscribers.mailbox(email).encode(), hashlib.sha256).hexdigest()


# -- the logs ----------------------------------------------------------------------------------------
# A confirm or unsubscribe link's token acts for its reader: whoever reads a log line holding one
# can confirm or unsubscribe that address. The development server (tracker serve) logs every
# request line, and Flask logs the path of a request that failed (in production too): both get
# the path with the token replaced.

_TOKEN_PATH = re.compile(r"(/(?:confirm|unsubscribe)(?:/|%2[Ff]))[^/\s?\"\]]+")


def _untokened(value):
    return _TOKEN_PATH.sub(r"\1…", value) if isinstance(value, str) else value


class TokenFilter(logging.Filter):
    """Takes readers' tokens out of a log record: its message and its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _untokened(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_untokened(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _untokened(v) for k, v in record.args.items()}
        return True


def keep_tokens_out_of_the_log(logger: logging.Logger) -> None:
    if not any(isinstance(f, TokenFilter) for f in logger.filters):
        logger.addFilter(TokenFilter())
