"""Shared pytest fixtures: servers (HTTP, SMTP, an app on a real port), the browser, and the
databases more than one test module builds (webdata's, digestdata's, newsletterdata's world).

A fixture two modules need lives here, never imported from a test module; helpers that are not
fixtures live in the data modules (builders.config_with and config_file for configs), and what
only one module uses stays in that module."""

import os
import shutil
import threading

import digestdata
import newsletterdata
import pytest
import webdata
from browserkit import CHROMIUM, CHROMIUM_ARGS, unavailable
from httpserver import LocalServer
from smtpserver import SMTPServer

from tracker.store import open_db


@pytest.fixture
def http_server():
    """A real HTTP server on 127.0.0.1 with scripted routes (see tests/httpserver.py)."""
    server = LocalServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1 that keeps what it receives (see tests/smtpserver.py)."""
    server = SMTPServer()
    yield server
    server.stop()


@pytest.fixture
def serve_app():
    """serve_app(app) -> its base URL: a WSGI app on a real HTTP server (werkzeug, threaded,
    127.0.0.1, any free port), as `tracker serve` runs it; each one stopped when the test ends."""
    from werkzeug.serving import make_server

    running = []

    def serve(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        running.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server, thread in running:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="module")
def web_db(tmp_path_factory):
    """tests/webdata.py's papers and editors, built once per test module through merge and
    scoring: (database path, the named papers' ids). Tests write to a copy: web_db_path."""
    path = tmp_path_factory.mktemp("webdb") / "tracker.db"
    return path, webdata.build(path)


@pytest.fixture
def web_db_path(web_db, tmp_path):
    """A fresh copy of web_db's database, tmp_path / "tracker.db", the test's own to change."""
    return webdata.copy_db(web_db[0], tmp_path / "tracker.db")


@pytest.fixture(scope="module")
def digest_db(tmp_path_factory):
    """tests/digestdata.py's edition, its earlier edition built into site/, once per test module:
    (the folder holding tracker.db and site/, the named papers' ids). Tests write to a copy:
    digest_db_path."""
    folder = tmp_path_factory.mktemp("digestdb")
    ids = digestdata.build(folder / "tracker.db", digestdata.config(), site=folder / "site")
    return folder, ids


@pytest.fixture
def digest_db_path(digest_db, tmp_path):
    """A fresh copy of digest_db in tmp_path: tmp_path / "tracker.db" (returned) and its site/."""
    folder, _ = digest_db
    shutil.copytree(folder / "site", tmp_path / "site")
    return webdata.copy_db(folder / "tracker.db", tmp_path / "tracker.db")


@pytest.fixture(scope="module")
def newsletter_world(tmp_path_factory):
    """tests/newsletterdata.py's (database, site folder), edition 2026-W47 approved, checked and
    built, once per test module. Tests send from a copy: newsletterdata.copy_world."""
    return newsletterdata.build_world(tmp_path_factory.mktemp("newsletter-world"))


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module (see tests/browserkit.py)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    if not os.path.exists(CHROMIUM):
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken browser install: report it like a missing one
            unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def db(tmp_path):
    """A new, fully migrated database file, tmp_path / "tracker.db"."""
    return open_db(tmp_path / "tracker.db")
