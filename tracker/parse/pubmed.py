"""PubMed E-utilities responses -> records: efetch PubmedArticleSet XML and esearch results.

efetch bodies can be hundreds of megabytes (a backfill), so `iter_efetch` streams them through
lxml's pull parser and frees each article once it has been read. Reference lists (other
papers' DOIs and PMIDs, and most of the bytes) are cut out before the parser sees them, and
fields are read by walking down direct children from the article's top (never by searching the
whole article): both keep other papers' identifiers out of the record, and both are the fast way.

E-utilities report many errors with HTTP 200 (an `<ERROR>` element, an `ErrorList`, an HTML
page): every one of them raises `ParseError` here, so that a failure never reads as "no new
papers".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

from tracker.errors import ParseError
from tracker.links import pubmed_url
from tracker.normalize import (
    collapse_ws,
    iso_date,
    medline_date,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
)
from tracker.records import Link, ParseResult, Record, usable
from tracker.textsafe import UNSAFE

# Never expand entities, never read a DTD, never touch the network: efetch answers carry a
# DOCTYPE naming an external DTD, and a hostile body could declare file or billion-laughs entities.
_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)

_ARTICLE_TAGS = ("PubmedArticle", "PubmedBookArticle")

# The most telling publication type wins `article_type`: first notices that change how a paper
# must be read, then study designs from strongest evidence down, then non-research items.
# A record whose types match none of these gets its first type as given.
ARTICLE_TYPE_PRIORITY = (
    "Retracted Publication",
    "Retraction of Publication",
    "Published Erratum",
    "Expression of Concern",
    "Meta-Analysis",
    "Systematic Review",
    "Randomized Controlled Trial",
    "Pragmatic Clinical Trial",
    "Controlled Clinical Trial",
    "Clinical Trial, Phase IV",
    "Clinical Trial, Phase III",
    "Clinical Trial, Phase II",
    "Clinical Trial, Phase I",
    "Clinical Trial",
    "Clinical Trial Protocol",
    "Observational Study",
    "Case Reports",
    "Practice Guideline",
    "Guideline",
    "Review",
    "Comment",
    "Editorial",
    "Letter",
    "Preprint",
    "Journal Article",
)
_TYPE_RANK = {name.lower(): i for i, name in enumerate(ARTICLE_TYPE_PRIORITY)}

# CommentsCorrections that change a paper's standing; "Cites", "CommentIn" etc. are ignored.
LINK_KINDS = {
    "ErratumIn": "erratum_in",
    "ErratumFor": "erratum_for",
    "RetractionIn": "retraction_in",
    "RetractionOf": "retraction_of",
    "UpdateIn": "update_in",
    "UpdateOf": "update_of",
    "ExpressionOfConcernIn": "expression_of_concern_in",
    "ExpressionOfConcernFor": "expression_of_concern_for",
}

# Labels PubMed uses for "no real label".
_NO_LABEL = {"", "UNLABELLED", "UNASSIGNED"}
_MATHML = "{http://www.w3.org/1998/Math/MathML}"
_MATH, _MTEXT = _MATHML + "math", _MATHML + "mtext"
_DOI_IN_TEXT = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")


@dataclass
class EsearchResult:
    """One esearch page: the total hit count, this page's PMIDs and the history-server handle."""

    count: int
    ids: list[str]
    webenv: str | None
    query_key: str | None
    retmax: int
    retstart: int
    query_translation: str | None
    # WarningList entries other than "No items found." (PhraseIgnored, QuotedPhraseNotFound...),
    # as "Tag: text"; worth logging, not failing on.
    warnings: list[str] = field(default_factory=list)


# --- efetch -------------------------------------------------------------------------------


# The parser is fed in pieces of this size: small enough to keep memory flat on a 300 MB
# backfill, large enough that feeding costs nothing (and measurably faster than iterparse's own reads).
_PIECE = 64 * 1024

