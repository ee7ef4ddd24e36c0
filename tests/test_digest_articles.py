"""One page per featured paper: its stable address, its parts, its previews and structured data,
relative links without a public address, the sitemap, robots.txt and the articles' feed."""

from __future__ import annotations

import importlib
import json
import re
import time
from datetime import date
from pathlib import Path

import digestdata
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tracker import review
from tracker.digest import DigestError, build, unpublish
from tracker.digest.articles import slugify
from tracker.review import save_summary
from tracker.store import open_db

CFG = digestdata.config()
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://digest.example.org/"


@pytest.fixture
def db_path(digest_db_path):
    """conftest's fresh copy of the fixture database (the earlier edition built into tmp_path/site)."""
    return digest_db_path


@pytest.fixture
def ids(digest_db):
    return digest_db[1]


def built(db_path, edition=digestdata.EDITION, out=None, cfg=CFG) -> Path:
    out = out or db_path.parent / "site"
    build(open_db(db_path), cfg, edition, out)
    return out


def page_of(out: Path, paper_id: int) -> tuple[Path, BeautifulSoup]:
    [path] = [p for p in (out / "articles").glob(f"*-{paper_id}/index.html")]
    return path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def json_ld(page: BeautifulSoup) -> dict:
    [block] = page.find_all("script")
    assert block["type"] == "application/ld+json"
    return json.loads(block.string)


