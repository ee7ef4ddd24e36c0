"""`tracker digest`: build, check, override and label as editors and cron use them; exit codes."""

from __future__ import annotations

import json

import digestdata
import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.review import save_summary
from tracker.store import open_db


@pytest.fixture
def setup(tmp_path):
    """A feeds.yaml with the fixture's digest settings and the fixture database."""
    config = digestdata.write_config(tmp_path)
    ids = digestdata.build(tmp_path / "tracker.db", digestdata.config())

    def run(*args, editor: str | None = "sam"):
        env = {"TRACKER_EDITOR": editor} if editor else {"TRACKER_EDITOR": ""}
        return CliRunner().invoke(cli, ["--config", str(config), "--db", str(tmp_path / "tracker.db"), *args],
                                  env=env, catch_exceptions=False)

    run.ids = ids
    run.tmp = tmp_path
    return run


def test_build_writes_every_format_and_says_what_it_built(setup):
    out = setup.tmp / "site"
    result = setup("digest", "build", "--edition", "2026-W47", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "built 2026-W47" in result.stderr and "3 featured, 2 also this week, 2 correction notice(s)" in result.stderr
    assert "3 article page(s) in " in result.stderr  # the earlier edition was never built: no page of it to update
    assert result.stdout == ""
    assert sorted(p.name for p in (out / "2026-W47").iterdir()) == [
        "digest.md", "digest.txt", "edition.json", "email.html", "index.html"]
    assert (out / "index.html").is_file() and (out / "feed.atom").is_file()


def test_building_an_empty_edition_exits_1_with_a_clear_message_and_no_files(setup):
    out = setup.tmp / "site"
    result = setup("digest", "build", "--edition", "2026-W30", "--out", str(out))
    assert result.exit_code == 1
    assert "edition 2026-W30 has no approved papers: nothing to build, check or send" in result.stderr
    assert not out.exists()


def test_an_edition_whose_last_paper_is_withdrawn_is_refused_and_unpublish_takes_its_pages_down(setup):
    """Building refuses an edition with no approved paper, so its pages built earlier stayed on the
    site, listed in the index, the feeds and the sitemap, with no command to take them down."""
    out = setup.tmp / "site"
    assert setup("digest", "build", "--edition", "2026-W45", "--out", str(out)).exit_code == 0
    assert setup("digest", "build", "--edition", "2026-W47", "--out", str(out)).exit_code == 0
    earlier = [p.parent for p in (out / "articles").glob("*/article.json")
               if json.loads(p.read_text(encoding="utf-8"))["edition"] == "2026-W45"]
    later = [p.parent.name for p in (out / "articles").glob("*/article.json") if p.parent not in earlier]
    assert len(earlier) == 2 and len(later) == 3
    for name in ("retracted", "corrected"):
        assert setup("reject", str(setup.ids[name]), "--reason", "approved by mistake").exit_code == 0

    refused = setup("digest", "build", "--edition", "2026-W45", "--out", str(out))
    assert refused.exit_code == 1 and "edition 2026-W45 has no approved papers" in refused.stderr
    assert f"tracker digest unpublish --edition 2026-W45 --out {out}" in refused.stderr
    assert (out / "2026-W45" / "index.html").exists() and all(f.exists() for f in earlier)  # nothing written

    result = setup("digest", "unpublish", "--edition", "2026-W45", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"took 2026-W45 down from {out / '2026-W45'}/ and 2 article page(s)" in result.stderr
    assert "still has" not in result.stderr
    assert not (out / "2026-W45").exists() and not any(f.exists() for f in earlier)
    for name in ("index.html", "feed.atom", "articles.atom", "sitemap.xml"):
        text = (out / name).read_text(encoding="utf-8")
        assert "2026-W45" not in text and not any(f.name in text for f in earlier), name
        assert ("2026-W47" in text) if name in ("index.html", "feed.atom") else all(slug in text for slug in later), name
    assert len(list((out / "articles").iterdir())) == 3 and (out / "2026-W47" / "index.html").exists()

    again = setup("digest", "unpublish", "--edition", "2026-W45", "--out", str(out))
    assert again.exit_code == 1 and "edition 2026-W45 is not published in" in again.stderr


def test_an_unpublished_edition_stays_down_when_a_later_edition_is_built(setup):
    """Building 2026-W47, which carries notices about 2026-W45's papers, rewrote those papers'
    pages, so an edition taken down came back, linking to an edition page that is gone."""
    out = setup.tmp / "site"
    for edition in ("2026-W45", "2026-W47"):
        assert setup("digest", "build", "--edition", edition, "--out", str(out)).exit_code == 0
    assert setup("digest", "unpublish", "--edition", "2026-W45", "--out", str(out)).exit_code == 0
    result = setup("digest", "build", "--edition", "2026-W47", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "2 correction notice(s); 3 article page(s)" in result.stderr
    assert not (out / "2026-W45").exists()
    assert sorted(json.loads(p.read_text(encoding="utf-8"))["edition"]
                  for p in (out / "articles").glob("*/article.json")) == ["2026-W47"] * 3
    assert "2026-W45" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_notices_an_unpublished_edition_carried_go_to_the_next_edition_unless_it_was_e_mailed(setup):
    """2026-W47 recorded that it carried the retraction and the correction of 2026-W45's papers;
    taken down and never built again, no edition would ever have carried them."""
    from tracker.newsletter import subscribers

    out = setup.tmp / "site"
    assert setup("digest", "build", "--edition", "2026-W47", "--out", str(out)).exit_code == 0
    result = setup("digest", "unpublish", "--edition", "2026-W47", "--out", str(out))
    assert "its 2 correction notice(s) go to the next edition built" in result.stderr
    assert "e-mailed" not in result.stderr
    db = open_db(setup.tmp / "tracker.db")
    pid = db.execute("SELECT id FROM papers WHERE status != 'approved' ORDER BY id LIMIT 1").fetchone()[0]
    assert setup("approve", str(pid), "--edition", "2026-W48").exit_code == 0
    assert setup("digest", "build", "--edition", "2026-W48", "--out", str(out)).exit_code == 0
    page = (out / "2026-W48" / "index.html").read_text(encoding="utf-8")
    assert "Retracted:" in page and "Corrected:" in page

    # once e-mailed, the notices reached readers: they stay with the edition that carried them
    row, _ = subscribers.add(db, "reader@example.org", active=True)
    db.execute("INSERT INTO sends (edition, subscriber_id, state, message_id, updated) VALUES (?, ?, 'sent', ?, ?)",
               ["2026-W48", row["id"], "<m1@example.org>", "2026-11-23T08:00:00Z"])
    result = setup("digest", "unpublish", "--edition", "2026-W48", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "It was e-mailed to 1 subscriber(s): the links in those e-mails to its pages now lead nowhere" in result.stderr
    assert "correction notice(s) go to" not in result.stderr
    assert db.execute("SELECT count(*) FROM digest_notices WHERE edition = '2026-W48'").fetchone()[0] == 2


def test_unpublish_says_when_the_edition_would_come_back_on_the_next_build(setup):
    out = setup.tmp / "site"
    assert setup("digest", "build", "--edition", "2026-W47", "--out", str(out)).exit_code == 0
    result = setup("digest", "unpublish", "--edition", "2026-W47", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "It still has 5 approved paper(s): building it again publishes it again" in result.stderr
    assert "2026-W47" not in (out / "index.html").read_text(encoding="utf-8")
    assert setup("digest", "build", "--edition", "2026-W47", "--out", str(out)).exit_code == 0
    assert len(list((out / "articles").iterdir())) == 3  # back, at the same addresses


def test_unpublish_refused_by_the_database_says_so_on_the_one_error_path(setup, monkeypatch):
    """unpublish wrapped every sqlite3.Error in a DigestError of its own: a read-only database lost
    the advice every other command gives (who must be able to write what), and a defect (a
    misspelt column) lost its traceback. Nothing is taken down either way."""
    import importlib
    import sqlite3

    building = importlib.import_module("tracker.digest.build")  # the package's `build` is the function
    out = setup.tmp / "site"
    assert setup("digest", "build", "--edition", "2026-W47", "--out", str(out)).exit_code == 0

    def refusing(message):
        def transaction(db):
            raise sqlite3.OperationalError(message)
        return transaction

    monkeypatch.setattr(building, "transaction", refusing("attempt to write a readonly database"))
    result = setup("digest", "unpublish", "--edition", "2026-W47", "--out", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"tracker: error: the database {setup.tmp / 'tracker.db'} refused: "
                                    "attempt to write a readonly database")
    assert "-wal and -shm" in result.stderr
    monkeypatch.setattr(building, "transaction", refusing("no such column: editon"))
    with pytest.raises(sqlite3.OperationalError, match="no such column"):
        setup("digest", "unpublish", "--edition", "2026-W47", "--out", str(out))
    assert (out / "2026-W47" / "index.html").is_file()


def test_a_malformed_edition_is_a_usage_error(setup):
    """Exit 1 said, to digest send's cron wrapper, that some subscribers were not sent to."""
    for command in (["digest", "build", "--out", str(setup.tmp / "site")], ["digest", "check"],
                    ["digest", "send", "--dry-run"], ["digest", "unpublish"], ["approve", str(setup.ids["couples"])],
                    ["papers"]):
        for name in ("2026-48", "2026-W60"):
            result = setup(*command, "--edition", name)
            assert result.exit_code == 2, (command, name, result.output)
            assert "--edition: edition must look like 2026-W48" in result.stderr or "not a week of 2026" in result.stderr


def test_check_exits_0_when_ready_and_1_while_a_flag_blocks_until_overridden(setup):
    ok = setup("digest", "check", "--edition", "2026-W47")
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.rstrip().endswith("2026-W47: ready to send")

    db = open_db(setup.tmp / "tracker.db")
    pid = setup.ids["framework"]
    save_summary(db, pid, {**digestdata.SUMMARIES["framework"], "key_takeaway": "",
                           "dek": "A breakthrough for couples."}, "sam")
    blocked = setup("digest", "check", "--edition", "2026-W47")
    assert blocked.exit_code == 1
    assert "FLAG hype" in blocked.stdout and "FLAG key_takeaway" in blocked.stdout
    assert "2 flag(s) block sending" in blocked.stdout

    as_json = json.loads(setup("digest", "check", "--edition", "2026-W47", "--json").stdout)
    paper = next(p for p in as_json["papers"] if p["id"] == pid)
    assert as_json["blocking"] is True and paper["blocking"] is True
    assert {c["check"]: c["state"] for c in paper["checks"]}["hype"] == "blocks"

    assert setup("digest", "override", str(pid), "hype").exit_code == 2  # a reason is required
    assert setup("digest", "override", str(pid), "hype", "--reason", "x", editor=None).exit_code == 1
    assert setup("digest", "override", str(pid), "hype", "--reason", "the authors' word, quoted").exit_code == 0
    assert setup("digest", "override", str(pid), "key_takeaway", "--reason", "the dek\rsays it").exit_code == 0
    refused = setup("digest", "override", str(pid), "safety", "--reason", "just in case")
    assert refused.exit_code == 1 and "'safety' is not flagged" in refused.stderr
    after = setup("digest", "check", "--edition", "2026-W47")
    assert after.exit_code == 0 and "overridden by sam: the authors' word, quoted" in after.stdout
    # a reason over two lines (a lone CR here) keeps to its entry, never printed raw
    assert "overridden by sam: the dek\n         says it\n" in after.stdout and "\r" not in after.stdout
    assert setup("digest", "override", str(pid), "hype", "--withdraw").exit_code == 0
    assert setup("digest", "check", "--edition", "2026-W47").exit_code == 1
    twice = setup("digest", "override", str(pid), "hype", "--withdraw")
    assert twice.exit_code == 1 and "'hype' is not overridden" in twice.stderr


def test_an_override_naming_the_summary_version_read_is_refused_once_it_changed(setup):
    """The command recorded an override for whatever summary was current, also one another
    editor saved after this one read the flags (the web form was guarded; the command was not)."""
    db = open_db(setup.tmp / "tracker.db")
    pid = setup.ids["framework"]
    save_summary(db, pid, {**digestdata.SUMMARIES["framework"], "dek": "A breakthrough for couples."}, "sam")
    read = setup("digest", "check", "--edition", "2026-W47")
    version = next(p["summary_version"] for p in json.loads(setup("digest", "check", "--edition", "2026-W47",
                                                                  "--json").stdout)["papers"] if p["id"] == pid)
    assert version > 0 and f"(summary version {version})" in read.stdout.split(f"#{pid} ")[1].splitlines()[0]
    save_summary(db, pid, {**digestdata.SUMMARIES["framework"], "dek": "A breakthrough for couples at last."}, "sam")
    stale = setup("digest", "override", str(pid), "hype", "--summary-version", str(version), "--reason", "quoted")
    assert stale.exit_code == 1 and f"version {version + 1} now, {version} then" in stale.stderr
    assert db.execute("SELECT count(*) FROM check_overrides").fetchone()[0] == 0
    fresh = setup("digest", "override", str(pid), "hype", "--summary-version", str(version + 1), "--reason", "quoted")
    assert fresh.exit_code == 0 and f"overridden for summary version {version + 1}" in fresh.stderr
    # a withdrawal read from the older version would take back the override given on the newer one
    late = setup("digest", "override", str(pid), "hype", "--summary-version", str(version), "--withdraw")
    assert late.exit_code == 1 and f"version {version + 1} now, {version} then" in late.stderr
    typo = setup("digest", "override", str(pid), "hype", "--summary-version", "99", "--reason", "quoted")
    assert typo.exit_code == 1 and f"has no version 99 (it is at version {version + 1})" in typo.stderr
    assert db.execute("SELECT count(*) FROM check_overrides WHERE reason IS NULL").fetchone()[0] == 0


def test_build_says_when_flags_block_sending_what_it_built(setup):
    """Building is a preview and goes on, but an edition whose summaries fail the checks was built
    without a word: the flagged words went onto the public pages unnoticed."""
    out = setup.tmp / "site"
    clean = setup("digest", "build", "--edition", "2026-W47", "--out", str(out))
    assert clean.exit_code == 0 and "block sending" not in clean.stderr
    db = open_db(setup.tmp / "tracker.db")
    save_summary(db, setup.ids["framework"], {**digestdata.SUMMARIES["framework"], "dek": "A breakthrough for couples."}, "sam")
    flagged = setup("digest", "build", "--edition", "2026-W47", "--out", str(out))
    assert flagged.exit_code == 0
    assert "warning: 1 flag(s) block sending 2026-W47" in flagged.stderr
    assert "tracker digest check --edition 2026-W47" in flagged.stderr


def test_override_help_names_every_check_an_override_can_pass(setup):
    from tracker.digest.checks import OVERRIDABLE

    text = " ".join(setup("digest", "override", "--help").stdout.split())
    assert all(check in text for check in OVERRIDABLE)


def test_check_of_an_empty_edition_exits_1(setup):
    result = setup("digest", "check", "--edition", "2026-W30")
    assert result.exit_code == 1 and "no approved papers" in result.stderr


def test_check_warns_when_an_edition_would_explain_no_paper(setup):
    """Papers approved without a lay summary are only listed: an edition of nothing else passes the
    checks (a short week may be so), but check says so, and in --json too (the web page: test_digest_web)."""
    pid = setup.ids["survey"]  # no lay summary
    assert setup("approve", str(pid), "--edition", "2026-W30").exit_code == 0
    result = setup("digest", "check", "--edition", "2026-W30")
    assert result.exit_code == 0 and "2026-W30: ready to send" in result.stdout
    assert 'warning: no paper in 2026-W30 has a lay summary yet: the digest would explain none and only list 1 ' \
        'under "Also this week"' in result.stderr
    assert json.loads(setup("digest", "check", "--edition", "2026-W30", "--json").stdout)["unexplained"]
    # an edition with a featured paper says nothing of the kind
    result = setup("digest", "check", "--edition", digestdata.EDITION, "--json")
    assert json.loads(result.stdout)["unexplained"] is None
    assert "lay summary yet" not in setup("digest", "check", "--edition", digestdata.EDITION).stderr


def test_label_lists_the_types_and_sets_one(setup):
    listing = setup("digest", "label", "1")
    assert listing.exit_code == 0 and "randomized_trial" in listing.stdout and "framework" in listing.stdout
    pid = setup.ids["couples"]
    assert setup("digest", "label", str(pid), "case_report", "--reason", "few couples").exit_code == 0
    labels = open_db(setup.tmp / "tracker.db")["study_type_labels"].count
    again = setup("digest", "label", str(pid), "case_report", "--reason", "few couples")  # said "labelled" again
    assert again.exit_code == 0 and "already labelled Case report; nothing recorded" in again.stderr
    assert open_db(setup.tmp / "tracker.db")["study_type_labels"].count == labels
    assert "[featured; Case report]" in setup("digest", "check", "--edition", "2026-W47").stdout
    assert setup("digest", "label", str(pid), "--derived").exit_code == 0
    assert "[featured; Trial without random groups]" in setup("digest", "check", "--edition", "2026-W47").stdout
    bad = setup("digest", "label", str(pid), "anecdote")
    assert bad.exit_code == 2 and "unknown study type 'anecdote'; one of: " in bad.stderr  # as lint's --study-type
    assert setup("digest", "label", "999", "framework").exit_code == 1


def test_every_digest_command_has_help_with_an_example(setup):
    for command in ("build", "unpublish", "check", "override", "label"):
        result = setup("digest", command, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout, command


def test_the_readme_documents_every_digest_command():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for name in ("build", "unpublish", "check", "override", "label"):
        assert f"`tracker digest {name}" in readme, name
