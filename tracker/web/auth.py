"""Logging in and out, the login rate limit, and the rule that every page needs an editor."""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time

from flask import Blueprint, current_app, g, jsonify, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException
from itsdangerous import BadSignature, URLSafeSerializer

from .. import editors
from .. import summary as lay
from ..errors import Refused
from ..store import rows_in, transaction
from .db import get_db
from .public import client_key  # one notion of a client for every rate limit
from .security import local_path, wants_json

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)

OPEN_ENDPOINTS = {"auth.login", "static"}
# Every endpoint of these blueprints is open to anyone: the readers' pages (web/public.py).
OPEN_BLUEPRINTS = ("public.",)
WINDOW = 15 * 60  # seconds
MAX_FAILURES_PER_USER = 5  # per name, from one client
MAX_FAILURES_PER_ADDRESS = 20  # per client, whatever the name
# Per name, from every client together: guesses spread over many addresses. It holds only
# clients the name has not logged in from: not a browser that did (it carries a signed cookie
# saying so, KNOWN_COOKIE) nor an address that did in the last KEEP_LOGINS.
MAX_FAILURES_PER_NAME = 50
KEEP_ATTEMPTS = 24 * 3600  # failed attempts are forgotten after a day
KEEP_LOGINS = 90 * 24 * 3600  # successful ones after 90 days: they say which clients an editor uses
KNOWN_COOKIE = "tracker_known"  # the names that logged in from this browser (each for KEEP_LOGINS), signed


@bp.before_app_request
def require_editor():
    """Load the logged-in editor into g.editor; anyone else only reaches /login and static files."""
    g.editor = None
    if request.endpoint == "static":
        return None
    name = session.get("editor")
    if name:
        # A session is valid while its account exists with the password it began with and has
        # not logged out since (the cookie is signed, not stored: this is how one is ended).
        stamp, current = session.get("stamp"), _stamp(get_db(), name)
        if isinstance(stamp, str) and current and hmac.compare_digest(stamp, current):
            g.editor = name
        else:
            session.clear()
    if g.editor or is_open(path_endpoint()):
        return None
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    message = "Log in first (your session may have ended)."
    if wants_json():
        return jsonify(ok=False, error=message, login=url_for("auth.login")), 401
    return render_template("error.html", title="Not logged in", login_link=True,
                           **kept_summary(message, "log in, and paste it into the paper's form again")), 401


def kept_summary(message: str, then: str) -> dict:
    """A lay summary sent when the session had ended (logged out, the password changed, the cookie
    expired: refused here or by the CSRF check, whichever comes first) is shown back to copy, not
    dropped: nothing was saved. Only to this site's own pages (the browser's Origin), so no other
    site can post words for this one to show. The error page's context: message, kept, login_url."""
    origin = request.headers.get("Origin")
    own = origin is None or origin.rstrip("/") == request.host_url.rstrip("/")
    kept = [(field.label, request.form[field.name]) for field in lay.FIELDS
            if own and request.endpoint == "papers.save_summary" and request.form.get(field.name, "").strip()]
    if not kept:
        return {"message": message, "kept": [], "login_url": None}
    back = url_for("papers.show", paper_id=request.view_args["paper_id"])
    return {"message": f"{message} Your lay summary was not saved: copy it from below, {then}.", "kept": kept,
            "login_url": url_for("auth.login", next=back)}


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = local_path(request.values.get("next"))
    if g.editor and request.method == "GET":
        return redirect(next_url or url_for("queue.index"))
    if request.method == "GET":
        return render_template("login.html", next=next_url)

    username = request.form.get("username", "").strip()[:64]
    password = request.form.get("password", "")
    address = client_key(request.remote_addr)
    db = get_db()
    now = time.time()
    # The account the name is, found as the command line finds --editor (editors.find_editor:
    # "SAM" is sam's). Its attempts are counted under the account's own spelling, however the
    # name was typed, so changing case dodges no limit; an unknown name's under its folded
    # form, so its case variants share a count too and the limit tells no account from none.
    try:
        account = editors.find_editor(db, username) if username else None
    except Refused:  # a spelling of two old accounts that differ only in case: as a wrong name
        account = None
    key = account or editors.fold_name(username)
    # Check the limit and count this attempt as failed in one write transaction, before the
    # slow password check: attempts sent in parallel cannot all slip under the limit.
    known = _known_names(db, now)
    with transaction(db):
        blocked = _blocked(db, key, address, now, known_browser=account in known, shown=username)
        if not blocked:
            db.execute("DELETE FROM login_attempts WHERE at < ? AND (ok = 0 OR at < ?)",
                       [now - KEEP_ATTEMPTS, now - KEEP_LOGINS])
            attempt = db.execute("INSERT INTO login_attempts (username, address, at, ok) VALUES (?, ?, ?, 0)",
                                 [key, address, now]).lastrowid
    if blocked:
        message, wait = blocked
        log.warning("login for %r from %s refused: %s", username, address, message)
        response = render_template("login.html", next=next_url, username=username, error=message)
        return response, 429, {"Retry-After": str(wait)}
    # An unknown name is checked too (against nothing: editors.check_editor spends the same time).
    ok = bool(username) and editors.check_editor(db, account or username, password)
    if ok:
        db.execute("UPDATE login_attempts SET ok = 1 WHERE id = ?", [attempt])
    if not ok:
        log.warning("failed login for %r from %s", username, address)
        return render_template("login.html", next=next_url, username=username,
                               error="Wrong name or password."), 401
    session.clear()  # a fresh session (and CSRF token) for the new login
    session.permanent = True
    session["editor"] = account
    session["stamp"] = _stamp(db, account)
    log.info("editor %s logged in from %s", account, address)
    response = redirect(next_url or url_for("queue.index"))
    entries = [[account, _password_marks(db, [account])[account], int(now)]] \
        + [e for e in known.values() if e[0] != account][:9]
    response.set_cookie(KNOWN_COOKIE, _known_serializer().dumps(entries), max_age=KEEP_LOGINS, httponly=True,
                        samesite="Lax", secure=current_app.session_interface.get_cookie_secure(current_app),
                        path=url_for("auth.login"))
    return response


