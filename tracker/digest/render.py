"""Rendering: one Jinja environment, autoescape on for every template (HTML, e-mail, text,
Markdown and Atom alike), templates from templates/digest/ with a user folder in front.

Nothing from a feed or an editor is marked safe: Markdown text goes through `md`, which
escapes it for Markdown and then for HTML; the plain text is rendered escaped like the rest
and decoded back to characters only as the last step (text/plain has no markup to fear, and
feed text has had any tags stripped before). The only links are http(s) ones that passed
normalize.safe_url, same-site relative ones, and the corrections address as a mailto:.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
import secrets
from datetime import date
from pathlib import Path
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup

from .. import templating
from ..config import Config, templates_dir
from ..editions import Week
from ..textsafe import finalize
from . import text
from .edition import Edition
from .errors import DigestError

# The per-subscriber unsubscribe address is filled in at send time: the sender replaces the
# edition's marker (edition.json's "unsubscribe_marker") in email.html and digest.txt. A fixed
# string would not do: feed text holding it would receive every reader's token inside an
# attacker's link. The marker is this prefix and a digest of the edition as rendered, so no text
# in the edition can contain it (it would have to contain a hash of itself), and building the
# same edition twice still gives the same bytes. Only letters, digits, ':', '/', '.' and '-', so
# no escaping, inlining or wrapping step can change it; on the reserved .invalid domain, so a
# copy sent unfilled leads nowhere.
UNSUBSCRIBE_PREFIX = "https://unsubscribe.invalid/"
MARKER_KEY = "unsubscribe_marker"
# Any spelling of the marker's host in feed or editors' text is defanged on its way out.
_MARKER_HOST = re.compile(r"unsubscribe\.invalid", re.IGNORECASE)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

NOTICE_TEXT = {  # kind: (label, sentence, link text)
    "retraction": ("Retracted", "has been retracted by its journal. Please set aside what we wrote "
                   "about it: a retracted paper should not guide any decision about care.",
                   "Read the retraction notice"),
    "concern": ("Expression of concern", "is now under an expression of concern from its journal, "
                "which means questions have been raised about it. Treat what we wrote with extra care.",
                "Read the journal's expression of concern"),
    "correction": ("Corrected", "has been corrected since we wrote about it. The correction notice "
                   "says what changed.", "Read the correction notice"),
    "update": ("Updated", "has a newer version. The update may change what we wrote about it.",
               "Read the update"),
    # A preprint we described has passed peer review; the label names the journal.
    "published": ("Now published in {journal} after peer review", "was a preprint when we wrote about "
                  "it. A journal has now published it, after other scientists checked it.",
                  "Read the published version"),
}
# Added to a "published" notice when the journal version's results are not the preprint's.
RESULTS_DIFFER = " The published results differ from the preprint's, so some of what we wrote may no longer hold."
SHARE = (
    ("Share on Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("Share on LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    ("Share on X", "https://x.com/intent/post?url={url}&text={title}"),
    ("Share on Bluesky", "https://bsky.app/intent/compose?text={title}%20{url}"),
)


@functools.lru_cache(maxsize=8)
def _environment(user_dir: str | None) -> Environment:
    shipped = templates_dir() / "digest"
    if not shipped.is_dir():
        raise DigestError(f"digest templates not found in {shipped}")
    loaders = [FileSystemLoader(str(Path(user_dir) / "digest"))] if user_dir else []
    loaders.append(FileSystemLoader(str(shipped)))
    # autoescape on for every template, whatever its extension: see tracker/templating.py
    return templating.environment(ChoiceLoader(loaders), finalize=neutralize, filters=dict(
        wrap=text.wrap, md=text.markdown_text, mdurl=text.markdown_url, edition_span=edition_span, mailto=mailto))


def neutralize(value):
    """Every value a template prints, with the unsubscribe marker's host defanged
    ("unsubscribe[.]invalid"), so no text from a feed or an editor looks like the marker
    whatever the edition's digest turns out to be. Before that, the characters no output may
    carry (textsafe: XML-forbidden controls, noncharacters, bidi controls) are dropped."""
    value = finalize(value)
    if isinstance(value, str) and _MARKER_HOST.search(value):
        cleaned = _MARKER_HOST.sub(lambda m: m.group(0).replace(".", "[.]"), str(value))
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def environment(config: Config) -> Environment:
    """The digest's Jinja environment: the user's templates folder (feeds.yaml
    digest.templates_dir, its digest/ subfolder) first, file by file, then the shipped ones."""
    return _environment(config.digest.templates_dir)


def week_span(monday: date, sunday: date) -> str:
    """16–22 November 2026; 30 November – 6 December 2026; 28 December 2026 – 3 January 2027."""
    if monday.year != sunday.year:
        return f"{monday.day} {MONTHS[monday.month - 1]} {monday.year} – {sunday.day} {MONTHS[sunday.month - 1]} {sunday.year}"
    if monday.month != sunday.month:
        return f"{monday.day} {MONTHS[monday.month - 1]} – {sunday.day} {MONTHS[sunday.month - 1]} {sunday.year}"
    return f"{monday.day}–{sunday.day} {MONTHS[sunday.month - 1]} {sunday.year}"


def week_ends(monday: date, sunday: date) -> tuple[str, str]:
    """("Monday 16", "Sunday 22 November 2026"): the week's first and last day, without repeats."""
    end = f"{DAYS[6]} {sunday.day} {MONTHS[sunday.month - 1]} {sunday.year}"
    start = f"{DAYS[0]} {monday.day}"
    if monday.month != sunday.month or monday.year != sunday.year:
        start += f" {MONTHS[monday.month - 1]}"
    if monday.year != sunday.year:
        start += f" {monday.year}"
    return start, end


