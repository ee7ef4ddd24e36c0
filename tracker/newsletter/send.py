"""Sending an edition so that each subscriber gets it once, whatever happens mid-way.

The send log (table `sends`) has one row per (edition, subscriber):

    claimed   committed BEFORE the message goes out (attempts + 1, the time, the Message-ID)
    sent      committed once the server accepted the message (250 after DATA)
    failed    not accepted for a temporary reason (4xx, relay unreachable): sent on the next run;
              also while a run waits to retry a 4xx, so that a kill then leaves nothing uncertain
    rejected  refused for good (5xx): not tried again for this edition
    unsent    an uncertain row an editor resolved as not delivered: sent on the next run

A crash or a kill between "claimed" and "sent" leaves the row claimed: the message may or may
not have reached the server. A rerun never guesses: it skips those rows, sends to everyone
else not yet sent, and `tracker digest send --uncertain` lists them until an editor resolves
each one (`tracker digest resolve`), e.g. after looking up its Message-ID in the relay's log.
A resend reuses the recorded Message-ID, so a mail system that already holds a copy can drop
the second one.

Whether a subscriber is still active is checked in the same transaction as the claim, so an
unsubscribe that lands during a run is honoured for every message not yet claimed.

Bounces: a permanent refusal counts once per edition; `newsletter.bounce_after` (3) editions
refused in a row mark the subscriber bounced, and any delivery resets the count. A run stops
early when the relay itself is the problem (unreachable, refuses the sender or the login) or
after MAX_FAILURES_IN_ROW refusals in a row (more likely the message than the recipients).
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import sqlite_utils

from ..config import Config
from ..errors import LockError, stop_name
from ..http import RateLimiter
from ..store import beside, file_lock, transaction, utcnow
from .errors import (DeliveryError, NewsletterError, PermanentFailure, TemporaryFailure, TransportError,
                     UncertainDelivery)
from .message import BuiltEdition, Identity, edition_message, new_message_id
from . import subscribers
from .subscribers import normalize_email, smtp_address

log = logging.getLogger(__name__)

MAX_FAILURES_IN_ROW = 10
RETRY_STATES = ("failed", "unsent")


@dataclass
class SendReport:
    edition: str
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # temporary: next run tries again
    rejected: list[tuple[str, str]] = field(default_factory=list)  # permanent
    uncertain: list[tuple[str, str]] = field(default_factory=list)  # this run's
    bounced: list[str] = field(default_factory=list)
    skipped: int = 0  # unsubscribed after the list was read
    aborted: str | None = None
    interrupted: KeyboardInterrupt | None = None  # Ctrl-C or SIGTERM: the report still says what went out

    @property
    def ok(self) -> bool:
        return not (self.failed or self.rejected or self.uncertain or self.aborted)


@contextmanager
def send_lock(db_path: str | Path, wait: float = 2.0):
    """One `tracker digest send` (or resolve) at a time per database; LockError if another holds
    it for longer than `wait` seconds (a moment's wait lets a quick `--uncertain` look finish)."""
    with file_lock(beside(db_path, ".send-lock"), wait=wait,  # private like the database
                   busy="another `tracker digest send` is running on this database"):
        yield


def sending_now(db_path: str | Path) -> bool:
    """True while a send holds the lock (its claimed rows may be in flight, not uncertain)."""
    try:
        with send_lock(db_path, wait=0):
            return False
    except LockError:
        return True


def recipients(db: sqlite_utils.Database, edition: str, limit: int | None = None) -> list[dict]:
    """Active subscribers who have not been sent this edition (and are not uncertain or refused)."""
    marks = ", ".join("?" for _ in RETRY_STATES)
    sql = (f"SELECT s.*, x.message_id AS previous_message_id FROM subscribers s "
           f"LEFT JOIN sends x ON x.subscriber_id = s.id AND x.edition = ? "
           f"WHERE s.status = 'active' AND (x.state IS NULL OR x.state IN ({marks})) ORDER BY s.id")
    params: list = [edition, *RETRY_STATES]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return list(db.query(sql, params))


def uncertain(db: sqlite_utils.Database, edition: str | None = None) -> list[dict]:
    """Rows claimed and never confirmed: the message may or may not have gone out."""
    where, params = ("AND x.edition = ?", [edition]) if edition else ("", [])
    return list(db.query(
        f"SELECT x.edition, s.email, x.attempts, x.claimed, x.message_id, x.error FROM sends x "
        f"JOIN subscribers s ON s.id = x.subscriber_id WHERE x.state = 'claimed' {where} "
        f"ORDER BY x.edition, x.claimed, s.id", params))


def resolve(db: sqlite_utils.Database, edition: str, email: str, delivered: bool) -> dict:
    """An editor's answer for an uncertain row: delivered (never send again) or not (send again)."""
    subscriber = subscribers.get(db, normalize_email(email))
    rows = list(db.query("SELECT id, state FROM sends WHERE edition = ? AND subscriber_id = ?",
                         [edition, subscriber["id"] if subscriber else None]))
    if not rows:
        raise NewsletterError(f"{email} has no send record for edition {edition}")
    if rows[0]["state"] != "claimed":
        raise NewsletterError(f"{email} is not uncertain for edition {edition}: it is {rows[0]['state']}")
    now = utcnow()
    state = "sent" if delivered else "unsent"
    db.execute("UPDATE sends SET state = ?, resolved = ?, updated = ?, sent = CASE WHEN ? THEN ? END, "
               "error = ? WHERE id = ? AND state = 'claimed'",
               [state, now, now, delivered, now, f"resolved by an editor as {state}", rows[0]["id"]])
    return {"edition": edition, "email": email, "state": state}


def log_summary(db: sqlite_utils.Database, edition: str) -> dict[str, int]:
    found = dict(db.execute("SELECT state, count(*) FROM sends WHERE edition = ? GROUP BY state", [edition]).fetchall())
    return {state: found.get(state, 0) for state in ("sent", "claimed", "failed", "rejected", "unsent")}


class EditionSender:
    """Sends one built edition to the subscribers who have not had it, recording every step."""

    def __init__(self, db: sqlite_utils.Database, config: Config, built: BuiltEdition, transport, *,
                 sleep: Callable[[float], None] = time.sleep, progress: Callable[[str], None] | None = None):
        self.db = db
        self.settings = config.newsletter
        self.identity = Identity.from_config(config)
        self.identity.link("")  # fail now, before anything is claimed, if links have no address
        self.built = built
        self.edition = built.edition
        self.transport = transport
        self.sleep = sleep
        self.pacer = RateLimiter.per_minute(self.settings.rate_per_minute, sleep=sleep)  # no bursts
        self.progress = progress

    def run(self, limit: int | None = None) -> SendReport:
        report = SendReport(self.edition)
        in_a_row = 0
        polite = True
        try:
            for subscriber in recipients(self.db, self.edition, limit):
                outcome = self._send_one(subscriber, report)
                in_a_row = 0 if outcome in ("sent", "skipped") else in_a_row + 1
                if self.progress:
                    self.progress(f"{len(report.sent)} sent, {len(report.failed) + len(report.rejected)} not")
                if in_a_row >= MAX_FAILURES_IN_ROW:
                    report.aborted = (f"{in_a_row} messages in a row were not accepted; stopping (last: "
                                      f"{(report.failed or report.rejected)[-1][1]})")
                    break
        except TransportError as exc:
            report.aborted = str(exc)
        except KeyboardInterrupt as stop:
            # stopped by hand (or by SIGTERM): what was sent is recorded; a message cut off mid-way stays
            # claimed (uncertain) for `--uncertain` and `resolve`; the next run sends the rest
            report.aborted = (f"stopped by {stop_name(stop)}; run the same command again to send the rest "
                              "(nobody gets it twice)")
            report.interrupted = stop
            polite = False  # the relay may be reading a message cut off: no QUIT to wait on
        finally:
            self.transport.close(polite=polite)
        return report

    def _send_one(self, subscriber: dict, report: SendReport) -> str:
        email = subscriber["email"]
        message_id = subscriber["previous_message_id"] or new_message_id(self.identity, self.edition)
        msg = edition_message(self.built, self.identity, subscriber, message_id)
        recipient = smtp_address(email)
        attempt = 0
        while True:
            attempt += 1
            self._wait(self.pacer.wait, subscriber["id"], report, email, attempt > 1)
            if not self._claim(subscriber["id"], message_id):
                if attempt > 1:  # unsubscribed while we waited to retry: nothing went out (the row,
                    # failed since the 4xx, says why, unless another sender has it now)
                    self._record(subscriber["id"], "failed", "no longer active", only_from="failed")
                report.skipped += 1
                return "skipped"
            try:
                self.transport.send(msg, self.identity.from_address, recipient)
            except TemporaryFailure as exc:
                if attempt <= self.settings.retries:
                    delay = self.settings.retry_delay * 2 ** (attempt - 1)
                    log.info("%s: %s; retrying in %.1f s", email, exc, delay)
                    # nothing went out: while it waits, the row says so, so that a run killed in
                    # the back-off (kill -9, a cron or systemd timeout) leaves it to retry, not uncertain
                    self._record(subscriber["id"], "failed", f"{exc} (retrying)")
                    self._wait(lambda: self.sleep(delay), subscriber["id"], report, email, True)
                    continue
                self._record(subscriber["id"], "failed", str(exc))
                report.failed.append((email, str(exc)))
                if exc.code is None:  # the relay itself is unreachable: the rest would fail too
                    raise TransportError(f"stopping: {exc}") from None
                return "failed"
            except PermanentFailure as exc:
                if self._reject(subscriber["id"], str(exc)):
                    report.bounced.append(email)
                report.rejected.append((email, str(exc)))
                return "rejected"
            except UncertainDelivery as exc:
                self._record(subscriber["id"], "claimed", f"uncertain: {exc}")
                report.uncertain.append((email, str(exc)))
                log.warning("%s: %s (left as uncertain)", email, exc)
                return "uncertain"
            except (TransportError, DeliveryError) as exc:
                self._record(subscriber["id"], "failed", str(exc))  # nothing went out
                raise TransportError(str(exc)) from None
            self._record(subscriber["id"], "sent", None)
            report.sent.append(email)
            return "sent"

    def _wait(self, wait, subscriber_id: int, report: SendReport, email: str, retrying: bool) -> None:
        """Wait (pacing, a retry's back-off); interrupted before a retry of a message that did not
        go out, record it as not sent (the row is failed already), and stop."""
        try:
            wait()
        except KeyboardInterrupt:
            # the row, failed while it waited: unless a second sender has taken (or sent) it since
            if retrying and self._record(subscriber_id, "failed", "interrupted before a retry; nothing went out",
                                         only_from="failed"):
                report.failed.append((email, "interrupted before a retry"))
            raise

    def _claim(self, subscriber_id: int, message_id: str) -> bool:
        """Claim the (edition, subscriber) row for one attempt; False if they may not be sent it."""
        now = utcnow()
        with transaction(self.db):
            active = self.db.execute("SELECT status = 'active' FROM subscribers WHERE id = ?",
                                     [subscriber_id]).fetchone()
            if not active or not active[0]:
                return False
            # An attempt, the first or a retry after a 4xx (recorded failed while it waited), may
            # only take a row that is new, failed or resolved unsent: never one sent, refused or
            # uncertain.
            marks = ", ".join("?" for _ in RETRY_STATES)
            self.db.execute(
                f"INSERT INTO sends (edition, subscriber_id, state, attempts, message_id, claimed, updated) "
                f"VALUES (?, ?, 'claimed', 1, ?, ?, ?) "
                f"ON CONFLICT (edition, subscriber_id) DO UPDATE SET state = 'claimed', "
                f"attempts = attempts + 1, claimed = excluded.claimed, updated = excluded.updated, error = NULL "
                f"WHERE sends.state IN ({marks})",
                [self.edition, subscriber_id, message_id, now, now, *RETRY_STATES])
            return self.db.execute("SELECT changes()").fetchone()[0] == 1

    def _record(self, subscriber_id: int, state: str, error: str | None, only_from: str | None = None) -> bool:
        """Set the row's state (only from `only_from`, if given); whether a row was changed."""
        now = utcnow()
        with transaction(self.db):
            changed = self.db.execute(
                "UPDATE sends SET state = ?, updated = ?, error = ?, sent = CASE WHEN ? = 'sent' THEN ? ELSE sent END"
                " WHERE edition = ? AND subscriber_id = ? AND state = coalesce(?, state)",
                [state, now, error, state, now, self.edition, subscriber_id, only_from]).rowcount
            if state == "sent":
                self.db.execute("UPDATE subscribers SET failures = 0, last_error = NULL WHERE id = ? AND failures > 0",
                                [subscriber_id])
        return changed > 0

    def _reject(self, subscriber_id: int, error: str) -> bool:
        """Record a permanent refusal; True if it made the subscriber bounced."""
        now = utcnow()
        with transaction(self.db):
            self.db.execute("UPDATE sends SET state = 'rejected', updated = ?, error = ? "
                            "WHERE edition = ? AND subscriber_id = ?", [now, error, self.edition, subscriber_id])
            self.db.execute("UPDATE subscribers SET failures = failures + 1, last_error = ? WHERE id = ?",
                            [error, subscriber_id])
            bounced = self.db.execute(
                "UPDATE subscribers SET status = 'bounced', bounced = ? WHERE id = ? AND status = 'active' "
                "AND failures >= ?", [now, subscriber_id, self.settings.bounce_after]).rowcount
        if bounced:
            log.warning("subscriber %s marked bounced after %d refused editions", subscriber_id,
                        self.settings.bounce_after)
        return bool(bounced)


def check_ready(db: sqlite_utils.Database, config: Config, edition: str, built=None) -> None:
    """Refuse an edition whose checks still block (tracker digest check), before anything is sent.

    With `built` (the files about to be mailed), also refuse when they are not what the database
    renders now: the checks passed on the current summaries, so only those may go out.
    """
    from ..digest import check_edition
    from ..digest.edition import load_edition
    from ..digest.render import render_edition

    report = check_edition(db, config, edition)
    if report.blocking:
        flags = sum(1 for p in report.papers for f in p.flags if f.blocking)
        raise NewsletterError(f"edition {edition} is not ready to send: {flags} flag(s) block it; "
                              f"see tracker digest check --edition {edition}")
    if built is not None:
        files = render_edition(load_edition(db, config, edition), config)
        if (files["email.html"].decode("utf-8") != built.html
                or files["digest.txt"].decode("utf-8") != built.text):
            raise NewsletterError(
                f"the built edition {edition} is not what the papers and summaries say now (they changed"
                f" after it was built); run tracker digest build --edition {edition} and check it again")
