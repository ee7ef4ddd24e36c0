"""The `tracker` command line. Domain errors become clear messages here, and only here."""

from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import DEFAULT_DB_PATH, STATUSES, __version__
from .errors import ConfigError, EditorRequired, LockError, PaperNotFound, TrackerError, clip

if TYPE_CHECKING:
    from .config import Config

log = logging.getLogger("tracker")

EXIT_OK, EXIT_SOURCE_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75


class Context:
    def __init__(self, config_path: str | None, db_path: str | None, verbose: int):
        self.config_option = config_path
        self.db_path = db_path or os.environ.get("TRACKER_DB") or DEFAULT_DB_PATH
        self.verbose = verbose
        self._config: Config | None = None

    # The config module (pydantic) is imported on first use: `tracker papers` never needs it,
    # and a listing should answer well under half a second.
    @property
    def config_path(self) -> Path:
        from .config import resolve_config_path

        return resolve_config_path(self.config_option)

    def config(self) -> Config:
        if self._config is None:
            from .config import load_config

            self._config = load_config(self.config_path)
        return self._config

    def db(self, *, create: bool = False):
        """The database, opened and migrated. Only the commands that fill or set one up (run, demo,
        editors add, subscribers add) pass create=True: any other, pointed at a file that is not
        there, says so (exit 2) rather than answer from a new, empty database."""
        from .store import open_db

        if not create:
            self.require_db()
        return open_db(self.db_path, create=create)

    def require_db(self) -> None:
        """ConfigError naming the file looked for, and how to point at another, if it is missing."""
        path = Path(self.db_path)
        if not path.exists():
            raise ConfigError(
                f"no database at {path.absolute()}; run this in the folder that holds db/tracker.db, "
                "or name the database with --db FILE or TRACKER_DB=FILE (tracker run creates one)")

    @contextmanager
    def run_lock(self, *, create: bool = False):
        """pipeline.run_lock on this database (one run, rescore or training at a time), its lock
        file made readable by the owner only. Without `create`, the database must exist."""
        from .pipeline import run_lock
        from .store import private_umask

        if not create:
            self.require_db()
        with ExitStack() as held:
            with private_umask():  # only while the lock file (and its folder) may be created
                held.enter_context(run_lock(self.db_path))
            yield


def _setup_logging(verbose: int) -> None:
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose == 1 else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    if verbose < 2:
        logging.getLogger("urllib3").setLevel(logging.WARNING)


EDITOR_ADVICE = "pass --editor NAME or set TRACKER_EDITOR"


def _fail(exc: TrackerError, ctx: Context) -> None:
    """Print a domain error as one clear line (a traceback only with -vv, as --help says) and exit
    with its code."""
    if ctx.verbose >= 2:
        log.exception("error")
    # The domain asks who; how to say it is the command line's own wording.
    advice = f" {EDITOR_ADVICE}" if isinstance(exc, EditorRequired) else ""
    click.echo(f"tracker: error: {exc}{advice}", err=True)
    code = EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_LOCKED if isinstance(exc, LockError) else 1
    sys.exit(code)


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


