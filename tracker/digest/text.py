"""Text helpers for the digest: clean feed text, paragraphs, wrapping at 72 columns, Markdown
escaping, and the article before a word ("an observational study")."""

from __future__ import annotations

import re
import textwrap
import unicodedata

from markupsafe import Markup, escape

from .. import textsafe


WIDTH = 72

# Anything shaped like a tag, closed or not ("<img src=x onerror=...", "</script>", "<!--"):
# feed text is plain text, so this is markup a feed smuggled in. "p < 0.05" is left alone.
_TAG = re.compile(r"<\s*[A-Za-z!/?][^<>]*(?:>|(?=<)|$)")
# Zero-width spaces and joiners: invisible in a reader's text. (Controls, noncharacters and bidi
# controls go through textsafe, as everywhere.)
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d]")


def clean(text: str | None) -> str:
    """Plain text fit for a reader: tags and control characters dropped, spaces collapsed.

    Escaping still happens in every template; this only keeps stray markup out of the words.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = _ZERO_WIDTH.sub("", textsafe.strip_unsafe(_TAGS.sub(_tag_gap, text)))
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def _tag_gap(tags: re.Match) -> str:
    """What dropped tags (a run of them, "<b><i>") leave: a space between two words ("one<br>two"),
    nothing beside a space or punctuation ("for you <b>now</b>." was "for you now .")."""
    text, start, end = tags.string, tags.start(), tags.end()
    before, after = text[start - 1:start], text[end:end + 1]
    if not before or not after or before.isspace() or after.isspace():
        return ""
    if _BREAK.search(tags.group()):  # a line or a block ended there: always a space ("'yes'<br>then")
        return " "
    if before in _OPENING or after in _CLOSING:
        return ""
    # straight quotes: one before the tags opens ("<b>yes") or is an apostrophe (O'<b>Brien); one
    # after them closes (yes</b>") unless a letter follows, when it opens ("<br>"felt") or, after
    # a letter, is an apostrophe (Lancet</i>'s)
    if before in "\"'" and (before == "'" or start < 2 or not text[start - 2].isalnum()):
        return ""
    if after in "\"'":
        following = text[end + 1:end + 2]
        if not following.isalnum() or after == "'" and before.isalnum():
            return ""
    return " "


_TAGS = re.compile(f"(?:{_TAG.pattern})+")  # tags side by side: one gap
_BREAK = re.compile(r"<\s*/?\s*(?:br|p|div|li|h[1-6]|td|th|tr|ul|ol|table|blockquote|hr|section)\b", re.I)
_OPENING = set("([{«“‘¿¡")
_CLOSING = set(".,;:!?)]}»”’…")


_PARAGRAPH_BREAK = re.compile(r"\r?\n\s*\n")  # a blank line (or several), LF or CRLF


def _blocks(text: str) -> list[tuple[int, str]]:
    """The text's paragraphs as written, each with where it starts: the one split that `paragraphs`
    cleans and `markup` reads, so the two never disagree on where a paragraph ends."""
    blocks, start = [], 0
    for gap in _PARAGRAPH_BREAK.finditer(text):
        blocks.append((start, text[start:gap.start()]))
        start = gap.end()
    return [*blocks, (start, text[start:])]


def markup(text: str | None) -> list[tuple[int, str]]:
    """What `clean` drops from a text as markup, each (where it starts, the words): in an editor's
    text that is often no markup at all ("scores <moderate, but not >severe" loses its middle), so
    the checks show it before readers lose it. Paragraph by paragraph, as `paragraphs` cleans them:
    a tag never reaches past a blank line."""
    if not text:
        return []
    return [(start + m.start(), m.group().strip()) for start, block in _blocks(str(text)) for m in _TAG.finditer(block)]


def paragraphs(text: str | None) -> list[str]:
    """Blank lines separate paragraphs; single line breaks inside one are spaces."""
    if not text:
        return []
    return [p for p in (clean(b.replace("\r\n", "\n").replace("\n", " ")) for _, b in _blocks(str(text))) if p]


def one_line(text: str | None) -> str:
    """`clean` text on one line (a headline, a dek, a name, a date): its paragraphs joined by a
    space, then textsafe.one_line, so no whitespace but single plain spaces is left (clean keeps
    U+00A0, U+2028 and the other Unicode spaces; a line needs them collapsed like tabs)."""
    return textsafe.one_line(" ".join(paragraphs(text)))


def word_count(*texts: str | None) -> int:
    return sum(len(re.findall(r"\w+", t or "")) for t in texts)


# Words whose first letter misleads about their first sound: "a one-arm trial", "an hour".
_CONSONANT_SOUND = re.compile(r"(one|once|uni|use|usu|uti|eu|ewe)", re.I)
_VOWEL_SOUND = re.compile(r"(hour|honest|honou?r|heir)", re.I)


def with_article(phrase: str) -> str:
    """The phrase after "a" or "an", chosen by the sound of its first word where that is simple."""
    if not phrase:
        return phrase
    vowel = phrase[0].lower() in "aeiou"
    if vowel and _CONSONANT_SOUND.match(phrase) or not vowel and _VOWEL_SOUND.match(phrase):
        vowel = not vowel
    return f"{'an' if vowel else 'a'} {phrase}"


def wrap(text: str, indent: str = "", first: str | None = None, width: int = WIDTH) -> str:
    """Wrap one paragraph at `width` columns; `first` is the first line's prefix (a bullet),
    `indent` the others'. Words longer than a line (URLs) stay whole on a line of their own."""
    first = indent if first is None else first
    if isinstance(text, Markup):  # a {% filter wrap %} block: already escaped once; wrap its text
        text = text.unescape()
    lines = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=indent,
                          break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) if lines else first.rstrip()


# Emphasis, code, links, tables. < > & become entities instead: an entity never starts a tag,
# an autolink or a quote, and a backslash before one would show.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# What makes a line a list item, heading, quote or heading underline where a text starts one.
# The spaces around it are those of its own line ([^\S\n]): a \s* there ran on over the next
# line breaks, so each of n empty lines was scanned to the end (quadratic), and a line break
# after an underline was swallowed by the replacement.
_MD_LINE_START = re.compile(
    r"^([^\S\n]*)(?:([-+]|#{1,6})(?=\s|$)|(\d{1,9})(?=[.)](?:\s|$))|(=+|-+)[^\S\n]*$)", re.M)


def markdown_text(text: str | None) -> Markup:
    """Text made inert for Markdown: its punctuation backslash-escaped (no link, image, emphasis
    or raw HTML can form), then &, < and > HTML-escaped (entities render as the characters)."""
    if isinstance(text, Markup):  # a {% filter md %} block: already escaped once
        text = text.unescape()
    text = _MD_SPECIAL.sub(r"\\\1", clean(text))
    text = _MD_LINE_START.sub(_escape_line_start, text)
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _escape_line_start(match: re.Match) -> str:
    indent, mark, number, rule = match.groups()
    if number:
        return indent + number + "\\"
    return indent + "\\" + (mark or rule)


def markdown_url(url: str) -> Markup:
    """An http(s) URL as a Markdown link destination: parentheses and spaces percent-encoded."""
    encoded = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return Markup(escape(encoded))


