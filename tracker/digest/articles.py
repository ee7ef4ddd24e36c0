"""One page per featured paper: its address, its page, and the site files that list the pages.

    DIR/articles/<slug>/index.html    the article page (CSS in the page, no script)
    DIR/articles/<slug>/article.json  what the sitemap and articles.atom say about it
    DIR/articles.atom                 one entry per article, newest first
    DIR/sitemap.xml, DIR/robots.txt   when digest.public_base_url is set

The slug comes from the headline and the paper id ("couples-tried-psilocybin-...-12") the first
time the page is built, and is stored (table article_slugs): a headline edited later keeps the
address. Until then (the editors' preview) it is the slug the build would record.

A page also carries the current correction, retraction or "now published" notices of its paper,
so the next build after a notice puts it at the top of the page; a build re-renders the pages
of the earlier papers its edition's notices are about.
"""

from __future__ import annotations

from collections.abc import Callable

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import sqlite_utils
from markupsafe import Markup

from ..config import Config
from ..editions import Week
from ..files import read_metas
from ..store import rows_in, transaction, utcnow
from ..textsafe import strip_unsafe
from . import text
from .edition import NOTICE_ORDER, Edition, label_override, last_change, notices_for, paper_view
from .render import MONTHS, _atom_id, environment, notice_words, share_links


SLUG_WORDS = 60  # at most this many characters of the headline in a slug
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(headline: str, paper_id: int) -> str:
    """"couples-tried-psilocybin-assisted-therapy-together-12": lower-case ASCII words of the
    headline (accents dropped, cut at a word under SLUG_WORDS characters), then the paper id."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", headline or "") if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", bare.lower())  # any other character parts words
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > SLUG_WORDS:
            break
        kept.append(word)
    if not kept and words:
        kept = [words[0][:SLUG_WORDS]]
    return "-".join([*kept, str(paper_id)])


def is_slug(name: str) -> bool:
    return bool(_SLUG.fullmatch(name)) and len(name) <= SLUG_WORDS + 21


def stored_slugs(db: sqlite_utils.Database, paper_ids: list[int]) -> dict[int, str]:
    """Paper id -> its stored slug (the first recorded), for those of these papers that have one."""
    found: dict[int, str] = {}
    for paper_id, slug in rows_in(db, "SELECT paper_id, slug FROM article_slugs WHERE paper_id IN ({marks})"
                                      " ORDER BY id", paper_ids):
        found.setdefault(paper_id, slug)
    return found


def record_slugs(db: sqlite_utils.Database, edition: str, papers: list[dict]) -> None:
    """Fix the address of every paper whose page was just written for the first time (looked up
    inside the transaction, so two builds at once record one address). A rebuild whose pages all
    have their address takes no write lock, which would wait on a running ingest."""
    ids = [p["id"] for p in papers]
    if len(stored_slugs(db, ids)) == len(set(ids)):
        return
    now = utcnow()
    with transaction(db):
        stored = stored_slugs(db, [p["id"] for p in papers])
        for p in papers:
            if p["id"] not in stored:
                db["article_slugs"].insert({"paper_id": p["id"], "slug": p["slug"], "edition": edition,
                                            "recorded": now})


def article_url(config: Config, slug: str) -> str | None:
    base = config.digest.public_base_url
    return f"{base}articles/{slug}/" if base else None


def attach(db: sqlite_utils.Database, config: Config, data: Edition) -> None:
    """Give each featured paper of an edition its slug and its page's address: absolute
    (web_url, for the e-mail and Markdown too) with a public_base_url, else relative to the
    edition's page (web_path) for the web edition alone."""
    stored = stored_slugs(db, [p["id"] for p in data.featured])
    for p in data.featured:
        _place(p, stored.get(p["id"]) or slugify(p["headline"], p["id"]), config)


def _place(p: dict, slug: str, config: Config) -> None:
    """A paper view's article address: its slug, absolute (web_url) and relative (web_path)."""
    p["slug"] = slug
    p["web_url"] = article_url(config, slug)
    p["web_path"] = f"../articles/{slug}/"


# -- the page ----------------------------------------------------------------------------------

def _worded_notices(paper: dict, notices: list[dict]) -> list[dict]:
    """A paper's notices (edition.notices_for) as its page prints them: kind, link and words, in
    NOTICE_ORDER."""
    journal = paper.get("journal") or "a journal"
    found = [{"kind": n["kind"], "href": n["href"], **notice_words(n["kind"], journal, n["results_differ"])}
             for n in notices]
    return sorted(found, key=lambda n: NOTICE_ORDER[n["kind"]])


