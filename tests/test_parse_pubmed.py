"""tracker.parse.pubmed: efetch and esearch XML -> records, on fixtures written for these tests."""

from __future__ import annotations

import io
from dataclasses import asdict
from pathlib import Path

import pytest

from tracker.errors import ParseError
from tracker.parse.pubmed import (
    EsearchResult,
    iter_efetch,
    parse_efetch,
    parse_esearch,
    without_reference_lists,
)
from tracker.records import Link

FIXTURES = Path(__file__).parent / "fixtures" / "pubmed"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def records_by_pmid(name: str) -> dict:
    return {r.pmid: r for r in parse_efetch(load(name)).records}


def all_text(record) -> str:
    """Every string a record holds, for "this must not appear anywhere" checks."""
    return repr(asdict(record))


# --- field table: (fixture, pmid, {field: expected}) ---------------------------------------

FIELDS = [
    # Structured abstract, inline markup, numeric character references, reference list.
    ("efetch_structured.xml", "99000101", {
        "title": "Ketamine-assisted psychotherapy versus ketamine alone for treatment-resistant "
                 "depression: a randomised trial with 5-HT2A imaging.",
        "doi": "10.5555/kap.2025.0101",  # PubmedData's DOI, normalized to lower case
        "pmcid": "PMC9900101",
        "journal": "Journal of psychedelic care (Example)",
        "published": "2025-02-14",  # the issue date, not the earlier ArticleDate
        "authors": ["Aroha Ngata", "Renée Beaulieu", "Søren Østergård"],
        "url": "https://pubmed.ncbi.nlm.nih.gov/99000101/",
        "source_key": "99000101",
        "article_type": "Randomized Controlled Trial",
        "publication_types": ["Journal Article", "Randomized Controlled Trial",
                              "Research Support, Non-U.S. Gov't"],
        "mesh": ["Depressive Disorder, Treatment-Resistant", "Humans", "Ketamine", "Psychotherapy"],
        "keywords": ["ketamine", "N-methyl-D-aspartate", "psychotherapy"],
        "language": "eng",
        "links": [Link(kind="erratum_in", pmid="99000177", doi="10.5555/kap.2025.0177",
                       text="J Psychedelic Care. 2025 Apr 1;16:1777. doi: 10.5555/kap.2025.0177.")],
    }),
    # Retracted RCT: no abstract, no MeSH, DOI only in ELocationID, Season date, author forms.
    ("efetch_notices.xml", "99000201", {
        "title": "Emotionally focused couple therapy for partners of veterans: a randomized trial.",
        "abstract": "",
        "abstract_sections": [],
        "mesh": [],
        "doi": "10.5555/ect.2024.0201",
        "pmcid": None,
        "published": "2024",
        "authors": ["Chidi Okafor Jr", "MJ Lindqvist", "Example Couples Study Group"],
        "article_type": "Retracted Publication",
        "publication_types": ["Journal Article", "Randomized Controlled Trial", "Retracted Publication"],
        "links": [Link(kind="retraction_in", pmid="99000202",
                       text="Example J Couple Fam Ther. 2025 Jun 3;32(3):88")],
    }),
    ("efetch_notices.xml", "99000202", {
        "article_type": "Retraction of Publication",
        "published": "2025-06-03",
        "authors": [],
        "links": [Link(kind="retraction_of", pmid="99000201", doi="10.5555/ect.2024.0201",
                       text="Example J Couple Fam Ther. 2024 Spring;31(2):40-52. doi: 10.5555/ect.2024.0201")],
    }),
    ("efetch_notices.xml", "99000203", {
        "article_type": "Published Erratum",
        "abstract": "[This corrects the article PMID 99000101.]",
        "links": [Link(kind="erratum_for", pmid="99000101", text="J Psychedelic Care. 2025 Feb 14;16:1501")],
    }),
    ("efetch_notices.xml", "99000204", {
        "article_type": "Meta-Analysis",
        # Label="UNLABELLED" is PubMed's way of saying "no label".
        "abstract": "Seven example trials were pooled.\n\nIMPLICATIONS: Effects were moderate.",
        "abstract_sections": [("", "Seven example trials were pooled."), ("IMPLICATIONS", "Effects were moderate.")],
        "doi": "10.5555/erp.2023.0204",  # resolver prefix removed
        "published": "2023-12",
        "links": [
            Link(kind="update_of", pmid="99000190", text="Example Rev Psychiatry. 2020;6:1-20"),
            Link(kind="update_in", pmid="99000290", text="Example Rev Psychiatry. 2026;12:5-30"),
            Link(kind="expression_of_concern_in", text="Example Rev Psychiatry. 2024;10:99"),
        ],
    }),
    # Date forms.
    ("efetch_dates.xml", "99000301", {"published": "1998-12"}),  # MedlineDate "1998 Dec-1999 Jan"
    ("efetch_dates.xml", "99000302", {"published": "1977"}),  # "1977 Fall-Winter"
    ("efetch_dates.xml", "99000303", {"published": "2000"}),  # "2000 Spring"
    ("efetch_dates.xml", "99000304", {"published": "2000"}),  # Year + Season
    ("efetch_dates.xml", "99000305", {"published": "2021-07-31"}),  # numeric month
    ("efetch_dates.xml", "99000306", {"published": "2019-09"}),
    ("efetch_dates.xml", "99000307", {"published": "2023-11-05"}),  # unreadable PubDate -> ArticleDate
    ("efetch_dates.xml", "99000308", {"published": "2022-03-09"}),  # -> History PubStatus="pubmed"
    ("efetch_dates.xml", "99000309", {"published": "1979"}),  # "1979-1980 Fall-Winter"
    ("efetch_dates.xml", "99000310", {"published": "2021-04"}),  # "2021 Apr-Jun 01"
    # Raw UTF-8 and the same text as numeric character references.
    ("efetch_text_forms.xml", "99000401", {
        "title": "Thérapie de couple et anxiété : effets à 12 mois (β = 0,4 ; ≤ 5 %)",
        "abstract": "Les partenaires (n = 48) ont rapporté une baisse de l’anxiété — surtout chez les "
                    "couples « à risque ».",
        "journal": "Revue d’exemple de thérapie familiale",
        "authors": ["Zoë Müller-Çelik"],
        "language": "fre",
        "article_type": "Observational Study",
    }),
    ("efetch_text_forms.xml", "99000402", {
        "title": "Thérapie de couple et anxiété : effets à 12 mois (β = 0,4 ; ≤ 5 %)",
        "abstract": "Les partenaires (n = 48) ont rapporté une baisse de l’anxiété — surtout chez les "
                    "couples « à risque ».",
        "journal": "Revue d’exemple de thérapie familiale",
        "authors": ["Zoë Müller-Çelik"],
    }),
    # Pretty-printed mixed content collapses to single spaces (the space before "." is in the data).
    ("efetch_text_forms.xml", "99000403", {
        "title": "Single-dose psilocybin with partner-supported integration: an open-label pilot .",
        "abstract": "AIMS: We tested whether psilocybin (25 mg) with partner sessions is feasible.\n\n"
                    "FINDINGS: Ten of 12 couples completed; scores fell by 9.1 points.",
        "journal": "Example journal of psychedelic studies",
        "authors": ["Layla Haddad"],
        "keywords": ["couple therapy"],
        "pmid": "99000403",
        "doi": "10.5555/jps.2025.0403",
        "article_type": "Clinical Trial, Phase II",
    }),
    # MathML flattened compactly; <sup> flattened; Comment outranks Letter.
    ("efetch_mathml.xml", "99000501", {
        "title": "Esketamine dosing by Cmax in adults over 65",
        "abstract": "Peak plasma levels ( Cmax ≥40 ng/mL) were reached in 18% of patients; "
                    "13C-labelled tracer was used.",
        "doi": None,
        "article_type": "Comment",
    }),
    # Empty ArticleTitle -> VernacularTitle; no Abstract -> OtherAbstract.
    ("efetch_mathml.xml", "99000502", {
        "title": "Paartherapie bei chronischem Schmerz: eine Beispielstudie.",
        "abstract": "Paare mit chronischem Schmerz profitierten von zehn Sitzungen.",
        "journal": "Beispielzeitschrift für Paartherapie",
        "published": "2023",
        "language": "ger",
        "article_type": "Journal Article",
    }),
    # Book chapter: the book is the container, the chapter's own date and authors.
    ("efetch_book.xml", "99000601", {
        "title": "Family therapy when a parent uses ketamine",
        "journal": "Example Handbook of Relational Therapy",
        "doi": "10.5555/hrt.ch3",
        "published": "2024-10-01",
        "authors": ["Hiro Tanaka", "Abena Mensah"],
        "abstract": "SUMMARY: Families can support a parent through recovery.\n\n"
                    "PRACTICE POINTS: Involve children in age-appropriate ways.",
        "abstract_sections": [("SUMMARY", "Families can support a parent through recovery."),
                              ("PRACTICE POINTS", "Involve children in age-appropriate ways.")],
        "article_type": "Review",
        "keywords": ["family therapy"],
        "url": "https://pubmed.ncbi.nlm.nih.gov/99000601/",
        "language": "eng",
    }),
    # Whole book: its title, its publisher as container, its editors as authors.
    ("efetch_book.xml", "99000602", {
        "title": "Example Family Therapy Reviews®",
        "journal": "Example University Press",
        "doi": None,
        "published": "2019-05",
        "authors": ["Giulia Rossi", "Marc Dubois"],
        "abstract": "Peer-reviewed summaries of family and couple therapy approaches.",
        "article_type": None,
        "publication_types": [],
    }),
]