def edition_span(edition: str) -> str:
    """The days of an edition named "YYYY-Www", as week_span writes them."""
    week = Week.parse(edition)
    return week_span(week.monday, week.sunday)


def mailto(address: str) -> str:
    """A mailto: link to an address (config-validated, so no spaces, quotes or angle brackets);
    '?', '&', '#' and '%' in the local part are percent-encoded, or they would start a query."""
    return "mailto:" + quote(address, safe="@+")


def subscribe_url(config: Config) -> str | None:
    """The subscribe page (`tracker serve`'s /subscribe) where the newsletter's readers' pages are
    published (newsletter.public_url, default digest.public_base_url), or None without one."""
    from ..newsletter.message import Identity  # not at the top: the newsletter imports the digest

    base = Identity.from_config(config).public_url
    return f"{base}subscribe" if base else None


def edition_url(config: Config, edition: str) -> str | None:
    base = config.digest.public_base_url
    return f"{base}{edition}/" if base else None


def notice_words(kind: str, journal: str, results_differ: bool) -> dict:
    """A notice's label, sentence and link text, as the edition and the article pages print it."""
    label, sentence, link_text = NOTICE_TEXT[kind]
    return {"label": label.format(journal=journal), "link_text": link_text,
            "sentence": sentence + (RESULTS_DIFFER if results_differ else "")}


def share_links(url: str | None, title: str, email: bool = False) -> list[dict]:
    """The share services (SHARE) for a page's address, and with `email` a mailto: link."""
    if not url:
        return []
    u, t = quote(url, safe=""), quote(title, safe="")
    links = [{"name": name, "href": pattern.format(url=u, title=t)} for name, pattern in SHARE]
    if email:
        links.append({"name": "Send by e-mail", "href": f"mailto:?subject={t}&body={u}"})
    return links


def context(data: Edition, config: Config) -> dict:
    """What every edition template gets (and `unsubscribe_url`, from render_edition)."""
    digest = config.digest
    url = edition_url(config, data.edition)
    first, last = week_ends(data.monday, data.sunday)
    notices = [{**n, **notice_words(n["kind"], n["journal"], n.get("results_differ")),
                "edition_span": edition_span(n["edition"])} for n in data.notices]
    share = share_links(url, f"{digest.title}, {week_span(data.monday, data.sunday)}")
    return {
        "digest": digest,
        "site_name": digest.site_name,
        "title": digest.title,
        "language": digest.language,
        "edition": {"id": data.edition, "year": data.week.year, "week": data.week.week, "monday": data.monday,
                    "sunday": data.sunday, "span": week_span(data.monday, data.sunday), "first": first, "last": last,
                    "url": url},
        "featured": data.featured,
        "also": data.also,
        "notices": notices,
        "reading_minutes": sum(p["reading_minutes"] for p in data.featured),
        "corrections_contact": config.corrections_contact,
        "subscribe_url": subscribe_url(config),
        "share": share,
        "logo_url": digest.logo_url,
        "feed_url": f"{digest.public_base_url}feed.atom" if digest.public_base_url else None,
    }


