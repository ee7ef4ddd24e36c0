"""The newsletter tests' world: the digest fixture edition (2026-W47) built with the digest's own
code into a site folder, a feeds.yaml with fast newsletter settings, and subscribers.

Every address here is invented (example.org and friends are reserved for examples).
"""

from __future__ import annotations

import email
import json
import re
import shutil
from email import policy
from pathlib import Path

import digestdata
from click.testing import CliRunner

from tracker.cli import cli
from tracker.config import load_config
from tracker.digest import build as build_digest
from tracker.newsletter import subscribers
from tracker.store import open_db

EDITION = digestdata.EDITION  # 2026-W47: passes every check
FROM_NAME = "Digest für Familien – Zoë"
NEWSLETTER = {
    "from_address": "news@digest.example.org",
    "from_name": FROM_NAME,
    "unsubscribe_mailto": "leave@digest.example.org",
    "public_url": "https://news.example.org/",
    "rate_per_minute": 100000,
    "retries": 2,
    "retry_delay": 0.01,
}
# The fixed placeholder the sender used to replace: now only bait that feed text may carry.
PLACEHOLDER = "https://unsubscribe.invalid/TRACKER-UNSUBSCRIBE-URL"


def write_config(folder: Path, **newsletter) -> Path:
    return digestdata.write_config(folder, newsletter={**NEWSLETTER, **newsletter})


def build_world(folder: Path) -> tuple[Path, Path]:
    """(database, site folder) with edition 2026-W47 approved, checked and built."""
    config_path = write_config(folder)
    db_path = folder / "tracker.db"
    digestdata.build(db_path, digestdata.config())
    db = open_db(db_path)
    build_digest(db, load_config(config_path), EDITION, folder / "site")
    db.conn.close()
    return db_path, folder / "site"


def copy_world(world: tuple[Path, Path], folder: Path) -> tuple[Path, Path, Path]:
    """A fresh copy for one test: (config, database, site)."""
    db_path, site = world
    source = open_db(db_path)
    target = folder / "tracker.db"
    source.conn.execute("VACUUM INTO ?", [str(target)])
    source.conn.close()
    shutil.copytree(site, folder / "site")
    return write_config(folder), target, folder / "site"


def add(db_path: Path, *emails: str, status: str = "active", names: dict | None = None) -> list[dict]:
    db = open_db(db_path)
    rows = []
    for address in emails:
        row, _ = subscribers.add(db, address, name=(names or {}).get(address), active=status == "active")
        if status in ("unsubscribed", "bounced"):
            db.execute("UPDATE subscribers SET status = ? WHERE id = ?", [status, row["id"]])
        rows.append(subscribers.get(db, row["email"]))
    db.conn.close()
    return rows


def cli_runner(config: Path, db_path: Path):
    def run(*args, env: dict | None = None):
        return CliRunner().invoke(cli, ["--config", str(config), "--db", str(db_path), *args],
                                  env={"TRACKER_SMTP_URL": None, **(env or {})}, catch_exceptions=False)
    return run


def parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)


def marker(site: Path, edition: str = EDITION) -> str:
    """The built edition's unsubscribe marker, where each subscriber's link goes."""
    return json.loads((site / edition / "edition.json").read_text(encoding="utf-8"))["unsubscribe_marker"]


def token_in(text: str) -> str:
    return re.search(r"unsubscribe/([A-Za-z0-9_-]{43})", text).group(1)


def sends(db_path: Path, edition: str = EDITION) -> dict[str, dict]:
    """The send log of an edition, by e-mail."""
    db = open_db(db_path)
    rows = db.query("SELECT s.email, x.* FROM sends x JOIN subscribers s ON s.id = x.subscriber_id "
                    "WHERE x.edition = ?", [edition])
    found = {row["email"]: row for row in rows}
    db.conn.close()
    return found
