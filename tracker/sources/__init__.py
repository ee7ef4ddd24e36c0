"""Sources: turn one configured source into records, through the HTTP module and a parser.

Each fetcher returns a Fetched; it never writes to the database (the pipeline does, in one
transaction per source), so a failure halfway leaves nothing half-stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Record


@dataclass
class Fetched:
    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    not_modified: bool = False
    # PMIDs this search found that are stored already (by this or another PubMed source).
    known_pmids: list[str] = field(default_factory=list)
    # What to remember for next time, if this run is stored: etag, last_modified, window_end,
    # refreshed_until.
    # None for a replayed response: the source's state is left as it was.
    state: dict | None = field(default_factory=dict)
