"""The `tracker` command line: the root group and the registration of every command.

The commands live in modules by area (ingest, review, digest, decisions, editors, lint,
newsletter, rank); what they share (the Context, the one error path, the JSON printer, the
shared options) is in base.py. Domain errors become clear messages there, and only there.
Every module imports only click at its top: the quick commands must start fast.
"""

from __future__ import annotations

import logging
import signal
import sys
import time

import click

from .. import __version__
from .base import Context, TrackerGroup


def _setup_logging(verbose: int) -> None:
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose == 1 else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    # the time in UTC, written as the run's summary lines write it, so that a log's lines sort together
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%SZ")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    if verbose < 2:
        logging.getLogger("urllib3").setLevel(logging.WARNING)


@click.group(cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", metavar="FILE", help="feeds.yaml to use (env TRACKER_CONFIG; default ./feeds.yaml).")
@click.option("--db", "db_path", metavar="FILE", help="SQLite database (env TRACKER_DB; default db/tracker.db).")
@click.option("-v", "--verbose", count=True, help="More logging; -vv for debug and tracebacks.")
@click.version_option(__version__, prog_name="tracker")
@click.pass_context
def cli(click_ctx: click.Context, config_path: str | None, db_path: str | None, verbose: int) -> None:
    """Track papers on psychedelic medicine and relational therapy; publish a weekly patient digest.

    \b
    Example:
        tracker run          # poll every source, store and score new papers
        tracker papers       # the ranked candidate list
        tracker show 42      # one paper, with why it scored as it did
    """
    _setup_logging(verbose)
    click_ctx.obj = Context(config_path, db_path, verbose)
    click_ctx.call_on_close(click_ctx.obj.close)



from . import decisions, digest, editors, ingest, lint, newsletter, rank, review  # noqa: E402
from .review import format_paper  # noqa: E402,F401  (tests and scripts print papers with it)

for _command in (ingest.run, ingest.check_config, ingest.status, ingest.rescore, ingest.evaluate_scoring,
                 ingest.demo, review.papers, review.show, review.approve, review.reject, review.hold,
                 review.reopen, review.edit, review.serve, digest.digest, decisions.decisions, editors.editors,
                 newsletter.subscribers, rank.rank):
    cli.add_command(_command)
for _command in (newsletter.send, newsletter.resolve, lint.lint):
    digest.digest.add_command(_command)


def main() -> None:
    signal.signal(signal.SIGTERM, _stopped)
    signal.signal(signal.SIGINT, _stopped)
    cli(prog_name="tracker")


def _stopped(signum, frame) -> None:
    """SIGTERM or Ctrl-C: raised where the program is (Terminated for SIGTERM, a KeyboardInterrupt
    as Python's own for Ctrl-C), so that what stops tidies up and says so; a second signal of
    either kind while the first is being tidied ends the process at once."""
    from ..errors import Terminated

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()
