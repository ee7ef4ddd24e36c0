"""The command line as cron and editors use it: exit codes, the lock, JSON output, config checks."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from builders import article, config_file, efetch, esearch, frontiers_feed, frontiers_item
from click.testing import CliRunner
from httpserver import Reply

from tracker.cli import cli
from tracker.config import default_config_path, load_config
from tracker.pipeline import run_lock
from tracker.queries import PAPER_KEYS
from tracker.store import open_db

FEED = "/journals/psychiatry/rss"


def write_config(tmp_path, server, **extra) -> str:
    return str(config_file(tmp_path, [
        {"name": "frontiers-psychiatry", "type": "frontiers", "url": server.url + FEED, "retries": 0},
        {"name": "pubmed", "type": "pubmed", "query": "ketamine", "base_url": server.url + "/eutils/",
         "requests_per_second": 1000, "retries": 0},
    ], **extra))


def serve_good_sources(server):
    server.route(FEED, Reply(200, frontiers_feed(frontiers_item(
        "10.3389/fpsyt.2026.0000101", "Ketamine-assisted couple therapy for relationship distress",
        description="Couples with depression received ketamine-assisted therapy."))))
    server.route("/eutils/esearch.fcgi", Reply(200, esearch(["99000002"])))
    server.route("/eutils/efetch.fcgi", Reply(200, efetch(article(
        "99000002", "Psilocybin therapy for depression", doi="10.1000/x2",
        abstract="Participants with depression received psilocybin therapy."))))


@pytest.fixture
def invoke(tmp_path):
    db = str(tmp_path / "tracker.db")

    def _invoke(config: str, *args: str):
        runner = CliRunner()
        return runner.invoke(cli, ["--config", config, "--db", db, *args], catch_exceptions=False)

    _invoke.db = db
    return _invoke


def test_run_exits_0_when_every_source_is_fine_with_one_summary_line_per_source(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    result = invoke(write_config(tmp_path, http_server), "run")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # cron mails stdout; summaries are on stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    # to a file (cron's log), each line has the time of the run, so one run's lines can be told apart
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ frontiers-psychiatry: 1 fetched, 1 new", lines[0]), lines
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ pubmed: 1 fetched, 1 new", lines[1]), lines
    assert lines[0][:20] == lines[1][:20]


def test_a_feed_that_moved_for_good_is_followed_and_the_run_says_where_to(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    http_server.route("/old-feed.xml", Reply(301, headers={"Location": FEED}))
    config = config_file(tmp_path, [{"name": "frontiers-psychiatry", "type": "frontiers",
                                     "url": http_server.url + "/old-feed.xml", "retries": 0}])
    result = invoke(str(config), "run")
    assert result.exit_code == 0, result.output
    assert "frontiers-psychiatry: 1 fetched, 1 new" in result.stderr
    assert (f"frontiers-psychiatry: the feed has moved for good (HTTP 301/308) to {http_server.url}{FEED}; "
            "put that url in feeds.yaml") in result.stderr
    # in cron's log, with the time in UTC as the summary lines have it
    assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ WARNING tracker\.sources\.feed: frontiers-psychiatry: the feed "
                     "has moved for good", result.stderr, re.M), result.stderr


def test_run_exits_1_when_a_source_fails_and_stores_the_others(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    http_server.route(FEED, Reply(200, b"<html><body>Maintenance</body></html>"))
    result = invoke(write_config(tmp_path, http_server), "run")
    assert result.exit_code == 1
    assert "frontiers-psychiatry: FAILED" in result.stderr
    assert open_db(invoke.db)["papers"].count == 1
    status = json.loads(invoke(write_config(tmp_path, http_server), "status", "--json").stdout)
    feed = next(s for s in status["sources"] if s["source"] == "frontiers-psychiatry")
    assert feed["failures_in_row"] == 1 and feed["last_error"] and feed["last_success"] is None
    assert status["papers"] == 1


@pytest.mark.parametrize("change, message", [
    ({"bogus_key": 1}, "bogus_key: unknown key"),
    ({"sources": [{"name": "pubmed", "type": "pubmed"}]}, "sources[pubmed].query: required key missing"),
    ({"sources": [{"name": "x", "type": "atom", "url": "https://example.org/feed"}]}, "sources[x].type"),
    ({"sources": [{"name": "x", "type": "rss", "url": "https://example.org/f", "timeout": "slow"}]}, "sources[x].timeout"),
    ({"sources": [{"name": "x", "type": "rss", "url": "ftp://example.org/f"}]}, "sources[x].url"),
    ({"sources": [{"name": "x", "type": "rss", "url": "http://exa mple.org/rss"}]},
     "sources[x].url: must be an http:// or https:// URL with no spaces, got 'http://exa mple.org/rss'"),
    ({"contact": {"email": "not-an-address"}}, "contact.email"),
    ({"health": {"failures": 0}}, "health.failures: Input should be greater than or equal to 1"),
    ({"health": {"quiet_days": {"feeds": "21"}}}, "health.quiet_days.feeds: Input should be a valid integer"),
    ({"health": {"quiet_days": {"rss": 7}}}, "health.quiet_days.rss: unknown key"),
    ({"health": {"failurs": 3}}, "health.failurs: unknown key (did you mean failures?)"),  # a slip of the keyboard
])
def test_a_bad_config_exits_2_naming_the_key_before_any_fetch(http_server, tmp_path, invoke, change, message):
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server, **change)
    for command in (["run"], ["check-config"]):
        result = invoke(config, *command)
        assert result.exit_code == 2, result.output
        assert message in result.stderr
    assert http_server.requests == []


def test_a_key_written_twice_is_an_error_not_the_last_one_silently(tmp_path, invoke):
    """A pasted second `url:` or `timezone:` silently replaced the first: check-config said OK."""
    shipped = default_config_path().read_text(encoding="utf-8")
    doubled = tmp_path / "feeds.yaml"
    doubled.write_text(shipped + "\ntimezone: Europe/Paris\n" if "\ntimezone:" in shipped
                       else shipped + "\ntimezone: UTC\ntimezone: Europe/Paris\n", encoding="utf-8")
    result = invoke(str(doubled), "check-config")
    assert result.exit_code == 2 and "the key 'timezone' is written twice" in result.stderr
    assert f'in "{doubled}", line' in result.stderr


def test_sources_sharing_settings_through_a_yaml_anchor_and_merge_key_still_load(tmp_path, invoke):
    """The check for keys written twice read `<<: *frontiers` as a key and refused every merge."""
    path = config_file(tmp_path, [])
    text = path.read_text(encoding="utf-8").replace("sources: []\n", (
        "sources:\n"
        "- &frontiers {name: fr-psychiatry, type: rss, url: 'https://www.frontiersin.org/journals/psychiatry/rss', timeout: 20}\n"
        "- <<: *frontiers\n"
        "  name: fr-psychology\n"
        "  url: 'https://www.frontiersin.org/journals/psychology/rss'\n"))
    assert "fr-psychology" in text
    path.write_text(text, encoding="utf-8")
    result = invoke(str(path), "check-config")
    assert result.exit_code == 0, result.output
    assert "OK (2 sources: 2 rss;" in result.stdout
    from tracker.config import load_config

    [first, second] = load_config(path).sources
    assert (second.name, second.timeout, str(second.url)) == (
        "fr-psychology", 20, "https://www.frontiersin.org/journals/psychology/rss")  # merged, then overridden


def test_check_config_accepts_the_shipped_feeds_yaml(invoke):
    result = invoke(str(default_config_path()), "check-config")
    assert result.exit_code == 0
    assert "OK" in result.stdout and "pubmed" in result.stdout


def test_yaml_syntax_errors_and_missing_files_exit_2(tmp_path, invoke):
    broken = tmp_path / "broken.yaml"
    broken.write_text("sources: [unclosed\n")
    result = invoke(str(broken), "check-config")
    assert result.exit_code == 2 and f'in "{broken}", line' in result.stderr  # the file, not "<unicode string>"
    result = invoke(str(tmp_path / "missing.yaml"), "run")
    assert result.exit_code == 2 and "no such config file" in result.stderr


def test_a_second_run_while_one_holds_the_lock_exits_75_touching_nothing(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    with run_lock(invoke.db):
        result = invoke(config, "run")
    assert result.exit_code == 75
    assert "another tracker run" in result.stderr
    assert http_server.requests == []
    assert not os.path.exists(invoke.db)
    assert invoke(config, "run").exit_code == 0  # the lock is released with its holder


def test_papers_and_show_json_follow_the_contract(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    invoke(config, "run")
    listing = json.loads(invoke(config, "papers", "--status", "all", "--json").stdout)
    assert [p["score"] for p in listing] == sorted((p["score"] for p in listing), reverse=True)
    assert all(list(p) == list(PAPER_KEYS) for p in listing)
    top = listing[0]
    assert top["title"].startswith("Ketamine-assisted couple therapy")
    assert top["sources"] == ["frontiers-psychiatry"]
    assert top["topics"]["relational"] and top["topics"]["psychedelic"] == ["ketamine"]
    assert isinstance(top["authors"], list) and top["status"] == "candidate"

    shown = json.loads(invoke(config, "show", str(top["id"]), "--json").stdout)
    assert {k: shown[k] for k in PAPER_KEYS} == top
    assert shown["explanation"]["topics"]["psychedelic"]["matched"]["ketamine"] == ["title", "abstract"]

    text = invoke(config, "show", str(top["id"])).stdout
    assert "'ketamine' in title, abstract" in text and "intersection" in text


def test_papers_filters_by_search_and_since(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    invoke(config, "run")
    found = json.loads(invoke(config, "papers", "--status", "all", "--search", "psilocyb", "--json").stdout)
    assert [p["doi"] for p in found] == ["10.1000/x2"]
    assert json.loads(invoke(config, "papers", "--status", "all", "--since", "2999-01-01", "--json").stdout) == []
    assert invoke(config, "papers", "--since", "yesterday").exit_code == 2
    wrong = invoke(config, "papers", "--since", "2026-13-01")  # the right shape, no such day: say why
    assert wrong.exit_code == 2 and "'2026-13-01' is not a day: month must be in 1..12" in wrong.output
    # a search with no word in it (an empty shell variable) matched nothing and said "no papers match"
    empty = invoke(config, "papers", "--search", "")
    assert empty.exit_code == 2 and "--search '' has no word to look for" in empty.stderr


def test_papers_of_an_edition_are_listed_whatever_their_status_and_a_bad_edition_is_an_error(http_server, tmp_path, invoke):
    """`papers --edition 2026-W49` said "no papers match": the default status, candidate, hides the
    approved papers an edition holds; and "--edition W49" was an empty list, not an error."""
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    invoke(config, "run")
    [first, *_] = json.loads(invoke(config, "papers", "--status", "all", "--json").stdout)
    assert invoke(config, "approve", str(first["id"]), "--edition", "2026-W49", "--editor", "sam").exit_code == 0
    listed = json.loads(invoke(config, "papers", "--edition", "2026-W49", "--json").stdout)
    assert [p["id"] for p in listed] == [first["id"]]
    assert json.loads(invoke(config, "papers", "--edition", "2026-W49", "--status", "candidate", "--json").stdout) == []
    bad = invoke(config, "papers", "--edition", "W49")
    assert bad.exit_code == 2 and "--edition: edition must look like 2026-W48" in bad.stderr


def test_show_unknown_id_is_a_clear_error(http_server, tmp_path, invoke):
    open_db(invoke.db)
    result = invoke(write_config(tmp_path, http_server), "show", "12345")
    assert result.exit_code == 1 and "no paper with id 12345" in result.stderr


def test_a_feed_not_modified_after_a_retry_counts_both_requests(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    data = yaml.safe_load(Path(config).read_text())
    data["sources"][0]["retries"] = 1
    Path(config).write_text(yaml.safe_dump(data))
    http_server.route(FEED, Reply(200, frontiers_feed(frontiers_item(
        "10.3389/fpsyt.2026.0000101", "Ketamine-assisted couple therapy for relationship distress")),
        {"ETag": '"v1"'}))
    assert invoke(config, "run").exit_code == 0
    http_server.route(FEED, Reply(503, b"busy", {"Retry-After": "0"}), Reply(304))
    again = invoke(config, "run")
    assert again.exit_code == 0 and "frontiers-psychiatry: not modified (2 requests)" in again.stderr, again.stderr


def test_the_installed_entry_point_runs_the_demo_offline(tmp_path):
    """`tracker demo` as a newcomer types it: a real process, the real pipeline, a local server."""
    result = subprocess.run([sys.executable, "-m", "tracker", "demo"], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "frontiers-psychiatry: 3 fetched, 3 new" in result.stdout
    assert "pubmed: 4 fetched, 3 new, 0 updated, 1 merged" in result.stdout
    assert "frontiers-psychiatry: not modified (1 request)" in result.stdout
    assert "seen by frontiers-psychiatry, pubmed" in result.stdout


def test_a_run_with_the_packaged_feeds_yaml_warns_that_its_contact_address_is_not_yours(tmp_path, monkeypatch):
    # a replay (nothing fetched) from a folder with no feeds.yaml, no --config, no TRACKER_CONFIG
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_CONFIG", raising=False)
    saved = Path(__file__).parent / "fixtures" / "feeds" / "frontiers_psychiatry.xml"
    args = ["--db", str(tmp_path / "t.db"), "run", "--source", "frontiers-psychiatry", "--load", str(saved)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    packaged = load_config(default_config_path())
    assert (f"tracker: warning: no feeds.yaml here ({tmp_path}) and no --config or TRACKER_CONFIG: polling with "
            f"the one shipped with the tool ({default_config_path()}), whose contact.email "
            f"{packaged.contact.email} goes with every request (in the User-Agent, and to NCBI as its contact)"
            ) in result.stderr
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ tracker: warning: no feeds.yaml here", result.stderr), result.stderr
    # check-config, which the README has newcomers run first, said only "OK" of that file
    checked = CliRunner().invoke(cli, ["check-config"], catch_exceptions=False)
    assert checked.exit_code == 0 and checked.stdout.startswith(f"{default_config_path()}: OK")
    assert f"tracker: warning: no feeds.yaml here ({tmp_path}) and no --config or TRACKER_CONFIG: checking the one " \
           f"shipped with the tool ({default_config_path()}), whose contact.email" in checked.stderr
    # a feeds.yaml of one's own, here or named: no word
    (tmp_path / "feeds.yaml").write_text(default_config_path().read_text(encoding="utf-8"), encoding="utf-8")
    own = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert own.exit_code == 0 and "warning" not in own.stderr, own.output
    assert "warning" not in CliRunner().invoke(cli, ["check-config"], catch_exceptions=False).stderr
    (tmp_path / "feeds.yaml").unlink()
    named = CliRunner().invoke(cli, ["--config", str(default_config_path()), *args], catch_exceptions=False)
    assert named.exit_code == 0 and "warning" not in named.stderr  # chosen on purpose


def test_a_run_after_the_topics_changed_says_the_stored_papers_need_tracker_rescore(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    first = invoke(config, "run")
    assert first.exit_code == 0 and "warning" not in first.stderr, first.output
    # a topic's display label, or the topics' order, change no score: no word
    data = yaml.safe_load(Path(config).read_text())
    data["topics"] = [{**t, "label": f"New label {n}"} for n, t in enumerate(reversed(data["topics"]))]
    Path(config).write_text(yaml.safe_dump(data))
    relabelled = invoke(config, "run")
    assert relabelled.exit_code == 0 and "warning" not in relabelled.stderr, relabelled.output
    # the editors add a term to a topic
    data["topics"][0]["terms"] = [*data["topics"][0]["terms"], "nematode*"]
    Path(config).write_text(yaml.safe_dump(data))
    changed = invoke(config, "run")
    assert changed.exit_code == 0
    assert ("tracker: warning: the topics or scoring in feeds.yaml changed since the stored papers were scored; "
            "new papers get the new ones, the others keep their old scores and explanations until: tracker rescore"
            ) in changed.stderr
    assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ tracker: warning: the topics", changed.stderr, re.M)
    assert ("scores: the topics or scoring in feeds.yaml changed since the stored papers were scored; to score them "
            "again: tracker rescore\n") in invoke(config, "status").stdout
    assert invoke(config, "rescore").exit_code == 0
    after = invoke(config, "run")
    assert after.exit_code == 0 and "warning" not in after.stderr, after.output


def test_a_run_after_an_upgrade_that_scores_differently_says_the_stored_papers_need_tracker_rescore(
        http_server, tmp_path, invoke):
    """An upgrade that changes how papers are scored left the stored papers with the old version's
    scores and explanations, and nothing said so (only feeds.yaml's topics were fingerprinted)."""
    from tracker.score import SCORING_VERSION

    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    assert invoke(config, "run").exit_code == 0
    db = open_db(invoke.db)
    right = db.execute("SELECT score FROM papers WHERE doi = '10.1000/x2'").fetchone()[0]
    changed = "this version of tracker scores papers differently from the version that scored the stored papers"
    unknown = ("the stored papers were scored by an earlier version of tracker, which did not record how it scores; "
               "this one may score them differently")
    # as an older version left them: another score, and its own scoring version (or, older still,
    # none at all beside the topics' fingerprint)
    for older, reason in ((SCORING_VERSION - 1, changed), (None, unknown)):
        with db.conn:
            db.execute("UPDATE papers SET score = score / 2 WHERE doi = '10.1000/x2'")
            if older is None:
                db.execute("DELETE FROM ranking_state WHERE key = 'scorer'")
            else:
                db.execute("UPDATE ranking_state SET value = ? WHERE key = 'scorer'", [json.dumps(older)])
        upgraded = invoke(config, "run")
        assert upgraded.exit_code == 0, upgraded.output
        assert (f"tracker: warning: {reason}; new papers are scored by this version, the others keep their old "
                "scores and explanations until: tracker rescore\n") in upgraded.stderr
        assert "feeds.yaml" not in upgraded.stderr  # the topics did not change
        # tracker status says so too, for whoever does not read cron's log
        status = invoke(config, "status")
        assert f"scores: {reason}; to score them again: tracker rescore\n" in status.stdout
        assert json.loads(invoke(config, "status", "--json").stdout)["scores_out_of_date"] == [reason]
        assert invoke(config, "rescore").exit_code == 0
        assert db.execute("SELECT score FROM papers WHERE doi = '10.1000/x2'").fetchone()[0] == right
        after = invoke(config, "run")
        assert after.exit_code == 0 and "warning" not in after.stderr, after.output
        assert "scores:" not in invoke(config, "status").stdout
        assert json.loads(invoke(config, "status", "--json").stdout)["scores_out_of_date"] == []


def test_topics_changed_before_any_paper_was_stored_are_no_reason_to_rescore(http_server, tmp_path, invoke):
    """A first run that stored nothing (the sources not reachable yet) recorded the topics of its day;
    once they changed, every run said the stored papers needed tracker rescore, though none had the
    old ones."""
    config = write_config(tmp_path, http_server)
    empty = invoke(config, "run")  # nothing served: every source fails, nothing is stored
    assert empty.exit_code == 1 and open_db(invoke.db)["papers"].count == 0
    data = yaml.safe_load(Path(config).read_text())
    data["topics"][0]["terms"] = [*data["topics"][0]["terms"], "nematode*"]
    Path(config).write_text(yaml.safe_dump(data))
    serve_good_sources(http_server)
    for _ in range(2):
        run = invoke(config, "run")
        assert run.exit_code == 0 and "warning" not in run.stderr, run.output
    assert open_db(invoke.db)["papers"].count > 0


def test_a_run_that_retrained_and_so_rescored_everything_does_not_ask_for_a_rescore(http_server, tmp_path, invoke):
    """Retraining inside a run rescores every paper with the new topics first; the run still said
    the stored papers needed tracker rescore."""
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    data = yaml.safe_load(Path(config).read_text())
    data["ranking"] = {**(data.get("ranking") or {}), "min_approved": 1, "min_rejected": 1}
    Path(config).write_text(yaml.safe_dump(data))
    assert invoke(config, "run").exit_code == 0
    first, second = [r["id"] for r in open_db(invoke.db).query("SELECT id FROM papers ORDER BY id LIMIT 2")]
    assert invoke(config, "approve", str(first), "--editor", "sam").exit_code == 0
    assert invoke(config, "reject", str(second), "--reason", "off topic", "--editor", "sam").exit_code == 0
    data["topics"][0]["terms"] = [*data["topics"][0]["terms"], "nematode*"]
    Path(config).write_text(yaml.safe_dump(data))
    changed = invoke(config, "run")
    assert changed.exit_code == 0 and "warning" not in changed.stderr, changed.output


def test_a_saved_response_can_be_replayed_through_one_source(http_server, tmp_path, invoke):
    saved = tmp_path / "efetch.xml"
    saved.write_bytes(efetch(article("99000009", "Psilocybin therapy for alcohol use disorder", doi="10.1000/x9",
                                     abstract="Participants received psilocybin therapy.")))
    config = write_config(tmp_path, http_server)
    result = invoke(config, "run", "--source", "pubmed", "--load", str(saved))
    assert result.exit_code == 0, result.output
    assert http_server.requests == []  # replay fetches nothing
    assert "pubmed: 1 fetched, 1 new" in result.stderr
    assert invoke(config, "run", "--load", str(saved)).exit_code == 2  # needs exactly one --source
    assert invoke(config, "run", "--source", "nope").exit_code == 2


def test_a_replayed_response_says_nothing_of_the_sources_health(http_server, tmp_path, invoke):
    """Replays counted as the source's runs: three bad ones made it FAILING for status --check, and
    a good one reset a real outage's failures in a row, hiding it from status --check."""
    saved, broken = tmp_path / "efetch.xml", tmp_path / "broken.xml"
    saved.write_bytes(efetch(article("99000009", "Psilocybin therapy for alcohol use disorder", doi="10.1000/x9",
                                     abstract="Participants received psilocybin therapy.")))
    broken.write_bytes(b"<PubmedArticleSet><PubmedArticle>")
    config = write_config(tmp_path, http_server, health={"failures": 2})
    serve_good_sources(http_server)
    http_server.route("/eutils/esearch.fcgi", Reply(502, b"Bad Gateway"))
    for _ in range(2):  # PubMed down, run after run
        assert invoke(config, "run").exit_code == 1
    state = open_db(invoke.db)["source_state"].get("pubmed")
    assert state["failures_in_row"] == 2

    replayed = invoke(config, "run", "--source", "pubmed", "--load", str(saved))
    assert replayed.exit_code == 0 and "pubmed: 1 fetched, 1 new" in replayed.stderr
    assert open_db(invoke.db)["source_state"].get("pubmed") == state  # untouched: the window too
    check = invoke(config, "status", "--check")
    assert check.exit_code == 1 and "pubmed: failed 2 runs in a row" in check.stdout

    for _ in range(3):
        assert invoke(config, "run", "--source", "frontiers-psychiatry", "--load", str(broken)).exit_code == 1
    assert "frontiers-psychiatry" not in invoke(config, "status", "--check").stdout

    # a feed whose real fetches brought nothing new for 60 days stays quiet after a replay that
    # stores new items from a saved file
    db = open_db(invoke.db)
    with db.conn:
        db.execute("UPDATE runs SET started = '2026-01-05T07:00:00Z' WHERE source = 'frontiers-psychiatry'")
        db.execute("UPDATE sightings SET first_seen = '2026-01-05T07:00:00Z' WHERE source = 'frontiers-psychiatry'")
    assert "frontiers-psychiatry: nothing new for" in invoke(config, "status", "--check").stdout
    feed = Path(__file__).parent / "fixtures" / "feeds" / "frontiers_psychiatry.xml"
    fresh = invoke(config, "run", "--source", "frontiers-psychiatry", "--load", str(feed))
    assert fresh.exit_code == 0 and " new" in fresh.stderr and " 0 new" not in fresh.stderr, fresh.stderr
    assert "frontiers-psychiatry: nothing new for" in invoke(config, "status", "--check").stdout
    assert invoke(config, "run", "--source", "nope").exit_code == 2


def test_status_shows_how_far_a_pubmed_source_has_searched(http_server, tmp_path, invoke, monkeypatch):
    import datetime

    from tracker.sources import pubmed

    class Frozen(datetime.date):  # the run's today, fixed: no test across midnight sees two days
        @classmethod
        def today(cls):
            return cls(2026, 11, 20)

    monkeypatch.setattr(pubmed, "date", Frozen)
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    invoke(config, "run")
    sources = {h["source"]: h for h in json.loads(invoke(config, "status", "--json").stdout)["sources"]}
    today = "2026-11-20"
    assert sources["pubmed"]["window_end"] == sources["pubmed"]["refreshed_until"] == today
    assert sources["frontiers-psychiatry"]["window_end"] is None
    assert f"Entrez dates searched to {today}" in invoke(config, "status").stdout


def test_status_names_a_failing_source_and_its_error(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    http_server.route("/eutils/esearch.fcgi", Reply(200, b"<eSearchResult><ERROR>Empty term</ERROR></eSearchResult>"))
    config = write_config(tmp_path, http_server)
    invoke(config, "run")
    text = invoke(config, "status").stdout
    lines = text.splitlines()
    assert any(l.startswith("frontiers-psychiatry") and " ok " in f" {l} " for l in lines)
    assert any(l.startswith("pubmed") and "FAILING (1 in a row)" in l for l in lines)
    assert "Empty term" in text
    assert "papers: 1" in text
    # switched off, it is not run and not a problem: it says so, not FAILING for ever
    data = yaml.safe_load(Path(config).read_text())
    data["sources"] = [{**s, "enabled": False} if s["name"] == "pubmed" else s for s in data["sources"]]
    Path(config).write_text(yaml.safe_dump(data))
    later = invoke(config, "status").stdout.splitlines()
    assert any(l.startswith("pubmed") and "disabled, was FAILING (1 in a row)" in l for l in later)
    # the columns line up however long a state is: "last success" starts at one place on every row
    rows = [l for l in later if l.startswith(("pubmed", "frontiers-psychiatry"))]
    assert len({l.index("last success") for l in rows}) == 1 and all(")last" not in l for l in rows), later
    listed = {h["source"]: h["enabled"] for h in json.loads(invoke(config, "status", "--json").stdout)["sources"]}
    assert listed["pubmed"] is False and listed["frontiers-psychiatry"] is True


def test_commands_outside_the_project_folder_name_the_missing_database_and_create_nothing(tmp_path, monkeypatch):
    """Only run, demo, editors add and subscribers add may create a database (issue 11, item 13):
    any other command, run where there is none, once made ./db/tracker.db and answered "no
    papers match"."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("TRACKER_DB", raising=False)
    config = str(default_config_path())
    looked_for = str(elsewhere / "db" / "tracker.db")
    commands = [
        ["papers"], ["papers", "--json"], ["show", "1"], ["status"], ["status", "--json"],
        ["approve", "1", "--editor", "sam"], ["reject", "1", "--reason", "off topic", "--editor", "sam"],
        ["hold", "1", "--editor", "sam"], ["reopen", "1", "--editor", "sam"], ["rescore"],
        ["decisions", "export"], ["digest", "check"], ["digest", "build", "--out", str(tmp_path / "site")],
        ["digest", "override", "1", "hype", "--reason", "fine", "--editor", "sam"],
        ["digest", "label", "1", "narrative_review", "--editor", "sam"], ["rank", "status"], ["rank", "train"],
        ["rank", "evaluate"], ["subscribers", "list"], ["subscribers", "export"],
        ["subscribers", "remove", "jo@example.org"], ["editors", "list"], ["editors", "remove", "sam"],
        ["editors", "passwd", "sam", "--password-stdin"], ["serve"],
        ["digest", "resolve", "--edition", "2026-W48", "jo@example.org", "--sent"],
    ]
    for command in commands:
        result = CliRunner().invoke(cli, ["--config", config, *command], input="a long password\n",
                                    catch_exceptions=False)
        assert result.exit_code == 2, (command, result.output)
        assert f"no database at {looked_for}" in result.stderr and "--db FILE or TRACKER_DB" in result.stderr, command
        assert list(elsewhere.iterdir()) == [], command  # no database, no folder, no lock file

    # --db and TRACKER_DB point at one; the commands that set one up create it.
    db = str(tmp_path / "mine.db")
    added = CliRunner().invoke(cli, ["--config", config, "--db", db, "editors", "add", "sam", "--password-stdin"],
                               input="a long password\n", catch_exceptions=False)
    assert added.exit_code == 0, added.output
    listed = CliRunner().invoke(cli, ["--config", config, "editors", "list"], env={"TRACKER_DB": db})
    assert listed.exit_code == 0 and listed.stdout.startswith("sam ")
    other = str(tmp_path / "news.db")
    subscribed = CliRunner().invoke(cli, ["--config", config, "--db", other, "subscribers", "add", "jo@example.org",
                                          "--active"], catch_exceptions=False)
    assert subscribed.exit_code == 0, subscribed.output
    assert list(elsewhere.iterdir()) == []


def test_a_run_creates_the_database_and_its_lock_readable_by_the_owner_only(http_server, tmp_path, invoke):
    """The database holds password hashes and subscribers' tokens (issue 11, item 5): under the
    usual umask (022) its files, -wal, -shm and the lock files came out world-readable."""
    serve_good_sources(http_server)
    old = os.umask(0o022)
    try:
        assert invoke(write_config(tmp_path, http_server), "run").exit_code == 0
        assert os.umask(0o022) == 0o022  # the command's own umask is given back
        db = open_db(invoke.db)  # -wal and -shm exist while a connection is open
        db["editors"].count
        files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir() if p.name.startswith("tracker.db")}
    finally:
        os.umask(old)
    assert {"tracker.db", "tracker.db-wal", "tracker.db-shm", "tracker.db.lock", "tracker.db.migrate-lock"} <= set(files)
    assert files == dict.fromkeys(files, 0o600)


CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]")  # anything but a line break


def test_status_never_prints_a_servers_escape_sequences(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    http_server.route(FEED, Reply(404, "\x1b[2J\x1b]0;owned\x07\u009b31mGone\u202e\r\n".encode()))
    config = write_config(tmp_path, http_server)
    run = invoke(config, "run")
    assert "frontiers-psychiatry: FAILED" in run.stderr and not CONTROL.search(run.stderr)
    text = invoke(config, "status").stdout
    assert "HTTP 404" in text and "31mGone" in text and "owned" not in text
    # What an older version stored raw is cleaned when it is printed.
    db = open_db(invoke.db)
    db.execute("UPDATE source_state SET last_error = ? WHERE source = 'pubmed'", ["bad \x1b[2J\x1bc\x07news"])
    db.conn.commit()
    for args in (["status"], ["-v", "status"], ["status", "--json"], ["status", "--check"]):
        out = invoke(config, *args).stdout
        assert not CONTROL.search(out) and "owned" not in out, (args, out)
    assert "last error: bad news" in invoke(config, "status").stdout


def test_status_gives_a_short_error_line_and_the_detail_with_v_and_json(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    http_server.route("/eutils/esearch.fcgi", Reply(502, b"<html><h1>Bad Gateway</h1></html>"))
    config = write_config(tmp_path, http_server)
    invoke(config, "run")
    line = next(l for l in invoke(config, "status").stdout.splitlines() if "last error:" in l)
    assert line.strip() == "last error: GET http://127.0.0.1:%d/eutils/esearch.fcgi failed after 1 attempt(s): " \
                           "HTTP 502: Bad Gateway" % int(http_server.url.rsplit(":", 1)[1])
    verbose = invoke(config, "-v", "status").stdout
    assert "in full: GET http://" in verbose and "term=ketamine" in verbose and "<h1>Bad Gateway</h1>" in verbose
    pubmed = next(s for s in json.loads(invoke(config, "status", "--json").stdout)["sources"] if s["source"] == "pubmed")
    assert "term=ketamine" in pubmed["last_error_detail"] and "term=" not in pubmed["last_error"]


def _backdate(db_path: str, days: int) -> None:
    """Move every run and sighting `days` into the past, as if the tracker had run back then."""
    db = open_db(db_path)
    shift = f"-{days} days"
    db.execute("UPDATE runs SET started = strftime('%Y-%m-%dT%H:%M:%SZ', started, ?)", [shift])
    db.execute("UPDATE sightings SET first_seen = strftime('%Y-%m-%dT%H:%M:%SZ', first_seen, ?)", [shift])
    db.conn.commit()


def test_status_check_names_each_failing_or_quiet_source_and_exits_1(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    assert invoke(config, "run").exit_code == 0
    check = invoke(config, "status", "--check")
    assert (check.exit_code, check.stdout) == (0, "")

    # Fifteen days on, PubMed has found nothing new since: past its 14 days; the feed is not
    # past its 21.
    _backdate(invoke.db, 15)
    check = invoke(config, "status", "--check")
    assert check.exit_code == 1
    assert check.stdout.splitlines() == [
        f"pubmed: nothing new for 15 days (since {_last_new(invoke.db, 'pubmed')}; health.quiet_days.pubmed is 14)"]

    # The feed fails: twice is not yet a problem, three times in a row is.
    http_server.route(FEED, Reply(503, b"Service Unavailable"))
    invoke(config, "run")
    invoke(config, "run")
    assert invoke(config, "status", "--check").stdout.count("\n") == 1
    invoke(config, "run")
    check = invoke(config, "status", "--check")
    assert check.exit_code == 1
    lines = check.stdout.splitlines()
    assert lines[0].startswith("frontiers-psychiatry: failed 3 runs in a row: GET http://") and len(lines) == 2
    assert lines[0].endswith("HTTP 503: Service Unavailable") and lines[1].startswith("pubmed: nothing new")
    assert json.loads(invoke(config, "status", "--check", "--json").stdout)["problems"] == lines
    assert "problem: frontiers-psychiatry: failed 3 runs" in invoke(config, "status").stdout

    # The limits are the config's; quiet_days 0 turns that check off.
    relaxed = write_config(tmp_path, http_server, health={"failures": 4, "quiet_days": {"pubmed": 0}})
    check = invoke(relaxed, "status", "--check")
    assert (check.exit_code, check.stdout) == (0, "")
    # A feed answering "not modified" for three weeks brings nothing new either.
    http_server.route(FEED, Reply(304))
    assert invoke(config, "run").exit_code == 0
    _backdate(invoke.db, 7)
    assert "frontiers-psychiatry: nothing new for 22 days" in invoke(relaxed, "status", "--check").stdout


def _last_new(db_path: str, source: str) -> str:
    """The day of the source's last new paper as stored (not today's date less N days read from
    the clock again at assertion time: after midnight that is another day)."""
    return open_db(db_path).execute("SELECT max(first_seen) FROM sightings WHERE source = ?",
                                    [source]).fetchone()[0][:10]


def test_papers_cuts_long_titles_and_journal_names_at_a_word(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    http_server.route("/eutils/efetch.fcgi", Reply(200, efetch(article(
        "99000002", "Psilocybin therapy for depression in primary care: a pragmatic randomised trial of "
        "group sessions with partners present", doi="10.1000/x2", abstract="Patients received psilocybin therapy.",
        journal="The International Journal of Neuropsychopharmacology and Psychedelic Medicine"))))
    config = write_config(tmp_path, http_server)
    invoke(config, "run")
    lines = invoke(config, "papers", "--status", "all", "--search", "psilocybin").stdout.splitlines()
    assert lines[0].endswith("Psilocybin therapy for depression in primary care: a pragmatic randomised trial of group…")
    assert "  The International Journal of… 2026-11" in lines[1], lines[1]


def test_the_demo_says_how_to_keep_its_database_and_open_the_web_ui_on_it(tmp_path, monkeypatch):
    """Issue 11, item 15: the demo printed a database path, then deleted the file."""
    from webdata import Editor

    from tracker.web import create_app

    monkeypatch.chdir(tmp_path)
    gone = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)
    assert gone.exit_code == 0, gone.output
    shown = gone.stdout.split("database ", 1)[1].split("\n", 1)[0]
    assert not os.path.exists(shown)
    assert "deleted now" in gone.stdout and "tracker demo --keep DIR" in gone.stdout

    kept = CliRunner().invoke(cli, ["demo", "--keep", "kept"], catch_exceptions=False)
    assert kept.exit_code == 0, kept.output
    commands = [line.split("#")[0].split() for line in kept.stdout.splitlines() if line.startswith("  tracker --db")]
    assert commands == [["tracker", "--db", "kept/demo.db", "editors", "add", "NAME"],
                        ["tracker", "--db", "kept/demo.db", "serve"]]
    # Following them: an editor on the kept database, and the web UI shows the demo's papers.
    added = CliRunner().invoke(cli, [*commands[0][1:-1], "sam", "--password-stdin"], input="a long password\n",
                               catch_exceptions=False)
    assert added.exit_code == 0, added.output
    app = create_app("kept/demo.db", default_config_path(), secret_key="demo-secret-" + "k" * 32, testing=True)
    sam = Editor(app)
    assert sam.login("sam", "a long password").status_code == 302
    assert "Nitrogen rate and wheat yield" in sam.get("/?status=all").text

    # the demo again into the same folder: refused, the kept database as it was (it ran the
    # demo over it, its second run's "nothing new" became the first's, and the similar-articles
    # look-up of a paper approved there failed against the demo's server)
    assert CliRunner().invoke(cli, ["--db", "kept/demo.db", "approve", "1", "--editor", "sam"]).exit_code == 0
    before = Path("kept/demo.db").read_bytes()
    again = CliRunner().invoke(cli, ["demo", "--keep", "kept"], catch_exceptions=False)
    assert again.exit_code == 2 and "kept/demo.db exists already" in again.stderr and "new folder" in again.stderr
    assert Path("kept/demo.db").read_bytes() == before


def test_run_prints_a_short_error_line_and_the_whole_text_with_v(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    http_server.route("/eutils/esearch.fcgi", Reply(502, b"<html><h1>Bad Gateway</h1></html>"))
    config = write_config(tmp_path, http_server)
    line = next(l for l in invoke(config, "run").stderr.splitlines() if l.split(" ", 1)[-1].startswith("pubmed:"))
    assert line.endswith("/eutils/esearch.fcgi failed after 1 attempt(s): HTTP 502: Bad Gateway") and "term=" not in line
    verbose = invoke(config, "-v", "run").stderr
    assert "pubmed: failed: GET http://" in verbose and "term=ketamine" in verbose


# -- commands with no other test through the command line (issue 15, item 9) ---------------------

def test_rescore_scores_stored_papers_again_with_the_edited_topics(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    assert invoke(config, "run").exit_code == 0
    db = open_db(invoke.db)
    before = {r["doi"]: r["score"] for r in db.query("SELECT doi, score FROM papers")}
    assert before["10.1000/x2"] > 0

    unchanged = invoke(config, "rescore")
    assert unchanged.exit_code == 0, unchanged.output
    assert unchanged.stderr == "rescored; 0 paper(s) changed score or status\n" and unchanged.stdout == ""

    data = yaml.safe_load(open(config))
    data["topics"] = [{**t, "weight": 0.1} if t["name"] == "psychedelic" else t for t in data["topics"]]
    Path(config).write_text(yaml.safe_dump(data))
    result = invoke(config, "rescore")
    assert result.exit_code == 0, result.output
    changed = int(re.fullmatch(r"rescored; (\d+) paper\(s\) changed score or status\n", result.stderr).group(1))
    after = {r["doi"]: r["score"] for r in open_db(invoke.db).query("SELECT doi, score FROM papers")}
    assert after["10.1000/x2"] < before["10.1000/x2"]  # a psilocybin paper, its topic now weighs less
    assert changed == sum(after[d] != before[d] for d in before) >= 1

    with run_lock(invoke.db):  # not while a run writes scores
        busy = invoke(config, "rescore")
    assert busy.exit_code == 75 and "another tracker run holds" in busy.stderr


def test_evaluate_scoring_reports_precision_and_recall_of_a_labelled_file(tmp_path, invoke):
    labelled = Path(__file__).parent / "data" / "scoring" / "labelled.jsonl"
    config = str(default_config_path())
    as_json = invoke(config, "evaluate-scoring", str(labelled), "--json")
    assert as_json.exit_code == 0, as_json.output
    result = json.loads(as_json.stdout)
    assert result["items"] >= 240 and result["precision"] >= 0.95 and result["recall"] >= 0.95
    text = invoke(config, "evaluate-scoring", str(labelled)).stdout.splitlines()
    assert text[0] == f"{result['items']} papers, {result['relevant']} relevant; threshold {result['threshold']:g}"
    assert text[1].startswith(f"precision {result['precision']}  recall {result['recall']}  ")
    assert len(text) == 2 + len(result["false_negative_items"]) + len(result["false_positive_items"])

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"title": "no label"\n')
    failed = invoke(config, "evaluate-scoring", str(broken))
    assert failed.exit_code == 1 and failed.stderr.startswith(f"tracker: error: {broken}:1: not JSON")
    assert "Traceback" not in failed.output
    assert invoke(config, "evaluate-scoring", str(tmp_path / "missing.jsonl")).exit_code == 2



def test_evaluate_scoring_of_a_file_with_no_labelled_paper_is_a_usage_error(tmp_path, invoke):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    result = invoke(str(default_config_path()), "evaluate-scoring", str(empty))
    assert result.exit_code == 2 and "holds no labelled paper" in result.stderr
    # only papers that are not relevant: their false alarms, and no "None" for the recall
    negatives = tmp_path / "negatives.jsonl"
    negatives.write_text(json.dumps({"title": "Nitrogen and wheat yield", "relevant": False}) + "\n")
    result = invoke(str(default_config_path()), "evaluate-scoring", str(negatives))
    assert result.exit_code == 0 and "None" not in result.stdout
    assert "recall - (no relevant paper in the file)" in result.stdout and "0 false alarms" in result.stdout

def _served_app(tmp_path, monkeypatch, *args: str, env: dict | None = None):
    """The app `tracker serve ARGS` would serve (run_simple replaced: nothing listens), on a
    database with the test editors."""
    import webdata
    import werkzeug.serving

    db = tmp_path / "served.db"
    if not db.exists():
        webdata.build(db)
    served = {}
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda host, port, app, **kw: served.update(app=app))
    monkeypatch.setenv("TRACKER_SECRET_KEY", "serve-test-secret-" + "s" * 32)
    result = CliRunner().invoke(cli, ["--config", str(default_config_path()), "--db", str(db), "serve", *args],
                                env=env or {}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Serving the editors' UI on http://127.0.0.1:8000/" in result.stderr
    return served["app"], db


def test_serve_says_where_the_confirmation_e_mails_of_sign_ups_go(tmp_path, monkeypatch):
    import werkzeug.serving

    db = tmp_path / "served.db"
    import webdata

    webdata.build(db)
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda *a, **kw: None)
    monkeypatch.setenv("TRACKER_SECRET_KEY", "serve-test-secret-" + "s" * 32)
    base = ["--config", str(default_config_path()), "--db", str(db), "serve"]
    monkeypatch.delenv("TRACKER_SMTP_URL", raising=False)
    alone = CliRunner().invoke(cli, base, catch_exceptions=False)
    assert (f"warning: TRACKER_SMTP_URL is not set: confirmation e-mails of sign-ups are only written to outbox "
            f"{tmp_path / 'outbox'}/; readers who sign up get nothing until it is set") in alone.stderr
    relayed = CliRunner().invoke(cli, base, env={"TRACKER_SMTP_URL": "smtps://news%40example.org:pw@mail.example.org:465"},
                                 catch_exceptions=False)
    assert "confirmation e-mails of sign-ups go through smtps://news%40example.org@mail.example.org:465" in relayed.stderr
    assert ":pw@" not in relayed.stderr and "warning" not in relayed.stderr  # the password never shows


def test_serve_warns_that_sign_ups_fail_without_the_address_readers_reach(tmp_path, monkeypatch):
    import werkzeug.serving
    import webdata
    import yaml

    db = tmp_path / "served.db"
    webdata.build(db)
    data = yaml.safe_load(default_config_path().read_text())
    data.get("newsletter", {}).pop("public_url", None)
    data.get("digest", {}).pop("public_base_url", None)
    config = tmp_path / "feeds.yaml"
    config.write_text(yaml.safe_dump(data))
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda *a, **kw: None)
    monkeypatch.setenv("TRACKER_SECRET_KEY", "serve-test-secret-" + "s" * 32)
    result = CliRunner().invoke(cli, ["--config", str(config), "--db", str(db), "serve"],
                                env={"TRACKER_SMTP_URL": "smtp://127.0.0.1:2525"}, catch_exceptions=False)
    assert ("warning: neither newsletter.public_url nor digest.public_base_url is set in feeds.yaml: every sign-up "
            "fails") in result.stderr


def _login_address(app, db, client_ip: str) -> str:
    """Log alice in with X-Forwarded-For naming `client_ip`; the address the login was counted for."""
    import webdata
    from webdata import csrf_token

    client = app.test_client()
    headers = {"X-Forwarded-For": client_ip}
    token = csrf_token(client.get("/login", headers=headers).text)
    response = client.post("/login", headers=headers,
                           data={"username": "alice", "password": webdata.PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.text
    return list(open_db(db).query("SELECT address FROM login_attempts ORDER BY id DESC LIMIT 1"))[0]["address"]


@pytest.mark.parametrize("args, env", [(("--behind-proxy",), None), ((), {"TRACKER_BEHIND_PROXY": "1"})])
def test_serve_behind_a_proxy_takes_the_client_from_x_forwarded_for(tmp_path, monkeypatch, args, env):
    app, db = _served_app(tmp_path, monkeypatch, *args, env=env)
    assert _login_address(app, db, "203.0.113.9") == "203.0.113.9"


def test_serve_without_a_proxy_ignores_x_forwarded_for(tmp_path, monkeypatch):
    app, db = _served_app(tmp_path, monkeypatch, env={"TRACKER_BEHIND_PROXY": None})
    assert _login_address(app, db, "203.0.113.9") == "127.0.0.1"  # a header anyone can send


def test_v_logs_what_happens_and_vv_tracebacks_an_error(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    quiet = invoke(config, "run")
    assert quiet.exit_code == 0 and " INFO " not in quiet.stderr
    told = invoke(config, "-v", "run")
    assert told.exit_code == 0 and re.search(r"^\d{4}-\d\d-\d\dT[\d:]{8}Z INFO tracker\.", told.stderr, re.M), told.stderr
    assert " DEBUG " not in told.stderr
    with run_lock(invoke.db):
        plain = invoke(config, "rescore")
        logged = invoke(config, "-v", "rescore")
        traced = invoke(config, "-vv", "rescore")
    assert plain.exit_code == logged.exit_code == traced.exit_code == 75
    assert "Traceback" not in plain.stderr and plain.stderr.startswith("tracker: error: another tracker run holds")
    assert "Traceback" not in logged.stderr  # -v is more logging; a traceback is -vv's
    assert "Traceback (most recent call last)" in traced.stderr and "LockError" in traced.stderr


def test_the_run_lock_is_one_lock_however_the_database_path_is_spelled(http_server, tmp_path, invoke):
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    assert invoke(config, "run").exit_code == 0
    link = tmp_path / "link" / "other-name.db"
    link.parent.mkdir()
    link.symlink_to(invoke.db)
    for held in (link, tmp_path / "link" / ".." / "tracker.db"):
        with run_lock(held):
            busy = invoke(config, "run")
        assert busy.exit_code == 75 and "another tracker run holds" in busy.stderr, held
        assert "fetched" not in busy.stderr  # no source was polled


def imported(code: str, watched: tuple[str, ...], *args: str) -> tuple[str, str]:
    """Run `code` in a fresh interpreter, then print which of the `watched` modules it imported:
    (all it printed, that last line)."""
    done = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint(sorted(m for m in {watched!r} if m in sys.modules))",
                           *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stdout.strip().splitlines()[-1]


def test_the_quick_commands_import_nothing_of_the_digest_or_the_config_model():
    """`tracker papers` answers in well under half a second (bench/web.py): registering the
    commands must not import the digest package, pydantic's config model or the HTTP stack."""
    out, loaded = imported("import tracker.cli", ("tracker.digest", "tracker.config", "pydantic", "requests"))
    assert loaded == "[]", out


def test_reading_the_config_imports_none_of_the_fetch_stack():
    """Every command that loads feeds.yaml, and every web worker, pays for what tracker.config
    imports: the source types' config models must not bring requests, feedparser or
    sqlite_utils with them (they did, through the source modules: 0.70 s against 0.40 s)."""
    out, loaded = imported("import tracker.config", ("requests", "feedparser", "sqlite_utils"))
    assert loaded == "[]", out


def test_show_and_editors_list_import_no_yaml_and_no_password_hashing(http_server, tmp_path, invoke):
    """`tracker show` and `tracker editors list` only read the database: neither imports yaml
    (only `tracker edit` and summary files need it) or werkzeug (only hashing or checking a
    password does: tracker/editors.py); `editors list` imports no pydantic either. (`show` still
    imports pydantic: lay_summary() reads the columns the LaySummary model names.)"""
    serve_good_sources(http_server)
    assert invoke(write_config(tmp_path, http_server), "run").exit_code == 0
    from tracker.editors import add_editor

    db = open_db(invoke.db)
    add_editor(db, "sam", "correct horse battery")
    db.conn.close()
    code = ("import sys\n"
            "from tracker.cli import cli\n"
            "cli.main(['--db', sys.argv[1], *sys.argv[2:]], prog_name='tracker', standalone_mode=False)")
    loaded = {}
    for args in (["show", "1"], ["editors", "list"]):
        out, loaded[args[0]] = imported(code, ("yaml", "pydantic", "werkzeug"), invoke.db, *args)
        if args[0] == "show":
            assert "doi" in out.lower() or "pmid" in out.lower(), out  # the paper, shown
        else:
            assert "sam" in out  # the commands ran, not just their imports
    assert loaded["editors"] == "[]", loaded
    assert "yaml" not in loaded["show"] and "werkzeug" not in loaded["show"], loaded


def test_a_database_that_refuses_a_write_is_one_clear_line_not_a_traceback(tmp_path, invoke, monkeypatch):
    """An editor running a command as another user than the cron job's got a traceback ending in
    "attempt to write a readonly database"."""
    import sqlite3

    from tracker import review

    open_db(invoke.db, create=True).close()

    def refused(*args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(review, "decide", refused)
    result = invoke(str(default_config_path()), "hold", "1", "--editor", "sam")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"tracker: error: the database {invoke.db} refused: attempt to write a readonly database")
    assert "-wal and -shm" in result.stderr

    def defect(*args, **kwargs):  # a programming error is no database refusal: it keeps its traceback
        raise sqlite3.OperationalError("no such column: staus")

    monkeypatch.setattr(review, "decide", defect)
    with pytest.raises(sqlite3.OperationalError, match="no such column"):
        invoke(str(default_config_path()), "hold", "1", "--editor", "sam")


def test_a_lock_file_that_cannot_be_made_is_one_clear_line_and_nothing_is_fetched(http_server, tmp_path, invoke):
    """A read-only folder or one of another user (cron run as the wrong user) made `tracker run`
    end in a traceback from the lock file; what cannot be made there (here a folder in the way,
    which root cannot write through either) is said in one line."""
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    assert invoke(config, "run").exit_code == 0
    requests = len(http_server.requests)
    Path(invoke.db + ".lock").unlink(missing_ok=True)
    Path(invoke.db + ".lock").mkdir()
    result = invoke(config, "run")
    assert result.exit_code == 1 and "Traceback" not in result.output
    # tracker run's error goes to cron's log: with the time, as the run's other lines
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ tracker: error: cannot open the lock file "
                    + re.escape(f"{Path(invoke.db).resolve()}.lock: "), result.stderr), result.stderr
    assert f"this user must be able to write it, or create it in its folder {Path(invoke.db).resolve().parent}/" \
        in result.stderr
    assert len(http_server.requests) == requests  # nothing fetched


