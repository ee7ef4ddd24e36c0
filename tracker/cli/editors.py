"""`tracker editors add|list|remove|passwd`: the web UI's editor accounts (the work is in
tracker/editors.py; how a session ends is in tracker/web/auth.py).

Registered in tracker/cli/__init__.py. Only click and base.py are imported at module level
(every command line starts by importing this); the rest on first use.
"""

from __future__ import annotations

import sys

import click

from .base import echo_json, json_option


password_stdin_option = click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")


def _read_password(password_stdin: bool) -> str:
    """From stdin's first line, or asked twice without echo (never an argument: it would show in ps)."""
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group()
def editors() -> None:
    """Editor accounts for the web UI.

    \b
    Example:
        tracker editors add sam          # asks for the password twice
        tracker editors list
        tracker editors passwd sam       # a new password; sam's sessions end
        tracker editors remove sam       # sam's sessions end at once
    """


@editors.command("add")
@click.argument("name")
@password_stdin_option
@click.pass_obj
def editors_add(ctx, name: str, password_stdin: bool) -> None:
    """Create an editor; prompts for the password (creates the database if there is none)."""
    from ..editors import add_editor

    password = _read_password(password_stdin)
    add_editor(ctx.db(create=True), name, password)
    click.echo(f"editor {name} added", err=True)


@editors.command("list")
@json_option
@click.pass_obj
def editors_list(ctx, as_json: bool) -> None:
    """Every editor account, by name, with when it was created."""
    from ..editors import list_editors

    rows = list_editors(ctx.db())
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no editors yet; create one with: tracker editors add NAME", err=True)
    for row in rows:
        click.echo(f"{row['name']:<24} created {row['created']}")


@editors.command("passwd")
@click.argument("name")
@password_stdin_option
@click.pass_obj
def editors_passwd(ctx, name: str, password_stdin: bool) -> None:
    """Give an editor a new password; their web sessions end (they log in again with it)."""
    from ..errors import TrackerError
    from ..editors import find_editor, set_password

    db = ctx.db()  # before the prompt: a wrong database or name is said at once
    account = find_editor(db, name)
    if account is None:
        raise TrackerError(f"no editor named {name!r}; tracker editors list shows them")
    set_password(db, account, _read_password(password_stdin))
    click.echo(f"editor {account}: password changed; their sessions have ended", err=True)


@editors.command("remove")
@click.argument("name")
@click.pass_obj
def editors_remove(ctx, name: str) -> None:
    """Delete an editor's account: their web sessions end at once, their decisions keep their name."""
    from ..editors import remove_editor

    account = remove_editor(ctx.db(), name)
    click.echo(f"editor {account} removed; their sessions have ended", err=True)