# Reference lists name other papers (their DOIs and PMIDs must never reach the record) and are
# most of the bytes of a modern record. Plain ones are cut out before libxml2 sees them.
_REFS_OPEN, _REFS_CLOSE = b"<ReferenceList>", b"</ReferenceList>"
_REFS_HOLD = 2 * 1024 * 1024  # a block still open after this many bytes ends the cutting
_REFS_DEPTH = 4  # lists nested deeper than this end the cutting
_REFS_TAGS = 64  # so do blocks holding more ReferenceList tags than this
# Where PubmedData (and so the DTD) puts reference lists: after these elements' end.
_REFS_AFTER = (b"</ArticleIdList>", b"</ObjectList>", b"</ReferenceList>")
# Names that never occur inside a reference list: one that does means the block's end tag is
# missing and the "block" runs on into the next article.
_REFS_NEVER_INSIDE = (b"PubmedArticle", b"PubmedData", b"PubmedBook")
_ROOT = b"<PubmedArticleSet"
_DECLARED_ENCODING = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_CUTTABLE_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}
_SPACE = b" \t\r\n"


def _tail(before: bytes, data: bytes, lo: int, hi: int) -> bytes:
    """The stream's last 20 bytes up to its last one that is not whitespace, where `before` is
    that for the stream up to data[lo] and data[lo:hi] follows it."""
    i = hi - 1
    while i >= lo and i > hi - 64:  # the usual case: a newline and some indentation
        if data[i] not in _SPACE:
            break
        i -= 1
    else:
        stripped = data[lo : i + 1].rstrip(_SPACE)
        i = lo + len(stripped) - 1
    if i < lo:
        return before  # nothing but whitespace
    if i - lo >= 19:
        return data[i - 19 : i + 1]
    return (before + data[lo : i + 1])[-20:]  # a tag split between two pieces is joined here


