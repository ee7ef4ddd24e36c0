"""The ingest: tracker run, check-config, status, rescore, evaluate-scoring, demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import EXIT_OK, EXIT_SOURCE_FAILED, Context, echo_json, json_option, log_stamp, stopped_by


@click.command()
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Only this source (repeatable).")
@click.option("--load", "load", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Replay a saved response (a feed, or efetch XML) through one --source instead of fetching.")
@click.pass_obj
def run(ctx: Context, sources: tuple[str, ...], load: str | None) -> None:
    """Poll every enabled source, merge into one row per paper, and score.

    Exit codes: 0 all sources fine; 1 some source failed (the others stored); 2 usage or config
    error; 75 another run holds the lock; 143 stopped by SIGTERM (130 by Ctrl-C), what was stored
    before kept. One summary line per source goes to stderr on every
    run, so under cron send stderr to a log and print only when the run fails (cron mails what
    a job prints).

    \b
    Example (crontab, hourly; quiet unless something is wrong; the tracker's full path, as
    cron's PATH is only /usr/bin:/bin):
        17 * * * *  cd /srv/tracker && .venv/bin/tracker run 2>>db/run.log || echo "tracker run exited $?; see: tracker status"
    """
    from ..parallel import PARALLEL_MIN
    from ..pipeline import Runner

    config = ctx.config()
    for name in sources:
        config.source(name)
    _warn_if_packaged(ctx, config)
    if load and len(sources) != 1:
        raise click.UsageError("--load needs exactly one --source")
    replay = {sources[0]: Path(load).read_bytes()} if load else None
    from ..rescore import RULES_CHANGED, rescore_reasons

    progress = _progress_line if sys.stderr.isatty() else None
    runner = None
    try:
        with ctx.run_lock(create=True):
            db = ctx.db(create=True)
            stale = rescore_reasons(db, config)  # of the papers stored before this run: its own are scored as now
            runner = Runner(config, db, progress=progress, parallel_min=PARALLEL_MIN)
            outcomes = runner.run(list(sources) or None, replay=replay)  # stopped, it closes its own log rows
            if progress:
                click.echo("\r\033[K", nl=False, err=True)
            # ... unless the run itself rescored them all (retraining does, when the topics changed)
            stale = stale and rescore_reasons(db, config)
    except KeyboardInterrupt as stop:
        # cron's timeout or `kill` (SIGTERM), or Ctrl-C: the sources stored so far, then what
        # stopped it, each line with the time, as the summaries of a whole run are
        how, code = stopped_by(stop)
        stamp = log_stamp()
        if progress:
            click.echo("\r\033[K", nl=False, err=True)
        for outcome in runner.stored if runner is not None else []:
            click.echo(stamp + outcome.summary(), err=True)
        click.echo(f"{stamp}tracker: run stopped by {how}; what the sources above stored is kept, what was cut off "
                   "is rolled back and fetched again by the next run", err=True)
        sys.exit(code)
    # to a terminal as they are; to a file (the log cron appends to) each with the time of the run,
    # so that the lines of one run can be told from the next
    stamp = log_stamp()
    for outcome in outcomes:
        click.echo(stamp + outcome.summary(), err=True)
    for reason in stale:
        new = "new papers get the new ones" if reason == RULES_CHANGED else "new papers are scored by this version"
        click.echo(f"{stamp}tracker: warning: {reason}; {new}, the others keep their old scores and explanations "
                   "until: tracker rescore", err=True)
    sys.exit(EXIT_OK if all(o.ok for o in outcomes) else EXIT_SOURCE_FAILED)


def _warn_if_packaged(ctx: Context, config, doing: str = "polling with") -> None:
    """No --config, no TRACKER_CONFIG, no ./feeds.yaml: the run would poll with the feeds.yaml
    shipped with the tool, whose contact address (in every request's User-Agent, and NCBI's
    contact) is this project's, not the operator's. Said on every such run: under cron, that is a
    mail an hour until it is fixed, which is the point."""
    from ..config import packaged_fallback

    if not packaged_fallback(ctx.config_option):
        return
    click.echo(f"{log_stamp()}tracker: warning: no feeds.yaml here ({Path.cwd()}) and no --config or TRACKER_CONFIG: "
               f"{doing} the one shipped with the tool ({ctx.config_path}), whose contact.email "
               f"{config.contact.email} goes with every request (in the User-Agent, and to NCBI as its "
               "contact); copy it, put your own address in it, and run from its folder (or point "
               "TRACKER_CONFIG at it)", err=True)


def _progress_line(source: str, message: str) -> None:
    click.echo(f"\r\033[K{source}: {message}", nl=False, err=True)


@click.command("check-config")
@click.pass_obj
def check_config(ctx: Context) -> None:
    """Validate feeds.yaml without fetching anything; exit 2 naming the problem if it is wrong."""
    config = ctx.config()
    _warn_if_packaged(ctx, config, "checking")  # valid, but not the operator's: as tracker run says
    kinds = {}
    for s in config.sources:
        kinds[s.type] = kinds.get(s.type, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    click.echo(f"{ctx.config_path}: OK ({len(config.sources)} sources: {summary}; "
               f"{len(config.topics)} topics: {', '.join(t.name for t in config.topics)})")


@click.command()
@json_option
@click.option("--check", is_flag=True,
              help="Only the problems, one line each; exit 1 if there is any (for cron or a monitor).")
@click.pass_obj
def status(ctx: Context, as_json: bool, check: bool) -> None:
    """Each source's health (last success, failures in a row, last error) and the paper counts.

    With --check: nothing and exit 0 when all is well; otherwise one line per source that has
    failed health.failures runs in a row (3) or brought nothing new for health.quiet_days
    (21 days for feeds, 14 for PubMed queries), and exit 1. The last error's full text is in
    --json (last_error_detail) and, with -v, under the short line.

    \b
    Example (crontab, daily):
        0 8 * * *  cd /srv/tracker && .venv/bin/tracker status --check
    """
    from ..errors import error_line, printable
    from ..health import problems
    from ..queries import counts, source_health
    from ..rescore import stale_reasons
    from ..sources.similar import SOURCE as SIMILAR, similar_source
    from ..store import run_in_progress

    config = ctx.config()
    db = ctx.db()
    # PubMed's similar articles of approved papers are looked up like a source, named "similar".
    names = [s.name for s in config.sources] + ([SIMILAR] if similar_source(config) else [])
    live = run_in_progress(ctx.db_path)  # else a run's row still "running" is one that died (SIGKILL)
    health = source_health(db, names, run_in_progress=live)
    found = problems(db, config, run_in_progress=live)
    switched_off = {s.name for s in config.sources if not s.enabled}
    for h in health:
        h["enabled"] = h["source"] not in switched_off  # run by tracker run, and watched by --check
        # Errors quote what servers sent: never a control character or an escape sequence on
        # the terminal, whatever an older version stored.
        run = h["last_run"] or {}
        h["last_error_detail"] = printable(run["error"]) if h["failures_in_row"] and run.get("error") else (
            h["last_error"] and printable(h["last_error"]))
        h["last_error"] = h["last_error"] and error_line(h["last_error"])
        if run.get("error"):
            run["error"] = printable(run["error"])
    # made with other topics, or by a version that scores differently (tracker run warns of it too)
    stale = stale_reasons(db, config) or []
    if as_json:
        echo_json({"sources": health, **counts(db), "problems": found, "scores_out_of_date": stale})
        sys.exit(1 if check and found else 0)
    if check:
        for line in found:
            click.echo(line)
        sys.exit(1 if found else 0)
    totals = counts(db)
    from ..sources.registry import source_type

    read_so_far = {s.name: source_type(s).progress for s in config.sources}  # how far each has read
    states = [_state(h) for h in health]
    # columns as wide as their longest entry: a long source name or "disabled, was FAILING (12 in
    # a row)" pushes the next column along rather than running into it
    name_w = max([len(h["source"]) for h in health], default=0)
    state_w = max(map(len, states), default=0)
    for h, state in zip(health, states):
        click.echo(f"{h['source']:<{name_w}}  {state:<{state_w}}  last success {h['last_success'] or '-':<20}  "
                   f"papers {h['papers']}")
        if h["last_error"]:
            click.echo(f"{'':<{name_w}}  last error: {h['last_error']}")
            if ctx.verbose and h["last_error_detail"] != h["last_error"]:
                click.echo(f"{'':<{name_w}}  in full: {h['last_error_detail']}")
        progress = read_so_far.get(h["source"], lambda state: None)(h)
        if progress:
            click.echo(f"{'':<{name_w}}  {progress}")
    by_status = ", ".join(f"{k} {v}" for k, v in sorted(totals["by_status"].items()))
    click.echo(f"papers: {totals['papers']}" + (f" ({by_status})" if by_status else ""))
    for reason in stale:
        click.echo(f"scores: {reason}; to score them again: tracker rescore")
    for line in found:
        click.echo(f"problem: {line}")



def _state(h: dict) -> str:
    """A source's state in tracker status: ok, FAILING (n in a row), never run, "interrupted, was
    ..." (its last run stopped before it was stored); and, switched off, "disabled, was ..." (its
    last state, kept: not run, and not a problem for status --check)."""
    state = "never run" if not h["last_attempt"] else (
        f"FAILING ({h['failures_in_row']} in a row)" if h["failures_in_row"] else "ok")
    if (h["last_run"] or {}).get("status") == "interrupted":  # its last run stopped before it was stored
        state = "interrupted" + (f", was {state}" if h["last_attempt"] else "")
    if not h["enabled"]:
        state = f"disabled, was {state}" if h["last_attempt"] else "disabled"
    return state


@click.command()
@click.pass_obj
def rescore(ctx: Context) -> None:
    """Score every stored paper again (after editing the topics in feeds.yaml)."""
    from ..rescore import rescore_all

    with ctx.run_lock():  # not while a tracker run (or a training) writes scores
        changed = rescore_all(ctx.db(), ctx.config())
    click.echo(f"rescored; {changed} paper(s) changed score or status", err=True)



@click.command("evaluate-scoring")
@click.argument("labelled", type=click.Path(exists=True, dir_okay=False))
@json_option
@click.pass_obj
def evaluate_scoring(ctx: Context, labelled: str, as_json: bool) -> None:
    """Precision and recall of the topics in feeds.yaml on a labelled set (JSON Lines).

    \b
    Example:
        tracker evaluate-scoring tests/data/scoring/labelled.jsonl
    """
    from ..evaluate import evaluate, load_labelled

    items = load_labelled(labelled)
    if not items:  # it printed "precision None recall None" and exit 0
        raise click.UsageError(f"{labelled} holds no labelled paper (one JSON object a line, with \"relevant\")")
    result = evaluate(ctx.config(), items)
    if as_json:
        echo_json(result)
        return
    click.echo(f"{result['items']} papers, {result['relevant']} relevant; threshold {result['threshold']:g}")
    # (none flagged: no precision to give; none relevant in the file: no recall)
    precision = "-" if result["precision"] is None else result["precision"]
    recall = "- (no relevant paper in the file)" if result["recall"] is None else result["recall"]
    click.echo(f"precision {precision}  recall {recall}  "
               f"({result['true_positives']} found, {result['false_positives']} false alarms, "
               f"{result['false_negatives']} missed)")
    for label, key in (("missed", "false_negative_items"), ("false alarm", "false_positive_items")):
        for item in result[key]:
            click.echo(f"  {label:<12} {item['score']:>5.1f}  {item['id'] or ''} {item['title'][:80]}")


@click.command()
@click.option("--keep", type=click.Path(file_okay=False), help="Keep the demo database in this folder (one without a demo.db of an earlier demo).")
@click.pass_obj
def demo(ctx: Context, keep: str | None) -> None:
    """Run the whole ingest offline against a local server serving example responses."""
    from ..demo import run_demo

    sys.exit(run_demo(keep))


