"""What every command shares: the Context (the config and the database, each opened once per
command line), the one error path (TrackerGroup), the one JSON printer and the shared options.

Only click and the standard library at module level: every command line imports this."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import DEFAULT_DB_PATH
from ..errors import ConfigError, EditionError, EditorRequired, LockError, StoreError, Terminated, TrackerError, stop_name
from ..textsafe import ESCAPE_SEQUENCE, strip_unsafe

if TYPE_CHECKING:
    from ..config import Config

log = logging.getLogger("tracker")

EXIT_OK, EXIT_SOURCE_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # stopped by Ctrl-C (SIGINT), by SIGTERM: 128 + the signal, as shells say


def stopped_by(stop: KeyboardInterrupt) -> tuple[str, int]:
    """What stopped the command, in words, and the exit code that says so."""
    return stop_name(stop), EXIT_TERMINATED if isinstance(stop, Terminated) else EXIT_INTERRUPTED


def log_stamp() -> str:
    """The time (UTC) that starts each line tracker run writes to stderr when it goes to a file (the
    log cron appends to: its summaries, warnings, errors, what stopped it), so that one run's lines
    can be told from the next; nothing on a terminal, nor for the other commands."""
    from ..store import utcnow

    click_ctx = click.get_current_context(silent=True)
    cron = click_ctx is not None and click_ctx.find_root().invoked_subcommand == "run"
    return f"{utcnow()} " if cron and not sys.stderr.isatty() else ""

EDITOR_ADVICE = "pass --editor NAME or set TRACKER_EDITOR"


class Context:
    def __init__(self, config_path: str | None, db_path: str | None, verbose: int):
        self.config_option = config_path
        self.db_path = db_path or os.environ.get("TRACKER_DB") or DEFAULT_DB_PATH
        self.verbose = verbose
        self._config: Config | None = None
        self._db = None

    # The config module (pydantic) is imported on first use: `tracker papers` never needs it,
    # and a listing should answer well under half a second.
    @property
    def config_path(self) -> Path:
        from ..config import resolve_config_path

        return resolve_config_path(self.config_option)

    def config(self) -> Config:
        if self._config is None:
            from ..config import load_config

            self._config = load_config(self.config_path)
        return self._config

    def db(self, *, create: bool = False):
        """The database, opened and migrated once per command line (later calls answer the same
        connection). Only the commands that fill or set one up (run, demo, editors add,
        subscribers add) pass create=True: any other, pointed at a file that is not there, says
        so (exit 2) rather than answer from a new, empty database."""
        if self._db is None:
            from ..store import open_db

            if not create:
                self.require_db()
            self._db = open_db(self.db_path, create=create)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None

    def require_db(self) -> None:
        """ConfigError naming the file looked for, and how to point at another, if it is missing."""
        from ..store import require_database

        require_database(Path(self.db_path),
                         missing="run this in the folder that holds db/tracker.db, or name the database with "
                                 "--db FILE or TRACKER_DB=FILE (tracker run creates one)",
                         empty="name the right one with --db FILE (tracker run makes this one a database)")

    @contextmanager
    def run_lock(self, *, create: bool = False):
        """pipeline.run_lock on this database (one run, rescore or training at a time), its lock
        file made readable by the owner only. Without `create`, the database must exist."""
        from ..pipeline import run_lock
        from ..store import private_umask

        if not create:
            self.require_db()
        with ExitStack() as held:
            with private_umask():  # only while the lock file (and its folder) may be created
                held.enter_context(run_lock(self.db_path))
            yield


def fail(exc: TrackerError, ctx: Context | None) -> None:
    """Print a domain error as one clear line (a traceback only with -vv, as --help says) and exit
    with its code."""
    if ctx is not None and ctx.verbose >= 2:
        log.exception("error")
    # The domain asks who; how to say it is the command line's own wording.
    advice = f" {EDITOR_ADVICE}" if isinstance(exc, EditorRequired) else ""
    click.echo(f"{log_stamp()}tracker: error: {exc}{advice}", err=True)  # tracker run's, with the time
    code = EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_LOCKED if isinstance(exc, LockError) else 1
    sys.exit(code)


# What SQLite says when the machine, not the code, is in the way
ENVIRONMENT_ERRORS = ("readonly", "read-only", "locked", "disk", "full", "unable to open", "I/O", "permission")


# The options of `tracker` itself, given before the command
GLOBAL_OPTIONS = {"--db", "--config", "-v", "--verbose", "--version"}
GLOBAL_FLAGS = {"-v", "--verbose", "--version"}  # take no value


class TrackerGroup(click.Group):
    """The one error path: a TrackerError raised by any command below becomes one line on
    stderr and the exit code of its kind (fail)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.NoSuchOption as exc:
            if exc.option_name in GLOBAL_OPTIONS:  # "tracker papers --db FILE": tracker's own option, too late
                command = (exc.ctx.command_path if exc.ctx else "tracker COMMAND").split(" ", 1)[-1]
                value = "" if exc.option_name in GLOBAL_FLAGS else " ..."
                exc.message = (f"{exc.option_name} is an option of tracker itself: put it before the command,"
                               f" as in tracker {exc.option_name}{value} {command} ...")
                exc.possibilities = None
            raise
        except TrackerError as exc:
            fail(exc, ctx.find_object(Context))
        except KeyboardInterrupt as stop:
            # Ctrl-C or SIGTERM where the command has nothing of its own to tidy or say (run and
            # digest send do): one line and 130 or 143, not click's "Aborted!" and exit 1
            how, code = stopped_by(stop)
            click.echo(f"{log_stamp()}tracker: stopped by {how}", err=True)
            sys.exit(code)
        except sqlite3.OperationalError as exc:
            # the database would not do what the command asked (read-only, disk full, locked
            # too long): one line, not a traceback, and nothing half done (writes are transactions);
            # anything else ("no such column") is a defect, and keeps its traceback
            if not any(words in str(exc) for words in ENVIRONMENT_ERRORS):
                raise
            from ..store import write_access_hint

            context = ctx.find_object(Context)
            where = f" {context.db_path}" if context is not None else ""
            hint = (f" ({write_access_hint(context.db_path)})"
                    if context is not None and ("readonly" in str(exc) or "read-only" in str(exc)) else "")
            fail(StoreError(f"the database{where} refused: {exc}{hint}"), context)


