"""`tracker subscribers`: validated, normalized addresses; add, import, list, remove, export; the
confirmation e-mail of `add` (written to the outbox when no relay is set)."""

from __future__ import annotations

import csv
import io
import json

import newsletterdata as nd
import pytest

from tracker.newsletter import subscribers
from tracker.newsletter.errors import InvalidAddress
from tracker.store import open_db


@pytest.fixture
def run(tmp_path):
    config = nd.write_config(tmp_path)
    runner = nd.cli_runner(config, tmp_path / "tracker.db")
    runner.db, runner.tmp = tmp_path / "tracker.db", tmp_path
    return runner


@pytest.mark.parametrize("given, normal", [
    ("  Sam@Example.ORG ", "Sam@example.org"),
    ("jo.müller@BEISPIEL.de", "jo.müller@beispiel.de"),
    ("bob@EXÄMPLE.org", "bob@exämple.org"),
    ("first+tag@sub.example.co.uk", "first+tag@sub.example.co.uk"),
])
def test_addresses_are_validated_and_the_domain_lower_cased(given, normal):
    assert subscribers.normalize_email(given) == normal


@pytest.mark.parametrize("bad", ["", "sam", "sam@", "@example.org", "sam@@example.org", "sam@example",
                                 "sam example@example.org", "sam@exa mple.org", "<sam@example.org>"])
def test_what_is_not_an_address_is_refused(bad):
    with pytest.raises(InvalidAddress):
        subscribers.normalize_email(bad)


def test_add_pending_sends_a_confirmation_to_the_outbox_and_add_active_does_not(run):
    result = run("subscribers", "add", "sam@example.org")
    assert result.exit_code == 0, result.output
    assert (f"added, pending; confirmation e-mail written to outbox {run.tmp / 'outbox'}/ only (TRACKER_SMTP_URL "
            "is not set: send it on yourself)") in result.stderr
    [mail] = [nd.parse(p.read_bytes()) for p in (run.tmp / "outbox").glob("*.eml")]
    text = mail.get_body(("plain",)).get_content()
    assert mail["To"].addresses[0].addr_spec == "sam@example.org" and "/confirm/" in text
    # wrapped once the site's name is in: no line over 72 characters but the link's
    assert max(len(line) for line in text.splitlines() if "://" not in line) <= 72
    assert "\n\nTo say yes, please open this link" in text.replace("\r\n", "\n")  # paragraphs kept

    result = run("subscribers", "add", "Jo@Example.org", "--name", "Jö Müller", "--active")
    assert result.exit_code == 0 and "added, active" in result.stderr
    assert len(list((run.tmp / "outbox").glob("*.eml"))) == 1
    again = run("subscribers", "add", "JO@example.org")
    assert "already there, active" in again.stderr

    bad = run("subscribers", "add", "not an address")
    assert bad.exit_code == 1 and "not a valid e-mail address" in bad.stderr


def test_list_json_has_email_and_status_and_never_the_tokens(run):
    nd.add(run.db, "ann@example.org")
    nd.add(run.db, "ben@example.org", status="pending")
    listed = json.loads(run("subscribers", "list", "--json").stdout)
    assert [(s["email"], s["status"]) for s in listed] == [("ann@example.org", "active"), ("ben@example.org", "pending")]
    assert all("token" not in key for s in listed for key in s)
    only = json.loads(run("subscribers", "list", "--status", "pending", "--json").stdout)
    assert [s["email"] for s in only] == ["ben@example.org"]
    assert "active" in run("subscribers", "list").stdout


def test_import_adds_new_addresses_and_never_brings_back_someone_who_left(run):
    nd.add(run.db, "gone@example.org", status="unsubscribed")
    nd.add(run.db, "ann@example.org", status="pending")
    (run.tmp / "list.csv").write_text(
        "\ufeffName,E-mail\nBen,ben@example.org\nGone,GONE@example.org\n,ann@example.org\nBad,not-an-address\n\n"
        "Cleo,cleo@Example.NET\n", encoding="utf-8")
    result = run("subscribers", "import", str(run.tmp / "list.csv"), "--active")
    assert result.exit_code == 1  # one line was skipped: say so
    assert "line 5: skipped" in result.stderr and "2 added (active), 2 already there (unchanged), 1 invalid" in result.stderr
    db = open_db(run.db)
    assert subscribers.get(db, "gone@example.org")["status"] == "unsubscribed"
    assert subscribers.get(db, "ann@example.org")["status"] == "pending"
    assert subscribers.get(db, "ben@example.org")["name"] == "Ben"
    assert subscribers.get(db, "cleo@example.net")["status"] == "active"
    assert not (run.tmp / "outbox").exists()  # an import sends no e-mail

    (run.tmp / "plain.csv").write_text("dee@example.org\neve@example.org\n")
    assert run("subscribers", "import", str(run.tmp / "plain.csv")).exit_code == 0
    assert subscribers.get(db, "dee@example.org")["status"] == "pending"


