"""The editors' web UI in a real browser: Debian's Chromium driven by Playwright, against the
app served over HTTP on 127.0.0.1 as `tracker serve` does.

Skipped, with the reason, where Chromium or Playwright is missing; with TRACKER_REQUIRE_BROWSER=1
(set by .ci/run) a missing browser fails the run instead (the `browser` fixture is conftest.py's,
its settings tests/browserkit.py's). The queue screenshot in the README
(docs/screenshots/queue.png) is taken here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import webdata
from browserkit import TIMEOUT_MS

from tracker import review
from tracker.store import open_db
from tracker.web import create_app

SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "queue.png"
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture
def site(web_db, web_db_path, serve_app):
    """The app on a real HTTP server (conftest's serve_app), on a fresh copy of the database;
    (base URL, database path, paper ids)."""
    app = create_app(web_db_path, webdata.config(), secret_key="browser-test-secret-" + "y" * 32)
    return serve_app(app), web_db_path, web_db[1]


def logged_in(browser, base: str, name: str = "alice"):
    """A new browser context (its own cookies) with `name` logged in; returns its page."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(base + "/")
    assert "/login" in page.url
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", webdata.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(base) + r"/(#.*)?$"))
    return page


def row_ids(page) -> list[int]:
    return [int(i[2:]) for i in page.eval_on_selector_all("li[data-row]", "rows => rows.map(r => r.id)")]


def selected_id(page) -> int:
    return int(page.get_attribute("li[data-row].selected", "id")[2:])


def paper(db_path, paper_id: int) -> dict:
    return next(open_db(db_path).query("SELECT * FROM papers WHERE id = ?", [paper_id]))


def test_log_in_see_the_queue_and_take_the_screenshot(browser, site, tmp_path):
    """TRACKER_UPDATE_SCREENSHOTS=1 writes the README's picture; otherwise it goes to a temp folder."""
    base, _, ids = site
    shot = SCREENSHOT if os.environ.get("TRACKER_UPDATE_SCREENSHOTS") == "1" else tmp_path / "queue.png"
    page = logged_in(browser, base)
    assert row_ids(page)[0] == ids["couples"]
    assert selected_id(page) == ids["couples"]
    first = page.locator("li[data-row]").first
    assert first.locator(".title mark").all_inner_texts() == ["Psilocybin", "couple therapy", "relationship distress"]
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    page.context.close()


def test_a_week_of_triage_by_keyboard(browser, site, monkeypatch):
    edition = str(webdata.freeze_week(monkeypatch))  # the server thread's clock too
    base, db_path, _ = site
    page = logged_in(browser, base)
    order = row_ids(page)
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert selected_id(page) == order[1]

    page.keyboard.press("a")  # approve; the selection moves on once it is recorded
    page.locator(f"#p-{order[1]} .row-msg.ok").wait_for()
    assert selected_id(page) == order[2]
    assert "approved" in page.inner_text(f"#p-{order[1]} [data-status]")

    page.keyboard.press("r")  # reject asks for the reason
    reason = page.locator(f"#p-{order[2]} input[name=reason]")
    assert reason.is_visible()
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.type("an anaesthesia study, not therapy")
    page.keyboard.press("Enter")
    page.locator(f"#p-{order[2]} .row-msg.ok").wait_for()
    assert selected_id(page) == order[3]

    page.keyboard.press("h")
    page.locator(f"#p-{order[3]} .row-msg.ok").wait_for()

    assert (paper(db_path, order[1])["status"], paper(db_path, order[1])["edition"]) == ("approved", edition)
    assert paper(db_path, order[2])["status"] == "rejected"
    assert paper(db_path, order[3])["status"] == "held"
    decisions = list(open_db(db_path).query("SELECT paper_id, editor, to_status, reason FROM decisions ORDER BY id"))
    assert decisions == [
        {"paper_id": order[1], "editor": "alice", "to_status": "approved", "reason": None},
        {"paper_id": order[2], "editor": "alice", "to_status": "rejected", "reason": "an anaesthesia study, not therapy"},
        {"paper_id": order[3], "editor": "alice", "to_status": "held", "reason": None},
    ]

    page.keyboard.press("Enter")  # open the selected paper
    page.wait_for_url(f"{base}/papers/{order[4]}")
    page.context.close()


def test_the_keys_act_on_the_paper_focus_is_on(browser, site):
    """Tab onto the third paper's title, press h: the first paper, still highlighted from the load,
    was held (a decision that stays in the history), and the third was left as it was."""
    base, db_path, _ = site
    page = logged_in(browser, base)
    order = row_ids(page)
    page.focus(f"#p-{order[2]} .title a")  # where Tab stops take a keyboard-only editor
    assert selected_id(page) == order[2]
    page.keyboard.press("h")
    page.locator(f"#p-{order[2]} .row-msg.ok").wait_for()
    assert paper(db_path, order[2])["status"] == "held"
    assert paper(db_path, order[0])["status"] != "held"
    assert page.url.endswith(f"#p-{order[3]}")  # the selection moved on, and Back would return to it
    # j from a focused row takes the focus along: a Tab, or the window's focus coming back, left
    # the selection where the focus had stayed (review), and a key then acted on that paper
    page.focus(f"#p-{order[4]} .title a")
    page.keyboard.press("j")
    assert selected_id(page) == order[5]
    assert page.evaluate("document.activeElement.closest('[data-row]').id") == f"p-{order[5]}"
    page.keyboard.press("Tab")
    assert selected_id(page) == order[5], "the selection went back to the row the focus had been in"
    page.context.close()


def test_the_queue_and_a_paper_fit_a_phone(browser, site):
    """At 375 px the header's name and "Log out" sat off the screen, and the paper page's tables
    (a feed's long address among the sightings, the decisions' reasons) widened the page."""
    base, db_path, ids = site
    page = logged_in(browser, base)
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/", f"/papers/{ids['couples']}"):
        page.goto(base + path)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, path
        logout = page.eval_on_selector("form.logout button", "b => b.getBoundingClientRect().right")
        assert logout <= 375, path
    page.context.close()
    # ... while on a wide screen a long reason leaves the decisions' other columns whole (a rule
    # for phones had let every cell break anywhere: "E/di/to/r", a timestamp in three lines)
    review.decide(open_db(db_path), review.Decision(ids["couples"], "alice", "hold", note="word " * 60),
                  default_edition="2026-W48")
    review.decide(open_db(db_path), review.Decision(ids["couples"], "alice", "reopen",
                                                    note="https://example.org/" + "segment" * 50),
                  default_edition="2026-W48", scorer_status=lambda score: "candidate")
    page = logged_in(browser, base)
    page.goto(f"{base}/papers/{ids['couples']}")
    heights = page.eval_on_selector_all("table th", "ths => ths.map(th => th.getBoundingClientRect().height)")
    assert max(heights) < 2 * min(heights), heights  # every heading on one line
    # ... and a long unbroken address in a note breaks rather than widening the page
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    page.context.close()


def test_search_from_the_keyboard(browser, site):
    base, _, ids = site
    page = logged_in(browser, base)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("ketamine")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=ketamine"))
    assert row_ids(page) == [ids["ketamine"]]
    assert page.locator("li[data-row] .title mark").all_inner_texts() == ["Ketamine"]
    page.context.close()


def test_approve_with_a_lay_summary_through_the_form(browser, site, monkeypatch):
    edition = str(webdata.freeze_week(monkeypatch))
    base, db_path, ids = site
    page = logged_in(browser, base)
    page.goto(f"{base}/papers/{ids['ketamine']}")
    fields = {
        "headline": "Ketamine infusions eased hard-to-treat depression for many",
        "dek": "A randomized trial in outpatients; effects were short-lived.",
        "summary": "Adults whose depression had not improved with other treatments received infusions.",
        "key_takeaway": "Ketamine can help some people quickly, under medical supervision.",
        "what_it_means": "Talk to your psychiatrist; this is not a home treatment.",
        "caveats": "Short follow-up; a single site.",
    }
    for key, value in fields.items():
        page.fill(f"[name={key}]", value)
    page.click("text=Save summary")
    page.locator(".flash", has_text="Saved version 1").wait_for()
    # the page opens at the summary, and the message is there, in view (it was at the page's top,
    # 500 px above the window)
    assert page.url.endswith("#summary")
    assert _in_view(_box(page, ".messages")) and page.locator("#summary .messages").count() == 1
    page.click("button.approve")
    page.locator(".flash", has_text="candidate → approved").wait_for()
    assert page.locator(".state").inner_text().startswith("approved")

    row = paper(db_path, ids["ketamine"])
    assert row["status"] == "approved" and row["edition"] == edition == "2026-W48"
    summary = review.lay_summary(open_db(db_path), ids["ketamine"])
    assert {k: summary[k] for k in fields} == fields and summary["editor"] == "alice"
    page.context.close()


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def _in_view(box: dict) -> bool:
    """Some of the element is on screen, its top included (a heading can be read)."""
    return 0 <= box["y"] < VIEWPORT["height"] - 20 and box["y"] + box["height"] > 0


def test_writing_a_summary_the_abstract_stays_in_view_and_the_checks_sit_beside_the_form(browser, site):
    """At 1280x800: abstract on the left, kept in view; the form beside it; the checks beside the form."""
    base, db_path, ids = site
    page = logged_in(browser, base)
    page.goto(f"{base}/papers/{ids['ketamine']}")
    form, checks = _box(page, ".summary-form"), _box(page, "section.checks")
    abstract = _box(page, "section.abstract")
    # Side by side: abstract | form | checks, their tops level, not stacked one under another.
    assert abstract["x"] + abstract["width"] <= form["x"]
    assert form["x"] + form["width"] <= checks["x"]
    assert checks["x"] + checks["width"] <= VIEWPORT["width"]
    assert abs(checks["y"] - _box(page, "section.summary")["y"]) < 40
    assert abs(abstract["y"] - _box(page, "section.summary")["y"]) < 40
    # Writing each field in turn, the abstract's heading and the field are on screen together.
    for key in ("headline", "dek", "summary", "key_takeaway", "what_it_means", "caveats"):
        page.focus(f"[name={key}]")
        page.locator(f"[name={key}]").scroll_into_view_if_needed()
        assert _in_view(_box(page, f"[name={key}]")), key
        assert _in_view(_box(page, "section.abstract h2")), key
        assert _in_view(_box(page, "section.abstract p")), key
        assert _in_view(_box(page, "#checks-heading")), key
    page.context.close()


def test_a_summary_not_yet_saved_is_not_left_behind_by_another_form_unasked(browser, site):
    """Typing in the summary form, then pressing another form's button on the page, asks before
    the page goes; saying stay keeps the text and records nothing. Saving the summary asks nothing."""
    base, db_path, ids = site
    page = logged_in(browser, base)
    page.goto(f"{base}/papers/{ids['ketamine']}")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.click("[name=caveats]")
    page.keyboard.type("Only twelve couples took part.")
    page.click("text=Set study type")
    page.wait_for_timeout(300)  # time for a navigation to start, had the editor said leave
    assert asked == ["beforeunload"]
    assert page.input_value("[name=caveats]") == "Only twelve couples took part."
    assert open_db(db_path)["study_type_labels"].count == 0  # the other form was not sent
    page.click("text=Save summary")
    page.locator(".flash", has_text="Saved version 1").wait_for()
    assert asked == ["beforeunload"]
    assert review.lay_summary(open_db(db_path), ids["ketamine"])["caveats"] == "Only twelve couples took part."
    page.context.close()


def test_a_key_that_takes_a_paper_out_of_an_e_mailed_edition_asks_first(browser, site, monkeypatch):
    """`h` on a paper whose edition went out asks before the paper leaves it: no, and nothing is
    recorded; yes, and it is held. A paper of an edition not yet sent is held without a question."""
    edition = webdata.freeze_week(monkeypatch)
    base, db_path, ids = site
    db = open_db(db_path)
    review.decide(db, review.Decision(ids["ketamine"], "alice", "approve", edition=str(edition)),
                  default_edition=str(edition))
    review.decide(db, review.Decision(ids["sedation"], "alice", "approve", edition=str(edition.next())),
                  default_edition=str(edition))
    with db.conn:  # the edition went out (as a send to subscribers forgotten since leaves it)
        db.execute("INSERT INTO forgotten_sends (edition, first_at, messages) VALUES (?, ?, 3)",
                   [str(edition), "2026-11-24T09:00:00Z"])
    db.conn.close()
    page = logged_in(browser, base)
    answers = []

    def answer(dialog):
        answers.append(dialog.message)
        dialog.accept() if len(answers) > 1 else dialog.dismiss()

    page.on("dialog", answer)
    page.goto(f"{base}/?status=approved#p-{ids['sedation']}")
    assert page.get_attribute(f"#p-{ids['sedation']}", "data-sent") is None
    page.keyboard.press("h")
    page.locator(f"#p-{ids['sedation']} .row-msg.ok").wait_for()
    assert answers == [] and paper(db_path, ids["sedation"])["status"] == "held"

    page.goto(f"{base}/?status=approved#p-{ids['ketamine']}")
    page.reload()  # only the fragment changed: load the page again, selecting that row
    assert page.get_attribute(f"#p-{ids['ketamine']}", "data-sent") == str(edition)
    page.keyboard.press("h")
    page.wait_for_timeout(300)  # time for a request to go, had the editor said yes
    assert len(answers) == 1 and f"edition {edition}, which was e-mailed" in answers[0]
    assert paper(db_path, ids["ketamine"])["status"] == "approved"
    page.keyboard.press("h")
    page.locator(f"#p-{ids['ketamine']} .row-msg.ok").wait_for()
    assert len(answers) == 2 and paper(db_path, ids["ketamine"])["status"] == "held"
    page.context.close()


def test_reject_with_a_reason_on_the_paper_page(browser, site):
    base, db_path, ids = site
    page = logged_in(browser, base)
    page.goto(f"{base}/papers/{ids['sedation']}")
    page.click("details.reject summary")
    page.fill("details.reject input[name=reason]", "procedural sedation, not therapy")
    page.click("details.reject button[type=submit]")
    page.locator(".flash", has_text="below_threshold → rejected").wait_for()
    assert "procedural sedation, not therapy" in page.inner_text(".history")
    assert paper(db_path, ids["sedation"])["status"] == "rejected"
    page.context.close()


def test_two_editors_one_paper_the_stale_page_is_refused(browser, site):
    base, db_path, ids = site
    alice = logged_in(browser, base, "alice")
    bob = logged_in(browser, base, "bob")
    pid = ids["family"]
    alice.goto(f"{base}/papers/{pid}")
    bob.goto(f"{base}/papers/{pid}")
    alice.click("button.approve")
    alice.locator(".flash", has_text="approved").wait_for()

    bob.click("details.reject summary")
    bob.fill("details.reject input[name=reason]", "not relevant")
    bob.click("details.reject button[type=submit]")
    bob.locator("h1", has_text="Someone decided first").wait_for()
    message = bob.inner_text("main")
    assert "alice" in message and "candidate → approved" in message and "not recorded" in message

    # The same from the queue, where decisions go through fetch(): the row says so, nothing changes.
    bob.goto(f"{base}/?topic=relational&status=all")
    other = ids["couples"]
    alice.goto(f"{base}/papers/{other}")
    alice.click("button.hold")
    alice.locator(".flash", has_text="held").wait_for()
    assert selected_id(bob) == other  # the first row: it scores highest
    bob.keyboard.press("a")
    bob.locator(f"#p-{other} .row-msg.error", has_text="alice").wait_for()
    assert bob.inner_text(f"#p-{other} [data-status]") == "held"  # the row says what the paper is now
    bob.goto(f"{base}/?status=approved")  # approved already: "a" has nothing to send, and says so
    assert selected_id(bob) == pid
    bob.keyboard.press("a")
    bob.locator(f"#p-{pid} .row-msg", has_text="Nothing to do: this paper is approved").wait_for()

    history = review.history(open_db(db_path), pid) + review.history(open_db(db_path), other)
    assert [(h["editor"], h["to_status"]) for h in history] == [("alice", "approved"), ("alice", "held")]
    assert paper(db_path, pid)["status"] == "approved"
    alice.context.close()
    bob.context.close()