@pytest.mark.parametrize(("fixture", "pmid", "expected"), FIELDS,
                         ids=[f"{f}:{p}" for f, p, _ in FIELDS])
def test_record_fields(fixture, pmid, expected):
    record = records_by_pmid(fixture)[pmid]
    for name, value in expected.items():
        assert getattr(record, name) == value, name


def test_structured_abstract_labels_and_nlm_category_fallback():
    record = records_by_pmid("efetch_structured.xml")["99000101"]
    assert [label for label, _ in record.abstract_sections] == [
        "BACKGROUND", "METHODS", "Results", "CONCLUSIONS", "TRIAL REGISTRATION"]
    # Inline <i>/<sup> and character references flattened to plain characters.
    assert record.abstract_sections[1][1] == (
        "Adults (n = 120) received six infusions of 0.5 mg·kg−1 with or without eight sessions "
        "of structured psychotherapy.")
    paragraphs = record.abstract.split("\n\n")
    assert paragraphs[2] == ("Results: Remission at week 12 was 41% with psychotherapy and 22% without "
                             "(p < 0.01); the β-coefficient for the interaction was 0.31.")
    assert len(paragraphs) == 5
    assert "Copyright" not in record.abstract


def test_reference_list_does_not_leak_into_the_record():
    for fixture, pmid in (("efetch_structured.xml", "99000101"), ("efetch_book.xml", "99000601")):
        record = records_by_pmid(fixture)[pmid]
        text = all_text(record)
        for foreign in ("10.5555/ref.", "PMC9900011", "99000011", "99000012", "99000611"):
            assert foreign not in text, (pmid, foreign)
    # "Cites" and "CommentIn" are not links.
    links = records_by_pmid("efetch_structured.xml")["99000101"].links
    assert [link.kind for link in links] == ["erratum_in"]


