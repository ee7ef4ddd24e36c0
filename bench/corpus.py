"""Invented PubMed efetch records for the benchmarks, repeated with distinct identifiers.

Every record below is made up for these benchmarks (titles, abstracts, people, journals, grant
numbers); the PMIDs start at 60,000,000 and the DOIs use the 10.5555 test prefix. The templates
are chosen to cover what real efetch answers contain and what makes parsers slow or lossy:
structured abstracts, inline <i>/<sup>/<sub>, MathML, MeSH with qualifiers, keywords, grants,
long reference lists (with other papers' DOIs and PMIDs), CommentsCorrections (an erratum, a
retraction), a collective author, a MedlineDate, an OtherAbstract, a vernacular title, and a
PubmedBookArticle (a book chapter).

`write_efetch_file(path, target_bytes)` writes a PubmedArticleSet of about that size;
`record_xml(pmid)` gives one record (the ingest benchmark's server builds its answers from it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

FIRST_PMID = 60_000_000
GENERATOR_VERSION = 1  # bump when the templates change, so cached files are rebuilt

XML_HEADER = (
    '<?xml version="1.0" ?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    "<PubmedArticleSet>\n"
)
XML_FOOTER = "</PubmedArticleSet>\n"

MML = 'xmlns:mml="http://www.w3.org/1998/Math/MathML"'


def _references(pmid: int, n: int) -> str:
    """A ReferenceList: other papers' citations, DOIs and PMIDs (which must stay out of the record)."""
    refs = []
    for k in range(n):
        other = 31_000_000 + (pmid * 7 + k * 13) % 900_000
        refs.append(
            f"<Reference><Citation>Example Author {k + 1}, Another Writer. An invented cited study number "
            f"{k + 1} on set, setting and therapeutic alliance. Journal of Example Studies. "
            f"20{10 + k % 14};{k + 3}({k % 12 + 1}):{100 + k}-{110 + k}.</Citation>"
            f'<ArticleIdList><ArticleId IdType="doi">10.5555/cited.{other}</ArticleId>'
            f'<ArticleId IdType="pubmed">{other}</ArticleId></ArticleIdList></Reference>'
        )
    return "<ReferenceList>" + "".join(refs) + "</ReferenceList>"


def _history(y: int, m: int, d: int) -> str:
    return (
        "<History>"
        f'<PubMedPubDate PubStatus="received"><Year>{y}</Year><Month>{m}</Month><Day>{d}</Day></PubMedPubDate>'
        f'<PubMedPubDate PubStatus="accepted"><Year>{y}</Year><Month>{m}</Month><Day>{d}</Day></PubMedPubDate>'
        f'<PubMedPubDate PubStatus="pubmed"><Year>{y}</Year><Month>{m}</Month><Day>{d}</Day>'
        "<Hour>6</Hour><Minute>42</Minute></PubMedPubDate>"
        f'<PubMedPubDate PubStatus="medline"><Year>{y}</Year><Month>{m}</Month><Day>{d}</Day>'
        "<Hour>6</Hour><Minute>43</Minute></PubMedPubDate>"
        "</History>"
    )


def _authors(names: list[tuple[str, str, str]], affiliation: str) -> str:
    out = []
    for last, fore, initials in names:
        out.append(
            f'<Author ValidYN="Y"><LastName>{last}</LastName><ForeName>{fore}</ForeName>'
            f"<Initials>{initials}</Initials>"
            f'<Identifier Source="ORCID">0000-0002-0000-{sum(map(ord, last)) * 37 % 10000:04d}</Identifier>'
            f"<AffiliationInfo><Affiliation>{affiliation}</Affiliation></AffiliationInfo></Author>"
        )
    return '<AuthorList CompleteYN="Y">' + "".join(out) + "</AuthorList>"


_AFF = "Department of Invented Psychiatry, Example University Hospital, Exampletown, Nowhere."
_NAMES = [
    ("Lindqvist", "Maren", "M"), ("Okafor", "Chidi", "C"), ("Haddad", "Samir J", "SJ"),
    ("Nakamura", "Aiko", "A"), ("Ferreira", "Luana", "L"), ("Kowalczyk", "Tomasz", "T"),
]


