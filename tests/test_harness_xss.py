"""Harness: hostile content. An XSS corpus (script tags, event handlers, `javascript:`, `data:`
and `vbscript:` links, SVG and MathML, broken markup, classic filter-evasion strings, CDATA
tricks) is put into every field of every source type the tracker reads: Frontiers RSS, a
PubMed-style RSS feed, an Atom feed and PubMed efetch XML. Each string goes in XML-escaped, in
CDATA, double-escaped and (where XML allows) as raw well-formed markup; every link, guid and
identifier field gets its own item with a hostile URL.

The real Runner fetches it all from the local HTTP server and stores it through the parsers,
merge and scoring. Editors then work on the papers (lay summaries, decisions, labels and check
overrides with the corpus as their text), two digest editions are built (the later one
carrying a retraction notice whose text is hostile too), and every output is parsed:

- every web UI page that shows papers (queue pages, searches, filters, every paper's page,
  the editions' pages, their previews, the error and conflict pages that echo input): no
  element the templates do not use, no inline script, scripts only from /static/, no event
  handler or style attribute, no link that is not http(s) or same-site, every form one of the
  app's own (its action an app route, its fields the templates' fields);
- every file a digest build writes (web page, e-mail, site index, Atom feed and the HTML in its
  entries, Markdown rendered by a careless renderer, plain text): no script, iframe, svg,
  object, embed, img, form, base or meta refresh; no on* attribute; no link that is not http(s).

And the hostile text is there, as text: a test that passed by dropping everything would fail.

A second part walks every route of the app (anonymous and logged in, plus 404, 405, 413 and a
400 for a missing CSRF token) and checks the security headers of every response.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit
from xml.sax.saxutils import escape, quoteattr

import digestdata
import lxml.html
import pytest
import webdata
from bs4 import BeautifulSoup, Comment, Doctype
from builders import config_with, esearch
from httpserver import LocalServer, Reply
from lxml import etree
from markdown_it import MarkdownIt
from webdata import SAMPLE_ARGS, Editor, csrf_token, every_route

from tracker.config import templates_dir
from tracker.digest import build
from tracker.digest.checks import OVERRIDABLE
from tracker.digest.edition import set_label, set_override
from tracker.pipeline import Runner
from tracker.editors import add_editor
from tracker.review import Decision, decide, save_summary
from tracker.summary import NAMES as SUMMARY_FIELDS
from tracker.store import open_db
from tracker.web import create_app

SECRET = "xss-harness-secret-" + "k" * 32
EDITOR = "alice"  # one of webdata.EDITORS, so webdata.Editor logs in with webdata.PASSWORD
EARLIER, EDITION = digestdata.EARLIER, digestdata.EDITION
TODAY, LATER = date(2026, 11, 20), date(2026, 11, 27)

# --- the corpus ---------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = "<svg onload=alert(1)>"
BREAKOUT = '"><script>alert(1)</script>'
ATTRIBUTE_BREAKOUT = '" onmouseover="alert(1)" x="'
CORPUS = [
    # Escaped markup: text that must show as written. First, because the digest drops an
    # unclosed tag-like run ("<![CDATA[ ... up to the next "<") whole, and that fails safe.
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    # script, in its many spellings
    SCRIPT,
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\n>alert(1)</script\n>",
    # event handlers
    IMG,
    "<BODY ONLOAD=alert('XSS')>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<b onmouseover=alert(1)>bold, never closed",
    # SVG and MathML
    SVG,
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="9">svg link</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # links with bad schemes, with the usual disguises
    '<a href="javascript:alert(1)">plain</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="java\tscript:alert(1)">tab inside</a>',
    '<a href="&#106;avascript:alert(1)">decimal entity</a>',
    '<a href="&#x6A;avascript:alert(1)">hex entity</a>',
    '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
    '<a href="vbscript:msgbox(1)">vbscript</a>',
    # elements that load or navigate
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "<embed src=javascript:alert(1)>",
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    # breaking out of attributes, elements and comments
    BREAKOUT,
    "'><img src=x onerror=alert(1)>",
    ATTRIBUTE_BREAKOUT,
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<!-- a comment never closed",
    # CDATA tricks and escaped markup
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script><![CDATA[",
    # Markdown and bare text a careless renderer would turn into links
    "[md link](javascript:alert(1)) ![md image](javascript:alert(1)) <javascript:alert(1)>",
    "javascript:alert(1)",
]
HOSTILE = " ".join(CORPUS)
# Well-formed XML, so it can sit raw inside an element of a feed or an efetch record.
RAW_MARKUP = (
    '<script>alert(1)</script><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    '<a href="javascript:alert(1)">raw link</a><img src="x" onerror="alert(1)"/>'
    '<iframe src="data:text/html,x"></iframe><b onmouseover="alert(1)">raw bold</b>'
)
# Hostile values for the fields that hold one URL or identifier.
URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " \t javascript:alert(1)//after spaces",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "\u200bjavascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/protocol-relative",
    'https://evil.example" onmouseover="alert(1)',
    'https://www.example.org/articles/x"><script>alert(1)</script>',
    "http://example.org/<svg onload=alert(1)>?utm_source=<script>&q=\"><img src=x onerror=alert(1)>",
]
SUMMARY_TEXT = f"{HOSTILE}\n\nA plain second paragraph. {HOSTILE}"
SUMMARY = {key: SUMMARY_TEXT for key in SUMMARY_FIELDS}
# What the outputs must still show, as text, so that a test cannot pass by dropping everything;
# and escaped markup in the corpus, shown exactly as written (not decoded into a tag, nor dropped).
VISIBLE = "alert(1)"
LITERAL = CORPUS[0]


def esc(text: str) -> str:
    return escape(text)


def cdata(text: str) -> str:
    # "]]>" cannot sit inside CDATA: close the section and open another around it.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


# Each variant: how a hostile string is written into an XML element's content.
VARIANTS = {
    "escaped": esc,
    "cdata": cdata,
    "double-escaped": lambda text: esc(esc(text)),
    "raw": lambda text: RAW_MARKUP + esc(text),
}

# --- the sources --------------------------------------------------------------------------------

NAMESPACES = ('xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
              'xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"')


def rss(items: list[str], title: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" {NAMESPACES}><channel>'
            f"<title>{title}</title><link>https://www.example.org/</link><description>{esc(HOSTILE)}</description>"
            f"{''.join(items)}</channel></rss>").encode()


def frontiers_items() -> list[str]:
    items = []
    for n, (variant, put) in enumerate(VARIANTS.items(), start=1):
        guid = f"https://www.frontiersin.org/articles/10.3389/fpsyt.2026.90{n:04d}"
        items.append(
            f'<item><guid isPermaLink="true">{esc(guid)}</guid><link>{esc(URLS[n % len(URLS)])}</link>'
            f"<title>{put(f'Psilocybin couple therapy, Frontiers {variant} ' + HOSTILE)}</title>"
            f"<pubdate>{put('2026-11-18T00:00:00Z ' + SCRIPT)}</pubdate>"
            f"<category>{put(HOSTILE)}</category><author>{put(HOSTILE)}</author><author>{put('Ada ' + IMG)}</author>"
            f"<description>{put('Introduction' + HOSTILE + ' Methods' + HOSTILE)}</description></item>")
    for n, url in enumerate(URLS):
        items.append(
            f'<item><guid isPermaLink="true">{esc(url)}</guid><link>{esc(url)}</link>'
            f"<dc:identifier>doi:10.3389/fpsyt.2026.91{n:04d}</dc:identifier>"
            f"<title>Ketamine couple therapy, Frontiers link case {n}: {esc(url)}</title>"
            f"<pubdate>2026-11-18T00:00:00Z</pubdate><category>Original Research</category>"
            f"<author>Ben Example</author><description>{cdata(url + ' ' + SCRIPT)}</description></item>")
    return items


def pubmed_rss_items() -> list[str]:
    """Items as PubMed's saved-search RSS writes them: the abstract in content:encoded."""
    items = []
    for n, (variant, put) in enumerate(VARIANTS.items(), start=1):
        pmid = f"9960{n:04d}"
        content = (f"<p>Journal {HOSTILE}. 2026 Nov 18. Online ahead of print.</p><p>ABSTRACT</p>"
                   f"<p>BACKGROUND: {HOSTILE}</p><p>{RAW_MARKUP}{HOSTILE}</p><p>Keywords: {HOSTILE}; couples</p>"
                   f"<p>PMID:{pmid} | DOI:10.5555/rss.{n}</p>")
        items.append(
            f"<item><title>{put(f'MDMA couple therapy, PubMed RSS {variant} ' + HOSTILE)}</title>"
            f"<link>{esc(URLS[n])}</link><description>{put(HOSTILE)}</description>"
            f"<content:encoded>{cdata(content) if variant != 'escaped' else esc(content)}</content:encoded>"
            f"<dc:creator>{put(HOSTILE)}</dc:creator><dc:creator>{put('Ben ' + SVG)}</dc:creator>"
            f"<category>{put(HOSTILE)}</category><pubDate>{put(HOSTILE)}</pubDate><dc:date>2026-11-18</dc:date>"
            f"<dc:source>{put(HOSTILE)}</dc:source>"
            f"<dc:identifier>pmid:{pmid}</dc:identifier>"
            f"<dc:identifier>{put(f'doi:10.5555/rss.{n}{BREAKOUT}')}</dc:identifier>"
            f'<guid isPermaLink="false">{put("pubmed:" + pmid + SCRIPT)}</guid></item>')
    for n, url in enumerate(URLS):
        items.append(
            f"<item><title>Esketamine family therapy, PubMed RSS link case {n}: {esc(url)}</title>"
            f"<link>{esc(url)}</link><description>{esc(url + ' ' + SCRIPT)}</description>"
            f"<dc:identifier>pmid:9961{n:04d}</dc:identifier><dc:date>2026-11-18</dc:date>"
            f"<guid>{esc(url)}</guid></item>")
    return items