def render_edition(data: Edition, config: Config) -> dict[str, bytes]:
    """The edition's files, by name: index.html, email.html, digest.txt, digest.md, edition.json.

    The templates' {{ unsubscribe_url }} is first a random slot that lives only in this call (so
    only the templates' own slots hold it), then the edition's marker (UNSUBSCRIBE_PREFIX)."""
    env = environment(config)
    slot = f"tracker-unsubscribe-slot-{secrets.token_hex(16)}"
    ctx = {**context(data, config), "unsubscribe_url": slot}
    pages = {
        "index.html": env.get_template("edition.html").render(ctx),
        "email.html": inline_css(env.get_template("email.html").render(ctx)),
        "digest.txt": plain_text(env.get_template("digest.txt").render(ctx)),
        "digest.md": env.get_template("digest.md").render(ctx),
    }
    marker = unsubscribe_marker(pages, slot)
    files = {name: _bytes(page.replace(slot, marker)) for name, page in pages.items()}
    summary = {**summary_of(data, config), MARKER_KEY: marker}
    files["edition.json"] = _bytes(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return files


def unsubscribe_marker(pages: dict[str, str], slot: str) -> str:
    """The marker for these rendered pages: a digest of everything in them but the slots."""
    digest = hashlib.sha256()
    for name in sorted(pages):
        for part in (name, pages[name].replace(slot, "")):
            data = part.encode("utf-8")
            digest.update(len(data).to_bytes(8, "big") + data)
    return UNSUBSCRIBE_PREFIX + digest.hexdigest()[:32]


def summary_of(data: Edition, config: Config) -> dict:
    """What the site's index and the Atom feed say about an edition (kept beside it as edition.json)."""
    return {
        "edition": data.edition,
        "monday": data.monday.isoformat(),
        "sunday": data.sunday.isoformat(),
        "updated": data.updated,
        "title": config.digest.title,
        "featured": [{"headline": p["headline"], "dek": p["dek"], "study_type": p["label"]["name"],
                      "anchor": p["anchor"]} for p in data.featured],
        "also": [{"title": p["title"], "study_type": p["label"]["name"]} for p in data.also],
        "notices": len(data.notices),
    }


def render_site(editions: list[dict], config: Config) -> dict[str, bytes]:
    """DIR/index.html and DIR/feed.atom from the edition.json of every edition built there."""
    env = environment(config)
    digest = config.digest
    entries = []
    for item in sorted(editions, key=lambda e: e["edition"], reverse=True):
        entry = {"updated": f"{item['monday']}T00:00:00Z", **item,  # an edition.json from before "updated"
                 "span": edition_span(item["edition"]), "path": f"{item['edition']}/",
                 "url": edition_url(config, item["edition"]), "id": _atom_id(config, item["edition"])}
        entry["content"] = env.get_template("_atom_entry.html").render(entry=entry)  # escaped again in the feed
        entries.append(entry)
    ctx = {"digest": digest, "site_name": digest.site_name, "title": digest.title, "language": digest.language,
           "editions": entries, "base_url": digest.public_base_url, "feed_id": _atom_id(config, None),
           "updated": max((e["updated"] for e in entries), default="1970-01-01T00:00:00Z"),
           "corrections_contact": config.corrections_contact, "subscribe_url": subscribe_url(config)}
    return {
        "index.html": _bytes(env.get_template("site_index.html").render(ctx)),
        "feed.atom": _bytes(env.get_template("feed.atom").render(ctx)),
    }


def _atom_id(config: Config, edition: str | None) -> str:
    """A permanent id: the edition's address if the site has one, else a tag: URI (RFC 4151)."""
    base = config.digest.public_base_url
    if base:
        return f"{base}{edition}/" if edition else f"{base}feed.atom"
    domain = config.corrections_contact.rsplit("@", 1)[-1].lower()
    return f"tag:{domain},2026:digest" + (f"/{edition}" if edition else "")


def inline_css(page: str) -> str:
    """The e-mail's <style> rules moved onto each element (many mail programs drop <style>);
    media queries stay in a <style> for the programs that honour them. Never fetches anything."""
    import css_inline

    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)
    try:
        return inliner.inline(page)
    except css_inline.InlineError as exc:
        raise DigestError(f"cannot inline the e-mail's CSS: {exc}") from None


def plain_text(rendered: str) -> str:
    """The text template's output decoded from its escaping back to characters, trailing spaces
    removed and runs of blank lines collapsed."""
    lines = [line.rstrip() for line in html.unescape(rendered).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def _bytes(page: str | Markup) -> bytes:
    return str(page).encode("utf-8")