def _rct(pmid: int) -> str:
    """A randomized trial: structured abstract with <i> and <sup>, MeSH, keywords, grants, 40 references."""
    y, m, d = 2025, 1 + pmid % 12, 1 + pmid % 28
    return f"""<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Automated">
    <PMID Version="1">{pmid}</PMID>
    <DateCompleted><Year>{y}</Year><Month>{m:02d}</Month><Day>{d:02d}</Day></DateCompleted>
    <DateRevised><Year>{y}</Year><Month>{m:02d}</Month><Day>{d:02d}</Day></DateRevised>
    <Article PubModel="Print-Electronic">
      <Journal>
        <ISSN IssnType="Electronic">0000-0001</ISSN>
        <JournalIssue CitedMedium="Internet"><Volume>{pmid % 40 + 1}</Volume><Issue>{pmid % 12 + 1}</Issue>
          <PubDate><Year>{y}</Year><Month>Mar</Month><Day>{d}</Day></PubDate></JournalIssue>
        <Title>Journal of invented psychopharmacology</Title>
        <ISOAbbreviation>J Invent Psychopharmacol</ISOAbbreviation>
      </Journal>
      <ArticleTitle>Psilocybin-assisted therapy with a partner present for treatment-resistant depression: a randomized, double-blind trial of <i>Psilocybe</i>-derived medicine.</ArticleTitle>
      <Pagination><StartPage>{pmid % 900 + 1}</StartPage><EndPage>{pmid % 900 + 12}</EndPage><MedlinePgn>{pmid % 900 + 1}-{pmid % 900 + 12}</MedlinePgn></Pagination>
      <ELocationID EIdType="doi" ValidYN="Y">10.5555/bench.rct.{pmid}</ELocationID>
      <Abstract>
        <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Psilocybin given with psychological support has reduced depressive symptoms in several small trials, but no trial has asked whether a trusted partner in the preparation and integration sessions changes the outcome. Partners are often the first to notice relapse, and couples ask to take part together.</AbstractText>
        <AbstractText Label="METHODS" NlmCategory="METHODS">In this invented double-blind trial, 212 adults with treatment-resistant depression were randomly assigned to 25 mg psilocybin or 1 mg psilocybin, each with either partner-inclusive or individual therapy (2&#x00D7;2 factorial design). The primary outcome was the change in MADRS score at week 6; serum brain-derived neurotrophic factor (BDNF) was measured in ng&#x00B7;mL<sup>-1</sup>, and 5-HT<sub>2A</sub> receptor occupancy was estimated from plasma psilocin.</AbstractText>
        <AbstractText Label="RESULTS" NlmCategory="RESULTS">The mean change in MADRS was &#x2212;14.2 points with 25 mg and &#x2212;6.1 with 1 mg (difference &#x2212;8.1; 95% CI, &#x2212;10.9 to &#x2212;5.3; <i>P</i>&lt;0.001). Partner-inclusive sessions added a further &#x2212;2.4 points (95% CI, &#x2212;4.6 to &#x2212;0.2). Relationship satisfaction improved in both partners. Headache and transient anxiety were the most common adverse events; no serious adverse events were attributed to psilocybin.</AbstractText>
        <AbstractText Label="CONCLUSIONS" NlmCategory="CONCLUSIONS">A single 25 mg dose of psilocybin with psychological support reduced depressive symptoms over 6 weeks, and including a partner in therapy sessions may add to the benefit. Larger trials of couple-based psychedelic therapy are warranted.</AbstractText>
        <AbstractText Label="TRIAL REGISTRATION" NlmCategory="UNASSIGNED">Invented registry number EX-0000-{pmid % 10000:04d}.</AbstractText>
        <CopyrightInformation>&#x00A9; {y} The Invented Authors.</CopyrightInformation>
      </Abstract>
      {_authors(_NAMES, _AFF)}
      <Language>eng</Language>
      <GrantList CompleteYN="Y">
        <Grant><GrantID>EX-{pmid % 99991}</GrantID><Agency>Invented Foundation for Mental Health</Agency><Country>Nowhere</Country></Grant>
        <Grant><GrantID>EX-{pmid % 77777}-B</GrantID><Agency>Example Research Council</Agency><Country>Nowhere</Country></Grant>
      </GrantList>
      <PublicationTypeList>
        <PublicationType UI="D016428">Journal Article</PublicationType>
        <PublicationType UI="D016449">Randomized Controlled Trial</PublicationType>
        <PublicationType UI="D013485">Research Support, Non-U.S. Gov't</PublicationType>
      </PublicationTypeList>
      <ArticleDate DateType="Electronic"><Year>{y}</Year><Month>{m:02d}</Month><Day>{d:02d}</Day></ArticleDate>
    </Article>
    <MedlineJournalInfo><Country>Nowhere</Country><MedlineTA>J Invent Psychopharmacol</MedlineTA><NlmUniqueID>0000001</NlmUniqueID><ISSNLinking>0000-0001</ISSNLinking></MedlineJournalInfo>
    <ChemicalList><Chemical><RegistryNumber>2RV7212BP0</RegistryNumber><NameOfSubstance UI="D011560">Psilocybin</NameOfSubstance></Chemical></ChemicalList>
    <CitationSubset>IM</CitationSubset>
    <MeshHeadingList>
      <MeshHeading><DescriptorName UI="D000328" MajorTopicYN="N">Adult</DescriptorName></MeshHeading>
      <MeshHeading><DescriptorName UI="D061218" MajorTopicYN="Y">Depressive Disorder, Treatment-Resistant</DescriptorName><QualifierName UI="Q000188" MajorTopicYN="Y">drug therapy</QualifierName></MeshHeading>
      <MeshHeading><DescriptorName UI="D006213" MajorTopicYN="N">Hallucinogens</DescriptorName><QualifierName UI="Q000627" MajorTopicYN="Y">therapeutic use</QualifierName></MeshHeading>
      <MeshHeading><DescriptorName UI="D011560" MajorTopicYN="Y">Psilocybin</DescriptorName><QualifierName UI="Q000627" MajorTopicYN="Y">therapeutic use</QualifierName></MeshHeading>
      <MeshHeading><DescriptorName UI="D011613" MajorTopicYN="N">Psychotherapy</DescriptorName><QualifierName UI="Q000379" MajorTopicYN="N">methods</QualifierName></MeshHeading>
      <MeshHeading><DescriptorName UI="D003441" MajorTopicYN="N">Couples Therapy</DescriptorName></MeshHeading>
      <MeshHeading><DescriptorName UI="D006801" MajorTopicYN="N">Humans</DescriptorName></MeshHeading>
    </MeshHeadingList>
    <KeywordList Owner="NOTNLM">
      <Keyword MajorTopicYN="N">psilocybin</Keyword>
      <Keyword MajorTopicYN="N">couple therapy</Keyword>
      <Keyword MajorTopicYN="N">treatment-resistant depression</Keyword>
      <Keyword MajorTopicYN="N">psychedelic-assisted therapy</Keyword>
    </KeywordList>
    <CoiStatement>The invented authors declare no competing interests.</CoiStatement>
  </MedlineCitation>
  <PubmedData>
    {_history(y, m, d)}
    <PublicationStatus>ppublish</PublicationStatus>
    <ArticleIdList>
      <ArticleId IdType="pubmed">{pmid}</ArticleId>
      <ArticleId IdType="pmc">PMC{pmid + 1000}</ArticleId>
      <ArticleId IdType="doi">10.5555/bench.rct.{pmid}</ArticleId>
      <ArticleId IdType="pii">S0000-{pmid}</ArticleId>
    </ArticleIdList>
    {_references(pmid, 40)}
  </PubmedData>
</PubmedArticle>
"""


