"""Shared pytest fixtures. Keep each one generic; test-specific helpers live in their test file."""

import pytest

from httpserver import LocalServer


@pytest.fixture
def http_server():
    """A real HTTP server on 127.0.0.1 with scripted routes (see tests/httpserver.py)."""
    server = LocalServer()
    try:
        yield server
    finally:
        server.stop()