def _pieces(source: bytes | BinaryIO) -> Iterator[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        view = memoryview(source)
        for start in range(0, len(view), _PIECE):
            yield bytes(view[start : start + _PIECE])
        return
    while piece := source.read(_PIECE):
        yield piece


def _block_end(data: bytes, start: int) -> tuple[int, int] | None:
    """(end, tags seen) of the ReferenceList element opening at `start`, nested lists
    included; None if it does not end within data; (-1, 0) if nested deeper than _REFS_DEPTH
    or holding more than _REFS_TAGS tags."""
    depth, tags, pos = 1, 1, start + len(_REFS_OPEN)
    while True:
        close = data.find(_REFS_CLOSE, pos)
        if close < 0:
            return None
        opened = data.find(_REFS_OPEN, pos, close)
        if opened >= 0:
            depth, tags, pos = depth + 1, tags + 1, opened + len(_REFS_OPEN)
            if depth > _REFS_DEPTH or tags > _REFS_TAGS:
                return -1, 0
            continue
        depth, tags, pos = depth - 1, tags + 1, close + len(_REFS_CLOSE)
        if depth == 0:
            return pos, tags


def _plain(data: bytes, start: int, end: int, tags: int) -> bool:
    """Whether data[start:end] holds only elements and text: no comment, CDATA, processing
    instruction or declaration starting or ending in it, and the name ReferenceList only in the
    `tags` tags that _block_end counted. (The one-byte searches come first: they are the fast ones.)"""
    for byte, markers in ((b"!", (b"<!",)), (b"?", (b"<?", b"?>")), (b"]", (b"]]>",))):
        if data.find(byte, start, end) >= 0 and any(data.find(m, start, end) >= 0 for m in markers):
            return False
    if any(data.find(name, start, end) >= 0 for name in _REFS_NEVER_INSIDE):
        return False
    return data.find(b"-->", start, end) < 0 and data.count(b"ReferenceList", start, end) == tags


def _cuttable_encoding(head: bytes) -> bool:
    """Only UTF-8 (the default) or ASCII documents are cut: in UTF-16 or a multi-byte legacy
    encoding, the bytes of "<ReferenceList>" could be part of other characters."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        return False
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml") and b"?>" not in head:
        return False  # a declaration longer than this is too odd to guess at
    declared = _DECLARED_ENCODING.match(head)
    return declared is None or declared.group(1).lower() in _CUTTABLE_ENCODINGS


def without_reference_lists(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The same bytes with every plain `<ReferenceList>...</ReferenceList>` element left out,
    in pieces of at least _PIECE bytes (the last one aside).

    A cut needs a block of exactly those tags where PubmedData puts reference lists (after one
    of _REFS_AFTER), nested at most _REFS_DEPTH deep, with at most _REFS_TAGS such tags, naming
    no article, holding nothing but elements and text, closed within _REFS_HOLD bytes, in a
    UTF-8 document whose body has no comment, CDATA section or processing instruction anywhere.
    The first block that fails any of these ends the cutting for the rest of the document: from
    there the parser sees the bytes as sent, so whatever is broken still fails to parse, and no
    input costs more than a few scans. What lies inside a cut block is not validated: the
    tracker never reads it.
    """
    cutting: bool | None = None  # None until the first bytes show the encoding
    in_body = False  # past the root element's opening (the prolog has <?xml and <!DOCTYPE)
    tail = b""  # the stream's last bytes before `pos`, up to its last one that is not whitespace
    pending = b""
    out: list[bytes] = []
    size = 0

    def emit(segment: bytes) -> None:
        nonlocal tail, size
        if segment:
            out.append(segment)
            size += len(segment)
            tail = _tail(tail, segment, 0, len(segment))

    for piece in pieces:
        data = pending + piece if pending else piece
        pending = b""
        if cutting is None:
            if len(data) < 1024:
                pending = data  # the encoding is decided on the first kilobyte, once it is here
                continue
            cutting = _cuttable_encoding(data[:1024])
        if cutting and not in_body:
            root = data.find(_ROOT)
            if root < 0:
                keep = max(0, len(data) - len(_ROOT) + 1)  # the root's name may be split
                emit(data[:keep])
                pending = data[keep:]
                data = b""
            else:
                emit(data[:root])
                data = data[root:]
                in_body = True
        if cutting and ((b"!" in data and b"<!" in data) or (b"?" in data and b"<?" in data)):
            cutting = False
        pos = 0
        while cutting and data:
            start = data.find(_REFS_OPEN, pos)
            if start < 0:
                # Hold back a tail that may be the first bytes of an opening tag.
                keep = max(pos, len(data) - len(_REFS_OPEN) + 1)
                emit(data[pos:keep])
                pending, pos = data[keep:], len(data)
                break
            placed = _tail(tail, data, pos, start).endswith(_REFS_AFTER)
            found = _block_end(data, start)
            if found is None and len(data) - start <= _REFS_HOLD:
                emit(data[pos:start])
                pending, pos = data[start:], len(data)  # wait for the rest of the block
                break
            if found is None or found[0] < 0:
                cutting = False  # too long or too deep: pass everything on from here
                break
            end, tags = found
            if not (placed and _plain(data, start, end, tags)):
                cutting = False  # anything unusual: the rest goes to the parser as sent
                break
            emit(data[pos:start])
            tail = _REFS_CLOSE
            pos = end
        if not cutting:
            emit(data[pos:])
        # libxml2 parses many small pieces more slowly than fewer large ones.
        if size >= _PIECE:
            yield b"".join(out)
            out, size = [], 0
    if pending:
        out.append(pending)
    if out:
        yield b"".join(out)


def iter_efetch(source: bytes | BinaryIO, skipped: list[str] | None = None) -> Iterator[Record]:
    """Stream the records of an efetch PubmedArticleSet (bytes or a binary file object).

    Raises ParseError when the body is not XML, is cut short, is not a PubmedArticleSet, or
    carries an `<ERROR>` element. Records already yielded before such an error belong to a
    failed response: a caller must discard the whole batch (parse_efetch does).
    Articles with neither a title nor an identifier are not yielded; the reason is appended
    to `skipped` when a list is given.
    """
    parser = etree.XMLPullParser(events=("end",), tag=(*_ARTICLE_TAGS, "ERROR"), **_PARSER_OPTIONS)
    position = 0
    root = None
    try:
        for piece in chain(without_reference_lists(_pieces(source)), [None]):
            if piece is None:
                root = parser.close()
            else:
                parser.feed(piece)
            for _, el in parser.read_events():
                if el.tag == "ERROR":
                    message = _text(el)
                    if message:  # NCBI writes an empty <ERROR/> to mean "no error" (espell does)
                        raise ParseError(f"efetch returned an error: {message}")
                    continue
                position += 1
                # One odd article is reported and skipped; it never stops the rest.
                try:
                    record = _book_record(el) if el.tag == "PubmedBookArticle" else _article_record(el)
                except (AttributeError, KeyError, TypeError, ValueError) as exc:
                    record, reason = None, f"{_where(el, position)}: unreadable ({type(exc).__name__}: {exc})"
                else:
                    reason = usable(record)
                    if reason:
                        reason = f"{_where(el, position)}: {reason}"
                # Free what has been read: the article itself and any earlier siblings.
                el.clear(keep_tail=True)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
                if reason is None:
                    yield record
                elif skipped is not None:
                    skipped.append(reason)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"efetch response is not well-formed XML (truncated or not XML): {exc}") from exc
    # An HTML page or another database's answer can be well-formed XML too. (An eFetchResult
    # wrapper only ever carries an ERROR, which has raised above.)
    if root is None or root.tag != "PubmedArticleSet":
        found = getattr(root, "tag", None)
        raise ParseError(f"efetch response is not a PubmedArticleSet (root element: {found!r})")