def json_ld(value: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> block: '<', '>' and '&' written as \\u
    escapes, so no text in it can close the element or open a comment; the line and paragraph
    separators too (JavaScript strings once could not hold them)."""
    dumped = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    for char in "<>&\u2028\u2029":
        dumped = dumped.replace(char, f"\\u{ord(char):04x}")
    return Markup(strip_unsafe(dumped))


def approval(paper: dict) -> dict | None:
    """The decision that approved the paper for its edition (the latest approval)."""
    approvals = [d for d in paper.get("decisions") or [] if d.get("to_status") == "approved"]
    return approvals[-1] if approvals else None


def structured_data(config: Config, p: dict, url: str | None, published: str, modified: str) -> dict:
    """The schema.org MedicalWebPage of an article page, naming the original paper."""
    digest = config.digest
    raw = p["raw"]
    citation = {"@type": "ScholarlyArticle", "name": p["title"]}
    if p["doi"]:
        citation["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": p["doi"]}
        citation["sameAs"] = p["href"]
    elif p["href"]:
        citation["url"] = p["href"]
    if raw.get("journal"):
        citation["isPartOf"] = {"@type": "Periodical", "name": p["journal"]}
    authors = [text.one_line(a) for a in (raw.get("authors") or []) if isinstance(a, str)]
    if any(authors):
        citation["author"] = [{"@type": "Person", "name": a} for a in authors if a]
    if p["published"]:
        citation["datePublished"] = text.one_line(p["published"])
    publisher = {"@type": "Organization", "name": digest.site_name}
    if digest.public_base_url:
        publisher["url"] = digest.public_base_url
    if digest.logo_url:
        publisher["logo"] = {"@type": "ImageObject", "url": digest.logo_url}
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": p["headline"],
        "name": p["headline"],
        "description": p["dek"] or p["headline"],
        "datePublished": published,
        "dateModified": modified,
        "inLanguage": digest.language,
        "publisher": publisher,
        "audience": {"@type": "PeopleAudience", "audienceType": "Patients and families"},
        "citation": citation,
    }
    if url:
        page["url"] = url
        page["mainEntityOfPage"] = url
    if digest.logo_url:
        page["image"] = digest.logo_url
    decision = approval(raw)
    if decision:
        page["lastReviewed"] = decision["at"][:10]
        if digest.show_reviewer:
            page["reviewedBy"] = {"@type": "Person", "name": text.one_line(decision["editor"])}
    return page


def article_context(db: sqlite_utils.Database, config: Config, p: dict, edition: str,
                    notices: list[dict]) -> dict:
    """What article.html gets for one featured paper of `edition`, with its notices as the page
    prints them (_worded_notices)."""
    digest = config.digest
    week = Week.parse(edition)
    published = f"{week.monday.isoformat()}T00:00:00Z"
    modified = last_change(db, [p["id"]], [p["id"]] if notices else [], week.monday)
    url = article_url(config, p["slug"])
    base = digest.public_base_url
    monday: date = week.monday
    return {
        "digest": digest, "site_name": digest.site_name, "title": digest.title, "language": digest.language,
        "p": p, "notices": notices, "url": url, "logo_url": digest.logo_url,
        "published": published, "modified": modified,
        "date": f"{monday.day} {MONTHS[monday.month - 1]} {monday.year}", "date_iso": monday.isoformat(),
        "edition": {"id": edition, "week": week.week, "year": week.year,
                    "href": f"{base}{edition}/" if base else f"../../{edition}/"},
        "home": base or "../../",
        "share": share_links(url, p["headline"], email=True),
        "corrections_contact": config.corrections_contact,
        "ld": json_ld(structured_data(config, p, url, published, modified)),
        "summary": {"paper_id": p["id"], "slug": p["slug"], "edition": edition, "headline": p["headline"],
                    "dek": p["dek"], "study_type": p["label"]["name"], "published": published,
                    "updated": modified},
    }


def earlier_articles(db: sqlite_utils.Database, config: Config, data: Edition,
                     published: Callable[[str], bool]) -> list[tuple[dict, str]]:
    """(view, edition) of the papers of earlier editions that this edition's notices are about and
    that have a page (a stored slug) in an edition `published` on the site: their pages get the
    notice on this build. An edition taken down (tracker digest unpublish) stays down."""
    paper_ids = sorted({n["paper_id"] for n in data.notices})
    slugs = stored_slugs(db, paper_ids)
    found = []
    for paper_id in paper_ids:
        slug = slugs.get(paper_id)
        if slug is None:
            continue
        paper, _notices = data.noticed[paper_id]  # loaded with the notices, all of an earlier edition
        if not published(paper["edition"]):
            continue
        view = paper_view(paper, label_override(db, paper_id), config)
        if not view["featured"]:
            continue
        _place(view, slug, config)
        found.append((view, paper["edition"]))
    return found


def render_articles(db: sqlite_utils.Database, config: Config, data: Edition,
                    published: Callable[[str], bool]) -> dict[str, bytes]:
    """The article pages this build writes, by path under DIR: its featured papers' and those of
    earlier papers it carries a notice about, in the editions `published` in DIR."""
    env = environment(config)
    template = env.get_template("article.html")
    earlier = earlier_articles(db, config, data, published)
    pages = [(p, data.edition) for p in data.featured] + earlier
    # the featured papers' notices in one look; the earlier papers' came with the edition's notices
    found = notices_for(db, [(p["raw"], data.edition) for p in data.featured]) \
        + [data.noticed[p["raw"]["id"]][1] for p, _edition in earlier]
    files = {}
    for (p, edition), notices in zip(pages, found):
        ctx = article_context(db, config, p, edition, _worded_notices(p["raw"], notices))
        files[f"articles/{p['slug']}/index.html"] = template.render(ctx).encode("utf-8")
        files[f"articles/{p['slug']}/article.json"] = (
            json.dumps(ctx["summary"], ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return files


# -- the site files ----------------------------------------------------------------------------

def site_articles(out: Path) -> list[dict]:
    """The article.json of every article page in out/articles/, newest first."""
    found = [a for a in read_metas(out / "articles", "article.json", is_slug, "slug")
             if isinstance(a.get("published"), str)]
    found.sort(key=lambda a: (a["published"], str(a.get("edition")), -int(a.get("paper_id") or 0)), reverse=True)
    return found


def render_site_articles(published: list[dict], editions: list[dict], config: Config, now: str
                         ) -> dict[str, bytes]:
    """articles.atom, and with a public_base_url sitemap.xml and robots.txt, from the site's
    articles (site_articles(), newest first). `now` is the build's time (ISO UTC): a lastmod
    later than it is left out."""
    env = environment(config)
    digest = config.digest
    base = digest.public_base_url
    articles = []
    for item in published:
        entry = {**item, "path": f"articles/{item['slug']}/", "url": article_url(config, item["slug"])}
        entry["id"] = entry["url"] or f"{_atom_id(config, None)}/articles/{item['slug']}"
        articles.append(entry)
    ctx = {"digest": digest, "site_name": digest.site_name, "title": digest.title, "language": digest.language,
           "articles": articles, "base_url": base, "feed_id": f"{base}articles.atom" if base else f"{_atom_id(config, None)}/articles",
           "updated": max((a["updated"] for a in articles), default="1970-01-01T00:00:00Z"),
           "corrections_contact": config.corrections_contact}
    files = {"articles.atom": env.get_template("articles.atom").render(ctx).encode("utf-8")}
    if base:
        # An edition's "updated" is never before its Monday, so one built before its Monday (the
        # next week's, or a Monday cron east of UTC) would tell crawlers of a change yet to come.
        # Such a page has no lastmod (the element is optional) until a build after the Monday: the
        # build's own time instead would move on every later build of any edition, and crawlers
        # learn to ignore a lastmod that moves when nothing changed.
        def lastmod(at: str | None) -> str | None:
            return at if at and at <= now else None
        pages = [{"loc": base, "lastmod": lastmod(max((e.get("updated") or "" for e in editions), default=""))}]
        for e in sorted(editions, key=lambda e: e["edition"], reverse=True):
            pages.append({"loc": f"{base}{e['edition']}/",
                          "lastmod": lastmod(e.get("updated") or f"{e['monday']}T00:00:00Z")})
        pages += [{"loc": a["url"], "lastmod": lastmod(a["updated"])} for a in articles]
        files["sitemap.xml"] = env.get_template("sitemap.xml").render({"pages": pages}).encode("utf-8")
        files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n".encode()
    return files
