"""PubMed's similar articles: ELink neighbour lists and the ESummary dates that filter them.

An ELink `cmd=neighbor_score` answer holds one `LinkSet` per input PMID, and in it one
`LinkSetDb` per kind of link: `pubmed_pubmed` is "Similar articles" (the others, such as
`pubmed_pubmed_reviews` or `pubmed_pubmed_refs`, are subsets or citations and are ignored).
PubMed lists the input PMID itself among its neighbours, with the largest score there is.

Like every E-utility, ELink and ESummary report errors with HTTP 200 (`<ERROR>`, a reply with
no `LinkSet` at all during an outage): each raises `ParseError`, never reads as "no neighbours".
Parsing is lxml's with the efetch parser's options: no entities, no DTD, no network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lxml import etree

from tracker.errors import ParseError
from tracker.normalize import collapse_ws, normalize_pmid
from tracker.parse.pubmed import _PARSER_OPTIONS, _int, _text

SIMILAR_LINK = "pubmed_pubmed"


@dataclass(frozen=True)
class Neighbour:
    pmid: str
    score: int


def _root(data: bytes, what: str, tag: str):
    if not data or data.isspace():
        raise ParseError(f"{what} response is empty")
    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"{what} response is not well-formed XML (truncated or not XML): {exc}") from exc
    if root.tag != tag:
        raise ParseError(f"{what} response is not an {tag} (root element: {root.tag!r})")
    for error in root.iter("ERROR"):
        message = _text(error)
        if message:  # an empty <ERROR/> means "no error"
            raise ParseError(f"{what} returned an error: {message}")
    return root


def parse_elink(data: bytes, pmid: str) -> list[Neighbour]:
    """The similar articles of `pmid` in an ELink neighbor_score answer, highest score first,
    without `pmid` itself. An empty list is a real answer (a record PubMed has not yet
    computed neighbours for); an answer without any LinkSet raises ParseError."""
    root = _root(data, "elink", "eLinkResult")
    linksets = list(root.iterchildren("LinkSet"))
    if not linksets:
        raise ParseError(f"elink answer for PMID {pmid} has no LinkSet")
    # One PMID was asked about; should the answer hold several sets, only its own counts.
    mine = [ls for ls in linksets if pmid in {normalize_pmid(i.text) for i in ls.iterfind("IdList/Id")}]
    linksets = mine or linksets
    best: dict[str, int] = {}
    for linkset in linksets:
        for db in linkset.iterchildren("LinkSetDb"):
            if collapse_ws(db.findtext("LinkName")) != SIMILAR_LINK:
                continue
            for link in db.iterchildren("Link"):
                neighbour = normalize_pmid(link.findtext("Id"))
                if neighbour is None or neighbour == pmid:
                    continue
                score = _int(link.findtext("Score")) or 0
                best[neighbour] = max(score, best.get(neighbour, 0))
    ranked = sorted(best.items(), key=lambda item: (-item[1], int(item[0])))
    return [Neighbour(p, s) for p, s in ranked]


def parse_esummary_dates(data: bytes) -> dict[str, date]:
    """PMID -> the day it entered PubMed (its Entrez date), from an ESummary version 2.0 answer.

    A document summary that carries an `<error>` (an unknown or withdrawn PMID) or no usable
    date is left out: nobody can tell that it is recent. An answer with no DocumentSummary at all
    raises ParseError (it was asked for at least one)."""
    root = _root(data, "esummary", "eSummaryResult")
    summaries = list(root.iterfind("DocumentSummarySet/DocumentSummary"))
    if not summaries:
        raise ParseError("esummary answer has no DocumentSummary")
    dates: dict[str, date] = {}
    for summary in summaries:
        pmid = normalize_pmid(summary.get("uid"))
        if pmid is None or summary.find("error") is not None:
            continue
        history = {collapse_ws(item.findtext("PubStatus")): collapse_ws(item.findtext("Date"))
                   for item in summary.iterfind("History/PubMedPubDate")}
        # The Entrez date is when the record entered PubMed; "pubmed" is the same day on
        # records that lack it.
        day = _day(history.get("entrez")) or _day(history.get("pubmed"))
        if day is not None:
            dates[pmid] = day
    return dates


def _day(value: str | None) -> date | None:
    """"2026/11/18 06:00" (or "2026/11/18") -> date; None if not such a date."""
    try:
        return date(*map(int, (value or "").split(" ")[0].split("/")))
    except (TypeError, ValueError, OverflowError):
        return None