def _mathml(pmid: int) -> str:
    """Unstructured abstract with MathML, an ErratumIn, a vernacular title, ArticleDate only."""
    y, m, d = 2024, 1 + pmid % 12, 1 + pmid % 28
    return f"""<PubmedArticle>
  <MedlineCitation Status="PubMed-not-MEDLINE" Owner="NLM">
    <PMID Version="1">{pmid}</PMID>
    <DateRevised><Year>{y}</Year><Month>{m:02d}</Month><Day>{d:02d}</Day></DateRevised>
    <Article PubModel="Electronic-eCollection">
      <Journal>
        <ISSN IssnType="Electronic">0000-0002</ISSN>
        <JournalIssue CitedMedium="Internet"><Volume>{pmid % 30 + 1}</Volume>
          <PubDate><Year>{y}</Year></PubDate></JournalIssue>
        <Title>Example reports in clinical pharmacology</Title>
        <ISOAbbreviation>Ex Rep Clin Pharmacol</ISOAbbreviation>
      </Journal>
      <ArticleTitle>A two-compartment model of <mml:math {MML}><mml:mi>S</mml:mi></mml:math>-ketamine and norketamine for dosing esketamine nasal spray in older adults.</ArticleTitle>
      <ELocationID EIdType="doi" ValidYN="Y">10.5555/bench.pk.{pmid}</ELocationID>
      <ELocationID EIdType="pii" ValidYN="Y">e{pmid % 100000}</ELocationID>
      <Abstract>
        <AbstractText>Esketamine is licensed for treatment-resistant depression, yet its kinetics in adults over 65 are poorly described. We fitted an invented two-compartment model to 1,420 plasma samples from 96 patients. Clearance scaled with body weight as <mml:math {MML}><mml:mrow><mml:mi>CL</mml:mi><mml:mo>=</mml:mo><mml:msub><mml:mi>&#x03B8;</mml:mi><mml:mn>1</mml:mn></mml:msub><mml:mo>&#x00B7;</mml:mo><mml:msup><mml:mrow><mml:mo>(</mml:mo><mml:mfrac><mml:mi>WT</mml:mi><mml:mn>70</mml:mn></mml:mfrac><mml:mo>)</mml:mo></mml:mrow><mml:mn>0.75</mml:mn></mml:msup></mml:mrow></mml:math> and fell by 18% per decade after 60 years. The elimination half-life was <mml:math {MML}><mml:msub><mml:mi>t</mml:mi><mml:mrow><mml:mn>1</mml:mn><mml:mo>/</mml:mo><mml:mn>2</mml:mn></mml:mrow></mml:msub><mml:mo>&#x2248;</mml:mo><mml:mn>7.1</mml:mn><mml:mtext> h</mml:mtext></mml:math> for norketamine. Simulations suggest starting at 28 mg in patients over 75, with blood pressure checked 40 minutes after each dose. Dissociative symptoms peaked at 40 minutes and resolved within 2 hours; these findings support careful, supervised dosing in geriatric psychiatry clinics.</AbstractText>
      </Abstract>
      {_authors(_NAMES[2:5], _AFF)}
      <Language>eng</Language>
      <PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
      <VernacularTitle>Ein Zwei-Kompartiment-Modell f&#x00FC;r Esketamin bei &#x00E4;lteren Erwachsenen.</VernacularTitle>
      <ArticleDate DateType="Electronic"><Year>{y}</Year><Month>{m:02d}</Month><Day>{d:02d}</Day></ArticleDate>
    </Article>
    <MedlineJournalInfo><Country>Nowhere</Country><MedlineTA>Ex Rep Clin Pharmacol</MedlineTA><NlmUniqueID>0000002</NlmUniqueID><ISSNLinking>0000-0002</ISSNLinking></MedlineJournalInfo>
    <CommentsCorrectionsList>
      <CommentsCorrections RefType="ErratumIn"><RefSource>Ex Rep Clin Pharmacol. {y};{pmid % 30 + 1}:e{pmid % 1000}. doi: 10.5555/bench.erratum.{pmid}</RefSource><PMID Version="1">{pmid + 7}</PMID></CommentsCorrections>
      <CommentsCorrections RefType="Cites"><RefSource>J Example Stud. 2019;4:1-9</RefSource><PMID Version="1">31000004</PMID></CommentsCorrections>
    </CommentsCorrectionsList>
    <KeywordList Owner="NOTNLM">
      <Keyword MajorTopicYN="N">esketamine</Keyword>
      <Keyword MajorTopicYN="N">pharmacokinetics</Keyword>
      <Keyword MajorTopicYN="N">geriatric psychiatry</Keyword>
    </KeywordList>
  </MedlineCitation>
  <PubmedData>
    {_history(y, m, d)}
    <PublicationStatus>epublish</PublicationStatus>
    <ArticleIdList>
      <ArticleId IdType="pubmed">{pmid}</ArticleId>
      <ArticleId IdType="doi">10.5555/bench.pk.{pmid}</ArticleId>
    </ArticleIdList>
    {_references(pmid, 25)}
  </PubmedData>
</PubmedArticle>
"""


