"""Building the digest: what each format holds, empty editions, deterministic and atomic writes,
user templates, correction notices published once, the site index and the Atom feed."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import digestdata
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tracker import review
from tracker.digest import EmptyEditionError, UNSUBSCRIBE_PREFIX, build, set_label, write_atomic
from tracker.digest.render import environment, week_ends, week_span
from tracker.store import open_db

CFG = digestdata.config()
FORMATS = ("index.html", "email.html", "digest.txt", "digest.md", "edition.json")
ATOM = "{http://www.w3.org/2005/Atom}"


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


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# -- contents -----------------------------------------------------------------------------------

def test_the_web_page_has_every_part_of_a_featured_paper_in_order(db_path):
    page = soup(built(db_path) / digestdata.EDITION / "index.html")
    assert page.html["lang"] == "en" and len(page.find_all("h1")) == 1
    assert page.h1.get_text() == CFG.digest.title
    assert "Monday 16 to Sunday 22 November 2026" in page.find(class_="dates").get_text()
    assert page.find("style") is not None and not page.find_all("link", rel="stylesheet")
    article = page.find("article", id=re.compile("^paper-"))
    parts = [el.get_text(" ", strip=True) for el in article.find_all(["h2", "h3", "p"])]
    text = "\n".join(parts)
    order = [digestdata.SUMMARIES["couples"]["headline"], "Twelve couples took part", "min read",
             "What kind of study: Trial without random groups", "no group was chosen by chance",
             "Researchers offered couple therapy", "Key takeaway for patients",
             "What this means for patients and families", "Caveats to keep in mind",
             "Read the original article in Frontiers in Psychiatry"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    link = article.find("a", string=re.compile("Read the original article"))
    assert link["href"] == "https://doi.org/10.5555/dg.couples"
    also = page.find("section", class_="also")
    survey, animal = also.find_all("li")
    assert survey.a.get_text() == "Ayahuasca ceremony attendance and relationship satisfaction in couples: a cross-sectional survey"
    assert survey.a["href"] == "https://doi.org/10.5555/dg.ayahuasca"
    assert animal.a is None and animal.get_text().startswith("Psilocybin and social behaviour in pair-housed rats")
    assert "Observational study" in also.get_text() and "Animal or lab study" in also.get_text()
    footer = page.find("footer").get_text(" ", strip=True)
    assert "not medical advice" in footer and "talk to your doctor" in footer
    assert CFG.digest.corrections_contact in footer
    share = [a["href"] for a in page.find("section", class_="share").find_all("a")]
    assert share and all(h.startswith("https://") and "digest.example.org%2F2026-W47%2F" in h for h in share)


def test_the_email_is_a_600px_table_with_inlined_css_and_the_unsubscribe_placeholder(db_path):
    path = built(db_path) / digestdata.EDITION / "email.html"
    page = soup(path)
    container = page.find("table", class_="container")
    assert container["width"] == "600" and "max-width: 600px" in container["style"]
    assert all(t.get("role") == "presentation" for t in page.find_all("table"))
    # The rules are on the elements; only the media query stays in a <style>.
    assert "font-size: 28px" in page.h1["style"]
    styles = page.find_all("style")
    assert len(styles) == 1 and styles[0].get_text().strip().startswith("@media")
    unsubscribe = page.find("a", string="Unsubscribe from this digest")
    marker = json.loads((path.parent / "edition.json").read_text())["unsubscribe_marker"]
    assert unsubscribe["href"] == marker and marker.startswith(UNSUBSCRIBE_PREFIX)
    assert path.read_text().count(marker) == 1
    assert page.find("a", string="Read this edition on the web")["href"] == "https://digest.example.org/2026-W47/"
    # Readable with images off: there are none unless a logo is configured, and then it has alt text.
    assert page.find_all("img") == []
    logo = built(db_path, cfg=digestdata.config(logo_url="https://digest.example.org/logo.png"), out=db_path.parent / "logo")
    img = soup(logo / digestdata.EDITION / "email.html").find("img")
    assert img["alt"] == CFG.digest.site_name


def test_the_text_edition_wraps_at_72_columns_and_ends_with_the_unsubscribe_placeholder(db_path):
    text = (built(db_path) / digestdata.EDITION / "digest.txt").read_text()
    long_lines = [line for line in text.splitlines() if len(line) > 72]
    assert all(" " not in line.strip() for line in long_lines), long_lines  # only unbreakable URLs
    assert "KEY TAKEAWAY FOR PATIENTS" in text and "WHAT THIS MEANS FOR PATIENTS AND FAMILIES" in text
    assert "What kind of study: Randomized trial." in text
    assert "&amp;" not in text and "&#" not in text  # escaped while rendering, decoded at the end
    marker = json.loads((built(db_path) / digestdata.EDITION / "edition.json").read_text())["unsubscribe_marker"]
    assert text.rstrip().endswith(marker)
    assert "https://doi.org/10.5555/dg.mdma" in text


def test_the_markdown_edition_links_the_originals(db_path):
    md = (built(db_path) / digestdata.EDITION / "digest.md").read_text()
    # The one level-1 heading is the digest's name; the subtitle follows it.
    assert md.startswith(f"# {CFG.digest.site_name}\n\n**{CFG.digest.title}** · Week 47 of 2026")
    assert md.count("\n# ") == 0
    assert "[Read the original article in Frontiers in Psychology](https://doi.org/10.5555/dg.kact)" in md
    assert "> **Key takeaway for patients**" in md
    assert "## Also this week" in md


def test_week_spans_across_months_and_years():
    from datetime import date

    assert week_span(date(2026, 11, 16), date(2026, 11, 22)) == "16–22 November 2026"
    assert week_span(date(2026, 11, 30), date(2026, 12, 6)) == "30 November – 6 December 2026"
    assert week_ends(date(2026, 12, 28), date(2027, 1, 3)) == ("Monday 28 December 2026", "Sunday 3 January 2027")


# -- empty, deterministic, atomic -----------------------------------------------------------------

def test_an_empty_edition_is_refused_with_a_clear_message_and_writes_nothing(db_path, tmp_path):
    out = tmp_path / "empty-site"
    with pytest.raises(EmptyEditionError, match="2026-W30 has no approved papers: nothing to build, check or send"):
        build(open_db(db_path), CFG, "2026-W30", out)
    assert not out.exists()


def test_building_twice_gives_the_same_bytes_and_a_fresh_folder_too(db_path, tmp_path):
    first = built(db_path)
    before = {p: p.read_bytes() for p in first.rglob("*") if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    built(db_path)
    assert {p: p.read_bytes() for p in first.rglob("*") if p.is_file()} == before
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes  # identical files are not rewritten
    other = tmp_path / "elsewhere"
    build(open_db(db_path), CFG, digestdata.EARLIER, other)
    build(open_db(db_path), CFG, digestdata.EDITION, other)
    for name in FORMATS:
        assert (other / digestdata.EDITION / name).read_bytes() == before[first / digestdata.EDITION / name]
    assert not [p for p in first.rglob("*.tmp")]


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out" / "index.html"
    assert write_atomic(target, b"old edition")
    assert not write_atomic(target, b"old edition")  # same bytes: nothing to do

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        write_atomic(target, b"new edition")
    assert target.read_bytes() == b"old edition"
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.html"]
    monkeypatch.undo()
    write_atomic(target, b"new edition")
    assert target.read_bytes() == b"new edition" and oct(target.stat().st_mode & 0o777) == "0o644"


# -- templates ------------------------------------------------------------------------------------

def test_autoescape_is_on_for_every_template_whatever_its_extension():
    env = environment(CFG)
    assert env.autoescape is True
    shipped = Path(__file__).resolve().parent.parent / "templates" / "digest"
    names = sorted(p.name for p in shipped.iterdir())
    assert {"edition.html", "email.html", "digest.txt", "digest.md", "feed.atom", "site_index.html"} <= set(names)
    for name in names:
        source = (shipped / name).read_text()
        assert "|safe" not in source.replace(" ", "") and "autoescape false" not in source, name
        assert "Markup(" not in source, name


def test_a_user_templates_folder_overrides_file_by_file(db_path, tmp_path):
    user = tmp_path / "my-templates" / "digest"
    user.mkdir(parents=True)
    (user / "_disclaimer.txt").write_text("Our own words: this is not medical advice. {{ site_name }} <b>&</b>\n")
    cfg = digestdata.config(templates_dir=str(tmp_path / "my-templates"))
    out = built(db_path, out=tmp_path / "custom", cfg=cfg)
    page = (out / digestdata.EDITION / "index.html").read_text()
    assert "Our own words: this is not medical advice." in page
    assert "This digest explains research." not in page
    assert "Key takeaway for patients" in page  # every other template is still the shipped one
    assert "Our own words" in (out / digestdata.EDITION / "digest.txt").read_text()


def test_the_templates_dir_in_feeds_yaml_is_relative_to_the_file_and_must_exist(tmp_path):
    import yaml

    from tracker.config import default_config_path, load_config
    from tracker.errors import ConfigError

    data = yaml.safe_load(default_config_path().read_text())
    data["digest"]["templates_dir"] = "mine"
    path = tmp_path / "feeds.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ConfigError, match="digest.templates_dir: no such folder"):
        load_config(path)
    (tmp_path / "mine").mkdir()
    assert load_config(path).digest.templates_dir == str((tmp_path / "mine").resolve())


def test_feeds_yaml_without_a_digest_section_is_still_valid():
    import yaml

    from tracker.config import default_config_path, parse_config

    data = yaml.safe_load(default_config_path().read_text())
    del data["digest"]
    config = parse_config(data)
    assert config.digest.reading_grade_target == 8 and config.corrections_contact == config.contact.email
    assert config.digest.public_base_url is None
    with pytest.raises(Exception, match="digest.reading_grade: unknown key"):
        parse_config({**data, "digest": {"reading_grade": 8}})


def test_without_a_public_address_there_are_no_share_links_and_the_feed_uses_tag_ids(db_path, tmp_path):
    cfg = digestdata.config(public_base_url=None)
    out = built(db_path, out=tmp_path / "local", cfg=cfg)
    page = soup(out / digestdata.EDITION / "index.html")
    assert page.find("section", class_="share") is None
    feed = etree.parse(str(out / "feed.atom"))
    assert feed.find(f"{ATOM}entry/{ATOM}id").text == "tag:digest.example.org,2026:digest/2026-W47"
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href") == "2026-W47/"


def _subscribe_and_corrections_links(page: BeautifulSoup) -> tuple[list[str], list[str]]:
    footer = page.find("footer")
    hrefs = [a["href"] for a in footer.find_all("a")]
    return [h for h in hrefs if h.endswith("subscribe")], [h for h in hrefs if h.startswith("mailto:")]


@pytest.mark.parametrize("public_base_url, public_url, subscribe", [
    ("https://digest.example.org/", None, "https://digest.example.org/subscribe"),  # the default
    ("https://digest.example.org/", "https://news.example.org/readers/", "https://news.example.org/readers/subscribe"),
    (None, "https://news.example.org/", "https://news.example.org/subscribe"),
    (None, None, None),
])
def test_the_web_pages_link_the_subscribe_page_and_the_corrections_address(
        db_path, tmp_path, public_base_url, public_url, subscribe):
    cfg = digestdata.config(public_base_url=public_base_url, corrections_contact="fix?it&now@digest.example.org")
    cfg = cfg.model_copy(update={"newsletter": cfg.newsletter.model_copy(update={"public_url": public_url})})
    out = built(db_path, out=tmp_path / "site-links", cfg=cfg)
    for page in (soup(out / digestdata.EDITION / "index.html"), soup(out / "index.html")):
        subscribes, mailtos = _subscribe_and_corrections_links(page)
        assert mailtos == ["mailto:fix%3Fit%26now@digest.example.org"]
        text = " ".join(page.find("footer").get_text().split())
        assert "Write to fix?it&now@digest.example.org and" in text
        if subscribe:
            assert subscribes == [subscribe] and "Subscribe to get it by e-mail, with a link" in text
        else:
            assert subscribes == [] and "Subscribers get it by e-mail, with a link" in text
    email = soup(out / digestdata.EDITION / "email.html")
    assert [a["href"] for a in email.find_all("a") if a["href"].startswith("mailto:")] == [
        "mailto:fix%3Fit%26now@digest.example.org"]


# -- corrections, index, feed -------------------------------------------------------------------

def test_a_correction_notice_names_the_earlier_paper_and_appears_once(db_path, ids):
    out = built(db_path)
    page = soup(out / digestdata.EDITION / "index.html")
    notices = page.find("section", class_="notices")
    items = [li.get_text(" ", strip=True) for li in notices.find_all("li")]
    assert len(items) == 2
    assert items[0].startswith("Retracted: the paper behind “Esketamine with partner sessions after childbirth")
    assert "(our edition of 2–8 November 2026)" in items[0]
    assert items[1].startswith("Corrected: the paper behind “Family sessions after ketamine treatment")
    assert [a["href"] for a in notices.find_all("a")] == ["https://pubmed.ncbi.nlm.nih.gov/99300090/",
                                                         "https://pubmed.ncbi.nlm.nih.gov/99300091/"]
    assert "Retracted:" in (out / digestdata.EDITION / "digest.txt").read_text()
    db = open_db(db_path)
    recorded = list(db.query("SELECT paper_id, kind, edition FROM digest_notices ORDER BY id"))
    assert recorded == [{"paper_id": ids["retracted"], "kind": "retraction", "edition": digestdata.EDITION},
                        {"paper_id": ids["corrected"], "kind": "correction", "edition": digestdata.EDITION}]

    # The next edition does not repeat them; rebuilding this one still carries them.
    notice_paper = db.execute("SELECT id FROM papers WHERE pmid = '99300090'").fetchone()[0]
    review.decide(db, review.Decision(notice_paper, "sam", "approve", edition="2026-W48"), default_edition="2026-W48")
    build(db, CFG, "2026-W48", out)
    assert soup(out / "2026-W48" / "index.html").find("section", class_="notices") is None
    before = (out / digestdata.EDITION / "index.html").read_bytes()
    build(db, CFG, digestdata.EDITION, out)
    assert (out / digestdata.EDITION / "index.html").read_bytes() == before
    assert db["digest_notices"].count == 2


def test_working_out_notices_loads_only_the_earlier_papers_a_notice_can_be_about(db_path, ids, monkeypatch):
    """Every approved paper of every earlier edition was loaded in full (decisions, summary,
    model explanation...) on each build, preview and send, so the cost grew with the archive."""
    from tracker.digest import edition as edition_module

    db = open_db(db_path)
    for name in ("survey", "animal"):  # earlier papers with nothing to notice
        review.move_edition(db, ids[name], "2026-W40", "sam")
    loaded = []
    real = edition_module.get_paper
    monkeypatch.setattr(edition_module, "get_paper", lambda db, paper_id: loaded.append(paper_id) or real(db, paper_id))
    notices, _, noticed = edition_module.correction_notices(db, digestdata.EDITION)
    assert sorted(loaded) == sorted([ids["retracted"], ids["corrected"]])
    assert [(n["paper_id"], n["kind"]) for n in notices] == [(ids["retracted"], "retraction"),
                                                            (ids["corrected"], "correction")]
    assert set(noticed) == {ids["retracted"], ids["corrected"]}


def test_an_entry_is_updated_when_its_edition_changes_and_a_rebuild_without_change_keeps_the_bytes(db_path, ids):
    out = built(db_path)
    first = (out / "feed.atom").read_bytes()
    assert built(db_path).joinpath("feed.atom").read_bytes() == first  # no change, same bytes

    def entry_updated() -> str:
        feed = etree.parse(str(out / "feed.atom"))
        return next(e.find(f"{ATOM}updated").text for e in feed.findall(f"{ATOM}entry")
                    if e.find(f"{ATOM}id").text.endswith(f"/{digestdata.EDITION}/"))

    assert entry_updated() == "2026-11-18T10:15:00Z"
    db = open_db(db_path)
    with digestdata.clock("2026-11-25T08:00:00Z"):  # a week later, a summary is edited
        review.save_summary(db, ids["trial"], {**digestdata.SUMMARIES["trial"], "dek": "A trial with 104 people."}, "sam")
    built(db_path)
    assert entry_updated() == "2026-11-25T08:00:00Z"
    with digestdata.clock("2026-11-26T08:00:00Z"):  # then a label
        set_label(db, ids["survey"], "commentary", "sam")
    built(db_path)
    assert entry_updated() == "2026-11-26T08:00:00Z"
    assert etree.parse(str(out / "feed.atom")).find(f"{ATOM}updated").text == "2026-11-26T08:00:00Z"


def test_the_site_index_and_the_feed_list_every_edition_built_newest_first(db_path):
    out = built(db_path)
    index = soup(out / "index.html")
    links = [(a.get_text(), a["href"]) for a in index.find_all("a") if a["href"].startswith("2026")]
    assert links == [("Edition of 16–22 November 2026", "2026-W47/"), ("Edition of 2–8 November 2026", "2026-W45/")]
    feed = etree.parse(str(out / "feed.atom"))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == ["https://digest.example.org/2026-W47/",
                                                          "https://digest.example.org/2026-W45/"]
    # Each entry was last changed when its summaries and approvals were written (the fixture's clock).
    assert [e.find(f"{ATOM}updated").text for e in entries] == ["2026-11-18T10:15:00Z", "2026-11-04T09:30:00Z"]
    assert [e.find(f"{ATOM}published").text for e in entries] == ["2026-11-16T00:00:00Z", "2026-11-02T00:00:00Z"]
    assert feed.find(f"{ATOM}updated").text == "2026-11-18T10:15:00Z"
    content = BeautifulSoup(entries[0].find(f"{ATOM}content").text, "html.parser")
    assert "MDMA-assisted therapy for PTSD" in content.get_text()
    meta = json.loads((out / digestdata.EDITION / "edition.json").read_text())
    assert meta["edition"] == digestdata.EDITION and len(meta["featured"]) == 3 and meta["notices"] == 2


def test_a_folder_named_like_a_week_that_does_not_exist_is_not_an_edition_of_the_site(db_path):
    # Before editions.Week, the site index matched folders by shape alone: a stray 2026-W60 with
    # an edition.json naming itself made every later build fail ("2026-W60 is not a week of 2026").
    out = db_path.parent / "site"
    for name in ("2026-W60", "2025-W53", "9999-W52"):
        (out / name).mkdir(parents=True)
        (out / name / "edition.json").write_text(json.dumps({"edition": name, "monday": "2026-11-16"}))
    index = soup(built(db_path) / "index.html")
    assert [a["href"] for a in index.find_all("a") if a["href"][:1].isdigit()] == ["2026-W47/", "2026-W45/"]