def test_a_damaged_database_file_says_to_restore_it(tmp_path, invoke):
    Path(invoke.db).write_bytes(b"SQLite format 2\x00" + bytes(range(256)) * 64)
    result = invoke(str(default_config_path()), "status")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "file is not a database (the file is damaged, or is not a tracker database: restore it from a backup" \
        in result.stderr


def test_a_database_sqlite_cannot_open_names_the_folder_it_must_write(tmp_path, invoke):
    """A database in a folder this user cannot write: SQLite cannot make its -wal file there,
    and the message only said "unable to open database file" of a file that is plainly there."""
    from tracker.store import StoreError

    folder = tmp_path / "shared"
    folder.mkdir()
    open_db(folder / "tracker.db", create=True).close()
    (folder / "tracker.db-wal").unlink(missing_ok=True)
    (folder / "tracker.db-wal").mkdir()  # what SQLite cannot create or open, as when the folder is read-only
    with pytest.raises(StoreError) as raised:
        open_db(folder / "tracker.db")
    assert "unable to open database file (the file exists" in str(raised.value)
    assert f"its folder {folder}/, where SQLite keeps its -wal and -shm files" in str(raised.value)
    # ... and the files themselves, which SQLite made with the database's mode of the day (chmod 400)
    assert "tracker.db-wal, tracker.db-shm" in str(raised.value)