def test_an_address_with_letters_beyond_a_to_z_is_one_subscriber_in_any_case(run):
    """SQLite's NOCASE folds A-Z only: "José.Müller@" and "JOSÉ.MÜLLER@" became two subscribers,
    each mailed every edition, and removing one spelling found nobody."""
    assert run("subscribers", "add", "José.Müller@exämple.org", "--active").exit_code == 0
    again = run("subscribers", "add", "JOSÉ.MÜLLER@EXÄMPLE.ORG", "--active")
    assert again.exit_code == 0 and "already there, active" in again.stderr
    (run.tmp / "list.csv").write_text("email\njosé.müller@exämple.org\n", encoding="utf-8")
    assert "0 added" in run("subscribers", "import", str(run.tmp / "list.csv")).stderr
    db = open_db(run.db)
    assert db["subscribers"].count == 1
    assert run("subscribers", "remove", "josé.MÜLLER@exämple.org").exit_code == 0
    assert subscribers.get(db, "JOSÉ.müller@exämple.org")["status"] == "unsubscribed"
    assert subscribers.get(db, "jose.muller@example.org") is None  # letters folded by case, not by accent


def test_adding_someone_who_left_as_active_says_they_had_left(run):
    """`add --active` brings back an unsubscribed address (an editor's decision), but said only
    "already there, active", as if nothing had changed."""
    nd.add(run.db, "gone@example.org", status="unsubscribed")
    result = run("subscribers", "add", "gone@example.org", "--active")
    assert result.exit_code == 0 and "gone@example.org: was unsubscribed, now active" in result.stderr
    assert "already there, active" in run("subscribers", "add", "gone@example.org", "--active").stderr


def test_add_says_what_it_changed_not_what_changed_while_it_looked(run, monkeypatch):
    """`subscribers add` read the address once before add() read it again in its transaction: a
    reader confirming in between was reported as "was pending, now active", a change this
    command never made."""
    nd.add(run.db, "sam@example.org", status="pending")
    real_add = subscribers.add

    def confirmed_meanwhile(db, email, **kwargs):  # the reader's click on the confirmation link
        db.execute("UPDATE subscribers SET status = 'active' WHERE email = ?", [email])
        db.conn.commit()
        return real_add(db, email, **kwargs)

    monkeypatch.setattr(subscribers, "add", confirmed_meanwhile)
    result = run("subscribers", "add", "sam@example.org")
    assert result.exit_code == 0, result.output
    assert "sam@example.org: already there, active" in result.stderr


def test_an_import_leaves_an_address_that_signed_up_while_it_ran_as_it_is(run, monkeypatch):
    """import_csv looked the address up, then add() made it active: someone who signed up on the
    web in between (pending, unconfirmed) was made active by an `import --active` that promises
    to leave every known address as it is."""
    real_add = subscribers.add

    def signed_up_meanwhile(db, email, **kwargs):
        real_add(db, email, source="web")
        return real_add(db, email, **kwargs)

    monkeypatch.setattr(subscribers, "add", signed_up_meanwhile)
    report = subscribers.import_csv(open_db(run.db), io.StringIO("ben@example.org\n"), active=True)
    assert (report.added, report.existing) == ([], ["ben@example.org"])
    assert subscribers.get(open_db(run.db), "ben@example.org")["status"] == "pending"


def test_import_of_a_file_that_is_not_utf8_says_so_and_adds_nobody(run):
    nd.add(run.db, "ben@example.org")
    (run.tmp / "latin1.csv").write_bytes("email,name\nann@example.org,Ann\nlat@example.org,Jos\xe9\n".encode("latin-1"))
    result = run("subscribers", "import", str(run.tmp / "latin1.csv"), "--active")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "latin1.csv: not UTF-8 text" in result.stderr and "save it as UTF-8" in result.stderr
    assert open_db(run.db)["subscribers"].count == 1  # ben alone: not even the line before the bad byte


def test_remove_unsubscribes_and_forget_deletes(run):
    nd.add(run.db, "ann@example.org", "ben@example.org")
    assert run("subscribers", "remove", "ANN@example.org").exit_code == 0
    db = open_db(run.db)
    assert subscribers.get(db, "ann@example.org")["status"] == "unsubscribed"
    db.execute("INSERT INTO sends (edition, subscriber_id, state, message_id, updated) VALUES "
               "('2026-W47', ?, 'sent', '<x@example.org>', '')", [subscribers.get(db, "ben@example.org")["id"]])
    assert run("subscribers", "remove", "ben@example.org", "--forget").exit_code == 0
    assert subscribers.get(db, "ben@example.org") is None and db["sends"].count == 0
    missing = run("subscribers", "remove", "nobody@example.org")
    assert missing.exit_code == 1 and "no subscriber" in missing.stderr


