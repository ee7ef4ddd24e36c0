"""Editorial review: decisions on papers, lay summaries, editions, editors.

Every decision is appended to `decisions` and never rewritten. A decision names the latest
decision its author saw (`expected`); if someone else decided since, it is refused with the
newer decision, so two editors never silently overwrite each other.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlite_utils
import yaml
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import TrackerError
from .store import transaction, utcnow

SUMMARY_FIELDS = ("headline", "dek", "summary", "key_takeaway", "what_it_means", "caveats")
DECISIONS = {"approve": "approved", "reject": "rejected", "hold": "held"}
_EDITION = re.compile(r"^(\d{4})-W(\d{2})$")


class ReviewError(TrackerError):
    """A decision or summary that cannot be recorded as asked."""


class ConflictError(ReviewError):
    """Someone decided on this paper after the page the editor acted on was loaded."""

    def __init__(self, newer: dict):
        self.newer = newer
        super().__init__(
            f"paper {newer['paper_id']} was changed by {newer['editor']} at {newer['at']} "
            f"({newer['from_status']} -> {newer['to_status']}); reload and decide again"
        )


@dataclass
class Decision:
    paper_id: int
    editor: str
    action: str  # approve, reject, hold, reopen
    reason: str | None = None
    note: str | None = None
    edition: str | None = None
    expected: int | None = None  # the paper's last_decision the editor saw; None skips the check


def current_edition(timezone: str, now: datetime | None = None) -> str:
    """The edition being assembled: the current ISO week in the editors' timezone, "YYYY-Www"."""
    now = now or datetime.now(ZoneInfo(timezone))
    if now.tzinfo is None:
        now = now.replace(tzinfo=ZoneInfo(timezone))
    year, week, _ = now.astimezone(ZoneInfo(timezone)).isocalendar()
    return f"{year}-W{week:02d}"


def check_edition(value: str) -> str:
    match = _EDITION.match(value or "")
    if not match:
        raise ReviewError(f"edition must look like 2026-W48, got {value!r}")
    year, week = map(int, match.groups())
    try:
        datetime.fromisocalendar(year, week, 1)
    except ValueError:
        raise ReviewError(f"{value} is not a week of {year}") from None
    return value


def decide(db: sqlite_utils.Database, decision: Decision, *, default_edition: str, scorer_status=None) -> dict:
    """Record one decision; returns it as stored. Raises ConflictError on a stale page."""
    if not decision.editor or not decision.editor.strip():
        raise ReviewError("who is deciding? pass --editor NAME or set TRACKER_EDITOR")
    if decision.action == "reject" and not (decision.reason or "").strip():
        raise ReviewError("a rejection needs a reason")
    with transaction(db):
        row = db.execute("SELECT status, score, edition, last_decision FROM papers WHERE id = ?",
                         [decision.paper_id]).fetchone()
        if row is None:
            raise ReviewError(f"no paper with id {decision.paper_id}")
        status, score, edition, last = row
        if decision.expected is not None and decision.expected != last:
            raise ConflictError(latest_decision(db, decision.paper_id))
        if decision.action == "reopen":
            if scorer_status is None:
                raise ReviewError("reopen needs the scorer's threshold")
            to_status = scorer_status(score)
            new_edition = None
        elif decision.action in DECISIONS:
            to_status = DECISIONS[decision.action]
            new_edition = None
            if to_status == "approved":
                new_edition = check_edition(decision.edition) if decision.edition else (edition or default_edition)
        else:
            raise ReviewError(f"unknown decision {decision.action!r}")
        record = {
            "paper_id": decision.paper_id, "editor": decision.editor.strip(), "at": utcnow(),
            "from_status": status, "to_status": to_status, "reason": decision.reason or None,
            "note": decision.note or None, "edition": new_edition,
        }
        decision_id = db["decisions"].insert(record).last_pk
        db.execute("UPDATE papers SET status = ?, edition = ?, last_decision = ? WHERE id = ?",
                   [to_status, new_edition, decision_id, decision.paper_id])
    return {"id": decision_id, **record}


def move_edition(db: sqlite_utils.Database, paper_id: int, edition: str, editor: str,
                 expected: int | None = None) -> dict:
    """Move an approved paper to another edition (recorded as a decision approved -> approved)."""
    status = db.execute("SELECT status FROM papers WHERE id = ?", [paper_id]).fetchone()
    if status is None or status[0] != "approved":
        raise ReviewError(f"paper {paper_id} is not approved; only approved papers have an edition")
    return decide(db, Decision(paper_id, editor, "approve", edition=edition, expected=expected,
                               note=f"moved to {edition}"), default_edition=edition)


