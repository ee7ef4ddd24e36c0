"""The characters no text the tracker keeps or writes may hold, and the one function that drops them.

    controls        C0 other than tab, line feed and carriage return (XML 1.0 forbids them), DEL
                    and C1 (discouraged in XML, and escape sequences to a terminal)
    surrogates      U+D800-U+DFFF alone: not characters; UTF-8 cannot encode them
    noncharacters   U+FDD0-U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF,
                    U+1FFFE, ...): U+FFFE and U+FFFF are forbidden in XML (an Atom feed holding
                    one does not parse), the others are for a program's internal use only
    bidi controls   the embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the
                    marks (U+200E, U+200F, U+061C): they reorder what a reader sees, so a title
                    could show other words than it holds

Every parser drops them (normalize.collapse_ws, which all feed and E-utilities text goes
through), and every output drops them again (`finalize`, in the Jinja environments of the web UI
and of the digest: its pages, e-mail, text, Markdown and Atom feed), so text stored before, or
typed by an editor, is covered too.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF)
                                           for plane in range(17))
_RANGES = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
           + _NONCHARACTERS)
UNSAFE = re.compile(f"[{_RANGES}]")
# A terminal's escape sequences. For what is printed to a terminal (errors.printable), anything
# that starts like one goes, to its end or the text's: CSI (ESC [ ... final byte), OSC/DCS/APC/PM/SOS
# strings up to their terminator (BEL or ESC \\), or ESC and one more character. Linear.
ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\s\S]?"
)
# In text that is kept (a feed's title, an abstract), only sequences complete on their line go
# whole ("\x1b]0;PWNED\x07\x1b[2J\x1b[31m" would leave "]0;PWNED[2J[31m"); a stray ESC loses only
# itself, with the characters above, so "Study of \x1bPatients ..." keeps its words.
_COMPLETE_ESCAPE = re.compile(r"\x1b\[[0-?]{0,32}[ -/]{0,8}[@-~]|\x1b[\]PX^_][^\x07\x1b\x9c\n]{0,256}(?:\x07|\x1b\\|\x9c)")


def _without_escapes(text: str) -> str:
    return _COMPLETE_ESCAPE.sub("", text) if "\x1b" in text else text


# The same, and tab, line feed and carriage return: what one line of text cannot hold.
_NOT_ONE_LINE = re.compile(f"[\t\n\r{_RANGES}]+")


def fits_one_line(text: str) -> bool:
    """Whether `text` holds no line break (U+2028 and U+2029 included), tab, or character of the
    list above: what a header or a title on one line can carry as it is."""
    return not _NOT_ONE_LINE.search(text) and "\u2028" not in text and "\u2029" not in text


def strip_unsafe(text: str) -> str:
    """`text` without the characters above (a terminal's escape sequences whole); everything else
    as it was."""
    return UNSAFE.sub("", _without_escapes(text))


def one_line(text: str | None, *, drop_unsafe: bool = False) -> str:
    """`text` as one line, trimmed: tabs, line breaks and every other Unicode whitespace
    (str.isspace: U+00A0, U+2028, U+3000, ...) collapsed into single spaces. None is "".

    The characters above either become a space too (the default: an error to print or log, a
    subscriber's name, where words a NUL or a bidi control separated must stay apart) or, with
    drop_unsafe=True, are dropped outright (normalize.collapse_ws: text and identifiers from
    feeds, where a control inside a DOI, a PMID or a word is junk and the word stays whole).
    """
    if not text:
        return ""
    text = _without_escapes(text)
    if drop_unsafe:  # what is left for _NOT_ONE_LINE then is whitespace, which split() takes
        return " ".join(UNSAFE.sub("", text).split())
    return " ".join(_NOT_ONE_LINE.sub(" ", text).split())


def finalize(value):
    """Jinja's `finalize`: every value a template writes out, without the characters above.

    Markup stays Markup (none of these characters is part of any markup), so it is not escaped
    a second time; values that are not text are left to Jinja.
    """
    if isinstance(value, Markup):
        return Markup(UNSAFE.sub("", value)) if UNSAFE.search(value) else value
    if isinstance(value, str):
        return UNSAFE.sub("", value)
    return value
