"""tracker.parse.feeds: Frontiers RSS, PubMed saved-search RSS, other RSS/Atom, bodies that are not feeds."""

from pathlib import Path

import feedparser
import pytest

from tracker.errors import ParseError
from tracker.parse import feeds
from tracker.parse.feeds import parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def by_doi(result):
    return {r.doi: r for r in result.records}


def all_text(record) -> str:
    """Every text a record carries, for "this must never appear anywhere" checks."""
    parts = [record.title, record.abstract, record.journal or "", record.url or "",
             record.source_key or "", record.article_type or ""]
    parts += record.authors + record.keywords + [t for pair in record.abstract_sections for t in pair]
    return "\n".join(parts)


# --- Frontiers ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def frontiers():
    return parse_feed(load("frontiers_psychiatry.xml"), kind="frontiers")


def test_frontiers_records_and_skips(frontiers):
    assert [r.doi for r in frontiers.records] == [
        "10.3389/fpsyt.2026.1512345", "10.3389/fpsyt.2026.1498765", "10.3389/fpsyt.2026.1533333",
    ]
    assert len(frontiers.skipped) == 1
    assert "item 4" in frontiers.skipped[0] and "no DOI, PMID or http(s) link" in frontiers.skipped[0]


def test_frontiers_fields(frontiers):
    rec = frontiers.records[0]
    assert rec.title == "Ketamine-assisted couple therapy for depression & relationship distress: a pilot trial"
    # Every <author>, in order (feedparser's own `author` is the last one only).
    assert rec.authors == ["Maren Holt", "Tomás Ibarra-Vidal", "Zoë Ångström"]
    assert rec.published == "2026-05-14"  # lowercase <pubdate>, ISO-8601 with fractional seconds
    assert rec.article_type == "Original Research"
    assert rec.journal == "Frontiers in Psychiatry"
    # DOI from a link ending in /full; the link itself is kept as the URL.
    assert rec.url == "https://www.frontiersin.org/articles/10.3389/fpsyt.2026.1512345/full"
    assert rec.source_key == "https://www.frontiersin.org/articles/10.3389/fpsyt.2026.1512345/full"
    assert rec.pmid is None


def test_frontiers_doi_lowercased_from_link_without_full(frontiers):
    rec = frontiers.records[1]
    assert rec.doi == "10.3389/fpsyt.2026.1498765"
    assert rec.article_type == "Systematic Review"
    assert rec.authors == ["Ada Okonkwo", "Lukas Brenner"]
    assert rec.published == "2026-05-12"


def test_frontiers_run_in_headings_split(frontiers):
    rec = frontiers.records[0]
    assert [label for label, _ in rec.abstract_sections] == [
        "Introduction", "Methods", "Results", "Discussion", "Clinical trial registration",
    ]
    sections = dict(rec.abstract_sections)
    # Ordinary prose mentioning results or methods is not a heading.
    assert sections["Introduction"] == (
        "When one partner lives with depression, both partners carry it. We asked whether the "
        "results of ketamine sessions hold up when the couple does the therapy together."
    )
    assert sections["Methods"].endswith("Outcome methods followed a preregistered plan.")
    # Capitals in prose ("AIMS Scale") are not a glued "Aim" heading.
    assert sections["Results"] == (
        "Depressive symptoms fell by 11.2 points (P < 0.001) and relationship satisfaction rose in "
        "19 of 24 couples. No serious adverse events occurred, and scores on the AIMS Scale did not change."
    )
    assert sections["Clinical trial registration"] == "ClinicalTrials.gov, identifier NCT07012345."
    assert rec.abstract.startswith("Introduction: When one partner lives with depression")
    assert "\n\nMethods: We enrolled 24 couples;" in rec.abstract
    assert rec.abstract.count("\n\n") == 4


def test_frontiers_heading_paragraphs(frontiers):
    # <p>Background</p><p>text</p>: a paragraph that is only a heading labels the next one.
    assert frontiers.records[1].abstract_sections == [
        ("Background", "Trials of psilocybin rarely ask how relatives fare."),
        ("Methods", "We searched five databases up to January 2026."),
        ("Results", "Nine studies met the criteria; most were small."),
    ]


def test_frontiers_hostile_item_is_sanitized(frontiers):
    rec = frontiers.records[2]
    # The javascript: link is dropped; the permalink guid stands in for it.
    assert rec.url == "https://www.frontiersin.org/articles/10.3389/fpsyt.2026.1533333"
    assert rec.abstract_sections == [
        ("Background", "Families are often left out of early psychosis care."),
        ("Methods", "This protocol describes a trial in six clinics. Details follow."),
    ]
    text = all_text(rec).lower()
    assert "script" not in text and "javascript" not in text and "cookie" not in text


def test_frontiers_colon_headings_inside_text():
    body = load("frontiers_psychiatry.xml").replace(
        b"IntroductionWhen one partner", b"Background: When one partner"
    ).replace(b"together.MethodsWe enrolled", b"together. Methods: We enrolled")
    rec = parse_feed(body, kind="frontiers").records[0]
    assert [label for label, _ in rec.abstract_sections][:2] == ["Background", "Methods"]


