"""An edition already e-mailed (`tracker digest send`) is closed: approvals without an edition go
to the next one not sent, an edition named that was sent is refused, one named long past is
taken with a warning, and taking a paper out of a sent edition says what the next build does to
the link in the e-mail. The command line, the decisions import and the web UI alike.

The world is newsletterdata's: edition 2026-W47 approved, checked and built, and e-mailed here
through a real SMTP server (aiosmtpd) with the real `tracker digest send`, the clock held in that
week."""

from __future__ import annotations

import re
import sys
from datetime import datetime, timezone

import newsletterdata as nd
import pytest
import webdata
from bs4 import BeautifulSoup
from builders import save_paper

from tracker.config import load_config
from tracker.editions import Week
from tracker.merge import Merger
from tracker.records import Record
from tracker.score import Scorer
from tracker.store import open_db
from tracker.web import create_app

SENT, NEXT = nd.EDITION, "2026-W48"  # 2026-W47 is e-mailed; 2026-W48 is the next open edition
IN_THE_SENT_WEEK = datetime(2026, 11, 18, 12, 0)


def hold_clock(monkeypatch, now: datetime = IN_THE_SENT_WEEK) -> None:
    """Week.current at `now` for the rest of the test (the command line runs in this process)."""
    real = Week.current.__func__
    monkeypatch.setattr(Week, "current", classmethod(lambda cls, tz, at=None: real(cls, tz, at or now)))


@pytest.fixture
def world(newsletter_world, tmp_path, monkeypatch, smtp):
    """2026-W47 e-mailed to three subscribers; a new paper waiting (`fresh`); the clock in 2026-W47."""
    config, db_path, site = nd.copy_world(newsletter_world, tmp_path)
    run = nd.cli_runner(config, db_path)
    run.config, run.db, run.site = config, db_path, site
    hold_clock(monkeypatch)
    nd.add(db_path, "ann@example.org", "ben@example.org", "cleo@example.net")
    sent = run("digest", "send", "--edition", SENT, "--site", str(site), env={"TRACKER_SMTP_URL": smtp.url})
    assert sent.exit_code == 0 and "3 sent" in sent.stderr, sent.output
    db = open_db(db_path)
    merger = Merger(db, Scorer(load_config(config)), "pubmed", "pubmed", None)
    with db.conn:
        run.fresh = save_paper(merger, Record(
            title="Psilocybin-assisted therapy for couples with depression: an open trial",
            abstract="Couples received psilocybin-assisted couple therapy; depression fell.",
            pmid="99300077", journal="Journal of Invented Studies", published="2026-11", source_key="99300077"))
    run.ids = {name: db.execute("SELECT id FROM papers WHERE doi = ?", [doi]).fetchone()[0]
               for name, doi in (("couples", "10.5555/dg.couples"), ("survey", "10.5555/dg.ayahuasca"))}
    run.today = datetime.now(timezone.utc).date().isoformat()  # when the send above went out
    db.conn.close()
    return run


def paper(db_path, paper_id: int) -> dict:
    return next(open_db(db_path).query("SELECT status, edition, last_decision FROM papers WHERE id = ?", [paper_id]))


def test_the_send_log_says_which_editions_were_e_mailed_when_and_to_how_many(world):
    from tracker.editions import open_edition, sent_edition

    db = open_db(world.db)
    sent = sent_edition(db, SENT)
    assert (sent.edition, sent.day, sent.subscribers) == (SENT, world.today, 3)
    assert sent_edition(db, NEXT) is None and sent_edition(db, None) is None
    assert open_edition(db, SENT) == (Week.parse(NEXT), [sent])
    assert open_edition(db, NEXT) == (Week.parse(NEXT), [])


# -- the command line -------------------------------------------------------------------------

