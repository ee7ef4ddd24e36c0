"""The digest in the editors' UI: checks beside each summary, overrides and labels through forms,
and the edition preview, byte for byte what `tracker digest build` writes, under its own CSP."""

from __future__ import annotations

import re

import digestdata
import pytest
from bs4 import BeautifulSoup

from tracker.digest import build
from tracker.review import Decision, decide, save_summary
from tracker.store import open_db
from tracker.web import create_app
from tracker.web.digest import PREVIEW_POLICY
from tracker.web.security import CONTENT_SECURITY_POLICY

CFG = digestdata.config()
EDITION = digestdata.EDITION


@pytest.fixture
def site(tmp_path):
    ids = digestdata.build(tmp_path / "tracker.db", CFG, site=tmp_path / "site")
    app = create_app(tmp_path / "tracker.db", CFG, secret_key="digest-web-secret-" + "z" * 32, testing=True)
    client = app.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": digestdata.EDITOR, "password": digestdata.PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    client.token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
    return client, tmp_path, ids


def post(client, url, **data):
    return client.post(url, data={"csrf_token": client.token, **data})


def test_the_preview_is_byte_for_byte_the_built_edition_under_its_own_policy(site):
    client, tmp, _ = site
    build(open_db(tmp / "tracker.db"), CFG, EDITION, tmp / "site")
    for url, name, kind in ((f"/editions/{EDITION}/preview", "index.html", "text/html"),
                            (f"/editions/{EDITION}/preview/email", "email.html", "text/html"),
                            (f"/editions/{EDITION}/preview/text", "digest.txt", "text/plain"),
                            (f"/editions/{EDITION}/preview/markdown", "digest.md", "text/plain")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.data == (tmp / "site" / EDITION / name).read_bytes(), url
        assert response.mimetype == kind
        policy = response.headers["Content-Security-Policy"]
        assert policy == PREVIEW_POLICY and policy.startswith("sandbox;") and "script-src" not in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"
    # Everywhere else the UI's own policy stands.
    assert client.get(f"/editions/{EDITION}").headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_preview_of_an_empty_or_malformed_edition_is_404(site):
    client, _, _ = site
    assert client.get("/editions/2026-W30/preview").status_code == 404
    assert client.get("/editions/2026-30/preview").status_code == 404
    assert client.get(f"/editions/{EDITION}/preview/pdf").status_code == 404
    page = client.get("/editions/2026-W30")
    assert page.status_code == 200 and "No approved papers in this edition yet" in page.text


def test_the_edition_page_lists_each_paper_with_its_checks_and_the_preview_links(site):
    client, tmp, ids = site
    page = BeautifulSoup(client.get(f"/editions/{EDITION}").text, "html.parser")
    assert "Ready to send" in page.get_text()
    assert [a["href"] for a in page.select("a.button")] == [
        f"/editions/{EDITION}/preview", f"/editions/{EDITION}/preview/email",
        f"/editions/{EDITION}/preview/text", f"/editions/{EDITION}/preview/markdown"]
    save_summary(open_db(tmp / "tracker.db"), ids["trial"],
                 {**digestdata.SUMMARIES["trial"], "key_takeaway": ""}, digestdata.EDITOR)
    page = BeautifulSoup(client.get(f"/editions/{EDITION}").text, "html.parser")
    assert "Not ready to send" in page.get_text()
    assert "Key takeaway: no key takeaway for patients" in page.get_text(" ", strip=True)


def test_the_edition_page_says_when_no_paper_would_be_explained(site):
    client, tmp, ids = site
    assert "would explain none" not in client.get(f"/editions/{EDITION}").text
    decide(open_db(tmp / "tracker.db"), Decision(ids["survey"], digestdata.EDITOR, "approve", edition="2026-W30"),
           default_edition=EDITION)
    text = BeautifulSoup(client.get("/editions/2026-W30").text, "html.parser").get_text(" ", strip=True)
    assert "Ready to send: no check blocks." in text
    assert "But no paper in 2026-W30 has a lay summary yet: the digest would explain none" in text


def hype_flagged(site, dek: str = "A miracle for couples.") -> int:
    """The framework paper, its summary's dek saved with a hype word (a flag to override); its id."""
    _, tmp, ids = site
    save_summary(open_db(tmp / "tracker.db"), ids["framework"], {**digestdata.SUMMARIES["framework"], "dek": dek},
                 digestdata.EDITOR)
    return ids["framework"]


def override_form(client, pid: int, check: str) -> dict:
    """The hidden fields of the paper page's override form for `check`, as the browser sends them."""
    page = BeautifulSoup(client.get(f"/papers/{pid}").text, "html.parser")
    form = page.find("form", action=f"/papers/{pid}/checks/{check}")
    return {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("type") == "hidden"}


def test_an_override_of_a_check_that_is_not_flagged_is_refused_with_the_flagged_ones_named(site):
    client, tmp, _ = site
    pid = hype_flagged(site)
    refused = post(client, f"/papers/{pid}/checks/caveats", reason="just in case")
    assert refused.status_code == 302 and refused.headers["Location"].endswith(f"/papers/{pid}#checks")
    assert open_db(tmp / "tracker.db")["check_overrides"].count == 0
    page = BeautifulSoup(client.get(f"/papers/{pid}").text, "html.parser").get_text(" ", strip=True)
    assert "'caveats' is not flagged" in page and "flagged: hype" in page


def test_the_paper_page_shows_the_checks_and_an_override_needs_a_reason(site):
    client, tmp, _ = site
    pid = hype_flagged(site)
    page = BeautifulSoup(client.get(f"/papers/{pid}").text, "html.parser")
    checks = page.find("section", id="checks")
    assert "Framework or theory paper" in checks.get_text()
    hype = checks.find("li", class_="check-blocks")
    assert "Hype words" in hype.get_text() and "'miracle'" in hype.get_text()

    refused = post(client, f"/papers/{pid}/checks/hype", reason="  ")
    assert refused.status_code == 302
    assert open_db(tmp / "tracker.db")["check_overrides"].count == 0
    assert post(client, f"/papers/{pid}/checks/retracted", reason="no").status_code == 404
    assert client.post(f"/papers/{pid}/checks/hype", data={"reason": "x"}).status_code == 400  # no CSRF token

    done = client.post(f"/papers/{pid}/checks/hype",
                       data={**override_form(client, pid, "hype"), "reason": "the authors' own word, in quotes"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/papers/{pid}#checks")
    page = BeautifulSoup(client.get(f"/papers/{pid}").text, "html.parser")
    overridden = page.find("section", id="checks").find("li", class_="check-overridden")
    assert "Overridden by sam" in overridden.get_text() and "the authors' own word" in overridden.get_text()
    row = next(open_db(tmp / "tracker.db").query("SELECT * FROM check_overrides"))
    assert (row["paper_id"], row["check_name"], row["editor"], row["summary_version"]) == (pid, "hype", "sam", 2)

    withdraw = override_form(client, pid, "hype")
    assert withdraw["withdraw"] == "1" and withdraw["summary_version"] == "2"
    client.post(f"/papers/{pid}/checks/hype", data=withdraw)
    page = BeautifulSoup(client.get(f"/papers/{pid}").text, "html.parser")
    assert page.find("section", id="checks").find("li", class_="check-blocks") is not None


def test_a_withdrawal_from_a_page_older_than_the_summary_leaves_the_newer_override(site):
    """Withdrawing from a page loaded before another editor saved a new summary and overrode its
    flag took back that override, given on words this editor never read."""
    client, tmp, _ = site
    pid = hype_flagged(site)
    client.post(f"/papers/{pid}/checks/hype", data={**override_form(client, pid, "hype"), "reason": "quoted"})
    stale = override_form(client, pid, "hype")  # the withdraw button, for summary version 2
    hype_flagged(site, dek="A miracle for couples, a game-changer.")  # version 3, saved meanwhile
    client.post(f"/papers/{pid}/checks/hype", data={**override_form(client, pid, "hype"), "reason": "both quoted"})
    refused = client.post(f"/papers/{pid}/checks/hype", data=stale)
    assert refused.status_code == 302
    text = BeautifulSoup(client.get(f"/papers/{pid}").text, "html.parser").get_text(" ", strip=True)
    assert "summary changed after the checks you read were shown" in text and "Overridden by sam" in text
    rows = list(open_db(tmp / "tracker.db").query("SELECT summary_version, reason FROM check_overrides ORDER BY id"))
    assert rows == [{"summary_version": 2, "reason": "quoted"}, {"summary_version": 3, "reason": "both quoted"}]


def test_an_override_from_a_page_older_than_the_summary_is_refused_and_records_nothing(site):
    client, tmp, _ = site
    pid = hype_flagged(site)
    fields = override_form(client, pid, "hype")
    # a version saved since (another editor, another window) whose hype flag quotes other words as well
    hype_flagged(site, dek="A miracle for couples, a game-changer.")
    refused = client.post(f"/papers/{pid}/checks/hype", data={**fields, "reason": "the authors' word"})
    assert refused.status_code == 302 and refused.headers["Location"].endswith(f"/papers/{pid}#checks")
    assert open_db(tmp / "tracker.db")["check_overrides"].count == 0
    text = BeautifulSoup(client.get(f"/papers/{pid}").text, "html.parser").get_text(" ", strip=True)
    assert "summary changed after the checks you read were shown" in text and "Nothing was recorded" in text
    # a post that names no version (a page from before the form named it, one made by hand) records nothing
    for version in ({}, {"summary_version": "\u00b2"}):
        refused = client.post(f"/papers/{pid}/checks/hype", data={"csrf_token": fields["csrf_token"], "reason": "x", **version})
        assert refused.status_code == 302
    assert open_db(tmp / "tracker.db")["check_overrides"].count == 0
    text = BeautifulSoup(client.get(f"/papers/{pid}").text, "html.parser").get_text(" ", strip=True)
    assert "the form did not say which version of the summary you read" in text
    # read again, the override goes through, for the version now shown
    fields = override_form(client, pid, "hype")
    assert client.post(f"/papers/{pid}/checks/hype", data={**fields, "reason": "quoted"}).status_code == 302
    row = next(open_db(tmp / "tracker.db").query("SELECT * FROM check_overrides"))
    assert row["summary_version"] == 3 and row["reason"] == "quoted"


def test_the_study_type_is_set_from_the_paper_page(site):
    client, tmp, ids = site
    pid = ids["survey"]  # no lay summary: listed under "Also this week"
    page = client.get(f"/papers/{pid}").text
    assert "Observational study" in page and "Also this week" in page
    assert post(client, f"/papers/{pid}/label", study_type="anecdote").status_code == 400
    assert post(client, f"/papers/{pid}/label", study_type="case_report", reason="one couple").status_code == 302
    page = BeautifulSoup(client.get(f"/papers/{pid}").text, "html.parser")
    assert "Case report" in page.find("section", id="checks").p.get_text()
    assert "set by an editor" in page.find("section", id="checks").get_text()
    row = next(open_db(tmp / "tracker.db").query("SELECT * FROM study_type_labels"))
    assert (row["study_type"], row["reason"], row["editor"]) == ("case_report", "one couple", "sam")
    # the same again records nothing, and says so
    assert post(client, f"/papers/{pid}/label", study_type="case_report", reason="one couple").status_code == 302
    assert "Study type: Case report already; nothing recorded." in client.get(f"/papers/{pid}").text
    assert open_db(tmp / "tracker.db")["study_type_labels"].count == 1
    post(client, f"/papers/{pid}/label", study_type="")
    assert "derived from the record" in client.get(f"/papers/{pid}").text


# -- errors by class, not by their words (issue 15, item 6) -----------------------------------------

def test_a_missing_paper_is_a_404_by_its_class_not_by_its_words(site, monkeypatch):
    import tracker.web.digest as web_digest
    from tracker.digest import DigestError
    from tracker.errors import PaperNotFound

    client, _, ids = site
    assert post(client, "/papers/999999/label", study_type="case_report").status_code == 404
    assert post(client, "/papers/999999/checks/hype", reason="quoted").status_code == 404
    assert post(client, "/papers/999999/checks/hype", withdraw="1").status_code == 404

    def missing(*args, **kwargs):  # a paper merged away between the page and the form
        raise PaperNotFound(ids["framework"])

    def words(*args, **kwargs):  # says "no paper" and is no missing paper
        raise DigestError("no paper of this kind takes that label")

    monkeypatch.setattr(web_digest, "set_override", missing)
    assert post(client, f"/papers/{ids['framework']}/checks/hype", withdraw="1").status_code == 404
    monkeypatch.setattr(web_digest, "set_label", words)
    refused = post(client, f"/papers/{ids['framework']}/label", study_type="case_report")
    assert refused.status_code == 400 and "no paper of this kind" in refused.text


def test_a_label_by_an_account_removed_mid_request_is_a_400_not_a_server_error(site, monkeypatch):
    """An account removed between the page's session check and the write (its sessions end at
    once, so only then) leaves a name the history may not record: a 400 that says so, not a 500."""
    import tracker.digest.edition as edition
    from tracker.errors import Refused

    client, tmp, ids = site

    def removed(db, name):
        raise Refused(f"{name!r} has no editor account (the editors: kim)")

    monkeypatch.setattr(edition, "recorded_name", removed)
    answer = post(client, f"/papers/{ids['survey']}/label", study_type="case_report")
    assert answer.status_code == 400 and "has no editor account" in answer.text
    assert open_db(tmp / "tracker.db")["study_type_labels"].count == 0


def test_an_editor_in_the_web_ui_never_reads_the_command_lines_advice(site, monkeypatch):
    """The domain's question without a name ("who is labelling?") reaches a web page as a 400,
    without the command line's "--editor NAME" (a page always knows its editor; this drives the
    domain functions without one to see the wording that would reach it)."""
    import tracker.review as review
    import tracker.web.digest as web_digest

    client, tmp, ids = site
    pid = ids["framework"]
    real_label, real_override, real_decide, real_save = (web_digest.set_label, web_digest.set_override,
                                                          review.decide, review.save_summary)
    monkeypatch.setattr(web_digest, "set_label", lambda db, paper_id, study_type, editor, reason=None:
                        real_label(db, paper_id, study_type, "", reason))
    monkeypatch.setattr(web_digest, "set_override", lambda db, paper_id, check, reason, editor, config=None,
                        seen_version=None: real_override(db, paper_id, check, reason, "", config=config,
                                                         seen_version=seen_version))
    monkeypatch.setattr(review, "decide", lambda db, decision, **kw: real_decide(db, decision.__class__(
        **{**decision.__dict__, "editor": ""}), **kw))
    monkeypatch.setattr(review, "save_summary", lambda db, paper_id, fields, editor, base_version=None:
                        real_save(db, paper_id, fields, "", base_version=base_version))
    summary = {**digestdata.SUMMARIES["framework"], "base_version": "1"}
    for url, data, question in (
            (f"/papers/{pid}/label", {"study_type": "case_report"}, "who is labelling?"),
            (f"/papers/{pid}/checks/hype", {"withdraw": "1"}, "who is overriding?"),
            (f"/papers/{pid}/decide", {"action": "hold", "expected": "0"}, "who is deciding?"),
            (f"/papers/{pid}/summary", summary, "who is writing?")):
        page = post(client, url, **data)
        assert page.status_code == 400 and question in page.text, url
        assert "--editor" not in page.text and "TRACKER_EDITOR" not in page.text, url
    assert open_db(tmp / "tracker.db")["study_type_labels"].count == 0
