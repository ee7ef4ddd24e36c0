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