def atom_feed() -> bytes:
    entries = []
    for n, (variant, put) in enumerate(VARIANTS.items(), start=1):
        xhtml = f'<div xmlns="http://www.w3.org/1999/xhtml">{RAW_MARKUP}{esc(HOSTILE)}</div>'
        content = (f'<content type="xhtml">{xhtml}</content>' if variant == "raw"
                   else f'<content type="html">{put(HOSTILE)}</content>')
        entries.append(
            f'<entry><title type="html">{put(f"Ayahuasca couple therapy, Atom {variant} " + HOSTILE)}</title>'
            f'<link rel="alternate" href={quoteattr(URLS[-n])}/><id>{put(URLS[n] + " " + SCRIPT)}</id>'
            f"<updated>2026-11-18T00:00:00Z</updated><published>{put(HOSTILE)}</published>"
            f"<author><name>{put(HOSTILE)}</name></author><category term={quoteattr(HOSTILE)}/>"
            f'<summary type="html">{put(HOSTILE)}</summary>{content}'
            f"<prism:doi>10.5555/atom.{n}</prism:doi></entry>")
    for n, url in enumerate(URLS):
        entries.append(
            f"<entry><title>Psilocybin dyadic therapy, Atom link case {n}: {esc(url)}</title>"
            f"<link href={quoteattr(url)}/><id>{esc(url)}</id><updated>2026-11-18T00:00:00Z</updated>"
            f"<summary>{esc(url + ' ' + SCRIPT)}</summary><prism:doi>10.5555/atom.link{n}</prism:doi></entry>")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
            f'xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"><title type="html">{esc(HOSTILE)}</title>'
            f"<id>urn:example:atom</id><updated>2026-11-18T00:00:00Z</updated>{''.join(entries)}</feed>").encode()