def test_an_approval_without_an_edition_goes_to_the_next_edition_not_sent_and_says_so(world):
    result = world("approve", str(world.fresh), "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert f"-> approved for edition {NEXT} (by sam)" in result.stderr
    assert (f"{SENT} was e-mailed on {world.today} to 3 subscriber(s), so the approval goes to {NEXT}, "
            "the next edition not sent") in result.stderr
    assert paper(world.db, world.fresh)["edition"] == NEXT


def test_an_edition_named_that_was_e_mailed_is_refused_naming_when_and_the_next_open_one(world):
    before = paper(world.db, world.fresh)
    result = world("approve", str(world.fresh), "--edition", SENT, "--editor", "sam")
    assert result.exit_code == 1
    assert (f"tracker: error: edition {SENT} was e-mailed on {world.today} to 3 subscriber(s); it takes no more "
            f"papers. The next edition not sent is {NEXT}: approve for that one") in result.stderr
    assert paper(world.db, world.fresh) == before  # nothing recorded


def test_an_edition_long_past_never_sent_is_taken_with_a_warning(world):
    result = world("approve", str(world.fresh), "--edition", "2025-W47", "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert ("tracker: warning: 2025-W47 is 52 weeks before 2026-W47, the current week, and was never "
            f"e-mailed; approved for it all the same (check the year: the next edition not sent is {NEXT})"
            ) in result.stderr
    assert paper(world.db, world.fresh)["edition"] == "2025-W47"
    ahead = world("approve", str(world.fresh), "--edition", "2027-W47", "--editor", "sam")  # the year, the other way
    assert ahead.exit_code == 0 and "warning: 2027-W47 is 53 weeks after 2026-W47, the current week" in ahead.stderr
    soon = world("approve", str(world.fresh), "--edition", "2026-W50", "--editor", "sam")
    assert soon.exit_code == 0 and "warning" not in soon.stderr


def test_an_edition_never_sent_before_one_that_was_is_taken_with_a_warning(world):
    # a few weeks back, so no word about the year; but subscribers already had a later edition
    result = world("approve", str(world.fresh), "--edition", "2026-W44", "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert (f"tracker: warning: 2026-W44 was never e-mailed, but {SENT} was e-mailed on {world.today} to 3 "
            f"subscriber(s); approved for 2026-W44 all the same (subscribers get it only if it is sent after "
            f"{SENT}: check the edition, the next edition not sent is {NEXT})") in result.stderr
    assert "weeks before" not in result.stderr
    assert paper(world.db, world.fresh)["edition"] == "2026-W44"
    # an edition after the last one sent is what approvals are for: no word
    later = world("approve", str(world.fresh), "--edition", "2026-W49", "--editor", "sam")
    assert later.exit_code == 0 and "warning" not in later.stderr
    # subscribers forgotten since do not change what was e-mailed
    db = open_db(world.db)
    with db.conn:
        db.execute("INSERT INTO forgotten_sends (edition, first_at, messages) VALUES ('2026-W46', '2026-11-10T09:00:00Z', 2)")
    from tracker.editions import sent_after
    assert sent_after(db, "2026-W45").edition == SENT and sent_after(db, SENT) is None
    db.execute("DELETE FROM sends")
    assert sent_after(db, "2026-W45").edition == "2026-W46"


def test_an_approval_with_no_edition_warns_when_a_week_to_come_went_out_early(world):
    db = open_db(world.db)
    with db.conn:
        db.execute("UPDATE sends SET edition = '2026-W50'")  # as if 2026-W50 had gone out --early, not 2026-W47
    plain = world("approve", str(world.fresh), "--editor", "sam")
    assert plain.exit_code == 0, plain.output
    assert f"-> approved for edition {SENT}" in plain.stderr
    assert (f"tracker: warning: {SENT} was never e-mailed, but 2026-W50 was e-mailed on {world.today} to 3 "
            f"subscriber(s); approved for {SENT} all the same (subscribers get it only if it is sent after "
            "2026-W50)") in plain.stderr


def test_taking_a_paper_out_of_a_sent_edition_is_allowed_and_warns_of_the_dead_link(world):
    slug = open_db(world.db).execute("SELECT slug FROM article_slugs WHERE paper_id = ?",
                                     [world.ids["couples"]]).fetchone()[0]
    result = world("reject", str(world.ids["couples"]), "--reason", "wrong population", "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert "approved -> rejected (by sam)" in result.stderr
    assert (f"tracker: warning: paper {world.ids['couples']} was in edition {SENT}, e-mailed on {world.today} to "
            f"3 subscriber(s): the next build of {SENT} takes its page (articles/{slug}/) down, and the link to "
            "it in those e-mails will then lead nowhere") in result.stderr
    assert paper(world.db, world.ids["couples"])["status"] == "rejected"

    held = world("hold", str(world.ids["survey"]), "--editor", "sam")  # listed only: no page of its own
    assert held.exit_code == 0 and (f"was in edition {SENT}, e-mailed on {world.today} to 3 subscriber(s): the "
                                    f"next build of {SENT} leaves it out of the edition's web page") in held.stderr
    # once out, it is a paper like any other: approving it again goes to the open edition
    again = world("reopen", str(world.ids["survey"]), "--editor", "sam")
    assert again.exit_code == 0 and "warning" not in again.stderr
    # ... and a paper taken out by mistake can be put back where the e-mail links to it, with a word
    back = world("approve", str(world.ids["couples"]), "--edition", SENT, "--editor", "sam")
    assert back.exit_code == 0, back.output
    assert (f"tracker: warning: paper {world.ids['couples']} goes back into {SENT} (e-mailed on {world.today}"
            f" to 3 subscriber(s)): the next build of {SENT} shows it again, where the e-mail links") in back.stderr
    assert paper(world.db, world.ids["couples"])["edition"] == SENT
    # (a paper that was never in it still cannot join it)
    refused = world("approve", str(world.fresh), "--edition", SENT, "--editor", "sam")
    assert refused.exit_code == 1 and "it takes no more papers" in refused.stderr


def test_the_decisions_import_warns_and_steps_over_the_sent_edition(world, tmp_path):
    csv = tmp_path / "dec2.csv"
    csv.write_text("pmid,doi,decision,reason\n99300011,,hold,\n99300077,,approve,\n", encoding="utf-8")
    result = world("decisions", "import", str(csv), "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert (f"  line 2: paper #{world.ids['survey']}: approved -> held\n"
            f"    warning: paper {world.ids['survey']} was in edition {SENT}, e-mailed on {world.today}"
            ) in result.stderr
    assert (f"  line 3: paper #{world.fresh}: candidate -> approved for edition {NEXT}\n"
            f"    {SENT} was e-mailed on {world.today} to 3 subscriber(s), so the approval goes to {NEXT}"
            ) in result.stderr.replace("below_threshold", "candidate")
    assert paper(world.db, world.fresh)["edition"] == NEXT


# -- the web UI -------------------------------------------------------------------------------

@pytest.fixture
def editor(world):
    app = create_app(world.db, load_config(world.config), secret_key="sent-editions-" + "s" * 40, testing=True)
    return webdata.Editor(app, "sam")


def test_the_queue_names_the_edition_approvals_really_go_to(world, editor):
    legend = BeautifulSoup(editor.get("/").text, "html.parser").select_one("p.legend").get_text(" ", strip=True)
    assert f"Approvals go to edition {NEXT} ({SENT} was e-mailed on {world.today})." in legend
    page = BeautifulSoup(editor.get(f"/papers/{world.fresh}").text, "html.parser")
    select = page.select_one("form[data-action=approve] select[name=edition]")
    assert select.select_one("option[selected]")["value"] == NEXT
    sent_option = select.select_one(f"option[value='{SENT}']")
    assert sent_option.has_attr("disabled") and f"(e-mailed {world.today})" in sent_option.text


def test_the_edition_page_of_a_sent_edition_says_so_instead_of_ready_to_send(world, editor):
    text = BeautifulSoup(editor.get(f"/editions/{SENT}").text, "html.parser").get_text(" ", strip=True)
    assert f"Sent: e-mailed on {world.today} to 3 subscriber(s)." in text and "Ready to send" not in text
    assert f"approvals go to {NEXT}" in text
    assert "Sent:" not in BeautifulSoup(editor.get(f"/editions/{NEXT}").text, "html.parser").get_text()


def test_the_web_refuses_a_sent_edition_and_warns_when_a_paper_leaves_one(world, editor):
    refused = editor.decide(world.fresh, "approve", edition=SENT, json=True)
    assert refused.status_code == 400
    assert refused.json["error"].startswith(f"edition {SENT} was e-mailed on {world.today} to 3 subscriber(s)")
    assert paper(world.db, world.fresh)["status"] != "approved"

    done = editor.decide(world.fresh, "approve", json=True)  # no edition: the open one
    assert done.status_code == 200 and done.json["edition"] == NEXT
    assert f"{SENT} was e-mailed on {world.today}" in done.json["notices"][0]

    moved = editor.post(f"/papers/{world.fresh}/edition",
                        {"edition": SENT, "expected": paper(world.db, world.fresh)["last_decision"]})
    assert moved.status_code == 400 and "it takes no more papers" in moved.text

    held = editor.decide(world.ids["couples"], "hold")
    assert held.status_code == 302, held.text
    page = editor.get(held.headers["Location"])
    flashes = [li.get_text() for li in BeautifulSoup(page.text, "html.parser").select("li.flash.warning")]
    assert any(f.startswith(f"Warning: paper {world.ids['couples']} was in edition {SENT}, e-mailed on")
               and "lead nowhere" in f for f in flashes), flashes


# -- tracker edit -----------------------------------------------------------------------------

def _editor_writing(tmp_path, monkeypatch, seen, **fields: str) -> None:
    """$EDITOR that keeps the template it was given in `seen` and types each field's text under its
    key (the template's fields are empty literal blocks, "key: |")."""
    script = tmp_path / "writer.py"
    script.write_text(
        "import sys\np = sys.argv[1]\ntext = open(p, encoding='utf-8').read()\n"
        f"open({str(seen)!r}, 'w', encoding='utf-8').write(text)\n"
        f"for key, value in {fields!r}.items():\n"
        "    text = text.replace(f'\\n{key}: |\\n', f'\\n{key}: |\\n  {value}\\n', 1)\n"
        "open(p, 'w', encoding='utf-8').write(text)\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


def _editor_replacing(tmp_path, monkeypatch, *pairs: tuple[str, str]) -> None:
    """$EDITOR that replaces, in the file it is given, each (old, new) once."""
    script = tmp_path / f"replacing{len(list(tmp_path.glob('replacing*.py')))}.py"
    script.write_text("import sys\np = sys.argv[1]\nt = open(p, encoding='utf-8').read()\n"
                      f"for old, new in {list(pairs)!r}:\n    t = t.replace(old, new, 1)\n"
                      "open(p, 'w', encoding='utf-8').write(t)\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


def test_edit_names_the_paper_in_the_template_and_prints_the_checks_of_what_it_saved(world, tmp_path, monkeypatch):
    seen = tmp_path / "seen.yaml"
    _editor_writing(tmp_path, monkeypatch, seen, headline="Couples and psilocybin",
                    summary="Psilocybin is a miracle for couples. It is completely safe.")
    result = world("edit", str(world.fresh), "--editor", "sam")
    assert result.exit_code == 0, result.output
    template = seen.read_text(encoding="utf-8").split("\n")
    assert template[0] == (f"# Paper {world.fresh}: Psilocybin-assisted therapy for couples with depression: "
                           "an open trial")
    assert re.fullmatch(r"# Study type: \S.*", template[1])
    lines = result.stderr.split("\n")
    assert lines[0] == "saved version 1"
    assert lines[1].startswith("checks of version 1 (study type: ") and lines[1].endswith("):")
    assert any(line.startswith("  blocks sending: hype: 'miracle'") for line in lines), lines
    assert any(line.startswith("  blocks sending: safety: 'completely safe'") for line in lines), lines
    assert lines[-2] == f"  (edit again, or let a flag pass: tracker digest override {world.fresh} CHECK --reason TEXT)"

    _editor_replacing(tmp_path, monkeypatch,
                      ("Psilocybin is a miracle for couples. It is completely safe.",
                       "Twelve couples took part. Most said they felt closer."),
                      ("caveats: |\n", "caveats: |\n  Twelve couples; no comparison group.\n"),
                      ("key_takeaway: |\n", "key_takeaway: |\n  An early study. More work is needed.\n"))
    clean = world("edit", str(world.fresh), "--editor", "sam")
    assert clean.exit_code == 0, clean.output
    assert clean.stderr.startswith("saved version 2\n"), clean.stderr
    assert re.search(r"^checks of version 2 \(study type: [^)]+\): no flags$", clean.stderr, re.M), clean.stderr


def test_edit_reads_text_typed_unindented_or_on_its_key_s_line_as_that_field(world, tmp_path, monkeypatch):
    _editor_replacing(tmp_path, monkeypatch,  # the two slips the template invites: text on the key's line, no indent
                      ("\nheadline: |\n", "\nheadline: Ketamine: what 24 couples taught us\n"),
                      ("\nsummary: |\n", "\nsummary: |\nTwenty-four couples took part.\nMost said they felt closer.\n"))
    result = world("edit", str(world.fresh), "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert "note: line 7: the text on the line of 'headline:' was read as headline's text" in result.stderr  # after the comments
    assert "text typed at the start of the line under a key was read as that field's text" in result.stderr
    from tracker.review import lay_summary

    saved = lay_summary(open_db(world.db), world.fresh)
    assert saved["headline"] == "Ketamine: what 24 couples taught us"
    assert saved["summary"] == "Twenty-four couples took part.\nMost said they felt closer."
    import yaml

    from tracker.errors import ReviewError
    from tracker.review import load_edited

    # plain text on a key's line is read whole, ">" and words YAML would type included
    for text in (">50% of couples improved", "No", "Ketamine: what couples taught us"):
        assert load_edited(f"headline: {text}\n")[0] == {"headline": text + "\n"}, text
    # a file YAML reads as fields is taken as YAML reads it, but where a "#" cut a line, a note says so
    assert load_edited("headline: Psilocybin #1 for couples\n") == ({"headline": "Psilocybin"}, [
        "line 1: YAML reads what follows ' #' on the line of 'headline:' as a comment, left out; write the text "
        "under the key, indented, to keep it"])
    assert load_edited('headline: "a\\tb"\n') == ({"headline": "a\tb"}, [])  # the template's quoted value
    # a value starting with a quote that YAML cannot read is refused (the text is kept), never saved raw
    with pytest.raises(yaml.YAMLError):
        load_edited('headline: "Magic" mushrooms and couples\n')
    # a "#" line further down is a comment, as YAML reads it: said, not silently dropped
    for text, line in (("headline: |\n  A\nsummary: |\n  Line one\n#2 was the best dose\n", 5),
                       ("headline: |\n  A\nsummary: |\n#2 was the best dose\n", 4)):
        fields, notes = load_edited(text)
        assert fields["headline"] == "A\n" and not (fields.get("summary") or "").strip()[:2] == "#2"
        assert notes == [f"line {line}: '#2 was the best dose' starts with '#', so it is read as a comment and "
                         "left out; indent it by two spaces to keep it as text"]
    # a line with a colon, or after the field's text, is no text of it: refused with its line, typed or not
    for body in ("  Small sample.\n", "Small sample.\n", ""):
        for extra, key in (("Note to Sam: check the dose first", "Note to Sam"), ("sumary: |\n  typo", "sumary")):
            text = f"headline: |\n  A\ncaveats: |\n{body}{extra}\n"
            with pytest.raises(ReviewError, match=f"line {4 + bool(body)}: '{key}' is no field of the summary"):
                load_edited(text)
    # what cannot be read says how to write it
    broken = tmp_path / "broken.py"
    broken.write_text("import sys\nopen(sys.argv[1], 'w').write('headline: |\\n\\tIndented with a tab\\n')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {broken}")
    bad = world("edit", str(world.fresh), "--editor", "sam")
    assert bad.exit_code != 0 and "indented by two spaces" in bad.stderr and "your text is kept in" in bad.stderr


def test_the_template_comments_name_the_paper_and_are_dropped_on_load():
    from tracker import yamltext
    from tracker.review import check_summary, summary_template

    stored = {"headline": "Couples: a #1 story", "dek": "", "summary": "It's 'quoted' # not a comment",
              "key_takeaway": "", "what_it_means": "", "caveats": ""}
    text = summary_template(stored, {"id": 6, "title": "Nitrogen rate\nand wheat\u2028yield"}, "Pilot trial")
    assert text.startswith("# Paper 6: Nitrogen rate and wheat yield\n# Study type: Pilot trial\n# Lay summary")
    assert check_summary(yamltext.load(text)) == stored


def test_digest_check_of_a_sent_edition_says_when_it_was_e_mailed_not_ready_to_send(world):
    checked = world("digest", "check", "--edition", SENT)
    assert checked.exit_code == 0, checked.output
    last = checked.stdout.rstrip().splitlines()[-1]
    assert last == f"{SENT}: e-mailed on {world.today} to 3 subscriber(s); it passes the checks now"
    assert "ready to send" not in checked.stdout
    assert world("digest", "check", "--edition", NEXT).exit_code == 1  # nothing approved for it yet
    assert "approvals go to" not in checked.stderr  # the editor named it
    # by default it checks the current week, which went out: it says which edition is being assembled
    plain = world("digest", "check")
    assert plain.stdout.rstrip().splitlines()[-1].startswith(f"{SENT}: e-mailed on {world.today}")
    assert f"approvals go to {NEXT} now: tracker digest check --edition {NEXT}" in plain.stderr


def test_a_sent_edition_s_page_names_where_approvals_go_from_the_current_week(world, editor, monkeypatch):
    hold_clock(monkeypatch, datetime(2026, 12, 9, 12, 0))  # 2026-W50: W48 and W49 long gone by
    text = " ".join(BeautifulSoup(editor.get(f"/editions/{SENT}").text, "html.parser").get_text(" ").split())
    assert "approvals go to 2026-W50" in text


def test_the_menu_s_digest_link_leads_to_the_edition_being_assembled_not_the_one_sent(world, editor):
    nav = BeautifulSoup(editor.get("/").text, "html.parser").find("a", string="The next digest")
    assert nav["href"] == "/editions/"
    assert editor.get("/editions/").headers["Location"].endswith(f"/editions/{NEXT}")  # this week went out
    page = BeautifulSoup(editor.get(f"/editions/{SENT}").text, "html.parser")
    assert page.find("a", string=NEXT)["href"] == f"/editions/{NEXT}"


def test_a_paper_taken_out_of_a_sent_edition_can_be_moved_back_on_its_page(world, editor):
    assert world("hold", str(world.ids["couples"]), "--editor", "sam").exit_code == 0
    page = BeautifulSoup(editor.get(f"/papers/{world.ids['couples']}").text, "html.parser")
    back = [o for o in page.select(f"option[value='{SENT}']") if o.has_attr("disabled")]
    assert back == []  # the edition its e-mail listed it in stays open to it
    fresh = BeautifulSoup(editor.get(f"/papers/{world.fresh}").text, "html.parser")
    assert all(o.has_attr("disabled") for o in fresh.select(f"option[value='{SENT}']"))


def test_an_edition_stays_e_mailed_when_everyone_it_went_to_is_forgotten(world):
    """subscribers remove --forget deletes the address and its send log; the edition must not turn
    back into one that takes papers (nor its count drop) when the people it went to are forgotten."""
    for address in ("ann@example.org", "ben@example.org", "cleo@example.net"):
        assert world("subscribers", "remove", address, "--forget").exit_code == 0
    db = open_db(world.db)
    assert db.execute("SELECT count(*) FROM sends").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM subscribers").fetchone()[0] == 0
    assert db.execute("SELECT edition, messages FROM forgotten_sends").fetchall() == [(SENT, 3)]  # no address kept
    checked = world("digest", "check", "--edition", SENT)
    assert f"{SENT}: e-mailed on {world.today} to 3 subscriber(s)" in checked.stdout
    refused = world("approve", str(world.fresh), "--edition", SENT, "--editor", "sam")
    assert refused.exit_code == 1 and "it takes no more papers" in refused.stderr
    down = world("digest", "unpublish", "--edition", SENT, "--out", str(world.site))
    assert down.exit_code == 0 and "It was e-mailed to 3 subscriber(s)" in down.stderr, down.output


def test_a_send_interrupted_before_a_message_was_confirmed_is_e_mailed_and_says_which_are_uncertain(world, editor):
    # a crash or a kill between claiming a recipient and the relay's answer leaves the row
    # claimed: the message may have gone, so the edition is closed, but not called sent to all
    db = open_db(world.db)
    with db.conn:
        db.execute("UPDATE sends SET state = 'claimed', sent = NULL WHERE id = (SELECT max(id) FROM sends)")
    uncertain = (f"e-mailed on {world.today} to 3 subscriber(s) (1 of them uncertain, sent without the relay's "
                 f"answer or still being sent: tracker digest send --uncertain --edition {SENT})")
    checked = world("digest", "check", "--edition", SENT)
    assert checked.stdout.rstrip().splitlines()[-1] == f"{SENT}: {uncertain}; it passes the checks now"
    refused = world("approve", str(world.fresh), "--edition", SENT, "--editor", "sam")
    assert refused.exit_code == 1 and f"edition {SENT} was {uncertain}; it takes no more papers" in refused.stderr
    page = BeautifulSoup(editor.get(f"/editions/{SENT}").text, "html.parser").get_text(" ", strip=True)
    assert f"Sent: {uncertain}." in page
    # the command it points to lists that recipient
    listed = world("digest", "send", "--uncertain", "--edition", SENT)
    assert listed.exit_code == 0 and "1 uncertain for" in listed.stderr, listed.output


def test_a_new_summary_for_a_paper_in_a_sent_edition_warns_that_its_page_changes(world, editor, tmp_path, monkeypatch):
    couples = world.ids["couples"]
    warned = (f"paper {couples} is in edition {SENT}, e-mailed on {world.today} to 3 subscriber(s): the e-mails "
              f"keep the summary they went with, but the next build of {SENT} puts this version on the page they link to")
    # approve, with a summary file
    from tracker.review import lay_summary

    current = {k: v for k, v in lay_summary(open_db(world.db), couples).items() if k in
               ("headline", "dek", "summary", "key_takeaway", "what_it_means", "caveats")}
    changed = tmp_path / "changed.yaml"
    import yaml
    changed.write_text(yaml.safe_dump({**current, "dek": "A second look at the same twelve couples."}), encoding="utf-8")
    result = world("approve", str(couples), "--summary", str(changed), "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert f"tracker: warning: {warned}" in result.stderr
    # the same summary again changes nothing: no word
    again = world("approve", str(couples), "--summary", str(changed), "--editor", "sam")
    assert again.exit_code == 0 and "warning" not in again.stderr
    # tracker edit
    _editor_replacing(tmp_path, monkeypatch, ("A second look", "A third look"))
    edited = world("edit", str(couples), "--editor", "sam")
    assert edited.exit_code == 0 and f"tracker: warning: {warned}" in edited.stderr, edited.output
    # the web page's form
    page = BeautifulSoup(editor.get(f"/papers/{couples}").text, "html.parser")
    form = page.select_one("form#summary-form") or page.select_one("form[action$='/summary']")
    fields = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    fields.update({t["name"]: t.get_text() for t in form.select("textarea[name]")})
    fields["dek"] = "A fourth look at the same twelve couples."
    saved = editor.post(f"/papers/{couples}/summary", fields)
    assert saved.status_code == 302, saved.text
    flashes = [li.get_text() for li in BeautifulSoup(editor.get(saved.headers["Location"]).text,
                                                     "html.parser").select("li.flash.warning")]
    assert any(warned[:1].upper() + warned[1:] in f for f in flashes), flashes
    # a paper in an edition not sent: no word
    fresh = world("approve", str(world.fresh), "--summary", str(changed), "--editor", "sam")
    assert fresh.exit_code == 0 and "the e-mails keep" not in fresh.stderr