def _review(pmid: int) -> str:
    """A systematic review: collective author, MedlineDate, OtherAbstract, no PMC id."""
    return f"""<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">{pmid}</PMID>
    <DateCompleted><Year>2025</Year><Month>09</Month><Day>02</Day></DateCompleted>
    <Article PubModel="Print">
      <Journal>
        <ISSN IssnType="Print">0000-0003</ISSN>
        <JournalIssue CitedMedium="Print"><Volume>{pmid % 50 + 1}</Volume><Issue>4</Issue>
          <PubDate><MedlineDate>2025 Jul-Aug</MedlineDate></PubDate></JournalIssue>
        <Title>Invented review of family and systemic therapy</Title>
      </Journal>
      <ArticleTitle>Emotionally focused couple therapy for depression and relationship distress: a systematic review and meta-analysis of 31 trials.</ArticleTitle>
      <Pagination><MedlinePgn>{pmid % 500 + 200}-{pmid % 500 + 231}</MedlinePgn></Pagination>
      <Abstract>
        <AbstractText>Relationship distress and depression often occur together, and each maintains the other. We searched five invented databases to March 2025 for randomized trials of couple-based interventions in which at least one partner met criteria for a depressive disorder. Thirty-one trials (2,874 couples) were included. Emotionally focused couple therapy reduced depressive symptoms more than waiting list (standardized mean difference &#x2212;0.61, 95% CI &#x2212;0.82 to &#x2212;0.40) and about as much as individual cognitive behavioural therapy, while improving relationship satisfaction more. Dropout was lower in conjoint formats. The certainty of evidence was moderate. Couple therapy deserves a place in depression guidelines, particularly when the relationship itself is a source of distress; trials of combined couple therapy and pharmacotherapy, including psychedelic-assisted approaches, are needed.</AbstractText>
      </Abstract>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y"><CollectiveName>Invented Collaboration for Relational Therapy Research</CollectiveName></Author>
        <Author ValidYN="Y"><LastName>Brennan</LastName><ForeName>Aoife</ForeName><Initials>A</Initials></Author>
        <Author ValidYN="N"><LastName>Brenan</LastName><ForeName>Aoife</ForeName><Initials>A</Initials></Author>
      </AuthorList>
      <Language>eng</Language>
      <PublicationTypeList>
        <PublicationType UI="D016428">Journal Article</PublicationType>
        <PublicationType UI="D017418">Meta-Analysis</PublicationType>
        <PublicationType UI="D016454">Review</PublicationType>
        <PublicationType UI="D000078182">Systematic Review</PublicationType>
      </PublicationTypeList>
    </Article>
    <MedlineJournalInfo><Country>Nowhere</Country><MedlineTA>Invent Rev Fam Syst Ther</MedlineTA><NlmUniqueID>0000003</NlmUniqueID></MedlineJournalInfo>
    <MeshHeadingList>
      <MeshHeading><DescriptorName UI="D003441" MajorTopicYN="Y">Couples Therapy</DescriptorName><QualifierName UI="Q000379" MajorTopicYN="N">methods</QualifierName></MeshHeading>
      <MeshHeading><DescriptorName UI="D003866" MajorTopicYN="Y">Depressive Disorder</DescriptorName><QualifierName UI="Q000628" MajorTopicYN="N">therapy</QualifierName></MeshHeading>
      <MeshHeading><DescriptorName UI="D006801" MajorTopicYN="N">Humans</DescriptorName></MeshHeading>
      <MeshHeading><DescriptorName UI="D012889" MajorTopicYN="N">Spouses</DescriptorName><QualifierName UI="Q000523" MajorTopicYN="N">psychology</QualifierName></MeshHeading>
    </MeshHeadingList>
    <OtherAbstract Type="Publisher" Language="spa"><AbstractText>La terapia de pareja centrada en las emociones redujo los s&#x00ED;ntomas depresivos en una revisi&#x00F3;n inventada de 31 ensayos.</AbstractText></OtherAbstract>
    <KeywordList Owner="NOTNLM">
      <Keyword MajorTopicYN="N">couple therapy</Keyword>
      <Keyword MajorTopicYN="N">emotionally focused therapy</Keyword>
      <Keyword MajorTopicYN="N">depression</Keyword>
      <Keyword MajorTopicYN="N">couple therapy</Keyword>
    </KeywordList>
  </MedlineCitation>
  <PubmedData>
    {_history(2025, 8, 1)}
    <PublicationStatus>ppublish</PublicationStatus>
    <ArticleIdList>
      <ArticleId IdType="pubmed">{pmid}</ArticleId>
      <ArticleId IdType="doi">10.5555/bench.review.{pmid}</ArticleId>
    </ArticleIdList>
    {_references(pmid, 60)}
  </PubmedData>
</PubmedArticle>
"""


