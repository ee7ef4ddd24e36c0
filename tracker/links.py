"""The links a paper's identifiers stand for: its DOI at doi.org, its PMID at PubMed, its PMCID
at PubMed Central. The one place these addresses are written; the parsers (a record's `url`),
the digest (article and notice links) and the web UI (the `doi_url`, `pubmed_url` and `pmc_url`
filters) all build them here.

Each returns None for a value that is not that identifier, so a template or a record never
carries a link made from something else. A DOI is percent-encoded where a URL would read it as
more than a path ("?", "#", quotes, spaces) and then passes normalize.safe_url like every link.
"""

from __future__ import annotations

from urllib.parse import quote

from .normalize import safe_url

# What a DOI may keep as it is in a doi.org path; everything else is percent-encoded.
_DOI_SAFE = "/:;()._-"


def safe_href(value: str | None) -> str | None:
    """A link target only if it is an absolute http(s) URL (feeds carry javascript: links)."""
    return safe_url(value) if isinstance(value, str) else None


def doi_url(doi: str | None) -> str | None:
    """https://doi.org/<doi>, or None for no DOI."""
    return safe_url(f"https://doi.org/{quote(doi, safe=_DOI_SAFE)}") if isinstance(doi, str) and doi else None


def pubmed_url(pmid: str | int | None) -> str | None:
    """https://pubmed.ncbi.nlm.nih.gov/<pmid>/, or None unless the PMID is ASCII digits."""
    pmid = "" if pmid is None else str(pmid)
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isascii() and pmid.isdigit() else None


def pmc_url(pmcid: str | None) -> str | None:
    """https://pmc.ncbi.nlm.nih.gov/articles/<pmcid>/, or None unless it reads PMC and digits."""
    ok = isinstance(pmcid, str) and pmcid.startswith("PMC") and pmcid[3:].isascii() and pmcid[3:].isdigit()
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/" if ok else None
