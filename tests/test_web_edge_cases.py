"""Edge cases a review of the editors' web UI and review commands found broken; each test keeps
its fix in place.
"""

from __future__ import annotations

import json
import sys
import threading

import pytest
import webdata
from webdata import csrf_token
from click.testing import CliRunner

from tracker import review
from tracker import summary as lay
from tracker.cli import cli
from tracker.config import default_config_path, load_config
from tracker.merge import Merger
from tracker.records import Record
from tracker.score import Scorer
from tracker.store import open_db, transaction
from tracker.web import auth as web_auth
from tracker.web import create_app

SECRET = "findings-secret-key-" + "z" * 32
SUMMARY = {k: f"{k} text" for k in lay.NAMES}


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
    # testing=False: an unhandled exception becomes the 500 a real editor would see.
    return create_app(db_path, webdata.config(), secret_key=SECRET, testing=False)


def logged_in(app, name: str = "alice"):
    client = app.test_client()
    response = client.post("/login", data={"username": name, "password": webdata.PASSWORD,
                                           "csrf_token": csrf_token(client.get("/login").text)})
    assert response.status_code == 302
    return client, csrf_token(client.get("/").text)


def last_decision(db_path, paper_id: int) -> int:
    return open_db(db_path).execute("SELECT last_decision FROM papers WHERE id = ?", [paper_id]).fetchone()[0]


# -- web -----------------------------------------------------------------------------------------