def _where(art, position: int) -> str:
    """How a skip reason names an article: its place in the response, and its PMID if it has one."""
    pmid = art.findtext("MedlineCitation/PMID") or art.findtext("BookDocument/PMID")
    pmid = _clean(pmid)
    return f"{art.tag} #{position}" + (f" (PMID {pmid})" if pmid else "")


def parse_efetch(data: bytes) -> ParseResult:
    """All records of an efetch response; all or nothing (see iter_efetch for what raises)."""
    if not data or data.isspace():
        raise ParseError("efetch response is empty")
    result = ParseResult()
    result.records = list(iter_efetch(data, result.skipped))
    return result


def _article_record(art) -> Record:
    # One pass over each container's children rather than a find() per field: find() parses
    # its path in Python on every call, and an efetch batch has thousands of articles.
    top = _first_children(art)
    citation, data = top["MedlineCitation"], top.get("PubmedData")
    parts = _first_children(citation, many=("OtherAbstract", "KeywordList"))
    article = _first_children(parts["Article"], many=("ELocationID",))
    journal = _first_children(article.get("Journal"))
    issue = _first_children(journal.get("JournalIssue"))
    pmid = _pmid(parts.get("PMID"))

    title = _text(article.get("ArticleTitle")) or _text(article.get("VernacularTitle"))
    abstract, sections = _abstract(article.get("Abstract"))
    if not abstract:
        # OtherAbstract (publisher or translated abstracts) only stands in for a missing one.
        for other in parts["OtherAbstract"]:
            abstract, sections = _abstract(other)
            if abstract:
                break

    ids = _article_ids(data)
    doi = ids.get("doi") or _elocation_doi(article["ELocationID"])

    published = _pub_date(issue.get("PubDate")) or _ymd(article.get("ArticleDate"))
    if published is None and data is not None:
        published = _history_date(data)

    types = _child_texts(article.get("PublicationTypeList"), "PublicationType")
    return Record(
        title=title,
        abstract=abstract,
        abstract_sections=sections,
        doi=doi,
        pmid=pmid,
        pmcid=ids.get("pmcid"),
        journal=_text(journal.get("Title")) or None,
        published=published,
        authors=_authors(article.get("AuthorList")),
        url=pubmed_url(pmid),
        article_type=_main_type(types),
        publication_types=types,
        mesh=_mesh(parts.get("MeshHeadingList")),
        keywords=_keywords(parts["KeywordList"]),
        links=_links(parts.get("CommentsCorrectionsList")),
        language=_text(article.get("Language")) or None,
        source_key=pmid,
    )


