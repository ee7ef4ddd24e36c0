"""The newsletter's commands: `tracker subscribers ...`, `tracker digest send` and `resolve`.

Registered in tracker/cli/__init__.py. Only click and base.py are imported at module level (a
listing must start fast); the rest on first use.
"""

from __future__ import annotations

import sys

import click

from .base import echo_json, edition_option, json_option, resolve_edition, stopped_by
from ..errors import ConfigError, TrackerError


# -- tracker subscribers ----------------------------------------------------------------------

@click.group()
def subscribers() -> None:
    """Newsletter subscribers: add, import, list, remove, export.

    \b
    Statuses: pending (waiting for the click in the confirmation e-mail), active, unsubscribed,
    bounced (refused by their mail system, edition after edition). Readers sign up themselves on
    the public page /subscribe of `tracker serve`.

    \b
    Example:
        tracker subscribers add sam@example.org          # sends a confirmation e-mail
        tracker subscribers list --status active --json
    """


@subscribers.command("add")
@click.argument("email")
@click.option("--name", metavar="NAME", help="A display name for the To: line.")
@click.option("--active", is_flag=True,
              help="Active at once, no confirmation e-mail (only for someone who asked you in person).")
@click.pass_obj
def subscribers_add(ctx, email: str, name: str | None, active: bool) -> None:
    """Add an address; without --active it is pending and gets a confirmation e-mail.

    \b
    Example:
        tracker subscribers add "jo@example.org" --name "Jo Müller" --active
    """
    from ..newsletter import subscribers as subs

    config = ctx.config()
    db = ctx.db(create=True)
    row, before = subs.add(db, email, name=name, active=active)
    note = ""
    if row["status"] != "active":
        via, relayed = _send_confirmation(ctx, config, row)
        note = (f"; confirmation e-mail sent ({via})" if relayed
                else f"; confirmation e-mail written to {via} only (TRACKER_SMTP_URL is not set: send it on yourself)")
    if before is not None and before["status"] != row["status"]:  # said, above all for someone who had left
        said = f"was {before['status']}, now {row['status']}"
    else:
        said = f"{'added' if before is None else 'already there'}, {row['status']}"
    click.echo(f"{row['email']}: {said}{note}", err=True)


def _send_confirmation(ctx, config, row: dict) -> tuple[str, bool]:
    """Send the confirmation e-mail; where it went, and whether through a relay (not the outbox)."""
    from ..newsletter.message import Identity, confirmation_message
    from ..newsletter.subscribers import smtp_address, start_confirmation
    from ..newsletter.transport import SMTPTransport, from_env

    identity = Identity.from_config(config)
    days = config.newsletter.confirm_days
    message = confirmation_message(identity, row, start_confirmation(ctx.db(), row["id"], days), days)
    transport = from_env(config, ctx.db_path)
    try:
        transport.send(message, identity.from_address, smtp_address(row["email"]))
    finally:
        transport.close()
    return str(transport), isinstance(transport, SMTPTransport)


@subscribers.command("import")
@click.argument("csv_file", metavar="CSV", type=click.File("r", encoding="utf-8-sig"))
@click.option("--active", is_flag=True,
              help="Import as active (people who already agreed elsewhere); default pending, with no e-mail.")
@click.pass_obj
def subscribers_import(ctx, csv_file, active: bool) -> None:
    """Add the addresses in a CSV file (an `email` column, optionally `name`; or one per line).

    Addresses already known are left exactly as they are: an import never brings back someone
    who unsubscribed. A `status` column (as `subscribers export` writes) is kept: who confirmed
    stays active, who unsubscribed or bounced is added as such and never mailed, who never
    confirmed stays pending; --active decides for rows without one. Pending imports get no
    e-mail; send them the sign-up page instead.

    \b
    Example:
        tracker subscribers import list.csv --active
    """
    from collections import Counter

    from ..newsletter.subscribers import import_csv

    report = import_csv(ctx.db(), csv_file, active=active)
    for line, value, why in report.invalid:
        click.echo(f"  line {line}: skipped: {why}", err=True)
    for line, address, what in report.notes:
        click.echo(f"  line {line}: {address}: {what}", err=True)
    # by status: an export's rows keep theirs (who left is added as having left, never mailed)
    statuses = Counter(row["status"] for row in report.added)  # in the order they first come
    added = (", ".join(f"{n} {status}" for status, n in statuses.items()) if len(statuses) > 1
             else next(iter(statuses), "active" if active else "pending"))
    click.echo(f"{len(report.added)} added ({added}), {len(report.existing)} already there (unchanged), "
               f"{len(report.invalid)} invalid", err=True)
    if "pending" in statuses:
        click.echo("tracker: note: pending addresses get no e-mail and no edition until they confirm: send them the "
                   "sign-up page (or import them again with --active, if they agreed elsewhere)", err=True)
    if report.invalid:
        sys.exit(1)