def test_unlabelled_abstract_has_no_sections():
    body = load("frontiers_psychiatry.xml").replace(
        b"<p>Background</p><p>Trials", b"<p>Trials"
    ).replace(b"<p>Methods</p>", b"").replace(b"<p>Results</p>", b"")
    rec = parse_feed(body, kind="frontiers").records[1]
    assert rec.abstract_sections == []
    assert rec.abstract == (
        "Trials of psilocybin rarely ask how relatives fare.\n\n"
        "We searched five databases up to January 2026.\n\n"
        "Nine studies met the criteria; most were small."
    )


# --- PubMed saved-search RSS ------------------------------------------------------------------

@pytest.fixture(scope="module")
def pubmed():
    return parse_feed(load("pubmed_saved_search.xml"))


def test_pubmed_identifiers_and_fields(pubmed):
    assert pubmed.skipped == []
    rec = pubmed.records[0]
    assert rec.pmid == "41000001"
    assert rec.doi == "10.1016/j.jad.2026.05.012"  # from dc:identifier "doi:10.1016/J.JAD..."
    assert rec.title == "Esketamine nasal spray and dyadic coping in couples facing treatment-resistant depression"
    assert rec.authors == ["Hanna Lindqvist", "Rafael Ortega", "Mei Chen"]
    assert rec.journal == "Journal of affective disorders"  # dc:source
    assert rec.published == "2026-05-12"  # RFC-822 pubDate
    assert rec.url == "https://pubmed.ncbi.nlm.nih.gov/41000001/"  # utm_*, fc, ff, v stripped
    assert rec.source_key == "pubmed:41000001"


def test_pubmed_abstract_from_content_encoded(pubmed):
    rec = pubmed.records[0]
    # The full abstract, not the truncated description, without citation line or footer.
    assert rec.abstract_sections == [
        ("BACKGROUND", "Partners of people with depression shoulder much of the illness."),
        ("METHODS", "Forty couples took part in an open-label study of esketamine with four dyadic coping sessions."),
        ("RESULTS", "Dyadic coping scores rose by 9 points (95% CI 5 to 13)."),
        ("CONCLUSIONS", "Adding couple sessions to esketamine treatment appears feasible."),
    ]
    assert rec.abstract.startswith("BACKGROUND: Partners of people")
    for junk in ("J Affect Disord", "Online ahead of print", "ABSTRACT", "PMID", "DOI:", "..."):
        assert junk not in rec.abstract


def test_pubmed_unstructured_abstract_keywords_and_citation_journal(pubmed):
    rec = pubmed.records[1]
    assert rec.abstract == (
        "Knee osteoarthritis limits walking. We compared walking groups with leaflets in 30 "
        "practices and found a small gain in pain scores at six months."
    )
    assert rec.abstract_sections == []
    assert rec.keywords == ["exercise", "osteoarthritis", "primary care"]
    assert rec.pmcid == "PMC12000002"
    assert rec.journal == "BMJ Open Sport Exerc Med"  # no dc:source: the citation line's abbreviation


def test_pubmed_item_without_abstract_or_dc_identifier(pubmed):
    rec = pubmed.records[2]
    assert rec.abstract == ""
    assert rec.pmid == "41000003"  # from the guid "pubmed:41000003"
    assert rec.doi == "10.1176/appi.ps.20260003"  # from the PMID | DOI footer
    assert rec.journal == "Psychiatric services (Washington, D.C.)"


def test_pubmed_without_abstract_marker_falls_back_to_description():
    body = load("pubmed_saved_search.xml").replace(
        b"<description></description>", b"<description>A short letter on families.</description>"
    )
    assert parse_feed(body).records[2].abstract == "A short letter on families."


# --- Other RSS and Atom -------------------------------------------------------------------------

def test_generic_rss():
    result = parse_feed(load("journal_toc.xml"))
    assert len(result.records) == 1
    rec = result.records[0]
    assert rec.doi == "10.7777/jfte.2026.0101"  # from the link
    assert rec.url == "https://family.example.com/doi/10.7777/jfte.2026.0101?af=R"
    assert rec.journal == "Journal of Family Therapy Examples"  # prism:publicationName
    # dc:creator in order; "email (Name)" in <author> is the same person, once.
    assert rec.authors == ["Ruth Abernethy", "Kenji Sato"]
    assert rec.published == "2026-05-04"
    assert rec.abstract == (
        "Families treated in 2021 were followed for five years.\n\nMost adolescents stayed in remission."
    )
    assert rec.source_key == "jfte-2026-0101"
    assert len(result.skipped) == 2
    assert "item 2" in result.skipped[0] and "no title" in result.skipped[0]
    assert "item 3" in result.skipped[1] and "no DOI, PMID or http(s) link" in result.skipped[1]