def meta(page: BeautifulSoup, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_slugs_are_ascii_words_of_the_headline_then_the_paper_id():
    assert slugify("Couples tried psilocybin-assisted therapy", 4) == "couples-tried-psilocybin-assisted-therapy-4"
    assert slugify("Thérapie de couple: l’ayahuasca?", 12) == "therapie-de-couple-l-ayahuasca-12"
    assert slugify("", 7) == "7" and slugify("¿¡!", 8) == "8"
    long = slugify("word " * 40, 9)
    assert len(long) <= 63 and long.endswith("-word-9")


def test_every_featured_paper_gets_a_page_with_every_part_in_order(db_path, ids):
    out = built(db_path)
    path, page = page_of(out, ids["couples"])
    assert path.parent.name == "couples-tried-psilocybin-assisted-therapy-together-in-a-4"
    for name in ("couples", "framework", "trial", "retracted", "corrected"):
        page_of(out, ids[name])
    assert not list((out / "articles").glob(f"*-{ids['survey']}")), "a paper without a summary has no page"
    assert [h.get_text() for h in page.find_all("h1")] == [digestdata.SUMMARIES["couples"]["headline"]]
    text = page.find("body").get_text(" ", strip=True)
    parts = [CFG.digest.site_name, "2 min read", "16 November 2026", digestdata.SUMMARIES["couples"]["headline"],
             "Twelve couples took part", "What kind of study: Trial without random groups",
             "Researchers offered couple therapy", "Key takeaway for patients",
             "What this means for patients and families", "Caveats to keep in mind",
             "Read the original article in Frontiers in Psychiatry", "Share this article",
             "It is not medical advice", "Spotted a mistake?"]
    positions = [text.find(p) for p in parts]
    assert -1 not in positions, [p for p, at in zip(parts, positions) if at == -1]
    assert positions == sorted(positions)
    hrefs = [a["href"] for a in page.find_all("a")]
    assert "https://doi.org/10.5555/dg.couples" in hrefs
    assert "mailto:corrections@digest.example.org" in hrefs
    shares = [a.get_text() for a in page.select("section.share a")]
    assert shares == ["Share on Facebook", "Share on LinkedIn", "Share on X", "Share on Bluesky", "Send by e-mail"]
    assert "@media print" in page.find("style").string
    # The edition page, the e-mail, its text and the Markdown link the article.
    url = f"{BASE}articles/{path.parent.name}/"
    edition = out / digestdata.EDITION
    for name in ("index.html", "email.html", "digest.txt", "digest.md"):
        assert url in (edition / name).read_text(), name


def test_previews_and_structured_data(db_path, ids):
    cfg = digestdata.config(logo_url="https://digest.example.org/logo.png", show_reviewer=True)
    out = built(db_path, cfg=cfg)
    path, page = page_of(out, ids["couples"])
    url = f"{BASE}articles/{path.parent.name}/"
    summary = digestdata.SUMMARIES["couples"]
    assert page.find("link", rel="canonical")["href"] == url
    assert meta(page, "og:title") == summary["headline"] and meta(page, "og:description") == summary["dek"]
    assert meta(page, "og:url") == url and meta(page, "og:type") == "article"
    assert meta(page, "og:site_name") == CFG.digest.site_name
    assert meta(page, "og:image") == "https://digest.example.org/logo.png"
    assert meta(page, "article:published_time") == "2026-11-16T00:00:00Z"
    assert meta(page, "twitter:card") == "summary" and meta(page, "twitter:title") == summary["headline"]
    data = json_ld(page)
    assert data["@type"] == "MedicalWebPage" and data["headline"] == summary["headline"]
    assert data["description"] == summary["dek"]
    assert data["datePublished"] == "2026-11-16T00:00:00Z" and data["dateModified"] == "2026-11-18T10:15:00Z"
    assert data["publisher"]["name"] == CFG.digest.site_name
    assert data["publisher"]["logo"]["url"] == "https://digest.example.org/logo.png"
    assert data["lastReviewed"] == "2026-11-18"
    assert data["reviewedBy"] == {"@type": "Person", "name": digestdata.EDITOR}
    citation = data["citation"]
    assert citation["@type"] == "ScholarlyArticle"
    assert citation["name"].startswith("Psilocybin-assisted couple therapy")
    assert citation["identifier"]["value"] == "10.5555/dg.couples"
    assert citation["sameAs"] == "https://doi.org/10.5555/dg.couples"
    assert citation["isPartOf"]["name"] == "Frontiers in Psychiatry"
    assert [a["name"] for a in citation["author"]] == ["Ada Example", "Ben Invented"]
    assert citation["datePublished"] == "2026-11-13"
    # Without show_reviewer (the default) no editor is named; without a logo, no image.
    _, plain = page_of(built(db_path, out=db_path.parent / "plain"), ids["couples"])
    assert "reviewedBy" not in json_ld(plain) and "lastReviewed" in json_ld(plain)
    assert meta(plain, "og:image") is None and "\"sam\"" not in plain.find("script").string


def test_the_address_stays_when_the_headline_is_edited(db_path, ids):
    out = built(db_path)
    before, _ = page_of(out, ids["framework"])
    save_summary(open_db(db_path), ids["framework"],
                 {**digestdata.SUMMARIES["framework"], "headline": "A new headline for the ketamine plan"}, "sam")
    built(db_path)
    after, page = page_of(out, ids["framework"])
    assert after == before
    assert page.find("h1").get_text() == "A new headline for the ketamine plan"
    assert f"articles/{before.parent.name}/" in (out / digestdata.EDITION / "index.html").read_text()
    rows = list(open_db(db_path).query("SELECT slug, edition FROM article_slugs WHERE paper_id = ?", [ids["framework"]]))
    assert rows == [{"slug": before.parent.name, "edition": digestdata.EDITION}]


def test_a_notice_reaches_the_top_of_the_earlier_papers_page_on_the_next_build(db_path, ids):
    site = db_path.parent / "site"
    _, page = page_of(site, ids["retracted"])
    assert page.find("section", class_="notices") is None  # built before the retraction
    built(db_path)
    _, page = page_of(site, ids["retracted"])
    notices = page.find("section", class_="notices")
    assert notices is not None and "Retracted" in notices.get_text()
    assert page.find("main").find(True) is notices  # first in the page's main part
    assert json_ld(page)["dateModified"] == "2026-11-17T07:00:00Z"  # when the retraction arrived
    _, page = page_of(site, ids["corrected"])
    assert "Corrected" in page.find("section", class_="notices").get_text()


def test_without_a_public_address_links_are_relative_and_there_is_no_sitemap(db_path, ids, tmp_path):
    cfg = digestdata.config(public_base_url=None)
    out = tmp_path / "local"
    built(db_path, edition=digestdata.EARLIER, out=out, cfg=cfg)
    built(db_path, out=out, cfg=cfg)
    path, page = page_of(out, ids["couples"])
    assert page.find("link", rel="canonical") is None and meta(page, "og:url") is None
    assert page.find("section", class_="share") is None
    hrefs = [a["href"] for a in page.find_all("a")]
    assert f"../../{digestdata.EDITION}/" in hrefs and "../../" in hrefs
    edition = out / digestdata.EDITION
    link = BeautifulSoup((edition / "index.html").read_text(), "html.parser").select_one("p.web a")["href"]
    assert link == f"../articles/{path.parent.name}/"
    assert (edition / link / "index.html").resolve() == path.resolve()
    for name in ("email.html", "digest.txt", "digest.md"):
        assert "articles/" not in (edition / name).read_text(), name
    assert not (out / "sitemap.xml").exists() and not (out / "robots.txt").exists()
    feed = etree.parse(str(out / "articles.atom"))
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href").startswith("articles/")
    assert feed.find(f"{ATOM}id").text == "tag:digest.example.org,2026:digest/articles"


def test_the_sitemap_lists_every_edition_and_article_and_robots_points_at_it(db_path):
    out = built(db_path)
    tree = etree.parse(str(out / "sitemap.xml"))
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in tree.iter(f"{SITEMAP}url")}
    articles = {f"{BASE}articles/{p.name}/" for p in (out / "articles").iterdir()}
    assert set(urls) == {BASE, f"{BASE}{digestdata.EARLIER}/", f"{BASE}{digestdata.EDITION}/"} | articles
    assert len(articles) == 5 and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", v) for v in urls.values())
    assert (out / "robots.txt").read_text().splitlines()[-1] == f"Sitemap: {BASE}sitemap.xml"
    feed = etree.parse(str(out / "articles.atom"))
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert published == sorted(published, reverse=True)  # newest first
    assert {e.find(f"{ATOM}link").get("href") for e in entries} == articles
    assert (out / "feed.atom").exists() and len(etree.parse(str(out / "feed.atom")).findall(f"{ATOM}entry")) == 2


