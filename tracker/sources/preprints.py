"""Preprint servers: medRxiv and bioRxiv (api.biorxiv.org) and PsyArXiv (the OSF API).

Neither API searches: a run lists every preprint posted in its date window (the first run
`lookback_days` back, later runs from the last successful end minus `overlap_days`) and every
one is scored like any paper. For medRxiv and bioRxiv a run also lists the window's `pubs`
(preprints that a journal published then). Every `link_days` a run asks, preprint by
preprint, whether the candidate and approved ones not yet linked have a journal version
(`details/<server>/<DOI>/na/json`; PsyArXiv: `preprints/<id>/`). A preprint and its journal
version are then one paper (merge.py matches both the journal DOI and the preprint DOI).

A listing that never ends (a cursor that does not advance, a `next` link that goes on for
ever) fails the source after `max_pages` pages: nothing is stored, the window stays put.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date, timedelta
from typing import Annotated, Literal
from urllib.parse import quote, urlsplit

from pydantic import Field, field_validator

from ..configbase import SourceBase, http_url
from ..errors import FetchError, ParseError
from ..parse.preprints import (in_categories, parse_osf_page, parse_osf_preprint, parse_rxiv_page, pubs_link, rxiv_record,
                               rxiv_records)
from ..records import Record
from . import Fetched
from .base import DERIVED_FIELDS, FetchContext, SourceType

log = logging.getLogger(__name__)

LINK_LOOKUPS_PER_RUN = 200  # DOI look-ups one run may ask (at 1 a second: a few minutes)
BIORXIV_API = "https://api.biorxiv.org/"  # medRxiv and bioRxiv (Cold Spring Harbor's API)
OSF_API = "https://api.osf.io/v2/"  # PsyArXiv


class PreprintSource(SourceBase):
    """A preprint server. No search: every preprint posted in the date window is fetched and
    scored."""

    lookback_days: Annotated[int, Field(ge=1, le=3650)] = 30  # first run: how far back to look
    overlap_days: Annotated[int, Field(ge=0, le=60)] = 3  # later runs: from the last end minus this
    # Keep only these categories (medRxiv/bioRxiv `category`, PsyArXiv subjects); empty: all.
    categories: list[Annotated[str, Field(min_length=1)]] = []
    # Every link_days (0: never) ask, DOI by DOI, whether the candidate, approved or featured
    # preprints of this server not yet linked to a journal version have one.
    link_days: Annotated[int, Field(ge=0, le=365)] = 7
    # A cursor or `next` link that never ends stops the source (failed) after this many pages.
    max_pages: Annotated[int, Field(ge=1, le=10_000)] = 500
    _check_url = field_validator("base_url", check_fields=False)(classmethod(lambda cls, v: http_url(v)))


class RxivSource(PreprintSource):
    type: Literal["medrxiv", "biorxiv"]
    base_url: str = BIORXIV_API


class PsyarxivSource(PreprintSource):
    type: Literal["psyarxiv"]
    base_url: str = OSF_API


def _window(source, state: dict, today: date) -> tuple[date, date]:
    if state.get("window_end"):
        start = date.fromisoformat(state["window_end"]) - timedelta(days=source.overlap_days)
    else:
        start = today - timedelta(days=source.lookback_days)
    return min(start, today), today


def _pages(ctx: FetchContext, endpoint: str, start: date, end: date) -> list[dict]:
    """Every row of `endpoint` (details or pubs) over [start, end], cursor by cursor."""
    source = ctx.source
    base = source.base_url.rstrip("/") + "/"
    rows: list[dict] = []
    cursor = 0
    for _ in range(source.max_pages):
        url = f"{base}{endpoint}/{source.type}/{start.isoformat()}/{end.isoformat()}/{cursor}"
        page = parse_rxiv_page(ctx.client.get(url).content, f"{endpoint} cursor {cursor}")
        rows.extend(page.rows)
        if not page.rows or cursor + len(page.rows) >= page.total:
            return rows
        cursor += len(page.rows)
    raise FetchError(f"{endpoint}/{source.type}: still more rows after {source.max_pages} pages (max_pages);"
                     f" the listing does not end")


def _stored_preprints(ctx: FetchContext, dois: list[str]) -> dict[str, dict]:
    """Preprint DOI -> the record this source stored for it, for the DOIs it has stored."""
    if ctx.conn is None:
        return {}
    from ..store import rows_in  # sqlite_utils: loaded when a preprint source runs, not with the config

    return {key: json.loads(raw) for key, raw in rows_in(
        ctx.conn, "SELECT source_key, record FROM sightings WHERE source = ? AND superseded = 0"
                  " AND source_key IN ({marks})", dois, ctx.source.name)}


def _unlinked(ctx: FetchContext) -> list[str]:
    """This server's preprints worth following to a journal: candidates and approved papers
    (featured ones are approved) whose journal version is not known."""
    if ctx.conn is None:
        return []
    return [r[0] for r in ctx.conn.execute(
        "SELECT preprint_doi FROM papers WHERE preprint_doi IS NOT NULL AND doi IS NULL"
        " AND json_extract(preprint, '$.server') = ? AND status IN ('candidate', 'approved')"
        " ORDER BY score DESC, id LIMIT ?", [ctx.source.type, LINK_LOOKUPS_PER_RUN])]


def _link_due(source, state: dict, today: date) -> bool:
    last = state.get("linked_until")
    return bool(source.link_days) and (not last or (today - date.fromisoformat(last)).days >= source.link_days)


def fetch_rxiv(ctx: FetchContext) -> Fetched:
    """One medRxiv or bioRxiv source for one run."""
    source: RxivSource = ctx.source
    if ctx.replay is not None:
        result = rxiv_records(parse_rxiv_page(ctx.replay).rows, source.type, source.categories)
        return Fetched(records=result.records, skipped=result.skipped, state=None)
    today = ctx.today or date.today()
    start, end = _window(source, ctx.state, today)
    details = _pages(ctx, "details", start, end)
    published: dict[str, dict] = {}
    for row in _pages(ctx, "pubs", start, end):
        link = pubs_link(row)
        if link:
            published[link[0]] = link[1]
    result = rxiv_records(details, source.type, source.categories, published)
    records = result.records
    seen = {r.preprint["doi"] for r in records}
    # Preprints posted before the window and published in it: the pubs row holds the
    # preprint's own metadata; a version this source stored already is kept.
    later = [doi for doi in published if doi not in seen]
    stored = _stored_preprints(ctx, later)
    for doi in later:
        row = published[doi]
        if not in_categories(row.get("preprint_category"), source.categories):
            continue
        record = rxiv_record(row, source.type, row)
        before = (stored.get(doi) or {}).get("preprint") or {}
        if before.get("version"):
            record.preprint.update(version=before["version"], url=before.get("url"))
            record.url = before.get("url") or record.url
        if record.title:
            records.append(record)
            seen.add(doi)
    published, state = _linked(ctx, end, today, seen, _rxiv_published)
    records += published
    return Fetched(records=records, skipped=result.skipped, state=state)


def _linked(ctx: FetchContext, end: date, today: date, seen: set[str], published) -> tuple[list[Record], dict]:
    """(records, state): when the source's weekly look-up is due, `published(ctx, base, doi)` is
    asked for each unlinked preprint not in `seen`, and the records it gives (the preprint with
    its journal DOI, once a journal has published it) are returned; and the state the source
    keeps."""
    state = {"window_end": end.isoformat(), "linked_until": ctx.state.get("linked_until")}
    found: list[Record] = []
    if _link_due(ctx.source, ctx.state, today):
        base = ctx.source.base_url.rstrip("/") + "/"
        found = [record for doi in _unlinked(ctx) if doi not in seen for record in published(ctx, base, doi)]
        log.info("%s: %d preprint(s) found published", ctx.source.name, len(found))
        state["linked_until"] = today.isoformat()
    return found, state


def _rxiv_published(ctx: FetchContext, base: str, doi: str) -> list[Record]:
    """`details/<server>/<doi>/na/json`: the preprint, if a journal has published it since."""
    page = parse_rxiv_page(ctx.client.get(f"{base}details/{ctx.source.type}/{quote(doi, safe='/')}/na/json").content,
                           f"details {doi}")
    rows = [r for r in page.rows if str(r.get("doi") or "").strip().lower() == doi]
    return [r for r in rxiv_records(rows, ctx.source.type).records if r.doi]


def fetch_psyarxiv(ctx: FetchContext) -> Fetched:
    """One PsyArXiv source for one run: /v2/preprints/ created since the window's start, page
    by page along `links.next` (which must stay on the API's host)."""
    source: PsyarxivSource = ctx.source
    if ctx.replay is not None:
        result, _ = parse_osf_page(ctx.replay, source.categories)
        return Fetched(records=result.records, skipped=result.skipped, state=None)
    today = ctx.today or date.today()
    start, end = _window(source, ctx.state, today)
    base = source.base_url.rstrip("/") + "/"
    url: str | None = base + "preprints/"
    params: dict | None = {"filter[provider]": "psyarxiv", "filter[date_created][gte]": start.isoformat(),
                           "embed": "contributors", "page[size]": "100"}
    records: list[Record] = []
    skipped: list[str] = []
    seen_urls: set[str] = set()
    for _ in range(source.max_pages):
        page, next_url = parse_osf_page(ctx.client.get(url, params=params).content, source.categories)
        records += page.records
        skipped += page.skipped
        if not next_url:
            break
        if urlsplit(next_url).netloc != urlsplit(base).netloc:
            raise ParseError(f"api.osf.io: links.next leads to another host ({urlsplit(next_url).netloc[:80]})")
        if next_url in seen_urls:
            raise FetchError("api.osf.io: links.next goes round in a circle")
        seen_urls.add(next_url)
        url, params = next_url, None
    else:
        raise FetchError(f"psyarxiv: still a next page after {source.max_pages} pages (max_pages)")
    # A preprint revised in the window is listed once per version only by some mirrors:
    # keep the latest of each DOI.
    latest: dict[str, Record] = {}
    for record in records:
        prior = latest.get(record.source_key)
        if prior is None or (record.preprint.get("version") or 0) >= (prior.preprint.get("version") or 0):
            latest[record.source_key] = record
    records = list(latest.values())
    published, state = _linked(ctx, end, today, set(latest), _osf_published)
    records += published
    return Fetched(records=records, skipped=skipped, state=state)


def _osf_published(ctx: FetchContext, base: str, doi: str) -> list[Record]:
    """/v2/preprints/<id>/ (its id is the DOI's last part, 10.31234/osf.io/<id>): the preprint,
    if its authors have since given the journal DOI."""
    osf_id = doi.rsplit("/", 1)[-1]
    if not re.fullmatch(r"[a-z0-9_]{4,40}", osf_id):
        return []
    record = parse_osf_preprint(ctx.client.get(f"{base}preprints/{osf_id}/").content)
    return [record] if record is not None and record.doi and record.source_key == doi else []


# Preprint servers' fields are the authors' own, unedited: believed after every journal
# source. The preprint itself is known only to them.
_TRUST = {**dict.fromkeys(DERIVED_FIELDS, 3), "preprint": 0}

SOURCE_TYPES = (
    SourceType(types=("medrxiv", "biorxiv"), config=RxivSource, fetch=fetch_rxiv,
               state_keys=("window_end", "linked_until"), address=lambda s: s.base_url,
               identity=lambda s: f"{s.base_url}\n{s.type}\n{','.join(s.categories)}",
               default_rate=lambda s: 1.0, trust=_TRUST, quiet="preprints",
               progress=lambda state: state.get("window_end") and (
                   f"posted and published preprints read to {state['window_end']}; unlinked preprints"
                   f" looked up {state.get('linked_until') or '-'}")),
    SourceType(types=("psyarxiv",), config=PsyarxivSource, fetch=fetch_psyarxiv,
               state_keys=("window_end", "linked_until"), address=lambda s: s.base_url,
               identity=lambda s: f"{s.base_url}\npsyarxiv\n{','.join(s.categories)}",
               default_rate=lambda s: 1.0, trust=_TRUST, quiet="preprints",
               progress=lambda state: state.get("window_end") and (
                   f"preprints created read to {state['window_end']}; unlinked preprints looked up"
                   f" {state.get('linked_until') or '-'}")),
)
