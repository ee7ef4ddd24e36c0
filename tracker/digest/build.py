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
own dates; papers in a stable order. (But a sitemap has no lastmod later than the build: the
pages of an edition built before its Monday have none until a build after it.) An edition with no
approved papers is refused before anything is written; unpublish() takes an edition built earlier
off the site.
"""

from __future__ import annotations

import os
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ..config import Config
from ..editions import is_edition, sent_edition
from ..files import read_metas, write_atomic
from ..store import transaction, utcnow
from .articles import record_slugs, render_articles, render_site_articles, site_articles
from .edition import Edition, load_edition, record_notices
from .errors import DigestError, EmptyEditionError
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
    out = Path(out_dir)
    try:
        data = load_edition(db, config, edition)  # EmptyEditionError before anything is written
    except EmptyEditionError as exc:
        if is_published(out, edition):
            raise EmptyEditionError(
                f"{exc}. Its pages built earlier are still in {out}: take them down with "
                f"tracker digest unpublish --edition {edition} --out {shlex.quote(str(out))}") from None
        raise
    files = render_edition(data, config)
    articles = render_articles(db, config, data, lambda other: is_published(out, other))
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
        editions, site = refresh_site(out, config, published)
        written += site
    except OSError as exc:
        raise DigestError(f"cannot write the edition into {out}: {exc}") from None
    record_slugs(db, edition, data.featured)
    record_notices(db, edition, data.unrecorded)
    return BuildResult(data, folder, written, len(editions), withdrawn)


@dataclass
class UnpublishResult:
    folder: Path
    withdrawn: list[str]  # slugs of the edition's article pages taken down
    editions_listed: int
    approved: int  # approved papers the edition still has: building it again publishes it again
    sent: int  # subscribers it was e-mailed to (or may have been): their links now lead nowhere
    notices: int  # correction notices it carried, left for the next edition built (0 once sent)


def is_published(out: Path, edition: str) -> bool:
    """Whether `out` holds a build of the edition (its folder with its edition.json)."""
    return (out / edition / "edition.json").is_file()


def unpublish(db: sqlite_utils.Database, config: Config, edition: str, out_dir: str | os.PathLike) -> UnpublishResult:
    """Take an edition built into out_dir off the site: its article pages and its folder go, and
    the site's index, feeds and sitemap are written again without them. For an edition published
    by mistake, or left with no approved paper (which build() refuses, so it cannot take its own
    pages down). Building another edition does not bring its pages back; building it again, once
    it has approved papers, does, at the same addresses.

    The correction notices it carried are forgotten unless it was e-mailed, so that the next
    edition built carries them instead of no edition at all; that is done first, as it can be
    done twice. Then pages and listings, the folder last: a failure halfway leaves some of the
    folder, and running it again finishes the job."""
    out = Path(out_dir)
    if not is_edition(edition):
        raise DigestError(f"{edition!r} is not an edition (they look like 2026-W48)")
    folder = out / edition
    if not (folder.exists() or folder.is_symlink()) and not any(a.get("edition") == edition for a in site_articles(out)):
        raise DigestError(f"edition {edition} is not published in {out}: there is no {folder}")
    # A database that refuses (read-only, locked) takes the one error path of every command, with
    # its advice; nothing is down yet.
    approved = db.execute("SELECT count(*) FROM papers WHERE status = 'approved' AND edition = ?",
                          [edition]).fetchone()[0]
    # e-mailed as everything else reads it: subscribers forgotten since still count (editions.sent_edition)
    was_sent = sent_edition(db, edition)
    sent = was_sent.subscribers if was_sent else 0
    notices = 0
    if not sent:
        with transaction(db):
            notices = db.execute("DELETE FROM digest_notices WHERE edition = ?", [edition]).rowcount
    try:
        published, withdrawn = withdraw_articles(out, edition, set())
        editions, _ = refresh_site(out, config, published, leaving=edition)
        if folder.exists() or folder.is_symlink():
            remove_folder(folder)
    except OSError as exc:
        raise DigestError(f"cannot take edition {edition} down from {out} (run it again once mended): {exc}") from None
    return UnpublishResult(folder, withdrawn, len(editions), approved, sent, notices)


def refresh_site(out: Path, config: Config, published: list[dict], leaving: str | None = None
                 ) -> tuple[list[dict], list[Path]]:
    """Write out's index.html, feed.atom, articles.atom (and sitemap.xml, robots.txt) from the
    editions built there (but the one `leaving`) and the article pages still `published`.
    Returns (the editions, the files written)."""
    editions = [e for e in site_editions(out) if e["edition"] != leaving]
    written = []
    files = {**render_site(editions, config), **render_site_articles(published, editions, config, utcnow())}
    for name, content in files.items():
        write_atomic(out / name, content)
        written.append(out / name)
    return editions, written


def remove_folder(path: Path) -> None:
    """Remove a page's folder; a symbolic link put there by hand is unlinked, its target kept."""
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path)


def withdraw_articles(out: Path, edition: str, featured: set[int]) -> tuple[list[dict], list[str]]:
    """Take down the article pages this edition published for papers it no longer features (moved
    to another edition, or no longer approved): their folders go, and with them their place in
    sitemap.xml and articles.atom. A paper moved on gets its page back, at the same address, when
    its new edition is built. Returns (the site's articles still published, the slugs taken down),
    the site's article.json files read once for both."""
    kept, gone = [], []
    for article in site_articles(out):
        if article.get("edition") == edition and article.get("paper_id") not in featured:
            remove_folder(out / "articles" / article["slug"])
            gone.append(article["slug"])
        else:
            kept.append(article)
    return kept, gone


def site_editions(out: Path) -> list[dict]:
    """The edition.json of every edition folder in `out`."""
    return read_metas(out, "edition.json", is_edition, "edition")
