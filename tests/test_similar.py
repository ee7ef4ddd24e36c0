"""PubMed's similar articles: an approved paper's ELink neighbours, fetched once, through a real
local HTTP server standing in for E-utilities, and shown as "similar to #ID (approved)"."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from builders import article, config_with, efetch, efetch_ids, esearch, frontiers_feed, frontiers_item
from click.testing import CliRunner
from httpserver import Reply

from tracker.cli import cli, format_paper
from tracker.errors import ParseError
from tracker.parse.elink import parse_elink, parse_esummary_dates
from tracker.pipeline import Runner
from tracker.queries import get_paper, list_papers
from tracker.editors import add_editor
from tracker.review import Decision, decide
from tracker.store import open_db

FIXTURES = Path(__file__).parent / "fixtures" / "pubmed"
ELINK = (FIXTURES / "elink_neighbor_score.xml").read_bytes()
TODAY = date(2026, 11, 20)  # similar_days 365: entered on 2025-11-20 or later counts
FEED = "/journals/psychiatry/rss"
APPROVED = "99100001"
TITLE = "Ketamine-assisted couple therapy: a framework for sessions with two partners"
ABSTRACT = "We describe ketamine-assisted therapy for couples with relationship distress and depression."
# The fixture's neighbours, best score first, and when each entered PubMed (None: no summary).
ENTERED = {
    "99100011": "2026/10/01", "99100012": "2019/05/02", "99100013": "2026/06/15",
    "99100014": "2025/11/20", "99100015": "2025/11/19", "99100016": "2026/01/05", "99100017": None,
}
RECENT = ["99100011", "99100013", "99100014", "99100016"]  # by score


def esummary(pmids) -> bytes:
    """An ESummary 2.0 answer for these PMIDs, dated from ENTERED."""
    docs = []
    for pmid in pmids:
        day = ENTERED.get(pmid)
        if day is None:
            docs.append(f'<DocumentSummary uid="{pmid}"><error>cannot get document summary</error></DocumentSummary>')
            continue
        docs.append(f'<DocumentSummary uid="{pmid}"><Title>Record {pmid}</Title><History>'
                    f"<PubMedPubDate><PubStatus>received</PubStatus><Date>2001/01/01 00:00</Date></PubMedPubDate>"
                    f"<PubMedPubDate><PubStatus>entrez</PubStatus><Date>{day} 06:00</Date></PubMedPubDate>"
                    f"</History></DocumentSummary>")
    return ('<?xml version="1.0" encoding="UTF-8" ?>\n<eSummaryResult><DocumentSummarySet status="OK">'
            + "".join(docs) + "</DocumentSummarySet></eSummaryResult>").encode()


def neighbour(pmid: str, doi: str | None = None) -> str:
    return article(pmid, f"Psilocybin therapy for depression: neighbour {pmid}", doi=doi,
                   abstract="Participants with depression received psilocybin therapy.")


def approved_article() -> str:
    return article(APPROVED, TITLE, doi="10.5555/similar.approved", abstract=ABSTRACT)


def make_config(server, *, ranking: dict | None = None, pubmed: dict | None = None, feed: bool = False):
    sources = [{"name": "pubmed", "type": "pubmed", "query": "ketamine OR couple therapy",
                "base_url": server.url + "/eutils/", "requests_per_second": 1000, "retries": 1,
                "refresh_days": 0, **(pubmed or {})}]
    if feed:
        sources.insert(0, {"name": "frontiers-psychiatry", "type": "frontiers", "url": server.url + FEED, "retries": 1})
    return config_with(sources, ranking=ranking or {})


class EUtils:
    """Scripted E-utilities: esearch lists `listed` (then nothing), efetch answers any PMID it
    knows, esummary dates any PMID from ENTERED, elink answers the recorded fixture."""

    def __init__(self, server, listed=(APPROVED,), articles: dict[str, str] | None = None):
        self.server = server
        self.articles = {APPROVED: approved_article(), **{p: neighbour(p) for p in ENTERED}, **(articles or {})}
        self.listed: dict[str, list[str]] = {}
        self.search(listed)
        server.route("/eutils/efetch.fcgi", lambda seen: Reply(200, efetch(
            *(self.articles[p] for p in efetch_ids(seen, self.listed) if p in self.articles))))
        server.route("/eutils/esummary.fcgi", lambda seen: Reply(200, esummary(seen.form["id"][0].split(","))))
        self.elink(Reply(200, ELINK))

    def search(self, pmids, webenv: str | None = None) -> None:
        """esearch lists these PMIDs once, then nothing."""
        webenv = webenv or f"MCID_{len(self.listed)}"
        self.listed[webenv] = list(pmids)
        self.server.route("/eutils/esearch.fcgi", Reply(200, esearch(list(pmids), webenv=webenv)),
                          Reply(200, esearch([])))

    def elink(self, *replies):
        self.server.route("/eutils/elink.fcgi", *replies)

    def asked(self, path: str) -> list:
        return self.server.requests_to("/eutils/" + path)


def run(config, db, today=TODAY):
    sleeps: list[float] = []
    outcomes = Runner(config, db, today=today, sleep=sleeps.append).run()
    return {o.source: o for o in outcomes}, sleeps


def approve(config, db, pmid: str = APPROVED) -> int:
    paper_id = db.execute("SELECT id FROM papers WHERE pmid = ?", [pmid]).fetchone()[0]
    decide(db, Decision(paper_id, "alice", "approve"), default_edition="2026-W47")
    return paper_id


def store_and_approve(server, db, config, **eutils) -> tuple[EUtils, int]:
    """A first run stores the paper to approve; it is approved; the requests so far are forgotten."""
    eutils = EUtils(server, **eutils)
    outcomes, _ = run(config, db)
    assert "similar" not in outcomes  # nothing approved yet: nothing asked, nothing written
    paper_id = approve(config, db)
    server.requests.clear()
    return eutils, paper_id


def sightings(db, source="similar") -> dict[str, dict]:
    return {r["source_key"]: r for r in db.query("SELECT * FROM sightings WHERE source = ?", [source])}


# -- the look-up ------------------------------------------------------------------------------


def test_an_approved_paper_brings_in_its_top_recent_unstored_neighbours_once(http_server, db):
    config = make_config(http_server, ranking={"similar_per_paper": 3})
    eutils, approved_id = store_and_approve(http_server, db, config)

    outcomes, _ = run(config, db)

    (link,) = eutils.asked("elink.fcgi")
    assert link.method == "GET"
    assert {k: v[0] for k, v in link.query.items()} == {
        "db": "pubmed", "dbfrom": "pubmed", "cmd": "neighbor_score", "id": APPROVED,
        "tool": config.contact.tool, "email": config.contact.email}
    # The dates of every unstored neighbour, best first, in one batch (not the approved PMID,
    # not the other link sets' PMIDs).
    (summary,) = eutils.asked("esummary.fcgi")
    assert summary.method == "POST" and summary.form["version"] == ["2.0"]
    assert summary.form["id"][0].split(",") == list(ENTERED)
    # The top 3 by score among those entered in the last 365 days: one efetch by id.
    (fetch,) = eutils.asked("efetch.fcgi")
    assert fetch.method == "POST" and fetch.form["id"] == [",".join(RECENT[:3])]
    assert fetch.form["tool"] == [config.contact.tool] and fetch.form["email"] == [config.contact.email]

    similar = outcomes["similar"]
    assert similar.ok and similar.requests == 3 and similar.fetched == 3
    assert similar.counts == {"new": 3, "updated": 0, "merged": 0, "unchanged": 0}
    assert outcomes["pubmed"].ok
    stored = sightings(db)
    assert set(stored) == set(RECENT[:3])
    assert {r["source_type"] for r in stored.values()} == {"pubmed"}
    paper = get_paper(db, stored["99100011"]["paper_id"])
    assert paper["pmid"] == "99100011" and paper["sources"] == ["similar"]
    assert paper["similar_to"] == [{"id": approved_id, "title": TITLE}]
    assert paper["topics"] and paper["explanation"]  # scored like any paper
    assert get_paper(db, approved_id)["similar_to"] == []
    lookup = db["similar_lookups"].get(APPROVED)
    assert (lookup["paper_id"], lookup["neighbours"], lookup["fetched"]) == (approved_id, 7, 3)
    scores = {r["pmid"]: r["score"] for r in db.query("SELECT * FROM similar_papers")}
    assert scores == {"99100011": 91544321, "99100013": 72398114, "99100014": 65010042}
    state = db["source_state"].get("similar")
    assert state["failures_in_row"] == 0 and state["last_success"] and state["last_error"] is None
    run_row = next(db.query("SELECT * FROM runs WHERE source = 'similar'"))
    assert (run_row["status"], run_row["requests"], run_row["new"]) == ("ok", 3, 3)

    # The next run asks nothing about it again.
    http_server.requests.clear()
    outcomes, _ = run(config, db, today=date(2026, 11, 21))
    assert "similar" not in outcomes
    assert [r.path for r in http_server.requests] == ["/eutils/esearch.fcgi"]
    assert db["runs"].count_where("source = 'similar'") == 1


def test_shown_as_similar_to_the_approved_paper_in_show_json_text_and_the_queue(http_server, db, tmp_path):
    config = make_config(http_server, ranking={"similar_per_paper": 1})
    _, approved_id = store_and_approve(http_server, db, config)
    run(config, db)
    paper_id = sightings(db)["99100011"]["paper_id"]

    assert f"#{approved_id} (approved) {TITLE}" in format_paper(get_paper(db, paper_id))
    config_file = tmp_path / "feeds.yaml"
    config_file.write_text(json.dumps(config.model_dump()))
    shown = CliRunner().invoke(cli, ["--config", str(config_file), "--db", str(tmp_path / "tracker.db"),
                                     "show", str(paper_id), "--json"], catch_exceptions=False)
    assert json.loads(shown.stdout)["similar_to"] == [{"id": approved_id, "title": TITLE}]
    rows = {p["id"]: p for p in list_papers(db, status="all", extra=("similar_to",))}
    assert rows[paper_id]["similar_to"] == [{"id": approved_id, "title": TITLE}]
    assert rows[approved_id]["similar_to"] == []
    # The public listing keeps its keys.
    assert "similar_to" not in list_papers(db, status="all")[0]


def test_similar_per_paper_0_asks_nothing(http_server, db):
    config = make_config(http_server, ranking={"similar_per_paper": 0})
    eutils, _ = store_and_approve(http_server, db, config)

    outcomes, _ = run(config, db)

    assert "similar" not in outcomes
    assert not eutils.asked("elink.fcgi") and not eutils.asked("esummary.fcgi")
    assert db["runs"].count_where("source = 'similar'") == 0
    assert not db["source_state"].count_where("source = 'similar'")


def test_without_a_pubmed_source_nothing_is_asked(http_server, db, tmp_path):
    config = make_config(http_server)
    store_and_approve(http_server, db, config)
    feed_only = config_with([
        {"name": "frontiers-psychiatry", "type": "frontiers", "url": http_server.url + FEED, "retries": 0}], base=config)
    http_server.route(FEED, Reply(200, frontiers_feed()))

    outcomes, _ = run(feed_only, db)

    assert set(outcomes) == {"frontiers-psychiatry"}
    assert [r.path for r in http_server.requests] == [FEED]


def test_an_already_stored_neighbour_is_not_fetched_again_and_gains_nothing(http_server, db):
    # 99100011 came in through the PubMed source itself; 99100013's DOI is a Frontiers item's.
    config = make_config(http_server, ranking={"similar_per_paper": 2}, feed=True)
    http_server.route(FEED, Reply(200, frontiers_feed(frontiers_item("10.5555/similar.13", "Psilocybin item 13"))))
    eutils, approved_id = store_and_approve(
        http_server, db, config, listed=(APPROVED, "99100011"),
        articles={"99100013": neighbour("99100013", doi="10.5555/similar.13")})
    stored_before = db.execute("SELECT id FROM papers WHERE pmid = '99100011'").fetchone()[0]

    outcomes, _ = run(config, db)

    (summary,) = eutils.asked("esummary.fcgi")
    assert "99100011" not in summary.form["id"][0].split(",")
    (fetch,) = eutils.asked("efetch.fcgi")
    assert fetch.form["id"] == ["99100013,99100014"]
    assert outcomes["similar"].counts == {"new": 1, "updated": 0, "merged": 1, "unchanged": 0}
    assert get_paper(db, stored_before)["similar_to"] == []
    assert get_paper(db, stored_before)["sources"] == ["pubmed"]
    # The Frontiers item and its PubMed record are one paper, as from any PubMed source.
    merged = get_paper(db, db.execute("SELECT id FROM papers WHERE doi = '10.5555/similar.13'").fetchone()[0])
    assert merged["pmid"] == "99100013" and merged["sources"] == ["frontiers-psychiatry", "similar"]
    assert merged["similar_to"] == []
    assert get_paper(db, sightings(db)["99100014"]["paper_id"])["similar_to"] == [{"id": approved_id, "title": TITLE}]


def test_dates_are_asked_a_batch_at_a_time_until_enough_are_recent(http_server, db):
    config = make_config(http_server, ranking={"similar_per_paper": 2}, pubmed={"batch_size": 2})
    eutils, _ = store_and_approve(http_server, db, config)

    run(config, db)

    asked = [s.form["id"][0].split(",") for s in eutils.asked("esummary.fcgi")]
    assert asked == [["99100011", "99100012"], ["99100013", "99100014"]]
    assert eutils.asked("efetch.fcgi")[0].form["id"] == ["99100011,99100013"]


def test_a_paper_with_no_recent_unstored_neighbour_is_looked_up_once_without_efetch(http_server, db):
    config = make_config(http_server, ranking={"similar_days": 1})
    eutils, _ = store_and_approve(http_server, db, config)

    outcomes, _ = run(config, db)

    assert outcomes["similar"].ok and outcomes["similar"].requests == 2
    assert not eutils.asked("efetch.fcgi")
    assert db["similar_lookups"].get(APPROVED)["fetched"] == 0


def test_the_api_key_goes_with_every_request_when_the_pubmed_source_sends_it(http_server, db, monkeypatch):
    monkeypatch.setenv("NCBI_API_KEY", "test-key-123")
    config = make_config(http_server, ranking={"similar_per_paper": 1}, pubmed={"send_api_key": True})
    eutils, _ = store_and_approve(http_server, db, config)

    run(config, db)

    assert eutils.asked("elink.fcgi")[0].query["api_key"] == ["test-key-123"]
    assert eutils.asked("esummary.fcgi")[0].form["api_key"] == ["test-key-123"]
    assert eutils.asked("efetch.fcgi")[0].form["api_key"] == ["test-key-123"]


def test_the_queue_row_and_the_paper_page_link_to_the_approved_paper(http_server, db, tmp_path):
    from bs4 import BeautifulSoup
    from webdata import PASSWORD, Editor

    from tracker.web import create_app

    config = make_config(http_server, ranking={"similar_per_paper": 1})
    _, approved_id = store_and_approve(http_server, db, config)
    run(config, db)
    paper_id = sightings(db)["99100011"]["paper_id"]
    add_editor(db, "alice", PASSWORD)
    editor = Editor(create_app(tmp_path / "tracker.db", config, secret_key="k" * 40, testing=True), "alice")

    queue = BeautifulSoup(editor.get("/?status=all").text, "lxml")
    row = queue.find(id=f"p-{paper_id}")
    note = row.find(class_="similar")
    assert " ".join(note.get_text().split()) == f"similar to #{approved_id} (approved)"
    assert note.a["href"] == f"/papers/{approved_id}" and note.a["title"] == TITLE
    assert queue.find(id=f"p-{approved_id}").find(class_="similar") is None

    page = BeautifulSoup(editor.get(f"/papers/{paper_id}").text, "lxml")
    note = page.find(class_="similar")
    assert f"similar to #{approved_id} (approved): {TITLE}" in " ".join(note.get_text().split())
    assert note.a["href"] == f"/papers/{approved_id}"


# -- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    Reply(200, b'<?xml version="1.0"?><eLinkResult><ERROR>NCBI C++ Exception: Read failed: EOF</ERROR></eLinkResult>'),
    Reply(500, b"Internal Server Error"),
    Reply(429, b'{"error":"API rate limit exceeded","count":"11"}', {"Retry-After": "7"}),
], ids=["in-band-ERROR", "http-500", "http-429-retry-after"])
def test_a_failed_look_up_is_recorded_retried_next_run_and_never_blocks_the_sources(http_server, db, bad):
    config = make_config(http_server, ranking={"similar_per_paper": 2})
    eutils, approved_id = store_and_approve(http_server, db, config)
    eutils.elink(bad)
    # The same run brings a new paper through the PubMed source: it must be stored.
    eutils.articles["99100099"] = neighbour("99100099")
    eutils.search(["99100099"])

    outcomes, sleeps = run(config, db)

    assert outcomes["pubmed"].ok and db.execute("SELECT 1 FROM papers WHERE pmid = '99100099'").fetchone()
    similar = outcomes["similar"]
    assert not similar.ok and APPROVED in similar.error
    if bad.status == 429:
        assert "429" in similar.error and 7.0 in sleeps  # Retry-After honoured, then given up
        assert len(eutils.asked("elink.fcgi")) == 2  # retries: 1
    elif bad.status == 500:
        assert "500" in similar.error and len(eutils.asked("elink.fcgi")) == 2
    else:
        assert "NCBI C++ Exception" in similar.error and len(eutils.asked("elink.fcgi")) == 1
    assert not eutils.asked("esummary.fcgi") and not sightings(db)
    assert not db["similar_lookups"].count_where("1")
    state = db["source_state"].get("similar")
    assert state["failures_in_row"] == 1 and state["last_success"] is None and APPROVED in state["last_error"]
    run_row = next(db.query("SELECT status, error FROM runs WHERE source = 'similar'"))
    assert run_row["status"] == "failed" and run_row["error"] == similar.detail

    # Next run, ELink answers: the look-up is asked again and stored.
    eutils.elink(Reply(200, ELINK))
    http_server.requests.clear()
    outcomes, _ = run(config, db, today=date(2026, 11, 21))
    assert outcomes["similar"].ok and len(eutils.asked("elink.fcgi")) == 1
    assert set(sightings(db)) == {"99100011", "99100013"}
    state = db["source_state"].get("similar")
    assert state["failures_in_row"] == 0 and state["last_error"] is None


def test_a_failing_look_up_shows_in_tracker_status_and_the_exit_code(http_server, tmp_path):
    db_path = tmp_path / "tracker.db"
    config = make_config(http_server, ranking={"similar_per_paper": 2})
    config_file = tmp_path / "feeds.yaml"
    config_file.write_text(json.dumps(config.model_dump()))
    eutils = EUtils(http_server)

    def tracker(*args):
        return CliRunner().invoke(cli, ["--config", str(config_file), "--db", str(db_path), *args],
                                  catch_exceptions=False)

    assert tracker("run").exit_code == 0
    assert "similar" in tracker("status").stdout  # listed (never run) while look-ups are on
    approve(config, open_db(db_path))
    eutils.elink(Reply(200, b"<eLinkResult><ERROR>Invalid uid</ERROR></eLinkResult>"))
    result = tracker("run")
    assert result.exit_code == 1 and "similar: FAILED" in result.stderr
    status = tracker("status").stdout
    assert "FAILING (1 in a row)" in status and "Invalid uid" in status
    health = {h["source"]: h for h in json.loads(tracker("status", "--json").stdout)["sources"]}
    assert health["similar"]["failures_in_row"] == 1


def test_an_error_about_one_paper_does_not_stop_the_look_ups_of_the_others(http_server, db):
    config = make_config(http_server, ranking={"similar_per_paper": 1})
    other = "99100002"
    eutils, _ = store_and_approve(http_server, db, config, listed=(APPROVED, other),
                                  articles={other: neighbour(other)})
    approve(config, db, other)
    eutils.elink(lambda seen: Reply(200, ELINK) if seen.query["id"] == [other]
                 else Reply(200, b"<eLinkResult><ERROR>Invalid uid</ERROR></eLinkResult>"))

    outcomes, _ = run(config, db)

    assert not outcomes["similar"].ok and f"PMID {APPROVED}: " in outcomes["similar"].error
    assert [r.query["id"] for r in eutils.asked("elink.fcgi")] == [[APPROVED], [other]]
    assert set(r["pmid"] for r in db["similar_lookups"].rows) == {other}


def test_look_ups_done_before_a_network_failure_stay_done_and_only_the_rest_are_asked_again(http_server, db):
    config = make_config(http_server, ranking={"similar_per_paper": 1})
    other = "99100002"
    eutils, _ = store_and_approve(http_server, db, config, listed=(APPROVED, other),
                                  articles={other: neighbour(other)})
    approve(config, db, other)  # approved after APPROVED: looked up second
    eutils.elink(lambda seen: Reply(200, ELINK) if seen.query["id"] == [APPROVED] else Reply(503))

    outcomes, _ = run(config, db)

    similar = outcomes["similar"]
    assert not similar.ok and f"PMID {other}: " in similar.error and "503" in similar.error
    assert similar.counts["new"] == 1  # what was stored before the failure is counted
    assert [r["pmid"] for r in db["similar_lookups"].rows] == [APPROVED]
    assert next(db.query("SELECT new, status FROM runs WHERE source = 'similar'")) == {"new": 1, "status": "failed"}

    eutils.elink(Reply(200, ELINK))
    http_server.requests.clear()
    outcomes, _ = run(config, db)
    assert outcomes["similar"].ok
    assert [r.query["id"] for r in eutils.asked("elink.fcgi")] == [[other]]


# -- the parsers --------------------------------------------------------------------------------


def test_parse_elink_keeps_similar_articles_only_best_first_without_the_paper_itself():
    neighbours = parse_elink(ELINK, APPROVED)
    assert [n.pmid for n in neighbours] == list(ENTERED)
    assert [n.score for n in neighbours] == sorted((n.score for n in neighbours), reverse=True)
    assert neighbours[0].score == 91544321


def test_parse_elink_no_neighbours_yet_is_an_empty_answer():
    data = b"<eLinkResult><LinkSet><DbFrom>pubmed</DbFrom><IdList><Id>99100001</Id></IdList></LinkSet></eLinkResult>"
    assert parse_elink(data, APPROVED) == []


@pytest.mark.parametrize("data", [
    b"",
    b"<eLinkResult><ERROR>NCBI C++ Exception: Read failed: EOF</ERROR></eLinkResult>",
    b"<eLinkResult></eLinkResult>",
    b"<html><body>Service unavailable</body></html>",
    ELINK[:400],
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><eLinkResult>&e;</eLinkResult>',
], ids=["empty", "in-band-ERROR", "no-LinkSet", "html", "truncated", "external-entity"])
def test_parse_elink_errors_never_read_as_no_neighbours(data):
    with pytest.raises(ParseError):
        parse_elink(data, APPROVED)


def test_parse_esummary_dates_reads_entrez_dates_and_leaves_out_unknown_pmids():
    dates = parse_esummary_dates((FIXTURES / "esummary_dates.xml").read_bytes())
    assert dates == {"99100011": date(2026, 10, 1), "99100012": date(2019, 5, 2)}


@pytest.mark.parametrize("data", [
    b'<eSummaryResult><ERROR>Invalid uid</ERROR></eSummaryResult>',
    b'<eSummaryResult><DocumentSummarySet status="OK"></DocumentSummarySet></eSummaryResult>',
    b"<html/>",
], ids=["in-band-ERROR", "no-summaries", "not-esummary"])
def test_parse_esummary_errors_raise(data):
    with pytest.raises(ParseError):
        parse_esummary_dates(data)