def test_concurrent_failed_logins_are_rate_limited_too(app):
    """Failed logins sent in parallel are limited like sequential ones: each counts before its password check."""
    attempts = 12
    clients = []
    for _ in range(attempts):
        client = app.test_client()
        clients.append((client, csrf_token(client.get("/login").text)))
    start = threading.Barrier(attempts)
    codes: list[int] = []

    def guess(client, token):
        start.wait()
        codes.append(client.post("/login", data={"username": "alice", "password": "a wrong guess",
                                                 "csrf_token": token}).status_code)

    threads = [threading.Thread(target=guess, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = codes.count(401)  # each 401 is one password actually tried
    assert checked <= web_auth.MAX_FAILURES_PER_USER, sorted(codes)
    # Every other attempt was turned away by the limit, not lost to an error or a CSRF refusal.
    assert len(codes) == attempts and codes.count(429) == attempts - checked, sorted(codes)


def test_a_database_gone_while_serving_is_an_error_not_a_new_empty_one(app, db_path):
    """No silent databases (issue 11, item 13): a request after the file was moved away must
    not make an empty one in its place, with no editors and no papers."""
    client, _ = logged_in(app)
    folder = db_path.parent
    for path in list(folder.iterdir()):
        if path.name.startswith("tracker.db"):
            path.rename(folder / ("moved-" + path.name))
    assert client.get("/").status_code == 500
    assert not db_path.exists()


def test_a_form_naming_an_unknown_decision_is_refused_not_a_server_error(app, ids):
    """A form naming a decision the paper never had is refused with 400, not a server error."""
    client, token = logged_in(app)
    response = client.post(f"/papers/{ids['couples']}/decide",
                           data={"csrf_token": token, "action": "hold", "expected": "12345"})
    assert response.status_code in (400, 409)


@pytest.mark.parametrize("query", ["after=1:99999999999999999999", "before=1:99999999999999999999"])
def test_an_oversized_page_cursor_is_ignored_not_a_server_error(app, query):
    """A page cursor beyond SQLite's 64-bit range is ignored (first page), not a server error."""
    client, _ = logged_in(app)
    assert client.get(f"/?{query}").status_code == 200


def test_an_oversized_paper_id_is_404_not_a_server_error(app):
    """A paper id beyond SQLite's 64-bit range is 404."""
    client, token = logged_in(app)
    huge = "99999999999999999999"
    assert client.get(f"/papers/{huge}").status_code == 404
    assert client.post(f"/papers/{huge}/decide",
                       data={"csrf_token": token, "action": "hold", "expected": "0"}).status_code == 404


def test_a_stale_edition_move_shows_the_newer_decision(app, ids, db_path):
    """Moving the edition from a stale page answers 409 with the newer decision."""
    alice, alice_token = logged_in(app, "alice")
    bob, bob_token = logged_in(app, "bob")
    pid = ids["ketamine"]
    assert alice.post(f"/papers/{pid}/decide", data={"csrf_token": alice_token, "action": "approve",
                                                     "expected": last_decision(db_path, pid)}).status_code == 302
    seen = last_decision(db_path, pid)  # bob's page: approved, with the move form
    assert alice.post(f"/papers/{pid}/decide", data={"csrf_token": alice_token, "action": "reject",
                                                     "reason": "duplicate", "expected": seen}).status_code == 302
    stale = bob.post(f"/papers/{pid}/edition", data={"csrf_token": bob_token, "edition": "2026-W50", "expected": seen})
    assert stale.status_code == 409 and "alice" in stale.text


def test_a_summary_saved_meanwhile_is_not_replaced_blindly(app, ids, db_path, monkeypatch):
    """A summary version saved while another editor was writing is never replaced blindly."""
    client, token = logged_in(app, "alice")
    pid = ids["couples"]
    review.save_summary(open_db(db_path), pid, SUMMARY, "alice")  # version 1, the one alice's page shows
    real = review.save_summary
    interleaved = []

    def bob_saves_first(db, paper_id, fields, editor, *args, **kwargs):
        if not interleaved:  # bob's save lands between alice's check and alice's save
            interleaved.append(real(db, paper_id, {**SUMMARY, "headline": "Bob's headline"}, "bob"))
        return real(db, paper_id, fields, editor, *args, **kwargs)

    monkeypatch.setattr(review, "save_summary", bob_saves_first)
    response = client.post(f"/papers/{pid}/summary",
                           data={"csrf_token": token, "base_version": "1", **SUMMARY, "headline": "Alice's headline"})
    current = review.lay_summary(open_db(db_path), pid)
    assert response.status_code == 409 and current["headline"] == "Bob's headline", (response.status_code, current)


def test_after_a_conflict_the_form_keeps_the_other_editors_changes_where_this_editor_changed_nothing(app, ids, db_path):
    """Saving again after a conflict must not undo the other editor's fix in a field this editor
    never touched; a field both changed is marked, with this editor's text in the form."""
    from bs4 import BeautifulSoup

    client, token = logged_in(app, "alice")
    pid = ids["couples"]
    review.save_summary(open_db(db_path), pid, SUMMARY, "alice")  # version 1, the one alice's page shows
    review.save_summary(open_db(db_path), pid, {**SUMMARY, "summary": "Bob's better summary.",
                                                "caveats": "Bob's caveats."}, "bob")
    response = client.post(f"/papers/{pid}/summary", data={
        "csrf_token": token, "base_version": "1",
        **{**SUMMARY, "what_it_means": "Alice's meaning.", "caveats": "Alice's caveats."}})
    assert response.status_code == 409
    page = BeautifulSoup(response.text, "html.parser")
    form = page.find("form", class_="summary-form")
    assert form.find("textarea", id="f-summary").text == "Bob's better summary."   # theirs: alice left it
    assert form.find("textarea", id="f-what_it_means").text == "Alice's meaning."  # hers: bob left it
    assert form.find("textarea", id="f-caveats").text == "Alice's caveats."        # both: hers, marked
    assert "you both changed this" in form.find("label", attrs={"for": "f-caveats"}).text
    assert "their text" in form.find("label", attrs={"for": "f-summary"}).text
    alert = page.find("div", role="alert").get_text(" ", strip=True)
    assert "They changed Summary" in alert and "You both changed Caveats" in alert
    assert form.find("input", attrs={"name": "base_version"})["value"] == "2"
    # saving that form again keeps bob's summary
    fields = {t["name"]: t.text for t in form.find_all("textarea")}
    fields.update({i["name"]: i.get("value", "") for i in form.find_all("input")})
    assert client.post(f"/papers/{pid}/summary", data={**fields, "csrf_token": token}).status_code == 302
    current = review.lay_summary(open_db(db_path), pid)
    assert (current["summary"], current["what_it_means"], current["caveats"]) == (
        "Bob's better summary.", "Alice's meaning.", "Alice's caveats.")


def test_logging_out_ends_the_session_everywhere(app):
    """After logout, a copy of the session cookie no longer works."""
    client, token = logged_in(app)
    cookie = client.get_cookie("tracker_session").value
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("tracker_session", cookie)
    assert replay.get("/").status_code == 302


SENT_AFTER = {"headline": "Couples talked more after the sessions",
              "summary": "Twelve couples took part.\r\nNo comparison group."}


def kept_text(response) -> list[str]:
    from bs4 import BeautifulSoup

    return [t.text.replace("\r\n", "\n") for t in BeautifulSoup(response.text, "html.parser").select("textarea.kept")]


@pytest.mark.parametrize("how", ["logged out here", "logged out in another window"])
def test_a_summary_sent_after_the_session_ended_is_shown_back_to_copy(app, ids, db_path, how):
    """Logged out while writing (here the session cookie goes and the form's token with it; in
    another window the cookie stays but no longer counts): the save is refused and nothing stored,
    but the text comes back on the page, with a login link that returns to the paper."""
    from bs4 import BeautifulSoup

    client, token = logged_in(app)
    pid = ids["couples"]
    if how == "logged out here":
        assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    else:
        other = app.test_client()
        other.set_cookie("tracker_session", client.get_cookie("tracker_session").value)
        assert other.post("/logout", data={"csrf_token": token}).status_code == 302
    response = client.post(f"/papers/{pid}/summary", data={
        "csrf_token": token, "base_version": "0", **{k: "" for k in lay.NAMES}, **SENT_AFTER})
    assert response.status_code == (400 if how == "logged out here" else 401)
    assert "was not saved" in response.text
    assert kept_text(response) == ["Couples talked more after the sessions", "Twelve couples took part.\nNo comparison group."]
    assert BeautifulSoup(response.text, "html.parser").find("a", string="Log in")["href"] == f"/login?next=/papers/{pid}"
    assert review.lay_summary(open_db(db_path), pid) is None


def test_words_posted_from_another_site_are_not_shown_back(app, ids):
    """The show-back is for this site's own form: another site's page posting words at it (no
    token) gets the plain refusal, so it cannot make this site show them."""
    client = app.test_client()
    response = client.post(f"/papers/{ids['couples']}/summary", headers={"Origin": "https://elsewhere.example"},
                           data={"base_version": "0", **SENT_AFTER})
    assert response.status_code in (400, 401) and kept_text(response) == [] and "Couples talked" not in response.text


# -- CLI and review ------------------------------------------------------------------------------

@pytest.fixture
def cli_db(tmp_path):
    path = tmp_path / "tracker.db"
    db = open_db(path)
    merger = Merger(db, Scorer(load_config(default_config_path())), "frontiers-psychiatry", "frontiers", None)
    with transaction(db):
        merger.save(Record(title="Ketamine-assisted couple therapy: a framework", doi="10.3389/fpsyt.2026.1",
                           abstract="Couples in ketamine-assisted therapy for depression.", source_key="a"))
    db.conn.close()
    return str(path)


def tracker(db_path, *args, env=None):
    return CliRunner().invoke(cli, ["--config", str(default_config_path()), "--db", db_path, *args],
                              env=env, catch_exceptions=False)


def test_a_failed_approve_saves_no_summary(cli_db, tmp_path):
    """A failed approve --summary saves neither the decision nor the summary."""
    summary = tmp_path / "s.json"
    summary.write_text(json.dumps(SUMMARY))
    result = tracker(cli_db, "approve", "1", "--edition", "2026-W60", "--summary", str(summary), "--editor", "sam")
    assert result.exit_code == 2 and "not a week" in result.stderr  # a usage error, before anything
    assert review.lay_summary(open_db(cli_db), 1) is None
    # refused inside the decision's transaction, after the summary was read: an edition e-mailed
    db = open_db(cli_db)
    with db.conn:
        db.execute("INSERT INTO subscribers (email, status, token, source, created) VALUES"
                   " ('jo@example.org', 'active', 't0k3n', 'cli', '2026-11-01T00:00:00Z')")
        db.execute("INSERT INTO sends (edition, subscriber_id, state, message_id, updated) VALUES"
                   " ('2026-W48', 1, 'sent', '<x@example.org>', '2026-11-30T08:00:00Z')")
    sent = tracker(cli_db, "approve", "1", "--edition", "2026-W48", "--summary", str(summary), "--editor", "sam")
    assert sent.exit_code == 1 and "e-mailed" in sent.stderr, sent.output
    assert review.lay_summary(open_db(cli_db), 1) is None


def test_edit_does_not_silently_replace_a_version_saved_while_editing(cli_db, tmp_path, monkeypatch):
    """`tracker edit` refuses to save over a version saved while $EDITOR was open."""
    review.save_summary(open_db(cli_db), 1, SUMMARY, "sam")
    script = tmp_path / "fake-editor.py"
    script.write_text(
        "import sys, yaml\n"
        "from tracker.review import save_summary\nfrom tracker.store import open_db\n"
        f"save_summary(open_db({cli_db!r}), 1, {{**{SUMMARY!r}, 'headline': 'Saved on the web'}}, 'kim')\n"
        "p = sys.argv[1]\nd = yaml.safe_load(open(p))\nd['headline'] = 'Written in the editor'\n"
        "open(p, 'w').write(yaml.safe_dump(d))\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    result = tracker(cli_db, "edit", "1", "--editor", "sam")
    current = review.lay_summary(open_db(cli_db), 1)
    assert result.exit_code != 0 and current["headline"] == "Saved on the web", (result.exit_code, current)


def test_summary_versions_stay_unique_after_a_merge(cli_db):
    """Lay-summary version numbers stay unique after two papers merge."""
    db = open_db(cli_db)
    review.save_summary(db, 1, SUMMARY, "sam")
    review.save_summary(db, 1, {**SUMMARY, "dek": "second"}, "sam")
    merger = Merger(db, Scorer(load_config(default_config_path())), "pubmed", "pubmed", None)
    with transaction(db):
        merger.save(Record(title="Ketamine-assisted couple therapy: a framework", pmid="777", source_key="777"))
    other = db.execute("SELECT id FROM papers WHERE pmid = '777'").fetchone()[0]
    review.save_summary(db, other, {**SUMMARY, "dek": "on the PubMed copy"}, "kim")
    with transaction(db):  # the same work, now with both identifiers: the two papers merge
        merger.save(Record(title="Ketamine-assisted couple therapy: a framework", pmid="777",
                           doi="10.3389/fpsyt.2026.1", source_key="777"))
    review.save_summary(db, 1, {**SUMMARY, "dek": "after the merge"}, "sam")
    versions = [v["version"] for v in review.summary_versions(db, 1)]
    assert len(versions) == len(set(versions)), versions
