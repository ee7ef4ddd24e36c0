"""Hostile text from feeds and in summaries renders inert in every format of the digest.

The corpus goes into titles, abstracts, journal names, authors, DOIs, links and every lay
summary field, in a featured paper, an "also this week" paper and a corrected earlier paper.
Then each output is parsed: HTML (web page, e-mail, site index, the Atom entries' HTML), the
Markdown rendered to HTML by a permissive renderer, the plain text and the Atom XML.
"""

from __future__ import annotations

import json
import re

import digestdata
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from markdown_it import MarkdownIt

from tracker.digest import build
from tracker.merge import Merger
from tracker.records import Link, Record
from tracker.editors import add_editor
from tracker.review import Decision, decide, save_summary
from tracker.score import Scorer
from tracker.store import open_db, transaction

CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    "[click me](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<iframe src=//evil.example/>",
    "</textarea></title><b onmouseover=alert(1)>broken",
    "' onfocus='alert(1)' x='",
    "<style>body{display:none}</style>",
    "<!-- an unclosed comment",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "]]> <![CDATA[ <x>",
    "`code` *em* _em_ # not a heading | ~~strike~~",
    "\u202eevil\u202c zero\u200bwidth",
]
HOSTILE = " ".join(CORPUS)
KEEP = 'p < 0.05 & "quoted" \'single\''  # ordinary text that must survive as it is
CFG = digestdata.config()
EDITION, EARLIER = digestdata.EDITION, digestdata.EARLIER


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xss")
    db = open_db(folder / "tracker.db")
    add_editor(db, "sam", digestdata.PASSWORD)
    scorer = Scorer(CFG)

    def hostile_record(n: int, **extra) -> Record:
        return Record(title=f"{HOSTILE} Psilocybin couple therapy {n} {KEEP}", abstract=f"{HOSTILE} {KEEP}",
                      abstract_sections=[(HOSTILE, HOSTILE)], pmid=str(99400000 + n),
                      doi=f'10.5555/x{n}"><script>alert(1)</script>', journal=f"Journal {HOSTILE}",
                      authors=[HOSTILE], article_type=HOSTILE, keywords=[HOSTILE], source_key=f"k{n}",
                      published="2026-11", **extra)

    with transaction(db):
        merger = Merger(db, scorer, "pubmed", "pubmed", None)
        merger.now = "2026-11-03T07:00:00Z"
        merger.save(hostile_record(1))
    ids = [r[0] for r in db.execute("SELECT id FROM papers ORDER BY id")]
    save_summary(db, ids[0], {k: f"{HOSTILE} {KEEP}" for k in digestdata.SUMMARIES["couples"]}, "sam")
    decide(db, Decision(ids[0], "sam", "approve", edition=EARLIER), default_edition=EARLIER)
    build(db, CFG, EARLIER, folder / "site")
    with transaction(db):
        merger = Merger(db, scorer, "pubmed", "pubmed", None)
        merger.now = "2026-11-17T07:00:00Z"
        merger.save(Record(title=f"Retraction {HOSTILE}", pmid="99409999", source_key="notice",
                           links=[Link("retraction_of", pmid="99400001", text=HOSTILE)]))
        merger.save(hostile_record(2))
        merger.save(hostile_record(3))
    featured, listed = [r[0] for r in db.execute("SELECT id FROM papers WHERE pmid IN ('99400002', '99400003') ORDER BY pmid")]
    db.execute("UPDATE papers SET url = 'javascript:alert(1)', doi = NULL WHERE id = ?", [listed])
    save_summary(db, featured, {k: f"{HOSTILE} {KEEP}" for k in digestdata.SUMMARIES["couples"]}, "sam")
    for pid in (featured, listed):
        decide(db, Decision(pid, "sam", "approve", edition=EDITION), default_edition=EDITION)
    build(db, CFG, EDITION, folder / "site")
    return folder / "site"


