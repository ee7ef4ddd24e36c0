"""The ingest pipeline end to end: a real local HTTP server in, SQLite rows out."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from builders import article, config_with, efetch, efetch_ids, esearch, frontiers_feed, frontiers_item
from httpserver import LocalServer, Reply

from tracker.config import default_config_path, load_config
from tracker.pipeline import Runner
from tracker.queries import get_paper, list_papers

TODAY = date(2026, 11, 20)
FEED = "/journals/psychiatry/rss"
KACT_DOI = "10.3389/fpsyt.2026.0000101"
KACT_TITLE = "Ketamine-assisted couple therapy: a framework for sessions with two partners"
KACT_ABSTRACT = "We describe ketamine-assisted therapy for couples with relationship distress and depression."


def make_config(server, *, pubmed: dict | None = None, feed: dict | None = None, only: str | None = None):
    sources = [
        {"name": "frontiers-psychiatry", "type": "frontiers", "url": server.url + FEED, "retries": 1, **(feed or {})},
        {"name": "pubmed", "type": "pubmed", "query": "ketamine OR couple therapy", "base_url": server.url + "/eutils/",
         "requests_per_second": 1000, "retries": 1, **(pubmed or {})},
    ]
    return config_with([s for s in sources if only is None or s["name"] == only])


def run(config, db, today=TODAY):
    sleeps: list[float] = []
    outcomes = Runner(config, db, today=today, sleep=sleeps.append).run()
    return {o.source: o for o in outcomes}, sleeps


def serve_feed_with_etag(server, body: bytes, etag: str = '"v1"'):
    server.route(FEED, lambda seen: Reply(304) if seen.headers.get("If-None-Match") == etag
                 else Reply(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"}))


def paper_by_doi(db, doi):
    row = next(db.query("SELECT id FROM papers WHERE doi = ?", [doi]), None)
    return get_paper(db, row["id"]) if row else None


def test_frontiers_item_and_pubmed_record_with_same_doi_are_one_paper(http_server, db):
    serve_feed_with_etag(http_server, frontiers_feed(frontiers_item(
        KACT_DOI, KACT_TITLE, description="Introduction" + KACT_ABSTRACT, category="Hypothesis and Theory",
        authors=("Ada Example", "Ben Example"))))
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["99000001", "99000002"])))
    http_server.route("/eutils/efetch.fcgi", Reply(200, efetch(
        article("99000001", KACT_TITLE + ".", doi=KACT_DOI.upper(), abstract=KACT_ABSTRACT),
        article("99000002", "Psilocybin therapy for depression in primary care", doi="10.1000/x2",
                abstract="Participants with depression received psilocybin therapy."),
    )))
    outcomes, _ = run(make_config(http_server), db)

    assert outcomes["frontiers-psychiatry"].counts["new"] == 1
    assert outcomes["pubmed"].counts == {"new": 1, "updated": 0, "merged": 1, "unchanged": 0}
    assert db["papers"].count == 2
    paper = paper_by_doi(db, KACT_DOI)
    assert paper["pmid"] == "99000001"
    assert paper["sources"] == ["frontiers-psychiatry", "pubmed"]
    assert paper["article_type"] == "Hypothesis and Theory"  # Frontiers names its article types
    assert paper["url"].startswith("https://www.frontiersin.org/articles/")
    assert len(paper["sightings"]) == 2
    # The intersection of both topics ranks first.
    ranked = list_papers(db, status="all")
    assert ranked[0]["id"] == paper["id"]
    assert set(paper["topics"]) == {"psychedelic", "relational"}


def test_a_merged_paper_keeps_the_publishers_casing_of_the_journal_name(http_server, db):
    # PubMed's journal title is "Frontiers in psychiatry"; the feed says "Frontiers in Psychiatry".
    serve_feed_with_etag(http_server, frontiers_feed(frontiers_item(KACT_DOI, KACT_TITLE, description=KACT_ABSTRACT)))
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["99000001", "99000002"])))
    http_server.route("/eutils/efetch.fcgi", Reply(200, efetch(
        article("99000001", KACT_TITLE, doi=KACT_DOI, journal="Frontiers in psychiatry"),
        article("99000002", "Psilocybin therapy", doi="10.1000/x2", journal="Journal of psychopharmacology"))))
    run(make_config(http_server), db)

    assert paper_by_doi(db, KACT_DOI)["journal"] == "Frontiers in Psychiatry"
    assert paper_by_doi(db, "10.1000/x2")["journal"] == "Journal of psychopharmacology"  # PubMed's alone


def test_rerun_with_nothing_new_costs_one_request_per_source_and_writes_only_the_run_log(http_server, db):
    serve_feed_with_etag(http_server, frontiers_feed(frontiers_item(KACT_DOI, KACT_TITLE, description=KACT_ABSTRACT)))
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["99000001"])))
    http_server.route("/eutils/efetch.fcgi", Reply(200, efetch(article("99000001", KACT_TITLE, doi=KACT_DOI))))
    config = make_config(http_server)
    run(config, db)
    before = {t: list(db[t].rows) for t in ("papers", "sightings", "paper_links")}
    http_server.requests.clear()

    outcomes, _ = run(config, db, today=date(2026, 11, 21))

    assert [(r.method, r.path) for r in http_server.requests] == [("GET", FEED), ("GET", "/eutils/esearch.fcgi")]
    assert http_server.requests[0].headers["If-None-Match"] == '"v1"'
    assert outcomes["frontiers-psychiatry"].not_modified
    assert outcomes["pubmed"].fetched == 0
    after = {t: list(db[t].rows) for t in ("papers", "sightings", "paper_links")}
    # Only last_seen bookkeeping could differ; here nothing was re-seen at all.
    assert after == before
    runs = list(db.query("SELECT source, requests, not_modified, status FROM runs ORDER BY id"))[-2:]
    assert runs == [
        {"source": "frontiers-psychiatry", "requests": 1, "not_modified": 1, "status": "ok"},
        {"source": "pubmed", "requests": 1, "not_modified": 0, "status": "ok"},
    ]


def test_paper_first_seen_in_frontiers_gains_its_pmid_when_pubmed_indexes_it(http_server, db, tmp_path):
    serve_feed_with_etag(http_server, frontiers_feed(frontiers_item(KACT_DOI, KACT_TITLE, description=KACT_ABSTRACT)))
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch([])), Reply(200, esearch(["99000001"])))
    http_server.route("/eutils/efetch.fcgi", Reply(200, efetch(article("99000001", KACT_TITLE, doi=KACT_DOI))))
    config = make_config(http_server)
    run(config, db)
    first = paper_by_doi(db, KACT_DOI)
    assert first["pmid"] is None

    run(config, db, today=date(2026, 11, 27))

    later = paper_by_doi(db, KACT_DOI)
    assert later["id"] == first["id"] and later["pmid"] == "99000001"
    assert later["first_seen"] == first["first_seen"]
    assert db["papers"].count == 1


def test_updated_item_updates_the_paper_and_keeps_every_version(http_server, db):
    http_server.route(
        FEED,
        Reply(200, frontiers_feed(frontiers_item(KACT_DOI, KACT_TITLE))),
        Reply(200, frontiers_feed(frontiers_item(KACT_DOI, KACT_TITLE, description="Introduction" + KACT_ABSTRACT))),
    )
    config = make_config(http_server, only="frontiers-psychiatry")
    run(config, db)
    assert paper_by_doi(db, KACT_DOI)["abstract"] == ""

    outcomes, _ = run(config, db)

    assert outcomes["frontiers-psychiatry"].counts["updated"] == 1
    paper = paper_by_doi(db, KACT_DOI)
    assert paper["abstract"] == "Introduction: " + KACT_ABSTRACT
    versions = list(db.query("SELECT superseded, record FROM sightings ORDER BY id"))
    assert [v["superseded"] for v in versions] == [1, 0]
    assert json.loads(versions[0]["record"])["abstract"] == ""


def test_a_record_that_links_two_stored_papers_merges_them(http_server, db):
    # Frontiers knows the DOI; PubMed first lists the record without a DOI, then with it.
    serve_feed_with_etag(http_server, frontiers_feed(frontiers_item(KACT_DOI, KACT_TITLE)))
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["99000001"])))
    http_server.route("/eutils/efetch.fcgi", Reply(200, efetch(article("99000001", KACT_TITLE))))
    config = make_config(http_server)
    run(config, db)
    assert db["papers"].count == 2

    # A PubMed-RSS-like source now carries both identifiers.
    from tracker.records import Record
    from tracker.merge import Merger
    from tracker.score import Scorer
    from tracker.store import transaction

    merger = Merger(db, Scorer(config), "pubmed-rss", "rss", None)
    with transaction(db):
        outcome = merger.save(Record(title=KACT_TITLE, doi=KACT_DOI, pmid="99000001", source_key="pmid:99000001"))

    assert outcome == "merged"
    assert db["papers"].count == 1
    paper = paper_by_doi(db, KACT_DOI)
    assert paper["pmid"] == "99000001"
    assert paper["sources"] == ["frontiers-psychiatry", "pubmed", "pubmed-rss"]


def test_a_failing_source_is_recorded_and_the_others_still_store(http_server, db):
    http_server.route(FEED, Reply(503))
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["99000001"])))
    http_server.route("/eutils/efetch.fcgi", Reply(200, efetch(article("99000001", KACT_TITLE, doi=KACT_DOI))))
    outcomes, _ = run(make_config(http_server), db)

    assert not outcomes["frontiers-psychiatry"].ok and "503" in outcomes["frontiers-psychiatry"].error
    assert outcomes["pubmed"].ok and db["papers"].count == 1
    state = db["source_state"].get("frontiers-psychiatry")
    assert state["failures_in_row"] == 1 and "503" in state["last_error"]
    run(make_config(http_server), db)
    assert db["source_state"].get("frontiers-psychiatry")["failures_in_row"] == 2


def test_a_pubmed_error_line_is_short_and_the_run_keeps_the_whole_story(http_server, db):
    # The shipped query is about 1.6 KB; URL-encoded, an error quoting it twice was 2.7 KB.
    shipped = next(s for s in load_config(default_config_path()).sources if s.name == "pubmed")
    http_server.route("/eutils/esearch.fcgi", Reply(500, b"<html><body><h1>Internal Server Error</h1>"
                                                         + b"<p>backend overloaded</p>" * 50 + b"</body></html>"))
    outcome = run(make_config(http_server, pubmed={"query": shipped.query}, only="pubmed"), db)[0]["pubmed"]

    assert not outcome.ok and len(outcome.summary()) < 200, outcome.summary()
    assert "esearch.fcgi failed after 2 attempt(s): HTTP 500: Internal Server Error" in outcome.error
    state = db["source_state"].get("pubmed")
    assert state["last_error"] == outcome.error
    detail = next(db.query("SELECT error FROM runs WHERE source = 'pubmed'"))["error"]
    assert detail == outcome.detail and "psilocybin" in detail and "backend overloaded" in detail


def test_a_server_error_page_with_terminal_escapes_is_recorded_and_shown_without_them(http_server, db):
    page = "\x1b[2J\x1b[H\x1b]0;owned\x07\u009b31mGone\u202e for good\r\n".encode()
    http_server.route(FEED, Reply(404, page))
    outcome = run(make_config(http_server, only="frontiers-psychiatry"), db)[0]["frontiers-psychiatry"]

    state = db["source_state"].get("frontiers-psychiatry")
    detail = next(db.query("SELECT error FROM runs"))["error"]
    for text in (outcome.summary(), state["last_error"], detail):
        assert "HTTP 404" in text and "31mGone for good" in text, text
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in text), repr(text)
        assert "owned" not in text


def test_an_esearch_warning_reaches_the_log_without_terminal_controls(http_server, db, caplog):
    # XML 1.0 forbids ESC but allows the C1 controls: U+009B is a CSI on its own.
    body = esearch([]).replace(b"</eSearchResult>", "<WarningList><QuotedPhraseNotFound>\u009b2J\u009b]0;"
                                                     "owned\u202e ketamnie</QuotedPhraseNotFound></WarningList>"
                                                     "</eSearchResult>".encode())
    http_server.route("/eutils/esearch.fcgi", Reply(200, body))
    run(make_config(http_server, only="pubmed"), db)
    warned = [r.getMessage() for r in caplog.records if "esearch warns" in r.getMessage()]
    assert len(warned) == 1 and "ketamnie" in warned[0], warned
    assert not any(0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in warned[0]), repr(warned[0])


def test_a_dead_network_fails_a_source_at_once_and_the_others_are_stored(http_server, db):
    # No internet needed: .invalid never resolves (RFC 6761).
    serve_feed_with_etag(http_server, frontiers_feed(frontiers_item(KACT_DOI, KACT_TITLE, description=KACT_ABSTRACT)))
    config = make_config(http_server, pubmed={"base_url": "https://eutils.tracker-tests.invalid/eutils/",
                                              "retries": 4, "timeout": 5})
    outcomes, sleeps = run(config, db)

    assert outcomes["pubmed"].requests == 1 and sleeps == []  # no retry, no backoff
    assert outcomes["pubmed"].error == "the name eutils.tracker-tests.invalid does not resolve (DNS)"
    assert outcomes["frontiers-psychiatry"].ok and db["papers"].count == 1


def test_a_host_that_never_answers_costs_at_most_two_timeouts(http_server, db):
    http_server.route(FEED, Reply(hang=True))
    config = make_config(http_server, feed={"retries": 4, "timeout": 0.5}, only="frontiers-psychiatry")
    started = time.monotonic()
    outcome = run(config, db)[0]["frontiers-psychiatry"]
    elapsed = time.monotonic() - started

    assert outcome.requests == 2 and "read timed out after 0.5s" in outcome.error
    assert 2 * 0.5 <= elapsed < 2 * 0.5 + 2.5, elapsed


def test_a_dead_host_does_not_hold_up_sources_on_other_hosts(http_server, db):
    """Hosts are fetched side by side; each host's own sources still go one after another."""
    other = LocalServer()
    try:
        started = time.monotonic()
        arrivals: dict[str, list[float]] = {"/a": [], "/b": []}

        def slow_feed(path, doi):
            def reply(seen):
                arrivals[path].append(time.monotonic() - started)
                return Reply(200, frontiers_feed(frontiers_item(doi, f"Ketamine couple therapy {doi}")), delay=0.5)
            return reply

        other.route("/a", slow_feed("/a", "10.3389/fpsyt.2026.1"))
        other.route("/b", slow_feed("/b", "10.3389/fpsyt.2026.2"))
        http_server.route(FEED, Reply(hang=True))
        config = config_with([
            {"name": "dead", "type": "frontiers", "url": http_server.url + FEED, "timeout": 3.0, "retries": 4},
            {"name": "a", "type": "frontiers", "url": other.url + "/a"},
            {"name": "b", "type": "frontiers", "url": other.url + "/b"},
        ])
        outcomes, _ = run(config, db)
        elapsed = time.monotonic() - started
    finally:
        other.stop()

    assert not outcomes["dead"].ok and outcomes["dead"].requests == 2  # two timeouts: 6 s
    assert outcomes["a"].ok and outcomes["b"].ok and db["papers"].count == 2
    assert list(outcomes) == ["dead", "a", "b"]  # reported in the order of feeds.yaml
    # Both of the other host's sources were fetched and stored while the dead one was still
    # timing out: the dead host held up neither, the first nor the second ...
    assert arrivals["/a"][0] < 1.5 and arrivals["/b"][0] < 3.0, arrivals
    # ... and they went one after the other (its rate limit and order are its own).
    assert arrivals["/b"][0] >= arrivals["/a"][0] + 0.5, arrivals
    assert elapsed < 2 * 3.0 + 2.0, elapsed


