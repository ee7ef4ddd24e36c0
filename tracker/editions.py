"""The edition: one ISO week, named "2026-W48", running from Monday to Sunday.

`Week` is the only place that knows what an edition name looks like and which days it covers.
Everything else keeps edition names as text (the database, URLs, folders, forms) and parses
them here when it needs to check one or to know its days.

A name is the whole string in ASCII digits, "YYYY-Www" ("2026-W48\\n" and Arabic-Indic digits
are refused), for a week that exists ("2025-W53" does not) and ends by 31 December 9999, the
last day a `date` can hold ("9999-W52" ends in the year 10000).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .errors import EditionError

# ASCII digits, and matched against the whole string (fullmatch: a "$" lets "2026-W48\n" through).
_NAME = re.compile(r"([0-9]{4})-W([0-9]{2})")


@dataclass(frozen=True, order=True)
class Week:
    """One ISO week; ordered by time, equal and hashed by (year, week), printed as "2026-W48"."""

    year: int
    week: int

    def __post_init__(self) -> None:
        name = f"{self.year:04d}-W{self.week:02d}"
        try:
            date.fromisocalendar(self.year, self.week, 1)
        except ValueError:
            raise EditionError(f"{name} is not a week of {self.year}") from None
        try:
            date.fromisocalendar(self.year, self.week, 7)
        except ValueError:  # 9999-W52 ends in the year 10000, past what a date can hold
            raise EditionError(f"{name} ends after 31 December 9999, the last day the tracker can show") from None

    @classmethod
    def parse(cls, text: str) -> Week:
        """The week an edition name names; EditionError, with the text quoted, for anything else."""
        match = _NAME.fullmatch(text) if isinstance(text, str) else None
        if not match:
            raise EditionError(f"edition must look like 2026-W48, got {text!r}")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: date) -> Week:
        """The week a day falls in (a datetime: the day its own clock shows)."""
        if isinstance(day, datetime):
            day = day.date()
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def current(cls, timezone: str, now: datetime | None = None) -> Week:
        """The edition being assembled: this week in `timezone` (the config's), at `now` (default:
        the clock). A `now` without a timezone is read as a time in `timezone`."""
        zone = ZoneInfo(timezone)
        now = now or datetime.now(zone)
        if now.tzinfo is None:
            now = now.replace(tzinfo=zone)
        return cls.of(now.astimezone(zone))

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @property
    def name(self) -> str:
        """"2026-W48", as stored and shown."""
        return str(self)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 7)

    def contains(self, day: date) -> bool:
        """Whether a day (a datetime: the day its own clock shows) is one of this week's."""
        if isinstance(day, datetime):
            day = day.date()
        return self.monday <= day <= self.sunday

    def shift(self, weeks: int) -> Week:
        """The week `weeks` later (earlier when negative), across years;
        EditionError past the calendar's ends."""
        try:
            return Week.of(self.monday + timedelta(weeks=weeks))
        except OverflowError:
            raise EditionError(f"{weeks} week(s) from {self} is outside the calendar") from None

    def next(self) -> Week:
        return self.shift(1)

    def previous(self) -> Week:
        return self.shift(-1)


def is_edition(text: str) -> bool:
    """Whether `text` is an edition name Week.parse accepts (a folder of the site, say)."""
    try:
        Week.parse(text)
    except EditionError:
        return False
    return True


# -- editions already e-mailed --------------------------------------------------------------------
# `tracker digest send` keeps one row per (edition, subscriber) in `sends`; an edition with a row
# sent, or claimed (it may have gone out: see tracker/newsletter/send.py), was e-mailed, as
# `tracker digest unpublish` counts it. Such an edition takes no more papers.

# An explicit edition further back than this, never sent, is accepted with a warning (a typo of
# the year, say); the web UI's edition choices go back as far.
WEEKS_BACK = 4
# ... and one named further ahead than this (a typo of the year the other way), likewise
WEEKS_AHEAD = 8


@dataclass(frozen=True)
class Sent:
    """An edition that was e-mailed: when the first message went out (UTC), to how many."""

    edition: str
    at: str  # ISO time, UTC ("2026-12-05T10:42:00Z")
    subscribers: int
    uncertain: int = 0  # of them, messages claimed and never confirmed (the answer lost, a crash, a send running)

    @property
    def day(self) -> str:
        return self.at[:10]

    @property
    def when(self) -> str:
        """"e-mailed on 2026-12-05 to 3 subscriber(s)", and how many of them may not have it."""
        said = f"e-mailed on {self.day} to {self.subscribers} subscriber(s)"
        if self.uncertain:
            said += (f" ({self.uncertain} of them uncertain, sent without the relay's answer or still being sent: "
                     f"tracker digest send --uncertain --edition {self.edition})")
        return said

    def describe(self) -> str:
        """"2026-W49 was e-mailed on 2026-12-05 to 3 subscriber(s)"."""
        return f"{self.edition} was {self.when}"


# The send log's rows that count as e-mailed, and when each went: the one definition, read here and
# where forgetting a subscriber keeps their count (newsletter.subscribers.remove)
WAS_SENT = "state IN ('sent', 'claimed')"
SENT_AT = "coalesce(sent, claimed, updated)"


def sent_editions(db, editions=None) -> dict[str, Sent]:
    """The editions e-mailed (all, or those of `editions`), by name: the send log's messages sent
    (or claimed, perhaps sent: counted as uncertain), and those to subscribers forgotten since
    (forgotten_sends)."""
    sql = ("SELECT edition, min(at), sum(n), sum(u) FROM ("
           f" SELECT edition, {SENT_AT} AS at, 1 AS n, state = 'claimed' AS u FROM sends WHERE {WAS_SENT}"
           " UNION ALL SELECT edition, first_at, messages, 0 FROM forgotten_sends)")
    params: list = []
    if editions is not None:
        names = sorted({str(e) for e in editions})
        if not names:
            return {}
        sql += f" WHERE edition IN ({', '.join('?' for _ in names)})"
        params = names
    rows = db.execute(sql + " GROUP BY edition", params).fetchall()
    return {edition: Sent(edition, at, n, u) for edition, at, n, u in rows}


def sent_edition(db, edition: str | None) -> Sent | None:
    """The edition's send, if it was e-mailed."""
    return sent_editions(db, [edition]).get(str(edition)) if edition else None


def sent_after(db, edition: str) -> Sent | None:
    """The latest edition after `edition` that was e-mailed, if any: subscribers have had a later
    one (two indexed lookups, however long the send log)."""
    row = db.execute("SELECT max(edition) FROM (SELECT max(edition) AS edition FROM sends"
                     f" WHERE edition > ? AND {WAS_SENT} UNION ALL SELECT max(edition) FROM forgotten_sends"
                     " WHERE edition > ?)", [str(edition), str(edition)]).fetchone()
    return sent_edition(db, row[0]) if row and row[0] else None


def open_edition(db, start: Week | str) -> tuple[Week, list[Sent]]:
    """The first edition from `start` on (the one being assembled) that was not e-mailed, and the
    sent ones stepped over to reach it (none: `start` itself is open)."""
    week = Week.parse(start) if isinstance(start, str) else start
    skipped: list[Sent] = []
    while (sent := sent_edition(db, str(week))) is not None:
        skipped.append(sent)
        week = week.next()
    return week, skipped
