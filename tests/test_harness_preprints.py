"""Harness: hostile answers from the preprint servers, through the real Runner and a real SQLite file.

Every answer below is one a broken or hostile server could send. Each must end as stored,
clean records or as a failed source with a printable error; never an unexpected exception
("unexpected ..." in the error), never a script, a control character or a javascript: link in
the database, and never a failure of the other sources (a PubMed source runs beside them).
Then every mutation of the recorded pages (tests/fixtures/preprints/) by a fixed seed goes
through the parsers: a clean parse or ParseError, nothing else.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
from builders import article, config_with, efetch, esearch
from harnesskit import gzip_bomb, stored_values
from httpserver import Reply

from tracker.errors import ParseError
from tracker.parse.preprints import parse_osf_page, parse_rxiv_page, rxiv_records
from tracker.pipeline import Runner

FIXTURES = Path(__file__).parent / "fixtures" / "preprints"
TODAY = date(2026, 11, 20)
WINDOW = "2026-10-21/2026-11-20"


def _page(rows, total=None) -> bytes:
    return json.dumps({"messages": [{"status": "ok", "cursor": 0, "count": len(rows),
                                     "total": len(rows) if total is None else total}],
                       "collection": rows}).encode()


ROW = json.loads((FIXTURES / "medrxiv-details.json").read_bytes())["collection"][0]
HOSTILE_DETAILS = {
    "script in title and abstract": _page([dict(ROW, title="Couples <script>alert(1)</script>therapy",
                                               abstract="<img src=x onerror=alert(2)>Psilocybin for couples.")]),
    "control characters and escapes": _page([dict(ROW, title="Couple\x1b[2J therapy\x00\x07 \u202etxet",
                                                  authors="Evil,\x1b]0;x\x07 A.")]),
    "lone surrogate": b'{"messages":[{"status":"ok","cursor":0,"total":1}],"collection":[{"doi":"10.1101/1","title":"a\\ud800b couple therapy","version":"1"}]}',
    "wrong types": _page([{"doi": {"x": 1}, "title": ["t"]}, {"doi": "10.1101/2", "title": 42, "version": [],
                                                              "authors": {"a": 1}, "date": 7, "published": 3}]),
    "total not a number": _page([ROW], total="lots"),
    "rows not objects": b'{"messages":[{"status":"ok","cursor":0,"total":2}],"collection":[1,"two"]}',
    "no messages": b'{"collection": []}',
    "messages not a list": b'{"messages": "ok", "collection": []}',
    "top level a list": b"[1, 2, 3]",
    "nested too deep": b"[" * 100_000 + b"]" * 100_000,
    "html error page": b"<html><body>502 Bad Gateway</body></html>",
    "empty body": b"",
    "huge total, no rows": _page([], total=10**12),
    "negative total": _page([ROW], total=-5),
    "javascript doi": _page([dict(ROW, doi="javascript:alert(1)")]),
}


def make_config(server, *sources):
    return config_with([*sources, {"name": "pubmed", "type": "pubmed", "query": "x", "base_url": server.url + "/eutils/",
                                   "requests_per_second": 1000, "retries": 0}])


def _serve_pubmed(server):
    server.route("/eutils/esearch.fcgi", Reply(200, esearch(["99200001"])))
    server.route("/eutils/efetch.fcgi", Reply(200, efetch(article("99200001", "Ketamine therapy", doi="10.1000/k"))))


def _clean(db_path) -> None:
    """No script, no javascript: link, no control or bidi character in any stored text (the
    full-text index's binary blocks aside)."""
    for table, column, value in stored_values(db_path):
        if not isinstance(value, str) or table.startswith("papers_fts"):
            continue
        for needle in ("<script", "onerror=", "javascript:", "\x1b", "\x00", "\x07", "\u202e"):
            assert needle not in value.lower(), (table, column, needle, value[:200])


@pytest.mark.parametrize("name", sorted(HOSTILE_DETAILS))
def test_a_hostile_details_page_is_stored_clean_or_fails_the_source_alone(http_server, tmp_path, name):
    from tracker.store import open_db

    http_server.route(f"/rxiv/details/medrxiv/{WINDOW}/0", Reply(200, HOSTILE_DETAILS[name]))
    http_server.route(f"/rxiv/details/medrxiv/{WINDOW}/1", Reply(200, _page([])))
    http_server.route(f"/rxiv/pubs/medrxiv/{WINDOW}/0", Reply(200, _page([])))
    _serve_pubmed(http_server)
    db = open_db(tmp_path / "tracker.db")
    config = make_config(http_server, {"name": "medrxiv", "type": "medrxiv", "base_url": http_server.url + "/rxiv/",
                                       "requests_per_second": 1000, "retries": 0, "max_pages": 3})
    outcomes = {o.source: o for o in Runner(config, db, today=TODAY, sleep=lambda s: None).run()}
    medrxiv = outcomes["medrxiv"]
    assert outcomes["pubmed"].ok and outcomes["pubmed"].counts["new"] == 1
    if not medrxiv.ok:
        assert "unexpected" not in medrxiv.error, medrxiv.detail
        assert medrxiv.error.isprintable()
    _clean(tmp_path / "tracker.db")
    for title, abstract in db.execute("SELECT title, abstract FROM papers"):
        assert title.isprintable() and abstract.isprintable()


def test_a_gzip_bomb_fails_the_source_alone(http_server, tmp_path):
    from tracker.store import open_db

    http_server.route(f"/rxiv/details/medrxiv/{WINDOW}/0",
                      Reply(200, gzip_bomb(), {"Content-Encoding": "gzip", "Content-Type": "application/json"}))
    _serve_pubmed(http_server)
    db = open_db(tmp_path / "tracker.db")
    config = make_config(http_server, {"name": "medrxiv", "type": "medrxiv", "base_url": http_server.url + "/rxiv/",
                                       "requests_per_second": 1000, "retries": 0})
    outcomes = {o.source: o for o in Runner(config, db, today=TODAY, sleep=lambda s: None).run()}
    assert not outcomes["medrxiv"].ok and "MiB" in outcomes["medrxiv"].error
    assert outcomes["pubmed"].ok


HOSTILE_OSF = {
    "javascript links": {"data": [{"id": "a", "attributes": {"title": "Couple therapy"},
                                   "links": {"html": "javascript:alert(1)", "preprint_doi": "https://doi.org/10.31234/osf.io/a"}}],
                         "links": {"next": None}},
    "next not a url": {"data": [], "links": {"next": "javascript:alert(1)"}},
    "errors": {"errors": [{"detail": "Throttled\x1b[31m"}]},
    "data not a list": {"data": {"id": "x"}},
    "wrong types inside": {"data": [{"id": 1, "attributes": {"title": "Family therapy", "tags": 5, "subjects": "x",
                                                           "date_created": 3, "version": "v"},
                                     "embeds": {"contributors": {"data": [{"embeds": {"users": []}}, 7]}},
                                     "links": {"preprint_doi": "10.31234/osf.io/b"}}, "junk"], "links": {}},
}


@pytest.mark.parametrize("name", sorted(HOSTILE_OSF))
def test_a_hostile_osf_page_is_stored_clean_or_fails_the_source_alone(http_server, tmp_path, name):
    from tracker.store import open_db

    http_server.route("/osf/preprints/", Reply(200, json.dumps(HOSTILE_OSF[name]).encode()))
    _serve_pubmed(http_server)
    db = open_db(tmp_path / "tracker.db")
    config = make_config(http_server, {"name": "psyarxiv", "type": "psyarxiv", "base_url": http_server.url + "/osf/",
                                       "requests_per_second": 1000, "retries": 0})
    outcomes = {o.source: o for o in Runner(config, db, today=TODAY, sleep=lambda s: None).run()}
    assert outcomes["pubmed"].ok
    if not outcomes["psyarxiv"].ok:
        assert "unexpected" not in outcomes["psyarxiv"].error, outcomes["psyarxiv"].detail
    _clean(tmp_path / "tracker.db")


def _mutations(body: bytes, rng: random.Random):
    """Byte-level and structure-level damage: cuts, flips, deletions, duplicated spans."""
    for _ in range(40):
        data = bytearray(body)
        op = rng.choice(("cut", "flip", "delete", "dup", "swap"))
        i = rng.randrange(len(data))
        if op == "cut":
            data = data[:i]
        elif op == "flip":
            data[i] = rng.randrange(256)
        elif op == "delete":
            del data[i:i + rng.randrange(1, 40)]
        elif op == "dup":
            data[i:i] = data[i:i + rng.randrange(1, 200)]
        else:
            j = rng.randrange(len(data))
            data[i], data[j] = data[j], data[i]
        yield bytes(data)


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_every_mutated_page_parses_cleanly_or_fails_with_parse_error(fixture):
    body = (FIXTURES / fixture).read_bytes()
    rng = random.Random(fixture)
    for mutated in _mutations(body, rng):
        try:
            if fixture.startswith("psyarxiv"):
                parse_osf_page(mutated)
            else:
                rxiv_records(parse_rxiv_page(mutated).rows, "medrxiv")
        except ParseError:
            pass
