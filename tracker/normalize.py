"""Normalization shared by every parser: plain text, identifiers, URLs and dates.

Everything here is total: any string in, a clean value (or None) out, never an exception.
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from datetime import datetime
from functools import cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from lxml import etree

from .textsafe import one_line


# Elements whose text never belongs in a title or abstract.
_DROP = {"script", "style", "head", "title", "noscript", "template", "iframe", "object", "svg:script"}
# Elements that separate words: their boundaries become a space.
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4",
    "h5", "h6", "section", "article", "blockquote", "dd", "dt", "dl", "hr", "pre", "figure",
    "figcaption", "header", "footer", "caption",
}
_ESCAPED_INLINE = re.compile(r"</?(?:i|b|em|strong|sup|sub|u|br|p|span|mml:math|math)\b[^<>]*>", re.I)
# Something shaped like a whole tag or comment: only then is a field read as HTML.
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
# Whole comments and CDATA sections are found with str.find: as regex alternatives
# ("<!--.*?-->") each unclosed opener scanned to the end, so "<!--" repeated took quadratic time.
_SPANS = (("<!--", "-->"), ("<![CDATA[", "]]>"))


def _has_markup(value: str) -> bool:
    if _TAG.search(value):
        return True
    for opener, closer in _SPANS:
        start = value.find(opener)
        if start != -1 and value.find(closer, start + len(opener)) != -1:
            return True
    return False
# A decimal character reference of 8 or more significant digits is past U+10FFFF, which
# html.unescape decodes as U+FFFD; with thousands of digits its int() raises ValueError instead.
_HUGE_CHARREF = re.compile(r"&#0*+[1-9][0-9]{7,};?")


def _unescape(text: str) -> str:
    return html.unescape(_HUGE_CHARREF.sub("\ufffd", text))


_HTML_PARSER = etree.HTMLParser(recover=True, no_network=True, remove_comments=True,
                                remove_pis=True, default_doctype=False)


def collapse_ws(text: str | None) -> str:
    """textsafe.one_line with drop_unsafe=True, the form every parser uses: runs of whitespace
    one space, trimmed, and what no output may hold (controls, noncharacters, bidi controls)
    dropped rather than spaced, so a stray control never splits a word or an identifier."""
    return one_line(text, drop_unsafe=True)


def clean_text(value: str | None) -> str:
    """HTML or plain text in, plain text out: markup flattened, entities decoded, whitespace collapsed.

    Script and style contents are dropped; MathML and inline markup keep their text.
    """
    if not value:
        return ""
    if "<" not in value or not _has_markup(value):
        # No markup: a lone "<" is the character itself ("dose<baseline", "P<0.05").
        text = _unescape(value)
        # Escaped markup in a text field (PubMed RSS titles): flatten the common inline tags,
        # leave any other "<" as the literal character it stands for.
        if not _ESCAPED_INLINE.search(text):
            return collapse_ws(text)
        value = text
    return collapse_ws(_html_text(value))


def _html_text(fragment: str) -> str:
    try:
        root = etree.fromstring(f"<div>{fragment}</div>", _HTML_PARSER)
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        # Nothing parseable: strip anything tag-shaped and decode what is left.
        return _unescape(re.sub(r"<[^>]*>", " ", fragment))
    parts: list[str] = []
    _walk(root, parts)
    return "".join(parts)


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _walk(el, parts: list[str], sep: str = " ") -> None:
    name = _local(el.tag)
    if name in _DROP or not isinstance(el.tag, str):
        if el.tail:
            parts.append(el.tail)
        return
    block = name in _BLOCK
    if block:
        parts.append(sep)
    if el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts, sep)
    if block:
        parts.append(sep)
    if el.tail:
        parts.append(el.tail)


# Marks block boundaries in html_blocks until the text is split (U+2029 PARAGRAPH SEPARATOR).
_BLOCK_SEP = "\u2029"


def html_blocks(value: str | None) -> list[str]:
    """Like clean_text, but one plain-text string per block (paragraph, list item, ...), empties dropped."""
    if not value:
        return []
    if "<" in value:
        try:
            root = etree.fromstring(f"<div>{value}</div>", _HTML_PARSER)
        except (etree.ParserError, ValueError):
            root = None
        if root is not None:
            parts: list[str] = []
            _walk(root, parts, _BLOCK_SEP)
            return [t for t in (collapse_ws(p) for p in "".join(parts).split(_BLOCK_SEP)) if t]
    text = clean_text(value)
    return [text] if text else []


_DOI_PREFIX = re.compile(
    r"^(?:doi\s*:\s*|https?://(?:dx\.)?doi\.org/|https?://doi\.[a-z]+/|doi\.org/)", re.I
)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+\Z")  # \Z: "$" would allow a trailing newline


def normalize_doi(value: str | None) -> str | None:
    """A DOI lower-cased without resolver prefix or trailing punctuation; None if it is not a DOI.

    Idempotent: normalize_doi(normalize_doi(x)) == normalize_doi(x).
    """
    if not value:
        return None
    doi = collapse_ws(value)
    for _ in range(3):  # "doi: https://doi.org/10..." happens
        stripped = _DOI_PREFIX.sub("", doi).strip()
        if stripped == doi:
            break
        doi = stripped
    # Spaces go first and percent-escapes are decoded until none is left ("%252F" was encoded
    # twice), each pass cleaned like the input: otherwise the result could still change on a
    # second call ("%2541" -> "%41" -> "a", "%00" -> a NUL, "abc. )" -> "abc." -> "abc").
    doi = doi.replace(" ", "")
    for _ in range(4):
        decoded = collapse_ws(unquote(doi)).replace(" ", "") if "%" in doi else doi
        if decoded == doi:
            break
        doi = decoded
    else:
        return None  # still encoded after four passes: not a DOI anyone wrote
    doi = doi.rstrip(".,;)").lower()
    return doi if _DOI_SHAPE.match(doi) else None


def doi_from_url(url: str | None) -> str | None:
    """The DOI in a URL such as https://www.frontiersin.org/articles/10.3389/fpsyt.2026.1234/full."""
    if not url:
        return None
    match = re.search(r"(10\.\d{4,9}/[^\s?#]+)", unquote(url))
    if not match:
        return None
    doi = match.group(1)
    # Frontiers article pages append a view name after the DOI.
    doi = re.sub(r"/(?:full|abstract|pdf|epub|xml|html)\Z", "", doi, flags=re.I)
    return normalize_doi(doi)


