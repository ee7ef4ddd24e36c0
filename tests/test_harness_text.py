"""Harness: text that made careless code slow or made it crash, through the real components.

1. Time. Runs of digits and separators ("1,1,1,..."), one long number, repeated words, headings
   and sentence marks, runs of line breaks: 60 kB and 400 kB of each go through every function
   that reads feed text or an editor's text (the digest's checks, the claim rules, Markdown
   escaping, the highlighter, the feed and efetch parsers). Each call stays under TIME_LIMIT.
   (sample_size() took 22 s on 60 kB of "1,1,1", and more than ten minutes on 400 kB; the
   sentence splitter 7 minutes on 100,000 dots; Markdown escaping 20 s on 20,000 line breaks;
   the run-in heading splitter 28 s on "Methods: " 50,000 times; an RSS author 7 s on 40 kB
   of "a@".)
2. Crashes. A number of over 4,300 digits raised ValueError from int() in sample_size(): a
   traceback from `tracker digest check` and a 500 on the pages until the paper was removed.
3. Characters no output may carry. A feed title with "&#xFFFE;" (or an editor's headline with
   U+FFFE) ended up in feed.atom, which then did not parse; bidi overrides reached the editors'
   pages. Every parser drops them, and so does every output (textsafe).
4. Size. An abstract or title longer than any real one is cut when it is parsed, with a marker.

The whole story goes through the real pipeline: a Frontiers feed served by the local HTTP
server, Runner, SQLite, the digest's checks and build, the web UI and the CLI.
"""

from __future__ import annotations

import re
import time
from xml.sax.saxutils import escape

import digestdata
import pytest
from builders import article, config_with, efetch, frontiers_feed, frontiers_item
from click.testing import CliRunner
from httpserver import Reply
from lxml import etree

from tracker.cli import cli
from tracker.digest import build, check_edition
from tracker.digest import claims, text
from tracker.digest.checks import caveat_reasons, reading_grade, sample_size, sentence_claims
from tracker.digest.labels import derive_study_type
from tracker.editions import EditionError, Week
from tracker.parse.feeds import parse_feed
from tracker.parse.pubmed import parse_efetch
from tracker.pipeline import Runner
from tracker.records import MAX_ABSTRACT, MAX_TITLE, Record
from tracker.review import Decision, decide, save_summary
from tracker.store import open_db
from tracker.textsafe import UNSAFE, strip_unsafe
from tracker.web import create_app
from tracker.web.highlight import highlight, snippet

TIME_LIMIT = 2.0
# Characters -> seconds a call may take: linear time fits easily (the slowest reader, the claim
# rules, takes about 0.3 s on 60 kB of "1,1,1"); quadratic time overruns by minutes.
SIZES = {60_000: TIME_LIMIT, 400_000: 4 * TIME_LIMIT}
CFG = digestdata.config()
EDITION = digestdata.EDITION

