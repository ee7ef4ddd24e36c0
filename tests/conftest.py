"""Shared pytest fixtures. Keep each one generic; test-specific helpers live in their test file."""

import pytest

from httpserver import LocalServer

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
def db(tmp_path):
    """A new, fully migrated database file, tmp_path / "tracker.db"."""
    return open_db(tmp_path / "tracker.db")
