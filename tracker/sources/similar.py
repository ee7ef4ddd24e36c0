"""PubMed's similar articles of one approved paper: ELink, then ESummary, then efetch.

ELink `cmd=neighbor_score` lists the PMID's neighbours with PubMed's similarity scores. Its
date parameters (`datetype`, `reldate`, `mindate`/`maxdate`) only work with `cmd=neighbor` or
`neighbor_history` (NCBI's ELink documentation), so the neighbours' Entrez dates come from
ESummary instead: the unstored ones, best score first, a batch at a time until enough entered
PubMed in the last `similar_days`. Those, at most `similar_per_paper`, are fetched with efetch
like any PubMed source's records. Every request goes through the PubMed source's client (its
rate limit, retries and size cap) with its tool, email and api_key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..parse.elink import Neighbour, parse_elink, parse_esummary_dates
from ..records import Record
from .pubmed import PubmedFetcher, PubmedSource

if TYPE_CHECKING:  # config.py imports this package (its `sources:` union comes from the registry)
    from ..config import Config

log = logging.getLogger(__name__)

SOURCE = "similar"  # the sightings' source, the runs' and source_state's name


def similar_source(config: Config) -> PubmedSource | None:
    """The PubMed source whose address, contact and limits the look-ups use: the first in
    feeds.yaml. None when they are off (`ranking.similar_per_paper: 0`) or there is no PubMed source."""
    if not config.ranking.similar_per_paper:
        return None
    return next((s for s in config.sources if isinstance(s, PubmedSource)), None)


@dataclass
class Similar:
    """What one look-up found: the neighbours ELink listed, and the records fetched."""

    pmid: str
    neighbours: list[Neighbour] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)  # fetched PMID -> ELink score


def fetch_similar(fetcher: PubmedFetcher, pmid: str, *, limit: int, days: int, today: date,
                  stored: Callable[[list[str]], set[str]]) -> Similar:
    """The top `limit` neighbours of `pmid` by score that `stored` does not know and that
    entered PubMed in the last `days` days, fetched. Raises FetchError or ParseError."""
    found = Similar(pmid)
    params = {**fetcher.common, "dbfrom": "pubmed", "cmd": "neighbor_score", "id": pmid}
    found.neighbours = parse_elink(fetcher.client.get(fetcher.base + "elink.fcgi", params=params).content, pmid)
    candidates = [n.pmid for n in found.neighbours]
    known = stored(candidates) if candidates else set()
    unstored = [p for p in candidates if p not in known]
    since = today - timedelta(days=days)
    wanted: list[str] = []
    # Most neighbours of a paper are years old: ask for dates a batch at a time, best first,
    # and stop as soon as enough recent ones are known.
    size = fetcher.source.batch_size
    for offset in range(0, len(unstored), size):
        batch = unstored[offset : offset + size]
        data = {**fetcher.common, "id": ",".join(batch), "version": "2.0"}
        entered = parse_esummary_dates(fetcher.client.post(fetcher.base + "esummary.fcgi", data=data).content)
        wanted += [p for p in batch if p in entered and entered[p] >= since]
        if len(wanted) >= limit:
            break
    wanted = wanted[:limit]
    log.info("similar to PMID %s: %d neighbours, %d not stored, %d entered since %s",
             pmid, len(candidates), len(unstored), len(wanted), since)
    if wanted:
        found.records, found.skipped = fetcher.fetch(wanted, None)
        scores = {n.pmid: n.score for n in found.neighbours}
        found.scores = {p: scores[p] for p in wanted}
    return found
