"""Editor accounts for the web UI: names, salted password hashes, the login check.

The commands are `tracker editors add|list|passwd|remove` (tracker/cli/editors.py); the web
login and how a session ends are in tracker/web/auth.py. werkzeug (its package import brings its
dev server and test client, ~0.08 s) is imported only by the functions that hash or check a
password: `tracker editors list` and `remove` need none of it.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from .errors import Refused
from .store import utcnow

if TYPE_CHECKING:
    import sqlite_utils

MIN_PASSWORD = 10


def add_editor(db: sqlite_utils.Database, name: str, password: str) -> None:
    from werkzeug.security import generate_password_hash

    name = (name or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9_.@-]{1,64}", name):
        raise Refused("editor names are 1-64 ASCII letters (a-z, A-Z), digits, '.', '_', '-' or '@'")
    _check_password(password)
    taken = db.execute("SELECT name FROM editors WHERE name = ? COLLATE NOCASE", [name]).fetchone()
    if taken:  # "sam" and "SAM" as two accounts would be two people to the history and one to a reader
        raise Refused(f"editor {name!r} already exists" + (f" (as {taken[0]!r})" if taken[0] != name else ""))
    # werkzeug's default is scrypt with a random salt.
    db["editors"].insert({"name": name, "password_hash": generate_password_hash(password), "created": utcnow()})


def find_editor(db: sqlite_utils.Database, name: str) -> str | None:
    """The account's own spelling for `name` ("SAM" and " sam " are sam's), or None: no such
    account. One lookup for the command line's --editor (recorded_name) and the web login:
    surrounding spaces dropped, case ignored as SQLite's NOCASE does (ASCII letters only, the
    letters a name can have, add_editor, which refuses a second name differing only in case).
    A database from before that refusal may hold two such accounts ("sam" and "Sam"): then the
    name as typed picks its own, and a third spelling of both is refused as ambiguous rather than
    acting on whichever SQLite meets first."""
    typed = (name or "").strip()
    rows = [r[0] for r in db.execute("SELECT name FROM editors WHERE name = ? COLLATE NOCASE ORDER BY name", [typed])]
    if len(rows) > 1:
        if typed in rows:
            return typed
        raise Refused(f"{typed!r} could be any of the editor accounts {', '.join(rows)}: give the name as spelt")
    return rows[0] if rows else None


def fold_name(name: str) -> str:
    """`name` stripped, its ASCII letters in lower case: what find_editor ignores, so two names
    it takes for one account fold alike (and "Nobody" and "NOBODY", accounts or not, too)."""
    return (name or "").strip().translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def recorded_name(db: sqlite_utils.Database, name: str) -> str:
    """The name a decision, summary, label or override by `name` is recorded under: its
    account's own spelling ("SAM" is sam's), or the name as given while the tracker has no
    editor account at all (run from the command line alone). A name with no account beside
    others is refused: the history is append-only, so a typo or a removed editor's name would
    stay in it for good, and on the article pages with digest.show_reviewer."""
    name = name.strip()
    account = find_editor(db, name)
    if account:
        return account
    names = [r[0] for r in db.execute("SELECT name FROM editors ORDER BY name")]
    if not names:
        return name
    raise Refused(f"{name!r} has no editor account (the editors: {', '.join(names)}); give one of those "
                  "with --editor or TRACKER_EDITOR, or add one first: tracker editors add NAME")


def list_editors(db: sqlite_utils.Database) -> list[dict]:
    """Every editor account, by name: name and created."""
    return [dict(row) for row in db.query("SELECT name, created FROM editors ORDER BY name")]


def set_password(db: sqlite_utils.Database, name: str, password: str) -> None:
    """A new password for an existing editor. Their web sessions end with it (web/auth.py: a
    session is bound to the password hash it was opened with)."""
    from werkzeug.security import generate_password_hash

    _check_password(password)
    password_hash = generate_password_hash(password)
    account = find_editor(db, name)  # as --editor and the web login find it: "passwd SAM" for Sam
    if account is None or not db.execute("UPDATE editors SET password_hash = ? WHERE name = ?",
                                          [password_hash, account]).rowcount:
        raise Refused(f"no editor named {name!r}")


def remove_editor(db: sqlite_utils.Database, name: str) -> str:
    """Delete an editor's account, which ends their web sessions; their decisions keep their name.
    Returns the account's own spelling (find_editor)."""
    account = find_editor(db, name)
    if account is None or not db.execute("DELETE FROM editors WHERE name = ?", [account]).rowcount:
        raise Refused(f"no editor named {name!r}")
    return account


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise Refused(f"passwords need at least {MIN_PASSWORD} characters")


def check_editor(db: sqlite_utils.Database, name: str, password: str) -> bool:
    from werkzeug.security import check_password_hash

    row = db.execute("SELECT password_hash FROM editors WHERE name = ?", [name or ""]).fetchone()
    if row is None:
        # Spend the same time as a real check, so a wrong name is not faster than a wrong password.
        check_password_hash(_dummy_hash(), password or "")
        return False
    return check_password_hash(row[0], password or "")


@functools.cache
def _dummy_hash() -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash("not-a-real-password")