@pytest.mark.parametrize("bad", [
    Reply(200, b'<?xml version="1.0"?><eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>'),
    Reply(200, b"<html><body>Service temporarily unavailable</body></html>"),
    Reply(200, esearch(["1", "2"])[:60]),
    Reply(200, b'<?xml version="1.0"?><eSearchResult><Count>0</Count><RetMax>0</RetMax><RetStart>0</RetStart>'
               b"<IdList/><ErrorList><PhraseNotFound>ketamnie</PhraseNotFound></ErrorList></eSearchResult>"),
], ids=["in-band-ERROR", "html-body", "truncated", "phrase-not-found"])
def test_in_band_esearch_errors_fail_the_source_and_never_read_as_no_results(http_server, db, bad):
    http_server.route("/eutils/esearch.fcgi", bad)
    config = make_config(http_server, only="pubmed")
    outcomes, _ = run(config, db)
    assert not outcomes["pubmed"].ok
    state = db["source_state"].get("pubmed")
    assert state["last_success"] is None and state["window_end"] is None and state["last_error"]
    run_row = next(db.query("SELECT status, error FROM runs WHERE source = 'pubmed'"))
    assert run_row["status"] == "failed" and run_row["error"]


def test_a_bad_efetch_batch_stores_nothing_from_that_source(http_server, db):
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["99000001", "99000002"])))
    good = efetch(article("99000001", KACT_TITLE, doi=KACT_DOI))
    http_server.route("/eutils/efetch.fcgi", Reply(200, good), Reply(200, good[: len(good) // 2]))
    outcomes, _ = run(make_config(http_server, pubmed={"batch_size": 1}, only="pubmed"), db)
    assert not outcomes["pubmed"].ok
    assert db["papers"].count == 0  # the first batch was parsed but never stored alone


def test_efetch_only_for_pmids_not_stored_by_post_with_tool_and_email(http_server, db):
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["11", "12"])), Reply(200, esearch(["13", "12", "11"])))
    http_server.route(
        "/eutils/efetch.fcgi",
        Reply(200, efetch(article("11", "Ketamine therapy one"), article("12", "Ketamine therapy two"))),
        Reply(200, efetch(article("13", "Ketamine therapy three"))),
    )
    config = make_config(http_server, only="pubmed")
    run(config, db)
    run(config, db, today=date(2026, 11, 21))

    fetches = http_server.requests_to("/eutils/efetch.fcgi")
    assert [r.method for r in fetches] == ["POST", "POST"]
    # First run: every id is new, so the history server's WebEnv is used; then only the new id.
    assert fetches[0].form["WebEnv"] == ["MCID_test"] and fetches[0].form["query_key"] == ["1"]
    assert fetches[1].form["id"] == ["13"]
    for seen in http_server.requests:
        params = seen.form if seen.method == "POST" else seen.query
        assert params["tool"] == ["tracker"] and params["email"] == [load_config(default_config_path()).contact.email]
    assert db["papers"].count == 3