# Each makes `size` characters of one shape.
RUNS = {
    "digits and commas": lambda size: "1," * (size // 2),
    "digits and commas before people": lambda size: "1," * (size // 2) + " patients",
    "n = and digits and commas": lambda size: "n = " + "1," * (size // 2),
    "digits and spaces": lambda size: "1 " * (size // 2),
    "digits and full stops": lambda size: "1." * (size // 2) + "x",
    "one long number": lambda size: "9" * size + " participants",
    "repeated words": lambda size: "couples " * (size // 8),
    "repeated number words": lambda size: "twenty " * (size // 7),
    "repeated hype": lambda size: "the most effective breakthrough " * (size // 32),
    "repeated claims": lambda size: "Ketamine improved mood. " * (size // 24),
    "full stops": lambda size: "." * size + "x",
    "marks and quotes": lambda size: '!"' * (size // 2) + "x",
    "line breaks": lambda size: "x" + "\n" * size + "x",
    "underlined lines": lambda size: "x" + "\n=\n" * (size // 3) + "x",
    "run-in headings": lambda size: "Methods: " * (size // 9),
    "capital headings": lambda size: "METHODS: " * (size // 9),
    "glued headings": lambda size: "MethodsWe " * (size // 10),
    "one long word": lambda size: "a" * size,
    "spaces": lambda size: "x" + " " * size + "x",
    "angle brackets": lambda size: "<a " * (size // 3),
    "addresses": lambda size: "a@" * (size // 2),
}
TERMS = ("ketamine", "couple*", "couples", "family therapy", "MDMA")


def _frontiers(abstract: str) -> bytes:
    return frontiers_feed(frontiers_item("10.5555/h.1", "Ketamine for couples", description=abstract))


# Everything that reads feed text or editors' text, one call each.
READERS = {
    "sample_size": sample_size,
    "caveat_reasons": lambda t: caveat_reasons({"title": "A pilot trial", "abstract": t}, "nonrandomized_trial"),
    "sentence_claims": lambda t: sentence_claims({"summary": t, "headline": t[:300]}, CFG.digest),
    "claims.sentences": claims.sentences,
    "reading_grade": lambda t: reading_grade({"summary": t}),
    "study type": lambda t: derive_study_type({"title": t[:300], "abstract": t}),
    "text.clean": text.clean,
    "text.paragraphs": text.paragraphs,
    "text.markdown_text": text.markdown_text,
    "highlight": lambda t: highlight(t, TERMS),
    "snippet": lambda t: snippet(t, TERMS),
    "parse_feed": lambda t: parse_feed(_frontiers(t), kind="frontiers"),
    "parse_efetch": lambda t: parse_efetch(efetch(article("99400001", "Ketamine", abstract=escape(t)))),
    "feed authors": lambda t: parse_feed(frontiers_feed(frontiers_item(
        "10.5555/h.1", "Ketamine", authors=(t, f"{t} (Ada Example)", f"{t} x"))), kind="rss"),
}


@pytest.fixture(scope="module", autouse=True)
def _textstat_loaded():
    reading_grade({"summary": "Warm up: textstat reads its word list on first use."})


@pytest.mark.parametrize("shape", RUNS)
def test_every_reader_of_feed_and_editor_text_is_linear_on_long_runs(shape):
    """Smaller size first: a reader that is quadratic fails there, in seconds, not minutes."""
    for size, limit in SIZES.items():
        value = RUNS[shape](size)
        for name, read in READERS.items():
            started = time.monotonic()
            read(value)
            elapsed = time.monotonic() - started
            assert elapsed < limit, f"{name} on {len(value):,} characters of {shape}: {elapsed:.1f}s"


def test_sample_size_reads_counts_and_never_raises_on_long_numbers():
    assert sample_size("Twelve couples (24 participants) and n = 1,200 people.") == 1200
    assert sample_size("We enrolled 3,412 patients.") == 3412
    # int() raises ValueError past 4,300 digits; such a run is no count of people.
    assert sample_size("9" * 4_500 + " participants, of whom 12 patients finished.") == 12
    assert sample_size("n = " + "1" * 10_000) is None
    assert sample_size("1," * 5_000 + "2 couples") is None
    assert sample_size("1234567890 people") is None  # ten digits: no study counts them
    assert sample_size("123456789 people") == 123456789


# --- characters no output may carry -----------------------------------------------------------------

UNSAFE_CHARS = "\ufffe\uffff\ufdd0\U0001fffe\U0010ffff\u202e\u2066\u200f\x85\x9b\x7f"


def test_the_shared_strip_drops_exactly_the_unsafe_characters():
    assert strip_unsafe("a" + UNSAFE_CHARS + "\x00\x08\x0b\x1b\ud800b") == "ab"
    kept = "Tab\tline\nreturn\r é ß 中文 \U0001f600 \u00a0 \u2028 \ufffd \u200d \ufeff"
    assert strip_unsafe(kept) == kept


def test_every_parser_drops_noncharacters_controls_and_bidi_overrides():
    refs = "&#xFDD0;&#x1FFFE;&#x10FFFF;&#x202E;&#x2066;&#x85;&#x9B;&#x200F;"
    # A Frontiers title is CDATA read as HTML: the HTML path decoded &#xFFFE; to U+FFFE.
    feed = parse_feed(frontiers_feed(frontiers_item(
        "10.5555/h.2", f"<i>Ketamine</i> &#xFFFE;&#xFFFF; for {refs}couples",
        description=f"<p>Twelve {refs}couples</p><p>\u202eMethods: {refs}we</p>")), kind="frontiers")
    rss = parse_feed(("<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><link>https://e.org/</link>"
                      f"<description>d</description><item><title>Ketamine {refs} &amp;lt;i&amp;gt;x&amp;lt;/i&amp;gt;"
                      f" \u202e\ufdd0 for couples</title><link>https://e.org/1</link><description>{refs}"
                      "</description><author>Ada \u2066Example</author></item></channel></rss>").encode(), kind="rss")
    pubmed = parse_efetch(efetch(article("99400002", f"Ketamine {refs}\u202e\ufdd0 for couples",
                                         abstract=f"Twelve {refs}\U0001fffe couples", journal="J \u202e\ufdd0")))
    records = feed.records + rss.records + pubmed.records
    assert len(records) == 3
    for record in records:
        for value in (record.title, record.abstract, record.journal or "", *record.authors,
                      *(t for pair in record.abstract_sections for t in pair)):
            assert not UNSAFE.search(value), (value, UNSAFE.findall(value))
        assert "Ketamine" in record.title and "couples" in record.title


@pytest.fixture
def site(tmp_path):
    digestdata.build(tmp_path / "tracker.db", CFG)
    app = create_app(tmp_path / "tracker.db", CFG, secret_key="text-harness-secret-" + "z" * 32, testing=True)
    client = app.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": digestdata.EDITOR, "password": digestdata.PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    return client, tmp_path


def _ingest(server, tmp_path, *items: str) -> dict[str, int]:
    """The items served as a Frontiers feed and stored by the real Runner; their ids by DOI."""
    server.route("/hostile", Reply(200, frontiers_feed(*items), {"Content-Type": "application/rss+xml"}))
    config = config_with([{"name": "hostile", "type": "frontiers", "url": f"{server.url}/hostile", "retries": 0,
                           "timeout": 5.0, "requests_per_second": 1000}], base=CFG)
    db = open_db(tmp_path / "tracker.db")
    outcomes = Runner(config, db, sleep=lambda s: None).run()
    assert [o.ok for o in outcomes] == [True]
    ids = {r["doi"]: r["id"] for r in db.query("SELECT id, doi FROM papers WHERE doi LIKE '10.5555/h.%'")}
    db.conn.close()
    return ids


def _timed(what: str, call):
    started = time.monotonic()
    result = call()
    elapsed = time.monotonic() - started
    assert elapsed < TIME_LIMIT * 2, f"{what}: {elapsed:.1f}s"
    return result


def _cli(tmp_path, *args):
    config = digestdata.write_config(tmp_path)
    return CliRunner().invoke(cli, ["--config", str(config), "--db", str(tmp_path / "tracker.db"), *args],
                              env={"TRACKER_EDITOR": "sam"})


def test_hostile_abstracts_cost_no_command_or_page_its_time_and_crash_nothing(site, http_server):
    """Abstracts of runs and of a 4,500-digit count, through the pipeline, approved into the
    edition: `digest check`, the build, the paper page and the edition page stay fast and answer;
    then the same with a 400 kB abstract stored before abstracts were cut at ingest."""
    client, tmp = site
    runs = "1," * 30_000 + " patients. " + "Methods: " * 2_000 + "." * 20_000 + " " + "couples " * 2_000
    ids = _ingest(http_server, tmp,
                  frontiers_item("10.5555/h.runs", "Ketamine-assisted couple therapy: runs", description=runs),
                  frontiers_item("10.5555/h.digits", "Psilocybin for couples: a long count",
                                 description="We enrolled " + "9" * 4_500 + " participants in a pilot trial."))
    db = open_db(tmp / "tracker.db")
    for paper_id in ids.values():
        save_summary(db, paper_id, {"headline": "Couples " * 500, "summary": "1," * 30_000 + "\n" * 20_000 + "x",
                                    "caveats": "." * 60_000 + "x"}, digestdata.EDITOR)
        decide(db, Decision(paper_id, digestdata.EDITOR, "approve", edition=EDITION), default_edition=EDITION)

    for stage in ("as ingested", "stored before the cap"):
        if stage == "stored before the cap":
            db.execute("UPDATE papers SET abstract = ?, abstract_sections = '[]' WHERE id = ?",
                       ["1," * 200_000 + " participants", ids["10.5555/h.runs"]])
            db.conn.commit()
        report = _timed(f"digest check, {stage}", lambda: check_edition(db, CFG, EDITION))
        assert {p.paper["id"] for p in report.papers} >= set(ids.values())
        _timed(f"digest build, {stage}", lambda: build(db, CFG, EDITION, tmp / "site"))
        for paper_id in ids.values():
            response = _timed(f"paper page, {stage}", lambda: client.get(f"/papers/{paper_id}"))
            assert response.status_code == 200, stage
        response = _timed(f"edition page, {stage}", lambda: client.get(f"/editions/{EDITION}"))
        assert response.status_code == 200, stage
        result = _timed(f"tracker digest check, {stage}", lambda: _cli(tmp, "digest", "check", "--edition", EDITION))
        # 0 or 1 (flags found), never an error exit or an exception a user would see as a traceback
        assert result.exit_code in (0, 1) and not (result.exception and not isinstance(result.exception, SystemExit)), \
            (result.exit_code, repr(result.exception), result.output)


def test_an_unsafe_title_and_headline_reach_no_output_and_the_atom_feed_parses(site, http_server):
    """The issue's case: "&#xFFFE;" in a feed title (read as HTML, decoded to U+FFFE), and U+FFFE,
    U+FFFF and a bidi override typed into a headline. Text stored before the parsers dropped
    them is covered too: every output drops them again."""
    client, tmp = site
    ids = _ingest(http_server, tmp,
                  frontiers_item("10.5555/h.title", "<i>Ketamine</i> &#xFFFE;&#x202E; for couples"),
                  frontiers_item("10.5555/h.headline", "MDMA for couples"))
    db = open_db(tmp / "tracker.db")
    stored = db.execute("SELECT title FROM papers WHERE id = ?", [ids["10.5555/h.title"]]).fetchone()[0]
    assert stored == "Ketamine for couples"
    # As a database filled before the parsers dropped them holds it.
    db.execute("UPDATE papers SET title = ? WHERE id = ?", ["Ketamine \ufffe\u202e for couples", ids["10.5555/h.title"]])
    db.conn.commit()
    save_summary(db, ids["10.5555/h.headline"], {
        "headline": "Couples \ufffe\uffff\u202eevil\u202c and \ufdd0 MDMA", "dek": "A dek \U0001fffe here",
        "summary": "Twelve couples took part.\u2066", "key_takeaway": "Ask your care team.\x85"}, digestdata.EDITOR)
    for paper_id in ids.values():
        decide(db, Decision(paper_id, digestdata.EDITOR, "approve", edition=EDITION), default_edition=EDITION)

    build(db, CFG, EDITION, tmp / "site")
    files = [tmp / "site" / "feed.atom", tmp / "site" / "index.html", *(tmp / "site" / EDITION).iterdir()]
    for path in files:
        content = path.read_text(encoding="utf-8")
        assert not UNSAFE.search(content), (path.name, UNSAFE.findall(content))
    feed = etree.fromstring((tmp / "site" / "feed.atom").read_bytes())  # raises if it does not parse
    assert "Couples evil and MDMA" in etree.tostring(feed, encoding="unicode")
    assert "Couples evil and MDMA" in (tmp / "site" / EDITION / "digest.txt").read_text(encoding="utf-8")

    # The editors' pages: the queue, the paper pages, the edition page and its previews.
    pages = ["/?status=all", f"/editions/{EDITION}", f"/editions/{EDITION}/preview",
             f"/editions/{EDITION}/preview/text", *(f"/papers/{i}" for i in ids.values())]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not UNSAFE.search(response.text), (url, UNSAFE.findall(response.text))
    assert "Ketamine  for couples" in client.get(f"/papers/{ids['10.5555/h.title']}").text


# --- sizes ------------------------------------------------------------------------------------------

def test_titles_and_abstracts_longer_than_any_real_one_are_cut_at_ingest_with_a_marker():
    abstract = "Couples took part. " * 500_000  # 9.5 MB
    record = parse_feed(frontiers_feed(frontiers_item("10.5555/h.3", "Ketamine " * 1_000,
                                                      description=f"<p>{abstract}</p>")), kind="frontiers").records[0]
    assert len(record.abstract) <= MAX_ABSTRACT and len(record.title) <= MAX_TITLE
    assert record.abstract.startswith("Couples took part. Couples")
    assert record.abstract.endswith("[… abstract cut by the tracker: the source sent 9,499,999 characters]")
    assert record.title.endswith("[… title cut by the tracker: the source sent 8,999 characters]")
    pubmed = parse_efetch(efetch(article("99400003", "Ketamine", abstract=escape(abstract)))).records[0]
    assert len(pubmed.abstract) <= MAX_ABSTRACT and "abstract cut by the tracker" in pubmed.abstract
    # Structured abstracts: the sections that fit, the one that does not cut, the rest left out.
    sections = [("Background", "a " * 5_000), ("Methods", "b " * 20_000), ("Results", "c")]
    record = Record(title="T", abstract="\n\n".join(f"{k}: {v}" for k, v in sections), abstract_sections=sections)
    assert [label for label, _ in record.abstract_sections] == ["Background", "Methods"]
    assert sum(len(k) + len(v) for k, v in record.abstract_sections) <= MAX_ABSTRACT
    assert record.abstract_sections[1][1].endswith("characters]")
    # A record cut once (as a stored sighting is read back) is never cut again.
    again = Record(title=record.title, abstract=record.abstract, abstract_sections=record.abstract_sections)
    assert again == record
    # Real abstracts are untouched.
    assert Record(title="T", abstract="x " * 9_000).abstract == "x " * 9_000


# --- editions ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("edition", ["2026-W48\n", "2026-W48\r\n", "\n2026-W48", "2026-W4\n8", "٢٠٢٦-W48",
                                     "9999-W52", "0000-W01", "2025-W53", "2026-W00"])
def test_edition_names_are_whole_ascii_weeks_the_calendar_can_hold(edition):
    with pytest.raises(EditionError):
        Week.parse(edition)


def test_an_edition_past_the_calendar_or_with_a_trailing_newline_is_404_not_500(site):
    client, _ = site
    assert str(Week.parse("9999-W51")) == "9999-W51"  # ends on 26 December 9999
    for url in ("/editions/9999-W52", "/editions/9999-W52/preview", "/editions/9999-W52/preview/text",
                "/editions/2026-W47%0A", "/editions/2026-W47%0A/preview"):
        assert client.get(url).status_code == 404, url
    assert client.get("/editions/9999-W51").status_code == 200
    assert client.get("/editions/2026-W47").status_code == 200


def test_ids_of_thousands_of_digits_in_a_url_are_404_not_500(site):
    """werkzeug's <int:...> called int() on any run of digits: past 4,300 of them, ValueError."""
    client, _ = site
    for url in ("/papers/" + "1" * 5_000, "/papers/" + "9" * 19, "/papers/" + "1" * 5_000 + "/decide"):
        assert client.get(url).status_code == 404, url[:40]
    assert client.post("/papers/" + "1" * 5_000 + "/summary").status_code == 404
    assert client.get("/papers/1").status_code == 200
