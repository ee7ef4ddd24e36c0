"""`tracker rank train|status|evaluate`: the learned ranking from the command line."""

from __future__ import annotations

import sys

import click

from .base import DATE, echo_json, json_option


def _progress(what: str):
    """A progress line on a terminal's stderr; nothing when stderr is a file or a pipe (cron)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        click.echo(f"\r\033[K{what} {done}/{total}", nl=False, err=True)

    return show


def _end_progress(progress) -> None:
    if progress:
        click.echo("\r\033[K", nl=False, err=True)


@click.group()
def rank() -> None:
    """The learned ranking: train it on the editors' decisions, see it, measure it.

    \b
    Example:
        tracker rank train            # learn from the decisions, rescore every paper
        tracker rank status           # when trained, on what, its strongest words
        tracker rank evaluate         # week-by-week backtest: rules alone vs rules + model
    """


@rank.command("train")
@click.pass_obj
def rank_train(ctx) -> None:
    """Learn from the decisions so far and rescore every stored paper.

    Approved papers are relevant, rejected ones are not; held papers teach nothing. If the topics
    or scoring in feeds.yaml changed since the papers were scored, the rules score them again first
    (as tracker rescore). Until the decisions hold ranking.min_approved approvals and
    ranking.min_rejected rejections (feeds.yaml), the rules alone rank and this says what is
    missing. `tracker run` retrains by itself when decisions changed since the last model, or the
    model read papers as an older release did.
    """
    from ..ranking.train import train

    progress = _progress("rescoring")
    with ctx.run_lock():  # not while a tracker run stores papers scored by the old model
        result = train(ctx.db(), ctx.config(), progress=progress)
    _end_progress(progress)
    if result.rules_rescored:
        click.echo(f"{'; '.join(result.rules_rescored)}: the rules scored them again first", err=True)
    if result.model is None:
        click.echo(f"not trained: {result.reason}; the rules alone rank", err=True)
        sys.exit(1)
    m = result.model
    click.echo(f"model {m.id} trained on {m.approved} approved and {m.rejected} rejected papers"
               f" ({len(m.idf)} features); {result.rescored} paper(s) changed score or status", err=True)


@rank.command("status")
@json_option
@click.option("--words", default=15, show_default=True, type=click.IntRange(1, 200),
              help="How many of the strongest words each way.")
@click.pass_obj
def rank_status(ctx, as_json: bool, words: int) -> None:
    """When the model was trained, on how many decisions, its strongest words, the last backtest."""
    from ..ranking.status import rank_status as status_of

    data = status_of(ctx.db(), ctx.config(), words=words)
    if as_json:
        echo_json(data)
        return
    d = data["decisions"]
    click.echo(f"decisions: {d['approved']} approved, {d['rejected']} rejected papers "
               f"(the model needs {data['min_approved']} and {data['min_rejected']})")
    m = data["model"]
    if m is None:
        click.echo("model: none yet; the rules alone rank")
    else:
        state = "in use" if m["in_use"] else "not in use (fewer decisions than the config asks)"
        stale = ""
        if m["out_of_date"]:
            stale = f"; {m['out_of_date_because']}: " + (
                "the next tracker run retrains" if m["retrains"] else
                f"retrained once the decisions hold {data['min_approved']} approved and {data['min_rejected']} rejected papers")
        click.echo(f"model {m['id']}: trained {m['trained_at']} on {m['approved']} approved and "
                   f"{m['rejected']} rejected papers, {m['features']} features; {state}{stale}")
        click.echo("  pushes up:   " + ", ".join(f"{w} ({v:+.2f})" for w, v in m["up"]))
        click.echo("  pushes down: " + ", ".join(f"{w} ({v:+.2f})" for w, v in m["down"]))
    e = data["last_evaluation"]
    if e is None:
        click.echo("backtest: never run (tracker rank evaluate)")
    else:
        click.echo(f"backtest {e['at']}: {e['weeks']} week(s), {e['papers']} papers, {e['approved']} approved")
        for key, name in (("rules", "rules alone"), ("combined", "rules + model")):
            r = e[key]
            click.echo(f"  {name:<14} recall {_fmt(r['recall'])}  precision {_fmt(r['precision'])}  ap {_fmt(r['ap'])}")


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


@rank.command("evaluate")
@json_option
@click.option("--since", type=DATE, metavar="YYYY-MM-DD",
              help="Only weeks from this day on.")
@click.pass_obj
def rank_evaluate(ctx, as_json: bool, since) -> None:
    """A time-ordered backtest over the decisions history.

    For each week with decisions: train on the decisions made before it, rank that week's new
    papers, and compare with what the editors decided: recall of the approved papers among
    candidates, precision, and average precision, for the rules alone and for rules + model.
    """
    from ..ranking.backtest import backtest

    progress = _progress("weeks")
    report = backtest(ctx.db(), ctx.config(), since=since, progress=progress)
    _end_progress(progress)
    if as_json:
        echo_json(report)
        return
    if not report["weeks"]:
        click.echo(f"no week from {since.isoformat()} on has approved or rejected papers: nothing to measure" if since
                   else "no week has approved or rejected papers yet: nothing to measure")
        return
    click.echo(f"{'week':<9} {'papers':>6} {'appr':>5} {'model':>5}   "
               f"{'rules: recall':>13} {'prec':>5} {'ap':>5}   {'+model: recall':>14} {'prec':>5} {'ap':>5}")
    rows = report["weeks"] + [{"week": "all", "model": None, **report["total"]}]
    for w in rows:
        r, c = w["rules"], w["combined"]
        model = "" if w["model"] is None else ("yes" if w["model"] else "no")
        click.echo(f"{w['week']:<9} {w['papers']:>6} {w['approved']:>5} {model:>5}   "
                   f"{_fmt(r['recall']):>13} {_fmt(r['precision']):>5} {_fmt(r['ap']):>5}   "
                   f"{_fmt(c['recall']):>14} {_fmt(c['precision']):>5} {_fmt(c['ap']):>5}")
    if not report["total"]["weeks_with_model"]:
        click.echo("(the model took part in no week, so both columns are the rules': each week is ranked by a model "
                   "trained only on decisions made before it began, and none was; decisions brought in by tracker "
                   "decisions import are dated when they were imported)", err=True)