def _letter(pmid: int) -> str:
    """A short letter: no abstract, DOI only in ELocationID, a CommentOn link."""
    return f"""<PubmedArticle>
  <MedlineCitation Status="In-Data-Review" Owner="NLM">
    <PMID Version="1">{pmid}</PMID>
    <Article PubModel="Electronic">
      <Journal>
        <JournalIssue CitedMedium="Internet"><PubDate><Year>2026</Year><Month>Jan</Month></PubDate></JournalIssue>
        <Title>Example letters in psychiatry</Title>
      </Journal>
      <ArticleTitle>MDMA-assisted therapy for PTSD: what the adverse-event tables leave out.</ArticleTitle>
      <ELocationID EIdType="doi" ValidYN="Y">10.5555/bench.letter.{pmid}</ELocationID>
      {_authors(_NAMES[4:], _AFF)}
      <Language>eng</Language>
      <PublicationTypeList><PublicationType UI="D016422">Letter</PublicationType><PublicationType UI="D016420">Comment</PublicationType></PublicationTypeList>
    </Article>
    <MedlineJournalInfo><Country>Nowhere</Country><MedlineTA>Ex Lett Psychiatry</MedlineTA><NlmUniqueID>0000004</NlmUniqueID></MedlineJournalInfo>
    <CommentsCorrectionsList><CommentsCorrections RefType="CommentOn"><RefSource>J Invent Psychopharmacol. 2025;3:1-12</RefSource><PMID Version="1">{pmid - 3}</PMID></CommentsCorrections></CommentsCorrectionsList>
  </MedlineCitation>
  <PubmedData>
    {_history(2026, 1, 9)}
    <PublicationStatus>aheadofprint</PublicationStatus>
    <ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList>
  </PubmedData>
</PubmedArticle>
"""