def efetch_article(pmid: str, put, *, title: str, doi: str, corrections: str = "",
                   types: tuple[str, ...] = ()) -> str:
    """One PubmedArticle with the corpus in every field the parser reads."""
    type_xml = "".join(f"<PublicationType>{esc(t)}</PublicationType>" for t in types)
    return f"""<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>
<Article PubModel="Print"><Journal><JournalIssue><PubDate><Year>2026</Year><Month>Nov</Month></PubDate></JournalIssue>
<Title>{put('Journal ' + HOSTILE)}</Title><ISOAbbreviation>{put(HOSTILE)}</ISOAbbreviation></Journal>
<ArticleTitle>{put(title)}</ArticleTitle>
<ELocationID EIdType="doi" ValidYN="Y">{put(doi)}</ELocationID><ELocationID EIdType="pii">{put(HOSTILE)}</ELocationID>
<Abstract><AbstractText Label={quoteattr(HOSTILE)} NlmCategory="BACKGROUND">{put(HOSTILE)}</AbstractText>
<AbstractText Label="RESULTS">{put(HOSTILE)}</AbstractText>
<CopyrightInformation>{put(HOSTILE)}</CopyrightInformation></Abstract>
<AuthorList><Author ValidYN="Y"><LastName>{put(HOSTILE)}</LastName><ForeName>{put(IMG)}</ForeName>
<Initials>{put(SCRIPT)}</Initials><AffiliationInfo><Affiliation>{put(HOSTILE)}</Affiliation></AffiliationInfo></Author>
<Author ValidYN="Y"><CollectiveName>{put('Group ' + HOSTILE)}</CollectiveName></Author></AuthorList>
<Language>{put(SCRIPT)}</Language><PublicationTypeList><PublicationType UI="D016428">{put(HOSTILE)}</PublicationType>
{type_xml}</PublicationTypeList></Article>
<MeshHeadingList><MeshHeading><DescriptorName UI="D000001">{put(HOSTILE)}</DescriptorName>
<QualifierName>{put(HOSTILE)}</QualifierName></MeshHeading></MeshHeadingList>
<CommentsCorrectionsList>{corrections}<CommentsCorrections RefType="ErratumIn"><RefSource>{put(HOSTILE)}</RefSource>
<PMID Version="1">99500090</PMID></CommentsCorrections>
<CommentsCorrections RefType="CommentIn"><RefSource>{put(HOSTILE)}</RefSource>
<PMID Version="1">99500091</PMID></CommentsCorrections>
</CommentsCorrectionsList>
<KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">{put(HOSTILE)}</Keyword>
<Keyword>{put(SVG)}</Keyword></KeywordList>
</MedlineCitation><PubmedData><ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId>
<ArticleId IdType="doi">{put(doi)}</ArticleId><ArticleId IdType="pmc">{put('PMC1' + SCRIPT)}</ArticleId>
<ArticleId IdType="pii">{put(HOSTILE)}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>"""


def efetch_first() -> bytes:
    articles = [efetch_article(f"9950{n:04d}", put, title=f"Psilocybin couple therapy, PubMed {variant} {HOSTILE}",
                               doi=f"10.5555/pm.{n}{BREAKOUT}")
                for n, (variant, put) in enumerate(VARIANTS.items(), start=1)]
    return ('<?xml version="1.0"?>\n<PubmedArticleSet>' + "".join(articles) + "</PubmedArticleSet>").encode()


NOTICE_PMID = "99500009"
EFETCH_IDS = [f"9950{n:04d}" for n in range(1, len(VARIANTS) + 1)]


def efetch_notice() -> bytes:
    """A week later: a retraction notice for the first PubMed paper, hostile through and through."""
    retraction = (f'<CommentsCorrections RefType="RetractionOf"><RefSource>{esc(HOSTILE)}</RefSource>'
                  f'<PMID Version="1">{EFETCH_IDS[0]}</PMID></CommentsCorrections>')
    article = efetch_article(NOTICE_PMID, esc, title=f"Retraction notice: {HOSTILE}", doi="10.5555/pm.notice",
                             corrections=retraction, types=("Retraction of Publication",))
    return ('<?xml version="1.0"?>\n<PubmedArticleSet>' + article + "</PubmedArticleSet>").encode()


SOURCES = {  # name -> (type, path on the local server)
    "frontiers-psychiatry": ("frontiers", "/journals/psychiatry/rss"),
    "pubmed-rss": ("rss", "/pubmed/rss/saved-search"),
    "atom-feed": ("rss", "/atom.xml"),
}


def make_config(server: LocalServer):
    sources = [{"name": name, "type": kind, "url": server.url + path, "requests_per_second": 1000,
                "retries": 1} for name, (kind, path) in SOURCES.items()]
    sources.append({"name": "pubmed", "type": "pubmed", "query": "psilocybin OR couple therapy",
                    "base_url": server.url + "/eutils/", "requests_per_second": 1000, "retries": 1})
    # No ELink here: PubMed's similar articles of the approved papers are tests/test_similar.py's.
    return config_with(sources, base=digestdata.config(), ranking={"similar_per_paper": 0})


def serve(server: LocalServer) -> None:
    bodies = {
        # Frontiers papers take their journal's name from the channel title, before the "|".
        "frontiers-psychiatry": rss(frontiers_items(), f"Frontiers in Psychiatry {esc(HOSTILE)} | New and Recent"),
        "pubmed-rss": rss(pubmed_rss_items(), f"pubmed: {esc(HOSTILE)}"),
        "atom-feed": atom_feed(),
    }
    for name, (_, path) in SOURCES.items():
        server.route(path, lambda seen, body=bodies[name]: Reply(304) if seen.headers.get("If-None-Match") == '"v1"'
                     else Reply(200, body, {"Content-Type": "application/xml", "ETag": '"v1"'}))
    server.route("/eutils/esearch.fcgi", Reply(200, esearch(EFETCH_IDS)), Reply(200, esearch([NOTICE_PMID])))
    server.route("/eutils/efetch.fcgi", Reply(200, efetch_first()), Reply(200, efetch_notice()))


# --- the fixture: ingest, review, build -----------------------------------------------------------