def _book_record(art) -> Record:
    top = _first_children(art)
    doc, data = top["BookDocument"], top.get("PubmedBookData")
    parts = _first_children(doc, many=("AuthorList", "KeywordList", "ELocationID"))
    book = _first_children(parts.get("Book"), many=("AuthorList",))
    pmid = _pmid(parts.get("PMID"))

    book_title = _text(book.get("BookTitle"))
    chapter_title = _text(parts.get("ArticleTitle")) or _text(parts.get("VernacularTitle"))
    # A chapter's container is its book; a whole book's container is its publisher.
    if chapter_title:
        title, journal = chapter_title, book_title
    else:
        title, journal = book_title, _text(_child(book.get("Publisher"), "PublisherName"))
    abstract, sections = _abstract(parts.get("Abstract"))

    ids = _article_ids(doc)
    for key, value in _article_ids(data).items():
        ids.setdefault(key, value)
    doi = ids.get("doi") or _elocation_doi(parts["ELocationID"])

    # A chapter's own date (ContributionDate) beats the book's, which for a living book such as
    # GeneReviews is the year the series began.
    published = _ymd(parts.get("ContributionDate")) or _pub_date(book.get("PubDate"))
    if published is None and data is not None:
        published = _history_date(data)

    # Chapter authors; a whole book without them is credited to its editors.
    authors = [name for author_list in parts["AuthorList"] if author_list.get("Type", "authors") == "authors"
               for name in _authors(author_list)]
    if not authors:
        authors = [name for author_list in book["AuthorList"] for name in _authors(author_list)]

    types = _child_texts(doc, "PublicationType")
    return Record(
        title=title,
        abstract=abstract,
        abstract_sections=sections,
        doi=doi,
        pmid=pmid,
        pmcid=ids.get("pmcid"),
        journal=journal or None,
        published=published,
        authors=authors,
        url=pubmed_url(pmid),
        article_type=_main_type(types),
        publication_types=types,
        mesh=_mesh(parts.get("MeshHeadingList")),
        keywords=_keywords(parts["KeywordList"]),
        language=_text(parts.get("Language")) or None,
        source_key=pmid,
    )


# --- small readers ------------------------------------------------------------------------


def _first_children(el, many: tuple[str, ...] = ()) -> dict:
    """Each child tag -> its first child element; tags named in `many` -> a list of all of them."""
    found: dict = {tag: [] for tag in many}
    if el is None:
        return found
    for child in el:
        tag = child.tag
        if tag in many:
            found[tag].append(child)
        elif tag not in found:
            found[tag] = child
    return found


def _child(el, tag: str):
    """The first direct child with this tag, or None (never searches deeper)."""
    return None if el is None else next(el.iterchildren(tag), None)


def _clean(text: str | None) -> str:
    """normalize.collapse_ws, with a fast path for text that holds nothing it drops.

    XML 1.0 text cannot hold C0 controls other than tab, CR and LF, so ASCII text needs the
    full treatment only for DEL; other text for whatever textsafe drops (C1 controls,
    noncharacters such as U+FDD0, bidi controls). For everything else, splitting on whitespace
    gives the same result.
    """
    if not text:
        return ""
    if ("\x7f" not in text) if text.isascii() else (UNSAFE.search(text) is None):
        return " ".join(text.split())
    return collapse_ws(text)


def _text(el) -> str:
    """An element's text with inline markup (<i>, <sup>, MathML...) flattened, whitespace collapsed.

    Entity references are never expanded: a subtree holding one (or MathML) is walked node by
    node and the reference kept as its literal "&name;". Only subtrees free of both go through
    lxml's text serializer, which is several times faster than joining itertext() but would
    write out a declared entity's replacement text.
    """
    if el is None:
        return ""
    if not len(el):  # the common case: no markup inside
        return _clean(el.text)
    if next(el.iter(_MATH, etree.Entity), None) is None:
        return _clean(etree.tostring(el, method="text", encoding="unicode", with_tail=False))
    return _clean("".join(_flatten_math(el)))


