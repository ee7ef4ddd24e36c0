"""The editors' web UI through Flask's test client, CSRF on: access rules, decisions, conflicts,
lay summaries, escaping of feed text, security headers, filters, search and paging."""

from __future__ import annotations

import json
import re
import stat

import pytest
import webdata
from bs4 import BeautifulSoup
from webdata import SAMPLE_ARGS, Editor, csrf_token, every_route

from tracker import review
from tracker.errors import ConfigError
from tracker.store import open_db
from tracker.web import create_app, create_app_from_env
from tracker.web import auth as web_auth
from tracker.web.highlight import highlight, snippet
from tracker.web.security import CONTENT_SECURITY_POLICY, load_secret_key

SECRET = "test-secret-key-" + "x" * 32


@pytest.fixture
def ids(web_db):
    """The named papers of conftest's web_db, built once for this module."""
    return web_db[1]


@pytest.fixture
def db_path(web_db_path):
    """The test's own copy of web_db."""
    return web_db_path


@pytest.fixture
def app(db_path):
    return create_app(db_path, webdata.config(), secret_key=SECRET, testing=True)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "lxml")


def paper_row(db_path, paper_id: int) -> dict:
    return next(open_db(db_path).query("SELECT * FROM papers WHERE id = ?", [paper_id]))


def post_routes(ids) -> list[str]:
    pid = ids["couples"]
    return ["/logout", f"/papers/{pid}/decide", f"/papers/{pid}/edition", f"/papers/{pid}/summary"]


# -- access --------------------------------------------------------------------------------------

def test_every_page_without_login_redirects_to_login(app, ids):
    client = app.test_client()
    for url in ["/", "/?status=all", f"/papers/{ids['couples']}", "/papers/999999", "/no/such/page"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login?next=")
    assert client.get("/login").status_code == 200
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/keys.js").status_code == 200


def test_every_post_without_login_answers_401_and_changes_nothing(app, ids, db_path):
    anonymous = Editor(app)  # holds a valid CSRF token, but no login
    for url in post_routes(ids):
        response = anonymous.post(url, {"action": "approve", "expected": 0, "edition": "2026-W48"})
        assert response.status_code == 401, url
        assert "Log in first" in response.text
    assert anonymous.post(f"/papers/{ids['couples']}/decide", {"action": "approve", "expected": 0},
                          json=True).get_json()["ok"] is False
    assert open_db(db_path)["decisions"].count == 0


def test_every_post_without_a_csrf_token_answers_400(app, ids, db_path):
    alice = Editor(app, "alice")
    for url in [*post_routes(ids), "/login"]:
        response = alice.client.post(url, data={"action": "approve", "expected": 0, "username": "alice",
                                                "password": webdata.PASSWORD})
        assert response.status_code == 400, url
        assert "security token" in response.text
        wrong = alice.client.post(url, data={"csrf_token": "forged", "action": "approve", "expected": 0})
        assert wrong.status_code == 400, url
    assert open_db(db_path)["decisions"].count == 0
    assert alice.get("/").status_code == 200  # still logged in: /logout without a token did nothing


def test_login_works_and_fails(app):
    editor = Editor(app)
    wrong = editor.login("alice", "not the password")
    assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
    assert editor.get("/").status_code == 302
    assert editor.login("nobody", webdata.PASSWORD).status_code == 401
    right = editor.login("alice", next="/?status=all")
    assert right.status_code == 302 and right.headers["Location"] == "/?status=all"
    page = editor.get("/")
    assert page.status_code == 200 and "alice" in page.text
    assert editor.post("/logout").status_code == 302
    assert editor.get("/").status_code == 302


def test_login_finds_the_account_whatever_the_case_of_the_name(app, db_path):
    """The web login matched the name case-sensitively (a new-user walkthrough): an account
    added as 'Sam' could not log in as 'SAM', while the command line took --editor SAM. It finds
    the account as --editor does; the session is the account's, in its own spelling."""
    from tracker.editors import add_editor

    add_editor(open_db(db_path), "Sam", webdata.PASSWORD)
    for typed in ("SAM", "sam", " sAm "):
        editor = Editor(app)
        response = editor.login(typed)
        assert response.status_code == 302, (typed, response.text)
        page = editor.get("/")
        assert page.status_code == 200
        assert soup(page).select_one(".who").get_text(strip=True) == "Sam", typed
        assert editor.post("/logout").status_code == 302 and editor.get("/").status_code == 302

    # A wrong password in another case fails as any wrong password, or an unknown name, does.
    wrong, unknown = Editor(app).login("SAM", "not the password"), Editor(app).login("SAMUEL", webdata.PASSWORD)
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert soup(response).select_one(".error").get_text(strip=True) == "Wrong name or password."
    assert 'value="SAM"' in wrong.text  # the form keeps the name as typed, not the account's spelling
    assert Editor(app).login("ALICE", "not the password").status_code == 401


def test_failures_in_any_case_count_toward_one_lockout(app, db_path, monkeypatch):
    """'SAM', 'sam' and 'Sam' are one account, so one count of failures: changing case between
    guesses dodges no limit. Unknown names' case variants share one count too, so the limit
    tells a name with an account from one without."""
    from tracker.editors import add_editor

    add_editor(open_db(db_path), "Sam", webdata.PASSWORD)
    # Exact names only: the login must hand the check the account's own spelling.
    monkeypatch.setattr(web_auth.editors, "check_editor",
                        lambda db, name, password: name in (*webdata.EDITORS, "Sam") and password == webdata.PASSWORD)
    cases = ["SAM", "sam", "Sam", "sAM", "saM", "SaM"]
    editor = Editor(app)
    for typed in cases[:web_auth.MAX_FAILURES_PER_USER]:
        assert editor.login(typed, "wrong password").status_code == 401, typed
    for typed in cases:
        blocked = editor.login(typed)  # even the right password, in any case, for now
        assert blocked.status_code == 429, typed
        assert f"Too many failed logins for &#39;{typed}&#39;" in blocked.text  # the name as typed
    assert editor.login("bob").status_code == 302  # another name from the same address is fine
    attempts = open_db(db_path).execute("SELECT DISTINCT username FROM login_attempts WHERE ok = 0").fetchall()
    assert [tuple(r) for r in attempts] == [("Sam",)]  # counted under the account's spelling

    other = Editor(app)
    other.client.environ_base["REMOTE_ADDR"] = "198.51.100.8"
    for n in range(web_auth.MAX_FAILURES_PER_USER):
        assert other.login(["Nobody", "NOBODY", "nobody"][n % 3], "wrong password").status_code == 401
    assert other.login("nObOdY").status_code == 429
    assert other.login("SAM").status_code == 302  # held at the other address only

    # The ceiling per name over many addresses, too (the first address's failures count there).
    for n in range(web_auth.MAX_FAILURES_PER_NAME - web_auth.MAX_FAILURES_PER_USER):
        guesser = Editor(app)
        guesser.client.environ_base["REMOTE_ADDR"] = f"192.0.{n}.9"
        assert guesser.login(cases[n % len(cases)], "wrong password").status_code == 401
    held = Editor(app)
    held.client.environ_base["REMOTE_ADDR"] = "192.0.250.9"
    response = held.login("sam")
    assert response.status_code == 429 and "from many addresses" in response.text


def test_login_never_redirects_off_site(app):
    for target in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]:
        response = Editor(app).login("alice", next=target)
        assert response.headers["Location"] == "/", target