def latest_decision(db: sqlite_utils.Database, paper_id: int) -> dict | None:
    return next(db.query("SELECT * FROM decisions WHERE paper_id = ? ORDER BY id DESC LIMIT 1", [paper_id]), None)


def history(db: sqlite_utils.Database, paper_id: int) -> list[dict]:
    return list(db.query(
        "SELECT id, editor, at, from_status, to_status, reason, note, edition FROM decisions"
        " WHERE paper_id = ? ORDER BY id", [paper_id]))


# -- lay summaries ------------------------------------------------------------------------------

def read_summary_file(path: str | Path) -> dict:
    """A YAML or JSON file with exactly the lay-summary keys; text values."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ReviewError(f"{path}: cannot read summary: {exc}") from None
    return check_summary(data, origin=str(path))


def check_summary(data, origin: str = "summary") -> dict:
    if not isinstance(data, dict):
        raise ReviewError(f"{origin}: expected a mapping with keys {', '.join(SUMMARY_FIELDS)}")
    unknown = sorted(set(data) - set(SUMMARY_FIELDS))
    missing = [k for k in SUMMARY_FIELDS if k not in data]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(f"unknown key(s): {', '.join(map(str, unknown))}")
        if missing:
            parts.append(f"missing key(s): {', '.join(missing)}")
        raise ReviewError(f"{origin}: {'; '.join(parts)}")
    out = {}
    for key in SUMMARY_FIELDS:
        value = data[key]
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ReviewError(f"{origin}: {key} must be text")
        out[key] = value.strip()
    return out


def save_summary(db: sqlite_utils.Database, paper_id: int, fields: dict, editor: str) -> dict | None:
    """Store a new version of the lay summary; returns it, or None if nothing changed."""
    if not editor or not editor.strip():
        raise ReviewError("who is writing? pass --editor NAME or set TRACKER_EDITOR")
    fields = check_summary(fields)
    with transaction(db):
        if db.execute("SELECT 1 FROM papers WHERE id = ?", [paper_id]).fetchone() is None:
            raise ReviewError(f"no paper with id {paper_id}")
        current = lay_summary(db, paper_id)
        if current and all(current[k] == fields[k] for k in SUMMARY_FIELDS):
            return None
        version = (current["version"] if current else 0) + 1
        row = {"paper_id": paper_id, "version": version, **fields, "editor": editor.strip(), "at": utcnow()}
        db["lay_summaries"].insert(row)
    return row


def lay_summary(db: sqlite_utils.Database, paper_id: int) -> dict | None:
    """The current lay summary (latest version), or None."""
    return next(db.query(
        "SELECT version, headline, dek, summary, key_takeaway, what_it_means, caveats, editor, at"
        " FROM lay_summaries WHERE paper_id = ? ORDER BY id DESC LIMIT 1", [paper_id]), None)


def summary_versions(db: sqlite_utils.Database, paper_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM lay_summaries WHERE paper_id = ? ORDER BY id", [paper_id]))


def summary_template(current: dict | None) -> str:
    """The YAML an editor edits in $EDITOR."""
    values = {k: (current or {}).get(k, "") for k in SUMMARY_FIELDS}
    head = ("# Lay summary for patients and families. Plain words, short sentences, nothing the study\n"
            "# does not show. Save and close to keep a new version; leave unchanged to keep none.\n")
    return head + yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=88)


# -- editors -------------------------------------------------------------------------------------

MIN_PASSWORD = 10


def add_editor(db: sqlite_utils.Database, name: str, password: str) -> None:
    name = (name or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9_.@-]{1,64}", name):
        raise ReviewError("editor names are 1-64 letters, digits, '.', '_', '-' or '@'")
    if len(password or "") < MIN_PASSWORD:
        raise ReviewError(f"passwords need at least {MIN_PASSWORD} characters")
    if db.execute("SELECT 1 FROM editors WHERE name = ?", [name]).fetchone():
        raise ReviewError(f"editor {name!r} already exists")
    # werkzeug's default is scrypt with a random salt.
    db["editors"].insert({"name": name, "password_hash": generate_password_hash(password), "created": utcnow()})


def check_editor(db: sqlite_utils.Database, name: str, password: str) -> bool:
    row = db.execute("SELECT password_hash FROM editors WHERE name = ?", [name or ""]).fetchone()
    if row is None:
        # Spend the same time as a real check, so a wrong name is not faster than a wrong password.
        check_password_hash(_dummy_hash(), password or "")
        return False
    return check_password_hash(row[0], password or "")


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash("not-a-real-password")