def assert_inert_html(markup: str, where: str, styles: int = 0) -> BeautifulSoup:
    for parser in ("html.parser", "lxml"):
        page = BeautifulSoup(markup, parser)
        for bad in ("script", "iframe", "svg", "object", "embed", "img", "textarea", "form", "base", "meta[http-equiv]"):
            assert not page.select(bad), f"{where} ({parser}): <{bad}> element"
        assert len(page.find_all("style")) == styles, f"{where}: a <style> that is not ours"
        for tag in page.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), f"{where}: {name}= on <{tag.name}>"
                values = value if isinstance(value, list) else [value]
                for v in values:
                    assert "javascript:" not in v.lower().replace(" ", ""), f"{where}: javascript: in {name}"
            for attr in ("href", "src", "action", "formaction", "xlink:href"):
                if tag.get(attr) is not None:
                    url = tag[attr].strip()
                    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url)
                    # The other schemes: the footer's link to the corrections address, and an
                    # article's "Send by e-mail" (no address: the reader's mail program asks).
                    assert (scheme is None or scheme.group(1).lower() in ("http", "https")
                            or url == f"mailto:{CFG.corrections_contact}"
                            or re.fullmatch(r"mailto:\?subject=[A-Za-z0-9%._~-]*&body=[A-Za-z0-9%._~-]*", url)
                            ), f"{where}: {attr}={url!r}"
        # The hostile text is there, as text; ordinary text survives whole.
        text = page.get_text(" ")
        assert "alert(1)" in text and KEEP in text, where
    return page


def test_the_web_page_and_the_email_are_inert(site):
    for name in ("index.html", "email.html"):
        for edition in (EARLIER, EDITION):
            assert_inert_html((site / edition / name).read_text(), f"{edition}/{name}", styles=1)


def test_the_site_index_and_the_atom_feed_are_inert(site):
    assert_inert_html((site / "index.html").read_text(), "index.html", styles=1)
    feed = etree.parse(str(site / "feed.atom"))  # well-formed XML whatever the titles held
    atom = "{http://www.w3.org/2005/Atom}"
    for link in feed.iter(f"{atom}link"):
        assert not re.match(r"^(?!https?:)[a-zA-Z][a-zA-Z0-9+.-]*:", link.get("href")), link.get("href")
    for entry in feed.iter(f"{atom}entry"):
        assert entry.find(f"{atom}content").get("type") == "html"
        assert_inert_html(entry.find(f"{atom}content").text, "feed.atom content")


def test_the_markdown_renders_inert_even_in_a_renderer_that_allows_html_and_any_link(site):
    renderer = MarkdownIt("commonmark", {"html": True, "linkify": False})
    renderer.validateLink = lambda url: True  # a careless renderer: we must not rely on its check
    for edition in (EARLIER, EDITION):
        md = (site / edition / "digest.md").read_text()
        page = assert_inert_html(renderer.render(md), f"{edition}/digest.md")
        links = [a["href"] for a in page.find_all("a")]
        assert links and all(h.startswith("https://") for h in links), links
        assert len(page.find_all("h1")) == 1


def test_the_plain_text_has_no_markup_and_only_http_links(site):
    for edition in (EARLIER, EDITION):
        text = (site / edition / "digest.txt").read_text()
        assert not re.search(r"<\s*[A-Za-z/!?]", text), "markup in the plain text"
        assert "alert(1)" in text and KEEP in text
        assert "\u202e" not in text and "\u200b" not in text
        for line in text.splitlines():
            bare = line.strip()
            if re.fullmatch(r"\S+:\S+", bare) and "://" in bare:  # a line holding a URL alone
                assert bare.startswith(("https://", "http://")), bare
        for line in text.splitlines():
            assert len(line) <= 72 or " " not in line.strip(), line


def test_no_hostile_link_became_a_link_and_json_stays_json(site):
    page = BeautifulSoup((site / EDITION / "index.html").read_text(), "html.parser")
    also = page.find("section", class_="also")
    assert also.find("a") is None  # its only link was javascript:, so it has none
    featured = page.find("article")
    hrefs = [a["href"] for a in featured.find_all("a")]
    assert hrefs[0] == "https://doi.org/10.5555/x2%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    assert len(hrefs) == 2 and re.fullmatch(r"https://digest\.example\.org/articles/[a-z0-9-]+/", hrefs[1]), hrefs
    json.loads((site / EDITION / "edition.json").read_text())
    notices = page.find("section", class_="notices")
    assert notices is not None and "Retracted" in notices.get_text()