def test_login_attempts_are_rate_limited_per_name_and_per_address(app, monkeypatch):
    clock = [1_800_000_000.0]
    monkeypatch.setattr(web_auth.time, "time", lambda: clock[0])
    # The real check costs a deliberate ~0.1 s of scrypt; this test makes dozens of attempts.
    monkeypatch.setattr(web_auth.editors, "check_editor",
                        lambda db, name, password: name in webdata.EDITORS and password == webdata.PASSWORD)
    editor = Editor(app)
    for _ in range(web_auth.MAX_FAILURES_PER_USER):
        assert editor.login("alice", "wrong password").status_code == 401
    blocked = editor.login("alice")  # even the right password, for now
    assert blocked.status_code == 429
    assert "Too many failed logins for &#39;alice&#39;" in blocked.text
    assert 0 < int(blocked.headers["Retry-After"]) <= web_auth.WINDOW
    assert editor.login("bob").status_code == 302  # another name from the same address is fine

    clock[0] += web_auth.WINDOW + 1
    assert Editor(app).login("alice").status_code == 302

    other = Editor(app)
    for n in range(web_auth.MAX_FAILURES_PER_ADDRESS):
        other.login(f"guess{n}", "wrong password")
    response = other.login("bob")
    assert response.status_code == 429 and "from your address" in response.text


def test_a_successful_login_starts_the_names_count_again(app, monkeypatch):
    """The per-name count of failures restarts at a successful login from that client (issue 15,
    item 9: with the reset gone, an editor who mistyped four times, logged in, logged out and
    mistyped once more within the window was locked out of their own account)."""
    monkeypatch.setattr(web_auth.editors, "check_editor",
                        lambda db, name, password: name in webdata.EDITORS and password == webdata.PASSWORD)
    editor = Editor(app)
    for _ in range(web_auth.MAX_FAILURES_PER_USER - 1):
        assert editor.login("alice", "wrong password").status_code == 401
    assert editor.login("alice").status_code == 302
    editor = Editor(app)  # logged out, same client
    for _ in range(web_auth.MAX_FAILURES_PER_USER - 1):
        assert editor.login("alice", "wrong password").status_code == 401  # not 429: the count began again
    assert editor.login("alice").status_code == 302