def test_an_empty_file_named_as_the_database_is_refused_not_turned_into_one(tmp_path):
    """`tracker papers --db empty.db` on a zero-byte file made it a whole new database (readable by
    all) and answered "no papers match"."""
    empty = tmp_path / "empty.db"
    empty.touch()
    result = CliRunner().invoke(cli, ["--config", str(default_config_path()), "--db", str(empty), "papers"],
                                catch_exceptions=False)
    assert result.exit_code == 2 and f"{empty} is an empty file, not a tracker database" in result.stderr
    assert empty.stat().st_size == 0

    # a command that may create the database makes it one, as private as a database it creates
    empty.chmod(0o644)
    added = CliRunner().invoke(cli, ["--config", str(default_config_path()), "--db", str(empty), "editors", "add",
                                     "sam", "--password-stdin"], input="a long password\n", catch_exceptions=False)
    assert added.exit_code == 0, added.output
    assert stat.S_IMODE(empty.stat().st_mode) == 0o600 and empty.stat().st_size > 0


def test_an_editor_name_differing_only_in_case_is_taken(tmp_path):
    db = str(tmp_path / "tracker.db")
    base = ["--config", str(default_config_path()), "--db", db, "editors", "add"]
    assert CliRunner().invoke(cli, [*base, "sam", "--password-stdin"], input="a long password\n").exit_code == 0
    again = CliRunner().invoke(cli, [*base, "SAM", "--password-stdin"], input="a long password\n")
    assert again.exit_code == 1 and "editor 'SAM' already exists (as 'sam')" in again.stderr