def test_entrez_date_window_advances_with_overlap_and_starts_with_the_lookback(http_server, db):
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch([])))
    config = make_config(http_server, only="pubmed", pubmed={"lookback_days": 10, "overlap_days": 3})
    run(config, db)
    run(config, db, today=date(2026, 11, 27))
    first, second, changed = http_server.requests_to("/eutils/esearch.fcgi")
    assert (first.query["datetype"], first.query["mindate"], first.query["maxdate"]) == (["edat"], ["2026/11/10"], ["2026/11/20"])
    assert (second.query["mindate"], second.query["maxdate"]) == (["2026/11/17"], ["2026/11/27"])
    assert first.query["usehistory"] == ["y"]
    # A week after the first run, the look for changed records is due (see the tests below).
    assert changed.query["datetype"] == ["mdat"]


def refresh_server(http_server, *, edat: list[str], mdat: list[str], records: dict[str, str]):
    """esearch answers by date type; efetch answers with the records asked for, by id or position."""
    listed: dict[str, list[str]] = {}

    def search(seen):
        ids = mdat if seen.query["datetype"] == ["mdat"] else edat
        webenv = f"W{len(listed)}"
        listed[webenv] = ids
        return Reply(200, esearch(ids, webenv=webenv))

    def fetch(seen):
        return Reply(200, efetch(*(records[i] for i in efetch_ids(seen, listed))))

    http_server.route("/eutils/esearch.fcgi", search)
    http_server.route("/eutils/efetch.fcgi", fetch)