def test_a_post_over_https_needs_a_same_site_referer(app):
    """Flask-WTF's Referer check over HTTPS stays on (WTF_CSRF_SSL_STRICT): a valid token sent
    from another site's page, or with no Referer at all, is refused and logs nobody in."""
    https = {"base_url": "https://tracker.example"}
    for headers in ({"Referer": "https://evil.example/login"}, {"Referer": "http://tracker.example/login"}, {}):
        client = app.test_client()
        token = csrf_token(client.get("/login", **https).text)
        response = client.post("/login", headers=headers, **https,
                               data={"username": "alice", "password": webdata.PASSWORD, "csrf_token": token})
        assert response.status_code == 400, headers
        assert client.get("/", **https).status_code == 302, headers  # still not logged in
    client = app.test_client()
    token = csrf_token(client.get("/login", **https).text)
    response = client.post("/login", headers={"Referer": "https://tracker.example/login"}, **https,
                           data={"username": "alice", "password": webdata.PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_a_stranger_guessing_an_editors_password_locks_out_only_themselves(app, monkeypatch):
    """Failures of a name count per client (issue 11, item 9): a stranger's five wrong guesses
    once blocked the name for everyone, the editor included, for 15 minutes."""
    monkeypatch.setattr(web_auth.editors, "check_editor",
                        lambda db, name, password: name in webdata.EDITORS and password == webdata.PASSWORD)
    stranger = Editor(app)
    stranger.client.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    for _ in range(web_auth.MAX_FAILURES_PER_USER):
        assert stranger.login("alice", "wrong password").status_code == 401
    assert stranger.login("alice").status_code == 429
    alice = Editor(app)
    alice.client.environ_base["REMOTE_ADDR"] = "203.0.113.20"
    assert alice.login("alice").status_code == 302
    assert alice.get("/").status_code == 200

    # An IPv6 client is counted by its /64: a new address for each guess gets it nowhere.
    for n in range(web_auth.MAX_FAILURES_PER_USER):
        hopper = Editor(app)
        hopper.client.environ_base["REMOTE_ADDR"] = f"2001:db8:5:7::{n + 1:x}"
        assert hopper.login("bob", "wrong password").status_code == 401
    hopper = Editor(app)
    hopper.client.environ_base["REMOTE_ADDR"] = "2001:db8:5:7:ffff::1"
    assert hopper.login("bob").status_code == 429
    bob = Editor(app)
    bob.client.environ_base["REMOTE_ADDR"] = "2001:db8:5:8::1"  # the next /64 over: another client
    assert bob.login("bob").status_code == 302


def guess_from_many_addresses(app, name: str) -> None:
    """MAX_FAILURES_PER_NAME wrong passwords for `name`, never enough from one address to be held there."""
    guesses = 0
    for n in range(web_auth.MAX_FAILURES_PER_NAME // (web_auth.MAX_FAILURES_PER_USER - 1) + 1):
        guesser = Editor(app)
        guesser.client.environ_base["REMOTE_ADDR"] = f"198.51.{n}.9"
        for _ in range(web_auth.MAX_FAILURES_PER_USER - 1):
            if guesses < web_auth.MAX_FAILURES_PER_NAME:
                assert guesser.login(name, "wrong password").status_code == 401
                guesses += 1


def test_guesses_spread_over_many_addresses_meet_a_ceiling_per_name_that_spares_the_editors_own(app, monkeypatch):
    """A guesser changing address after every four guesses was never held: failures of a name
    counted per client only. The name now has a ceiling over all clients, which holds new clients
    and not the browsers or addresses its editor logged in from."""
    clock = [1_800_000_000.0]
    monkeypatch.setattr(web_auth.time, "time", lambda: clock[0])
    monkeypatch.setattr(web_auth.editors, "check_editor",
                        lambda db, name, password: name in webdata.EDITORS and password == webdata.PASSWORD)

    def client(address: str, editor: Editor | None = None) -> Editor:
        if editor:  # a browser used before: a fresh CSRF token (the clock moved on)
            editor.token = csrf_token(editor.client.get("/login").text)
        editor = editor or Editor(app)
        editor.client.environ_base["REMOTE_ADDR"] = address
        return editor

    laptop = client("203.0.113.20")
    assert laptop.login("alice").status_code == 302  # alice at her office, on her laptop
    assert laptop.post("/logout").status_code == 302
    clock[0] += 3 * 24 * 3600  # days later: her login is still remembered, the failures of a day are not
    guess_from_many_addresses(app, "alice")
    held = client("198.51.200.9").login("alice")  # a new client, even with the right password
    assert held.status_code == 429 and "from many addresses" in held.text
    assert "log in from a browser you used before" in held.text
    assert 0 < int(held.headers["Retry-After"]) <= web_auth.WINDOW
    assert client("198.51.201.9").login("bob").status_code == 302  # other names are not held
    office = client("203.0.113.20")  # another browser at her office address
    assert office.login("alice").status_code == 302 and office.get("/").status_code == 200
    travelling = client("192.0.2.77", laptop)  # her laptop on a train: a new address, a known browser
    assert travelling.login("alice").status_code == 302 and travelling.get("/").status_code == 200

    forged = client("192.0.2.78")
    value = laptop.client.get_cookie(web_auth.KNOWN_COOKIE, path="/login").value
    forged.client.set_cookie(web_auth.KNOWN_COOKIE, ("A" if value[0] != "A" else "B") + value[1:], path="/login")
    assert forged.login("alice").status_code == 429  # a cookie whose signature does not match counts for nothing
    bobs = client("192.0.2.79")
    assert bobs.login("bob").status_code == 302 and bobs.post("/logout").status_code == 302
    assert client("192.0.2.79", bobs).login("alice").status_code == 429  # bob's browser is not alice's

    clock[0] += web_auth.WINDOW + 1
    assert client("198.51.202.9").login("alice").status_code == 302  # the window passed


def test_a_known_browser_is_forgotten_after_a_new_password_or_90_days(app, db_path, monkeypatch):
    """A browser that once logged in (an intruder's, with a leaked password) stayed exempt from
    the ceiling after the password was changed; and every login re-signed every name's exemption."""
    from tracker.editors import set_password

    clock = [1_800_000_000.0]
    monkeypatch.setattr(web_auth.time, "time", lambda: clock[0])
    monkeypatch.setattr(web_auth.editors, "check_editor",
                        lambda db, name, password: name in webdata.EDITORS and password == webdata.PASSWORD)

    def from_(browser: Editor, address: str) -> Editor:
        browser.token = csrf_token(browser.client.get("/login").text)
        browser.client.environ_base["REMOTE_ADDR"] = address
        return browser

    intruder = from_(Editor(app), "192.0.2.10")
    assert intruder.login("alice").status_code == 302 and intruder.post("/logout").status_code == 302
    set_password(open_db(db_path), "alice", "a brand new passphrase")  # the editor hears of it
    guess_from_many_addresses(app, "alice")
    assert from_(intruder, "192.0.2.11").login("alice", "guess").status_code == 429  # no longer exempt

    shared = from_(Editor(app), "192.0.2.20")  # a browser both bob and alice log in from
    assert shared.login("bob").status_code == 302 and shared.post("/logout").status_code == 302
    clock[0] += web_auth.KEEP_LOGINS - 3600
    assert from_(shared, "192.0.2.20").login("alice").status_code == 302  # re-signs the cookie
    assert shared.post("/logout").status_code == 302
    clock[0] += 2 * 3600  # bob's login from it is now more than 90 days old
    for name in ("bob", "alice"):
        guess_from_many_addresses(app, name)
    assert from_(shared, "192.0.2.21").login("bob").status_code == 429
    assert from_(shared, "192.0.2.21").login("alice").status_code == 302  # hers is recent


def test_successful_logins_are_remembered_longer_than_failures(app, db_path, monkeypatch):
    """The ceiling per name spares the clients an editor logged in from, so those logins are kept
    for KEEP_LOGINS while failures go after KEEP_ATTEMPTS."""
    clock = [1_800_000_000.0]
    monkeypatch.setattr(web_auth.time, "time", lambda: clock[0])
    monkeypatch.setattr(web_auth.editors, "check_editor",
                        lambda db, name, password: name in webdata.EDITORS and password == webdata.PASSWORD)
    editor = Editor(app)
    assert editor.login("alice", "wrong password").status_code == 401
    assert editor.login("alice").status_code == 302

    def kept():
        return [tuple(r) for r in open_db(db_path).execute("SELECT username, ok FROM login_attempts ORDER BY at")]

    clock[0] += web_auth.KEEP_ATTEMPTS + 60
    assert Editor(app).login("bob").status_code == 302  # each attempt clears out what has expired
    assert kept() == [("alice", 1), ("bob", 1)]
    clock[0] += web_auth.KEEP_LOGINS + 1
    assert Editor(app).login("bob", "wrong password").status_code == 401
    assert kept() == [("bob", 0)]


def editors_cli(db_path, *args: str, password: str | None = None):
    from click.testing import CliRunner

    from tracker.cli import cli

    stdin = None if password is None else password + "\n"
    return CliRunner().invoke(cli, ["--db", str(db_path), "editors", *args], input=stdin, catch_exceptions=False)


def test_editors_are_listed_removed_and_given_a_new_password_and_their_sessions_end(app, db_path):
    """tracker editors list|remove|passwd (issue 11, item 9). Sessions are signed cookies the
    server does not keep: removing an editor, or a new password, must still end theirs, and a
    cookie of a removed editor must not come back to life when the name is added again."""
    listed = editors_cli(db_path, "list", "--json")
    assert [e["name"] for e in json.loads(listed.stdout)] == sorted(webdata.EDITORS)
    assert "alice" in editors_cli(db_path, "list").stdout

    alice, bob = Editor(app, "alice"), Editor(app, "bob")
    old_cookie = alice.client.get_cookie("tracker_session").value
    assert alice.get("/").status_code == 200
    removed = editors_cli(db_path, "remove", "alice")
    assert removed.exit_code == 0 and "removed" in removed.stderr
    assert alice.get("/").status_code == 302  # to the login page: the session has ended
    assert Editor(app).login("alice").status_code == 401
    assert "alice" not in editors_cli(db_path, "list").stdout
    assert editors_cli(db_path, "remove", "alice").exit_code == 1  # no such editor any more

    # Added again (same name, even the same password), the old cookie stays dead.
    assert editors_cli(db_path, "add", "alice", "--password-stdin", password=webdata.PASSWORD).exit_code == 0
    revived = app.test_client()
    revived.set_cookie("tracker_session", old_cookie)
    assert revived.get("/").status_code == 302

    assert bob.get("/").status_code == 200
    new_password = "a brand new passphrase"
    changed = editors_cli(db_path, "passwd", "bob", "--password-stdin", password=new_password)
    assert changed.exit_code == 0, changed.output
    assert bob.get("/").status_code == 302  # a new password ends the old sessions
    assert Editor(app).login("bob").status_code == 401  # the old password no longer works
    assert Editor(app).login("bob", new_password).status_code == 302
    assert editors_cli(db_path, "passwd", "bob", "--password-stdin", password="short").exit_code == 1
    assert editors_cli(db_path, "passwd", "nobody", "--password-stdin", password=new_password).exit_code == 1
    assert Editor(app).login("bob", new_password).status_code == 302  # the refused change changed nothing
    # the account is found as --editor and the login find it, whatever the case of the name typed
    assert editors_cli(db_path, "passwd", "BOB", "--password-stdin", password="another new passphrase").exit_code == 0
    assert Editor(app).login("bob", "another new passphrase").status_code == 302
    assert editors_cli(db_path, "remove", "Bob").exit_code == 0
    assert "bob" not in editors_cli(db_path, "list").stdout


def test_unknown_paper_is_404_and_bad_forms_are_400(app, ids):
    alice = Editor(app, "alice")
    missing = alice.get("/papers/999999")
    assert missing.status_code == 404 and "There is no paper 999999" in missing.get_data(as_text=True)
    week = alice.get("/editions/2026-W60")
    assert week.status_code == 404 and "2026-W60 is not a week of 2026" in week.get_data(as_text=True)
    assert alice.post("/papers/999999/decide", {"action": "hold", "expected": 0}).status_code == 404
    assert alice.post(f"/papers/{ids['couples']}/decide", {"action": "publish", "expected": 0}).status_code == 400
    # Without `expected` the stale-page check could not run: refused.
    assert alice.post(f"/papers/{ids['couples']}/decide", {"action": "hold"}).status_code == 400


# -- decisions -----------------------------------------------------------------------------------

def test_decisions_from_the_web_keep_a_history_with_the_logged_in_editor(app, ids, db_path, monkeypatch):
    edition = str(webdata.freeze_week(monkeypatch))
    alice = Editor(app, "alice")
    pid = ids["couples"]
    response = alice.decide(pid, "approve", json=True)
    assert response.status_code == 200
    data = response.get_json()
    assert edition == "2026-W48" and data["ok"] and data["status"] == "approved" and data["edition"] == edition
    assert paper_row(db_path, pid)["last_decision"] == data["last_decision"]

    refused = alice.decide(pid, "reject")
    assert refused.status_code == 400 and "needs a reason" in refused.text
    rejected = alice.decide(pid, "reject", reason="framework paper, not a trial", next="/?status=all")
    assert rejected.status_code == 302 and rejected.headers["Location"] == "/?status=all"
    assert alice.decide(pid, "hold").status_code == 302
    assert alice.decide(pid, "reopen").status_code == 302

    history = review.history(open_db(db_path), pid)
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("candidate", "approved"), ("approved", "rejected"), ("rejected", "held"), ("held", "candidate")]
    assert {h["editor"] for h in history} == {"alice"}
    assert history[1]["reason"] == "framework paper, not a trial"
    page = alice.get(f"/papers/{pid}").text
    assert "framework paper, not a trial" in page and page.count("<td>alice</td>") == 4


def test_approval_takes_the_chosen_edition_and_can_move(app, ids, db_path):
    alice = Editor(app, "alice")
    pid = ids["ketamine"]
    alice.decide(pid, "approve", edition="2026-W50")
    assert paper_row(db_path, pid)["edition"] == "2026-W50"
    page = soup(alice.get(f"/papers/{pid}"))
    move = page.find("form", class_="move")
    expected = move.find("input", attrs={"name": "expected"})["value"]
    assert alice.post(f"/papers/{pid}/edition", {"edition": "2026-W51", "expected": expected}).status_code == 302
    assert paper_row(db_path, pid)["edition"] == "2026-W51"
    bad = alice.post(f"/papers/{pid}/edition", {"edition": "next week",
                                                 "expected": paper_row(db_path, pid)["last_decision"]})
    assert bad.status_code == 400 and "2026-W48" in bad.text
    # A stale move is refused like a stale decision.
    assert alice.post(f"/papers/{pid}/edition", {"edition": "2026-W52", "expected": expected}).status_code == 409
    assert paper_row(db_path, pid)["edition"] == "2026-W51"
    # Move pressed with the edition it is in: it said "moved" and added a row to the history
    rows = len(review.history(open_db(db_path), pid))
    assert review.history(open_db(db_path), pid)[-1]["note"] == "moved to 2026-W51"
    same = alice.post(f"/papers/{pid}/edition", {"edition": "2026-W51",
                                                  "expected": paper_row(db_path, pid)["last_decision"]})
    assert same.status_code == 302 and "already in edition 2026-W51; nothing recorded" in alice.get(f"/papers/{pid}").text
    assert len(review.history(open_db(db_path), pid)) == rows


def test_a_decision_on_a_stale_page_is_refused_with_the_newer_decision(app, ids, db_path):
    alice, bob = Editor(app, "alice"), Editor(app, "bob")
    pid = ids["family"]
    seen = soup(alice.get(f"/papers/{pid}")).find("input", attrs={"name": "expected"})["value"]
    assert bob.decide(pid, "approve", expected=int(seen)).status_code == 302

    stale = alice.decide(pid, "reject", expected=int(seen), reason="off topic")
    assert stale.status_code == 409
    text = soup(stale).get_text(" ")
    assert "bob" in text and "candidate → approved" in text and "was not recorded" in text
    as_json = alice.decide(pid, "hold", expected=int(seen), json=True)
    assert as_json.status_code == 409 and as_json.get_json()["newer"]["editor"] == "bob"

    row = paper_row(db_path, pid)
    assert row["status"] == "approved"
    history = review.history(open_db(db_path), pid)
    assert [(h["editor"], h["to_status"]) for h in history] == [("bob", "approved")]


# -- lay summaries -------------------------------------------------------------------------------

SUMMARY = {
    "headline": "Couples therapy with psilocybin: an early test",
    "dek": "A small pilot; promising, not proven.",
    "summary": "Twenty couples took part.",
    "key_takeaway": "Too early to change care.",
    "what_it_means": "Ask your clinician before trying anything.",
    "caveats": "Pilot, small sample, no control group.",
}


def test_saving_a_lay_summary_keeps_every_version(app, ids, db_path):
    alice, bob = Editor(app, "alice"), Editor(app, "bob")
    pid = ids["couples"]
    first = alice.post(f"/papers/{pid}/summary", {**SUMMARY, "base_version": 0})
    assert first.status_code == 302
    assert "Saved version 1" in alice.get(f"/papers/{pid}").text
    second = bob.post(f"/papers/{pid}/summary", {**SUMMARY, "dek": "A small pilot.", "base_version": 1})
    assert second.status_code == 302
    same = bob.post(f"/papers/{pid}/summary", {**SUMMARY, "dek": "A small pilot.", "base_version": 2})
    assert same.status_code == 302 and "nothing saved" in bob.get(f"/papers/{pid}").text

    # every field emptied: nothing is saved, and the page says why (it said "unchanged")
    blank = bob.post(f"/papers/{pid}/summary", {**{k: "" for k in SUMMARY}, "base_version": 2})
    assert blank.status_code == 302 and "A lay summary cannot be emptied; nothing saved." in bob.get(f"/papers/{pid}").text

    versions = review.summary_versions(open_db(db_path), pid)
    assert [(v["version"], v["editor"], v["dek"]) for v in versions] == [
        (1, "alice", SUMMARY["dek"]), (2, "bob", "A small pilot.")]
    page = soup(alice.get(f"/papers/{pid}"))
    assert page.find("input", attrs={"name": "dek"})["value"] == "A small pilot."
    assert page.find("input", attrs={"name": "base_version"})["value"] == "2"


def test_a_summary_sent_back_unchanged_by_a_browser_is_no_new_version(app, ids, db_path):
    """Browsers send a textarea's line breaks as CRLF: saving the form unchanged stored a new
    version (taking back the checks' overrides of the last one), and the text kept "\r\n"."""
    alice = Editor(app, "alice")
    pid = ids["couples"]
    typed = {**SUMMARY, "summary": "Twenty couples took part.\nEach came to three sessions."}
    db = open_db(db_path)
    review.save_summary(db, pid, typed, "alice", base_version=0)  # as tracker edit or approve --summary store it
    as_sent = {**typed, "summary": typed["summary"].replace("\n", "\r\n"), "base_version": 1}
    again = alice.post(f"/papers/{pid}/summary", as_sent)
    assert again.status_code == 302 and "nothing saved" in alice.get(f"/papers/{pid}").text
    assert [v["version"] for v in review.summary_versions(db, pid)] == [1]
    # a change made in the browser is stored with the line breaks the rest of the tool writes
    changed = alice.post(f"/papers/{pid}/summary", {**as_sent, "caveats": "Pilot.\r\nNo control group.\rSmall."})
    assert changed.status_code == 302
    latest = review.lay_summary(db, pid)
    assert latest["version"] == 2 and latest["summary"] == typed["summary"]
    assert latest["caveats"] == "Pilot.\nNo control group.\nSmall."

    # a version an older release stored with the browser's CRLF: the same text to a save, and
    # tracker edit writes it as a block, not as one escaped line
    db["lay_summaries"].insert({**{k: latest[k] for k in review.lay.NAMES}, "paper_id": pid, "version": 3,
                                "caveats": "Pilot.\r\nNo control group.", "editor": "alice", "at": latest["at"]})
    resent = alice.post(f"/papers/{pid}/summary", {**as_sent, "caveats": "Pilot.\r\nNo control group.",
                                                   "base_version": 3})
    assert resent.status_code == 302 and "nothing saved" in alice.get(f"/papers/{pid}").text
    template = review.summary_template(review.lay_summary(db, pid))
    assert "caveats: |\n  Pilot.\n  No control group.\n" in template and "\\r" not in template


def test_a_summary_saved_over_a_newer_version_is_refused_and_the_text_kept(app, ids, db_path):
    alice = Editor(app, "alice")
    pid = ids["couples"]
    alice.post(f"/papers/{pid}/summary", {**SUMMARY, "base_version": 0})
    stale = alice.post(f"/papers/{pid}/summary", {**SUMMARY, "headline": "My rewrite", "base_version": 0})
    assert stale.status_code == 409
    page = soup(stale)
    assert page.find("input", attrs={"name": "headline"})["value"] == "My rewrite"
    assert "not" in page.find(class_="error").get_text()
    assert len(review.summary_versions(open_db(db_path), pid)) == 1


# -- escaping and links --------------------------------------------------------------------------

def assert_inert(page: BeautifulSoup) -> None:
    scripts = page.find_all("script")
    assert [s.get("src") for s in scripts] == ["/static/keys.js"]
    assert all(not s.string for s in scripts)
    for tag in page.find_all(True):
        handlers = [a for a in tag.attrs if a.lower().startswith("on")]
        assert not handlers, (tag.name, handlers)
        assert not tag.get("style"), tag.name
    assert not page.find_all("img")
    for link in page.find_all(href=True):
        href = link["href"]
        local = href.startswith(("/", "#")) and not href.startswith("//")
        assert local or re.match(r"^https?://", href), href


def test_feed_markup_is_shown_as_text_and_javascript_links_are_never_links(app, ids):
    alice = Editor(app, "alice")
    pid = ids["hostile"]
    for url in ["/?source=frontiers-psychiatry", f"/papers/{pid}", "/?q=alert+script"]:
        response = alice.get(url)
        assert response.status_code == 200
        page = soup(response)
        assert_inert(page)
        assert "<script>alert(1)</script>" in page.get_text()  # shown, as text
    paper = alice.get(f"/papers/{pid}").text
    assert "javascript:" not in "".join(a["href"] for a in soup(alice.get(f"/papers/{pid}")).find_all(href=True))
    assert "not an http(s) link" in paper


def test_paper_page_shows_metadata_sections_and_links(app, ids):
    alice = Editor(app, "alice")
    page = soup(alice.get(f"/papers/{ids['couples']}"))
    hrefs = {a["href"] for a in page.find_all("a", href=True)}
    assert "https://doi.org/10.5555/web.couples" in hrefs
    assert "https://www.frontiersin.org/articles/10.5555/web.couples" in hrefs
    labels = [s.get_text() for s in page.select(".abstract .label")]
    assert labels == ["Background.", "Results."]
    assert [m.get_text() for m in page.select("h1 mark")] == ["Psilocybin", "couple therapy", "relationship distress"]
    text = page.get_text(" ")
    assert "Frontiers in Psychiatry" in text and "Ada Example, Ben Invented" in text
    assert "Original Research" in text and "frontiers-psychiatry" in text
    pubmed = soup(alice.get(f"/papers/{ids['ketamine']}"))
    assert "https://pubmed.ncbi.nlm.nih.gov/99100001/" in {a["href"] for a in pubmed.find_all("a", href=True)}


def test_highlight_escapes_first_and_marks_only_matched_terms():
    marked = highlight("<b>LSD</b> and lsd; couple-therapy, therapists", ["LSD", "couple therapy", "therap*"])
    assert str(marked) == ("&lt;b&gt;<mark>LSD</mark>&lt;/b&gt; and lsd; <mark>couple-therapy</mark>, "
                           "<mark>therapists</mark>")
    assert str(highlight("<script>", [])) == "&lt;script&gt;"
    long = "word " * 200 + "psilocybin " + "word " * 200
    cut = str(snippet(long, ["psilocybin"]))
    assert "<mark>psilocybin</mark>" in cut and cut.startswith("… ") and len(cut) < 420


# -- headers and cookies -------------------------------------------------------------------------

def test_security_headers_on_every_page(app):
    client = app.test_client()
    for response in [client.get("/login"), client.get("/"), client.get("/static/app.css")]:
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
    assert client.get("/login").headers["Cache-Control"] == "no-store"


def test_no_inline_script_or_style_in_any_template():
    from tracker.config import templates_dir

    for path in (templates_dir() / "web").glob("*.html"):
        page = BeautifulSoup(path.read_text(), "lxml")
        assert all(s.get("src") for s in page.find_all("script")), path.name
        assert not page.find_all("style") and not page.find_all(style=True), path.name


def test_session_cookie_is_httponly_lax_and_secure_over_https(app, db_path):
    editor = Editor(app)
    response = editor.login("alice")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie

    https = app.test_client()
    page = https.get("/login", base_url="https://tracker.example")
    response = https.post("/login", base_url="https://tracker.example",
                          headers={"Referer": "https://tracker.example/login"},
                          data={"username": "alice", "password": webdata.PASSWORD, "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"]

    proxied = create_app(db_path, webdata.config(), secret_key=SECRET, testing=True, behind_proxy=True).test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tracker.example", "X-Forwarded-For": "203.0.113.9"}
    page = proxied.get("/login", headers=forwarded)
    response = proxied.post("/login", headers={**forwarded, "Referer": "https://tracker.example/login"},
                            data={"username": "alice", "password": webdata.PASSWORD, "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]
    attempts = list(open_db(db_path).query("SELECT address FROM login_attempts WHERE ok = 1"))
    assert attempts[-1]["address"] == "203.0.113.9"


def test_secret_key_comes_from_the_environment_or_a_private_file(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    db = tmp_path / "db" / "tracker.db"
    key = load_secret_key(db)
    path = tmp_path / "db" / "secret_key"
    assert len(key) >= 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret_key(db) == key  # kept across restarts
    monkeypatch.setenv("TRACKER_SECRET_KEY", "k" * 40)
    assert load_secret_key(db) == "k" * 40
    monkeypatch.setenv("TRACKER_SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="at least 32"):
        load_secret_key(db)


def test_create_app_from_env_reads_the_database_and_config_from_the_environment(db_path, monkeypatch, caplog):
    from tracker.config import default_config_path

    monkeypatch.setenv("TRACKER_DB", str(db_path))
    monkeypatch.setenv("TRACKER_CONFIG", str(default_config_path()))
    monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    monkeypatch.delenv("TRACKER_SMTP_URL", raising=False)
    with caplog.at_level("WARNING"):
        app = create_app_from_env()
    assert app.extensions["tracker"].db_path == str(db_path)
    # the WSGI server's log says that sign-ups would get no confirmation e-mail
    assert any("TRACKER_SMTP_URL is not set: confirmation e-mails of sign-ups are only written to" in r.getMessage()
               for r in caplog.records)
    assert (db_path.parent / "secret_key").exists()
    assert app.test_client().get("/login").status_code == 200

    # A WSGI server started in the wrong folder, or with a wrong TRACKER_DB, serves no new database.
    missing = db_path.parent / "elsewhere" / "tracker.db"
    monkeypatch.setenv("TRACKER_DB", str(missing))
    with pytest.raises(ConfigError, match=f"no database at {missing}; set TRACKER_DB"):
        create_app_from_env()
    assert not missing.parent.exists()
    # Nor an empty file there (a path touched by a deploy script): open_db would make it a new,
    # empty database, as `tracker papers --db empty.db` did before the command line refused it.
    empty = db_path.parent / "empty.db"
    empty.touch()
    monkeypatch.setenv("TRACKER_DB", str(empty))
    with pytest.raises(ConfigError, match=f"{empty} is an empty file, not a tracker database; set TRACKER_DB"):
        create_app_from_env()
    assert empty.stat().st_size == 0


# -- the queue -----------------------------------------------------------------------------------

def queue_ids(response) -> list[int]:
    return [int(li["id"][2:]) for li in soup(response).select("li[data-row]")]


def test_queue_ranks_candidates_by_score_with_why_they_are_there(app, ids):
    alice = Editor(app, "alice")
    response = alice.get("/")
    rows = soup(response).select("li[data-row]")
    assert len(rows) == 50
    first = rows[0]
    assert int(first["id"][2:]) == ids["couples"]
    assert [m.get_text() for m in first.select(".title mark")] == ["Psilocybin", "couple therapy", "relationship distress"]
    assert first.select(".snippet mark")
    meta = first.select_one(".meta").get_text(" ")
    assert "Frontiers in Psychiatry" in meta and "2026-11-14" in meta and "Original Research" in meta
    assert "frontiers-psychiatry" in meta
    # Both topics: twice the sum, plus the most one topic can score (10), above any single-topic paper.
    assert first.select_one(".score").get_text() == "38.0"
    assert ids["sedation"] not in queue_ids(response)  # below threshold: not a candidate


def test_the_queue_names_sources_that_keep_failing(app, db_path):
    """A journal whose feed failed for days left no trace in the queue: editors saw fewer papers
    and no reason; only tracker status --check, for the operator, said so."""
    alice = Editor(app, "alice")
    assert not soup(alice.get("/")).select(".sources-down")
    open_db(db_path)["source_state"].upsert({"source": "frontiers-psychiatry", "failures_in_row": 3,
                                             "last_error": "HTTP 503 from frontiersin.org/journals/psychiatry/rss"},
                                            pk="source")
    warning = soup(alice.get("/")).select_one(".sources-down").get_text(" ", strip=True)
    assert "frontiers-psychiatry: failed 3 runs in a row: HTTP 503" in warning and "missing" in warning


def test_queue_filters_by_status_topic_source_and_date(app, ids):
    alice = Editor(app, "alice")
    assert ids["sedation"] in queue_ids(alice.get("/?status=below_threshold"))
    relational = queue_ids(alice.get("/?topic=relational"))
    assert sorted(relational) == sorted([ids["couples"], ids["family"]])
    frontiers = queue_ids(alice.get("/?source=frontiers-psychiatry"))
    assert sorted(frontiers) == sorted([ids["couples"], ids["hostile"]])
    november = queue_ids(alice.get("/?since=2026-11-01&until=2026-11-02"))
    assert sorted(november) == sorted([ids["ketamine"], ids["family"]])
    assert queue_ids(alice.get("/?since=2026-11-03&source=pubmed")) == []
    odd = alice.get("/?topic=astrology&since=yesterday")
    assert odd.status_code == 200 and "Unknown topic" in odd.text and "must be a date" in odd.text
    alice.decide(ids["ketamine"], "approve")
    assert queue_ids(alice.get("/?status=approved")) == [ids["ketamine"]]
    assert ids["ketamine"] not in queue_ids(alice.get("/"))


def test_queue_full_text_search(app, ids):
    alice = Editor(app, "alice")
    assert queue_ids(alice.get("/?q=ketamine")) == [ids["ketamine"]]
    assert queue_ids(alice.get("/?q=ketamine&status=all")) == [ids["ketamine"], ids["sedation"]]
    assert queue_ids(alice.get("/?q=couple+thera")) == [ids["couples"]]  # prefix on the last word
    found = soup(alice.get("/?q=relationship"))
    assert found.select_one("#q")["value"] == "relationship"
    assert queue_ids(alice.get('/?q="%29(*')) == []  # punctuation only: no match, no error
    # an accent pasted as its own character (decomposed text) keeps its word whole
    assert queue_ids(alice.get("/?q=ke%CC%81tamine")) == [ids["ketamine"]]


def test_queue_pages_by_keyset_without_gaps_or_repeats(app):
    alice = Editor(app, "alice")
    first = alice.get("/")
    page1 = queue_ids(first)
    next_link = soup(first).select_one("#next-page")["href"]
    assert "after=" in next_link and not soup(first).select_one("#prev-page")
    second = alice.get(next_link)
    page2 = queue_ids(second)
    assert len(page1) == 50 and len(page2) == 14
    assert not set(page1) & set(page2)
    assert not soup(second).select_one("#next-page")
    back = alice.get(soup(second).select_one("#prev-page")["href"])
    assert queue_ids(back) == page1
    everything = queue_ids(alice.get("/?status=candidate&after=999:0"))
    assert everything == page1  # nothing scores 999: the cursor just starts at the top
    assert queue_ids(alice.get("/?after=garbage")) == page1


def test_serve_binds_to_localhost_by_default(tmp_path, monkeypatch):
    import werkzeug.serving
    from click.testing import CliRunner

    from tracker.cli import cli
    from tracker.config import default_config_path

    calls = []
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda *args, **kw: calls.append((args, kw)))
    monkeypatch.setenv("TRACKER_SECRET_KEY", SECRET)
    db = str(tmp_path / "tracker.db")
    result = CliRunner().invoke(cli, ["--config", str(default_config_path()), "--db", db, "serve"])
    assert result.exit_code == 2 and f"no database at {db}" in result.stderr and not calls  # nothing to serve
    open_db(db)  # a database, still without editors
    result = CliRunner().invoke(cli, ["--config", str(default_config_path()), "--db", db, "serve"])
    assert result.exit_code == 0, result.output
    (host, port, app), options = calls[0]
    assert (host, port) == ("127.0.0.1", 8000) and options["threaded"] and not options["use_debugger"]
    assert "tracker editors add NAME" in result.stderr
    assert app.extensions["tracker"].db_path == db


def test_paper_topics_follow_the_papers_through_insert_rescore_and_delete(db_path, ids):
    """The queue's topic filter reads paper_topics (migration m003), kept in step by triggers."""
    from tracker.config import parse_config
    from tracker.rescore import rescore_all

    db = open_db(db_path)

    def papers_with(topic: str) -> set[int]:
        return {r[0] for r in db.execute("SELECT paper_id FROM paper_topics WHERE topic = ?", [topic])}

    assert papers_with("relational") == {ids["couples"], ids["family"]}
    data = webdata.config().model_dump()
    data["topics"] = [t for t in data["topics"] if t["name"] != "relational"]
    data["scoring"]["intersection"] = []
    rescore_all(db, parse_config(data))
    assert papers_with("relational") == set()
    assert ids["couples"] in papers_with("psychedelic")

    db.execute("INSERT INTO papers (id, title, topics, first_seen, updated_at) VALUES (9999, 'x', ?, '', '')",
               ['{"relational": ["couples"]}'])
    assert papers_with("relational") == {9999}
    db.execute("DELETE FROM papers WHERE id = 9999")
    assert papers_with("relational") == set()


# -- route inventory: a new route cannot slip in unprotected ------------------------------------

# The readers' pages (tracker/web/public.py) need no login; each is checked by its own rule:
#   open       anyone may GET it
#   csrf       anyone may POST, with the form's CSRF token only
#   one-click  RFC 8058 unsubscribe: mail providers POST with no cookie and no token
PUBLIC_ROUTES = {
    ("GET", "public.subscribe_form"): "open",
    ("POST", "public.subscribe"): "csrf",
    ("GET", "public.confirm_page"): "open",  # asks only: subscribes no one
    ("POST", "public.confirm"): "csrf",
    ("GET", "public.unsubscribe_page"): "open",
    ("POST", "public.unsubscribe"): "one-click",
}


def test_route_inventory_every_route_needs_a_login_and_every_post_a_csrf_token(app, ids, db_path):
    routes = list(every_route(app, ids))
    assert {m for m, _, _ in routes} <= {"GET", "POST"}, "a new method needs its own protection test"
    open_db(db_path).execute("INSERT INTO subscribers (email, status, token, source, created) VALUES "
                             "('reader@example.org', 'active', ?, 'cli', '2026-11-16T07:00:00Z')", [SAMPLE_ARGS["token"]])
    anonymous = Editor(app)
    alice = Editor(app, "alice")
    public = [(m, u, e) for m, u, e in routes if (m, e) in PUBLIC_ROUTES]
    assert {(m, e) for m, _, e in public} == set(PUBLIC_ROUTES), "a public route is gone: update PUBLIC_ROUTES"
    for method, url, endpoint in routes:
        if (method, endpoint) in PUBLIC_ROUTES:
            continue
        # Only the login page and static files are open among the editors' routes: a new route
        # under an open prefix without its rule in PUBLIC_ROUTES fails here.
        assert endpoint in web_auth.OPEN_ENDPOINTS or not web_auth.is_open(endpoint), (
            f"{method} {url} is open to anyone: give it a rule in PUBLIC_ROUTES")
        if endpoint in web_auth.OPEN_ENDPOINTS:
            continue
        if method == "GET":
            response = anonymous.client.get(url)
            assert response.status_code == 302 and "/login" in response.headers["Location"], url
        else:
            assert anonymous.post(url, {"action": "hold", "expected": 0}).status_code == 401, url
            assert alice.client.post(url, data={"action": "hold", "expected": 0}).status_code == 400, url
    for method, url, endpoint in routes:
        if method == "POST" and PUBLIC_ROUTES.get((method, endpoint)) != "one-click":
            # /login and /subscribe too: no token, no login attempt, no e-mail
            assert Editor(app).client.post(url, data={"username": "alice", "password": webdata.PASSWORD,
                                                      "email": "someone@example.org"}).status_code == 400, url
    for method, url, endpoint in public:
        rule = PUBLIC_ROUTES[(method, endpoint)]
        fresh = app.test_client()  # no cookie, no token, no login
        response = fresh.get(url) if method == "GET" else fresh.post(url, data={"List-Unsubscribe": "One-Click"})
        if rule == "open":
            assert response.status_code in (200, 404) and "Location" not in response.headers, url
        elif rule == "one-click":
            assert response.status_code == 200 and "Location" not in response.headers, url
    assert open_db(db_path)["decisions"].count == 0
    assert open_db(db_path).execute("SELECT count(*) FROM subscribers WHERE email = 'someone@example.org'"
                                    ).fetchone()[0] == 0


def test_two_old_accounts_differing_only_in_case_are_never_mixed_up(app, db_path):
    """add_editor refuses a second name differing only in case, but a database from before that
    refusal may hold both: each spelling finds its own account, a third is refused as ambiguous,
    and nothing acts on whichever row SQLite meets first."""
    from tracker.editors import find_editor
    from tracker.errors import Refused
    from tracker.store import open_db

    db = open_db(db_path)
    hashed = db.execute("SELECT password_hash FROM editors WHERE name = 'alice'").fetchone()[0]
    db.execute("INSERT INTO editors (name, password_hash, created) VALUES ('Alice', ?, '2026-01-01T00:00:00Z')", [hashed])
    db.conn.commit()
    assert find_editor(db, "alice") == "alice" and find_editor(db, "Alice") == "Alice"
    with pytest.raises(Refused, match="could be any of the editor accounts Alice, alice"):
        find_editor(db, "ALICE")
    assert Editor(app).login("ALICE").status_code == 401  # as a wrong name, no server error
    assert Editor(app).login("alice").status_code == 302
    removed = editors_cli(db_path, "remove", "ALICE")
    assert removed.exit_code == 1 and "could be any of" in removed.stderr
    assert editors_cli(db_path, "remove", "Alice").exit_code == 0
    assert [e["name"] for e in json.loads(editors_cli(db_path, "list", "--json").stdout)].count("alice") == 1