@dataclass
class Site:
    app: object
    db_path: Path
    out: Path
    ids: dict[str, list[int]]  # source name -> its papers' ids
    featured: list[int]
    web_paper: int  # a paper the web tests may change (in no edition)
    responses: list = field(default_factory=list)  # (where, response) of the hostile form posts


def paper_ids(db, source: str) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT paper_id FROM sightings WHERE source = ? ORDER BY paper_id", [source])]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    folder = tmp_path_factory.mktemp("xss-harness")
    db_path = folder / "tracker.db"
    db = open_db(db_path)
    add_editor(db, EDITOR, webdata.PASSWORD)
    with LocalServer() as server:
        serve(server)
        config = make_config(server)
        first = {o.source: o for o in Runner(config, db, today=TODAY, sleep=lambda s: None).run()}
        for name, outcome in first.items():  # no item lost to its hostile fields
            assert outcome.ok and outcome.skipped == 0 and outcome.counts["new"] == outcome.fetched, outcome.summary()
        ids = {name: paper_ids(db, name) for name in (*SOURCES, "pubmed")}

        # The earlier edition: one paper of each source, featured with a hostile lay summary,
        # and one listed without a summary.
        earlier = [ids[name][0] for name in ids]
        for pid in earlier:
            save_summary(db, pid, SUMMARY, EDITOR)
        earlier.append(ids["frontiers-psychiatry"][-1])
        for pid in earlier:
            decide(db, Decision(pid, EDITOR, "approve", edition=EARLIER), default_edition=EARLIER)
        out = folder / "site"
        build(db, config, EARLIER, out)

        # A week later the retraction notice arrives (the feeds answer 304).
        later = {o.source: o for o in Runner(config, db, today=LATER, sleep=lambda s: None).run()}
        assert all(o.ok for o in later.values()), [o.summary() for o in later.values()]
        assert all(later[name].not_modified for name in SOURCES)
        assert later["pubmed"].counts["new"] == 1
        assert db.execute("SELECT retracted FROM papers WHERE pmid = ?", [EFETCH_IDS[0]]).fetchone()[0]

    # The edition: every other paper, a few featured; editors' own text is hostile too.
    every = [pid for name in ids for pid in ids[name]]
    rest = [pid for pid in every if pid not in earlier]
    web_paper = rest.pop()
    featured = [ids[name][1] for name in ids]
    for pid in featured:
        save_summary(db, pid, SUMMARY, EDITOR)
        set_label(db, pid, "framework", EDITOR, HOSTILE)
        for check in OVERRIDABLE:
            set_override(db, pid, check, HOSTILE, EDITOR)
    for pid in rest:
        decide(db, Decision(pid, EDITOR, "hold", reason=HOSTILE, note=HOSTILE), default_edition=EDITION)
        decide(db, Decision(pid, EDITOR, "approve", edition=EDITION, note=HOSTILE), default_edition=EDITION)
    build(db, config, EDITION, out)
    db.conn.close()

    app = create_app(db_path, config, secret_key=SECRET, testing=True)
    result = Site(app, db_path, out, ids, featured, web_paper)
    hostile_form_posts(result)
    return result


def hostile_form_posts(site: Site) -> None:
    """The editors' forms, filled with the corpus: each answer is kept for the checks."""
    alice = Editor(site.app, EDITOR)
    pid = site.web_paper
    posts = [
        ("summary", f"/papers/{pid}/summary", {**SUMMARY, "base_version": 0}),
        ("stale summary", f"/papers/{pid}/summary", {**SUMMARY, "headline": "other", "base_version": 0}),
        ("reject", f"/papers/{pid}/decide", {"action": "reject", "expected": 0, "reason": HOSTILE, "note": HOSTILE}),
        ("stale decision", f"/papers/{pid}/decide", {"action": "hold", "expected": 0}),
        ("bad action", f"/papers/{pid}/decide", {"action": SCRIPT, "expected": 0}),
        ("bad expected", f"/papers/{pid}/decide", {"action": "hold", "expected": HOSTILE}),
        ("bad label", f"/papers/{pid}/label", {"study_type": HOSTILE}),
        ("override", f"/papers/{pid}/checks/{sorted(OVERRIDABLE)[0]}", {"reason": HOSTILE}),
        ("bad check", f"/papers/{pid}/checks/{quote(SCRIPT, safe='')}", {"reason": HOSTILE}),
    ]
    for where, url, data in posts:
        response = alice.post(url, data)
        site.responses.append((f"POST {where}", response))
        if response.status_code == 302:
            site.responses.append((f"after {where}", alice.get(response.headers["Location"])))
    expected = open_db(site.db_path).execute("SELECT last_decision FROM papers WHERE id = ?", [pid]).fetchone()[0]
    response = alice.post(f"/papers/{pid}/decide", {"action": "approve", "expected": expected, "edition": HOSTILE})
    site.responses.append(("POST approve for a hostile edition", response))


# --- what "inert" means ---------------------------------------------------------------------------

PARSERS = ("html.parser", "lxml")
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data-href", "poster", "background",
             "cite", "longdesc", "ping", "srcset", "data", "codebase", "manifest")