def test_a_weekly_look_by_modification_date_brings_late_abstracts_and_mesh(http_server, db):
    """PubMed adds abstracts and MeSH to records weeks after they enter Entrez; the edat window
    never lists them again, so every refresh_days one esearch by modification date does."""
    title = "Ketamine-assisted therapy for couples: a pilot"
    records = {"31": article("31", title), "32": article("32", "Psilocybin therapy in primary care")}
    refresh_server(http_server, edat=["31", "32"], mdat=[], records=records)
    config = make_config(http_server, only="pubmed", pubmed={"overlap_days": 2})
    run(config, db)
    before = get_paper(db, 1)
    assert before["abstract"] == "" and before["mesh"] == []

    # Six days on, nothing is due yet: one esearch, no efetch.
    records["31"] = article("31", title, abstract="Couples with depression received ketamine-assisted therapy.",
                            mesh=("Couples Therapy", "Ketamine", "Humans"))
    refresh_server(http_server, edat=[], mdat=["31"], records=records)
    http_server.requests.clear()
    outcomes, _ = run(config, db, today=date(2026, 11, 26))
    assert [r.query["datetype"] for r in http_server.requests_to("/eutils/esearch.fcgi")] == [["edat"]]
    assert http_server.requests_to("/eutils/efetch.fcgi") == []

    # A week on: the changed record is fetched again and the paper updated, its history kept.
    http_server.requests.clear()
    outcomes, _ = run(config, db, today=date(2026, 11, 27))
    searches = http_server.requests_to("/eutils/esearch.fcgi")
    assert [r.query["datetype"] for r in searches] == [["edat"], ["mdat"]]
    changed = searches[1].query
    assert (changed["mindate"], changed["maxdate"]) == (["2026/11/18"], ["2026/11/27"])  # last look - overlap
    assert changed["term"] == ['(ketamine OR couple therapy) AND ("2026/05/31"[EDAT] : "3000"[EDAT])']
    assert outcomes["pubmed"].counts["updated"] == 1
    after = get_paper(db, 1)
    assert after["abstract"].startswith("Couples with depression") and "Couples Therapy" in after["mesh"]
    assert after["score"] > before["score"]
    assert len(after["sightings"]) == 2  # the first version stays in the history
    state = db.execute("SELECT refreshed_until FROM source_state WHERE source = 'pubmed'").fetchone()
    assert state[0] == "2026-11-27"