PROLOG = b'<?xml version="1.0"?>\n<!-- ' + b"an example written for these tests " * 30 + b"-->\n"
REFS_DOC = PROLOG + (
    b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation><PubmedData>"
    b"<ArticleIdList><ArticleId IdType=\"pubmed\">1</ArticleId></ArticleIdList>\n  "
    b"<ReferenceList><Title>References</Title><Reference><Citation>A</Citation></Reference>"
    b"<ReferenceList><Reference><ArticleIdList><ArticleId IdType=\"pubmed\">99</ArticleId></ArticleIdList>"
    b"</Reference></ReferenceList></ReferenceList>\n  "
    b"<ReferenceList><Reference><Citation>B</Citation></Reference></ReferenceList>"
    b"</PubmedData></PubmedArticle></PubmedArticleSet>"
)
REFS_CUT = PROLOG + (
    b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation><PubmedData>"
    b"<ArticleIdList><ArticleId IdType=\"pubmed\">1</ArticleId></ArticleIdList>\n  \n  "
    b"</PubmedData></PubmedArticle></PubmedArticleSet>"
)


def cut_in_pieces(data: bytes, size: int) -> bytes:
    return b"".join(without_reference_lists(iter([data[i : i + size] for i in range(0, len(data), size)])))


@pytest.mark.parametrize("size", [1, 2, 7, 15, 16, 64, 10_000])
def test_reference_lists_are_cut_out_wherever_the_pieces_break(size):
    """Nested lists included, and whether a tag arrives whole or split across pieces."""
    assert cut_in_pieces(REFS_DOC, size) == REFS_CUT


