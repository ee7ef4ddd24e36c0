"""What a source type declares (see registry.py): kept apart from the table of types so that
each type's module can import it."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..records import Record
from . import Fetched

if TYPE_CHECKING:  # the fetch stack is imported by what fetches, not by loading feeds.yaml
    from ..http import HttpClient

# The fields of a paper that are derived from its sightings, each from the source type trusted
# most for it (merge.derive_fields). Every source type ranks every one of them.
DERIVED_FIELDS = (
    "title", "abstract", "journal", "published", "authors", "publication_types", "mesh", "keywords",
    "language", "doi", "pmid", "pmcid", "article_type", "url", "preprint",
)


@dataclass
class FetchContext:
    """What a fetch may use: never the database for writing (the pipeline stores)."""

    source: object
    client: HttpClient
    state: dict
    known_pmids: Callable[[list[str]], set[str]]
    conn: sqlite3.Connection | None  # for reads only: this thread's connection
    tool: str
    email: str
    today: date | None = None
    replay: bytes | None = None
    on_records: Callable[[list[Record]], None] | None = None


@dataclass(frozen=True)
class SourceType:
    """One source type. `trust` ranks the type per derived field: lower is believed first;
    types that never carry a field rank it last (99)."""

    types: tuple[str, ...]  # the `type:` values it answers to
    config: type  # its pydantic model (a tracker.configbase.SourceBase with `type:` a Literal of `types`)
    fetch: Callable[[FetchContext], Fetched]
    state_keys: tuple[str, ...]  # source_state columns its fetch returns in Fetched.state
    address: Callable[[object], str]  # the URL its requests go to (its host: rate limit, thread)
    identity: Callable[[object], str]  # what, changed, resets its stored state
    default_rate: Callable[[object], float]  # requests a second when requests_per_second is unset
    trust: dict[str, int]
    quiet: str  # its key under health.quiet_days
    # How far it has read, for `tracker status` (from source_state), or None.
    progress: Callable[[dict], str | None] = lambda state: None

    def fingerprint(self, source) -> str:
        return hashlib.sha256(self.identity(source).encode()).hexdigest()[:16]

    def rate(self, source) -> float:
        return source.requests_per_second or self.default_rate(source)