# Elements that run, load, navigate, take input or restyle: never in a digest output.
NEVER = {"script", "iframe", "frame", "frameset", "svg", "math", "object", "embed", "applet", "img", "image",
         "audio", "video", "source", "base", "textarea", "form", "input", "button", "select", "template",
         "portal", "link", "noscript", "style"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _squeezed(value: str) -> str:
    # Browsers drop ASCII whitespace and control characters inside a URL's scheme; zero-width
    # characters go too, to err on the strict side.
    return re.sub(r"[\x00-\x20\x7f\u200b-\u200f\ufeff]", "", value).lower()


@dataclass
class Element:
    name: str
    attrs: dict[str, str]  # multi-valued attributes (class, rel) joined by spaces
    text: str  # the element's own text content


def elements(markup: str):
    """(parser, element) for every element of the markup, as each of two HTML parsers reads it
    (they disagree on broken markup, which is where sanitizers get fooled); and the page as
    BeautifulSoup's html.parser reads it."""
    soup = BeautifulSoup(markup, "html.parser")
    found = [("html.parser", Element(tag.name, {k: " ".join(v) if isinstance(v, list) else v
                                                for k, v in tag.attrs.items()}, tag.get_text()))
             for tag in soup.find_all(True)]
    # lxml's HTML parser directly: what BeautifulSoup's "lxml" builder runs, without its cost.
    root = lxml.html.document_fromstring(markup) if markup.strip() else None
    for el in root.iter() if root is not None else ():
        if isinstance(el.tag, str):
            found.append(("lxml", Element(el.tag.lower(), dict(el.attrib), el.text_content())))
    return found, soup


def assert_visible(text: str, where: str) -> None:
    assert VISIBLE in text, f"{where}: the hostile text is gone (it should show, as text)"
    assert LITERAL in text, f"{where}: {LITERAL!r} does not show as written"


# The one link of another scheme a digest output makes: its footer's corrections address.
CORRECTIONS_MAILTO = "mailto:" + digestdata.config().corrections_contact


def check_element(el: Element, where: str, mailto: str | None = None) -> None:
    """No event handler; every URL-valued attribute http(s) or relative (or a link to `mailto`)."""
    for name, value in el.attrs.items():
        assert not name.lower().startswith("on"), f"{where}: {name}= on <{el.name}>"
        if mailto and el.name == "a" and name.lower() == "href" and value == mailto:
            continue
        if name.lower() in URL_ATTRS:
            scheme = SCHEME.match(_squeezed(value))
            assert scheme is None or scheme.group(1) in ("http", "https"), f"{where}: {name}={value!r} on <{el.name}>"


def assert_inert_digest(markup: str, where: str, styles: int = 0, visible: bool = True) -> BeautifulSoup:
    """A digest output: nothing active at all; its only <style> (`styles`) is the page's own."""
    found, page = elements(markup)
    for parser in PARSERS:
        w = f"{where} ({parser})"
        found_styles = 0
        for _, el in (f for f in found if f[0] == parser):
            if el.name == "style":
                found_styles += 1
            elif el.name == "meta":
                assert "http-equiv" not in el.attrs, f"{w}: <meta {el.attrs}>"
            elif el.name == "link":  # the page's canonical address and its Atom feed
                assert set(el.attrs.get("rel", "").split()) <= {"canonical", "alternate"}, f"{w}: <link {el.attrs}>"
            else:
                assert el.name not in NEVER, f"{w}: a <{el.name}> element"
            check_element(el, w, mailto=CORRECTIONS_MAILTO)
        assert found_styles == styles, f"{w}: a <style> that is not the page's own"
    # The digest drops tag-shaped text (digest/text.py): markup does not even show as words. So
    # a tag shape in the page's text is escaped text decoded once too often (a stray |safe).
    text = " ".join(page.find_all(string=lambda s: not isinstance(s, (Comment, Doctype)) and s.parent.name != "style"))
    shape = re.search(r"<[A-Za-z/!?]", text)
    assert shape is None, f"{where}: markup shows as text: {text[shape.start():shape.start() + 40]!r}"
    if visible:
        assert_visible(text, where)
    return page


def _template_vocabulary() -> tuple[set[str], set[str]]:
    """The element names and form field names the web UI's own templates use."""
    tags, names = {"html", "head", "body"}, set(SUMMARY_FIELDS)
    for folder in ("web", "newsletter"):
        for path in (templates_dir() / folder).glob("*.html"):
            source = path.read_text()
            tags.update(t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", source))
            names.update(re.findall(r'\bname="([a-z_]+)"', source))
    return tags, names


UI_TAGS, UI_FIELDS = _template_vocabulary()


def test_the_ui_templates_make_no_element_that_loads_or_runs_beyond_their_own_scripts_and_forms():
    # The allowlist of the UI checks is what the templates use: it must stay a safe one.
    assert UI_TAGS & NEVER == {"script", "link", "form", "input", "textarea", "select", "button"}


def assert_inert_ui(app, response, where: str, *, visible: bool = True) -> BeautifulSoup:
    """A page of the web UI: only elements its templates make, scripts only the app's own files,
    every form one of the app's (its action an app route, its fields the templates' fields)."""
    assert response.mimetype == "text/html", f"{where}: {response.mimetype}"
    page_url = "http://localhost" + response.request.path
    adapter = app.url_map.bind("localhost")

    def same_site(url: str | None) -> str:
        parts = urlsplit(urljoin(page_url, url or ""))
        assert parts.scheme == "http" and parts.netloc == "localhost", f"{where}: {url!r} leaves the site"
        return parts.path

    def served_file(url: str | None) -> bool:
        """A file the app itself serves from /static/."""
        path = same_site(url)
        return path.startswith("/static/") and (Path(app.static_folder) / path[len("/static/"):]).is_file()

    found, page = elements(response.text)
    for parser, el in found:
        w = f"{where} ({parser}) <{el.name} {el.attrs}>"
        assert el.name in UI_TAGS, f"{w}: an element no template makes"
        assert "style" not in el.attrs and "formaction" not in el.attrs, w
        check_element(el, w)
        if el.name == "script":
            assert el.attrs.get("src") and served_file(el.attrs["src"]), f"{w}: not one of the app's scripts"
            assert not el.text.strip(), f"{w}: inline script text"
        elif el.name == "link":
            assert served_file(el.attrs.get("href")), w
            assert set(el.attrs.get("rel", "").split()) <= {"icon", "stylesheet"}, w
        elif el.name == "meta":
            assert set(el.attrs) <= {"charset", "name", "content"}, w
        elif el.name == "form":
            path = same_site(el.attrs.get("action") or page_url)
            adapter.match(path, method=el.attrs.get("method", "get").upper())  # raises unless an app route
        elif el.name in ("input", "textarea", "select", "button"):
            assert el.attrs.get("name") in (None, *UI_FIELDS), f"{w}: a form field no template has"
    if visible:
        assert_visible(page.get_text(" "), where)
    return page


# --- the ingest stored the corpus ----------------------------------------------------------------

def test_every_item_of_every_source_became_a_paper_with_only_safe_links(site):
    db = open_db(site.db_path)
    for name in SOURCES:  # every item had an identifier: none may be lost to its hostile fields
        assert len(site.ids[name]) == len(VARIANTS) + len(URLS), name
    assert len(site.ids["pubmed"]) == len(VARIANTS)
    rows = list(db.query("SELECT title, url FROM papers"))
    assert len(rows) == sum(map(len, site.ids.values())) + 1  # and the retraction notice
    for row in rows:
        assert row["url"] is None or re.match(r"https?://[^/]", row["url"]), row
        assert not re.search(r"[\s<>\"]", row["url"] or ""), row  # what no URL may hold, encoded
    titles = " ".join(r["title"] for r in rows)
    assert_visible(titles, "the stored titles")
    assert "javascript:alert(1)" in titles


# --- the web UI ----------------------------------------------------------------------------------

def _pages(client, url: str, limit: int = 20):
    """A queue listing and every later page of it (following the pager's Next link)."""
    for _ in range(limit):
        response = client.get(url)
        yield url, response
        following = BeautifulSoup(response.text, "html.parser").find("a", id="next-page")
        if following is None:
            return
        url = following["href"]


def test_every_queue_page_and_listing_is_inert(site):
    alice = Editor(site.app, EDITOR)
    shown = set()
    for start in ("/", "/?status=all", "/?status=rejected"):  # "all": every paper, whatever its status
        for url, response in _pages(alice.client, start):
            assert response.status_code == 200, url
            page = assert_inert_ui(site.app, response, url, visible=url == "/?status=all")
            shown.update(int(li["id"][2:]) for li in page.select("li.paper"))
    assert {pid for ids in site.ids.values() for pid in ids} <= shown


def test_searches_and_filters_with_hostile_values_are_inert(site):
    alice = Editor(site.app, EDITOR)
    found = alice.get("/?status=all&q=alert")
    page = assert_inert_ui(site.app, found, "search for alert")
    assert len(page.select("li.paper")) > 10
    for value in (SCRIPT, IMG, BREAKOUT, ATTRIBUTE_BREAKOUT, URLS[0], URLS[13]):
        for key in ("q", "status", "topic", "source", "since", "until", "after", "before"):
            url = f"/?{key}={quote(value, safe='')}"
            response = alice.get(url)
            assert response.status_code == 200, url
            # The value comes back (in the search box or a notice) but never as markup.
            assert_inert_ui(site.app, response, url, visible=False)


def test_every_paper_page_is_inert(site):
    alice = Editor(site.app, EDITOR)
    every = sorted(r[0] for r in open_db(site.db_path).execute("SELECT id FROM papers"))
    for pid in every:
        response = alice.get(f"/papers/{pid}")
        assert response.status_code == 200
        page = assert_inert_ui(site.app, response, f"/papers/{pid}", visible=False)
        links = [a["href"] for a in page.find_all("a") if a.get("rel") == ["noopener", "noreferrer"]]
        assert all(h.startswith(("https://", "http://")) for h in links), links
    for pid in site.featured:  # feed text, summary, decisions, label and override reasons
        page = assert_inert_ui(site.app, alice.get(f"/papers/{pid}"), f"/papers/{pid}")
        summary = page.find("form", class_="summary-form")
        assert summary.find("textarea", id="f-summary").string == SUMMARY_TEXT
        assert summary.find("input", id="f-headline")["value"] == SUMMARY_TEXT


def test_the_editions_pages_and_previews_are_inert(site):
    alice = Editor(site.app, EDITOR)
    for edition in (EARLIER, EDITION):
        assert_inert_ui(site.app, alice.get(f"/editions/{edition}"), f"/editions/{edition}")
        for fmt in ("web", "email"):
            url = f"/editions/{edition}/preview/{fmt}" if fmt != "web" else f"/editions/{edition}/preview"
            response = alice.get(url)
            assert response.status_code == 200 and "sandbox" in response.headers["Content-Security-Policy"]
            assert_inert_digest(response.text, url, styles=1)
        for fmt in ("text", "markdown"):  # served as text, never sniffed into HTML
            response = alice.get(f"/editions/{edition}/preview/{fmt}")
            assert response.mimetype == "text/plain" and response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.data == (site.out / edition / ("digest.txt" if fmt == "text" else "digest.md")).read_bytes()
    current = alice.get("/editions/")
    assert current.status_code == 302
    assert_inert_ui(site.app, alice.get(current.headers["Location"]), "this week's edition", visible=False)


def test_pages_that_echo_input_are_inert(site):
    alice = Editor(site.app, EDITOR)
    anonymous = site.app.test_client()
    for value in (SCRIPT, BREAKOUT, URLS[0], URLS[12]):
        quoted = quote(value, safe="")
        for url in (f"/editions/{quoted}", f"/editions/{quoted}/preview", f"/papers/{quoted}",
                    f"/editions/{EDITION}/preview/{quoted}", f"/{quoted}"):
            response = alice.get(url)
            assert response.status_code == 404, url
            assert_inert_ui(site.app, response, url, visible=False)
        for url in (f"/login?next={quoted}", f"/login?next=/{quoted}"):
            assert_inert_ui(site.app, anonymous.get(url), url, visible=False)
        login = Editor(site.app).login(value, value, next="/" + value)
        assert login.status_code == 401
        assert_inert_ui(site.app, login, "a failed login", visible=False)
    assert_inert_ui(site.app, anonymous.get("/subscribe"), "/subscribe", visible=False)
    reader = site.app.test_client()
    token = csrf_token(reader.get("/login").text)
    for value in (BREAKOUT, '"><script>alert(1)</script>@example.org', URLS[0]):
        response = reader.post("/subscribe", data={"csrf_token": token, "email": value})
        assert response.status_code == 400
        assert_inert_ui(site.app, response, "subscribe with a hostile address", visible=False)
        assert "<script>alert(1)" not in response.text


def test_the_editors_forms_filled_with_the_corpus_give_inert_pages(site):
    statuses = {where: r.status_code for where, r in site.responses}
    assert statuses["POST summary"] == 302 and statuses["POST stale summary"] == 409
    assert statuses["POST reject"] == 302 and statuses["POST stale decision"] == 409
    for where, response in site.responses:
        if response.status_code == 302:
            continue
        assert_inert_ui(site.app, response, where, visible=False)
    page = assert_inert_ui(site.app, dict(site.responses)["POST stale summary"], "the summary conflict page")
    assert page.find("dl", class_="their-version") is not None
    assert_inert_ui(site.app, dict(site.responses)["POST stale decision"], "the decision conflict page")
    assert_inert_ui(site.app, dict(site.responses)["after summary"], "the paper after its summary")


# --- the digest ----------------------------------------------------------------------------------

def test_the_digest_web_page_email_and_site_index_are_inert(site):
    for edition in (EARLIER, EDITION):
        for name in ("index.html", "email.html"):
            page = assert_inert_digest((site.out / edition / name).read_text(), f"{edition}/{name}", styles=1)
            links = [a["href"] for a in page.find_all("a")]
            assert links and all(h.startswith(("https://", "http://", "mailto:", "#")) or not SCHEME.match(h)
                                 for h in links), links
    assert_inert_digest((site.out / "index.html").read_text(), "site index.html", styles=1)
    page = BeautifulSoup((site.out / EDITION / "index.html").read_text(), "html.parser")
    notices = page.find("section", class_="notices")
    assert notices is not None and "Retract" in notices.get_text()
    assert len(page.find_all("article")) == len(site.featured)


def test_the_atom_feed_is_inert(site):
    feed = etree.parse(str(site.out / "feed.atom"))  # well-formed XML whatever the papers held
    atom = "{http://www.w3.org/2005/Atom}"
    links = [link.get("href") for link in feed.iter(f"{atom}link")]
    assert links and all(SCHEME.match(h).group(1) in ("http", "https") for h in links), links
    entries = list(feed.iter(f"{atom}entry"))
    assert len(entries) == 2
    for entry in entries:
        for child in entry:
            if not isinstance(child.tag, str):
                continue
            assert not len(child) or child.tag == f"{atom}author", f"feed.atom: markup inside <{child.tag}>"
            if child.get("type") in ("html", "xhtml"):
                assert child.get("type") == "html"
                # The edition's content shows the papers; titles and summaries need not.
                assert_inert_digest(child.text, f"feed.atom {child.tag}", visible=child.tag == f"{atom}content")


LD_BLOCK = re.compile(r'<script type="application/ld\+json">\n(.*?)\n</script>', re.DOTALL)
# An article's "Send by e-mail": no address (the reader's mail program asks), percent-encoded text.
SHARE_MAILTO = re.compile(r"mailto:\?subject=[A-Za-z0-9%._~-]*&body=[A-Za-z0-9%._~-]*")


def test_every_article_page_is_inert_and_its_json_ld_cannot_end_early(site):
    pages = sorted(site.out.glob("articles/*/index.html"))
    assert len(pages) == 2 * len(site.featured)  # the earlier edition's featured papers and this one's
    for path in pages:
        where = str(path.relative_to(site.out))
        markup = path.read_text()
        # One script element, the JSON-LD, and it ends where it should: no '<', '>' or '&' inside.
        assert markup.lower().count("<script") == 1 and markup.lower().count("</script") == 1, where
        block = LD_BLOCK.search(markup)
        assert block and not re.search(r"[<>&]", block.group(1)), where
        data = json.loads(block.group(1))
        assert data["@type"] == "MedicalWebPage" and data["citation"]["@type"] == "ScholarlyArticle", where
        assert VISIBLE in data["headline"], where
        for link in (data.get("url"), data["citation"].get("sameAs"), data["citation"].get("url")):
            assert link is None or SCHEME.match(link).group(1) in ("http", "https"), f"{where}: {link}"
        # The rest of the page: the preview tags hold text in content= (URLs only for og:url and
        # og:image), the share by e-mail is the one mailto: besides the corrections address.
        for tag in BeautifulSoup(markup, "html.parser").find_all("meta"):
            assert set(tag.attrs) <= {"charset", "name", "property", "content"}, f"{where}: {tag.attrs}"
            if tag.get("property") in ("og:url", "og:image"):
                assert tag["content"].startswith("https://"), f"{where}: {tag}"
        rest = LD_BLOCK.sub("", markup)
        shares = re.findall(r'href="(mailto:\?[^"]*)"', rest)
        assert len(shares) <= 1 and all(SHARE_MAILTO.fullmatch(s.replace("&amp;", "&")) for s in shares), shares
        rest = re.sub(r'href="mailto:\?[^"]*"', 'href="#share"', rest)
        page = assert_inert_digest(rest, where, styles=1)
        assert len(page.find_all("h1")) == 1, where
        json.loads((path.parent / "article.json").read_text())
    retracted = [p for p in pages if "Retract" in (BeautifulSoup(p.read_text(), "html.parser").find(
        "section", class_="notices") or BeautifulSoup("", "html.parser")).get_text()]
    assert retracted, "no article page carries the retraction"


def test_the_sitemap_robots_and_articles_feed_are_well_formed(site):
    feed = etree.parse(str(site.out / "articles.atom"))
    atom = "{http://www.w3.org/2005/Atom}"
    entries = list(feed.iter(f"{atom}entry"))
    assert len(entries) == 2 * len(site.featured)
    for entry in entries:
        for child in entry:
            assert not len(child), f"articles.atom: markup inside <{child.tag}>"
            if child.tag != f"{atom}link":
                assert child.get("type") in (None, "text"), child.get("type")
    links = [link.get("href") for link in feed.iter(f"{atom}link")]
    assert all(SCHEME.match(h).group(1) in ("http", "https") for h in links), links
    sitemap = etree.parse(str(site.out / "sitemap.xml"))
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == 1 + 2 + len(entries)
    assert all(re.fullmatch(r"https://[A-Za-z0-9.:-]+/[A-Za-z0-9/-]*", u) for u in locs), locs
    robots = (site.out / "robots.txt").read_text()
    assert not re.search(r"[<>]", robots) and robots.endswith("sitemap.xml\n")


def test_the_markdown_renders_inert_in_a_renderer_that_allows_html_and_any_link(site):
    renderer = MarkdownIt("commonmark", {"html": True, "linkify": False})
    renderer.validateLink = lambda url: True  # a careless renderer: the Markdown must be safe alone
    for edition in (EARLIER, EDITION):
        page = assert_inert_digest(renderer.render((site.out / edition / "digest.md").read_text()),
                                   f"{edition}/digest.md")
        links = [a["href"] for a in page.find_all("a")]
        assert links and all(h.startswith(("https://", "http://", "mailto:")) for h in links), links


def test_the_plain_text_has_no_markup_and_only_http_links(site):
    for edition in (EARLIER, EDITION):
        text = (site.out / edition / "digest.txt").read_text()
        # "<" then a letter, "/", "!" or "?" opens a tag in HTML; "< a" (what is left of
        # "<<SCRIPT>" once the tag is gone) does not.
        tag = re.search(r"<[A-Za-z/!?]", text)
        assert tag is None, f"markup in the plain text: {text[tag.start():tag.start() + 40]!r}"
        assert_visible(text, f"{edition}/digest.txt")
        # Plain text has no links, only what a mail program may make into one: the lines the
        # template writes a URL on. Hostile text is prose here, however link-like.
        words = set(text.split())
        for line in text.splitlines():
            bare = re.sub(r"^(?:Notice|Read it on the web): ", "", line.strip())
            if re.fullmatch(r"\S+", bare) and "://" in bare:
                assert bare.startswith(("https://", "http://")), bare
        # The links are the web page's (checked above), every one of them.
        page = BeautifulSoup((site.out / edition / "index.html").read_text(), "html.parser")
        hrefs = {a["href"] for a in page.select("article a[href], section.also a[href], section.notices a[href]")}
        assert hrefs and hrefs <= words, hrefs - words
        json.loads((site.out / edition / "edition.json").read_text())


# --- security headers on every response ----------------------------------------------------------

def csp_directives(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), [w.lower() for w in words[1:]])
    return directives


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy")
    assert policy, f"{where}: no Content-Security-Policy"
    directives = csp_directives(policy)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None, f"{where}: the CSP does not restrict scripts: {policy}"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "*" not in scripts, \
        f"{where}: {policy}"
    assert headers.get("X-Content-Type-Options") == "nosniff", f"{where}: X-Content-Type-Options"
    assert headers.get("X-Frame-Options") == "DENY" or directives.get("frame-ancestors") == ["'none'"], \
        f"{where}: framing is allowed"
    assert headers.get("Referrer-Policy"), f"{where}: no Referrer-Policy"


@pytest.fixture
def small_app(tmp_path):
    ids = webdata.build(tmp_path / "tracker.db")
    db = open_db(tmp_path / "tracker.db")
    save_summary(db, ids["couples"], digestdata.SUMMARIES["couples"], EDITOR)
    decide(db, Decision(ids["couples"], EDITOR, "approve", edition=SAMPLE_ARGS["edition"]),
           default_edition=SAMPLE_ARGS["edition"])
    db.execute("INSERT INTO subscribers (email, status, token, source, created) VALUES "
               "('reader@example.org', 'active', ?, 'cli', '2026-11-16T07:00:00Z')", [SAMPLE_ARGS["token"]])
    db.conn.close()
    return create_app(tmp_path / "tracker.db", webdata.config(), secret_key=SECRET, testing=True), ids


def test_security_headers_on_every_response_of_every_route(small_app):
    app, ids = small_app
    routes = sorted(every_route(app, ids), key=lambda r: r[2] == "auth.logout")  # log out last
    seen = 0
    for who in ("anonymous", EDITOR):
        client = Editor(app, None if who == "anonymous" else who)
        for method, url, endpoint in routes:
            data = {"action": "hold", "expected": 0, "reason": "a reason", "edition": SAMPLE_ARGS["edition"],
                    "email": "not an address", "username": "nobody", "password": "wrong"}
            responses = [client.get(url)] if method == "GET" else [
                client.post(url, data),  # with the CSRF token
                client.client.post(url, data=data),  # without it: 400 (the one-click unsubscribe: none needed)
            ]
            for response in responses:
                assert_security_headers(response, f"{who} {method} {url} -> {response.status_code}")
                seen += 1
        for url in ("/no/such/page", "/papers/999999", "/static/no-such-file.css", f"/editions/{EDITION}/preview/pdf"):
            response = client.get(url)
            assert response.status_code in (302, 404), url
            assert_security_headers(response, f"{who} GET {url} -> {response.status_code}")
    editor = Editor(app, EDITOR)
    special = {
        "404": editor.get("/papers/999999"),
        "400 without a CSRF token": editor.client.post(f"/papers/{ids['couples']}/decide", data={"action": "hold"}),
        "400 without a CSRF token, JSON": editor.client.post(
            f"/papers/{ids['couples']}/decide", data={"action": "hold"}, headers={"Accept": "application/json"}),
        "405": editor.client.get("/logout"),
        "413": editor.post(f"/papers/{ids['couples']}/summary", {"summary": "x" * (2 * 1024 * 1024)}),
        "preview": editor.get(f"/editions/{SAMPLE_ARGS['edition']}/preview"),
        "static": editor.get("/static/keys.js"),
    }
    expected = {"404": 404, "400 without a CSRF token": 400, "400 without a CSRF token, JSON": 400, "405": 405,
                "413": 413, "preview": 200, "static": 200}
    for what, response in special.items():
        assert response.status_code == expected[what], (what, response.status_code)
        assert_security_headers(response, what)
    assert seen > 2 * len(routes)
