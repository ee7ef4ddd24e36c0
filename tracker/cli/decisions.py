"""`tracker decisions import|export`: editors' decisions as CSV (the work is in tracker/decisions.py).

Registered in tracker/cli/__init__.py. Only click and base.py are imported at module level
(every command line starts by importing this); the rest on first use.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import editor_option, resolve_edition


@click.group()
def decisions() -> None:
    """Editors' decisions as CSV with the header pmid,doi,decision,reason.

    \b
    Example:
        tracker decisions export --out decisions.csv
        tracker decisions import decisions.csv --editor sam
    """


@decisions.command("import")
@click.argument("csv_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--edition", metavar="YYYY-Www",
              help="Where approvals of papers with no edition go, instead of the one being assembled (a past "
                   "week never e-mailed keeps an imported history out of the next digest; one e-mailed is refused).")
@editor_option
@click.pass_obj
def decisions_import(ctx, csv_file: str, edition: str | None, editor: str | None) -> None:
    """Record the decisions in a CSV file, all or none.

    Each row (pmid,doi,decision,reason; decision approve, reject or hold, a rejection with its
    reason) is matched to a stored paper by PMID, else by DOI. If any row has a problem (not
    matched, malformed, two rows on one paper that disagree, bytes that are not UTF-8...), every
    problem is listed with its line, nothing is written, and the exit code is 1. Otherwise each
    decision is appended to the paper's history with the note "imported from FILE"; a row that
    repeats the paper's status changes nothing, so importing a file twice is harmless. An
    approval goes to the paper's edition, else --edition, else the one being assembled, or the
    next one not yet e-mailed if it was; more than 25 approvals into editions not yet e-mailed
    are refused without --edition (a history would fill the next digest). A paper taken out of
    an edition already e-mailed is warned about: building that edition again takes its page down.

    \b
    Example:
        tracker decisions import decisions.csv --editor sam
        tracker decisions import history.csv --edition 2025-W01 --editor sam   # a history, kept out of the next digest
    """
    from ..decisions import DecisionsFileError, import_decisions, read_file
    from .review import echo_consequences

    name = Path(csv_file).name
    try:
        report = import_decisions(ctx.db(), read_file(csv_file), name=name, editor=editor or "",
                                  default_edition=resolve_edition(ctx, edition), edition_named=bool(edition))
    except DecisionsFileError as exc:
        for line, problem in exc.problems:
            click.echo(f"  line {line}: {problem}", err=True)
        raise
    events = [(line, f"paper #{d['paper_id']}: {d['from_status']} -> {d['to_status']}"
                     + (f" for edition {d['edition']}" if d["edition"] else "")) for line, d in report.recorded]
    events += [(line, f"paper #{paper_id}: already {status}, unchanged") for line, paper_id, status in report.unchanged]
    events += [(line, f"paper #{paper_id}: the same as line {first}") for line, paper_id, first in report.repeated]
    said: set[str] = set()  # "W49 was e-mailed, so approvals go to W50": once
    recorded = dict(report.recorded)
    for line, text in sorted(events):
        click.echo(f"  line {line}: {text}", err=True)
        if line in recorded:
            echo_consequences(recorded[line], "    ", said)
    by = f" (by {report.recorded[0][1]['editor']})" if report.recorded else ""
    click.echo(f"{name}: {len(report.recorded)} decision(s) recorded, {len(report.unchanged)} unchanged{by}",
               err=True)


@decisions.command("export")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE (atomically) instead of standard output.")
@click.pass_obj
def decisions_export(ctx, out_file: str | None) -> None:
    """Write the current decisions as CSV, the format import reads.

    One row per approved, rejected or held paper, by paper id. A reason that a spreadsheet
    would take for a formula (starting with = + - @) is written after a single quote, which
    import takes off again. A paper with neither PMID nor DOI cannot be named in the file: it is
    left out, with a warning.

    \b
    Example:
        tracker decisions export --out decisions.csv
    """
    import io

    from ..decisions import export_rows, write_csv
    from ..files import write_atomic

    rows, skipped = export_rows(ctx.db())
    if skipped:
        click.echo(f"tracker: warning: {len(skipped)} paper(s) with no PMID and no DOI left out: "
                   + ", ".join(f"#{i}" for i in skipped), err=True)
    if out_file:
        text = io.StringIO()
        write_csv(rows, text)
        try:
            write_atomic(Path(out_file), text.getvalue().encode("utf-8"), skip_same=False)
        except OSError as exc:
            click.echo(f"tracker: error: cannot write {out_file}: {exc.strerror or exc}", err=True)
            sys.exit(1)
        click.echo(f"{len(rows)} decision(s) written to {out_file}", err=True)
    else:
        write_csv(rows, sys.stdout)
        click.echo(f"{len(rows)} decision(s)", err=True)
