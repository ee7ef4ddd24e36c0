"""tracker/links.py: the one place a DOI, PMID or PMCID becomes a link."""

import pytest

from tracker.links import doi_url, pmc_url, pubmed_url


def test_a_doi_links_to_doi_org_with_what_a_path_cannot_hold_encoded():
    assert doi_url("10.3389/fpsyt.2024.1234567") == "https://doi.org/10.3389/fpsyt.2024.1234567"
    assert doi_url("10.1002/(SICI)1097-4679(199903)55:3<287::AID-JCLP1>3.0.CO;2-D") == (
        "https://doi.org/10.1002/(SICI)1097-4679(199903)55:3%3C287::AID-JCLP1%3E3.0.CO;2-D")
    # "?" and "#" would start a query (its parameters then filtered) or a fragment (dropped).
    assert doi_url("10.1000/a?utm_source=x#frag") == "https://doi.org/10.1000/a%3Futm_source%3Dx%23frag"
    assert doi_url('10.1000/"><script>') == "https://doi.org/10.1000/%22%3E%3Cscript%3E"


@pytest.mark.parametrize("value", [None, "", 10])
def test_no_doi_no_link(value):
    assert doi_url(value) is None


def test_a_pmid_links_to_pubmed_only_when_it_is_ascii_digits():
    assert pubmed_url("34902460") == "https://pubmed.ncbi.nlm.nih.gov/34902460/"
    assert pubmed_url(34902460) == "https://pubmed.ncbi.nlm.nih.gov/34902460/"  # paper_links may hold a number
    for value in (None, "", "PMID 1", "12a", "١٢٣", "²", "1/../x"):
        assert pubmed_url(value) is None, value


def test_a_pmcid_links_to_pmc_only_when_it_reads_pmc_and_digits():
    assert pmc_url("PMC1234567") == "https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/"
    for value in (None, "", "PMC", "1234567", "pmc123", "PMC12x", "PMC١٢"):
        assert pmc_url(value) is None, value


def test_the_parsers_and_every_template_build_links_here():
    from tracker import templating
    from tracker.parse import preprints, pubmed

    assert templating.FILTERS["doi_url"] is doi_url and templating.FILTERS["pubmed_url"] is pubmed_url
    assert templating.FILTERS["pmc_url"] is pmc_url
    assert pubmed.pubmed_url is pubmed_url and preprints.doi_url is doi_url


def test_no_other_module_writes_these_addresses():
    from pathlib import Path

    import tracker

    root = Path(tracker.__file__).parent
    builders = [str(p.relative_to(root)) for p in root.rglob("*.py") if p.name != "links.py" and any(
        f'"{host}' in text or f"'{host}" in text or f'f"{host}' in text
        for text in [p.read_text().replace("https://", "")] for host in (
            "doi.org/{", "pubmed.ncbi.nlm.nih.gov/{", "pmc.ncbi.nlm.nih.gov/articles/{"))]
    assert builders == []