@pytest.mark.parametrize("inside", [
    b"<!-- a comment -->", b"<![CDATA[ text ]]>", b"<?pi x?>", b"<ReferenceList kind=\"x\"></ReferenceList>",
])
def test_unusual_reference_lists_pass_through_untouched(inside):
    doc = REFS_DOC.replace(b"<Citation>B</Citation>", b"<Citation>B</Citation>" + inside)
    out = cut_in_pieces(doc, 5)
    assert inside in out  # that block stays whole; the plain one before it is still cut
    assert b"<Citation>A</Citation>" not in out and b"<Citation>B</Citation>" in out


def test_an_unclosed_reference_list_reaches_the_parser_and_fails_the_batch():
    truncated = REFS_DOC[: REFS_DOC.index(b"<Citation>B")]
    assert cut_in_pieces(truncated, 9).endswith(b"<ReferenceList><Reference>")
    with pytest.raises(ParseError, match="not well-formed"):
        parse_efetch(truncated)


def test_a_reference_list_too_long_to_hold_ends_the_cutting_and_still_stays_out(monkeypatch):
    import tracker.parse.pubmed as pubmed

    monkeypatch.setattr(pubmed, "_REFS_HOLD", 100)  # list A is ~200 bytes, B ~80
    monkeypatch.setattr(pubmed, "_PIECE", 16)
    out = cut_in_pieces(REFS_DOC, 16)
    assert out == REFS_DOC  # from the first block too long to hold, the bytes go on as sent
    source = load("efetch_structured.xml")
    assert [asdict(r) for r in parse_efetch(source).records] == [
        asdict(r) for r in pubmed.iter_efetch(io.BytesIO(source))]
    # Uncut reference lists are still never read into the record.
    assert "99000011" not in all_text(records_by_pmid("efetch_structured.xml")["99000101"])


def parse_uncut(data: bytes, monkeypatch):
    """What the parser makes of the document as sent (no cutting), for comparison."""
    import tracker.parse.pubmed as pubmed

    with monkeypatch.context() as patch:
        patch.setattr(pubmed, "without_reference_lists", lambda pieces: pieces)
        try:
            return [asdict(r) for r in parse_efetch(data).records]
        except ParseError as exc:
            return f"ParseError: {str(exc)[:40]}"


def outcome(data: bytes):
    try:
        return [asdict(r) for r in parse_efetch(data).records]
    except ParseError as exc:
        return f"ParseError: {str(exc)[:40]}"


ONE_ARTICLE = load("efetch_structured.xml")


CUT_CASES = [
    ("reference-list tags inside CDATA in a title",
     ONE_ARTICLE.replace(b"<ArticleTitle>", b"<ArticleTitle><![CDATA[a <ReferenceList>b</ReferenceList> c]]>")),
    ("a processing instruction opening inside a block",
     ONE_ARTICLE.replace(b"<ReferenceList>", b"<ReferenceList><?pi </ReferenceList>?>", 1)),
    ("a block glued into a tag name",
     ONE_ARTICLE.replace(b"<ArticleIdList>", b"<Article<ReferenceList></ReferenceList>IdList>", 1)),
    ("a comment before the block",
     ONE_ARTICLE.replace(b"<ReferenceList>", b"<!-- <ReferenceList> --><ReferenceList>", 1)),
    ("UTF-16", ONE_ARTICLE.decode().encode("utf-16")),
]


@pytest.mark.parametrize("name, document", CUT_CASES, ids=[name for name, _ in CUT_CASES])
def test_the_cut_never_changes_what_the_document_says(name, document, monkeypatch):
    assert outcome(document) == parse_uncut(document, monkeypatch), name


@pytest.mark.parametrize("document", [
    b"<PubmedArticleSet>" + b"<ReferenceList>" * 20_000 + b"</ReferenceList>" * 20_000 + b"</PubmedArticleSet>",
    b"<PubmedArticleSet><PubmedArticle>" + b"<ReferenceList>" * 600_000,
    b"<PubmedArticleSet><PubmedArticle><ReferenceList>" + b"<Reference>x</Reference>" * 150_000,
], ids=["20,000 nested lists", "600,000 unclosed lists", "one unclosed 3 MB list"])
def test_hostile_reference_lists_fail_fast(document):
    import time

    start = time.perf_counter()
    with pytest.raises(ParseError):
        parse_efetch(document)
    assert time.perf_counter() - start < 2


