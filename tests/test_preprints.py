"""Preprint servers as sources (medRxiv, bioRxiv, PsyArXiv), and a preprint and its journal
version as one paper: a real local HTTP server serving API pages shaped as the APIs document
them (tests/fixtures/preprints/), a real SQLite file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from builders import article, config_with, efetch, esearch
from digestdata import SUMMARIES
from httpserver import Reply

from tracker.errors import ConfigError
from tracker.pipeline import Runner
from tracker.queries import get_paper, source_health

FIXTURES = Path(__file__).parent / "fixtures" / "preprints"
TODAY = date(2026, 11, 20)
WINDOW = "2026-10-21/2026-11-20"
PILOT = "10.1101/2026.10.30.26310001"  # two versions in the details page
KETAMINE = "10.1101/2026.11.02.26310077"  # published: its row names the journal DOI
JOURNAL_DOI = "10.1000/jrt.2026.0412"  # the pilot's journal version (pubs page)
CATEGORY = "psychiatry and clinical psychology"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_config(server, *sources: dict):
    return config_with(sources)


def medrxiv(server, **more) -> dict:
    return {"name": "medrxiv", "type": "medrxiv", "base_url": server.url + "/rxiv/", "requests_per_second": 1000,
            "retries": 1, "categories": [CATEGORY], **more}


def pubmed(server) -> dict:
    return {"name": "pubmed", "type": "pubmed", "query": "psilocybin", "base_url": server.url + "/eutils/",
            "requests_per_second": 1000, "retries": 1}


def serve_window(server, window=WINDOW, pubs: bytes | None = None):
    server.route(f"/rxiv/details/medrxiv/{window}/0", Reply(200, fixture("medrxiv-details.json")))
    server.route(f"/rxiv/details/medrxiv/{window}/3", Reply(200, fixture("medrxiv-details-2.json")))
    server.route(f"/rxiv/pubs/medrxiv/{window}/0", Reply(200, pubs or fixture("medrxiv-pubs-empty.json")))


def run(config, db, today=TODAY, only=None):
    sleeps: list[float] = []
    outcomes = Runner(config, db, today=today, sleep=sleeps.append).run(only=only)
    return {o.source: o for o in outcomes}, sleeps


def paper_with(db, column: str, value: str) -> dict | None:
    row = next(db.query(f"SELECT id FROM papers WHERE {column} = ?", [value]), None)
    return get_paper(db, row["id"]) if row else None


def serve_journal_version(server, pmid="99100001"):
    server.route("/eutils/esearch.fcgi", Reply(200, esearch([pmid])))
    server.route("/eutils/efetch.fcgi", Reply(200, efetch(article(
        pmid, "Psilocybin-assisted couple therapy for relationship distress and depression: an open-label pilot",
        doi=JOURNAL_DOI, abstract="Twelve couples received psilocybin sessions with conjoint couple therapy."))))


# -- medRxiv and bioRxiv ---------------------------------------------------------------------

def test_a_preprint_in_two_versions_is_one_paper_with_the_latest_text(http_server, db):
    serve_window(http_server)
    outcomes, _ = run(make_config(http_server, medrxiv(http_server)), db)

    assert outcomes["medrxiv"].ok, outcomes["medrxiv"].error
    # Paged by cursor to `total`: 3 rows, then the 4th at cursor 3.
    assert len(http_server.requests_to(f"/rxiv/details/medrxiv/{WINDOW}/3")) == 1
    paper = paper_with(db, "preprint_doi", PILOT)
    assert paper["title"].endswith("an open-label pilot study")  # version 2's title
    assert "8.4 points" in paper["abstract"]
    assert paper["preprint"] == {"doi": PILOT, "server": "medrxiv", "version": 2, "posted": "2026-11-12",
                                 "url": f"https://www.medrxiv.org/content/{PILOT}v2"}
    assert paper["doi"] == PILOT and paper["peer_reviewed"] is False
    assert paper["journal"] == "medRxiv" and paper["article_type"] == "Preprint"
    assert paper["authors"] == ["A. N. Okafor", "B. Lindqvist", "C. E. Moreau"]
    assert paper["status"] == "candidate"  # scored like any paper
    # `categories` keeps only psychiatry: the hand-hygiene row is not stored.
    assert db["papers"].count == 2
    assert db.execute("SELECT count(*) FROM sightings WHERE source = 'medrxiv'").fetchone()[0] == 2


def test_a_row_that_names_its_journal_doi_is_peer_reviewed(http_server, db):
    serve_window(http_server)
    run(make_config(http_server, medrxiv(http_server)), db)
    paper = paper_with(db, "preprint_doi", KETAMINE)
    assert paper["doi"] == "10.1016/j.jad.2026.05.011"
    assert paper["peer_reviewed"] is True
    assert paper["preprint"]["doi"] == KETAMINE
    assert paper["article_type"] is None  # the journal version's type, not "Preprint"


def test_running_twice_adds_nothing_and_the_window_moves(http_server, db):
    serve_window(http_server)
    config = make_config(http_server, medrxiv(http_server))
    run(config, db)
    papers, sightings = db["papers"].count, db["sightings"].count
    # The next day: from the last end minus overlap_days (3).
    serve_window(http_server, "2026-11-17/2026-11-21")
    outcomes, _ = run(config, db, today=date(2026, 11, 21))
    assert outcomes["medrxiv"].ok
    assert outcomes["medrxiv"].counts["new"] == 0 and outcomes["medrxiv"].counts["updated"] == 0
    assert (db["papers"].count, db["sightings"].count) == (papers, sightings)
    health = source_health(db, ["medrxiv"])[0]
    assert health["window_end"] == "2026-11-21"


@pytest.mark.parametrize("journal_first", [False, True])
def test_a_preprint_and_its_journal_version_are_one_paper_whichever_arrives_first(http_server, db, journal_first):
    serve_journal_version(http_server)
    serve_window(http_server)
    both = make_config(http_server, medrxiv(http_server), pubmed(http_server))
    run(both, db, only=["pubmed"] if journal_first else ["medrxiv"])
    # A journal publishes the preprint: the window's pubs list it.
    serve_window(http_server, "2026-11-17/2026-11-27", pubs=fixture("medrxiv-pubs.json"))
    serve_window(http_server, "2026-11-17/2026-12-01", pubs=fixture("medrxiv-pubs.json"))
    later = date(2026, 11, 27) if journal_first else date(2026, 12, 1)
    if journal_first:
        serve_window(http_server, "2026-10-28/2026-11-27", pubs=fixture("medrxiv-pubs.json"))
        run(both, db, today=later, only=["medrxiv"])
    else:
        run(both, db, today=later, only=["pubmed"])
        assert db["papers"].count == 3  # the journal version alone: nothing links them yet
        run(both, db, today=later, only=["medrxiv"])

    paper = paper_with(db, "preprint_doi", PILOT)
    assert paper["pmid"] == "99100001"
    assert paper["doi"] == JOURNAL_DOI and paper["preprint"]["doi"] == PILOT
    assert paper["peer_reviewed"] is True
    assert paper["preprint"]["version"] == 2
    assert set(paper["sources"]) == {"medrxiv", "pubmed"}
    assert db["papers"].count == 2  # the pilot (both versions) and the ketamine cohort


def test_the_weekly_look_up_by_doi_links_a_candidate_preprint(http_server, db):
    serve_window(http_server)
    config = make_config(http_server, medrxiv(http_server))
    run(config, db)
    published = json.loads(fixture("medrxiv-details.json"))
    rows = [dict(r, published=JOURNAL_DOI) for r in published["collection"] if r["doi"] == PILOT]
    answer = json.dumps({"messages": [{"status": "ok"}], "collection": rows}).encode()
    http_server.route(f"/rxiv/details/medrxiv/{PILOT}/na/json", Reply(200, answer))
    # A day later: no look-up yet (once a week).
    serve_window(http_server, "2026-11-17/2026-11-21")
    run(config, db, today=date(2026, 11, 21))
    assert not http_server.requests_to(f"/rxiv/details/medrxiv/{PILOT}/na/json")
    # A week after the first run, with nothing new posted: the look-up is due.
    empty = fixture("medrxiv-pubs-empty.json")
    http_server.route("/rxiv/details/medrxiv/2026-11-18/2026-11-27/0", Reply(200, empty))
    http_server.route("/rxiv/pubs/medrxiv/2026-11-18/2026-11-27/0", Reply(200, empty))
    run(config, db, today=date(2026, 11, 27))
    assert len(http_server.requests_to(f"/rxiv/details/medrxiv/{PILOT}/na/json")) == 1
    paper = paper_with(db, "preprint_doi", PILOT)
    assert paper["doi"] == JOURNAL_DOI and paper["peer_reviewed"] is True
    assert source_health(db, ["medrxiv"])[0]["linked_until"] == "2026-11-27"


# -- faults: a broken preprint server fails alone ---------------------------------------------

def _pubmed_ok(server):
    server.route("/eutils/esearch.fcgi", Reply(200, esearch(["99100002"])))
    server.route("/eutils/efetch.fcgi", Reply(200, efetch(article(
        "99100002", "Psilocybin for depression", doi="10.1000/other", abstract="Psilocybin therapy."))))


@pytest.mark.parametrize("fault, expected", [
    (Reply(200, b'{"messages": [{"status": "ok", "cursor": 0, "total": 4}], "collection": [{"doi": '), "not JSON"),
    (Reply(200, fixture("medrxiv-details.json"), truncate=500), "reading the body failed"),
    (Reply(200, b'{"messages": [{"status": "error: interval format"}], "collection": []}'), "status"),
    (Reply(500, b"internal error"), "500"),
])
def test_a_broken_answer_fails_the_source_alone_and_stores_nothing(http_server, db, fault, expected):
    http_server.route(f"/rxiv/details/medrxiv/{WINDOW}/0", fault)
    http_server.route(f"/rxiv/pubs/medrxiv/{WINDOW}/0", Reply(200, fixture("medrxiv-pubs-empty.json")))
    _pubmed_ok(http_server)
    outcomes, _ = run(make_config(http_server, medrxiv(http_server), pubmed(http_server)), db)
    assert not outcomes["medrxiv"].ok
    assert expected in outcomes["medrxiv"].error
    assert outcomes["pubmed"].ok and outcomes["pubmed"].counts["new"] == 1
    assert not db.execute("SELECT count(*) FROM sightings WHERE source = 'medrxiv'").fetchone()[0]
    health = source_health(db, ["medrxiv"])[0]
    assert health["failures_in_row"] == 1 and health["last_error"]
    assert health["window_end"] is None  # the next run asks for the same window


def test_a_429_with_retry_after_is_waited_for_then_the_page_is_read(http_server, db):
    http_server.route(f"/rxiv/details/medrxiv/{WINDOW}/0", Reply(429, headers={"Retry-After": "7"}),
                      Reply(200, fixture("medrxiv-details.json")))
    http_server.route(f"/rxiv/details/medrxiv/{WINDOW}/3", Reply(200, fixture("medrxiv-details-2.json")))
    http_server.route(f"/rxiv/pubs/medrxiv/{WINDOW}/0", Reply(200, fixture("medrxiv-pubs-empty.json")))
    outcomes, sleeps = run(make_config(http_server, medrxiv(http_server)), db)
    assert outcomes["medrxiv"].ok
    assert 7 in [round(s) for s in sleeps]
    assert paper_with(db, "preprint_doi", PILOT) is not None


def test_a_cursor_that_never_ends_fails_after_max_pages(http_server, db):
    # Every page claims more rows remain and answers the same rows: the cursor goes on for ever.
    page = json.loads(fixture("medrxiv-details.json"))
    page["messages"][0]["total"] = "100000000"
    body = json.dumps(page).encode()
    for cursor in range(0, 30, 3):
        http_server.route(f"/rxiv/details/medrxiv/{WINDOW}/{cursor}", Reply(200, body))
    outcomes, _ = run(make_config(http_server, medrxiv(http_server, max_pages=5)), db)
    assert not outcomes["medrxiv"].ok
    assert "max_pages" in outcomes["medrxiv"].error
    assert len([s for s in http_server.requests if "/details/" in s.path]) == 5
    assert db["papers"].count == 0


# -- PsyArXiv --------------------------------------------------------------------------------

def serve_osf(server, next_url: str | None = None):
    first = fixture("psyarxiv-page-1.json").replace(
        b'"NEXT_URL"', json.dumps(next_url or server.url + "/osf/preprints/page2").encode()).replace(
        b'"NEXT_LAST"', b"null")
    server.route("/osf/preprints/", Reply(200, first, {"Content-Type": "application/vnd.api+json"}))
    server.route("/osf/preprints/page2", Reply(200, fixture("psyarxiv-page-2.json")))


def psyarxiv(server, **more) -> dict:
    return {"name": "psyarxiv", "type": "psyarxiv", "base_url": server.url + "/osf/",
            "requests_per_second": 1000, "retries": 1, **more}


def test_psyarxiv_pages_along_links_next(http_server, db):
    serve_osf(http_server)
    outcomes, _ = run(make_config(http_server, psyarxiv(http_server)), db)
    assert outcomes["psyarxiv"].ok, outcomes["psyarxiv"].error
    first = http_server.requests_to("/osf/preprints/")[0]
    assert first.query["filter[provider]"] == ["psyarxiv"]
    assert first.query["filter[date_created][gte]"] == ["2026-10-21"]
    assert len(http_server.requests_to("/osf/preprints/page2")) == 1
    efct = paper_with(db, "preprint_doi", "10.31234/osf.io/x7k2q")
    assert efct["authors"] == ["Ines Duarte"]  # a non-bibliographic contributor is no author
    assert efct["preprint"]["server"] == "psyarxiv" and efct["peer_reviewed"] is False
    assert efct["url"] == "https://osf.io/preprints/psyarxiv/x7k2q/"
    family = paper_with(db, "preprint_doi", "10.31234/osf.io/m3p9d")
    assert family["doi"] == "10.1037/fam0001234" and family["peer_reviewed"] is True
    # Twice: nothing more.
    serve_osf(http_server)
    outcomes, _ = run(make_config(http_server, psyarxiv(http_server)), db, today=date(2026, 11, 21))
    assert outcomes["psyarxiv"].counts["new"] == 0 and db["papers"].count == 2


def test_psyarxiv_next_link_to_another_host_fails_the_source(http_server, db):
    serve_osf(http_server, next_url="https://attacker.example/steal")
    outcomes, _ = run(make_config(http_server, psyarxiv(http_server)), db)
    assert not outcomes["psyarxiv"].ok and "another host" in outcomes["psyarxiv"].error
    assert db["papers"].count == 0


def test_psyarxiv_next_link_that_goes_round_fails_the_source(http_server, db):
    serve_osf(http_server, next_url=http_server.url + "/osf/preprints/page2")
    http_server.route("/osf/preprints/page2", Reply(200, fixture("psyarxiv-page-1.json").replace(
        b'"NEXT_URL"', json.dumps(http_server.url + "/osf/preprints/page2").encode()).replace(b'"NEXT_LAST"', b"null")))
    outcomes, _ = run(make_config(http_server, psyarxiv(http_server)), db)
    assert not outcomes["psyarxiv"].ok and "circle" in outcomes["psyarxiv"].error


# -- config ----------------------------------------------------------------------------------

def test_a_bad_preprint_source_is_named_before_any_fetch(http_server):
    with pytest.raises(ConfigError, match=r"sources\[medrxiv\]\.categorys: unknown key"):
        make_config(http_server, {**medrxiv(http_server), "categorys": ["x"]})
    with pytest.raises(ConfigError, match=r"must be one of biorxiv, frontiers, medrxiv, psyarxiv, pubmed, rss"):
        make_config(http_server, {**medrxiv(http_server), "type": "arxiv"})
    with pytest.raises(ConfigError, match=r"sources\[medrxiv\]\.base_url"):
        make_config(http_server, {**medrxiv(http_server), "base_url": "ftp://x"})
    assert make_config(http_server, {"name": "b", "type": "biorxiv"}).sources[0].base_url == "https://api.biorxiv.org/"


# -- both versions shown: tracker show and the editors' queue ---------------------------------

def test_show_and_the_queue_show_the_preprint_and_the_journal_version(http_server, db, tmp_path):
    from click.testing import CliRunner
    from webdata import PASSWORD, Editor

    from tracker.cli import cli
    from tracker.editors import add_editor
    from tracker.web import create_app

    serve_journal_version(http_server)
    serve_window(http_server, pubs=fixture("medrxiv-pubs.json"))
    config = make_config(http_server, medrxiv(http_server), pubmed(http_server))
    run(config, db)
    linked = paper_with(db, "preprint_doi", PILOT)
    assert linked["pmid"] == "99100001"
    config_file = tmp_path / "feeds.yaml"
    import yaml

    config_file.write_text(yaml.safe_dump(config.model_dump(mode="json")))
    db_file = str(tmp_path / "tracker.db")
    shown = CliRunner().invoke(cli, ["--config", str(config_file), "--db", db_file, "show", str(linked["id"])])
    assert shown.exit_code == 0, shown.output
    assert f"Preprint:          medRxiv {PILOT} v2, posted 2026-11-12" in shown.output
    assert f"Peer reviewed:     yes: journal version {JOURNAL_DOI}" in shown.output
    as_json = json.loads(CliRunner().invoke(
        cli, ["--config", str(config_file), "--db", db_file, "show", str(linked["id"]), "--json"]).output)
    assert as_json["preprint"]["doi"] == PILOT and as_json["peer_reviewed"] is True and as_json["doi"] == JOURNAL_DOI

    add_editor(db, "sam", PASSWORD)
    app = create_app(db_file, config, secret_key="k" * 32, testing=True)
    editor = Editor(app, "sam")
    queue = editor.get("/?status=all").text
    assert f"published; preprint medrxiv {PILOT}" in queue
    page = editor.get(f"/papers/{linked['id']}").text
    assert PILOT in page and f"yes: the journal version is {JOURNAL_DOI}" in page


def test_the_queue_says_a_preprint_is_not_yet_peer_reviewed(http_server, db, tmp_path):
    from webdata import PASSWORD, Editor

    from tracker.editors import add_editor
    from tracker.web import create_app

    serve_window(http_server)
    config = make_config(http_server, medrxiv(http_server))
    run(config, db)
    add_editor(db, "sam", PASSWORD)
    editor = Editor(create_app(str(tmp_path / "tracker.db"), config, secret_key="k" * 32, testing=True), "sam")
    assert "preprint medrxiv v2, not yet peer reviewed" in editor.get("/?status=all").text


def test_a_decisions_file_names_a_preprint_only_paper_by_its_preprint_doi(http_server, db):
    from tracker.decisions import DecisionsFileError, import_decisions

    serve_window(http_server)
    run(make_config(http_server, medrxiv(http_server)), db)
    pilot = paper_with(db, "preprint_doi", PILOT)
    assert pilot["peer_reviewed"] is False
    assert db.execute("SELECT doi FROM papers WHERE id = ?", [pilot["id"]]).fetchone()[0] is None  # no journal DOI
    unknown = "10.1101/2026.01.01.99999999"
    with pytest.raises(DecisionsFileError) as failed:
        import_decisions(db, f"pmid,doi,decision,reason\n,{unknown},approve,\n".encode(), name="d.csv", editor="kim",
                         default_edition="2026-W47")
    assert failed.value.problems == [(2, f"no stored paper has DOI {unknown}")]

    csv = f"pmid,doi,decision,reason\n,https://doi.org/{PILOT.upper()},approve,\n"
    report = import_decisions(db, csv.encode(), name="d.csv", editor="kim", default_edition="2026-W47")
    assert [(line, done["paper_id"], done["to_status"]) for line, done in report.recorded] == [
        (2, pilot["id"], "approved")]
    assert paper_with(db, "preprint_doi", PILOT)["status"] == "approved"

    # and export writes the preprint's DOI, so the file goes back in
    from tracker.decisions import export_rows
    rows, skipped = export_rows(db)
    assert pilot["id"] not in skipped
    assert {"pmid": "", "doi": PILOT, "decision": "approve", "reason": ""} in rows


# -- the digest: a featured preprint, then its journal version ---------------------------------

def test_the_next_edition_after_a_featured_preprint_is_published_carries_the_notice_once(http_server, db, tmp_path):
    from bs4 import BeautifulSoup

    from tracker import review
    from tracker.digest import build
    from tracker.digest.labels import derive_study_type

    serve_window(http_server)
    config = make_config(http_server, medrxiv(http_server), pubmed(http_server))
    run(config, db, only=["medrxiv"])
    pilot = paper_with(db, "preprint_doi", PILOT)
    assert derive_study_type(pilot) == "preprint"
    review.decide(db, review.Decision(pilot["id"], "sam", "approve", edition="2026-W47"), default_edition="2026-W47")
    review.save_summary(db, pilot["id"], SUMMARIES["trial"], "sam")  # featured: it gets a page
    out = tmp_path / "site"
    build(db, config, "2026-W47", out)
    assert "Now published" not in (out / "2026-W47" / "index.html").read_text()

    # The journal version: in PubMed, and listed by the window's pubs.
    serve_journal_version(http_server)
    serve_window(http_server, "2026-11-17/2026-11-27", pubs=fixture("medrxiv-pubs.json"))
    run(config, db, today=date(2026, 11, 27))
    pilot = paper_with(db, "preprint_doi", PILOT)
    assert pilot["peer_reviewed"] and pilot["pmid"] == "99100001"
    assert derive_study_type(pilot) != "preprint"  # the journal version's type now
    other = paper_with(db, "preprint_doi", KETAMINE)
    review.decide(db, review.Decision(other["id"], "sam", "approve", edition="2026-W48"), default_edition="2026-W48")
    build(db, config, "2026-W48", out)
    notices = BeautifulSoup((out / "2026-W48" / "index.html").read_text(), "lxml").find("section", class_="notices")
    text = notices.get_text(" ", strip=True)
    # The journal's name as PubMed gives it (the most trusted source for it).
    assert "Now published in Example journal after peer review: the paper behind" in text
    # The journal abstract no longer reports the preprint's 8.4 points.
    assert "The published results differ from the preprint's" in text
    assert [a["href"] for a in notices.find_all("a")] == [f"https://doi.org/{JOURNAL_DOI}"]
    assert "Now published in Example journal" in (out / "2026-W48" / "digest.txt").read_text()
    # The preprint's own page (featured in 2026-W47) gets the same notice on this build.
    [page] = [f for f in (out / "articles").glob("*/index.html") if f.parent.name.endswith(f"-{pilot['id']}")]
    assert "The published results differ from the preprint's" in BeautifulSoup(page.read_text(), "lxml").get_text()
    # Recorded once: a later edition does not repeat it.
    review.decide(db, review.Decision(other["id"], "sam", "approve", edition="2026-W49"), default_edition="2026-W49")
    build(db, config, "2026-W49", out)
    assert "Now published" not in (out / "2026-W49" / "index.html").read_text()


def test_the_queue_flags_a_journal_version_whose_results_differ(http_server, db, tmp_path):
    from webdata import PASSWORD, Editor

    from tracker.editors import add_editor
    from tracker.web import create_app

    serve_journal_version(http_server)
    serve_window(http_server, pubs=fixture("medrxiv-pubs.json"))
    config = make_config(http_server, medrxiv(http_server), pubmed(http_server))
    run(config, db)
    add_editor(db, "sam", PASSWORD)
    editor = Editor(create_app(str(tmp_path / "tracker.db"), config, secret_key="k" * 32, testing=True), "sam")
    queue = editor.get("/?status=all").text
    assert queue.count("The published results differ from the preprint") == 1
    assert "the preprint reports 12, 8.4, the journal version does not" in queue


def test_the_paper_page_flags_a_journal_version_whose_results_differ(http_server, db, tmp_path):
    from webdata import PASSWORD, Editor

    from tracker.editors import add_editor
    from tracker.web import create_app

    serve_journal_version(http_server)
    serve_window(http_server, pubs=fixture("medrxiv-pubs.json"))
    config = make_config(http_server, medrxiv(http_server), pubmed(http_server))
    run(config, db)
    add_editor(db, "sam", PASSWORD)
    editor = Editor(create_app(str(tmp_path / "tracker.db"), config, secret_key="k" * 32, testing=True), "sam")
    linked = paper_with(db, "preprint_doi", PILOT)
    page = editor.get(f"/papers/{linked['id']}")
    assert page.status_code == 200
    assert page.text.count("The published results differ from the preprint") == 1
    assert "the preprint reports 12, 8.4, the journal version does not" in page.text
    # A journal version known by its DOI alone (no journal abstract to compare with): no flag.
    other = paper_with(db, "preprint_doi", KETAMINE)
    assert other["peer_reviewed"] is True
    assert "results differ" not in editor.get(f"/papers/{other['id']}").text


def test_results_differ_reads_numbers_and_the_conclusion():
    from tracker.preprint_versions import results_differ

    same = "In 40 couples, satisfaction rose by 12%. Therapy helped."
    assert results_differ(same, same) == []
    assert results_differ(same, "") == []  # nothing to compare
    assert results_differ(same, "In 40 couples, satisfaction rose by 12%, as before. Therapy helped.") == []
    assert results_differ(same, "In 38 couples, satisfaction rose by 12%. Therapy helped.")[0].startswith("numbers")
    assert results_differ(same, "In 40 couples, satisfaction rose by 12%. Therapy did not help.") == [
        "conclusion: one version's last sentence is negative, the other's is not"]


def test_status_says_how_far_a_preprint_source_has_read(http_server, db, tmp_path):
    import yaml
    from click.testing import CliRunner

    from tracker.cli import cli

    serve_window(http_server)
    config = make_config(http_server, medrxiv(http_server), psyarxiv(http_server))
    serve_osf(http_server)
    run(config, db)
    config_file = tmp_path / "feeds.yaml"
    config_file.write_text(yaml.safe_dump(config.model_dump(mode="json")))
    shown = CliRunner().invoke(cli, ["--config", str(config_file), "--db", str(tmp_path / "tracker.db"), "status"])
    assert shown.exit_code == 0, shown.output
    assert "posted and published preprints read to 2026-11-20; unlinked preprints looked up 2026-11-20" in shown.output
    assert "preprints created read to 2026-11-20" in shown.output
    checked = CliRunner().invoke(cli, ["--config", str(config_file), "check-config"])
    assert "2 sources: 1 medrxiv, 1 psyarxiv" in checked.output


# -- the registry ----------------------------------------------------------------------------

def test_every_configured_type_is_registered_and_a_type_that_forgets_a_field_fails():
    import dataclasses

    from tracker.config import source_type_names
    from tracker.sources.registry import SOURCE_TYPES, check_ranks

    assert sorted(SOURCE_TYPES) == source_type_names()
    medrxiv = SOURCE_TYPES["medrxiv"]
    forgetful = dataclasses.replace(medrxiv, trust={k: v for k, v in medrxiv.trust.items() if k != "title"})
    with pytest.raises(ImportError, match="no rank for title"):
        check_ranks(forgetful)
    with pytest.raises(ImportError, match="ranks unknown fields colour"):
        check_ranks(dataclasses.replace(medrxiv, trust={**medrxiv.trust, "colour": 1}))


def test_the_config_union_is_the_registrys_models_and_each_model_must_accept_its_types():
    # feeds.yaml's `sources:` union is built from the source modules' models: config.py names none.
    import dataclasses
    from typing import Literal, get_args

    from tracker.config import Source
    from tracker.configbase import SourceBase
    from tracker.sources.registry import SOURCE_TYPES, check_config, config_models

    assert get_args(get_args(Source)[0]) == config_models()
    assert {model.__module__ for model in config_models()} == {"tracker.sources.feed", "tracker.sources.pubmed",
                                                               "tracker.sources.preprints"}

    class Mislabelled(SourceBase):
        type: Literal["arxiv"]

    wrong = dataclasses.replace(SOURCE_TYPES["psyarxiv"], config=Mislabelled)
    with pytest.raises(ImportError, match="its config model Mislabelled does not accept type: psyarxiv"):
        check_config({**SOURCE_TYPES, "psyarxiv": wrong})
    with pytest.raises(ImportError, match="config models accept type: rss, which no module declares"):
        check_config({name: kind for name, kind in SOURCE_TYPES.items() if name != "rss"})
    check_config(SOURCE_TYPES)


def test_a_second_sighting_of_a_preprint_keeps_its_title_and_abstract(http_server, db):
    # The bug the registry prevents: a type missing from the field priorities lost its fields
    # when a second sighting made the merge derive them again.
    serve_window(http_server)
    config = make_config(http_server, medrxiv(http_server))
    run(config, db)
    changed = json.loads(fixture("medrxiv-details.json"))
    changed["collection"][1]["abstract"] += " Adverse events were mild."
    http_server.route("/rxiv/details/medrxiv/2026-11-17/2026-11-21/0", Reply(200, json.dumps(changed).encode()))
    http_server.route("/rxiv/details/medrxiv/2026-11-17/2026-11-21/3", Reply(200, fixture("medrxiv-details-2.json")))
    http_server.route("/rxiv/pubs/medrxiv/2026-11-17/2026-11-21/0", Reply(200, fixture("medrxiv-pubs-empty.json")))
    outcomes, _ = run(config, db, today=date(2026, 11, 21))
    assert outcomes["medrxiv"].counts["updated"] == 1
    paper = paper_with(db, "preprint_doi", PILOT)
    assert paper["title"].endswith("open-label pilot study") and paper["abstract"].endswith("were mild.")


def test_a_saved_page_replays_through_the_source_without_touching_its_state(http_server, db):
    # tracker run --source medrxiv --load FILE: the page is parsed and stored, nothing fetched.
    config = make_config(http_server, medrxiv(http_server))
    outcomes = {o.source: o for o in Runner(config, db, today=TODAY).run(
        only=["medrxiv"], replay={"medrxiv": fixture("medrxiv-details.json")})}
    assert outcomes["medrxiv"].ok and outcomes["medrxiv"].counts["new"] == 2
    assert http_server.requests == []
    assert source_health(db, ["medrxiv"])[0]["window_end"] is None


def test_the_weekly_look_up_links_a_psyarxiv_preprint_whose_authors_gave_the_journal_doi(http_server, db):
    serve_osf(http_server)
    config = make_config(http_server, psyarxiv(http_server))
    run(config, db)
    efct = paper_with(db, "preprint_doi", "10.31234/osf.io/x7k2q")
    assert efct["status"] == "candidate" and not efct["peer_reviewed"]
    item = json.loads(fixture("psyarxiv-page-1.json"))["data"][0]
    item["attributes"]["doi"] = "10.1111/jmft.70001"
    http_server.route("/osf/preprints/x7k2q/", Reply(200, json.dumps({"data": item}).encode()))
    empty = json.dumps({"data": [], "links": {"next": None}}).encode()
    http_server.route("/osf/preprints/", Reply(200, empty))
    run(config, db, today=date(2026, 11, 23))  # not due yet
    assert not http_server.requests_to("/osf/preprints/x7k2q/")
    run(config, db, today=date(2026, 11, 27))
    assert len(http_server.requests_to("/osf/preprints/x7k2q/")) == 1
    efct = paper_with(db, "preprint_doi", "10.31234/osf.io/x7k2q")
    assert efct["doi"] == "10.1111/jmft.70001" and efct["peer_reviewed"] is True
