"""Small builders for the XML the pipeline tests serve: each test shows the data it depends on.

Everything here is invented for the tracker's tests; none of it is a real paper.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import yaml

from tracker.config import Config, default_config_path, load_config, parse_config


def article(pmid: str, title: str, *, doi: str | None = None, abstract: str = "", year: str = "2026",
            month: str = "Nov", journal: str = "Example journal", pub_types=("Journal Article",),
            keywords=(), mesh=(), corrections=()) -> str:
    """One <PubmedArticle>. corrections: (RefType, pmid) pairs."""
    ids = f'<ArticleId IdType="pubmed">{pmid}</ArticleId>'
    if doi:
        ids += f'<ArticleId IdType="doi">{escape(doi)}</ArticleId>'
    abstract_xml = f"<Abstract><AbstractText>{abstract}</AbstractText></Abstract>" if abstract else ""
    types = "".join(f"<PublicationType>{escape(t)}</PublicationType>" for t in pub_types)
    kw = ("<KeywordList>" + "".join(f"<Keyword>{escape(k)}</Keyword>" for k in keywords) + "</KeywordList>") if keywords else ""
    mh = ("<MeshHeadingList>" + "".join(
        f"<MeshHeading><DescriptorName>{escape(m)}</DescriptorName></MeshHeading>" for m in mesh
    ) + "</MeshHeadingList>") if mesh else ""
    cc = ("<CommentsCorrectionsList>" + "".join(
        f'<CommentsCorrections RefType="{kind}"><RefSource>Example notice</RefSource><PMID Version="1">{target}</PMID></CommentsCorrections>'
        for kind, target in corrections
    ) + "</CommentsCorrectionsList>") if corrections else ""
    return f"""<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>
<Article><Journal><JournalIssue><PubDate><Year>{year}</Year><Month>{month}</Month></PubDate></JournalIssue>
<Title>{escape(journal)}</Title></Journal><ArticleTitle>{title}</ArticleTitle>{abstract_xml}
<AuthorList><Author ValidYN="Y"><LastName>Example</LastName><ForeName>Ada</ForeName></Author></AuthorList>
<Language>eng</Language><PublicationTypeList>{types}</PublicationTypeList></Article>{mh}{cc}{kw}</MedlineCitation>
<PubmedData><ArticleIdList>{ids}</ArticleIdList></PubmedData></PubmedArticle>"""


def efetch(*articles: str) -> bytes:
    return ('<?xml version="1.0"?>\n<PubmedArticleSet>' + "".join(articles) + "</PubmedArticleSet>").encode()


def efetch_ids(seen, listed: dict[str, list[str]]) -> list[str]:
    """The PMIDs an efetch POST asks for: by `id=` list, or by history position in the list that
    the esearch answer naming that WebEnv gave (`listed`: WebEnv -> ids)."""
    form = {k: v[0] for k, v in seen.form.items()}
    if "id" in form:
        return form["id"].split(",")
    start = int(form["retstart"])
    return listed[form["WebEnv"]][start : start + int(form["retmax"])]


def esearch(ids, count: int | None = None, webenv: str = "MCID_test", query_key: str = "1") -> bytes:
    ids = list(ids)
    count = len(ids) if count is None else count
    id_xml = "".join(f"<Id>{i}</Id>" for i in ids)
    return (f'<?xml version="1.0"?>\n<eSearchResult><Count>{count}</Count><RetMax>{len(ids)}</RetMax>'
            f"<RetStart>0</RetStart><QueryKey>{query_key}</QueryKey><WebEnv>{webenv}</WebEnv>"
            f"<IdList>{id_xml}</IdList><TranslationSet/><QueryTranslation>test</QueryTranslation>"
            "</eSearchResult>").encode()


def frontiers_item(doi: str, title: str, *, description: str = "", category: str = "Original Research",
                   authors=("Ada Example",), pubdate: str = "2026-11-18T00:00:00Z", link: str | None = None) -> str:
    link = link if link is not None else f"https://www.frontiersin.org/articles/{doi}"
    guid = f'<guid isPermaLink="true">{escape(link)}</guid>' if link else ""
    link_xml = f"<link>{escape(link)}</link>" if link else ""
    author_xml = "".join(f"<author>{escape(a)}</author>" for a in authors)
    return (f"<item>{guid}{link_xml}<title><![CDATA[{title}]]></title><pubdate>{pubdate}</pubdate>"
            f"<category>{escape(category)}</category>{author_xml}"
            f"<description><![CDATA[{description}]]></description></item>")


def frontiers_feed(*items: str, journal: str = "Frontiers in Psychiatry") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>{journal} | New and Recent Articles</title>"
            f"<link>https://www.frontiersin.org/journals/psychiatry</link><description>Example</description>"
            f"<pubDate>2026-11-20T08:00:00.00+00:00</pubDate>{''.join(items)}</channel></rss>").encode()


def save_paper(merger, record) -> int:
    """merger.save(record), then the id of the paper the record's sighting belongs to."""
    merger.save(record)
    key = record.source_key or record.doi or record.pmid
    return merger.conn.execute(
        "SELECT paper_id FROM sightings WHERE source = ? AND source_key = ? AND superseded = 0",
        (merger.source, key)).fetchone()[0]


def config_with(sources: list[dict] | None = None, *, base: Config | None = None, **sections) -> Config:
    """The shipped feeds.yaml (or base), checked again with these sources in place of its own
    (None: its own kept). Each keyword replaces that top-level key; a dict updates the section
    key by key: config_with([feed], ranking={"similar_per_paper": 0})."""
    data = (base or load_config(default_config_path())).model_dump()
    if sources is not None:
        data["sources"] = list(sources)
    for key, value in sections.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) else value
    return parse_config(data)


def config_file(folder: Path, sources: list[dict], /, **sections) -> Path:
    """folder / "feeds.yaml" for the command line: the shipped file with these sources in place of
    its own, each keyword replacing that top-level key (sources=... too)."""
    data = yaml.safe_load(default_config_path().read_text())
    data["sources"] = list(sources)
    data.update(sections)
    path = folder / "feeds.yaml"
    path.write_text(yaml.safe_dump(data))
    return path
