"""Security plumbing for the web UI: secret key, cookies, CSRF, response headers, safe links."""

from __future__ import annotations

import logging
import os
import secrets
import stat
import time
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, jsonify, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect

from ..errors import ConfigError

log = logging.getLogger(__name__)

csrf = CSRFProtect()

# No inline script or style anywhere: the keyboard lives in static/keys.js.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Same-origin requests keep their Referer (Flask-WTF checks it over HTTPS); DOI and PubMed
    # links do not learn the address of the editors' server.
    "Referrer-Policy": "same-origin",
}
SECRET_KEY_ENV = "TRACKER_SECRET_KEY"
MIN_SECRET_LENGTH = 32


def load_secret_key(db_path: str | os.PathLike) -> str:
    """$TRACKER_SECRET_KEY, else `<db dir>/secret_key`, created (mode 0600) on first use.

    There is no built-in default: a key everyone knows would let anyone forge a session.
    """
    key = os.environ.get(SECRET_KEY_ENV, "").strip()
    if key:
        if len(key) < MIN_SECRET_LENGTH:
            raise ConfigError(f"{SECRET_KEY_ENV} must be at least {MIN_SECRET_LENGTH} characters; "
                              "make one with: python -c 'import secrets; print(secrets.token_hex(32))'")
        return key
    path = Path(db_path).resolve().parent / "secret_key"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: exactly one process creates the file, born with owner-only permissions.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret_key(path)
    except OSError as exc:
        raise ConfigError(f"cannot create {path}: {exc}") from None
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(32) + "\n")
        out.flush()
        os.fsync(out.fileno())
    log.info("created a new secret key in %s", path)
    return _read_secret_key(path)


def _read_secret_key(path: Path) -> str:
    for _ in range(50):  # another process may have created it an instant ago and not written yet
        try:
            mode = path.stat().st_mode
            key = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read the secret key in {path}: {exc}") from None
        if key:
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                log.warning("%s is readable by other users; chmod 600 it", path)
            if len(key) < MIN_SECRET_LENGTH:
                raise ConfigError(f"the secret key in {path} is shorter than {MIN_SECRET_LENGTH} characters")
            return key
        time.sleep(0.02)
    raise ConfigError(f"{path} is empty; delete it and a new key is made on the next start")


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie gets `Secure` whenever the request came over HTTPS.

    Behind a reverse proxy, ProxyFix (`--behind-proxy`) makes request.is_secure follow
    X-Forwarded-Proto, so the same app serves plain http on 127.0.0.1 and https in production.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (bool(request) and request.is_secure)


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint != "static":
        # Pages show who decided what a moment ago: never serve them from a cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def wants_json() -> bool:
    """The keyboard script asks for JSON; forms (no script) get HTML."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def csrf_failed(error: CSRFError):
    message = ("This form's security token is missing or out of date (the session may have ended). "
               "Reload the page and try again.")
    log.warning("CSRF check failed for %s %s: %s", request.method, request.path, error.description)
    if wants_json():
        return jsonify(ok=False, error=message), 400
    from .auth import kept_summary

    context = kept_summary(message, "reload the paper's page (logging in again if asked), and paste it into the form")
    return render_template("error.html", title="Form expired", login_link=bool(context["kept"]), **context), 400


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site (for ?next=), else None: no open redirects."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.session_interface = SessionInterface()
    app.after_request(add_headers)
    app.register_error_handler(CSRFError, csrf_failed)