def indented(text: str, indent: str) -> str:
    """Free text (a reason, a note) on the lines of an entry: every line break, a lone CR too,
    continues at `indent`, and no line keeps a control character or escape sequence (printed raw,
    a CR or a backspace writes over the start of the entry)."""
    return f"\n{indent}".join(strip_unsafe(ESCAPE_SEQUENCE.sub("", line)) for line in str(text).splitlines())


def override_said(flag, indent: str) -> str | None:
    """What a check's override says under its flag, as digest check and tracker edit print it (the
    web page in its own words): who overrode it and why, the reason kept to the entry; or that an
    override was for an earlier version of the summary; None for neither."""
    if flag.override:
        return f"{indent}overridden by {flag.override['editor']}: {indented(flag.override['reason'], indent + '  ')}"
    if flag.lapsed and not flag.ok:
        return (f"{indent}an override by {flag.lapsed['editor']} was for summary version "
                f"{flag.lapsed['summary_version']}; the summary has changed since")
    return None


def echo_json(data) -> None:
    """The one --json printer: UTF-8 as is, indented by two."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class IsoDate(click.ParamType):
    """A day written YYYY-MM-DD, given back as a datetime.date; a wrong one is named with why
    ("'2026-02-30' is not a day: day is out of range for month"), not only the format it has."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        from datetime import date

        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            shaped = len(value) == 10 and value[4] == value[7] == "-" and value.replace("-", "").isdigit()
            self.fail(f"{value!r} is not a day: {exc}" if shaped else f"{value!r} is not a day written YYYY-MM-DD",
                      param, ctx)


DATE = IsoDate()

json_option = click.option("--json", "as_json", is_flag=True, help="JSON only on stdout.")

EDITION_HELP = "The edition (default: the current ISO week in feeds.yaml's timezone)."


def edition_option(help: str = EDITION_HELP):
    """The one --edition option (YYYY-Www); resolve_edition() gives its value or today's week."""
    return click.option("--edition", metavar="YYYY-Www", help=help)


def resolve_edition(ctx: Context, edition: str | None) -> str:
    """The edition named, else the current ISO week in the configured timezone. A name that is no
    week ("W49", "2026-W60") is a usage error (exit 2), as any other option's bad value is: a
    cron wrapper must not read it as a send that reached some subscribers and not others."""
    from ..editions import Week

    if not edition:
        return str(Week.current(ctx.config().timezone))
    try:
        return str(Week.parse(edition))
    except EditionError as exc:
        raise click.UsageError(f"--edition: {exc}") from None


editor_option = click.option(
    "--editor", envvar="TRACKER_EDITOR", metavar="NAME",
    help="Who decides: an editor account's name, not a text editor program, which $EDITOR names (env TRACKER_EDITOR).")