def _retraction(pmid: int) -> str:
    """A retraction notice pointing at the record two PMIDs earlier."""
    return f"""<PubmedArticle>
  <MedlineCitation Status="PubMed-not-MEDLINE" Owner="NLM">
    <PMID Version="1">{pmid}</PMID>
    <Article PubModel="Print-Electronic">
      <Journal>
        <JournalIssue CitedMedium="Internet"><Volume>9</Volume><PubDate><Year>2025</Year><Month>Nov</Month><Day>3</Day></PubDate></JournalIssue>
        <Title>Example journal of addiction medicine</Title>
      </Journal>
      <ArticleTitle>Retraction notice to: Ibogaine for opioid use disorder in an outpatient setting.</ArticleTitle>
      <ELocationID EIdType="doi" ValidYN="Y">10.5555/bench.retraction.{pmid}</ELocationID>
      <Abstract><AbstractText>This article has been retracted at the request of the invented editors: the same patients were reported in two other papers without disclosure, and the cardiac monitoring data could not be verified.</AbstractText></Abstract>
      <Language>eng</Language>
      <PublicationTypeList><PublicationType UI="D016441">Retraction of Publication</PublicationType></PublicationTypeList>
    </Article>
    <MedlineJournalInfo><Country>Nowhere</Country><MedlineTA>Ex J Addict Med</MedlineTA><NlmUniqueID>0000005</NlmUniqueID></MedlineJournalInfo>
    <CommentsCorrectionsList><CommentsCorrections RefType="RetractionOf"><RefSource>Ex J Addict Med. 2024;8:44-51. doi: 10.5555/bench.review.{pmid - 2}</RefSource><PMID Version="1">{pmid - 2}</PMID></CommentsCorrections></CommentsCorrectionsList>
  </MedlineCitation>
  <PubmedData>
    {_history(2025, 11, 3)}
    <PublicationStatus>ppublish</PublicationStatus>
    <ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId IdType="doi">10.5555/bench.retraction.{pmid}</ArticleId></ArticleIdList>
  </PubmedData>
</PubmedArticle>
"""


