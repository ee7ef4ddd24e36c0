"""Frontiers journal RSS and any other RSS/Atom feed: one conditional GET, then the feed parser."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator

from ..configbase import SourceBase, http_url
from . import Fetched
from .base import DERIVED_FIELDS, SourceType

if TYPE_CHECKING:
    from ..http import HttpClient

log = logging.getLogger(__name__)


class FeedSource(SourceBase):
    type: Literal["frontiers", "rss"]
    url: str
    _check_url = field_validator("url")(classmethod(lambda cls, v: http_url(v)))


def fetch_feed(source: FeedSource, client: HttpClient, state: dict, replay: bytes | None = None) -> Fetched:
    """Fetch and parse one feed; a 304 (nothing changed since the stored ETag) costs nothing more.

    `replay` parses a saved response instead of fetching (tracker run --load).
    """
    if replay is not None:
        body, new_state = replay, None
    else:
        response = client.get(source.url, etag=state.get("etag"), last_modified=state.get("last_modified"))
        if response.moved:  # followed on every run, at a request's cost, until the address is updated
            log.warning("%s: the feed has moved for good (HTTP 301/308) to %s; put that url in feeds.yaml",
                        source.name, response.moved)
        if response.not_modified:
            return Fetched(not_modified=True)
        body = response.content
        new_state = {"etag": response.etag, "last_modified": response.last_modified}
    from ..parse.feeds import parse_feed  # feedparser: loaded when a feed is read, not with the config

    result = parse_feed(body, kind=source.type, base_url=source.url)
    if not result.records and not result.skipped:
        log.warning("%s: the feed has no items", source.name)
    return Fetched(records=result.records, skipped=result.skipped, state=new_state)


def _fetch(ctx) -> Fetched:
    return fetch_feed(ctx.source, ctx.client, ctx.state, replay=ctx.replay)


def _feed_type(name: str, trust: dict[str, int]):
    return SourceType(
        types=(name,), config=FeedSource, fetch=_fetch, state_keys=("etag", "last_modified"),
        address=lambda s: s.url, identity=lambda s: s.url, default_rate=lambda s: 5.0,
        trust={**dict.fromkeys(DERIVED_FIELDS, 99), **trust}, quiet="feeds")


_BIBLIO = ("title", "abstract", "journal", "published", "authors", "publication_types", "mesh", "keywords",
           "language", "doi", "pmid", "pmcid")
# Frontiers names its own article types and links to the publisher's page; PubMed's
# bibliographic data, curated, comes first for the rest.
SOURCE_TYPES = (
    _feed_type("frontiers", {**dict.fromkeys(_BIBLIO, 1), "article_type": 0, "url": 0}),
    _feed_type("rss", {**dict.fromkeys(_BIBLIO, 2), "article_type": 2, "url": 1}),
)
