"""Subscribers: validated addresses, their status, and the tokens in their links.

    pending        signed up, waiting for the click in the confirmation e-mail
    active         gets every edition
    unsubscribed   left; kept as a row so no import or resend ever reaches them again
    bounced        the mail system refused them for good, edition after edition

Addresses are validated with email-validator (syntax only: no DNS look-up) and normalized;
the domain is lower-cased. One row per address whatever its letter case.
"""

from __future__ import annotations

import csv
import io
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import IO, Iterable

import sqlite_utils
from email_validator import EmailNotValidError, validate_email

from ..store import transaction, utcnow
from ..textsafe import one_line
from .errors import InvalidAddress, NewsletterError

log = logging.getLogger(__name__)

STATUSES = ("pending", "active", "unsubscribed", "bounced")
LEFT = ("unsubscribed", "bounced")  # never mailed again unless they sign up anew
# What listings and exports show: never the tokens (they work like passwords).
PUBLIC_COLUMNS = ("email", "name", "status", "source", "created", "confirmed", "unsubscribed", "bounced",
                  "failures", "last_error")
# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV injection"), and
# "=cmd|'/Ccalc'!A0@example.org" is a valid address. The export writes such a cell after a
# single quote, which spreadsheets show as text; so too a cell that starts with a quote, so
# that import can take exactly one off and give back the original (as tracker decisions does).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTED_START = (*_FORMULA_START, "'")