def test_an_edition_built_before_its_monday_has_no_lastmod_in_the_future(db_path, ids):
    """Building next week's edition early (a paper moved to it, or a Monday cron east of UTC) put
    its Monday, still ahead, as the lastmod of its page and its articles: a sitemap must not say
    a page changed later than the build that wrote it. Those pages have no lastmod until a build
    after the Monday, and a later build of another edition leaves the sitemap's word on them as
    it was (a lastmod that moves with every build is one crawlers learn to ignore)."""
    from datetime import datetime, timedelta, timezone

    from tracker.editions import Week

    ahead = str(Week.of(datetime.now(timezone.utc).date() + timedelta(days=14)))
    review.move_edition(open_db(db_path), ids["framework"], ahead, "sam")
    out = built(db_path, edition=ahead)

    def lastmods() -> dict:
        tree = etree.parse(str(out / "sitemap.xml"))
        return {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in tree.iter(f"{SITEMAP}url")}
    urls = lastmods()
    path, _ = page_of(out, ids["framework"])
    for loc in (BASE, f"{BASE}{ahead}/", f"{BASE}articles/{path.parent.name}/"):
        assert loc in urls and urls[loc] is None, loc
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    assert urls[f"{BASE}{digestdata.EARLIER}/"] < now  # editions of past weeks keep their own
    time.sleep(1.1)  # a second later, to the build's clock
    built(db_path, edition=digestdata.EARLIER)
    assert lastmods() == urls


def test_a_page_of_a_paper_the_edition_no_longer_features_is_taken_down_and_back_when_it_moves(db_path, ids):
    """A paper moved out of its edition kept its page, in the sitemap and articles.atom, for ever.
    Rebuilding the edition takes the page down; building the paper's new edition puts it back at
    the same address."""
    out = built(db_path)
    path, _ = page_of(out, ids["framework"])
    slug = path.parent.name
    review.move_edition(open_db(db_path), ids["framework"], "2026-W48", "sam")
    result = build(open_db(db_path), CFG, digestdata.EDITION, out)
    assert result.withdrawn == [slug] and not path.parent.exists()
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert slug not in sitemap and slug not in (out / "articles.atom").read_text(encoding="utf-8")
    page_of(out, ids["couples"])  # the others stay
    assert len(list((out / "articles").iterdir())) == 4

    build(open_db(db_path), CFG, "2026-W48", out)
    assert path.exists() and f"articles/{slug}/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert json.loads((path.parent / "article.json").read_text(encoding="utf-8"))["edition"] == "2026-W48"
    assert build(open_db(db_path), CFG, digestdata.EDITION, out).withdrawn == []  # not this edition's now


def test_unpublish_stopped_halfway_can_be_run_again(db_path, monkeypatch):
    """The edition's folder, the only sign build and unpublish go by, went first: a failure after
    it left the article pages up and the listings stale, and a second run refused."""
    import sqlite3

    build_module = importlib.import_module("tracker.digest.build")
    out = built(db_path)
    folder = out / digestdata.EDITION

    def locked(db):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(build_module, "transaction", locked)
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):  # the command line's one error path words it
        unpublish(open_db(db_path), CFG, digestdata.EDITION, out)
    assert (folder / "edition.json").is_file()  # the database first: no file touched
    monkeypatch.undo()

    def half_removed(path):  # rmtree stopped by a file it could not delete, edition.json already gone
        (path / "edition.json").unlink(missing_ok=True)
        raise PermissionError("read-only file system")

    for broken, fails in (("refresh_site", lambda *args, **kwargs: half_removed(folder)),
                          ("remove_folder", half_removed)):
        monkeypatch.setattr(build_module, broken, fails)
        with pytest.raises(DigestError, match="run it again once mended"):
            unpublish(open_db(db_path), CFG, digestdata.EDITION, out)
        assert (folder / "index.html").is_file(), broken  # the folder goes last
        monkeypatch.undo()
    result = unpublish(open_db(db_path), CFG, digestdata.EDITION, out)  # finishes the job
    assert not (out / digestdata.EDITION).exists()
    assert {json.loads(p.read_text(encoding="utf-8"))["edition"]
            for p in (out / "articles").glob("*/article.json")} == {digestdata.EARLIER}
    for name in ("index.html", "feed.atom"):
        assert digestdata.EDITION not in (out / name).read_text(encoding="utf-8")
    assert result.editions_listed == 1