def test_the_look_for_changes_also_brings_records_that_match_the_query_only_now(http_server, db):
    records = {"41": article("41", "Ketamine therapy for depression"),
               "42": article("42", "Dyadic coping in couples", mesh=("Couples Therapy",))}
    refresh_server(http_server, edat=["41"], mdat=[], records=records)
    config = make_config(http_server, only="pubmed")
    run(config, db)
    # Record 42 entered Entrez before the window; its MeSH, which the query matches, came later.
    refresh_server(http_server, edat=[], mdat=["42", "41"], records=records)
    outcomes, _ = run(config, db, today=date(2026, 11, 30))
    assert outcomes["pubmed"].counts["new"] == 1 and outcomes["pubmed"].counts["unchanged"] == 1
    assert db["papers"].count == 2


def test_a_day_of_bulk_revisions_refreshes_what_esearch_lists_and_does_not_block_the_source(http_server, db, caplog):
    records = {str(n): article(str(n), f"Ketamine therapy {n}") for n in range(61, 66)}
    refresh_server(http_server, edat=["61"], mdat=[], records=records)
    config = make_config(http_server, only="pubmed", pubmed={"max_window_records": 3, "overlap_days": 0})

    def bulk(seen):  # every modification day holds 50 changes; esearch lists 3
        ids = ["62", "63", "64"] if seen.query["datetype"] == ["mdat"] else []
        return Reply(200, esearch(ids, count=50 if ids else 0, webenv="W"))

    run(config, db)
    http_server.route("/eutils/esearch.fcgi", bulk)
    http_server.route("/eutils/efetch.fcgi",
                      lambda seen: Reply(200, efetch(*(records[i] for i in efetch_ids(seen, {"W": ["62", "63", "64"]})))))
    outcomes, _ = run(config, db, today=date(2026, 11, 27))
    assert outcomes["pubmed"].ok, outcomes["pubmed"].error
    assert outcomes["pubmed"].counts["new"] == 3
    assert "more than esearch can list" in caplog.text