@cli.command()
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Only this source (repeatable).")
@click.option("--load", "load", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Replay a saved response (a feed, or efetch XML) through one --source instead of fetching.")
@click.pass_obj
def run(ctx: Context, sources: tuple[str, ...], load: str | None) -> None:
    """Poll every enabled source, merge into one row per paper, and score.

    Exit codes: 0 all sources fine; 1 some source failed (the others stored); 2 usage or config
    error; 75 another run holds the lock. One summary line per source goes to stderr.

    \b
    Example (crontab, hourly):
        17 * * * *  cd /srv/tracker && tracker run
    """
    from .parallel import PARALLEL_MIN
    from .pipeline import Runner

    try:
        config = ctx.config()
        for name in sources:
            config.source(name)
        if load and len(sources) != 1:
            raise click.UsageError("--load needs exactly one --source")
        replay = {sources[0]: Path(load).read_bytes()} if load else None
        with ctx.run_lock(create=True):
            db = ctx.db(create=True)
            progress = _progress_line if sys.stderr.isatty() else None
            outcomes = Runner(config, db, progress=progress, parallel_min=PARALLEL_MIN).run(
                list(sources) or None, replay=replay)
            if progress:
                click.echo("\r\033[K", nl=False, err=True)
    except TrackerError as exc:
        _fail(exc, ctx)
    for outcome in outcomes:
        click.echo(outcome.summary(), err=True)
    sys.exit(EXIT_OK if all(o.ok for o in outcomes) else EXIT_SOURCE_FAILED)


def _progress_line(source: str, message: str) -> None:
    click.echo(f"\r\033[K{source}: {message}", nl=False, err=True)


@cli.command("check-config")
@click.pass_obj
def check_config(ctx: Context) -> None:
    """Validate feeds.yaml without fetching anything; exit 2 naming the problem if it is wrong."""
    try:
        config = ctx.config()
    except ConfigError as exc:
        _fail(exc, ctx)
    kinds = {}
    for s in config.sources:
        kinds[s.type] = kinds.get(s.type, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    click.echo(f"{ctx.config_path}: OK ({len(config.sources)} sources: {summary}; "
               f"{len(config.topics)} topics: {', '.join(t.name for t in config.topics)})")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="JSON only on stdout.")
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
        0 8 * * *  cd /srv/tracker && tracker status --check
    """
    from .errors import error_line, printable
    from .health import problems
    from .queries import counts, source_health
    from .sources.similar import SOURCE as SIMILAR, similar_source

    try:
        config = ctx.config()
        db = ctx.db()
    except TrackerError as exc:
        _fail(exc, ctx)
    # PubMed's similar articles of approved papers are looked up like a source, named "similar".
    names = [s.name for s in config.sources] + ([SIMILAR] if similar_source(config) else [])
    health = source_health(db, names)
    found = problems(db, config)
    for h in health:
        # Errors quote what servers sent: never a control character or an escape sequence on
        # the terminal, whatever an older version stored.
        run = h["last_run"] or {}
        h["last_error_detail"] = printable(run["error"]) if h["failures_in_row"] and run.get("error") else (
            h["last_error"] and printable(h["last_error"]))
        h["last_error"] = h["last_error"] and error_line(h["last_error"])
        if run.get("error"):
            run["error"] = printable(run["error"])
    if as_json:
        _echo_json({"sources": health, **counts(db), "problems": found})
        sys.exit(1 if check and found else 0)
    if check:
        for line in found:
            click.echo(line)
        sys.exit(1 if found else 0)
    totals = counts(db)
    from .sources.registry import source_type

    read_so_far = {s.name: source_type(s).progress for s in config.sources}  # how far each has read
    for h in health:
        state = "never run" if not h["last_attempt"] else (
            f"FAILING ({h['failures_in_row']} in a row)" if h["failures_in_row"] else "ok")
        click.echo(f"{h['source']:<32} {state:<22} last success {h['last_success'] or '-':<20} papers {h['papers']}")
        if h["last_error"]:
            click.echo(f"{'':<32} last error: {h['last_error']}")
            if ctx.verbose and h["last_error_detail"] != h["last_error"]:
                click.echo(f"{'':<32} in full: {h['last_error_detail']}")
        progress = read_so_far.get(h["source"], lambda state: None)(h)
        if progress:
            click.echo(f"{'':<32} {progress}")
    by_status = ", ".join(f"{k} {v}" for k, v in sorted(totals["by_status"].items()))
    click.echo(f"papers: {totals['papers']}" + (f" ({by_status})" if by_status else ""))
    for line in found:
        click.echo(f"problem: {line}")


@cli.command()
@click.option("--status", "status_", default="candidate", show_default=True,
              type=click.Choice([*STATUSES, "all"]))
@click.option("--search", metavar="TEXT", help="Full-text search in titles and abstracts.")
@click.option("--since", metavar="DATE", help="Only papers first seen on or after DATE (YYYY-MM-DD).")
@click.option("--edition", metavar="YYYY-Www", help="Only papers assigned to this digest edition.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100000))
@click.option("--json", "as_json", is_flag=True, help="JSON only on stdout.")
@click.pass_obj
def papers(ctx: Context, status_: str, search: str | None, since: str | None, edition: str | None, limit: int,
           as_json: bool) -> None:
    """List papers by score, highest first.

    \b
    Example:
        tracker papers --status candidate --search "couple therapy" --limit 20
        tracker papers --status approved --edition 2026-W48
    """
    from .queries import list_papers

    if since:
        from datetime import date

        try:
            date.fromisoformat(since)
        except ValueError:
            raise click.BadParameter("expected YYYY-MM-DD", param_hint="--since") from None
    try:
        rows = list_papers(ctx.db(), status=status_, search=search, since=since, edition=edition, limit=limit)
    except TrackerError as exc:
        _fail(exc, ctx)
    if as_json:
        _echo_json(rows)
        return
    if not rows:
        click.echo("no papers match", err=True)
    for p in rows:
        topics = "; ".join(f"{k}: {', '.join(v)}" for k, v in p["topics"].items())
        click.echo(f"{p['id']:>6}  {p['score']:>5.1f}  {p['status']:<15} {clip(p['title'], 90)}")
        click.echo(f"{'':>6}  {'':>5}  {clip(p['journal'] or '-', 40)} {p['published'] or ''}  [{topics}]")


@cli.command()
@click.argument("paper_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="JSON only on stdout.")
@click.pass_obj
def show(ctx: Context, paper_id: int, as_json: bool) -> None:
    """One paper in full, with the explanation of its score."""
    from .queries import get_paper

    try:
        paper = get_paper(ctx.db(), paper_id)
    except TrackerError as exc:
        _fail(exc, ctx)
    if paper is None:
        click.echo(f"tracker: error: no paper with id {paper_id}", err=True)
        sys.exit(1)
    if as_json:
        _echo_json(paper)
        return
    click.echo(format_paper(paper))


def preprint_lines(p: dict) -> list[tuple[str, str]]:
    """Both versions of a paper a preprint server showed: the preprint, and whether a journal
    version is known."""
    pre = p.get("preprint")
    if not pre:
        return []
    from .parse.preprints import SERVER_NAMES

    version = f" v{pre['version']}" if pre.get("version") else ""
    posted = f", posted {pre['posted']}" if pre.get("posted") else ""
    url = f" {pre['url']}" if pre.get("url") else ""
    reviewed = (f"yes: journal version {p['doi']}" if p.get("peer_reviewed")
                else "not yet: only the preprint is known")
    return [("Preprint", f"{SERVER_NAMES.get(pre['server'], pre['server'])} {pre['doi']}{version}{posted}{url}"),
            ("Peer reviewed", reviewed)]


def format_paper(p: dict) -> str:
    lines = [p["title"], ""]
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

    from .summary import FIELDS

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
        lines.append("; ".join([line, *filter(None, extras)]))
    return lines


@cli.command()
@click.pass_obj
def rescore(ctx: Context) -> None:
    """Score every stored paper again (after editing the topics in feeds.yaml)."""
    from .rescore import rescore_all

    try:
        with ctx.run_lock():  # not while a tracker run (or a training) writes scores
            changed = rescore_all(ctx.db(), ctx.config())
    except TrackerError as exc:
        _fail(exc, ctx)
    click.echo(f"rescored; {changed} paper(s) changed score or status", err=True)


# -- editorial review ------------------------------------------------------------------------

editor_option = click.option(
    "--editor", envvar="TRACKER_EDITOR", metavar="NAME", help="Who decides (env TRACKER_EDITOR).")


def _decide(ctx: Context, paper_id: int, action: str, editor: str | None, **fields) -> None:
    from .ranking import status_in_force
    from .editions import Week
    from .review import Decision, decide

    try:
        config = ctx.config()
        db = ctx.db()
        done = decide(db, Decision(paper_id, editor or "", action, **fields),
                      default_edition=str(Week.current(config.timezone)), scorer_status=status_in_force(db, config))
    except TrackerError as exc:
        _fail(exc, ctx)
    where = f" for edition {done['edition']}" if done["edition"] else ""
    click.echo(f"paper {paper_id}: {done['from_status']} -> {done['to_status']}{where} (by {done['editor']})", err=True)


@cli.command()
@click.argument("paper_id", type=int)
@click.option("--edition", metavar="YYYY-Www", help="The digest edition (default: the one being assembled).")
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
    from .review import read_summary_file

    try:
        summary = read_summary_file(summary_file) if summary_file else None
    except TrackerError as exc:
        _fail(exc, ctx)
    # The decision and the summary are written together, or not at all.
    _decide(ctx, paper_id, "approve", editor, edition=edition, note=note, summary=summary)


@cli.command()
@click.argument("paper_id", type=int)
@click.option("--reason", required=True, metavar="TEXT", help="Why it is not for the digest.")
@click.option("--note", metavar="TEXT")
@editor_option
@click.pass_obj
def reject(ctx: Context, paper_id: int, reason: str, note: str | None, editor: str | None) -> None:
    """Reject a paper, with the reason.

    \b
    Example:
        tracker reject 43 --reason "ketamine as an anaesthetic"
    """
    _decide(ctx, paper_id, "reject", editor, reason=reason, note=note)


@cli.command()
@click.argument("paper_id", type=int)
@click.option("--note", metavar="TEXT")
@editor_option
@click.pass_obj
def hold(ctx: Context, paper_id: int, note: str | None, editor: str | None) -> None:
    """Put a paper on hold (undecided, out of the queue)."""
    _decide(ctx, paper_id, "hold", editor, note=note)


@cli.command()
@click.argument("paper_id", type=int)
@click.option("--note", metavar="TEXT")
@editor_option
@click.pass_obj
def reopen(ctx: Context, paper_id: int, note: str | None, editor: str | None) -> None:
    """Undo a decision: the paper goes back to what its score makes it."""
    _decide(ctx, paper_id, "reopen", editor, note=note)


@cli.command()
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

    from .review import check_summary, lay_summary, save_summary, summary_template
    from .store import paper_exists

    if not (editor or "").strip():
        _fail(EditorRequired("who is writing?"), ctx)
    text = None
    try:
        db = ctx.db()
        current = lay_summary(db, paper_id)
        if not paper_exists(db, paper_id):
            raise PaperNotFound(paper_id)
        text = click.edit(summary_template(current), extension=".yaml", require_save=True)
        if text is None:
            click.echo("unchanged; nothing saved", err=True)
            return
        try:
            fields = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise TrackerError(f"the edited summary is not valid YAML: {exc}") from None
        saved = save_summary(db, paper_id, check_summary(fields, origin="edited summary"), editor,
                             base_version=current["version"] if current else 0)
    except TrackerError as exc:
        if text is not None:
            with tempfile.NamedTemporaryFile("w", suffix=".yaml", prefix=f"summary-{paper_id}-",
                                             delete=False, encoding="utf-8") as kept:
                kept.write(text)
            click.echo(f"tracker: your text is kept in {kept.name}", err=True)
        _fail(exc, ctx)
    click.echo(f"saved version {saved['version']}" if saved else "unchanged; nothing saved", err=True)


# -- the weekly digest -----------------------------------------------------------------------

edition_option = click.option("--edition", metavar="YYYY-Www",
                              help="The edition (default: the current ISO week in feeds.yaml's timezone).")


def _edition(ctx: Context, edition: str | None) -> str:
    from .editions import Week

    return edition or str(Week.current(ctx.config().timezone))


@cli.group()
def digest() -> None:
    """The weekly patient digest: build an edition, check it, override a check, label a study.

    \b
    Example:
        tracker digest check                  # exit 1 while something blocks the edition
        tracker digest build --out site/      # web page, e-mail, text, Markdown, Atom
    """


@digest.command("build")
@edition_option
@click.option("--out", "out_dir", default="site", show_default=True, type=click.Path(file_okay=False),
              help="Folder to build into: OUT/<edition>/ plus OUT/index.html and OUT/feed.atom.")
@click.pass_obj
def digest_build(ctx: Context, edition: str | None, out_dir: str) -> None:
    """Render an edition: index.html, email.html, digest.txt, digest.md; refresh the site's
    index.html and feed.atom. Writes are atomic; the same edition gives the same bytes.

    An edition with no approved papers is refused (exit 1) and nothing is written. Building
    does not run the checks: run `tracker digest check` before sending.

    \b
    Example:
        tracker digest build --edition 2026-W48 --out site/
    """
    from .digest import build

    try:
        edition = _edition(ctx, edition)
        result = build(ctx.db(), ctx.config(), edition, out_dir)
    except TrackerError as exc:
        _fail(exc, ctx)
    data = result.edition
    notices = f", {len(data.notices)} correction notice(s)" if data.notices else ""
    pages = sum(1 for f in result.files if f.name == "index.html" and f.parent.parent.name == "articles")
    click.echo(f"built {edition} into {result.folder}/: {len(data.featured)} featured, "
               f"{len(data.also)} also this week{notices}; {pages} article page(s) in "
               f"{Path(out_dir) / 'articles'}/; {Path(out_dir) / 'index.html'} and "
               f"{Path(out_dir) / 'feed.atom'} list {result.editions_listed} edition(s)", err=True)


@digest.command("check")
@edition_option
@click.option("--json", "as_json", is_flag=True, help="JSON only on stdout.")
@click.pass_obj
def digest_check(ctx: Context, edition: str | None, as_json: bool) -> None:
    """Run the checks an edition must pass before it is sent; exit 1 if anything blocks.

    Per lay summary: reading grade (Flesch-Kincaid, target in feeds.yaml), hype words,
    cause-and-effect wording on studies that cannot show it, a missing key takeaway, missing
    caveats on pilot, small, animal, preprint or protocol papers, a missing headline, a
    retraction. An editor's override (tracker digest override) lets a flag pass.

    \b
    Example:
        tracker digest check --edition 2026-W48 || echo "not ready to send"
    """
    from .digest import check_edition

    try:
        edition = _edition(ctx, edition)
        report = check_edition(ctx.db(), ctx.config(), edition)
    except TrackerError as exc:
        _fail(exc, ctx)
    if as_json:
        _echo_json(report.as_dict())
    else:
        marks = {"ok": "ok  ", "blocks": "FLAG", "overridden": "over", "warning": "warn"}
        for paper in report.papers:
            kind = "featured" if paper.paper["featured"] else "also this week (no lay summary)"
            click.echo(f"#{paper.paper['id']} {paper.paper['headline'][:70]}  [{kind}; {paper.paper['label']['name']}]")
            for flag in paper.flags:
                click.echo(f"  {marks[flag.state]} {flag.check:<14} {flag.message}")
                if flag.override:
                    click.echo(f"       overridden by {flag.override['editor']}: {flag.override['reason']}")
                elif flag.lapsed and not flag.ok:
                    click.echo(f"       an override by {flag.lapsed['editor']} was for summary version "
                               f"{flag.lapsed['summary_version']}; the summary has changed since")
        blocking = sum(1 for p in report.papers for f in p.flags if f.blocking)
        click.echo(f"{edition}: " + (f"{blocking} flag(s) block sending" if blocking else "ready to send"))
    sys.exit(1 if report.blocking else 0)


@digest.command("override")
@click.argument("paper_id", type=int)
@click.argument("check")
@click.option("--reason", metavar="TEXT", help="Why the flag can stand (required unless --withdraw).")
@click.option("--withdraw", is_flag=True, help="Withdraw an earlier override of this check.")
@editor_option
@click.pass_obj
def digest_override(ctx: Context, paper_id: int, check: str, reason: str | None, withdraw: bool,
                    editor: str | None) -> None:
    """Let a check's flag pass for a paper's current lay summary, recording why.

    CHECK is one of reading_grade, hype, causal_claim, key_takeaway, caveats, headline. The
    override holds until the summary is edited; every override is kept in check_overrides.

    \b
    Example:
        tracker digest override 42 hype --reason "'no cure' says there is none" --editor sam
    """
    from .digest import set_override

    if withdraw == bool(reason):
        raise click.UsageError("give --reason TEXT, or --withdraw")
    try:
        row = set_override(ctx.db(), paper_id, check, None if withdraw else reason, editor or "",
                           config=ctx.config())  # refuses a check that is not flagged
    except TrackerError as exc:
        _fail(exc, ctx)
    what = "withdrawn" if withdraw else f"overridden for summary version {row['summary_version']}"
    click.echo(f"paper {paper_id}: {check} {what} (by {row['editor']})", err=True)


@digest.command("label")
@click.argument("paper_id", type=int)
@click.argument("study_type", required=False)
@click.option("--derived", is_flag=True, help="Go back to the study type derived from the paper's record.")
@click.option("--reason", metavar="TEXT", help="Why (kept with the label).")
@editor_option
@click.pass_obj
def digest_label(ctx: Context, paper_id: int, study_type: str | None, derived: bool, reason: str | None,
                 editor: str | None) -> None:
    """Set the study type a paper is labelled with in the digest; without TYPE, list the types.

    \b
    Example:
        tracker digest label 42 framework --reason "a clinical framework, not a trial"
    """
    from .digest import STUDY_TYPES, set_label

    if study_type is None and not derived:
        for key, kind in STUDY_TYPES.items():
            click.echo(f"{key:<20} {kind.name}")
        return
    if derived and study_type:
        raise click.UsageError("give a TYPE or --derived, not both")
    try:
        set_label(ctx.db(), paper_id, None if derived else study_type, editor or "", reason)
    except TrackerError as exc:
        _fail(exc, ctx)
    shown = "the derived study type" if derived else STUDY_TYPES[study_type].name
    click.echo(f"paper {paper_id}: labelled {shown}", err=True)


@cli.command()
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

    from .web import create_app

    try:
        db = ctx.db()  # a database to serve, not a new empty one nobody can log in to
        app = create_app(ctx.db_path, ctx.config(), behind_proxy=behind_proxy)
        if db["editors"].count == 0:
            click.echo("tracker: no editors yet; create one with: tracker editors add NAME", err=True)
    except TrackerError as exc:
        _fail(exc, ctx)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"tracker: warning: listening on {host}; the development server is not meant to face a "
                   "network (see the README for a production setup)", err=True)
    click.echo(f"Serving the editors' UI on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)


@cli.command("evaluate-scoring")
@click.argument("labelled", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="JSON only on stdout.")
@click.pass_obj
def evaluate_scoring(ctx: Context, labelled: str, as_json: bool) -> None:
    """Precision and recall of the topics in feeds.yaml on a labelled set (JSON Lines).

    \b
    Example:
        tracker evaluate-scoring tests/data/scoring/labelled.jsonl
    """
    from .evaluate import evaluate, load_labelled

    try:
        result = evaluate(ctx.config(), load_labelled(labelled))
    except TrackerError as exc:
        _fail(exc, ctx)
    if as_json:
        _echo_json(result)
        return
    click.echo(f"{result['items']} papers, {result['relevant']} relevant; threshold {result['threshold']:g}")
    click.echo(f"precision {result['precision']}  recall {result['recall']}  "
               f"({result['true_positives']} found, {result['false_positives']} false alarms, "
               f"{result['false_negatives']} missed)")
    for label, key in (("missed", "false_negative_items"), ("false alarm", "false_positive_items")):
        for item in result[key]:
            click.echo(f"  {label:<12} {item['score']:>5.1f}  {item['id'] or ''} {item['title'][:80]}")


@cli.command()
@click.option("--keep", type=click.Path(file_okay=False), help="Keep the demo database in this folder.")
@click.pass_obj
def demo(ctx: Context, keep: str | None) -> None:
    """Run the whole ingest offline against a local server serving example responses."""
    from .demo import run_demo

    try:
        sys.exit(run_demo(keep))
    except TrackerError as exc:
        _fail(exc, ctx)


# -- the newsletter: tracker subscribers ..., tracker digest send / resolve ------------------
# Defined in tracker/newsletter/commands.py, which imports this module's helpers on first use.
from .newsletter.commands import resolve as _newsletter_resolve  # noqa: E402
from .newsletter.commands import send as _newsletter_send  # noqa: E402
from .newsletter.commands import subscribers as _newsletter_subscribers  # noqa: E402

cli.add_command(_newsletter_subscribers)
digest.add_command(_newsletter_send)
digest.add_command(_newsletter_resolve)

from .decisions_cli import decisions as _decisions  # noqa: E402
cli.add_command(_decisions)

from .editors_cli import editors as _editors  # noqa: E402
cli.add_command(_editors)

from .lint_cli import lint as _digest_lint  # noqa: E402
from .ranking.commands import rank as _rank  # noqa: E402

cli.add_command(_rank)
digest.add_command(_digest_lint)


def main() -> None:
    cli(prog_name="tracker")
