"""The edition as a value: an ISO week, "2026-W48", Monday to Sunday (tracker/editions.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tracker.editions import EditionError, Week, is_edition
from tracker.errors import TrackerError


@pytest.mark.parametrize("name", ["2026-W48", "2026-W01", "2026-W53", "2027-W01", "2020-W53", "0001-W01",
                                  "9999-W51"])
def test_a_name_parses_and_prints_back_the_same(name):
    week = Week.parse(name)
    assert str(week) == name == week.name == f"{week}"
    assert Week.parse(str(week)) == week
    assert Week(week.year, week.week) == week


def test_a_week_runs_from_monday_to_sunday():
    week = Week.parse("2026-W48")
    assert (week.year, week.week) == (2026, 48)
    assert week.monday == date(2026, 11, 23) and week.monday.isoweekday() == 1
    assert week.sunday == date(2026, 11, 29) and week.sunday.isoweekday() == 7
    assert week.contains(date(2026, 11, 23)) and week.contains(date(2026, 11, 29))
    assert not week.contains(date(2026, 11, 22)) and not week.contains(date(2026, 11, 30))
    assert all(Week.of(week.monday + timedelta(days=d)) == week for d in range(7))


def test_weeks_across_the_turn_of_the_year():
    # 2026 has 53 ISO weeks: its last runs into 2027, whose first week begins on 4 January.
    last = Week.parse("2026-W53")
    assert (last.monday, last.sunday) == (date(2026, 12, 28), date(2027, 1, 3))
    assert last.contains(date(2027, 1, 1)) and Week.of(date(2027, 1, 1)) == last
    first = Week.parse("2027-W01")
    assert (first.monday, first.sunday) == (date(2027, 1, 4), date(2027, 1, 10))
    assert last.next() == first and first.previous() == last
    # A year of 52 weeks goes straight from W52 to W01; 1 January can be in the year before's week.
    assert Week.parse("2025-W52").next() == Week.parse("2026-W01")
    assert Week.of(date(2021, 1, 1)) == Week.parse("2020-W53")
    assert Week.parse("2026-W48").shift(6) == first and first.shift(-6) == Week.parse("2026-W48")
    assert Week.parse("2026-W48").shift(0) == Week.parse("2026-W48")


def test_weeks_order_by_time_not_by_accident():
    names = ["2027-W01", "2026-W53", "2026-W09", "2026-W10", "2025-W52"]
    assert [str(w) for w in sorted(Week.parse(n) for n in names)] == sorted(names)
    assert Week.parse("2026-W53") < Week.parse("2027-W01") <= Week.parse("2027-W01")
    assert len({Week.parse("2026-W48"), Week.parse("2026-W48"), Week(2026, 48)}) == 1
    with pytest.raises(TypeError):
        Week.parse("2026-W48") < "2026-W49"


@pytest.mark.parametrize("name, message", [
    ("48", "edition must look like 2026-W48, got '48'"),
    ("", "edition must look like 2026-W48, got ''"),
    ("2026-w48", "edition must look like 2026-W48, got '2026-w48'"),
    ("2026-W4", "edition must look like 2026-W48, got '2026-W4'"),
    ("2026-W48\n", "edition must look like 2026-W48, got '2026-W48\\n'"),
    ("2026-W48\r\n", "edition must look like 2026-W48, got '2026-W48\\r\\n'"),
    ("\n2026-W48", "edition must look like 2026-W48, got '\\n2026-W48'"),
    (" 2026-W48", "edition must look like 2026-W48, got ' 2026-W48'"),
    ("٢٠٢٦-W48", "edition must look like 2026-W48, got '٢٠٢٦-W48'"),  # Arabic-Indic digits
    ("2026-W４８", "edition must look like 2026-W48, got '2026-W４８'"),  # fullwidth digits
    ("2025-W53", "2025-W53 is not a week of 2025"),
    ("2026-W00", "2026-W00 is not a week of 2026"),
    ("2026-W54", "2026-W54 is not a week of 2026"),
    ("0000-W01", "0000-W01 is not a week of 0"),
    ("9999-W52", "9999-W52 ends after 31 December 9999, the last day the tracker can show"),
])
def test_what_is_not_an_edition_is_refused_with_the_message_users_see(name, message):
    with pytest.raises(EditionError) as refused:
        Week.parse(name)
    assert str(refused.value) == message
    assert isinstance(refused.value, TrackerError)  # the CLI's one-line error, exit 1
    assert not is_edition(name)


def test_a_week_that_does_not_exist_cannot_be_made_either():
    with pytest.raises(EditionError, match="not a week"):
        Week(2025, 53)
    with pytest.raises(EditionError, match="31 December 9999"):
        Week.parse("9999-W51").next()
    with pytest.raises(EditionError, match="outside the calendar"):
        Week.parse("0001-W01").previous()
    with pytest.raises(EditionError):
        Week.parse(None)
    assert is_edition("2026-W48") and is_edition("9999-W51")


def test_the_current_week_is_the_configured_timezones():
    # Sunday 29 November 2026, 23:30 UTC: still Sunday in London, already Monday in Auckland,
    # and only Sunday afternoon in Los Angeles.
    sunday_night = datetime(2026, 11, 29, 23, 30, tzinfo=timezone.utc)
    assert str(Week.current("UTC", sunday_night)) == "2026-W48"
    assert str(Week.current("Europe/London", sunday_night)) == "2026-W48"
    assert str(Week.current("Pacific/Auckland", sunday_night)) == "2026-W49"
    assert str(Week.current("America/Los_Angeles", sunday_night)) == "2026-W48"
    # Monday 30 November, 00:30 in Auckland is still Sunday 29 November, 11:30 UTC.
    monday_morning = datetime(2026, 11, 30, 0, 30, tzinfo=timezone(timedelta(hours=13)))
    assert str(Week.current("Pacific/Auckland", monday_morning)) == "2026-W49"
    assert str(Week.current("UTC", monday_morning)) == "2026-W48"
    # Monday 00:30 UTC is still Sunday evening in Los Angeles.
    assert str(Week.current("America/Los_Angeles", datetime(2026, 11, 30, 0, 30, tzinfo=timezone.utc))) == "2026-W48"
    # A time without a timezone is a time in the configured one.
    assert str(Week.current("Pacific/Auckland", datetime(2026, 11, 29, 23, 30))) == "2026-W48"
    # New Year's Eve at midnight: the week of 1 January 2027 is 2026-W53.
    assert Week.current("Europe/Berlin", datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)) == Week.parse("2026-W53")
    assert Week.current("Europe/Berlin", datetime(2027, 1, 3, 23, 30, tzinfo=timezone.utc)) == Week.parse("2027-W01")


def test_the_current_week_without_a_time_is_now():
    before = Week.of(datetime.now(timezone.utc) - timedelta(days=1))
    after = Week.of(datetime.now(timezone.utc) + timedelta(days=1))
    assert before <= Week.current("Pacific/Kiritimati") <= after
    assert before <= Week.current("Pacific/Pago_Pago") <= after


def test_a_week_is_a_value():
    week = Week.parse("2026-W48")
    with pytest.raises(AttributeError):
        week.week = 49
    assert week.next() == Week.parse("2026-W49") and week == Week.parse("2026-W48")