def test_invalid_author_is_skipped():
    record = records_by_pmid("efetch_notices.xml")["99000201"]
    assert not any("Okafr" in name for name in record.authors)


def test_char_refs_and_raw_utf8_agree():
    records = records_by_pmid("efetch_text_forms.xml")
    raw, refs = asdict(records["99000401"]), asdict(records["99000402"])
    for key in ("pmid", "url", "source_key"):
        raw.pop(key), refs.pop(key)
    assert raw == refs


def test_no_title_no_identifier_is_skipped_with_reason():
    result = parse_efetch(load("efetch_skip.xml"))
    assert [r.pmid for r in result.records] == ["99000701", "99000704"]
    assert len(result.skipped) == 2
    assert "PubmedArticle #2" in result.skipped[0] and "no title" in result.skipped[0]
    assert result.skipped[1].startswith("PubmedArticle #3 (PMID 99000703): unreadable")


def test_empty_article_set_is_valid():
    assert parse_efetch(load("efetch_empty.xml")).records == []
    assert parse_efetch(b"<PubmedArticleSet/>").records == []


def test_iter_efetch_streams_from_file_objects_and_bytes(tmp_path):
    data = load("efetch_dates.xml")
    from_bytes = [r.pmid for r in iter_efetch(data)]
    path = tmp_path / "dates.xml"
    path.write_bytes(data)
    with path.open("rb") as handle:
        from_file = [r.pmid for r in iter_efetch(handle)]
    assert from_bytes == from_file == [str(n) for n in range(99000301, 99000311)]
    skipped: list[str] = []
    assert len(list(iter_efetch(io.BytesIO(load("efetch_skip.xml")), skipped))) == 2
    assert len(skipped) == 2


class _TrickleReader(io.RawIOBase):
    """A response body arriving in small pieces; counts what the parser has pulled so far."""

    def __init__(self, data: bytes, piece: int = 4096):
        self.data, self.piece, self.pos = data, piece, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.data[self.pos : self.pos + min(self.piece, len(buffer))]
        buffer[: len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)


def test_iter_efetch_streams_without_reading_everything_first():
    source = load("efetch_structured.xml")
    head, article, tail = (source[: source.index(b"<PubmedArticle>")],
                           source[source.index(b"<PubmedArticle>") : source.index(b"</PubmedArticleSet>")],
                           b"</PubmedArticleSet>")
    body = head + b"".join(article.replace(b"99000101", str(98000000 + i).encode()) for i in range(300)) + tail
    reader = _TrickleReader(body)
    records = iter_efetch(reader)
    first = next(records)
    assert first.pmid == "98000000"
    assert reader.pos < len(body) // 10  # the first record came long before the body was read
    assert sum(1 for _ in records) == 299


# --- efetch errors -----------------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "message"), [
    ("efetch_error.xml", "Empty id list - nothing todo"),
    ("efetch_error_in_set.xml", "Cannot retrieve document for id 99000899"),
    ("efetch_error_page.html", "not well-formed"),
    ("efetch_xhtml_page.xml", "not a PubmedArticleSet"),
    ("efetch_truncated.xml", "not well-formed"),
])
def test_efetch_errors_raise(fixture, message):
    with pytest.raises(ParseError, match=message):
        parse_efetch(load(fixture))


@pytest.mark.parametrize("body", [b"", b"   \n", b"Too Many Requests", b'{"error":"API rate limit exceeded"}'])
def test_efetch_non_xml_bodies_raise(body):
    with pytest.raises(ParseError):
        parse_efetch(body)


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8, 0.99])
def test_truncated_set_fails_whole(fraction):
    data = load("efetch_notices.xml")
    cut = data[: int(len(data) * fraction)]
    with pytest.raises(ParseError):
        parse_efetch(cut)


def test_empty_error_element_means_no_error():
    # NCBI writes <ERROR/> with no message in successful answers (eSpell does); only a message fails.
    body = load("efetch_error_in_set.xml").replace(
        b"<ERROR>Cannot retrieve document for id 99000899</ERROR>", b"<ERROR/>")
    assert [r.pmid for r in parse_efetch(body).records] == ["99000801"]
    with pytest.raises(ParseError, match="not a PubmedArticleSet"):
        parse_efetch(b"<eFetchResult><ERROR/></eFetchResult>")
    result = parse_esearch(b"<eSearchResult><Count>1</Count><RetMax>1</RetMax><RetStart>0</RetStart>"
                           b"<IdList><Id>99000101</Id></IdList><ERROR/></eSearchResult>")
    assert (result.count, result.ids) == (1, ["99000101"])