def test_a_page_folder_that_is_a_symbolic_link_is_unlinked_when_taken_down(db_path, ids, tmp_path):
    """A page folder linked in by hand made the take-down fail with "cannot write the edition"."""
    out = built(db_path)
    path, _ = page_of(out, ids["framework"])
    kept = tmp_path / "kept-copy"
    path.parent.rename(kept)
    path.parent.symlink_to(kept, target_is_directory=True)
    review.move_edition(open_db(db_path), ids["framework"], "2026-W48", "sam")
    result = build(open_db(db_path), CFG, digestdata.EDITION, out)
    assert result.withdrawn == [path.parent.name]
    assert not path.parent.is_symlink() and not path.parent.exists()
    assert (kept / "index.html").is_file()  # the link's target is not ours to delete


def test_a_rebuild_with_every_address_recorded_does_not_wait_for_a_running_ingest(db_path):
    """Every build took the database's write lock to record addresses it already had, so a
    rebuild during an ingest waited for the ingest, or failed with "database is locked"."""
    import sqlite3

    out = built(db_path)
    before = (out / digestdata.EDITION / "index.html").read_bytes()
    ingest = sqlite3.connect(db_path, isolation_level=None)
    ingest.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        db = open_db(db_path)
        db.execute("PRAGMA busy_timeout = 50")
        build(db, CFG, digestdata.EDITION, out)
    finally:
        ingest.execute("ROLLBACK")
    assert (out / digestdata.EDITION / "index.html").read_bytes() == before


def test_the_preview_in_the_editors_ui_links_the_same_addresses_as_the_build(db_path):
    from tracker.digest.edition import load_edition
    from tracker.digest.render import render_edition

    before = render_edition(load_edition(open_db(db_path), CFG, digestdata.EDITION), CFG)  # nothing recorded yet
    out = built(db_path)
    assert before["index.html"] == (out / digestdata.EDITION / "index.html").read_bytes()


def test_a_featured_preprint_s_page_says_now_published_on_the_next_build(http_server, db, tmp_path):
    """The preprint flow of tests/test_preprints.py, with a lay summary: its page gains the notice."""
    from test_preprints import (
        JOURNAL_DOI,
        KETAMINE,
        PILOT,
        fixture,
        make_config,
        medrxiv,
        paper_with,
        pubmed,
        run,
        serve_journal_version,
        serve_window,
    )

    serve_window(http_server)
    config = make_config(http_server, medrxiv(http_server), pubmed(http_server))
    run(config, db, only=["medrxiv"])
    pilot = paper_with(db, "preprint_doi", PILOT)
    review.save_summary(db, pilot["id"], digestdata.SUMMARIES["couples"], "sam")
    review.decide(db, review.Decision(pilot["id"], "sam", "approve", edition="2026-W47"), default_edition="2026-W47")
    out = tmp_path / "site"
    build(db, config, "2026-W47", out)
    path, page = page_of(out, pilot["id"])
    assert page.find("section", class_="notices") is None
    assert "What kind of study: Preprint" in page.get_text()

    serve_journal_version(http_server)
    serve_window(http_server, "2026-11-17/2026-11-27", pubs=fixture("medrxiv-pubs.json"))
    run(config, db, today=date(2026, 11, 27))
    other = paper_with(db, "preprint_doi", KETAMINE)
    review.decide(db, review.Decision(other["id"], "sam", "approve", edition="2026-W48"), default_edition="2026-W48")
    build(db, config, "2026-W48", out)
    again, page = page_of(out, pilot["id"])
    assert again == path
    notice = page.find("section", class_="notices").get_text(" ", strip=True)
    assert "Now published in Example journal after peer review" in notice
    assert "The published results differ from the preprint's" in notice
    assert f"https://doi.org/{JOURNAL_DOI}" in [a["href"] for a in page.select("section.notices a")]
