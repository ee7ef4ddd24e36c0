"""Edge cases a review of the ingest found broken; each test keeps its fix in place."""

from __future__ import annotations

from datetime import date

import pytest
from builders import article, config_with, efetch, esearch, frontiers_feed, frontiers_item
from httpserver import Reply

from tracker.config import default_config_path, load_config
from tracker.errors import ConfigError
from tracker.merge import Merger
from tracker.parse.feeds import parse_feed
from tracker.pipeline import Runner
from tracker.records import Record
from tracker.score import Scorer
from tracker.store import transaction

TODAY = date(2026, 11, 20)


def _config(server_url: str = "http://127.0.0.1:9", **pubmed):
    return config_with([{"name": "pubmed", "type": "pubmed", "query": "ketamine", "base_url": server_url + "/eutils/",
                         "requests_per_second": 1000, "retries": 0, **pubmed}])


def _no_pmid(title: str) -> str:
    return article("", title).replace('<PMID Version="1"></PMID>', "").replace('<ArticleId IdType="pubmed"></ArticleId>', "")


def test_pubmed_record_with_title_but_no_identifier_does_not_abort_the_source(db):
    """A PubMed article with a title but no identifier is skipped and counted; the rest of the source is stored."""
    body = efetch(_no_pmid("Ketamine therapy without an identifier"), article("123", "Ketamine therapy for depression"))
    outcome = Runner(_config(), db, today=TODAY).run(only=["pubmed"], replay={"pubmed": body})[0]
    assert outcome.ok, outcome.error
    assert db["papers"].count == 1 and outcome.skipped == 1


def test_pubmed_record_without_title_is_skipped_not_stored_as_junk(db):
    """A PubMed record with a PMID but no title is skipped, not stored as a paper titled ''."""
    outcome = Runner(_config(), db, today=TODAY).run(only=["pubmed"], replay={"pubmed": efetch(article("124", ""))})[0]
    assert outcome.ok
    assert list(db.query("SELECT id FROM papers WHERE title = ''")) == []
    assert outcome.skipped == 1


def test_an_empty_efetch_answer_for_wanted_pmids_fails_the_source(http_server, db):
    """An empty efetch answer for PMIDs esearch listed fails the source, and the Entrez window stays put."""
    http_server.route("/eutils/esearch.fcgi", Reply(200, esearch(["11", "12"])))
    http_server.route("/eutils/efetch.fcgi", Reply(200, efetch()))
    outcome = Runner(_config(http_server.url), db, today=TODAY, sleep=lambda s: None).run()[0]
    state = db["source_state"].get("pubmed")
    assert not outcome.ok or state["window_end"] is None, "records never fetched, yet the window advanced"


def test_plain_text_title_with_a_less_than_sign_keeps_its_words():
    """Plain text holding a lone '<' keeps every word after it."""
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>J</title><link>https://example.org/</link>'
            b"<description>d</description><item><title>Relapse when ketamine dose&lt;baseline in adults</title>"
            b"<link>https://example.org/a/1</link><guid>https://example.org/a/1</guid></item></channel></rss>")
    record = parse_feed(body, "rss").records[0]
    assert record.title == "Relapse when ketamine dose<baseline in adults"


def test_a_capitalised_prefix_term_matches():
    """A capitalised term ending in * (SSRI*) matches in capitals."""
    config = config_with(topics=[{"name": "drugs", "terms": ["SSRI*"]}], scoring={"intersection": []})
    _, topics, _ = Scorer(config).score({"title": "SSRIs and psilocybin", "abstract": ""})
    assert topics == {"drugs": ["SSRI*"]}


def test_two_papers_with_different_pmids_are_never_merged(db):
    """A feed item whose DOI changes to another paper never fuses two works with different PMIDs."""
    scorer = Scorer(load_config(default_config_path()))
    pubmed = Merger(db, scorer, "pubmed", "pubmed", None)
    feed = Merger(db, scorer, "journal-rss", "rss", None)
    with transaction(db):
        pubmed.save(Record(title="Work A", pmid="3", doi="10.1000/a", source_key="3"))
        pubmed.save(Record(title="Work B", pmid="5", doi="10.1000/b", source_key="5"))
        feed.save(Record(title="Work A", doi="10.1000/a", source_key="https://j.example/item/1"))
        # The same feed item now carries a different DOI (a corrected record, or a publisher error).
        feed.save(Record(title="Work A", doi="10.1000/b", source_key="https://j.example/item/1"))
    pmids = {r["pmid"] for r in db.query("SELECT pmid FROM papers")}
    assert db["papers"].count == 2 and pmids == {"3", "5"}


def test_check_config_rejects_an_unknown_timezone():
    """check-config rejects an unknown timezone, naming it."""
    with pytest.raises(ConfigError, match="timezone"):
        config_with(timezone="Mars/Olympus")


def test_feed_authors_with_the_same_name_are_all_kept():
    """Two co-authors with the same name are both kept, in order."""
    body = frontiers_feed(frontiers_item("10.3389/fpsyt.2026.0000201", "Ketamine therapy",
                                         authors=("Wei Wang", "Li Na", "Wei Wang")))
    assert parse_feed(body, "frontiers").records[0].authors == ["Wei Wang", "Li Na", "Wei Wang"]


def test_dc_identifier_info_doi_uri_is_read():
    """dc:identifier values written as info:doi/... URIs give the DOI."""
    body = (b'<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            b"<title>J</title><link>https://example.org/</link><description>d</description><item>"
            b"<title>Psilocybin therapy</title><link>https://example.org/doi/abs/x</link>"
            b"<dc:identifier>info:doi/10.1002/jclp.23001</dc:identifier></item></channel></rss>")
    assert parse_feed(body, "rss").records[0].doi == "10.1002/jclp.23001"