def test_refresh_days_zero_never_looks_for_changes(http_server, db):
    refresh_server(http_server, edat=[], mdat=["51"], records={"51": article("51", "Ketamine therapy")})
    config = make_config(http_server, only="pubmed", pubmed={"refresh_days": 0})
    run(config, db)
    run(config, db, today=date(2026, 12, 30))
    assert [r.query["datetype"] for r in http_server.requests_to("/eutils/esearch.fcgi")] == [["edat"], ["edat"]]
    assert db["papers"].count == 0


def test_a_window_over_the_esearch_limit_is_split_not_truncated(http_server, db):
    # Three records a day; the limit is 4 per window, so windows are split until each fits.
    def answer(seen):
        start, end = (date(*map(int, seen.query[k][0].split("/"))) for k in ("mindate", "maxdate"))
        days = (end - start).days + 1
        ids = [f"{start.toordinal() + d}{n}" for d in range(days) for n in range(3)]
        webenv = f"W{len(history)}"
        history[webenv] = ids
        return Reply(200, esearch(ids[:4], count=len(ids), webenv=webenv))

    def fetch(seen):
        return Reply(200, efetch(*(article(i, f"Ketamine therapy record {i}") for i in efetch_ids(seen, history))))

    history: dict[str, list[str]] = {}

    http_server.route("/eutils/esearch.fcgi", answer)
    http_server.route("/eutils/efetch.fcgi", fetch)
    config = make_config(http_server, only="pubmed", pubmed={"lookback_days": 3, "max_window_records": 4})
    outcomes, _ = run(config, db)
    assert outcomes["pubmed"].ok
    assert db["papers"].count == 4 * 3  # 4 days (lookback 3 plus today), 3 records each, none lost


def test_a_single_day_over_the_limit_fails_loudly(http_server, db):
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["1", "2"], count=50)))
    config = make_config(http_server, only="pubmed", pubmed={"lookback_days": 1, "max_window_records": 2})
    outcomes, _ = run(config, db)
    assert not outcomes["pubmed"].ok and "single Entrez day" in outcomes["pubmed"].error


def test_a_short_listing_is_told_as_such_not_as_too_many_records(http_server, db):
    """esearch counted 5 and listed 3: the windows were split down to one day, which then "held more
    than esearch can list (9999); narrow the query", a query that was fine."""
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["1", "2", "3"], count=5)))
    config = make_config(http_server, only="pubmed", pubmed={"lookback_days": 1})
    outcomes, _ = run(config, db)
    error = outcomes["pubmed"].error
    assert not outcomes["pubmed"].ok and "counted 5 records on" in error and "but listed only 3" in error
    assert "narrow the query" not in error


def test_429_with_retry_after_is_waited_out(http_server, db):
    http_server.route("/eutils/esearch.fcgi",
                      Reply(429, b'{"error":"API rate limit exceeded"}', {"Retry-After": "2"}),
                      Reply(200, esearch([])))
    outcomes, sleeps = run(make_config(http_server, only="pubmed"), db)
    assert outcomes["pubmed"].ok and outcomes["pubmed"].requests == 2
    assert max(sleeps) >= 2


def test_api_key_from_the_environment_is_sent_and_raises_the_rate(http_server, db, monkeypatch):
    monkeypatch.setenv("NCBI_API_KEY", "secret-key-123")
    http_server.route("/eutils/esearch.fcgi", Reply(500))
    config = make_config(http_server, only="pubmed",
                         pubmed={"requests_per_second": None, "retries": 0, "send_api_key": True})
    runner = Runner(config, db, today=TODAY, sleep=lambda s: None)
    client = runner._client(config.sources[0])
    assert client.limiter.interval == pytest.approx(1 / 10)
    outcome = runner.run()[0]
    assert http_server.requests[0].query["api_key"] == ["secret-key-123"]
    assert "secret-key-123" not in outcome.error
    assert "secret-key-123" not in db["source_state"].get("pubmed")["last_error"]
    monkeypatch.delenv("NCBI_API_KEY")
    assert Runner(config, db)._client(config.sources[0]).limiter.interval == pytest.approx(1 / 3)


def test_the_api_key_goes_only_to_ncbi_unless_a_source_says_otherwise(http_server, db, monkeypatch):
    monkeypatch.setenv("NCBI_API_KEY", "secret-key-123")
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch([])))
    run(make_config(http_server, only="pubmed"), db)
    assert "api_key" not in http_server.requests[0].query  # a mirror never receives the key
    ncbi = make_config(http_server, only="pubmed", pubmed={"base_url": "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"})
    assert ncbi.sources[0].api_key_allowed


def test_items_without_identifier_or_title_are_skipped_and_counted(http_server, db):
    http_server.route(FEED, Reply(200, frontiers_feed(
        frontiers_item(KACT_DOI, KACT_TITLE),
        frontiers_item("", "An item with no link at all", link=""),
    )))
    outcomes, _ = run(make_config(http_server, only="frontiers-psychiatry"), db)
    assert outcomes["frontiers-psychiatry"].skipped == 1
    assert db["papers"].count == 1
    assert next(db.query("SELECT skipped FROM runs"))["skipped"] == 1