def _known_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="tracker-known-browser")


def _password_marks(db, names: list[str]) -> dict[str, str]:
    """Name -> a short digest of the account's password hash, for those of `names` that are
    accounts, in one query: a new password (or the name removed and added again) makes the
    browsers it logged in from unknown again."""
    return {name: hashlib.sha256(f"known\n{password_hash}".encode()).hexdigest()[:16] for name, password_hash in
            rows_in(db, "SELECT name, password_hash FROM editors WHERE name IN ({marks})", list(names))}


def _known_names(db, now: float) -> dict[str, list]:
    """Name -> its entry [name, password mark, when], for the names that logged in from this
    browser in the last KEEP_LOGINS with the password they still have (its signed cookie)."""
    value = request.cookies.get(KNOWN_COOKIE)
    if not value:
        return {}
    try:
        entries = _known_serializer().loads(value)
    except BadSignature:  # forged, or signed with another secret key
        return {}
    recent = [entry for entry in (entries if isinstance(entries, list) else [])
              if isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)
              and isinstance(entry[2], int) and now - entry[2] <= KEEP_LOGINS]
    marks = _password_marks(db, {entry[0] for entry in recent})
    found = {}
    for entry in recent:
        if entry[1] and entry[1] == marks.get(entry[0]):
            found.setdefault(entry[0], entry)
    return found


@bp.post("/logout")
def logout():
    # Signed-cookie sessions live in the browser: a copy would outlive session.clear(), so
    # logging out also moves the editor's epoch on, which ends every session of theirs (_stamp).
    get_db().execute("UPDATE editors SET session_epoch = session_epoch + 1 WHERE name = ?", [g.editor])
    session.clear()
    return redirect(url_for("auth.login"))


def is_open(endpoint: str | None) -> bool:
    """Reachable without logging in: the login page, static files, the readers' pages."""
    return endpoint in OPEN_ENDPOINTS or (endpoint or "").startswith(OPEN_BLUEPRINTS)


def path_endpoint() -> str | None:
    """The endpoint of the request's path, whatever its method: request.endpoint, or for a method
    the path does not take (a PUT to /subscribe: 405) the endpoint it has for another, so a
    reader's page answers it as one. None for a path that is nobody's."""
    if request.endpoint:
        return request.endpoint
    adapter = current_app.url_map.bind_to_environ(request.environ)
    for method in ("GET", "POST"):
        try:
            return adapter.match(method=method)[0]
        except HTTPException:
            continue
    return None


def _stamp(db, name: str) -> str | None:
    """What a session of `name` carries while it is valid: a digest of the account's password
    hash and session epoch. Logging out (a new epoch), a new password (tracker editors passwd)
    and removing the account (tracker editors remove; added again, it has a new salted hash)
    each end every session of theirs. None: no such editor."""
    row = db.execute("SELECT password_hash, session_epoch FROM editors WHERE name = ?", [name]).fetchone()
    return hashlib.sha256(f"{row[0]}\n{row[1]}".encode()).hexdigest() if row else None


def _blocked(db, username: str, address: str, now: float, known_browser: bool = False,
             shown: str | None = None) -> tuple[str, int] | None:
    """(message, seconds to wait) when this name failed too often lately from this client, or this
    client failed too often whatever the name, or (for a client the name has not logged in from)
    the name failed too often from all clients together, else None.

    Failures of a name count per client: a stranger guessing an editor's password from one
    client holds only that client. Guesses spread over many clients meet the ceiling per name,
    which holds new clients for that name while it lasts, but never a browser the editor logged
    in from (known_browser: its signed cookie) or an address they did in the last KEEP_LOGINS.
    A client is an IPv4 address or an IPv6 /64 (public.client_key). `username` is the name the
    attempts are counted under (login: the account's spelling); the message names it as typed,
    `shown`, so that it does not give away an account's spelling.
    """
    since = now - WINDOW
    shown = username if shown is None else shown
    last_ok = db.execute("SELECT max(at) FROM login_attempts WHERE username = ? AND address = ? AND ok = 1",
                         [username, address]).fetchone()[0] or 0
    # Failures count for the name from this client since its last successful login from it, for
    # the client regardless, and for the name from everywhere unless this client is the editor's.
    checks = [
        ("username = ? AND address = ?", [username, address], max(since, last_ok), MAX_FAILURES_PER_USER,
         f"for {shown!r} from your address", ""),
        ("address = ?", [address], since, MAX_FAILURES_PER_ADDRESS, "from your address", ""),
    ]
    if not last_ok and not known_browser:
        checks.append(("username = ?", [username], since, MAX_FAILURES_PER_NAME,
                       f"for {shown!r} from many addresses", ", or log in from a browser you used before"))
    for where, values, start, limit, who, or_else in checks:
        row = db.execute(
            f"SELECT at FROM login_attempts WHERE {where} AND ok = 0 AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
            [*values, start, limit - 1]).fetchone()
        if row:
            wait = max(1, math.ceil(row[0] + WINDOW - now))
            minutes = math.ceil(wait / 60)
            return (f"Too many failed logins {who}. Try again in {minutes} minute{'s' if minutes > 1 else ''}"
                    f"{or_else}.", wait)
    return None