def _book(pmid: int) -> str:
    """A PubmedBookArticle: one chapter of an invented handbook (pubmed_parser drops these)."""
    return f"""<PubmedBookArticle>
  <BookDocument>
    <PMID Version="1">{pmid}</PMID>
    <ArticleIdList><ArticleId IdType="bookaccession">NBK{pmid % 1000000}</ArticleId></ArticleIdList>
    <Book>
      <Publisher><PublisherName>Invented University Press</PublisherName><PublisherLocation>Exampletown</PublisherLocation></Publisher>
      <BookTitle book="invented-handbook">Handbook of Relational Psychotherapy</BookTitle>
      <PubDate><Year>2020</Year></PubDate>
      <BeginningDate><Year>2020</Year></BeginningDate>
      <AuthorList Type="editors"><Author ValidYN="Y"><LastName>Moreau</LastName><ForeName>Elise</ForeName><Initials>E</Initials></Author></AuthorList>
      <Medium>Internet</Medium>
    </Book>
    <LocationLabel Type="chapter">{pmid % 40 + 1}</LocationLabel>
    <ArticleTitle book="invented-handbook" part="ch{pmid % 40 + 1}">Working with couples before and after a psychedelic experience</ArticleTitle>
    <Language>eng</Language>
    <AuthorList Type="authors">
      <Author ValidYN="Y"><LastName>Adeyemi</LastName><ForeName>Folake</ForeName><Initials>F</Initials></Author>
      <Author ValidYN="Y"><LastName>Varga</LastName><ForeName>Bence</ForeName><Initials>B</Initials></Author>
    </AuthorList>
    <PublicationType UI="D016454">Review</PublicationType>
    <Abstract>
      <AbstractText Label="INTRODUCTION">Partners of people who take part in psilocybin or MDMA-assisted therapy often feel left outside the process.</AbstractText>
      <AbstractText Label="CLINICAL PRACTICE">This invented chapter describes joint preparation sessions, agreements about contact during the dosing day, and conjoint integration sessions in which both partners make sense of changes in attachment and communication.</AbstractText>
      <AbstractText Label="SUMMARY">Relational work before and after dosing can protect the couple and may consolidate therapeutic gains.</AbstractText>
    </Abstract>
    <Sections><Section><SectionTitle book="invented-handbook" part="ch{pmid % 40 + 1}" sec="s1">Preparation</SectionTitle></Section></Sections>
    <ContributionDate><Year>2024</Year><Month>05</Month><Day>14</Day></ContributionDate>
  </BookDocument>
  <PubmedBookData>
    {_history(2024, 5, 14)}
    <PublicationStatus>ppublish</PublicationStatus>
    <ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId IdType="doi">10.5555/bench.book.{pmid}</ArticleId></ArticleIdList>
  </PubmedBookData>
</PubmedBookArticle>
"""