def normalize_pmid(value: str | None) -> str | None:
    """A PMID as a string of digits, or None."""
    if value is None:
        return None
    text = collapse_ws(str(value))
    text = re.sub(r"^(?:pmid\s*:?\s*)", "", text, flags=re.I)
    # ASCII only: "²" is a digit to isdigit() but not to int(), and "١٢٣" is no PMID.
    return text if text.isascii() and text.isdigit() and 0 < len(text) <= 10 and int(text) > 0 else None


def normalize_pmcid(value: str | None) -> str | None:
    """A PMCID as "PMC" plus digits, or None."""
    if not value:
        return None
    text = collapse_ws(str(value)).upper()
    text = re.sub(r"^(?:PMCID\s*:?\s*)", "", text)
    if text.isdigit():
        text = "PMC" + text
    return text if re.fullmatch(r"PMC\d{1,12}", text) else None


_TRACKING = re.compile(r"^(?:utm_[a-z]+|fc|ff|v|dopt|ncbi_[a-z]+)\Z", re.I)


def safe_url(value: str | None, *, encode_path: bool = True) -> str | None:
    """An absolute http(s) URL with tracking parameters removed, or None.

    Feeds carry `javascript:` and `data:` links; those never get through. encode_path=False
    leaves the path as it came (as this function did before it encoded paths): only for an
    identifier that is never written out, such as the key of a feed item known by its link.
    """
    if not value:
        return None
    url = collapse_ws(value).replace(" ", "%20")
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c in parts.netloc for c in "<>\"'\\"):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    # The path percent-encoded where it holds what no URL may ('"', "<", ">", spaces, non-ASCII),
    # as the query is: written out raw (plain text, Markdown) `/x"><script>` would be markup.
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~") if encode_path else parts.path
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}


def month_number(value: str | None) -> int | None:
    """1-12 from "Jan", "january", "01" or "1"; None otherwise."""
    if not value:
        return None
    text = value.strip().lower().rstrip(".")
    if text.isdigit():
        try:
            n = int(text) if len(text) <= 4 else 0  # int() of thousands of digits raises
        except ValueError:  # "²" is a digit to isdigit(), not to int()
            return None
        return n if 1 <= n <= 12 else None
    return _MONTHS.get(text)


def iso_date(year: str | int | None, month: str | int | None = None, day: str | int | None = None) -> str | None:
    """"YYYY", "YYYY-MM" or "YYYY-MM-DD" at the precision given; None without a plausible year."""
    try:
        y = int(str(year).strip()) if year is not None else None
    except ValueError:
        return None
    if y is None or not 1000 <= y <= 2999:
        return None
    m = month_number(str(month)) if month is not None else None
    if m is None:
        return f"{y:04d}"
    try:
        d = int(str(day).strip()) if day is not None else None
    except ValueError:
        d = None
    if d is not None:
        try:
            datetime(y, m, d)
        except (ValueError, OverflowError):  # a day of 99999999999999999999 overflows a C long
            d = None
    return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"


_MEDLINE = re.compile(r"(\d{4})(?:\s+([A-Za-z]{3,9}))?")


def medline_date(text: str | None) -> str | None:
    """The start of a MedlineDate: "1998 Dec-1999 Jan" -> "1998-12", "1977 Fall-Winter" -> "1977"."""
    if not text:
        return None
    match = _MEDLINE.search(text)
    if not match:
        return None
    return iso_date(match.group(1), match.group(2))


def iso_from_datetime(value: str | None) -> str | None:
    """An ISO-8601 or RFC-822 timestamp -> its calendar date "YYYY-MM-DD"; None if unreadable.

    The date is the one the publisher wrote, in its own timezone: converting to UTC would move
    an evening publication to the next day.
    """
    if not value:
        return None
    text = value.strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return iso_date(*match.groups())
    from email.utils import parsedate_tz

    try:
        parsed = parsedate_tz(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed:
        return iso_date(parsed[0], parsed[1], parsed[2])
    match = re.match(r"^(\d{4})-(\d{2})", text)
    return iso_date(*match.groups()) if match else None


def fold(text: str) -> str:
    """Lower-case, accent-free text for matching (keeps length-independent word boundaries)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@cache
def combining_marks() -> str:
    """Every combining mark that re's \\w does not match, escaped for a character class: an accent
    written as its own character ("the\u0301rapie", text decomposed to NFD) belongs to its word,
    though re would end the word before it; fold() drops exactly these marks. Worked out on first
    need (one scan of Unicode, about a tenth of a second)."""
    return re.escape("".join(chr(c) for c in range(0x300, sys.maxunicode + 1)
                             if unicodedata.combining(chr(c)) and not re.match(r"\w", chr(c))))