@subscribers.command("list")
@click.option("--status", type=click.Choice(["pending", "active", "unsubscribed", "bounced"]))
@json_option
@click.pass_obj
def subscribers_list(ctx, status: str | None, as_json: bool) -> None:
    """Subscribers, oldest first: e-mail, status, dates (never their tokens)."""
    from ..newsletter.subscribers import list_subscribers

    rows = list_subscribers(ctx.db(), status)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        when = row["confirmed"] or row["created"]
        click.echo(f"{row['status']:<13} {when:<21} {row['email']}" + (f"  ({row['name']})" if row["name"] else ""))
    if not rows:
        click.echo("no subscribers", err=True)


@subscribers.command("remove")
@click.argument("email")
@click.option("--forget", is_flag=True, help="Delete the address and its send log entirely (a request to be forgotten).")
@click.pass_obj
def subscribers_remove(ctx, email: str, forget: bool) -> None:
    """Unsubscribe an address (kept as unsubscribed, so no import re-adds it), or --forget it.

    \b
    Example (someone wrote to the List-Unsubscribe mailto):
        tracker subscribers remove jo@example.org
    """
    from ..newsletter.subscribers import remove

    row = remove(ctx.db(), email, forget=forget)
    click.echo(f"{row['email']}: {'forgotten' if forget else 'unsubscribed'}", err=True)


@subscribers.command("export")
@click.option("--status", type=click.Choice(["pending", "active", "unsubscribed", "bounced"]))
@click.pass_obj
def subscribers_export(ctx, status: str | None) -> None:
    """Every subscriber as CSV on stdout (email, name, status, dates; no tokens).

    \b
    Example:
        tracker subscribers export > subscribers.csv
    """
    from ..newsletter.subscribers import export_csv

    count = export_csv(ctx.db(), sys.stdout, status)
    click.echo(f"{count} subscriber(s)", err=True)


# -- tracker digest send / resolve --------------------------------------------------------------

@click.command("send")
@edition_option()
@click.option("--site", "site_dir", default="site", show_default=True, type=click.Path(file_okay=False),
              help="Where `tracker digest build --out` wrote the edition.")
@click.option("--dry-run", is_flag=True, help="Send nothing, write nothing: print who would get it.")
@click.option("--limit", type=click.IntRange(1), metavar="N", help="Send to at most N subscribers this run.")
@click.option("--uncertain", "show_uncertain", is_flag=True,
              help="Only list recipients whose message may or may not have gone out (all editions "
                   "unless --edition).")
@click.option("--json", "as_json", is_flag=True, help="With --dry-run or --uncertain: JSON only on stdout.")
@click.option("--early", is_flag=True, help="Send an edition whose week has not begun yet (refused without).")
@click.option("--outbox", "to_outbox", is_flag=True,
              help="Write the messages as .eml files to the outbox folder instead of a relay (each counts "
                   "as sent to its subscriber); needed when neither TRACKER_SMTP_URL nor newsletter.outbox is set.")