def article_pages(site) -> list:
    pages = sorted((site / "articles").glob("*/index.html"))
    assert len(pages) == 2, pages  # the earlier edition's paper (rebuilt with its notice) and this one's
    return pages


def json_ld_block(markup: str, where: str) -> dict:
    """The page's one JSON-LD block, parsed; the hostile text inside it could not end it."""
    assert markup.lower().count("<script") == 1 and markup.lower().count("</script") == 1, where
    block = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', markup, re.DOTALL)
    assert block, f"{where}: no JSON-LD block"
    assert not re.search(r"[<>&]", block.group(1)), f"{where}: <, > or & written raw in the JSON-LD"
    return json.loads(block.group(1))


def test_every_article_page_is_inert_and_its_json_ld_holds_the_text(site):
    for path in article_pages(site):
        markup = path.read_text()
        where = str(path.relative_to(site))
        data = json_ld_block(markup, where)
        assert "alert(1)" in data["headline"] and KEEP in data["headline"], where  # '<' and '&' as \\u escapes
        assert data["citation"]["identifier"]["value"].startswith("10.5555/x")
        assert data["citation"]["sameAs"].startswith("https://doi.org/10.5555/x")
        assert "alert(1)" in data["citation"]["isPartOf"]["name"]
        assert "\u202e" not in json.dumps(data, ensure_ascii=False)
        # The preview tags hold the text as attribute values (never URLs but og:url and og:image).
        for meta in BeautifulSoup(markup, "html.parser").find_all("meta"):
            assert set(meta.attrs) <= {"charset", "name", "property", "content"}, meta.attrs
            if meta.get("property") in ("og:url", "og:image") or meta.get("name") == "twitter:image":
                assert meta["content"].startswith("https://"), meta
        outside = re.sub(r'<script type="application/ld\+json">.*?</script>', "", markup, flags=re.DOTALL)
        page = assert_inert_html(re.sub(r"<meta [^>]*>", "", outside), where, styles=1)
        assert len(page.find_all("h1")) == 1
        json.loads((path.parent / "article.json").read_text())
    retracted = BeautifulSoup((site / "articles" / min(p.parent.name for p in article_pages(site))
                               / "index.html").read_text(), "html.parser")
    assert "Retracted" in retracted.find("section", class_="notices").get_text()


def test_the_sitemap_robots_and_articles_feed_are_well_formed_and_inert(site):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = etree.parse(str(site / "articles.atom"))
    entries = list(feed.iter(f"{atom}entry"))
    assert len(entries) == 2
    for entry in entries:
        assert "alert(1)" in entry.find(f"{atom}title").text and KEEP in entry.find(f"{atom}title").text
        assert all(len(child) == 0 for child in entry)
    for link in feed.iter(f"{atom}link"):
        assert link.get("href").startswith("https://digest.example.org/"), link.get("href")
    sitemap = etree.parse(str(site / "sitemap.xml"))
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == 1 + 2 + 2 and all(re.fullmatch(r"https://digest\.example\.org/[a-zA-Z0-9/-]*", u) for u in locs)
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n\nSitemap: https://digest.example.org/sitemap.xml\n"


def test_json_ld_escapes_what_could_end_its_script_element():
    from tracker.digest.articles import json_ld

    value = {"headline": "A </script><script>alert(1)</script> title <!-- & \u2028 done", "n": [1, "<b>"]}
    out = str(json_ld(value))
    assert not re.search(r"[<>&\u2028]", out), out
    assert json.loads(out) == value
    page = BeautifulSoup(f'<script type="application/ld+json">{out}</script><p>after</p>', "html.parser")
    assert json.loads(page.find("script").string) == value and page.find("p").get_text() == "after"