def test_iter_efetch_error_after_records_raises():
    data = load("efetch_error_in_set.xml")
    seen = []
    with pytest.raises(ParseError):
        for record in iter_efetch(data):
            seen.append(record.pmid)
    assert seen == ["99000801"]  # yielded before the error: the caller must drop the batch


# --- XML security -------------------------------------------------------------------------

def test_external_entity_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7f3a")
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY fromdtd "LEAKED-FROM-DTD">')
    for doctype, ref in (
        (f'<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>', "&xxe;"),
        (f'<!DOCTYPE PubmedArticleSet SYSTEM "{dtd.as_uri()}">', "&fromdtd;"),
        (f'<!DOCTYPE PubmedArticleSet [<!ENTITY % p SYSTEM "{dtd.as_uri()}"> %p;]>', "&fromdtd;"),
    ):
        body = (
            f'<?xml version="1.0"?>{doctype}<PubmedArticleSet><PubmedArticle><MedlineCitation>'
            f'<PMID>99000901</PMID><Article><Journal><Title>J {ref}</Title></Journal>'
            f'<ArticleTitle>Title {ref} end</ArticleTitle><Abstract><AbstractText>{ref}</AbstractText>'
            f'</Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>'
        ).encode()
        try:
            records = parse_efetch(body).records
        except ParseError:
            continue  # refusing the document is as safe as not expanding it
        text = all_text(records[0])
        assert "TOPSECRET" not in text and "LEAKED" not in text
        assert records[0].title.startswith("Title") and records[0].title.endswith("end")


def test_billion_laughs_is_not_expanded():
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    body = (
        '<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [' + "".join(levels) + ']>'
        '<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>99000902</PMID><Article>'
        '<ArticleTitle>a &lol9; b</ArticleTitle></Article></MedlineCitation></PubmedArticle>'
        '</PubmedArticleSet>'
    ).encode()
    try:
        records = parse_efetch(body).records
    except ParseError:
        return
    assert len(records[0].title) < 100
    assert "lollol" not in records[0].title


# --- esearch ------------------------------------------------------------------------------

def test_esearch_with_history():
    result = parse_esearch(load("esearch_history.xml"))
    assert result == EsearchResult(
        count=1234,
        ids=["99000101", "99000201", "99000204"],
        webenv="MCID_0123456789abcdef01234567",
        query_key="1",
        retmax=3,
        retstart=200,
        query_translation='("ketamine"[MeSH Terms] OR "ketamine"[All Fields]) AND '
                          '2025/01/01:2025/01/08[Date - Entry]',
    )


def test_esearch_no_hits_is_a_normal_empty_result():
    result = parse_esearch(load("esearch_empty.xml"))
    assert (result.count, result.ids, result.webenv, result.query_key) == (0, [], None, None)
    assert result.warnings == []


def test_esearch_warnings_are_reported_not_raised():
    result = parse_esearch(load("esearch_warnings.xml"))
    assert result.ids == ["99000401", "99000402"]
    assert result.warnings == ["PhraseIgnored: of", 'QuotedPhraseNotFound: "dyadic ketamine"',
                               "OutputMessage: Quoted phrase not found."]


@pytest.mark.parametrize(("fixture", "message"), [
    ("esearch_phrase_not_found.xml", "PhraseNotFound: ketamne"),
    ("esearch_field_not_found.xml", "FieldNotFound: tiab2"),  # fails even though it has hits
    ("esearch_error.xml", "Invalid db name specified: pubmedd"),
    ("esearch_no_count.xml", "no Count"),
    ("efetch_error_page.html", "not well-formed"),
    ("efetch_empty.xml", "not an eSearchResult"),
])
def test_esearch_errors_raise(fixture, message):
    with pytest.raises(ParseError, match=message):
        parse_esearch(load(fixture))


@pytest.mark.parametrize("body", [
    b"",
    b'{"error":"API rate limit exceeded","count":"4"}',
    b"<eSearchResult><Count>12</Count><RetMax>2</RetMax><IdList><Id>1</Id>",
])
def test_esearch_non_xml_or_truncated_raise(body):
    with pytest.raises(ParseError):
        parse_esearch(body)