def _animal(pmid: int) -> str:
    """An animal study with entities, <sub> and a long plain abstract."""
    return f"""<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">{pmid}</PMID>
    <Article PubModel="Print-Electronic">
      <Journal>
        <JournalIssue CitedMedium="Internet"><Volume>{pmid % 70 + 1}</Volume><PubDate><Year>2025</Year><Month>Jun</Month></PubDate></JournalIssue>
        <Title>Invented neuropharmacology letters</Title>
      </Journal>
      <ArticleTitle>5-HT<sub>2A</sub> receptor activation and social reward learning in mice after a single dose of psilocybin &amp; ketamine.</ArticleTitle>
      <ELocationID EIdType="doi" ValidYN="Y">10.5555/bench.mouse.{pmid}</ELocationID>
      <Abstract><AbstractText>Psychedelics may reopen a critical period for social reward learning. We gave adult C57BL/6J mice a single dose of psilocybin (1 mg&#x00B7;kg<sup>&#x2212;1</sup>), ketamine (10 mg&#x00B7;kg<sup>&#x2212;1</sup>) or saline, and tested social conditioned place preference 48 hours and 2 weeks later. Psilocybin and ketamine both increased the preference for a socially paired context at 48 hours; only psilocybin's effect lasted 2 weeks, and it was abolished by the 5-HT<sub>2A</sub> antagonist ketanserin. Oxytocin receptor expression in the nucleus accumbens rose after psilocybin. These invented results in rodents suggest mechanisms by which psychedelics might support relational and social learning, though they cannot be taken as evidence of benefit in people.</AbstractText></Abstract>
      {_authors(_NAMES[:3], "Invented Institute of Neuroscience, Exampletown.")}
      <Language>eng</Language>
      <PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
    </Article>
    <MedlineJournalInfo><Country>Nowhere</Country><MedlineTA>Invent Neuropharmacol Lett</MedlineTA><NlmUniqueID>0000006</NlmUniqueID></MedlineJournalInfo>
    <MeshHeadingList>
      <MeshHeading><DescriptorName UI="D000818" MajorTopicYN="N">Animals</DescriptorName></MeshHeading>
      <MeshHeading><DescriptorName UI="D051379" MajorTopicYN="N">Mice</DescriptorName></MeshHeading>
      <MeshHeading><DescriptorName UI="D011560" MajorTopicYN="Y">Psilocybin</DescriptorName><QualifierName UI="Q000494" MajorTopicYN="Y">pharmacology</QualifierName></MeshHeading>
      <MeshHeading><DescriptorName UI="D007649" MajorTopicYN="N">Ketamine</DescriptorName><QualifierName UI="Q000494" MajorTopicYN="N">pharmacology</QualifierName></MeshHeading>
    </MeshHeadingList>
  </MedlineCitation>
  <PubmedData>
    {_history(2025, 6, 20)}
    <PublicationStatus>ppublish</PublicationStatus>
    <ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId IdType="doi">10.5555/bench.mouse.{pmid}</ArticleId><ArticleId IdType="pmc">PMC{pmid + 1000}</ArticleId></ArticleIdList>
    {_references(pmid, 30)}
  </PubmedData>
</PubmedArticle>
"""


# The cycle: mostly full journal articles, one book chapter and one retraction in every eight.
TEMPLATES = (_rct, _mathml, _review, _animal, _letter, _rct, _retraction, _book)


def record_xml(pmid: int) -> str:
    """One efetch record for this PMID (the template is chosen by the PMID)."""
    return TEMPLATES[(pmid - FIRST_PMID) % len(TEMPLATES)](pmid)


def is_book(pmid: int) -> bool:
    return TEMPLATES[(pmid - FIRST_PMID) % len(TEMPLATES)] is _book


def efetch_document(pmids) -> bytes:
    return (XML_HEADER + "".join(record_xml(p) for p in pmids) + XML_FOOTER).encode("utf-8")


_REFERENCE_LIST = re.compile(r"\s*<ReferenceList>.*?</ReferenceList>", re.S)


def write_efetch_file(path: str | os.PathLike, target_bytes: int, references: bool = True) -> tuple[int, int]:
    """Write a PubmedArticleSet of about target_bytes (whole records). Returns (records, bytes).

    references=False leaves out every ReferenceList: records of about 5 KB instead of 13 KB,
    closer to the PubMed average, where fixed per-record costs weigh more.
    The file is written to a temporary name and renamed, so an interrupted run leaves no half file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    written = 0
    count = 0
    pmid = FIRST_PMID
    with open(tmp, "wb") as out:
        head = XML_HEADER.encode()
        out.write(head)
        written += len(head)
        tail = len(XML_FOOTER)
        while written + tail < target_bytes:
            chunk = "".join(record_xml(p) for p in range(pmid, pmid + len(TEMPLATES) * 8))
            if not references:
                chunk = _REFERENCE_LIST.sub("", chunk)
            chunk = chunk.encode()
            out.write(chunk)
            written += len(chunk)
            count += len(TEMPLATES) * 8
            pmid += len(TEMPLATES) * 8
        out.write(XML_FOOTER.encode())
        written += tail
    os.replace(tmp, path)
    return count, written


def cached_efetch_file(folder: str | os.PathLike, megabytes: int, references: bool = True) -> tuple[Path, int]:
    """bench/data/efetch-<N>mb[-norefs]-v<version>.xml, written once and reused. Returns (path, records)."""
    kind = "" if references else "-norefs"
    path = Path(folder) / f"efetch-{megabytes}mb{kind}-v{GENERATOR_VERSION}.xml"
    count_file = path.with_suffix(".count")
    if path.exists() and count_file.exists():
        return path, int(count_file.read_text())
    count, _ = write_efetch_file(path, megabytes * 1_000_000, references)
    count_file.write_text(str(count))
    return path, count
