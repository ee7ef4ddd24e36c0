"""Mark the topic terms a paper matched, in its title and abstract, safely.

The text is escaped first and only the matched spans are wrapped in <mark>: feed text (which
may hold `<script>`) never reaches the page unescaped. Terms follow the scorer's rules: words
separated by any non-word characters, `*` at the end for any ending, all-capital terms (MDMA,
LSD) only in capitals.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from markupsafe import Markup, escape


def terms_of(topics: dict[str, list[str]] | None) -> tuple[str, ...]:
    """Every matched term of every topic, as a hashable key for the pattern cache."""
    return tuple(sorted({t for terms in (topics or {}).values() for t in terms}))


@functools.lru_cache(maxsize=512)
def _pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    parts = []
    for term in sorted(terms, key=len, reverse=True):  # longest first: "couple therapy" before "couple"
        words = re.findall(r"\w+", term.rstrip("*"))
        if not words:
            continue
        body = r"\W+".join(re.escape(w) for w in words)
        body += r"\w*" if term.strip().endswith("*") else r"(?!\w)"
        letters = [c for c in term if c.isalpha()]
        exact = len(letters) >= 2 and all(c.isupper() for c in letters)
        parts.append(rf"(?<!\w){body}" if exact else rf"(?i:(?<!\w){body})")
    return re.compile("|".join(parts)) if parts else None


def highlight(text: str | None, terms: Iterable[str]) -> Markup:
    """`text` escaped, with each matched term wrapped in <mark>."""
    text = text or ""
    pattern = _pattern(tuple(terms))
    if pattern is None:
        return escape(text)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out += (escape(text[last:match.start()]), "<mark>", escape(match.group()), "</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("".join(out))  # every piece of the text went through escape()


def snippet(text: str | None, terms: Iterable[str], width: int = 320) -> Markup:
    """About `width` characters of `text` around its first matched term, highlighted."""
    text = text or ""
    if len(text) <= width:
        return highlight(text, terms)
    pattern = _pattern(tuple(terms))
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > width // 3:
        start = text.rfind(" ", 0, first.start() - width // 4) + 1
    end = text.rfind(" ", start, start + width)
    end = end if end > start else start + width
    piece = highlight(text[start:end], terms)
    return Markup("").join([
        Markup("… ") if start else Markup(""), piece, Markup(" …") if end < len(text) else Markup(""),
    ])
