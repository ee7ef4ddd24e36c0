"""Building an edition into a folder: every file written atomically, the same bytes every time.

    DIR/<edition>/index.html   the web page (CSS in the page)
    DIR/<edition>/email.html   the e-mail (CSS inlined, 600 px table layout)
    DIR/<edition>/digest.txt   plain text, 72 columns (the e-mail's text part)
    DIR/<edition>/digest.md    Markdown
    DIR/<edition>/edition.json what the index and the feed say about the edition
    DIR/index.html             every edition built in DIR, newest first
    DIR/feed.atom              one entry per edition
    DIR/articles/<slug>/       one page per featured paper (articles.py), with its article.json;
                           a page of a paper the edition no longer features is taken down
    DIR/articles.atom          one entry per article
    DIR/sitemap.xml, robots.txt   every edition and article (with digest.public_base_url only)

Nothing in the output depends on when it was built: no build timestamp, only the edition's
own dates; papers in a stable order. An edition with no approved papers is refused before
anything is written.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ..config import Config
from ..editions import is_edition
from ..files import read_metas, write_atomic
from .articles import record_slugs, render_articles, render_site_articles, site_articles
from .edition import Edition, load_edition, record_notices
from .errors import DigestError
from .render import render_edition, render_site


@dataclass
class BuildResult:
    edition: Edition
    folder: Path
    files: list[Path]
    editions_listed: int
    withdrawn: list[str] = field(default_factory=list)  # slugs of article pages taken down


def build(db: sqlite_utils.Database, config: Config, edition: str, out_dir: str | os.PathLike) -> BuildResult:
    """Render an edition into out_dir/<edition>/ and refresh out_dir's index and feed."""
    data = load_edition(db, config, edition)  # EmptyEditionError before anything is written
    files = render_edition(data, config)
    articles = render_articles(db, config, data)
    out = Path(out_dir)
    folder = out / edition
    written = []
    try:
        for name, content in files.items():
            write_atomic(folder / name, content)
            written.append(folder / name)
        for name, content in articles.items():
            write_atomic(out / name, content)
            written.append(out / name)
        published, withdrawn = withdraw_articles(out, edition, {p["id"] for p in data.featured})
        editions = site_editions(out)
        site = {**render_site(editions, config), **render_site_articles(published, editions, config)}
        for name, content in site.items():
            write_atomic(out / name, content)
            written.append(out / name)
    except OSError as exc:
        raise DigestError(f"cannot write the edition into {out}: {exc}") from None
    record_slugs(db, edition, data.featured)
    record_notices(db, edition, data.unrecorded)
    return BuildResult(data, folder, written, len(editions), withdrawn)


def withdraw_articles(out: Path, edition: str, featured: set[int]) -> tuple[list[dict], list[str]]:
    """Take down the article pages this edition published for papers it no longer features (moved
    to another edition, or no longer approved): their folders go, and with them their place in
    sitemap.xml and articles.atom. A paper moved on gets its page back, at the same address, when
    its new edition is built. Returns (the site's articles still published, the slugs taken down),
    the site's article.json files read once for both."""
    kept, gone = [], []
    for article in site_articles(out):
        if article.get("edition") == edition and article.get("paper_id") not in featured:
            shutil.rmtree(out / "articles" / article["slug"])
            gone.append(article["slug"])
        else:
            kept.append(article)
    return kept, gone


def site_editions(out: Path) -> list[dict]:
    """The edition.json of every edition folder in `out`."""
    return read_metas(out, "edition.json", is_edition, "edition")