def normalize_email(value: str) -> str:
    """The address in its normal form (domain lower-cased), or InvalidAddress saying what is wrong."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidAddress("no e-mail address given")
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidAddress(f"{value.strip()!r} is not a valid e-mail address: {exc}") from None
    local, domain = result.normalized.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def mailbox(email: str) -> str:
    """The mailbox an address reaches, as the sign-up limits count it: the local part without
    its +tag, in any letter case, at the domain (victim+1@ and Victim@ land in one inbox at
    most providers). For counting only; the address itself is stored and mailed as given."""
    local, domain = email.rsplit("@", 1)
    return f"{local.split('+', 1)[0].casefold()}@{domain.casefold()}"


def smtp_address(email: str) -> str:
    """The address to give an SMTP server: an internationalized domain in its ASCII (IDNA) form,
    so only a non-ASCII local part needs a server that speaks SMTPUTF8."""
    result = validate_email(email, check_deliverability=False)
    return result.ascii_email or result.normalized


def clean_name(value: str | None) -> str | None:
    """A display name without control characters, at most 100 characters; None if empty."""
    if value is None:
        return None
    name = one_line(value)[:100]
    return name or None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def get(db: sqlite_utils.Database, email: str) -> dict | None:
    """The subscriber with this address (any letter case, "É" as "é" too), or None.

    SQLite's NOCASE folds A-Z only, so an address with other letters is also compared, in
    lower case, with the (few) stored addresses that are not ASCII; add() looks up through
    here inside its transaction, so "José@" and "JOSÉ@" stay one subscriber."""
    rows = list(db.query("SELECT * FROM subscribers WHERE email = ? COLLATE NOCASE", [email]))
    if rows or email.isascii():
        return rows[0] if rows else None
    key = email.lower()
    return next((row for row in db.query(
        "SELECT * FROM subscribers WHERE length(email) != length(CAST(email AS BLOB)) ORDER BY id")
        if row["email"].lower() == key), None)


def by_token(db: sqlite_utils.Database, token: str) -> dict | None:
    if not token or len(token) > 100:
        return None
    rows = list(db.query("SELECT * FROM subscribers WHERE token = ?", [token]))
    return rows[0] if rows else None


def add(db: sqlite_utils.Database, email: str, *, name: str | None = None, active: bool = False,
        source: str = "cli", keep_existing: bool = False, record: dict | None = None) -> tuple[dict, dict | None]:
    """Add an address (pending, or active when the person asked in person); returns (row, the row
    as it was before, None if this made it), both read in the one transaction.

    An existing address keeps its row and its permanent token; `active` makes it active again
    (an editor's explicit decision), otherwise its status is left as it is. With
    `keep_existing` (an import) an existing address is left exactly as it is. `record` (an
    import of an export) gives a new address its status and dates instead: someone who left is
    added as having left.
    """
    email = normalize_email(email)
    now = utcnow()
    with transaction(db):
        row = get(db, email)
        if row is None:
            record = record or {"status": "active" if active else "pending", "confirmed": now if active else None}
            db.execute(
                "INSERT INTO subscribers (email, name, status, token, source, created, confirmed, unsubscribed,"
                " bounced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [email, clean_name(name), record["status"], new_token(), source, record.get("created") or now,
                 record.get("confirmed"), record.get("unsubscribed"), record.get("bounced")])
            return get(db, email), None
        if keep_existing:
            return row, row
        updates = {}
        if name and not row["name"]:
            updates["name"] = clean_name(name)
        if active and row["status"] != "active":
            updates.update(status="active", confirmed=now, unsubscribed=None, bounced=None, failures=0,
                           confirm_token=None)
        if updates:
            sets = ", ".join(f"{k} = ?" for k in updates)
            db.execute(f"UPDATE subscribers SET {sets} WHERE id = ?", [*updates.values(), row["id"]])
        return get(db, email), row


def start_confirmation(db: sqlite_utils.Database, subscriber_id: int, valid_days: int) -> str:
    """The confirm token for a new confirmation e-mail: the current one while it is still valid
    (an earlier e-mail's link keeps working), else a new one."""
    now = datetime.now(timezone.utc)
    with transaction(db):
        row = db.execute("SELECT confirm_token, confirm_sent FROM subscribers WHERE id = ?",
                         [subscriber_id]).fetchone()
        if row is None:
            raise NewsletterError(f"no subscriber with id {subscriber_id}")
        token, sent = row
        if not token or not sent or _parse(sent) + timedelta(days=valid_days) < now + timedelta(days=1):
            token = new_token()  # at least a day left on any link we send
            db.execute("UPDATE subscribers SET confirm_token = ?, confirm_sent = ? WHERE id = ?",
                       [token, utcnow(), subscriber_id])
    return token


def by_confirm_token(db: sqlite_utils.Database, confirm_token: str, valid_days: int) -> dict | None:
    """The subscriber whose confirmation link this is, changing nothing; None if the link is
    unknown, used already or expired."""
    if not confirm_token or len(confirm_token) > 100:
        return None
    rows = list(db.query("SELECT * FROM subscribers WHERE confirm_token = ?", [confirm_token]))
    if not rows or _parse(rows[0]["confirm_sent"]) + timedelta(days=valid_days) < datetime.now(timezone.utc):
        return None
    return rows[0]


def confirm(db: sqlite_utils.Database, confirm_token: str, valid_days: int) -> dict | None:
    """Activate the address whose confirmation link this is; None if the link is unknown or expired.

    The link works once; clicking it again after that finds nothing and changes nothing.
    """
    with transaction(db):
        row = by_confirm_token(db, confirm_token, valid_days)
        if row is None:
            return None
        db.execute("UPDATE subscribers SET status = 'active', confirmed = ?, confirm_token = NULL, "
                   "unsubscribed = NULL, bounced = NULL, failures = 0 WHERE id = ?", [utcnow(), row["id"]])
    return get(db, row["email"])


def unsubscribe(db: sqlite_utils.Database, token: str) -> dict | None:
    """Unsubscribe the owner of this (permanent) token; idempotent. None if no one has it."""
    row = by_token(db, token)
    if row is None:
        return None
    db.execute("UPDATE subscribers SET status = 'unsubscribed', unsubscribed = coalesce(unsubscribed, ?), "
               "confirm_token = NULL WHERE id = ? AND status != 'unsubscribed'", [utcnow(), row["id"]])
    if row["status"] != "unsubscribed":
        log.info("subscriber %s unsubscribed", row["id"])
    return by_token(db, token)


def remove(db: sqlite_utils.Database, email: str, *, forget: bool = False) -> dict:
    """Unsubscribe an address (the row stays, so nothing resubscribes it by accident), or with
    `forget`, delete it and its send log. Raises NewsletterError if the address is unknown."""
    row = get(db, normalize_email(email))
    if row is None:
        raise NewsletterError(f"no subscriber {email!r}")
    if forget:
        from ..editions import SENT_AT, WAS_SENT

        with transaction(db):
            # what was e-mailed stays known, without the address (editions.sent_editions)
            db.execute(
                "INSERT INTO forgotten_sends (edition, first_at, messages)"
                f" SELECT * FROM (SELECT edition, min({SENT_AT}), count(*) FROM sends"
                f" WHERE subscriber_id = ? AND {WAS_SENT} GROUP BY edition) WHERE true"
                " ON CONFLICT (edition) DO UPDATE SET first_at = min(first_at, excluded.first_at),"
                " messages = messages + excluded.messages", [row["id"]])
            db.execute("DELETE FROM sends WHERE subscriber_id = ?", [row["id"]])
            db.execute("DELETE FROM subscribers WHERE id = ?", [row["id"]])
        return row
    return unsubscribe(db, row["token"])


def list_subscribers(db: sqlite_utils.Database, status: str | None = None) -> list[dict]:
    """Every subscriber (or those with one status), oldest first, without their tokens."""
    if status is not None and status not in STATUSES:
        raise NewsletterError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    where, params = ("WHERE status = ?", [status]) if status else ("", [])
    columns = ", ".join(PUBLIC_COLUMNS)
    return list(db.query(f"SELECT {columns} FROM subscribers {where} ORDER BY id", params))


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    found = dict(db.execute("SELECT status, count(*) FROM subscribers GROUP BY status").fetchall())
    return {status: found.get(status, 0) for status in STATUSES}


@dataclass
class ImportReport:
    added: list[dict] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    invalid: list[tuple[int, str, str]] = field(default_factory=list)  # (line, value, why)
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (line, address, what): kept, but see


def import_csv(db: sqlite_utils.Database, stream: IO[str], *, active: bool = False) -> ImportReport:
    """Add the addresses of a CSV file: a column `email` (and optionally `name`) under a header
    row, or one address per line. Addresses already known are left exactly as they are: an
    import never brings back someone who unsubscribed. A `status` column (tracker subscribers
    export writes one) is kept, with the dates the file gives: who confirmed stays active, who
    unsubscribed or bounced is added as such (never mailed), who never confirmed stays pending;
    `active` decides only for rows without one."""
    report = ImportReport()
    rows: dict[str, tuple[int, str, str | None, dict]] = {}  # one row an address (any letter case)
    for line, email, name, fields in _read_rows(stream):  # it reads the whole file before the first row
        try:
            normalized = normalize_email(email)
            record = _record(fields, active)
        except (InvalidAddress, NewsletterError) as exc:
            report.invalid.append((line, email, str(exc)))
            continue
        key = normalized.lower()
        if key not in rows:
            rows[key] = (line, normalized, name, record)
            continue
        # an address written twice: the row saying it left wins, wherever it stands (the first row
        # had won, and "ann,active" before "Ann,unsubscribed" mailed her); else the first
        first = rows[key]
        if record["status"] in LEFT and first[3]["status"] not in LEFT:
            rows[key] = (line, normalized, name, record)
        report.notes.append((line, normalized, f"the address of line {first[0]} again; line {rows[key][0]} counts"))
    for line, normalized, name, record in rows.values():
        row, before = add(db, normalized, name=name, source="import", keep_existing=True, record=record)
        if before is None:
            report.added.append(row)
            continue
        report.existing.append(normalized)
        if record["status"] in LEFT and before["status"] not in LEFT:
            report.notes.append((line, normalized, f"{record['status']} in the file, {before['status']} here: left "
                                 f"as it is (tracker subscribers remove {normalized} to unsubscribe)"))
    return report


def _record(fields: dict[str, str], active: bool) -> dict:
    """A new address's status and dates from an imported row: its own status when it has one (an
    export's record of who confirmed, left or bounced); else `active` (the editor's word that
    these people agreed) decides, as for a plain list."""
    status = (fields.get("status") or "").strip().lower()
    if status and status not in STATUSES:
        raise NewsletterError(f"unknown status {status!r} (one of {', '.join(STATUSES)})")
    if not status:
        status = "active" if active else "pending"
    when = {key: _stamp(fields.get(key)) for key in ("created", "confirmed", "unsubscribed", "bounced")}
    now = utcnow()
    return {"status": status, "created": when["created"] or now,
            "confirmed": (when["confirmed"] or now) if status == "active" else when["confirmed"],
            "unsubscribed": (when["unsubscribed"] or now) if status == "unsubscribed" else None,
            "bounced": (when["bounced"] or now) if status == "bounced" else None}


def _stamp(cell: str | None) -> str | None:
    """A time of an exported row as stored (ISO, UTC); None if empty or not one."""
    try:
        when = datetime.fromisoformat((cell or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:  # a spreadsheet saved it without its zone: the export's, UTC
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read_rows(stream: IO[str]) -> Iterable[tuple[int, str, str | None, dict[str, str]]]:
    """(line, email, name, the row's other columns by header) for each non-empty row."""
    try:
        text = stream.read()
    except UnicodeDecodeError as exc:  # a spreadsheet's Windows export, say: nothing is added
        raise NewsletterError(f"{getattr(stream, 'name', 'the file')}: not UTF-8 text (byte {exc.start}); "
                              "save it as UTF-8 (CSV UTF-8 in a spreadsheet) and import it again") from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a spreadsheet's byte-order mark
    rows = list(csv.reader(io.StringIO(text)))
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if "email" in header or "e-mail" in header:
        at = header.index("email") if "email" in header else header.index("e-mail")
        name_at = header.index("name") if "name" in header else None
        body = enumerate(rows[1:], start=2)
    else:
        header, at, name_at, body = [], 0, None, enumerate(rows, start=1)
    for line, row in body:
        if not row or not any(cell.strip() for cell in row):
            continue
        email = _unquote(row[at].strip()) if at < len(row) else ""
        name = _unquote(row[name_at]) if name_at is not None and name_at < len(row) else None
        yield line, email, name, {key: _unquote(cell) for key, cell in zip(header, row)}


def export_csv(db: sqlite_utils.Database, out: IO[str], status: str | None = None) -> int:
    """Write every subscriber as CSV (no tokens); returns how many."""
    rows = list_subscribers(db, status)
    writer = csv.DictWriter(out, fieldnames=PUBLIC_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _quote(value) for key, value in row.items()} for row in rows)
    return len(rows)


def _quote(cell):
    """A cell as the export writes it: text a spreadsheet would run as a formula gets a leading quote."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(_QUOTED_START) else cell


def _unquote(cell: str) -> str:
    """Take off the quote _quote put on (a file from elsewhere rarely has one there)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_QUOTED_START) else cell


def _parse(stamp: str | None) -> datetime:
    if not stamp:
        return datetime.min.replace(tzinfo=timezone.utc)
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
