"""One database connection per request (flask.g), opened through tracker.store.open_db."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils
from flask import current_app, g

from ..config import Config
from ..store import open_db


@dataclass(frozen=True)
class Settings:
    """What every request needs besides the database: where it is, and the config."""

    db_path: str
    config: Config


def settings() -> Settings:
    return current_app.extensions["tracker"]


def get_db() -> sqlite_utils.Database:
    """This request's connection, opened on first use and closed when the request ends. The
    database was made by create_app: one gone since is an error, not a new, empty database."""
    if "db" not in g:
        g.db = open_db(settings().db_path, create=False)
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()