def test_atom_feed():
    result = parse_feed(load("atom_preprints.xml"))
    first, second = result.records
    assert first.title == "Psilocybin therapy for couples: a qualitative study"
    assert first.authors == ["Noor Haddad", "Jonas Weber"]
    assert first.doi == "10.5555/ejpr.2026.042"
    assert first.url == "https://journal.example.org/article/10.5555/EJPR.2026.042?page=2"
    assert first.published == "2026-05-13"
    assert first.abstract == (
        "Twelve couples described how psilocybin sessions changed the way they talk.\n\n"
        "Most reported feeling closer; two reported old conflicts resurfacing."
    )
    assert first.source_key == "tag:journal.example.org,2026:article-42"
    assert second.doi == "10.5555/ejpr.2026.043"  # prism:doi
    assert second.journal == "Example Journal of Psychedelic Research"
    assert second.published == "2026-05-11"  # only <updated>
    assert second.url is None  # relative link and no base_url


def test_relative_link_resolved_against_base_url():
    result = parse_feed(load("atom_preprints.xml"), base_url="https://journal.example.org/feed.atom")
    assert result.records[1].url == "https://journal.example.org/article/soil-43"


def test_declared_encoding_mismatch_is_recovered():
    # Declared UTF-8 but written in windows-1252: feedparser recovers (CharacterEncodingOverride).
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title>'
        b"<item><title>Caf\xe9 conversations in family therapy</title>"
        b"<link>https://example.org/a</link></item></channel></rss>"
    )
    (rec,) = parse_feed(body).records
    assert rec.title == "Café conversations in family therapy"


def test_feedparser_only_fallback(monkeypatch):
    # If lxml cannot read the document, feedparser's view still gives usable records.
    monkeypatch.setattr(feeds, "_lxml_root", lambda data, encoding: None)
    rec = parse_feed(load("pubmed_saved_search.xml")).records[0]
    assert (rec.pmid, rec.doi) == ("41000001", "10.1016/j.jad.2026.05.012")
    assert rec.authors == ["Hanna Lindqvist", "Rafael Ortega", "Mei Chen"]
    assert rec.journal == "Journal of affective disorders"


# --- Not a feed ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "body, message",
    [
        (b"", "empty"),
        (b"  \r\n\t ", "empty"),
        (b'{"error":"API rate limit exceeded","count":"4"}', "JSON"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "gzip"),
        (b"Service temporarily unavailable", "not well-formed"),
        (b'<?xml version="1.0"?><note><to>editors</to></note>', "no RSS or Atom root"),
        (b'<rss version="2.0"></rss>', "no <channel>"),
    ],
)
def test_not_a_feed(body, message):
    with pytest.raises(ParseError, match=message):
        parse_feed(body)


@pytest.mark.parametrize("name, message", [
    ("truncated.xml", "not well-formed"),
    ("html_error_page.html", "HTML page"),
])
def test_not_a_feed_fixtures(name, message):
    with pytest.raises(ParseError, match=message):
        parse_feed(load(name), kind="frontiers")


def test_undefined_entity_is_not_well_formed():
    body = load("journal_toc.xml").replace(b"five-year", b"five&nbsp;year")
    with pytest.raises(ParseError, match="undefined entity"):
        parse_feed(body)


def test_feedparser_exception_becomes_parse_error(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(feedparser, "parse", explode)
    with pytest.raises(ParseError, match="RuntimeError: boom"):
        parse_feed(load("journal_toc.xml"))


def test_unknown_kind():
    with pytest.raises(ValueError, match="unknown feed kind"):
        parse_feed(load("journal_toc.xml"), kind="atom")


# --- Never reads files or the network -----------------------------------------------------------

SECRET = "TRACKER-TEST-SECRET-8c1f"


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n")
    return path


def test_body_that_is_a_path_is_not_opened(secret):
    # feedparser.parse(bytes) would open a bytes argument that names a file.
    with pytest.raises(ParseError) as info:
        parse_feed(str(secret).encode())
    assert SECRET not in str(info.value)


def _xxe_feed(doctype: str, title: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n{doctype}\n<rss version="2.0"><channel><title>t</title>'
        f"<item><title>{title}</title><link>https://example.org/a</link>"
        f"<description>{title}</description><author>{title}</author></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize("layout", ["one line", "own lines"])
def test_external_entity_never_read(secret, layout):
    decl = f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
    doctype = f"<!DOCTYPE rss [{decl}]>" if layout == "one line" else f"<!DOCTYPE rss [\n{decl}\n]>"
    try:
        result = parse_feed(_xxe_feed(doctype, "Couples &xxe; therapy"))
    except ParseError as exc:  # the entity is left undefined: not well-formed
        assert SECRET not in str(exc)
        return
    for rec in result.records:
        assert SECRET not in all_text(rec)


def test_external_parameter_entity_and_dtd_never_read(secret):
    doctype = (f'<!DOCTYPE rss SYSTEM "{secret.as_uri()}" [\n'
               f'<!ENTITY % ext SYSTEM "{secret.as_uri()}">\n%ext;\n]>')
    try:
        result = parse_feed(_xxe_feed(doctype, "Couples therapy"))
    except ParseError as exc:
        assert SECRET not in str(exc)
        return
    (rec,) = result.records
    assert rec.title == "Couples therapy"
    assert SECRET not in all_text(rec)
