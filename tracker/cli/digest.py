"""The weekly digest: tracker digest build, unpublish, check, override, label (send and resolve are the
newsletter's, lint is in lint.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import Context, echo_json, edition_option, editor_option, json_option, override_said, resolve_edition


@click.group()
def digest() -> None:
    """The weekly patient digest: build an edition, check it, override a check, label a study.

    \b
    Example:
        tracker digest check                  # exit 1 while something blocks the edition
        tracker digest build --out site/      # web page, e-mail, text, Markdown, Atom
    """


@digest.command("build")
@edition_option()
@click.option("--out", "out_dir", default="site", show_default=True, type=click.Path(file_okay=False),
              help="Folder to build into: OUT/<edition>/, OUT/articles/, and the site's index.html, feed.atom,"
                   " articles.atom, sitemap.xml and robots.txt.")
@click.pass_obj
def digest_build(ctx: Context, edition: str | None, out_dir: str) -> None:
    """Render an edition: index.html, email.html, digest.txt, digest.md; refresh the site's
    index.html and feed.atom. Writes are atomic; the same edition gives the same bytes.

    An edition with no approved papers is refused (exit 1) and nothing is written. Building
    does not stop at the checks (a preview must be possible), but says when flags block sending
    the edition: `tracker digest check` lists them.

    \b
    Example:
        tracker digest build --edition 2026-W48 --out site/
    """
    from ..digest import build, check_edition

    edition = resolve_edition(ctx, edition)
    result = build(ctx.db(), ctx.config(), edition, out_dir)
    # the papers the build used, checked as send would check them
    blocking = sum(1 for p in check_edition(ctx.db(), ctx.config(), result.edition).papers for f in p.flags if f.blocking)
    data = result.edition
    notices = f", {len(data.notices)} correction notice(s)" if data.notices else ""
    pages = sum(1 for f in result.files if f.name == "index.html" and f.parent.parent.name == "articles")
    click.echo(f"built {edition} into {result.folder}/: {len(data.featured)} featured, "
               f"{len(data.also)} also this week{notices}; {pages} article page(s) in "
               f"{Path(out_dir) / 'articles'}/; {Path(out_dir) / 'index.html'} and "
               f"{Path(out_dir) / 'feed.atom'} list {result.editions_listed} edition(s)"
               + (f"; taken down (no longer in {edition}): {', '.join(result.withdrawn)}" if result.withdrawn else ""),
               err=True)
    if blocking:
        click.echo(f"warning: {blocking} flag(s) block sending {edition} (the pages built show the summaries as"
                   f" they stand): see tracker digest check --edition {edition}", err=True)


@digest.command("unpublish")
@click.option("--edition", required=True, metavar="YYYY-Www", help="The edition to take off the site.")
@click.option("--out", "out_dir", default="site", show_default=True, type=click.Path(file_okay=False),
              help="The folder it was built into.")
@click.pass_obj
def digest_unpublish(ctx: Context, edition: str, out_dir: str) -> None:
    """Take an edition built earlier off the site: its article pages and OUT/<edition>/ go, and
    OUT's index.html, feed.atom, articles.atom and sitemap.xml are written again without them.

    For an edition published by mistake, or whose last approved paper was withdrawn (`digest
    build` refuses an edition with no approved paper, so it cannot take its own pages down).
    Building another edition does not bring it back; building it again, once it has approved
    papers, does, at the same addresses. The correction notices it carried go to the next
    edition built, unless it was e-mailed. Exit 1 if OUT holds no build of the edition.

    \b
    Example:
        tracker digest unpublish --edition 2026-W48 --out site/
    """
    from ..digest import unpublish

    edition = resolve_edition(ctx, edition)
    result = unpublish(ctx.db(), ctx.config(), edition, out_dir)
    click.echo(f"took {edition} down from {result.folder}/"
               + (f" and {len(result.withdrawn)} article page(s): {', '.join(result.withdrawn)}" if result.withdrawn else "")
               + f"; {Path(out_dir) / 'index.html'} and {Path(out_dir) / 'feed.atom'} list "
               f"{result.editions_listed} edition(s)"
               + (f"; its {result.notices} correction notice(s) go to the next edition built" if result.notices else "")
               + (f". It was e-mailed to {result.sent} subscriber(s): the links in those e-mails to its pages now "
                  "lead nowhere" if result.sent else "")
               + (f". It still has {result.approved} approved paper(s): building it again publishes it again"
                  if result.approved else ""), err=True)


@digest.command("check")
@edition_option()
@json_option
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
    from ..digest import check_edition

    named, edition = edition, resolve_edition(ctx, edition)
    report = check_edition(ctx.db(), ctx.config(), edition)
    if as_json:
        echo_json(report.as_dict())
    else:
        marks = {"ok": "ok  ", "blocks": "FLAG", "overridden": "over", "warning": "warn"}
        for paper in report.papers:
            kind = "featured" if paper.paper["featured"] else "also this week (no lay summary)"
            version = f" (summary version {paper.paper['summary_version']})" if paper.paper["featured"] else ""
            click.echo(f"#{paper.paper['id']} {paper.paper['headline'][:70]}  [{kind}; {paper.paper['label']['name']}]{version}")
            for flag in paper.flags:
                click.echo(f"  {marks[flag.state]} {flag.check:<14} {flag.message}")
                if (said := override_said(flag, "       ")) is not None:
                    click.echo(said)
        from ..editions import open_edition, sent_edition

        blocking = sum(1 for p in report.papers for f in p.flags if f.blocking)
        sent = sent_edition(ctx.db(), edition)
        state = f"{blocking} flag(s) block sending" if blocking else "ready to send"
        if sent is not None:  # not "ready to send": a later change reaches its pages, not the e-mails
            state = f"{sent.when}; " + (f"{blocking} flag(s) block it now" if blocking else "it passes the checks now")
        click.echo(f"{edition}: {state}")
        if report.unexplained and sent is None:
            click.echo(f"tracker: warning: {report.unexplained}", err=True)
        if sent is not None and not named:  # the current week went out: the editor likely means the next
            following = open_edition(ctx.db(), edition)[0]
            click.echo(f"  approvals go to {following} now: tracker digest check --edition {following}", err=True)
    sys.exit(1 if report.blocking else 0)


@digest.command("override")
@click.argument("paper_id", type=int)
@click.argument("check")
@click.option("--reason", metavar="TEXT", help="Why the flag can stand (required unless --withdraw).")
@click.option("--withdraw", is_flag=True, help="Withdraw an earlier override of this check.")
@click.option("--summary-version", "seen", type=click.IntRange(min=0), metavar="N",
              help="The summary version whose flags you read (digest check shows it): refused if the summary "
                   "changed since.")
@editor_option
@click.pass_obj
def digest_override(ctx: Context, paper_id: int, check: str, reason: str | None, withdraw: bool,
                    seen: int | None, editor: str | None) -> None:
    """Let a check's flag pass for a paper's current lay summary, recording why.

    CHECK is one of reading_grade, hype, causal_claim, safety, advice, key_takeaway, caveats,
    markup, headline. The override holds until the summary is edited; every override is kept in
    check_overrides. With --summary-version (digest check shows each summary's), an override or a
    withdrawal is refused if another editor changed the summary after the flags were read.

    \b
    Example:
        tracker digest override 42 hype --summary-version 3 --reason "'no cure' says there is none" --editor sam
    """
    from ..digest import set_override

    if withdraw == bool(reason):
        raise click.UsageError("give --reason TEXT, or --withdraw")
    row = set_override(ctx.db(), paper_id, check, None if withdraw else reason, editor or "",
                       config=ctx.config(), seen_version=seen)  # refuses a check that is not flagged
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
    from ..digest import STUDY_TYPES, set_label

    if study_type is None and not derived:
        for key, kind in STUDY_TYPES.items():
            click.echo(f"{key:<20} {kind.name}")
        return
    if derived and study_type:
        raise click.UsageError("give a TYPE or --derived, not both")
    if study_type is not None and study_type not in STUDY_TYPES:  # a usage error, as digest lint's --study-type
        raise click.UsageError(f"unknown study type {study_type!r}; one of: {', '.join(STUDY_TYPES)}")
    done = set_label(ctx.db(), paper_id, None if derived else study_type, editor or "", reason)
    shown = "the derived study type" if derived else STUDY_TYPES[study_type].name
    click.echo(f"paper {paper_id}: " + (f"already labelled {shown}; nothing recorded" if done.get("unchanged")
                                          else f"labelled {shown}"), err=True)


