"""Search terms: the one syntax of topic terms and digest word lists, compiled once, matched in
one pass over the words of a text.

A term is a word or a phrase ("couple therapy"): spaces, hyphens and punctuation between its
words are all the same, and a word is a whole run of letters, digits and `_` (so "proved" is
not found in "improved"). `*` at the end of the last word matches any ending (`psychiatr*`).
A term written in capitals (LSD, MDMA: two letters or more, every one a capital) matches only
in capitals; any other matches whatever the case and accents ("thérapie", "THERAPIE").

    Terms(*lists).find(text)   which terms of which list occur, how often (the scorer)
    Terms(*lists).spans(text)  where each match is in the text as given (highlighting, digest checks)
    check(terms)               the validator of every term list in feeds.yaml

Neither walks the text with a regex that could backtrack: the text is split into words once,
and each word costs a few dict lookups, however many terms there are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from .normalize import combining_marks, fold

_TOKEN = re.compile(r"\w+")


@cache
def _marked_token() -> re.Pattern:
    """A word of non-ASCII text: \\w and the combining marks after it (normalize.combining_marks)."""
    return re.compile(rf"\w[\w{combining_marks()}]*")


def _word_pattern(text: str) -> re.Pattern:
    """What a word of `text` is: \\w+, with the combining marks after it where the text is not ASCII."""
    return _TOKEN if text.isascii() else _marked_token()


def _tokens(text: str) -> list[re.Match]:
    """The words of `text`, where they are."""
    return list(_word_pattern(text).finditer(text))


def check(terms: list[str]) -> list[str]:
    """`terms` unchanged if every one is a valid term, else ValueError naming the first that is not."""
    for term in terms:
        if not term or not term.strip("* "):
            raise ValueError("terms must be non-empty words or phrases")
        stem = term.strip().rstrip("*")
        if "*" in stem:
            raise ValueError(f"{term!r}: * may only end a term")
        if not _TOKEN.search(stem):
            raise ValueError(f"{term!r}: a term needs a letter or digit")
        if term.strip().endswith("*") and len(stem.strip()) < 3:
            raise ValueError(f"{term!r}: a term ending in * needs at least 3 letters before it")
    return terms


def without_repeats(terms: Iterable[str]) -> list[str]:
    """`terms` less each one-word term every match of which another term of the list matches
    already: "programme*" and "programme" beside "program*", "psychoeducational" beside
    "psychoeducation*". Scored as they stand, one word in a paper counted twice ("family
    programme" outranked "family program"). Words in exact capitals are matched as written and
    kept as they are."""
    terms = list(terms)

    def one_word(term: str) -> str | None:
        bare = term.strip().rstrip("*")
        words = _word_pattern(bare).findall(bare)
        return fold(words[0]) if len(words) == 1 and not _capitals(words[0]) else None

    stems = [(one_word(t), t) for t in terms if t.strip().endswith("*")]
    kept = []
    for term in terms:
        word = one_word(term)
        if word is not None and any(stem is not None and other != term and word.startswith(stem)
                                    and (stem != word or not term.strip().endswith("*") or other < term)
                                    for stem, other in stems):
            continue
        kept.append(term)
    return kept


def _capitals(term: str) -> bool:
    """True for a term that matches only in capitals (LSD, 5-HT2A): two letters or more, all capitals."""
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class Span(NamedTuple):
    """One match: text[start:end] is what matched; `list` is the index of the term's list."""

    start: int
    end: int
    list: int
    term: str


class _Words:
    """A text's words, as written and folded (same length, same positions)."""

    __slots__ = ("raw", "folded", "_counts", "_raw_counts")

    def __init__(self, text: str):
        self.raw = _word_pattern(text).findall(text) if text else []
        if text.isascii():
            # Lower-casing ASCII text moves no word boundary: the same words, already folded.
            self.folded = _TOKEN.findall(text.lower()) if text else []
        else:
            self.folded = [t.lower() if t.isascii() else fold(t) for t in self.raw]
        self._counts = None
        self._raw_counts = None

    @property
    def counts(self) -> Counter:
        if self._counts is None:
            self._counts = Counter(self.folded)
        return self._counts

    def raw_counts(self) -> Counter:
        if self._raw_counts is None:
            self._raw_counts = Counter(self.raw)
        return self._raw_counts


_RECENT: dict[str, _Words] = {}  # the last few texts' words: the scorer asks several tables about one field


def _words_of(text: str) -> _Words:
    doc = _RECENT.get(text)
    if doc is None:
        if len(_RECENT) >= 8:
            _RECENT.clear()
        doc = _RECENT[text] = _Words(text)
    return doc


class Terms:
    """Term lists compiled into one lookup table, so that one pass over a text finds the matches
    of every list at once: a dict lookup per distinct word, not a regex scan per term."""

    def __init__(self, *lists: Iterable[str]):
        self.size = len(lists)
        # Per case mode (False: folded, True: exact capitals):
        #   single: word -> [(list, term)]                       one-word terms
        #   multi: first word -> [(list, term, rest, prefix)]    phrases
        #   prefixes: first two letters -> [(stem, list, term)]  one-word terms ending in *
        #   short: [(stem, list, term)]                          the same with a one-letter stem
        # (check() refuses stems under 3 letters; `short` keeps find() right for any input.)
        self.single: dict[bool, dict[str, list]] = {False: {}, True: {}}
        self.multi: dict[bool, dict[str, list]] = {False: {}, True: {}}
        self.prefixes: dict[bool, dict[str, list]] = {False: {}, True: {}}
        self.short: dict[bool, list] = {False: [], True: []}
        for index, terms in enumerate(lists):
            for term in terms:
                prefix = term.strip().endswith("*")
                bare = term.strip().rstrip("*")
                words = _word_pattern(bare).findall(bare)
                if not words:
                    continue
                exact = _capitals("".join(words))
                if not exact:
                    words = [fold(w) for w in words]
                if len(words) == 1 and prefix and len(words[0]) < 2:
                    self.short[exact].append((words[0], index, term))
                elif len(words) == 1 and prefix:
                    self.prefixes[exact].setdefault(words[0][:2], []).append((words[0], index, term))
                elif len(words) == 1:
                    self.single[exact].setdefault(words[0], []).append((index, term))
                else:
                    self.multi[exact].setdefault(words[0], []).append((index, term, tuple(words[1:]), prefix))

    def find(self, text: str | None) -> list[dict[str, int]]:
        """For each list, in order: its terms that occur in `text` -> how many times."""
        doc = _words_of(text or "")
        found: list[dict[str, int]] = [{} for _ in range(self.size)]
        for exact in (False, True):
            single, multi, prefixes, short = self.single[exact], self.multi[exact], self.prefixes[exact], self.short[exact]
            if not (single or multi or prefixes or short):
                continue
            counts = doc.raw_counts() if exact else doc.counts
            for word in counts.keys() & single.keys():
                for index, term in single[word]:
                    hits = found[index]
                    hits[term] = hits.get(term, 0) + counts[word]
            firsts = counts.keys() & multi.keys() if multi else None
            if firsts:
                tokens = doc.raw if exact else doc.folded
                starts: dict[str, list[int]] = {}
                for i, token in enumerate(tokens):
                    if token in firsts:
                        starts.setdefault(token, []).append(i)
                for word, where in starts.items():
                    for index, term, rest, prefix in multi[word]:
                        for i in where:
                            if _rest_matches(tokens, i + 1, rest, prefix):
                                hits = found[index]
                                hits[term] = hits.get(term, 0) + 1
            if prefixes:
                for token, count in counts.items():
                    for stem, index, term in prefixes.get(token[:2], ()):
                        if token.startswith(stem):
                            hits = found[index]
                            hits[term] = hits.get(term, 0) + count
            for stem, index, term in short:
                for token, count in counts.items():
                    if token.startswith(stem):
                        hits = found[index]
                        hits[term] = hits.get(term, 0) + count
        return found

    def spans(self, text: str | None) -> list[Span]:
        """Every match in `text`, as character positions in `text` itself (accents, case and
        non-ASCII letters as written), in order of start, the longer first; overlapping matches
        and one span matched by several terms are all kept. A match covers whole words: a
        phrase from its first word's start to its last word's end, a prefix term its whole word."""
        text = text or ""
        matches = self.words(text)
        if not matches:
            return []
        where = _tokens(text)
        spans = [Span(where[first].start(), where[last].end(), index, term) for first, last, index, term in matches]
        spans.sort(key=lambda s: (s.start, -s.end, s.list))
        return spans

    def words(self, text: str | None) -> list[tuple[int, int, int, str]]:
        """Every match in `text` as word positions: (first word, last word, list, term), in the
        order of the text's words (what spans() maps to characters; the scorer's `near` pairs
        measure distances in words)."""
        doc = _words_of(text or "")
        matches: list[tuple[int, int, int, str]] = []
        for exact in (False, True):
            single, multi, prefixes, short = self.single[exact], self.multi[exact], self.prefixes[exact], self.short[exact]
            if not (single or multi or prefixes or short):
                continue
            tokens = doc.raw if exact else doc.folded
            distinct = set(tokens)
            # The distinct words that match or start a match; only their positions are visited.
            useful = (distinct & single.keys()) | (distinct & multi.keys())
            if prefixes or short:
                for token in distinct:
                    if any(token.startswith(stem) for stem, _, _ in prefixes.get(token[:2], ())) or \
                            any(token.startswith(stem) for stem, _, _ in short):
                        useful.add(token)
            if not useful:
                continue
            for i in [i for i, token in enumerate(tokens) if token in useful]:
                token = tokens[i]
                for index, term in single.get(token, ()):
                    matches.append((i, i, index, term))
                for index, term, rest, prefix in multi.get(token, ()):
                    if _rest_matches(tokens, i + 1, rest, prefix):
                        matches.append((i, i + len(rest), index, term))
                for stem, index, term in prefixes.get(token[:2], ()):
                    if token.startswith(stem):
                        matches.append((i, i, index, term))
                for stem, index, term in short:
                    if token.startswith(stem):
                        matches.append((i, i, index, term))
        matches.sort()
        return matches


def _rest_matches(tokens: list[str], start: int, rest: tuple[str, ...], prefix: bool) -> bool:
    if start + len(rest) > len(tokens):
        return False
    for k, word in enumerate(rest):
        token = tokens[start + k]
        last = k == len(rest) - 1
        if not (token == word or (last and prefix and token.startswith(word))):
            return False
    return True