def test_retractions_and_errata_are_kept_as_links_between_papers(http_server, db):
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["500", "501"])))
    http_server.route("/eutils/efetch.fcgi", Reply(200, efetch(
        article("500", "Ketamine therapy for depression: a trial", doi="10.1000/orig",
                corrections=[("RetractionIn", "501"), ("Cites", "42")]),
        article("501", "Retraction notice: Ketamine therapy for depression", pub_types=("Retraction of Publication",),
                corrections=[("RetractionOf", "500")]),
    )))
    run(make_config(http_server, only="pubmed"), db)
    original = paper_by_doi(db, "10.1000/orig")
    assert original["retracted"] is True
    kinds = {(c["kind"], c["direction"]) for c in original["corrections"]}
    assert ("retraction_in", "out") in kinds and ("retraction_of", "in") in kinds
    assert not any(c.get("pmid") == "42" for c in original["corrections"])  # citations are not corrections


def test_a_retraction_notice_arriving_later_marks_the_stored_paper(http_server, db):
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["500"])), Reply(200, esearch(["501"])))
    http_server.route("/eutils/efetch.fcgi",
                      Reply(200, efetch(article("500", "Ketamine therapy trial", doi="10.1000/orig"))),
                      Reply(200, efetch(article("501", "Retraction: Ketamine therapy trial",
                                                pub_types=("Retraction of Publication",),
                                                corrections=[("RetractionOf", "500")]))))
    config = make_config(http_server, only="pubmed")
    run(config, db)
    assert paper_by_doi(db, "10.1000/orig")["retracted"] is False
    run(config, db, today=date(2026, 11, 21))
    assert paper_by_doi(db, "10.1000/orig")["retracted"] is True


def test_a_retraction_notice_reusing_the_papers_doi_is_a_paper_of_its_own(http_server, db):
    """Publishers sometimes give a retraction notice the DOI of the paper it retracts. The notice's
    own PMID differs from the stored paper's, so the two are kept apart (issue 15, item 9: without
    merge.py's PMID check the notice was merged into the paper and replaced its PMID and title)."""
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["500"])), Reply(200, esearch(["501"])))
    http_server.route("/eutils/efetch.fcgi",
                      Reply(200, efetch(article("500", "Ketamine therapy trial", doi="10.1000/orig"))),
                      Reply(200, efetch(article("501", "Retraction: Ketamine therapy trial", doi="10.1000/orig",
                                                pub_types=("Retraction of Publication",),
                                                corrections=[("RetractionOf", "500")]))))
    config = make_config(http_server, only="pubmed")
    run(config, db)
    run(config, db, today=date(2026, 11, 21))
    rows = {r["pmid"]: r for r in db.query("SELECT id, pmid, title, retracted FROM papers ORDER BY id")}
    assert set(rows) == {"500", "501"}
    assert rows["500"]["title"] == "Ketamine therapy trial" and rows["500"]["retracted"]
    assert rows["501"]["title"] == "Retraction: Ketamine therapy trial"
    assert rows["500"]["id"] != rows["501"]["id"]


def test_changing_a_source_url_forgets_its_etag(http_server, db):
    serve_feed_with_etag(http_server, frontiers_feed(frontiers_item(KACT_DOI, KACT_TITLE)))
    http_server.route("/other", Reply(200, frontiers_feed(frontiers_item(KACT_DOI, KACT_TITLE))))
    run(make_config(http_server, only="frontiers-psychiatry"), db)
    run(make_config(http_server, only="frontiers-psychiatry", feed={"url": http_server.url + "/other"}), db)
    assert "If-None-Match" not in http_server.requests_to("/other")[0].headers


def test_a_run_killed_midway_is_shown_as_interrupted_by_the_next_run(http_server, db):
    db["runs"].insert({"run_group": "killed", "source": "pubmed", "started": "2026-11-19T00:00:00Z"})
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch([])))
    run(make_config(http_server, only="pubmed"), db)
    statuses = [r["status"] for r in db.query("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["interrupted", "ok"]


def test_a_second_pubmed_query_records_its_own_sighting_without_fetching_again(http_server, db):
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["11"])))
    http_server.route("/eutils/efetch.fcgi", Reply(200, efetch(article("11", "Ketamine therapy one", doi="10.1000/k1"))))
    config = make_config(http_server, only="pubmed")
    sources = config.model_dump()["sources"]
    outcomes, _ = run(config_with([*sources, {**sources[0], "name": "pubmed-relational"}]), db)
    assert len(http_server.requests_to("/eutils/efetch.fcgi")) == 1
    assert outcomes["pubmed-relational"].counts["merged"] == 1
    assert paper_by_doi(db, "10.1000/k1")["sources"] == ["pubmed", "pubmed-relational"]