def test_export_is_csv_without_tokens(run):
    rows = nd.add(run.db, "ann@example.org", "Ben@example.org", names={"Ben@example.org": "Bén, \"B\""})
    result = run("subscribers", "export")
    assert result.exit_code == 0
    exported = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["email"], r["name"], r["status"]) for r in exported] == [
        ("ann@example.org", "", "active"), ("Ben@example.org", "Bén, \"B\"", "active")]
    assert rows[0]["token"] not in result.stdout and "token" not in result.stdout


def test_export_quotes_cells_a_spreadsheet_would_run_as_formulas_and_import_takes_the_quote_off(run):
    # OWASP "CSV injection": a cell starting with = + - @ (or a tab or a carriage return) is a
    # formula to a spreadsheet; these are valid addresses and names.
    hostile = ["=cmd|'/Ccalc'!A0@example.org", "+1+2@example.org", "-2+3@example.org",
               "'=quoted@example.org"]  # (no address starts with "@"; a name can)
    names = {"ann@example.org": "=HYPERLINK(\"https://evil.example/\",\"click\")", "ben@example.org": "-1 ranked",
             "cleo@example.org": "@everyone"}
    stored = [r["email"] for r in nd.add(run.db, *hostile, *names, names=names)]
    db = open_db(run.db)  # a relay's answer, kept as the last error
    db.execute("UPDATE subscribers SET last_error = ? WHERE email = 'ann@example.org'", ["\t=1+1"])
    db.conn.commit()
    result = run("subscribers", "export")
    assert result.exit_code == 0
    exported = list(csv.DictReader(io.StringIO(result.stdout)))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in exported for cell in r.values())
    assert [r["email"] for r in exported][:4] == ["'" + e for e in stored[:4]]
    assert [r["name"] for r in exported][4:] == ["'" + n for n in names.values()]
    assert exported[4]["last_error"] == "'\t=1+1"

    other = nd.cli_runner(nd.write_config(run.tmp), run.tmp / "other.db")
    (run.tmp / "export.csv").write_text(result.stdout, encoding="utf-8")
    assert other("subscribers", "add", "x@example.org", "--active").exit_code == 0
    assert other("subscribers", "import", str(run.tmp / "export.csv")).exit_code == 0
    db = open_db(run.tmp / "other.db")
    assert [(r["email"], r["name"]) for r in subscribers.list_subscribers(db)][1:] == [
        (e, names.get(e)) for e in stored]


