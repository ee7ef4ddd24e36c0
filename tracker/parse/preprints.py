"""Preprint servers' JSON: medRxiv and bioRxiv (api.biorxiv.org) and PsyArXiv (the OSF API).

Bytes in, records out; never fetch. An answer that is not the JSON the API documents (not
JSON, the wrong shape, a status other than "ok") raises ParseError; a row that cannot be a
paper (no DOI, no title) is skipped with its reason.

api.biorxiv.org `details/<server>/<from>/<to>/<cursor>` lists one row per *version*; the rows
of one DOI become one record holding the latest version. `pubs/<server>/...` lists preprints
published in a journal in the window. Both wrap their rows as
`{"messages": [{"status", "cursor", "count", "total", ...}], "collection": [...]}`, with
`cursor` and `total` sometimes strings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import ParseError
from ..links import doi_url
from ..normalize import clean_text, collapse_ws, iso_from_datetime, normalize_doi, safe_url
from ..records import ParseResult, Record

SERVER_NAMES = {"medrxiv": "medRxiv", "biorxiv": "bioRxiv", "psyarxiv": "PsyArXiv"}
_NO_ROWS = "no posts found"  # api.biorxiv.org's status for an empty window or an unknown DOI


@dataclass
class RxivPage:
    """One page of api.biorxiv.org: its rows and where the listing stands."""

    rows: list[dict] = field(default_factory=list)
    cursor: int = 0
    total: int = 0


def _json(body: bytes, what: str):
    try:
        return json.loads(body)
    except RecursionError:  # arrays nested thousands deep: no API answers that
        raise ParseError(f"{what}: JSON nested too deep") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError(f"{what}: not JSON ({exc.__class__.__name__}: {exc})"[:300]) from None


def _int(value, what: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise ParseError(f"{what}: not a number: {str(value)[:40]!r}") from None


def parse_rxiv_page(body: bytes, what: str = "api.biorxiv.org") -> RxivPage:
    """A `details` or `pubs` page: rows, cursor and total; ParseError on anything else."""
    data = _json(body, what)
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list) or not data["messages"] \
            or not isinstance(data["messages"][0], dict):
        raise ParseError(f"{what}: no 'messages' in the answer")
    message = data["messages"][0]
    status = collapse_ws(str(message.get("status", "")))
    if status.lower() == _NO_ROWS:
        return RxivPage()
    if status.lower() != "ok":
        raise ParseError(f"{what}: status {status[:200]!r}")
    rows = data.get("collection")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ParseError(f"{what}: 'collection' is not a list of rows")
    return RxivPage(rows=rows, cursor=_int(message.get("cursor", 0), what), total=_int(message.get("total", 0), what))


def _authors(text) -> list[str]:
    """"Last, F.; Last, F. M." -> ["F. Last", "F. M. Last"]."""
    names = []
    for part in str(text or "").split(";"):
        part = collapse_ws(clean_text(part))
        if not part:
            continue
        last, _, first = part.partition(",")
        names.append(f"{first.strip()} {last.strip()}".strip())
    return names


def _version(value) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return 0


def rxiv_record(row: dict, server: str, published: dict | None = None) -> Record:
    """One row (the latest version of a preprint) as a record. `published` is a pubs row's
    journal version ({published_doi, published_journal, published_date}) when known."""
    doi = normalize_doi(str(row.get("doi") or row.get("preprint_doi") or row.get("biorxiv_doi") or ""))
    version = _version(row.get("version")) or None
    journal_doi = normalize_doi(str((published or {}).get("published_doi") or row.get("published") or ""))
    if journal_doi == doi:
        journal_doi = None
    posted = iso_from_datetime(str(row.get("date") or row.get("preprint_date") or ""))
    name = SERVER_NAMES.get(server, server)
    url = safe_url(f"https://www.{server}.org/content/{doi}v{version}") if version else doi_url(doi)
    journal = collapse_ws(str((published or {}).get("published_journal") or "")) or None
    record = Record(
        title=clean_text(str(row.get("title") or row.get("preprint_title") or "")),
        abstract=clean_text(str(row.get("abstract") or row.get("preprint_abstract") or "")),
        doi=journal_doi,
        # While no journal version is known the paper is the preprint: the server is its
        # journal and "Preprint" its type (the digest's label). After, those come from the
        # journal version (its own sighting, or the pubs row).
        journal=journal if journal_doi else name,
        published=posted,
        authors=_authors(row.get("authors") or row.get("preprint_authors")),
        url=url,
        article_type=None if journal_doi else "Preprint",
        publication_types=[] if journal_doi else ["Preprint"],
        keywords=[k for k in [collapse_ws(str(row.get("category") or row.get("preprint_category") or ""))] if k],
        source_key=doi,
        preprint={"doi": doi, "server": server, "version": version, "posted": posted, "url": url},
    )
    return record


def in_categories(category, categories) -> bool:
    """Is a row's category among a source's `categories:` (all of them when none are named)?
    Compared as the record keeps it: spaces collapsed, letter case ignored."""
    if not categories:
        return True
    return collapse_ws(str(category or "")).casefold() in {c.casefold() for c in categories}


def rxiv_records(rows: list[dict], server: str, categories: list[str] | None = None,
                 published: dict[str, dict] | None = None) -> ParseResult:
    """`details` rows -> one record per DOI, its latest version, optionally only some
    categories; `published` maps preprint DOI -> its pubs row."""
    result = ParseResult()
    latest: dict[str, dict] = {}
    for row in rows:
        doi = normalize_doi(str(row.get("doi") or ""))
        if not doi:
            result.skipped.append(f"a row without a DOI: {collapse_ws(str(row.get('title') or ''))[:80]!r}")
            continue
        if not in_categories(row.get("category"), categories):
            continue
        if doi not in latest or _version(row.get("version")) >= _version(latest[doi].get("version")):
            latest[doi] = row
    for doi, row in latest.items():
        record = rxiv_record(row, server, (published or {}).get(doi))
        if not record.title:
            result.skipped.append(f"{doi}: no title")
            continue
        result.records.append(record)
    return result


def pubs_link(row: dict) -> tuple[str, dict] | None:
    """A `pubs` row -> (preprint DOI, the row) when it names both DOIs, else None."""
    doi = normalize_doi(str(row.get("preprint_doi") or row.get("biorxiv_doi") or ""))
    journal_doi = normalize_doi(str(row.get("published_doi") or ""))
    if not doi or not journal_doi or doi == journal_doi:
        return None
    return doi, row


# -- PsyArXiv (OSF API, JSON:API) ------------------------------------------------------------

def parse_osf_page(body: bytes, categories: list[str] | None = None) -> tuple[ParseResult, str | None]:
    """One page of /v2/preprints/: its records and the `links.next` URL (None on the last)."""
    what = "api.osf.io"
    data = _json(body, what)
    if not isinstance(data, dict):
        raise ParseError(f"{what}: the answer is not a JSON object")
    if data.get("errors"):
        first = _list(data["errors"])[0] if _list(data["errors"]) else data["errors"]
        detail = first.get("detail") if isinstance(first, dict) else first
        raise ParseError(f"{what}: error: {collapse_ws(str(detail))[:200]}")
    items = data.get("data")
    if not isinstance(items, list):
        raise ParseError(f"{what}: no 'data' list in the answer")
    links = data.get("links") if isinstance(data.get("links"), dict) else {}
    next_url = links.get("next")
    if next_url is not None and not (isinstance(next_url, str) and safe_url(next_url)):
        raise ParseError(f"{what}: links.next is not an http(s) URL")
    wanted = {c.casefold() for c in categories or []}
    result = ParseResult()
    for item in items:
        if not isinstance(item, dict):
            result.skipped.append("an item that is not an object")
            continue
        record = _osf_record(item)
        if isinstance(record, str):
            result.skipped.append(record)
            continue
        if wanted and not wanted & {k.casefold() for k in record.keywords}:
            continue
        result.records.append(record)
    return result, next_url


def parse_osf_preprint(body: bytes) -> Record | None:
    """One /v2/preprints/<id>/ answer: its record, or None if it cannot be one."""
    data = _json(body, "api.osf.io")
    if not isinstance(data, dict) or not isinstance(data.get("data"), dict):
        raise ParseError("api.osf.io: no 'data' object in the answer")
    record = _osf_record(data["data"])
    return record if isinstance(record, Record) else None


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _osf_record(item: dict) -> Record | str:
    attrs = item.get("attributes") if isinstance(item.get("attributes"), dict) else {}
    links = item.get("links") if isinstance(item.get("links"), dict) else {}
    osf_id = collapse_ws(str(item.get("id") or ""))
    doi = normalize_doi(str(links.get("preprint_doi") or ""))
    if not doi:
        return f"PsyArXiv item {osf_id[:40]!r}: no preprint DOI"
    title = clean_text(str(attrs.get("title") or ""))
    if not title:
        return f"{doi}: no title"
    # `attributes.doi` is the DOI of the peer-reviewed article, when the authors gave one.
    journal_doi = normalize_doi(str(attrs.get("doi") or ""))
    if journal_doi == doi:
        journal_doi = None
    posted = iso_from_datetime(str(attrs.get("date_published") or attrs.get("date_created") or ""))
    version = _version(attrs.get("version")) or None
    url = safe_url(str(links.get("html") or "")) or doi_url(doi)
    subjects = []
    for group in _list(attrs.get("subjects")):
        for subject in group if isinstance(group, list) else [group]:
            text = collapse_ws(str(subject.get("text") if isinstance(subject, dict) else subject or ""))
            if text and text not in subjects:
                subjects.append(text)
    tags = [collapse_ws(str(t)) for t in _list(attrs.get("tags")) if collapse_ws(str(t))]
    return Record(
        title=title,
        abstract=clean_text(str(attrs.get("description") or "")),
        doi=journal_doi,
        journal=None if journal_doi else "PsyArXiv",
        published=posted,
        authors=_osf_authors(item),
        url=url,
        article_type=None if journal_doi else "Preprint",
        publication_types=[] if journal_doi else ["Preprint"],
        keywords=subjects + [t for t in tags if t not in subjects],
        source_key=doi,
        preprint={"doi": doi, "server": "psyarxiv", "version": version, "posted": posted, "url": url},
    )


def _osf_authors(item: dict) -> list[str]:
    """Names from `embeds.contributors` (asked for with embed=contributors), bibliographic only."""
    contributors = _dict(_dict(item.get("embeds")).get("contributors")).get("data")
    names = []
    for contributor in _list(contributors):
        if not isinstance(contributor, dict):
            continue
        attrs = contributor.get("attributes") if isinstance(contributor.get("attributes"), dict) else {}
        if attrs.get("bibliographic") is False:
            continue
        user = _dict(_dict(_dict(contributor.get("embeds")).get("users")).get("data"))
        name = collapse_ws(str(_dict(user.get("attributes")).get("full_name") or ""))
        name = name or collapse_ws(str(attrs.get("unregistered_contributor") or ""))
        if name:
            names.append(name)
    return names