def _flatten_math(el) -> Iterator[str]:
    """Like itertext, but each MathML formula is written compactly: whitespace between MathML
    elements is layout, not content, and would otherwise turn "VO2max" into "V O 2 m a x".
    An unexpanded entity reference yields its literal "&name;"."""
    if el.text:
        yield el.text
    for child in el:
        if child.tag == _MATH:
            # Token text is content; an <mtext> of spaces is a deliberate space.
            for node in child.iter(tag=etree.Element):
                text = node.text or ""
                yield text if node.tag == _MTEXT else text.strip()
        elif isinstance(child.tag, str):
            yield from _flatten_math(child)
        elif child.text and child.tag is etree.Entity:
            yield child.text
        if child.tail:
            yield child.tail


def _child_texts(el, tag: str) -> list[str]:
    if el is None:
        return []
    return [t for t in map(_text, el.iterchildren(tag)) if t]


def _mesh(heading_list) -> list[str]:
    if heading_list is None:
        return []
    # A subtree search is safe here: a MeshHeadingList holds nothing but MeSH headings.
    return [t for t in map(_text, heading_list.iter("DescriptorName")) if t]


def _keywords(keyword_lists) -> list[str]:
    words = [word for kl in keyword_lists for word in _child_texts(kl, "Keyword")]
    return list(dict.fromkeys(words))  # several lists (author, NLM) often repeat a keyword


def _pmid(el) -> str | None:
    text = el.text if el is not None else None
    if text and text.isascii() and text.isdigit() and len(text) <= 10 and int(text):
        return text
    return normalize_pmid(text)


def _abstract(el) -> tuple[str, list[tuple[str, str]]]:
    """(plain text, sections). Sections are filled only for structured (labelled) abstracts;
    the text then holds "Label: text" paragraphs separated by a blank line."""
    if el is None:
        return "", []
    sections: list[tuple[str, str]] = []
    for part in el.iterchildren("AbstractText"):
        text = _text(part)
        if not text:
            continue
        label = _clean(part.get("Label"))
        if label.upper() in _NO_LABEL:
            category = _clean(part.get("NlmCategory"))
            label = "" if category.upper() in _NO_LABEL else category.title()
        sections.append((label, text))
    if not any(label for label, _ in sections):
        return "\n\n".join(text for _, text in sections), []
    return "\n\n".join(f"{label}: {text}" if label else text for label, text in sections), sections


def _article_ids(parent) -> dict[str, str]:
    """doi/pmcid from the ArticleIdList directly under `parent` (PubmedData, BookDocument...):
    the article's own list, never one inside ReferenceList, which names other papers."""
    found: dict[str, str] = {}
    id_list = _child(parent, "ArticleIdList")
    if id_list is None:
        return found
    for item in id_list.iterchildren("ArticleId"):
        kind = item.get("IdType")
        if kind == "doi" and "doi" not in found:
            doi = normalize_doi(item.text)
            if doi:
                found["doi"] = doi
        elif kind == "pmc" and "pmcid" not in found:
            pmcid = normalize_pmcid(item.text)
            if pmcid:
                found["pmcid"] = pmcid
    return found


def _elocation_doi(locations) -> str | None:
    """The DOI among an article's ELocationIDs (the publisher's, used when PubmedData has none)."""
    for loc in locations:
        if loc.get("EIdType") == "doi" and loc.get("ValidYN") != "N":
            doi = normalize_doi(loc.text)
            if doi:
                return doi
    return None


def _pub_date(el) -> str | None:
    """JournalIssue/PubDate (or Book/PubDate): Year/Month/Day, or a free-form MedlineDate.
    Season ("Spring", "Jul-Aug") is not a month: such dates keep the year only."""
    if el is None:
        return None
    fields = {child.tag: child.text for child in el}
    year = fields.get("Year")
    if year:
        return iso_date(year, fields.get("Month"), fields.get("Day"))
    return medline_date(fields.get("MedlineDate"))


def _ymd(el) -> str | None:
    if el is None:
        return None
    fields = {child.tag: child.text for child in el}
    return iso_date(fields.get("Year"), fields.get("Month"), fields.get("Day"))


