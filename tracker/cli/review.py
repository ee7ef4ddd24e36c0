"""Reading and deciding: tracker papers, show, approve, reject, hold, reopen, edit, serve."""

from __future__ import annotations

import sys

import click

from .base import (DATE, Context, echo_json, edition_option, editor_option, indented, json_option, override_said,
                   resolve_edition)
from .. import STATUSES
from ..errors import EditorRequired, PaperNotFound, TrackerError, clip


@click.command()
@click.option("--status", "status_", type=click.Choice([*STATUSES, "all"]),
              help="Only papers with this status [default: candidate; with --edition, all].")
@click.option("--search", metavar="TEXT", help="Full-text search in titles and abstracts.")
@click.option("--since", type=DATE, metavar="YYYY-MM-DD", help="Only papers first seen on or after this day.")
@edition_option("Only papers assigned to this digest edition.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100000))
@json_option
@click.pass_obj
def papers(ctx: Context, status_: str, search: str | None, since, edition: str | None, limit: int,
           as_json: bool) -> None:
    """List papers by score, highest first.

    \b
    Example:
        tracker papers --status candidate --search "couple therapy" --limit 20
        tracker papers --status approved --edition 2026-W48
    """
    from ..queries import fts_query, list_papers
    from ..ranking import model_part

    if search is not None and fts_query(search) is None:  # "" or "--": nothing could match
        raise click.UsageError(f"--search {search!r} has no word to look for")
    since = since.isoformat() if since else None
    if edition:
        edition = resolve_edition(ctx, edition)  # "W49" is an error, not an empty list
    # an edition holds approved papers, which the candidate list (the default) never shows
    status_ = status_ or ("all" if edition else "candidate")
    # one row more than asked tells whether more match; the model's part, as the web queue shows it
    # (the JSON keeps its contract: docs/architecture.md)
    rows = list_papers(ctx.db(), status=status_, search=search, since=since, edition=edition, limit=limit + 1,
                       extra=() if as_json else ("rules_score", "model_probability"))
    more, rows = len(rows) > limit, rows[:limit]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no papers match", err=True)
    for p in rows:
        why = [f"{k}: {', '.join(v)}" for k, v in p["topics"].items()]
        if (part := model_part(p)) is not None:
            why.append(f"model {part}")
        click.echo(f"{p['id']:>6}  {p['score']:>5.1f}  {p['status']:<15} {clip(p['title'], 90)}")
        click.echo(f"{'':>6}  {'':>5}  {clip(p['journal'] or '-', 40)} {p['published'] or ''}  [{'; '.join(why)}]")
    if more:
        click.echo(f"(the first {limit} shown; more match: --limit N shows more)", err=True)


@click.command()
@click.argument("paper_id", type=int)
@json_option
@click.pass_obj
def show(ctx: Context, paper_id: int, as_json: bool) -> None:
    """One paper in full, with the explanation of its score."""
    from ..queries import get_paper

    paper = get_paper(ctx.db(), paper_id)
    if paper is None:
        click.echo(f"tracker: error: no paper with id {paper_id}", err=True)
        sys.exit(1)
    if as_json:
        echo_json(paper)
        return
    click.echo(format_paper(paper))


def preprint_lines(p: dict) -> list[tuple[str, str]]:
    """Both versions of a paper a preprint server showed: the preprint, and whether a journal
    version is known."""
    pre = p.get("preprint")
    if not pre:
        return []
    from ..parse.preprints import SERVER_NAMES

    version = f" v{pre['version']}" if pre.get("version") else ""
    posted = f", posted {pre['posted']}" if pre.get("posted") else ""
    url = f" {pre['url']}" if pre.get("url") else ""
    reviewed = (f"yes: journal version {p['doi']}" if p.get("peer_reviewed")
                else "not yet: only the preprint is known")
    return [("Preprint", f"{SERVER_NAMES.get(pre['server'], pre['server'])} {pre['doi']}{version}{posted}{url}"),
            ("Peer reviewed", reviewed)]


def format_paper(p: dict) -> str:
    lines = [f"#{p['id']} {p['title']}", ""]  # the id the other commands take
    if p.get("retracted"):
        lines += ["*** RETRACTED ***", ""]
    meta = [
        ("Journal", p["journal"]), ("Published", p["published"]), ("Type", p["article_type"]),
        ("Publication types", ", ".join(p["publication_types"])), ("Authors", ", ".join(p["authors"])),
        ("DOI", p["doi"]), ("PMID", p["pmid"]), ("PMCID", p["pmcid"]), ("URL", p["url"]),
        *preprint_lines(p),
        ("Sources", ", ".join(p["sources"])),
        ("Similar to", "; ".join(f"#{s['id']} (approved) {s['title']}" for s in p.get("similar_to", []))),
        ("First seen", p["first_seen"]), ("Status", p["status"]), ("Edition", p.get("edition")),
        ("MeSH", "; ".join(p["mesh"])), ("Keywords", "; ".join(p["keywords"])),
    ]
    lines += [f"{k + ':':<19}{v}" for k, v in meta if v]
    ex = p["explanation"]
    lines += ["", f"Score {p['score']:g} (threshold {ex.get('threshold', '?')})"]
    if ex.get("model"):
        lines.append(f"  rules {ex.get('rules_score', p['score']):g}, model {ex['model']['points']:+g}")
    for topic, info in ex.get("topics", {}).items():
        lines.append(f"  {topic}: {info['score']:g}")
        for term, places in info["matched"].items():
            lines.append(f"    {term!r} in {', '.join(places)}")
        if info["context"]:
            lines.append(f"    context: {', '.join(info['context'])}")
        for factor in info["factors"]:
            lines.append(f"    {factor}")
    for item in ex.get("evidence", []):
        lines.append(f"  {item}")
    for factor in ex.get("factors", []):
        lines.append(f"  {factor}")
    model = ex.get("model")
    if model:
        lines.append(f"  model {model['id']}: {model['probability']:.0%} likely to be approved, {model['points']:+g}")
        if model["up"]:
            lines.append("    pushed up by: " + ", ".join(f"{w} ({c:+.2f})" for w, c in model["up"]))
        if model["down"]:
            lines.append("    pushed down by: " + ", ".join(f"{w} ({c:+.2f})" for w, c in model["down"]))
    if p.get("corrections"):
        lines += ["", "Corrections and retractions:"]
        for c in p["corrections"]:
            target = c.get("pmid") and f"PMID {c['pmid']}" or c.get("doi") or ""
            lines.append(f"  {c['kind']} {target} {c.get('text') or ''}".rstrip())
    lines += _format_lay_summary(p.get("lay_summary"))
    lines += _format_decisions(p.get("decisions") or [])
    if p["abstract_sections"]:
        lines.append("")
        for label, text in p["abstract_sections"]:
            lines.append(f"{label}: {text}" if label else text)
    elif p["abstract"]:
        lines += ["", p["abstract"]]
    return "\n".join(lines)


def _format_lay_summary(summary: dict | None) -> list[str]:
    """The current lay summary, each field under its name, its paragraphs wrapped and indented."""
    import textwrap

    from ..summary import FIELDS

    if not summary:
        return ["", "Lay summary: none"]
    lines = ["", f"Lay summary, version {summary['version']} by {summary['editor']} at {summary['at']}:"]
    for field in FIELDS:
        lines.append(f"  {field.label}:")
        text = summary.get(field.name) or ""
        if not text:
            lines.append("    (empty)")
        for line in text.splitlines():
            lines += textwrap.wrap(line, 88, initial_indent="    ", subsequent_indent="    ") or [""]
    return lines


def _format_decisions(decisions: list[dict]) -> list[str]:
    """The decision history, oldest first: one line each, with its edition, reason and note."""
    if not decisions:
        return []
    lines = ["", "Decisions:"]
    for d in decisions:
        line = f"  {d['at']} {d['editor']}: {d['from_status']} -> {d['to_status']}"
        extras = [f"edition {d['edition']}" if d.get("edition") else "",
                  f"reason: {d['reason']}" if d.get("reason") else "",
                  f"note: {d['note']}" if d.get("note") else ""]
        # a reason or note typed over several lines keeps to the entry's indent, not the margin
        lines.append(indented("; ".join([line, *filter(None, extras)]), "      "))
    return lines



def _decide(ctx: Context, paper_id: int, action: str, editor: str | None, **fields) -> None:
    from ..ranking import status_in_force
    from ..review import Decision, decide

    config = ctx.config()
    if fields.get("edition"):  # "2026-W60": a usage error, as every --edition is
        fields["edition"] = resolve_edition(ctx, fields["edition"])
    db = ctx.db()
    done = decide(db, Decision(paper_id, editor or "", action, **fields),
                  default_edition=resolve_edition(ctx, None), scorer_status=status_in_force(db, config))
    where = f" for edition {done['edition']}" if done["edition"] else ""
    if done.get("unchanged"):
        click.echo(f"paper {paper_id}: already {done['to_status']}{where}; nothing recorded", err=True)
        return
    click.echo(f"paper {paper_id}: {done['from_status']} -> {done['to_status']}{where} (by {done['editor']})", err=True)
    echo_consequences(done)


def echo_consequences(done: dict, indent: str = "", said: set[str] | None = None) -> None:
    """What a recorded decision's notices and warnings say (an edition e-mailed, one long past).
    indent: under a line of a list (the decisions import), where a warning needs no "tracker:";
    said: notices and warnings said already, not said again ("W49 was e-mailed, so approvals go to
    W50", "2025-W01 was never e-mailed, but ...": once for an import, not once a row)."""
    warned = f"{indent}{'warning' if indent else 'tracker: warning'}: "
    for prefix, text in [*((indent, n) for n in done.get("notices", ())), *((warned, w) for w in done.get("warnings", ()))]:
        if said is None or text not in said:
            click.echo(f"{prefix}{text}", err=True)
        if said is not None:
            said.add(text)


@click.command()
@click.argument("paper_id", type=int)
@edition_option("The digest edition (default: the one being assembled, or the next one not yet "
                "e-mailed; an edition already e-mailed is refused).")
@click.option("--summary", "summary_file", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Lay summary from a YAML or JSON file with exactly the summary keys.")
@click.option("--note", metavar="TEXT", help="A note for the other editors.")
@editor_option
@click.pass_obj
def approve(ctx: Context, paper_id: int, edition: str | None, summary_file: str | None, note: str | None,
            editor: str | None) -> None:
    """Approve a paper for the digest, optionally with its lay summary.

    \b
    Example:
        tracker approve 42 --edition 2026-W48 --summary kact.yaml --editor sam
    """
    from ..review import read_summary_file

    summary, notes = read_summary_file(summary_file) if summary_file else (None, [])
    for line in notes:
        click.echo(f"tracker: note: {line}", err=True)
    # The decision and the summary are written together, or not at all.
    _decide(ctx, paper_id, "approve", editor, edition=edition, note=note, summary=summary)


@click.command()
@click.argument("paper_id", type=int)
@click.option("--reason", required=True, metavar="TEXT", help="Why it is not for the digest.")
@click.option("--note", metavar="TEXT", help="A note for the other editors.")
@editor_option
@click.pass_obj
def reject(ctx: Context, paper_id: int, reason: str, note: str | None, editor: str | None) -> None:
    """Reject a paper, with the reason.

    \b
    Example:
        tracker reject 43 --reason "ketamine as an anaesthetic"
    """
    _decide(ctx, paper_id, "reject", editor, reason=reason, note=note)


@click.command()
@click.argument("paper_id", type=int)
@click.option("--note", metavar="TEXT", help="A note for the other editors.")
@editor_option
@click.pass_obj
def hold(ctx: Context, paper_id: int, note: str | None, editor: str | None) -> None:
    """Put a paper on hold (undecided, out of the queue)."""
    _decide(ctx, paper_id, "hold", editor, note=note)


@click.command()
@click.argument("paper_id", type=int)
@click.option("--note", metavar="TEXT", help="A note for the other editors.")
@editor_option
@click.pass_obj
def reopen(ctx: Context, paper_id: int, note: str | None, editor: str | None) -> None:
    """Undo a decision: the paper goes back to what its score makes it."""
    _decide(ctx, paper_id, "reopen", editor, note=note)


@click.command()
@click.argument("paper_id", type=int)
@editor_option
@click.pass_obj
def edit(ctx: Context, paper_id: int, editor: str | None) -> None:
    """Edit a paper's lay summary in $EDITOR; saving keeps a new version.

    If someone else saves a version while you edit, yours is refused (not saved over theirs) and
    kept in a file whose name is printed.
    """
    import tempfile

    import yaml

    from ..digest.edition import label_override
    from ..digest.labels import label_for
    from ..editors import recorded_name
    from ..queries import get_paper
    from ..review import check_summary, lay_summary, load_edited, save_summary, summary_template

    if not (editor or "").strip():
        raise EditorRequired("who is writing?")
    text = None
    try:
        db = ctx.db()
        config = ctx.config()  # for the checks after the save: a broken feeds.yaml is said now
        recorded_name(db, editor)  # refused before the text is typed, not after
        current = lay_summary(db, paper_id)
        paper = get_paper(db, paper_id)
        if paper is None:
            raise PaperNotFound(paper_id)
        study_type = label_for(paper, label_override(db, paper_id))["name"]
        text = click.edit(summary_template(current, paper, study_type), extension=".yaml", require_save=True)
        if text is None:
            click.echo("unchanged; nothing saved", err=True)
            return
        try:
            fields, notes = load_edited(text)
        except yaml.YAMLError as exc:
            raise TrackerError(f"the edited summary is not valid YAML: {exc} (write each field's text on the "
                               "lines under its key, indented by two spaces)") from None
        fields = check_summary(fields, origin="edited summary")
        for note in notes:
            click.echo(f"tracker: note: {note}", err=True)
        saved = save_summary(db, paper_id, fields, editor, base_version=current["version"] if current else 0)
    except TrackerError:
        if text is not None:
            with tempfile.NamedTemporaryFile("w", suffix=".yaml", prefix=f"summary-{paper_id}-",
                                             delete=False, encoding="utf-8") as kept:
                kept.write(text)
            click.echo(f"tracker: your text is kept in {kept.name}", err=True)
        raise
    if saved:
        click.echo(f"saved version {saved['version']}", err=True)
        echo_consequences(saved)
        _echo_checks(db, config, paper_id, saved["version"])
    elif not any(fields.values()):  # save_summary stores no empty summary: say why
        click.echo("every field is empty; nothing saved" + (f" (version {current['version']} stays)" if current else ""),
                   err=True)
    else:
        click.echo("unchanged; nothing saved", err=True)


# How each state of a check reads, as the web page beside the form says it.
_STATES = {"blocks": "blocks sending", "warning": "warning", "overridden": "overridden"}


def _echo_checks(db, config, paper_id: int, version: int) -> None:
    """The digest's checks of the summary just saved, as the web page shows them beside the form:
    one line per flag (the check, the words it quotes, what to do), or "no flags"."""
    from ..queries import get_paper
    from ..review import summary_checks

    checks = summary_checks(db, config, get_paper(db, paper_id))
    head = f"checks of version {version} (study type: {checks['label']['name']})"
    if not checks["featured"]:
        click.echo(f"{head}: none run: the summary field is empty, so the digest lists the paper under "
                   "\"Also this week\" without it", err=True)
        return
    flags = [flag for flag in checks["flags"] if not flag.ok]
    if not flags:
        click.echo(f"{head}: no flags", err=True)
        return
    click.echo(f"{head}:", err=True)
    for flag in flags:
        click.echo(f"  {_STATES[flag.state]}: {flag.check}: {flag.message}", err=True)
        if (said := override_said(flag, "    ")) is not None:  # as digest check says it
            click.echo(said, err=True)
    from ..digest.checks import OVERRIDABLE

    if any(flag.blocking and flag.check in OVERRIDABLE for flag in flags):
        click.echo(f"  (edit again, or let a flag pass: tracker digest override {paper_id} CHECK --reason TEXT)",
                   err=True)
    elif any(flag.blocking for flag in flags):
        click.echo("  (edit again; a retraction cannot be overridden)", err=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--behind-proxy", is_flag=True, envvar="TRACKER_BEHIND_PROXY",
              help="Trust X-Forwarded-For/-Proto/-Host from one reverse proxy (env TRACKER_BEHIND_PROXY=1).")
@click.pass_obj
def serve(ctx: Context, host: str, port: int, behind_proxy: bool) -> None:
    """Serve the editors' web UI with werkzeug's development server, for local use.

    The secret key comes from TRACKER_SECRET_KEY, else from the file secret_key beside the
    database (created with mode 0600 on first run). For production, run a WSGI server behind
    a reverse proxy instead (see the README): gunicorn 'tracker.web:create_app_from_env()'.

    \b
    Example:
        tracker editors add sam && tracker serve --port 8000
    """
    from werkzeug.serving import run_simple

    from ..web import create_app

    db = ctx.db()  # a database to serve, not a new empty one nobody can log in to
    app = create_app(ctx.db_path, ctx.config(), behind_proxy=behind_proxy)
    if db["editors"].count == 0:
        click.echo("tracker: no editors yet; create one with: tracker editors add NAME", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"tracker: warning: listening on {host}; the development server is not meant to face a "
                   "network (see the README for a production setup)", err=True)
    from ..newsletter.transport import mail_route
    import logging

    from ..web.public import keep_tokens_out_of_the_log

    keep_tokens_out_of_the_log(logging.getLogger("werkzeug"))  # a reader's link acts for them: not in its request lines
    click.echo(f"Serving the editors' UI on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    said, relayed = mail_route(ctx.config(), ctx.db_path)
    click.echo(f"  {said}" if relayed else f"  warning: {said}", err=True)
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


