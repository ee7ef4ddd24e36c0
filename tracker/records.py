"""The record every parser returns: one paper as one source saw it, already normalized."""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def identifiers(self) -> dict[str, str]:
        """The identifiers this record carries, by kind."""
        ids = {"doi": self.doi, "pmid": self.pmid, "pmcid": self.pmcid}
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