@click.pass_obj
def send(ctx, edition: str | None, site_dir: str, dry_run: bool, limit: int | None, show_uncertain: bool,
         as_json: bool, early: bool, to_outbox: bool) -> None:
    """E-mail a built edition to every active subscriber who has not had it yet.

    Each subscriber gets each edition once: a recipient is claimed in the database before the
    message goes out and marked sent once the server accepts it, so a rerun after a crash sends
    to everyone not yet sent and never again to anyone sent. A message that may or may not have
    gone out (the run was killed while the server answered) is never guessed about: `--uncertain`
    lists those, and `tracker digest resolve` settles each one.

    The relay is TRACKER_SMTP_URL (smtp://host:25, smtp+starttls://user:pass@host:587,
    smtps://user:pass@host:465). Without it, .eml files go to an outbox folder, and each counts as
    sent: only when feeds.yaml names the folder (newsletter.outbox) or --outbox is given, so that a
    run from a shell or a cron job that lacks the variable does not use up the edition. The edition
    must pass `tracker digest check`, and its week must have begun (--early sends one to come).
    Exit codes: 0 everyone sent; 1 some not sent, refused or uncertain (rerun later); 2 usage or
    config error; 75 another send is running; 130 stopped by Ctrl-C, 143 by SIGTERM (what was
    sent is recorded).

    \b
    Example:
        tracker digest build --edition 2026-W48 && tracker digest send --edition 2026-W48 --dry-run
        TRACKER_SMTP_URL='smtps://news%40example.org:secret@smtp.example.org:465' tracker digest send
    """
    if show_uncertain:
        if dry_run or limit:
            raise click.UsageError("--uncertain only lists; it takes no --dry-run or --limit")
        _list_uncertain(ctx, edition, as_json)
        return
    edition = resolve_edition(ctx, edition)
    if dry_run:
        refused = _refusal(ctx, edition, early, to_outbox)  # what the real send would refuse first
        try:
            rows, ready, via = _dry_run(ctx, edition, site_dir, limit, to_outbox)
        except TrackerError:  # not built, say: the refusal is worth knowing too
            if refused:
                click.echo(f"tracker: note: {refused}", err=True)
            raise
        if refused:
            ready = refused if ready is True else f"{refused}; and {ready}"
        if as_json:
            echo_json({"edition": edition, "recipients": [r["email"] for r in rows], "ready": ready,
                             "via": via})
        else:
            for row in rows:
                click.echo(row["email"])
            click.echo(f"{edition}: would send to {len(rows)} subscriber(s) via {via}"
                       + ("" if ready is True else f"; but {ready}"), err=True)
        sys.exit(0 if ready is True else 1)
    if as_json:
        raise click.UsageError("--json goes with --dry-run or --uncertain")
    if (refused := _refusal(ctx, edition, early, to_outbox)) is not None:
        raise ConfigError(refused)
    try:
        report, transport, before = _send(ctx, edition, site_dir, limit, to_outbox)
    except KeyboardInterrupt as stop:  # outside the sending loop (which reports for itself): checks, the lock
        how, code = stopped_by(stop)
        click.echo(("\n" if sys.stderr.isatty() else "")  # after the "^C" a terminal shows
                   + f"tracker: stopped by {how}; run the same command again to send {edition} (nobody gets it twice)",
                   err=True)
        sys.exit(code)
    _print_report(ctx, report, transport, before)
    sys.exit(stopped_by(report.interrupted)[1] if report.interrupted else 0 if report.ok else 1)


def _refusal(ctx, edition: str, early: bool, to_outbox: bool) -> str | None:
    """Why a real send would refuse before looking at the edition: a week to come without --early,
    and no relay named without --outbox, each said; None when neither."""
    from ..newsletter.transport import relay_named

    reasons = []
    if not early and (ahead := _not_begun(ctx, edition)):
        reasons.append(ahead)
    if not to_outbox and not relay_named(ctx.config()):
        reasons.append(f"no mail relay: TRACKER_SMTP_URL is not set in this environment, so the messages would "
                       f"only be written as .eml files to {_default_outbox(ctx)} and counted as sent, and "
                       f"subscribers would never get {edition}. Set TRACKER_SMTP_URL (smtp://host:25, "
                       "smtps://user:pass@host:465: see tracker digest send --help), or pass --outbox to write "
                       "the files on purpose")
    return "; and ".join(reasons) or None


def _not_begun(ctx, edition: str) -> str | None:
    """Why an edition may not go out yet: its week starts after the current one (feeds.yaml's
    timezone), the digest of a week to come; None when it may."""
    from ..editions import Week

    week, now = Week.parse(edition), Week.current(ctx.config().timezone)
    if week.monday <= now.monday:
        return None
    return (f"{edition} is a week to come (it starts on Monday {week.monday.isoformat()}; this week is {now}): "
            "subscribers would get it early, and the next one soon after; a send needs --early for it")


def _default_outbox(ctx) -> str:
    from ..newsletter.transport import from_env

    return f"{from_env(ctx.config(), ctx.db_path, outbox=True).folder}/"


def _dry_run(ctx, edition: str, site_dir: str, limit: int | None,
             to_outbox: bool) -> tuple[list[dict], bool | str, str]:
    """Who would get the edition, whether it is ready to send (True, or why not), and through
    what. Reads only: no connection, no file, no row."""
    from ..newsletter.errors import NewsletterError
    from ..newsletter.message import BuiltEdition, Identity
    from ..newsletter.send import check_ready, recipients
    from ..newsletter.transport import from_env

    config = ctx.config()
    db = ctx.db()
    built = BuiltEdition.load(site_dir, edition, config)
    Identity.from_config(config).link("")
    transport = from_env(config, ctx.db_path, outbox=to_outbox)
    rows = recipients(db, edition, limit)
    try:
        check_ready(db, config, edition, built)
        ready = True
    except NewsletterError as exc:
        ready = str(exc)
    return rows, ready, str(transport)