def _history_date(data) -> str | None:
    history = _child(data, "History")
    if history is not None:
        for item in history.iterchildren("PubMedPubDate"):
            if item.get("PubStatus") == "pubmed":
                return _ymd(item)
    return None


def _authors(author_list) -> list[str]:
    if author_list is None:
        return []
    names = []
    for author in author_list.iterchildren("Author"):
        if author.get("ValidYN") == "N":  # a name the journal later corrected; not an author
            continue
        fields = {child.tag: child for child in author}
        collective = fields.get("CollectiveName")
        if collective is not None:
            name = _text(collective)
        else:
            first = _text(fields.get("ForeName")) or _text(fields.get("Initials"))
            parts = (first, _text(fields.get("LastName")), _text(fields.get("Suffix")))
            name = " ".join(p for p in parts if p)
        if name:
            names.append(name)
    return names


def _main_type(types: list[str]) -> str | None:
    if not types:
        return None
    ranked = [(_TYPE_RANK[t.lower()], t) for t in types if t.lower() in _TYPE_RANK]
    return min(ranked)[1] if ranked else types[0]


def _links(corrections) -> list[Link]:
    links: list[Link] = []
    if corrections is None:
        return links
    for item in corrections.iterchildren("CommentsCorrections"):
        kind = LINK_KINDS.get(item.get("RefType", ""))
        if kind is None:
            continue
        fields = {child.tag: child for child in item}
        source = _text(fields.get("RefSource")) or None
        # CommentsCorrections has no DOI element; the citation text sometimes ends in one.
        match = _DOI_IN_TEXT.search(source) if source else None
        links.append(Link(
            kind=kind,
            pmid=_pmid(fields.get("PMID")),
            doi=normalize_doi(match.group(1)) if match else None,
            text=source,
        ))
    return links


# --- esearch ------------------------------------------------------------------------------


def parse_esearch(data: bytes) -> EsearchResult:
    """An esearch XML answer -> EsearchResult.

    Raises ParseError for a body that is not an eSearchResult, an `<ERROR>`, any `ErrorList`
    entry (PhraseNotFound, FieldNotFound...: a mistyped configured query must fail loudly rather
    than read as "no new papers") and a missing Count. "No items found." with Count 0 is a normal,
    empty result.
    """
    if not data or data.isspace():
        raise ParseError("esearch response is empty")
    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"esearch response is not well-formed XML (truncated or not XML): {exc}") from exc
    if root.tag != "eSearchResult":
        raise ParseError(f"esearch response is not an eSearchResult (root element: {root.tag!r})")
    for error in root.iter("ERROR"):
        message = _text(error)
        if message:  # an empty <ERROR/> means "no error"
            raise ParseError(f"esearch returned an error: {message}")
    problems = [f"{child.tag}: {_text(child)}" for child in root.iterfind("ErrorList/*")
                if isinstance(child.tag, str)]
    if problems:
        raise ParseError("esearch query has errors: " + "; ".join(problems))

    count = _int(root.findtext("Count"))
    if count is None:
        raise ParseError("esearch response has no Count")
    ids = [i for i in (collapse_ws(el.text) for el in root.iterfind("IdList/Id")) if i]
    warnings = [f"{child.tag}: {_text(child)}" for child in root.iterfind("WarningList/*")
                if isinstance(child.tag, str)]
    warnings = [w for w in warnings if w != "OutputMessage: No items found."]  # a normal empty result
    return EsearchResult(
        count=count,
        ids=ids,
        webenv=collapse_ws(root.findtext("WebEnv")) or None,
        query_key=collapse_ws(root.findtext("QueryKey")) or None,
        retmax=_int(root.findtext("RetMax")) or 0,
        retstart=_int(root.findtext("RetStart")) or 0,
        query_translation=collapse_ws(root.findtext("QueryTranslation")) or None,
        warnings=warnings,
    )


def _int(value: str | None) -> int | None:
    text = collapse_ws(value)
    # At most 18 digits: int() of thousands of them raises ValueError; no count is that big.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
