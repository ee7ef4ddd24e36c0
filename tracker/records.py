"""The record every parser returns: one paper as one source saw it, already normalized."""

from __future__ import annotations

from dataclasses import dataclass, field

# No real title or abstract is this long (the longest PubMed abstracts run to about 10,000
# characters); a feed or E-utilities answer that sends more is cut here, with a marker saying
# so, before anything is stored: a 9 MB abstract made its paper's page take 10 s.
MAX_TITLE = 2_000
MAX_ABSTRACT = 20_000


@dataclass
class Link:
    """A link from this paper to another: an erratum, retraction or update notice."""

    kind: str  # "erratum_in", "retraction_in", "update_in", "retraction_of", "erratum_for", "update_of"
    pmid: str | None = None
    doi: str | None = None
    text: str | None = None  # the citation text PubMed gives (RefSource)


@dataclass
class Record:
    """One paper as parsed from one response. Text fields are clean plain text."""

    title: str
    abstract: str = ""
    # Structured abstracts: [(label, text), ...]; label "" for unlabelled paragraphs.
    abstract_sections: list[tuple[str, str]] = field(default_factory=list)
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    journal: str | None = None
    published: str | None = None  # ISO date at the source's precision: "2024", "2024-05", "2024-05-17"
    authors: list[str] = field(default_factory=list)
    url: str | None = None  # http(s) only
    article_type: str | None = None  # Frontiers <category>, or PubMed's main publication type
    publication_types: list[str] = field(default_factory=list)
    mesh: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    language: str | None = None
    # What the source itself calls the item (guid, PMID): the sighting's key.
    source_key: str | None = None
    # A preprint server's record: {"doi", "server", "version", "posted", "url"}; `doi` above is
    # then the journal version's DOI, once the server knows it.
    preprint: dict | None = None

    def __post_init__(self) -> None:
        self.title = cut(self.title, MAX_TITLE, "title")
        if self.abstract and len(self.abstract) > MAX_ABSTRACT:
            self.abstract = cut(self.abstract, MAX_ABSTRACT, "abstract")
        if sum(len(label or "") + len(text or "") for label, text in self.abstract_sections or ()) > MAX_ABSTRACT:
            self.abstract_sections = _cut_sections(self.abstract_sections, MAX_ABSTRACT)

    def identifiers(self) -> dict[str, str]:
        """The identifiers this record carries, by kind (papers' column names)."""
        ids = {"doi": self.doi, "pmid": self.pmid, "pmcid": self.pmcid,
               "preprint_doi": (self.preprint or {}).get("doi")}
        return {k: v for k, v in ids.items() if v}


@dataclass
class ParseResult:
    """What a parser returns: the records and what it had to skip, with reasons."""

    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def usable(record: Record) -> str | None:
    """Why a record cannot be stored (no title, or nothing to identify it by), or None if it can."""
    if not (record.title or "").strip():
        return "no title"
    if not (record.doi or record.pmid or record.pmcid or record.url or record.source_key):
        return "no DOI, PMID, PMCID or link"
    return None


def cut(text: str, limit: int, what: str) -> str:
    """`text` if it has at most `limit` characters; else its start, at a space where there is one
    near the end, and a marker that says it was cut, the whole at most `limit` characters (so a
    text cut once is never cut again)."""
    if not text or len(text) <= limit:
        return text
    marker = f" [… {what} cut by the tracker: the source sent {len(text):,} characters]"
    room = max(0, limit - len(marker))
    space = text.rfind(" ", max(0, room - 200), room)
    return text[:space if space > 0 else room].rstrip() + marker


def _cut_sections(sections: list[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    """The sections that fit in `limit` characters (labels counted), the one that does not cut
    as `cut` cuts, the rest left out."""
    kept: list[tuple[str, str]] = []
    used = 0
    for label, text in sections:
        room = limit - used - len(label)
        if len(text) > room:
            if room > 200:
                kept.append((label, cut(text, room, "abstract")))
            break
        kept.append((label, text))
        used += len(label) + len(text)
    return kept