def test_tracker_s_own_options_after_a_command_are_answered_with_where_they_go():
    """`tracker papers --db FILE` said only "No such option '--db'": the option is tracker's own and
    goes before the command."""
    from click.testing import CliRunner

    from tracker.cli import cli

    result = CliRunner().invoke(cli, ["papers", "--db", "x.db"])
    assert result.exit_code == 2
    assert "--db is an option of tracker itself: put it before the command, as in tracker --db ... papers" in result.output
    nested = CliRunner().invoke(cli, ["digest", "check", "--config", "x.yaml"])
    assert nested.exit_code == 2 and "as in tracker --config ... digest check ..." in nested.output
    assert "No such option" in CliRunner().invoke(cli, ["papers", "--dbb", "x"]).output  # any other: click's words


@pytest.mark.parametrize("pubmed_host, stop, code, name", [
    ("127.0.0.1", signal.SIGTERM, 143, "SIGTERM"),  # PubMed on the feed's host
    ("localhost", signal.SIGTERM, 143, "SIGTERM"),  # or a second, fetched in its own thread
    ("127.0.0.1", signal.SIGINT, 130, "Ctrl-C"),
])
def test_sigterm_stops_a_run_with_a_line_that_says_so_and_keeps_what_was_stored(http_server, tmp_path, pubmed_host,
                                                                                  stop, code, name):
    # cron's timeout or `kill` sends SIGTERM: the run says so, closes its log rows and frees the
    # lock, instead of ending without a word with its rows "running" until the next run
    serve_good_sources(http_server)
    http_server.route("/eutils/esearch.fcgi", Reply(hang=True))  # PubMed never answers
    port = http_server.url.rsplit(":", 1)[1]
    config = str(config_file(tmp_path, [
        {"name": "frontiers-psychiatry", "type": "frontiers", "url": http_server.url + FEED, "retries": 0},
        {"name": "pubmed", "type": "pubmed", "query": "ketamine", "base_url": f"http://{pubmed_host}:{port}/eutils/",
         "requests_per_second": 1000, "retries": 0, "timeout": 60},
    ]))
    db = tmp_path / "tracker.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    run = subprocess.Popen([sys.executable, "-m", "tracker", "--config", config, "--db", str(db), "run"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the feed stored, PubMed asked
            if http_server.requests_to("/eutils/esearch.fcgi") and db.exists() and \
                    _runs(db).get("frontiers-psychiatry") == "ok":
                break
            time.sleep(0.05)
        else:
            pytest.fail("the run never reached PubMed")
        run.send_signal(stop)
        out, err = run.communicate(timeout=20)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == code, err
    assert out == ""
    # the sources stored before, then what stopped it: each line with the time, as in a whole run's log
    lines = err.strip().splitlines()
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ frontiers-psychiatry: 1 fetched, 1 new", lines[-2]), err
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ tracker: run stopped by " + name + "; what the sources above "
                    r"stored is kept, what was cut off is rolled back", lines[-1]), err
    assert "Traceback" not in err
    conn = sqlite3.connect(db)
    rows = dict(conn.execute("SELECT source, status || ': ' || coalesce(error, '') FROM runs").fetchall())
    assert rows == {"frontiers-psychiatry": "ok: ", "pubmed": f"interrupted: stopped by {name}"}
    assert conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 1
    conn.close()
    status = subprocess.run([sys.executable, "-m", "tracker", "--config", config, "--db", str(db), "status"],
                            capture_output=True, text=True, env=env, timeout=60).stdout
    assert any(l.startswith("pubmed") and " interrupted " in l for l in status.splitlines()), status
    # the lock is free: the next run goes on from there
    serve_good_sources(http_server)
    again = subprocess.run([sys.executable, "-m", "tracker", "--config", config, "--db", str(db), "run"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "pubmed: 1 fetched, 1 new" in again.stderr


def _runs(db: Path) -> dict:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return dict(conn.execute("SELECT source, status FROM runs").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def test_on_a_read_only_file_system_the_error_says_so_not_who_may_write(http_server, tmp_path, invoke, monkeypatch):
    """A database on a disk mounted read-only (a rescue boot, a full disk remounted ro) was told
    "this user must be able to write it": no permission helps there; the mount is what to fix."""
    serve_good_sources(http_server)
    config = write_config(tmp_path, http_server)
    assert invoke(config, "run").exit_code == 0
    Path(invoke.db + ".lock").unlink(missing_ok=True)
    Path(invoke.db + ".lock").mkdir()  # the lock file cannot be opened, as on a read-only disk
    import tracker.store as store

    real = os.statvfs

    class ReadOnly:
        def __init__(self, result):
            self._result = result

        def __getattr__(self, name):
            return getattr(self._result, name)

        @property
        def f_flag(self):
            return self._result.f_flag | os.ST_RDONLY

    monkeypatch.setattr(store.os, "statvfs", lambda p: ReadOnly(real(p)))
    result = invoke(config, "run")
    folder = Path(invoke.db).resolve().parent
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"the file system of {folder}/ is mounted read-only: remount it read-write, or keep the database on one " \
           "that is (--db or TRACKER_DB)" in result.stderr
    assert "must be able to write" not in result.stderr
    assert "mounted read-only" in store.write_access_hint(invoke.db)
    monkeypatch.setattr(store.os, "statvfs", real)
    assert "must be able to write" in store.write_access_hint(invoke.db)  # a writable mount: who may write what


def test_sigterm_or_ctrl_c_in_any_other_command_is_one_line_and_its_exit_code(tmp_path, invoke, monkeypatch):
    """A command with nothing of its own to tidy, stopped by SIGTERM (tracker.cli.main raises
    Terminated for it) or Ctrl-C, said click's "Aborted!" and exited 1, which cron reads as a failure."""
    from tracker import queries
    from tracker.errors import Terminated

    config = str(default_config_path())
    assert invoke(config, "run", "--source", "frontiers-psychiatry", "--load",
                  str(Path(__file__).parent / "fixtures" / "feeds" / "frontiers_psychiatry.xml")).exit_code == 0
    for stop, code, name in ((Terminated, 143, "SIGTERM"), (KeyboardInterrupt, 130, "Ctrl-C")):
        def stopped(*args, **kwargs):
            raise stop()
        monkeypatch.setattr(queries, "source_health", stopped)
        result = invoke(config, "status")
        assert result.exit_code == code and "Aborted" not in result.output, result.output
        assert re.fullmatch(rf"(\S+Z )?tracker: stopped by {name}\n", result.stderr), result.stderr


def test_a_stopped_runs_rows_are_closed_quickly_and_never_with_a_half_stored_source(tmp_path):
    """Runner.interrupted closes the run's log rows; a source's transaction still open (a second
    signal inside its rollback) is rolled back, not committed with them; a database another process
    holds is not waited on for the 30 seconds of the busy timeout."""
    from tracker.pipeline import Runner

    path = tmp_path / "t.db"
    db = open_db(path)
    runner = Runner(load_config(default_config_path()), db)
    db["runs"].insert({"run_group": "g", "source": "pubmed", "started": "2026-12-05T10:00:00Z"})
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("INSERT INTO runs (run_group, source, started) VALUES ('g', 'half-stored', 'x')")
    runner.interrupted("stopped by SIGTERM")
    assert dict(db.execute("SELECT source, status FROM runs").fetchall()) == {"pubmed": "interrupted"}
    db["runs"].insert({"run_group": "h", "source": "pubmed", "started": "2026-12-05T11:00:00Z"})
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    started = time.monotonic()
    runner.interrupted("stopped by SIGTERM")  # logged, not raised: the next run closes the row
    assert time.monotonic() - started < 5
    other.execute("ROLLBACK")
    other.close()
    assert db.execute("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0] == "running"


def test_runs_killed_without_a_word_run_after_run_are_a_problem_for_status_check(http_server, tmp_path):
    """SIGKILL (systemd after its stop timeout, timeout -s KILL, the OOM killer, a reboot) leaves
    the run's row "running"; the next run marks it interrupted but is killed in turn, so the
    streak status --check looks for never held, and status said "ok" with an old last success."""
    serve_good_sources(http_server)
    http_server.route("/eutils/esearch.fcgi", Reply(hang=True))  # PubMed never answers
    config = write_config(tmp_path, http_server, health={"failures": 2})
    db = tmp_path / "tracker.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    tracker = [sys.executable, "-m", "tracker", "--config", config, "--db", str(db)]

    def check() -> subprocess.CompletedProcess:
        return subprocess.run([*tracker, "status", "--check"], capture_output=True, text=True, env=env, timeout=60)

    for n in range(2):
        asked = len(http_server.requests_to("/eutils/esearch.fcgi"))
        run = subprocess.Popen([*tracker, "run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            deadline = time.monotonic() + 30
            while len(http_server.requests_to("/eutils/esearch.fcgi")) == asked:  # PubMed asked
                assert time.monotonic() < deadline, "the run never reached PubMed"
                time.sleep(0.05)
            if n == 1:  # a run still going is not one that died
                assert check().returncode == 0
            run.send_signal(signal.SIGKILL)
            run.wait(timeout=20)
        finally:
            if run.poll() is None:
                run.kill()
    checked = check()
    assert checked.returncode == 1
    assert "pubmed: its last 2 runs were stopped before it was stored" in checked.stdout
    status = subprocess.run([*tracker, "status"], capture_output=True, text=True, env=env, timeout=60).stdout
    assert any(l.startswith("pubmed") and " interrupted " in l for l in status.splitlines()), status


def test_a_source_stopped_run_after_run_is_a_problem_for_status_check(tmp_path, invoke):
    """A cron timeout shorter than the run stops it at the same slow source every hour: it never
    fails, and the sources after it are never reached; status --check says so."""
    config = str(default_config_path())
    assert invoke(config, "run", "--source", "frontiers-psychiatry", "--load",
                  str(Path(__file__).parent / "fixtures" / "feeds" / "frontiers_psychiatry.xml")).exit_code == 0
    db = open_db(invoke.db)
    # (a replay leaves the source's health alone: its last real fetch went well)
    db["source_state"].insert({"source": "frontiers-psychiatry", "last_attempt": "2026-12-05T09:00:00Z",
                               "last_success": "2026-12-05T09:00:00Z", "failures_in_row": 0})
    failures = load_config(default_config_path()).health.failures
    for n in range(failures):
        db["runs"].insert({"run_group": f"g{n}", "source": "frontiers-psychiatry", "started": f"2026-12-05T1{n}:00:00Z",
                           "status": "interrupted", "error": "stopped by SIGTERM"})
    db.conn.commit()
    checked = invoke(config, "status", "--check")
    assert checked.exit_code == 1
    assert f"frontiers-psychiatry: its last {failures} runs were stopped before it was stored" in checked.stdout
    assert any(l.startswith("frontiers-psychiatry") and "interrupted, was ok" in l
               for l in invoke(config, "status").stdout.splitlines())
    # a saved response replayed after them is no run of the source: the problem stays (it went)
    assert invoke(config, "run", "--source", "frontiers-psychiatry", "--load",
                  str(Path(__file__).parent / "fixtures" / "feeds" / "frontiers_psychiatry.xml")).exit_code == 0
    assert "its last" in invoke(config, "status", "--check").stdout
