"""PubMed through E-utilities: esearch by Entrez date, then efetch of the records not yet stored.

The window runs from the last successful run minus a few days of overlap (records enter Entrez
days after publication) to today; the first run looks back `lookback_days`. esearch cannot page
past 9,999 records, so a window holding more is split in two until each half fits.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, field_validator

from ..configbase import SourceBase, http_url
from ..errors import FetchError, error_line
from ..parse.pubmed import parse_efetch, parse_esearch
from ..records import Record
from . import Fetched
from .base import DERIVED_FIELDS, SourceType

if TYPE_CHECKING:
    from ..http import HttpClient
    from ..parse.pubmed import EsearchResult

log = logging.getLogger(__name__)

DATE_FMT = "%Y/%m/%d"
NCBI_EUTILS = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"


class PubmedSource(SourceBase):
    type: Literal["pubmed"]
    query: Annotated[str, Field(min_length=1)]
    base_url: str = NCBI_EUTILS
    lookback_days: Annotated[int, Field(ge=1, le=3650)] = 30  # first run: how far back to look
    overlap_days: Annotated[int, Field(ge=0, le=60)] = 3  # records enter Entrez days after publication
    batch_size: Annotated[int, Field(ge=1, le=500)] = 200
    # esearch cannot page past 9,999 records: a larger window is split in two, recursively.
    max_window_records: Annotated[int, Field(ge=1, le=9999)] = 9999
    # Every refresh_days (0: never) one more esearch, by modification date, asks which records
    # entered in the last refresh_horizon_days changed since the last look: stored ones are
    # fetched again (an abstract or MeSH added, a correction), unstored ones that now match the
    # query (MeSH terms arrive weeks after a record) are fetched as new.
    refresh_days: Annotated[int, Field(ge=0, le=365)] = 7
    refresh_horizon_days: Annotated[int, Field(ge=1, le=3650)] = 180
    # Send NCBI_API_KEY to this source? Default: only when base_url is NCBI's own host, so a
    # mirror or a test server never receives the key.
    send_api_key: bool | None = None

    @property
    def api_key_allowed(self) -> bool:
        if self.send_api_key is not None:
            return self.send_api_key
        return re.match(r"^https://eutils\.ncbi\.nlm\.nih\.gov/", self.base_url) is not None
    _check_url = field_validator("base_url")(classmethod(lambda cls, v: http_url(v)))


def api_key(source: PubmedSource) -> str | None:
    """NCBI_API_KEY from the environment (never from feeds.yaml, never logged), if this source may have it."""
    return (os.environ.get("NCBI_API_KEY") or None) if source.api_key_allowed else None


def default_rate(source: PubmedSource) -> float:
    """NCBI allows 3 requests/s, 10/s with an API key; a mirror may say otherwise."""
    if source.requests_per_second:
        return source.requests_per_second
    return 10.0 if api_key(source) else 3.0


class PubmedFetcher:
    def __init__(self, source: PubmedSource, client: HttpClient, tool: str, email: str):
        self.source = source
        self.client = client
        self.base = source.base_url.rstrip("/") + "/"
        self.common = {"db": "pubmed", "tool": tool, "email": email}
        key = api_key(source)
        if key:
            self.common["api_key"] = key

    def search(self, start: date, end: date, datetype: str = "edat", term: str | None = None) -> list[EsearchResult]:
        """esearch over [start, end] by Entrez date (or another date type), split until no
        window exceeds the limit."""
        params = {
            **self.common,
            "term": term or self.source.query,
            "datetype": datetype,
            "mindate": start.strftime(DATE_FMT),
            "maxdate": end.strftime(DATE_FMT),
            "usehistory": "y",
            "retmax": str(self.source.max_window_records),
        }
        result = parse_esearch(self.client.get(self.base + "esearch.fcgi", params=params).content)
        for warning in result.warnings:
            # The server's words, on the terminal of whoever runs it: printable only.
            log.warning("%s: esearch warns: %s", self.source.name, error_line(warning, 300))
        if result.count <= self.source.max_window_records and len(result.ids) >= result.count:
            return [result]
        if start >= end and datetype != "edat" and result.count > self.source.max_window_records:
            # The look for changed records is a best effort: one day of bulk revisions at NCBI
            # (year-end MeSH maintenance) must not block the source for good.
            log.warning("%s: %d records changed on %s, more than esearch can list; refreshing the first %d",
                        self.source.name, result.count, start, len(result.ids))
            return [result]
        if start >= end and result.count <= self.source.max_window_records:
            # not too many to list: a short answer (NCBI's servers out of step, or a glitch)
            raise FetchError(f"esearch counted {result.count} records on {start} but listed only {len(result.ids)}: "
                             "a short answer from NCBI; the next run asks again")
        if start >= end:
            raise FetchError(
                f"{result.count} records on the single Entrez day {start}: more than esearch can list "
                f"({self.source.max_window_records}); narrow the query"
            )
        middle = start + (end - start) // 2
        log.info("window %s..%s holds %d records: splitting", start, end, result.count)
        return self.search(start, middle, datetype, term) + self.search(middle + timedelta(days=1), end, datetype, term)

    def fetch(self, ids: list[str], search: EsearchResult | None,
              on_records: Callable[[list[Record]], None] | None = None) -> tuple[list[Record], list[str]]:
        """efetch by POST in batches: by history-server position when every id is wanted, else by id.

        `on_records` sees each batch's records as soon as they are parsed (a batch that fails
        later still fails the whole source: nothing is stored until every batch has arrived)."""
        records: list[Record] = []
        skipped: list[str] = []
        size = self.source.batch_size
        use_history = search is not None and search.webenv and search.query_key and len(ids) == len(search.ids)
        for offset in range(0, len(ids), size):
            batch = ids[offset : offset + size]
            data = {**self.common, "retmode": "xml", "rettype": "abstract"}
            if use_history:
                data.update(WebEnv=search.webenv, query_key=search.query_key,
                            retstart=str(offset), retmax=str(len(batch)))
            else:
                data["id"] = ",".join(batch)
            result = parse_efetch(self.client.post(self.base + "efetch.fcgi", data=data).content)
            if not result.records and not result.skipped:
                # An empty answer to a request for records esearch just listed is a failure
                # (an expired WebEnv, a server hiccup), never "nothing new": the window must
                # not move past records that were never fetched.
                raise FetchError(f"efetch returned no records for {len(batch)} PMID(s) esearch listed"
                                 f" (offset {offset})")
            records.extend(result.records)
            skipped.extend(result.skipped)
            if on_records is not None:
                on_records(result.records)
            returned = {r.pmid for r in result.records}
            missing = [p for p in batch if p not in returned]
            if missing and len(result.records) + len(result.skipped) < len(batch):
                # A record withdrawn between esearch and efetch: note it, keep the rest.
                skipped.append(f"efetch returned {len(result.records)} of {len(batch)} records; missing PMID "
                               + ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else ""))
        return records, skipped


def fetch_pubmed(
    source: PubmedSource,
    client: HttpClient,
    state: dict,
    known_pmids: Callable[[list[str]], set[str]],
    tool: str,
    email: str,
    today: date | None = None,
    replay: bytes | None = None,
    on_records: Callable[[list[Record]], None] | None = None,
) -> Fetched:
    """One PubMed source for one run: the window, the searches, the efetch of what is new."""
    if replay is not None:
        result = parse_efetch(replay)
        return Fetched(records=result.records, skipped=result.skipped, state=None)
    today = today or date.today()
    if state.get("window_end"):
        start = date.fromisoformat(state["window_end"]) - timedelta(days=source.overlap_days)
    else:
        start = today - timedelta(days=source.lookback_days)
    start = min(start, today)
    fetcher = PubmedFetcher(source, client, tool, email)
    refresh_from = _refresh_from(source, state, today)
    fetched = Fetched(state={"window_end": today.isoformat(),
                             "refreshed_until": today.isoformat() if refresh_from or not state.get("refreshed_until")
                             else state["refreshed_until"]})
    seen: set[str] = set()
    fetched_ids: set[str] = set()
    for search in fetcher.search(start, today):
        ids = [i for i in dict.fromkeys(search.ids) if i not in seen]
        seen.update(ids)
        known = known_pmids(ids) if ids else set()
        wanted = [i for i in ids if i not in known]
        fetched.known_pmids.extend(i for i in ids if i in known)
        log.info("esearch %s: %d ids, %d new", source.name, len(ids), len(wanted))
        if wanted:
            fetched_ids.update(wanted)
            _fetch_into(fetched, fetcher, wanted, search if len(wanted) == len(search.ids) else None, on_records)
    if refresh_from:
        # Which records of the query, entered in the last refresh_horizon_days, did PubMed change
        # since the last look? Fetch them all again, stored or not, unless this run just did.
        horizon = (today - timedelta(days=source.refresh_horizon_days)).strftime(DATE_FMT)
        term = f'({source.query}) AND ("{horizon}"[EDAT] : "3000"[EDAT])'
        for search in fetcher.search(refresh_from, today, datetype="mdat", term=term):
            ids = [i for i in dict.fromkeys(search.ids) if i not in fetched_ids]
            fetched_ids.update(ids)
            log.info("esearch %s, changed since %s: %d ids", source.name, refresh_from, len(ids))
            if ids:
                _fetch_into(fetched, fetcher, ids, search if len(ids) == len(search.ids) else None, on_records)
    return fetched


def _refresh_from(source: PubmedSource, state: dict, today: date) -> date | None:
    """The first modification day to ask about if a look for changed records is due, else None.
    None on a source's first run too: everything was fetched just now."""
    last = state.get("refreshed_until")
    if not source.refresh_days or not last:
        return None
    last_day = date.fromisoformat(last)
    if (today - last_day).days < source.refresh_days:
        return None
    # Changes made later on the day of the last look came after it.
    return min(last_day - timedelta(days=source.overlap_days), today)