def _send(ctx, edition: str, site_dir: str, limit: int | None, to_outbox: bool = False):
    from ..newsletter.message import BuiltEdition
    from ..newsletter.send import EditionSender, check_ready, send_lock, uncertain
    from ..newsletter.transport import from_env

    config = ctx.config()
    built = BuiltEdition.load(site_dir, edition, config)
    transport = from_env(config, ctx.db_path, outbox=to_outbox)

    def show(message: str) -> None:
        click.echo(f"\r\033[K{edition}: {message}", nl=False, err=True)

    progress = show if sys.stderr.isatty() else None
    ctx.require_db()  # before the lock: a missing database leaves no lock file behind
    with send_lock(ctx.db_path):
        db = ctx.db()
        check_ready(db, config, edition, built)
        before = uncertain(db, edition)  # left by a run that crashed: skipped until resolved
        report = EditionSender(db, config, built, transport, progress=progress).run(limit)
    if progress:
        click.echo("\r\033[K", nl=False, err=True)
    return report, transport, before


def _print_report(ctx, report, transport, before: list[dict]) -> None:
    from ..newsletter.send import log_summary

    for email, why in report.rejected:
        click.echo(f"  refused: {email}: {why}", err=True)
    for email, why in report.failed:
        click.echo(f"  not sent (will retry on the next run): {email}: {why}", err=True)
    for email, why in report.uncertain:
        click.echo(f"  UNCERTAIN: {email}: {why}", err=True)
    for email in report.bounced:
        click.echo(f"  now marked bounced: {email}", err=True)
    totals = log_summary(ctx.db(), report.edition)
    click.echo(f"{report.edition}: this run {len(report.sent)} sent, {len(report.failed)} not sent, "
               f"{len(report.rejected)} refused, {len(report.uncertain)} uncertain via {transport}; "
               f"all runs: {totals['sent']} sent, {totals['claimed']} uncertain, "
               f"{totals['failed'] + totals['unsent']} to retry, {totals['rejected']} refused", err=True)
    if before or report.uncertain or (report.interrupted and totals["claimed"]):
        click.echo(f"  {totals['claimed']} recipient(s) may or may not have it: see tracker digest send "
                   f"--uncertain --edition {report.edition}", err=True)
    if report.aborted:
        click.echo(f"tracker: error: the run stopped early: {report.aborted}", err=True)


def _list_uncertain(ctx, edition: str | None, as_json: bool) -> None:
    from ..newsletter.send import sending_now, uncertain

    chosen = resolve_edition(ctx, edition) if edition else None
    rows, busy = uncertain(ctx.db(), chosen), sending_now(ctx.db_path)
    if busy:
        click.echo("tracker: warning: a send is running now; its current recipient is in flight, not uncertain",
                   err=True)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['edition']}  {row['email']}  claimed {row['claimed']}  attempts {row['attempts']}  "
                   f"Message-ID {row['message_id']}")
    where = f" for {chosen}" if chosen else ""
    if rows:
        editions = sorted({row["edition"] for row in rows})
        named = editions[0] if len(editions) == 1 else "EDITION"  # one edition: its name, ready to paste
        click.echo(f"{len(rows)} uncertain{where}: look each Message-ID up in the relay's log, then "
                   f"tracker digest resolve --edition {named} EMAIL --sent (or --unsent to send it again)", err=True)
    else:
        click.echo(f"nothing uncertain{where}", err=True)


@click.command("resolve")
@edition_option("The edition (default: the current ISO week).")
@click.argument("emails", metavar="EMAIL...", nargs=-1, required=True)
@click.option("--sent/--unsent", "delivered", default=None,
              help="--sent: it did go out (never send it again); --unsent: it did not (the next run sends it).")
@click.pass_obj
def resolve(ctx, edition: str | None, emails: tuple[str, ...], delivered: bool | None) -> None:
    """Settle recipients listed by `tracker digest send --uncertain`.

    \b
    Example:
        tracker digest resolve --edition 2026-W48 jo@example.org --sent
    """
    from ..newsletter.send import resolve as resolve_one
    from ..newsletter.send import send_lock

    if delivered is None:
        raise click.UsageError("say what happened: --sent or --unsent")

    chosen = resolve_edition(ctx, edition)
    ctx.require_db()
    with send_lock(ctx.db_path):
        settled = [resolve_one(ctx.db(), chosen, email, delivered) for email in emails]
    for done in settled:
        click.echo(f"{done['edition']} {done['email']}: {done['state']}", err=True)

