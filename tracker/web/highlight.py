"""Mark the topic terms a paper matched, in its title and abstract, safely.

The text is escaped first and only the matched spans are wrapped in <mark>: feed text (which
may hold `<script>`) never reaches the page unescaped. The spans are the scorer's own matches
(tracker/terms.py): every occurrence the score counted is marked, overlapping ones as one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from markupsafe import Markup, escape

from ..terms import Terms


NEAR = " … "  # how the scorer names a near pair it matched: "parenting … intervention*"


def terms_of(topics: dict[str, list[str]] | None) -> tuple[str, ...]:
    """Every matched term of every topic, as a hashable key for the compiled-terms cache. A near
    pair gives its two halves, each marked where it stands (the words between stay plain)."""
    found = set()
    for terms in (topics or {}).values():
        for term in terms:
            found.update(term.split(NEAR))
    return tuple(sorted(found))


@functools.lru_cache(maxsize=512)
def _compiled(terms: tuple[str, ...]) -> Terms:
    return Terms(terms)


def marks(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of each stretch of `text` to mark: the terms' matches, overlapping ones merged."""
    merged: list[tuple[int, int]] = []
    for span in _compiled(tuple(terms)).spans(text):
        if merged and span.start < merged[-1][1]:
            if span.end > merged[-1][1]:
                merged[-1] = (merged[-1][0], span.end)
        else:
            merged.append((span.start, span.end))
    return merged


def highlight(text: str | None, terms: Iterable[str]) -> Markup:
    """`text` escaped, with each matched term wrapped in <mark>."""
    text = text or ""
    return _marked(text, marks(text, terms))


def _marked(text: str, stretches: list[tuple[int, int]], offset: int = 0) -> Markup:
    out: list[str] = []
    last = 0
    for start, end in stretches:
        start, end = start - offset, end - offset
        out += (escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>")
        last = end
    out.append(escape(text[last:]))
    return Markup("".join(out))  # every piece of the text went through escape()


def snippet(text: str | None, terms: Iterable[str], width: int = 320) -> Markup:
    """About `width` characters of `text` around its first matched term, highlighted."""
    text = text or ""
    found = marks(text, terms)
    if len(text) <= width:
        return _marked(text, found)
    start = 0
    if found and found[0][0] > width // 3:
        start = text.rfind(" ", 0, found[0][0] - width // 4) + 1
    end = text.rfind(" ", start, start + width)
    end = end if end > start else start + width
    # The cut falls between words: a match inside it is whole, one across it is left unmarked.
    piece = _marked(text[start:end], [(a, b) for a, b in found if start <= a and b <= end], start)
    return Markup("").join([
        Markup("… ") if start else Markup(""), piece, Markup(" …") if end < len(text) else Markup(""),
    ])