def _fetch_into(fetched: Fetched, fetcher: PubmedFetcher, ids: list[str], search: EsearchResult | None,
                on_records) -> None:
    records, skipped = fetcher.fetch(ids, search, on_records)
    fetched.records.extend(records)
    fetched.skipped.extend(skipped)


def _fetch(ctx) -> Fetched:
    return fetch_pubmed(ctx.source, ctx.client, ctx.state, ctx.known_pmids, ctx.tool, ctx.email,
                        today=ctx.today, replay=ctx.replay, on_records=ctx.on_records)


def _source_type():
    return SourceType(
        types=("pubmed",), config=PubmedSource, fetch=_fetch, state_keys=("window_end", "refreshed_until"),
        address=lambda s: s.base_url, identity=lambda s: f"{s.base_url}\n{s.query}", default_rate=default_rate,
        # Curated bibliographic data: believed first, but for the publisher's own article
        # type and page, which a feed knows better.
        trust={**dict.fromkeys(DERIVED_FIELDS, 0), "article_type": 1, "url": 2, "preprint": 99}, quiet="pubmed",
        progress=lambda state: state.get("window_end") and (
            f"Entrez dates searched to {state['window_end']}; changed records looked for to "
            f"{state.get('refreshed_until') or '-'}"))


SOURCE_TYPES = (_source_type(),)