def test_every_newsletter_command_has_help_with_an_example(run):
    for args in (["subscribers"], ["subscribers", "add"], ["subscribers", "import"], ["subscribers", "remove"],
                 ["subscribers", "export"], ["digest", "send"], ["digest", "resolve"]):
        result = run(*args, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout, args


def test_the_confirmation_text_is_wrapped_as_its_characters_read_not_their_escapes():
    from tracker.newsletter.message import _unescape, _wrapped, render

    name = "Ann & Bob's <Very> Long-Named Relational Psychedelic Research Digest"
    text = _wrapped(_unescape(render("confirm_email.txt", site_name=name, confirm_url="https://example.org/confirm/"
                                     + "t" * 80, unsubscribe_url="https://example.org/u", valid_days=7, already=False)))
    lines = text.split("\n")
    assert all(len(line) <= 72 for line in lines if "://" not in line)
    assert "https://example.org/confirm/" + "t" * 80 in lines  # a link whole, on its own line
    assert lines[-2:] == ["With warm wishes,", name] or lines[-3:-1] == ["With warm wishes,", name]
    # a site's name longer than a line stays whole in the sign-off
    longer = name + " for Patients, Partners and Families"
    signed = _wrapped(_unescape(render("confirm_email.txt", site_name=longer, confirm_url="https://example.org/c",
                                       unsubscribe_url="https://example.org/u", valid_days=7, already=False)))
    assert signed.rstrip("\n").split("\n")[-2:] == ["With warm wishes,", longer]
    # the name's "&" wraps no earlier than any other character (72 columns, not 72 less its escapes)
    assert lines[2] == "Someone (probably you) asked to get Ann & Bob's <Very> Long-Named"


def test_add_through_a_relay_says_the_confirmation_went_there(run, smtp):
    result = run("subscribers", "add", "kim@example.org", env={"TRACKER_SMTP_URL": smtp.url})
    assert result.exit_code == 0, result.output
    assert f"added, pending; confirmation e-mail sent ({smtp.url.rstrip('/')}" in result.stderr
    assert smtp.recipients() == ["kim@example.org"] and not (run.tmp / "outbox").exists()


def test_an_export_imported_into_a_new_database_keeps_who_left_and_who_never_confirmed(run, tmp_path):
    """Moving to a new database by export and import made everyone active: the unsubscribed and
    the never-confirmed were mailed the next edition."""
    nd.add(run.db, "ann@example.org", "ben@example.org")  # active
    nd.add(run.db, "gone@example.org", status="unsubscribed")
    nd.add(run.db, "bad@example.org", status="bounced")
    nd.add(run.db, "jo@example.org", status="pending")
    db = open_db(run.db)
    with db.conn:  # when they left, as unsubscribing and a bounce record it
        db.execute("UPDATE subscribers SET unsubscribed = '2026-10-01T08:00:00Z' WHERE email = 'gone@example.org'")
        db.execute("UPDATE subscribers SET bounced = '2026-11-02T09:30:00Z' WHERE email = 'bad@example.org'")
        db.execute("UPDATE subscribers SET created = '2026-01-05T10:00:00Z', confirmed = '2026-01-05T10:07:00Z'"
                   " WHERE email = 'ann@example.org'")
    old = {r["email"]: r for r in subscribers.list_subscribers(db)}
    exported = run("subscribers", "export")
    assert exported.exit_code == 0
    (tmp_path / "all.csv").write_text(exported.stdout)

    (tmp_path / "new").mkdir()
    config = nd.write_config(tmp_path / "new")
    open_db(tmp_path / "new" / "tracker.db").conn.close()  # a new, empty database
    new = nd.cli_runner(config, tmp_path / "new" / "tracker.db")
    result = new("subscribers", "import", str(tmp_path / "all.csv"), "--active")
    assert result.exit_code == 0, result.output
    assert "5 added (2 active, 1 unsubscribed, 1 bounced, 1 pending), 0 already there (unchanged), 0 invalid" \
        in result.stderr
    db = open_db(tmp_path / "new" / "tracker.db")
    moved = {r["email"]: r for r in subscribers.list_subscribers(db)}
    assert {e: r["status"] for e, r in moved.items()} == {e: r["status"] for e, r in old.items()}
    # the record of consent and of leaving goes along
    for email in old:
        for key in ("created", "confirmed", "unsubscribed", "bounced"):
            assert moved[email][key] == old[email][key], (email, key)

    # without --active too: a row's own status is its record (the active stayed pending, mailed
    # nothing, and silently got no more editions); --active decides only for rows without one
    (tmp_path / "odd.csv").write_text("email,status\nkim@example.org,active\nlee@example.org,paused\n"
                                      "max@example.org,\nnia@example.org, Unsubscribed \n")
    odd = new("subscribers", "import", str(tmp_path / "odd.csv"))
    assert odd.exit_code == 1 and "line 3: skipped: unknown status 'paused'" in odd.stderr
    assert "3 added (1 active, 1 pending, 1 unsubscribed)" in odd.stderr
    assert "pending addresses get no e-mail and no edition until they confirm" in odd.stderr
    assert [subscribers.get(db, e)["status"] for e in ("kim@example.org", "max@example.org", "nia@example.org")] \
        == ["active", "pending", "unsubscribed"]
    assert subscribers.get(db, "lee@example.org") is None

    # written twice in one file, the row saying the address left counts, wherever it stands; one
    # that left in the file but is active here is left as it is, and said; a time a spreadsheet
    # saved without its zone is the export's, UTC
    (tmp_path / "twice.csv").write_text(
        "email,status,unsubscribed\nann2@example.org,active,\nAnn2@Example.org,unsubscribed,2026-10-01 08:00:00\n"
        "kim@example.org,unsubscribed,2026-11-01T08:00:00Z\n")
    twice = new("subscribers", "import", str(tmp_path / "twice.csv"), "--active")
    assert twice.exit_code == 0, twice.output
    assert "line 3: Ann2@example.org: the address of line 2 again; line 3 counts" in twice.stderr
    assert ("line 4: kim@example.org: unsubscribed in the file, active here: left as it is (tracker subscribers "
            "remove kim@example.org to unsubscribe)") in twice.stderr
    gone = subscribers.get(db, "ann2@example.org")
    assert (gone["status"], gone["unsubscribed"]) == ("unsubscribed", "2026-10-01T08:00:00Z")
    assert subscribers.get(db, "kim@example.org")["status"] == "active"
