"""The editors' web UI: a Flask app factory over the tracker's database and config.

    create_app(db_path, config)     what `tracker serve` runs
    create_app_from_env()           for a production WSGI server:
                                    gunicorn 'tracker.web:create_app_from_env()'
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

from flask import Flask, jsonify, render_template
from werkzeug.exceptions import BadRequest, HTTPException, NotFound
from werkzeug.routing import IntegerConverter
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import DEFAULT_DB_PATH
from ..config import Config, load_config, resolve_config_path, templates_dir
from ..errors import ConfigError, EditorRequired, PaperNotFound, Refused
from ..ranking import model_part
from ..store import open_db, require_database
from ..templating import share_with_flask
from . import auth, digest, papers, public, queue, security
from .db import Settings, close_db

log = logging.getLogger(__name__)



def create_app(db_path: str | os.PathLike, config: Config | str | os.PathLike, *, secret_key: str | None = None,
               testing: bool = False, behind_proxy: bool = False) -> Flask:
    """The web app over one database. `behind_proxy`: trust X-Forwarded-For/-Proto/-Host from
    one reverse proxy (then the session cookie is Secure when the proxy speaks HTTPS)."""
    if not isinstance(config, Config):
        config = load_config(config)
    templates = templates_dir() / "web"
    if not templates.is_dir():
        raise ConfigError(f"web UI templates not found in {templates}")
    app = Flask(__name__, template_folder=str(templates), static_folder="static")
    # Every value a page writes out loses the characters no page should show (bidi controls,
    # noncharacters, controls), stored before the parsers dropped them or typed by an editor;
    # the link filters are the digest's and the newsletter's.
    share_with_flask(app)
    app.jinja_env.filters["model_part"] = model_part  # as `tracker papers` writes it
    app.url_map.converters["int"] = _Int  # before any route is added
    app.config.update(
        SECRET_KEY=secret_key or security.load_secret_key(db_path),
        TESTING=testing,
        SESSION_COOKIE_NAME="tracker_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,  # decided per request: see security.SessionInterface
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        # The token lives as long as the session: a page left open over lunch still works.
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    db_path = str(Path(db_path))
    open_db(db_path).conn.close()  # create and migrate now, not during the first request
    app.extensions["tracker"] = Settings(db_path=db_path, config=config)
    security.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(queue.bp)
    app.register_blueprint(papers.bp)
    app.register_blueprint(digest.bp)
    app.register_blueprint(public.bp)  # the readers' pages: subscribe, confirm, unsubscribe
    public.keep_tokens_out_of_the_log(app.logger)  # "Exception on /unsubscribe/<token>", in any server's log
    app.teardown_appcontext(close_db)
    app.register_error_handler(HTTPException, _http_error)
    # Errors of the domain that mean one status wherever they are raised, chosen by their class.
    app.register_error_handler(PaperNotFound, lambda exc: _http_error(NotFound(str(exc))))
    app.register_error_handler(EditorRequired, lambda exc: _http_error(BadRequest(str(exc))))
    # what a form asked for, refused where no view shows it beside the form (an editor's account
    # removed while they were signed in: their override or label is no longer theirs to record)
    app.register_error_handler(Refused, lambda exc: _http_error(BadRequest(str(exc))))
    if behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app


class _Int(IntegerConverter):
    """`<int:...>` in a URL: at most 19 digits (SQLite's integers are 64-bit). werkzeug's own
    calls int() on any run of digits, which raises ValueError past 4,300 of them: a 500 for
    /papers/111... instead of a 404."""

    regex = r"\d{1,19}"


def create_app_from_env() -> Flask:
    """For WSGI servers: TRACKER_DB, TRACKER_CONFIG, TRACKER_SECRET_KEY, TRACKER_BEHIND_PROXY=1."""
    db_path = os.environ.get("TRACKER_DB") or DEFAULT_DB_PATH
    # started in the wrong folder, or at an empty file: not a new, empty database
    require_database(Path(db_path), missing="set TRACKER_DB to the database file",
                     empty="set TRACKER_DB to the database file")
    behind_proxy = os.environ.get("TRACKER_BEHIND_PROXY", "").strip().lower() in ("1", "true", "yes")
    app = create_app(db_path, resolve_config_path(None), behind_proxy=behind_proxy)
    from ..newsletter.transport import mail_route

    said, relayed = mail_route(app.extensions["tracker"].config, db_path)  # into the WSGI server's error log
    (app.logger.info if relayed else app.logger.warning)(said)
    return app


def _http_error(error: HTTPException):
    # the error's own headers go with the page (a 405's Allow, which HTTP requires)
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    if security.wants_json():
        return jsonify(ok=False, error=error.description), error.code, headers
    from .auth import path_endpoint

    if (path_endpoint() or "").startswith("public."):  # a reader's page, not the editors'
        from .public import problem_page

        page, status = problem_page(error.code or 500)
        return page, status, headers
    return render_template("error.html", title=f"{error.code} {error.name}", message=error.description), error.code, headers
