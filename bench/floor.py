"""The floor: a bare lxml iterparse that pulls the same fields as tracker.parse.pubmed, no more.

No normalization, no date or type logic, no skipping rules, no Record objects: tuples of raw
strings. It frees each article the same way the real parser does. Whatever time separates the
real parser from this is the cost of the project's own logic in Python.
"""

from __future__ import annotations

from lxml import etree

_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False)


def _t(el) -> str:
    return "".join(el.itertext()) if el is not None else ""


def iter_floor(stream):
    for _, el in etree.iterparse(stream, events=("end",), tag=("PubmedArticle", "PubmedBookArticle"), **_OPTIONS):
        if el.tag == "PubmedArticle":
            cit = el.find("MedlineCitation")
            art = cit.find("Article")
            ids = el.find("PubmedData/ArticleIdList")
            date = art.find("Journal/JournalIssue/PubDate")
            yield (
                cit.findtext("PMID"),
                _t(art.find("ArticleTitle")),
                [(a.get("Label"), _t(a)) for a in art.iterfind("Abstract/AbstractText")],
                [(i.get("IdType"), i.text) for i in ids.iterfind("ArticleId")] if ids is not None else [],
                art.findtext("Journal/Title"),
                (date.findtext("Year"), date.findtext("Month"), date.findtext("Day"), date.findtext("MedlineDate")),
                [(a.findtext("LastName"), a.findtext("ForeName"), a.findtext("CollectiveName"))
                 for a in art.iterfind("AuthorList/Author")],
                [p.text for p in art.iterfind("PublicationTypeList/PublicationType")],
                [m.text for m in cit.iterfind("MeshHeadingList/MeshHeading/DescriptorName")],
                [_t(k) for k in cit.iterfind("KeywordList/Keyword")],
                [(c.get("RefType"), c.findtext("RefSource"), c.findtext("PMID"))
                 for c in cit.iterfind("CommentsCorrectionsList/CommentsCorrections")],
                art.findtext("Language"),
            )
        else:
            doc = el.find("BookDocument")
            yield (
                doc.findtext("PMID"),
                _t(doc.find("ArticleTitle")) or _t(doc.find("Book/BookTitle")),
                [(a.get("Label"), _t(a)) for a in doc.iterfind("Abstract/AbstractText")],
                [(i.get("IdType"), i.text) for i in el.iterfind("PubmedBookData/ArticleIdList/ArticleId")],
            )
        el.clear(keep_tail=True)
        parent = el.getparent()
        while el.getprevious() is not None:
            del parent[0]