def test_one_host_however_its_url_spells_it_shares_one_thread_and_one_rate_limit():
    from tracker.sources.registry import host

    sources = config_with([
        {"name": "a", "type": "frontiers", "url": "https://www.frontiersin.org/journals/psychiatry/rss"},
        {"name": "b", "type": "frontiers", "url": "https://WWW.Frontiersin.org:443/journals/psychology/rss"},
        {"name": "c", "type": "frontiers", "url": "https://reader@www.frontiersin.org/journals/x/rss"},
        {"name": "d", "type": "frontiers", "url": "https://www.frontiersin.org:8443/journals/y/rss"},
    ]).sources
    assert [host(s) for s in sources] == ["www.frontiersin.org"] * 3 + ["www.frontiersin.org:8443"]


def test_a_stricter_source_on_a_host_slows_the_hosts_one_limiter(db):
    """A PubMed source after feeds on the same host (a mirror, a proxy) got a new limiter of its own,
    which let its first request go 8 ms after the last feed's."""
    from tracker.pipeline import Runner

    feed, pubmed = config_with([
        {"name": "feed", "type": "frontiers", "url": "http://mirror.example.org/rss", "requests_per_second": 5},
        {"name": "pubmed", "type": "pubmed", "query": "ketamine", "base_url": "http://mirror.example.org/eutils/",
         "requests_per_second": 2},
    ]).sources
    runner = Runner(config_with([{"name": "feed", "type": "frontiers", "url": "http://mirror.example.org/rss"}]), db)
    first = runner._client(feed).limiter
    second = runner._client(pubmed).limiter
    assert second is first and first.interval == 0.5


def _plain_feed(*items: tuple) -> bytes:
    """A journal's RSS with no DOI anywhere: each item only a title, a link and a guid (the link,
    unless a third value gives one of its own)."""
    entries = "".join(f"<item><title>{item[0]}</title><link>{item[1]}</link>"
                      f"<guid isPermaLink=\"false\">{item[2] if len(item) > 2 else item[1]}</guid>"
                      f"<description>Couples with depression were followed for a year.</description></item>"
                      for item in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>A journal</title>'
            f"<link>https://journal.example.org/</link>{entries}</channel></rss>").encode()


def test_an_item_with_no_identifier_is_one_paper_however_many_sources_and_names_see_it(http_server, db):
    """Items with no DOI, PMID or PMCID were known only by their source's name and guid: the same
    feed read by a second source, or its source renamed in feeds.yaml, stored each of them again."""
    http_server.route("/plain.rss", Reply(200, _plain_feed(
        ("Couple therapy after ketamine: a cohort", "https://journal.example.org/a/1"),
        ("Family sessions in psilocybin care", "https://journal.example.org/a/2"))))
    source = {"type": "rss", "url": http_server.url + "/plain.rss", "retries": 0}
    outcomes, _ = run(config_with([{"name": "journal", **source}]), db)
    assert outcomes["journal"].counts["new"] == 2 and db["papers"].count == 2
    # renamed in feeds.yaml, and read by a second source too
    asked: list[str] = []
    db.conn.set_trace_callback(lambda sql: asked.append(sql) if "url =" in sql and "FROM papers" in sql else None)
    outcomes, _ = run(config_with([{"name": "journal-renamed", **source}, {"name": "journal-mirror", **source}]), db)
    db.conn.set_trace_callback(None)
    # ... each such paper found one step down the link's index (m017), not by reading every paper
    assert asked and all("papers_url" in " ".join(str(r) for r in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
                         for sql in asked), asked
    assert outcomes["journal-renamed"].counts["new"] == 0 and outcomes["journal-mirror"].counts["new"] == 0
    assert db["papers"].count == 2
    papers = {p["title"]: p for p in list_papers(db)}
    assert set(get_paper(db, papers["Couple therapy after ketamine: a cohort"]["id"])["sources"]) == {
        "journal", "journal-renamed", "journal-mirror"}
    # a feed that links every item to its front page, with the same title week after week: each
    # item (its own guid) is its own paper, in one run, in the next, and under a second source
    http_server.route("/front.rss", Reply(200, _plain_feed(
        ("Editorial", "https://journal.example.org/", "ed-48"), ("Editorial", "https://journal.example.org/", "ed-49"))))
    front = {"type": "rss", "url": http_server.url + "/front.rss", "retries": 0}
    outcomes, _ = run(config_with([{"name": "front", **front}]), db)
    assert outcomes["front"].counts["new"] == 2 and db["papers"].count == 4
    http_server.route("/front.rss", Reply(200, _plain_feed(
        ("Editorial", "https://journal.example.org/", "ed-49"), ("Editorial", "https://journal.example.org/", "ed-50"))))
    outcomes, _ = run(config_with([{"name": "front", **front}, {"name": "front-mirror", **front}]), db)
    assert outcomes["front"].counts["new"] == 1 and outcomes["front-mirror"].counts["new"] == 0
    assert db["papers"].count == 5
    keys = db.execute("SELECT paper_id, group_concat(DISTINCT source_key) FROM sightings WHERE source LIKE 'front%' "
                      "GROUP BY paper_id").fetchall()
    assert sorted(k for _, k in keys) == ["ed-48", "ed-49", "ed-50"]  # one paper each, never two items in one
