"""Harness: ill-formed input. Hundreds of broken feeds and E-utilities answers, made by mutating
the project's own fixtures (tests/fixtures/), go through the real parsers and the real Runner.

The corpus is built by a seeded, deterministic mutator (the same cases on every machine):
truncation, byte flips, invalid UTF-8, wrong or lying encodings, unclosed CDATA, deep nesting,
stray entities and control characters, absurd numbers, long runs of digits and separators,
XML noncharacters and bidi overrides, deleted or swapped markup, bodies of the wrong kind.
A Hypothesis test then composes the same operators freely (derandomized, so CI is stable).

For every case: nothing but ParseError (or FetchError) leaves a parser; a parse that succeeds
returns records that hold the parser's promises (a title, a normalized identifier, http(s)
links only, no character textsafe drops, titles and abstracts within their caps); each parse
finishes within 2 s. A sample goes through Runner against the local
HTTP server, with the progress callback `tracker run` uses on a terminal: each source ends as
a clean parse or as a recorded source error (runs and source_state), never as an "unexpected"
error.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import config_with
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from httpserver import Reply

from tracker.errors import FetchError, ParseError
from tracker.normalize import normalize_doi, normalize_pmcid, normalize_pmid
from tracker.parse.feeds import parse_feed
from tracker.parse.pubmed import EsearchResult, parse_efetch, parse_esearch
from tracker.pipeline import Runner
from tracker.records import MAX_ABSTRACT, MAX_TITLE
from tracker.store import open_db
from tracker.textsafe import UNSAFE

FIXTURES = Path(__file__).parent / "fixtures"
SEED = 20261120
CASES_PER_FIXTURE = 24  # 26 fixtures -> 624 cases
TIME_LIMIT = 2.0


def _family(path: Path) -> str:
    if path.parent.name == "feeds":
        return "feed"
    return "esearch" if path.name.startswith("esearch") else "efetch"


FIXTURE_FILES = sorted(p for p in FIXTURES.glob("*/*") if p.suffix in (".xml", ".html"))
ORIGINALS = {p.name: (p.read_bytes(), _family(p)) for p in FIXTURE_FILES}


# --- the mutator ---------------------------------------------------------------------------------

def _truncate(rng, data):
    return data[: rng.randrange(len(data) + 1)]


def _flip_bytes(rng, data):
    out = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _insert(rng, data, piece: bytes):
    at = rng.randrange(len(data) + 1)
    return data[:at] + piece + data[at:]


def _invalid_utf8(rng, data):
    return _insert(rng, data, rng.choice([b"\xc3\x28", b"\xed\xa0\x80", b"\xc0\xaf", b"\xff\xfe", b"\xf4\x90\x80\x80",
                                          b"\xe2\x82", b"\x80" * 7]))


def _reencode(rng, data):
    """The text in another encoding, its XML declaration (if any) left saying what it said."""
    text = data.decode("utf-8", "replace")
    encoding = rng.choice(["utf-16", "utf-16-be", "utf-16-le", "utf-32", "latin-1", "cp1252", "cp037",
                           "shift_jis", "utf-7", "koi8-r"])
    return text.encode(encoding, "replace")


def _lying_declaration(rng, data):
    declared = rng.choice([b"utf-16", b"ebcdic-cp-us", b"x-no-such-encoding", b"iso-8859-1", b"ascii",
                           b"utf-32", b"gb2312", b"utf-7", b""])
    decl = b'<?xml version="1.0" encoding="' + declared + b'"?>'
    if data.lstrip().startswith(b"<?xml"):
        return re.sub(rb"^\s*<\?xml[^>]*\?>", decl, data, count=1)
    return decl + b"\n" + data


def _bom(rng, data):
    return rng.choice([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf", b"\x00\x00\xfe\xff"]) + data


def _unclosed_cdata(rng, data):
    if b"]]>" in data and rng.random() < 0.5:
        return data.replace(b"]]>", b"", 1)
    return _insert(rng, data, b"<![CDATA[" + b"x" * rng.randrange(5))


def _deep_nesting(rng, data):
    depth = rng.choice([64, 300, 1000, 3000])
    closed = rng.random() < 0.5
    tag = rng.choice([b"a", b"p", b"item", b"PubmedArticle", b"i"])
    nest = (b"<" + tag + b">") * depth + b"deep" + ((b"</" + tag + b">") * depth if closed else b"")
    # Inside an element when there is one, so the nesting is not simply after the root.
    close = [m.start() for m in re.finditer(rb"</", data)]
    at = rng.choice(close) if close else rng.randrange(len(data) + 1)
    return data[:at] + nest + data[at:]


def _stray_entity(rng, data):
    return _insert(rng, data, rng.choice([b"&", b"&nbsp;", b"&#0;", b"&#xD800;", b"&#1114112;", b"&#x110000;",
                                          b"&lt", b"&#;", b"&amp", b"&unknown;", b"&#65;&#x42;"]))


def _control_chars(rng, data):
    return _insert(rng, data, bytes(rng.choice([0, 1, 8, 11, 12, 27, 127]) for _ in range(rng.randint(1, 6))))


def _delete_markup(rng, data):
    tags = [m.span() for m in re.finditer(rb"</?[A-Za-z][^<>]*>", data)]
    if not tags:
        return _truncate(rng, data)
    start, end = rng.choice(tags)
    return data[:start] + data[end:]


def _swap_tag_names(rng, data):
    names = sorted(set(re.findall(rb"</?([A-Za-z][\w:.-]*)", data)))
    if len(names) < 2:
        return _flip_bytes(rng, data)
    a, b = rng.sample(names, 2)
    return re.sub(rb"(</?)" + re.escape(a) + rb"\b", rb"\g<1>" + b, data, count=rng.randint(1, 3))


def _garble_text(rng, data):
    """Replace the text of some elements with junk: letters in numbers, huge numbers, markup."""
    junk = rng.choice([b"abc", b"-1", b"99999999999999999999999", b"", b" ", b"2026-13-45", b"<b>x</b>",
                       b"javascript:alert(1)", b"10.", b"PMC", b"0", b"\xe2\x80\xae"])
    spans = [m.span(1) for m in re.finditer(rb">([^<>]{1,80})</", data)]
    out = data
    for start, end in sorted(rng.sample(spans, min(len(spans), rng.randint(1, 4))), reverse=True):
        out = out[:start] + junk + out[end:]
    return out


def _absurd_numbers(rng, data):
    """Numbers a parser converts: years, months, days, PMIDs, counts, made absurd."""
    fields = [m.span(1) for m in re.finditer(
        rb"<(?:Year|Month|Day|PMID|Count|RetMax|RetStart|MedlineDate|pubdate|pubDate|updated)\b[^>]*>([^<]*)<", data)]
    if not fields:
        return _garble_text(rng, data)
    out = data
    for start, end in sorted(rng.sample(fields, min(len(fields), rng.randint(1, 3))), reverse=True):
        value = rng.choice([b"9" * 25, b"9" * 5000, "\u00b2".encode(), "\u0661\u0662".encode(), b"-1", b"0", b"1e9",
                            b"0x10", b"2026-99-99T99:99:99Z", b"Mon, 99 Foo 99999 99:99:99 +9999", b"NaN"])
        out = out[:start] + value + out[end:]
    return out


def _long_runs(rng, data):
    """The text of an element (a title, an abstract, a count) made a long run of one shape: digits
    and separators, a number of thousands of digits, repeated headings, words or sentence marks."""
    run = rng.choice([b"1," * 30_000, b"9" * 5_000 + b" participants", b"n = " + b"1," * 20_000,
                      b"Methods: " * 6_000, b"METHODS: " * 6_000, b"couples " * 8_000, b"." * 60_000 + b"x",
                      b"1 " * 30_000, b"twenty " * 8_000])
    spans = [m.span(1) for m in re.finditer(rb">([^<>]{1,200})</", data)]
    if not spans:
        return _insert(rng, data, run)
    start, end = rng.choice(spans)
    return data[:start] + run + data[end:]


def _noncharacters(rng, data):
    """XML noncharacters, controls and bidi overrides in a text: as references XML allows
    (U+FDD0, U+1FFFE, U+202E, C1), as references it forbids (U+FFFE), escaped so that a field read
    as HTML decodes them ("&amp;#xFFFE;"), and as the raw characters."""
    piece = rng.choice([b"&#xFDD0;", b"&#x1FFFE;", b"&#x10FFFF;", b"&#x202E;", b"&#x2066;", b"&#x85;", b"&#x9B;",
                        b"&#xFFFE;", b"&#xFFFF;", b"&amp;#xFFFE;", b"&lt;i&gt;x&lt;/i&gt; &amp;#xFFFE;&amp;#x202E;",
                        b"<![CDATA[<b>x</b>&#xFFFF;&#xFDD0;]]>", "\ufdd0\u202e\U0001fffe".encode(),
                        "\ufffe".encode()])
    spans = [m.end(1) for m in re.finditer(rb">([^<>]{1,200})</", data)]
    at = rng.choice(spans) if spans else rng.randrange(len(data) + 1)
    return data[:at] + piece * rng.randint(1, 3) + data[at:]


def _duplicate_slice(rng, data):
    i, j = sorted(rng.randrange(len(data) + 1) for _ in range(2))
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[i:j] + data[at:]


def _cut_slice(rng, data):
    i, j = sorted(rng.randrange(len(data) + 1) for _ in range(2))
    return data[:i] + data[j:]


def _line_endings(rng, data):
    return data.replace(b"\n", rng.choice([b"\r", b"\r\n", b"", b"\x85", b"\xe2\x80\xa8"]))


def _wrong_body(rng, data):
    """A body of another kind altogether: another fixture family, JSON, HTML, nothing."""
    others = [b for b, _ in ORIGINALS.values()]
    return rng.choice(others + [b'{"error":"API rate limit exceeded","count":"1"}', b"", b"   \n",
                                b"<html><body>503</body></html>", b"\x1f\x8b\x08\x00gzip", b"<rss/>",
                                b"<?xml version='1.0'?><PubmedArticleSet/>", b"<eSearchResult/>"])


OPERATORS = [
    _truncate, _flip_bytes, _invalid_utf8, _reencode, _lying_declaration, _bom, _unclosed_cdata,
    _deep_nesting, _stray_entity, _control_chars, _delete_markup, _swap_tag_names, _garble_text,
    _absurd_numbers, _long_runs, _noncharacters, _duplicate_slice, _cut_slice, _line_endings, _wrong_body,
]


@dataclass
class Case:
    fixture: str
    family: str
    ops: tuple[str, ...]
    body: bytes

    @property
    def name(self) -> str:
        return f"{self.fixture}:{'+'.join(self.ops)}"


def mutate(rng: random.Random, data: bytes, ops_count: int) -> tuple[bytes, tuple[str, ...]]:
    names = []
    for _ in range(ops_count):
        op = rng.choice(OPERATORS)
        data = op(rng, data) if data else _wrong_body(rng, data)
        names.append(op.__name__.lstrip("_"))
    return data, tuple(names)


def corpus() -> list[Case]:
    """The fixed corpus: every operator on every fixture at least once, then random stacks of 2-3."""
    cases = []
    for name, (data, family) in ORIGINALS.items():
        rng = random.Random(f"{SEED}:{name}")
        for i in range(CASES_PER_FIXTURE):
            if i < len(OPERATORS):
                op = OPERATORS[(i + len(name)) % len(OPERATORS)]
                body, ops = op(rng, data), (op.__name__.lstrip("_"),)
            else:
                body, ops = mutate(rng, data, rng.randint(2, 3))
            cases.append(Case(name, family, ops, body))
    return cases


CORPUS = corpus()


# --- what a parser may do ------------------------------------------------------------------------

PARSERS = {
    "feed": [("frontiers", lambda b: parse_feed(b, kind="frontiers", base_url="https://example.org/feed")),
             ("rss", lambda b: parse_feed(b, kind="rss"))],
    "efetch": [("efetch", parse_efetch)],
    "esearch": [("esearch", parse_esearch)],
}


def _check_result(result) -> None:
    """What a successful parse promises, whatever it was fed."""
    if isinstance(result, EsearchResult):
        assert isinstance(result.count, int) and result.count >= 0
        assert all(isinstance(i, str) and i for i in result.ids)
        return
    for record in result.records:
        assert record.title and record.title == record.title.strip()
        assert record.doi is None or normalize_doi(record.doi) == record.doi, record.doi
        assert record.pmid is None or normalize_pmid(record.pmid) == record.pmid, record.pmid
        assert record.pmcid is None or normalize_pmcid(record.pmcid) == record.pmcid, record.pmcid
        assert record.url is None or re.match(r"https?://[^/\s]", record.url), record.url
        assert record.doi or record.pmid or record.pmcid or record.url or record.source_key
        # No XML-forbidden control, noncharacter or bidi control in any text (textsafe).
        for value in (record.title, record.abstract, record.journal, record.article_type, *record.authors,
                      *record.keywords, *record.mesh, *record.publication_types,
                      *(t for pair in record.abstract_sections for t in pair)):
            assert not UNSAFE.search(value or ""), (value[:80], UNSAFE.findall(value))
        assert len(record.title) <= MAX_TITLE and len(record.abstract) <= MAX_ABSTRACT
    assert all(isinstance(reason, str) for reason in result.skipped)


def run_parser(label: str, parse, body: bytes) -> str:
    """Parse once; returns "parsed" or "rejected"; raises AssertionError naming what went wrong."""
    started = time.monotonic()
    try:
        result = parse(body)
    except (ParseError, FetchError):
        outcome = "rejected"
    except Exception as exc:  # the harness's whole point: nothing else may escape
        raise AssertionError(f"{label}: {type(exc).__name__} escaped: {exc}") from exc
    else:
        _check_result(result)
        outcome = "parsed"
    elapsed = time.monotonic() - started
    assert elapsed < TIME_LIMIT, f"{label}: {elapsed:.2f}s"
    return outcome


def test_the_corpus_is_big_and_varied():
    assert len(CORPUS) >= 500
    assert len({c.body for c in CORPUS}) >= 480  # few accidental duplicates
    assert {c.family for c in CORPUS} == {"feed", "efetch", "esearch"}
    used = {op for c in CORPUS for op in c.ops}
    assert used == {op.__name__.lstrip("_") for op in OPERATORS}


@pytest.mark.parametrize("fixture", sorted(ORIGINALS))
def test_every_mutated_fixture_parses_cleanly_or_fails_with_parse_error(fixture):
    cases = [c for c in CORPUS if c.fixture == fixture]
    outcomes = []
    problems = []
    for i, case in enumerate(cases):
        # Each case goes to its own parser; every fourth is also fed to the others.
        families = [case.family] + ([f for f in PARSERS if f != case.family] if i % 4 == 0 else [])
        for family in families:
            for label, parse in PARSERS[family]:
                try:
                    outcomes.append(run_parser(f"{case.name} via {label}", parse, case.body))
                except AssertionError as exc:
                    problems.append(str(exc))
    assert problems == []
    assert "rejected" in outcomes  # the mutations do break things


# Hypothesis composes the operators freely; a failure shrinks to a short list of operators.
@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fixture=st.sampled_from(sorted(ORIGINALS)),
       ops=st.lists(st.sampled_from(OPERATORS), min_size=1, max_size=4),
       seed=st.integers(0, 2**32 - 1))
def test_any_stack_of_mutations_parses_cleanly_or_fails_with_parse_error(fixture, ops, seed):
    data, family = ORIGINALS[fixture]
    rng = random.Random(seed)
    for op in ops:
        data = op(rng, data) if data else _wrong_body(rng, data)
    for label, parse in PARSERS[family]:
        run_parser(f"{fixture} {[o.__name__ for o in ops]} seed {seed} via {label}", parse, data)


# --- through the Runner, against the local HTTP server ----------------------------------------------

SAMPLE_SIZE = 48


def _pmids(body: bytes) -> list[str]:
    return [p.decode() for p in re.findall(rb"<PMID[^>]*>(\d+)</PMID>", body)] or ["99000101"]


def test_a_sample_through_the_runner_ends_as_a_clean_parse_or_a_recorded_source_error(http_server, tmp_path):
    rng = random.Random(SEED)
    sample = rng.sample(CORPUS, SAMPLE_SIZE)
    clean_efetch = ORIGINALS["efetch_structured.xml"][0]
    common = {"retries": 0, "timeout": 5.0, "requests_per_second": 1000}
    sources = []
    for i, case in enumerate(sample):
        name = f"s{i:02d}-{case.family}"
        if case.family == "feed":
            http_server.route(f"/feed/{i}", Reply(200, case.body, {"Content-Type": "application/rss+xml"}))
            sources.append({"name": name, "type": rng.choice(["frontiers", "rss"]),
                            "url": f"{http_server.url}/feed/{i}", **common})
            continue
        if case.family == "esearch":
            esearch_body, efetch_body = case.body, clean_efetch
        else:
            original = ORIGINALS[case.fixture][0]
            ids = "".join(f"<Id>{p}</Id>" for p in _pmids(original))
            esearch_body = (f"<eSearchResult><Count>{len(_pmids(original))}</Count><IdList>{ids}</IdList>"
                            "</eSearchResult>").encode()
            efetch_body = case.body
        http_server.route(f"/pm/{i}/esearch.fcgi", Reply(200, esearch_body))
        http_server.route(f"/pm/{i}/efetch.fcgi", Reply(200, efetch_body))
        sources.append({"name": name, "type": "pubmed", "query": "ketamine",
                        "base_url": f"{http_server.url}/pm/{i}/", **common})
    config = config_with(sources)
    db = open_db(tmp_path / "tracker.db")

    started = time.monotonic()
    progress = []  # as `tracker run` drives it from a terminal: a progress line per step
    outcomes = Runner(config, db, sleep=lambda s: None, progress=lambda *a: progress.append(a)).run()
    elapsed = time.monotonic() - started

    assert len(outcomes) == SAMPLE_SIZE
    assert any(message.startswith("storing") for _, message in progress)
    assert elapsed < TIME_LIMIT * SAMPLE_SIZE
    runs = {r["source"]: r for r in db.query("SELECT * FROM runs")}
    states = {s["source"]: s for s in db.query("SELECT * FROM source_state")}
    failed = 0
    for outcome, case in zip(outcomes, sample):
        run = runs[outcome.source]
        assert run["status"] == ("ok" if outcome.ok else "failed"), (case.name, run)
        if not outcome.ok:
            failed += 1
            # The state keeps the error's short line, the run its whole text.
            assert run["error"] and states[outcome.source]["last_error"] == outcome.error, case.name
            assert run["error"] == outcome.detail and len(outcome.error) <= 160, case.name
            assert states[outcome.source]["failures_in_row"] == 1
            assert not run["error"].startswith("unexpected"), (case.name, run["error"])
        else:
            assert states[outcome.source]["last_error"] is None
    assert 0 < failed < SAMPLE_SIZE  # both kinds of outcome occur
    # What was stored holds the parsers' promises too.
    for paper in db.query("SELECT title, url, doi, pmid FROM papers"):
        assert paper["title"].strip()
        assert paper["url"] is None or re.match(r"https?://", paper["url"]), paper["url"]
