"""Score a paper against the editors' topics, and explain the score.

For each topic: every matched term counts once, at the weight of the best field it appears in
(title > keywords = MeSH > abstract), capped per topic. Then, per topic:
  - no context word (therapy, patients, depression...) anywhere: x missing_context_factor;
  - an exclusion (anaesthesia, "LSD test", gene family...) and it outweighs the context: x exclude_factor.
The paper's score is the weighted sum of its topics, x intersection_factor when every
intersection topic matched, x animal_only_factor when it names animals and no humans.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .config import Config, Scoring, Topic
from .normalize import fold

FIELDS = ("title", "keywords", "mesh", "abstract")


_TOKEN = re.compile(r"\w+")


class _Doc:
    """One field's text as word tokens, raw and case-folded (same length, same positions)."""

    __slots__ = ("raw", "folded", "counts", "_where", "_where_raw")

    def __init__(self, text: str):
        self.raw = _TOKEN.findall(text) if text else []
        self.folded = [t.lower() if t.isascii() else fold(t) for t in self.raw]
        self.counts = Counter(self.folded)
        self._where = self._where_raw = None

    def positions(self, exact: bool) -> dict[str, list[int]]:
        """Word -> where it occurs; built once per field, shared by every matcher."""
        if exact:
            if self._where_raw is None:
                self._where_raw = _index(self.raw)
            return self._where_raw
        if self._where is None:
            self._where = _index(self.folded)
        return self._where


def _index(tokens: list[str]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        where.setdefault(token, []).append(i)
    return where


class _Matcher:
    """A list of terms, matched on word tokens: a dict lookup per word instead of a regex scan.

    A term is a phrase of words ("couple therapy"); spaces, hyphens and punctuation between words
    are all the same. `*` at the end of the last word matches any ending. A term written in
    capitals (LSD, MDMA) matches only in capitals.
    """

    def __init__(self, terms: list[str]):
        self.terms = list(terms)
        # first word -> [(term, remaining words, last word is a prefix)]
        self.by_first: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
        self.by_first_exact: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
        # Single-word prefix terms (therap*), indexed by their first two letters:
        # (folded or exact) -> first two letters -> [(prefix, term)]
        self.prefixes: dict[bool, dict[str, list[tuple[str, str]]]] = {False: {}, True: {}}
        for term in self.terms:
            prefix = term.strip().endswith("*")
            words = _TOKEN.findall(term.strip().rstrip("*"))
            if not words:
                continue
            letters = [c for w in words for c in w if c.isalpha()]
            exact = len(letters) >= 2 and all(c.isupper() for c in letters)
            if not exact:
                words = [fold(w) for w in words]
            if prefix and len(words) == 1:
                self.prefixes[exact].setdefault(words[0][:2], []).append((words[0], term))
                continue
            table = self.by_first_exact if exact else self.by_first
            table.setdefault(words[0], []).append((term, tuple(words[1:]), prefix))

    def find(self, doc: _Doc) -> dict[str, int]:
        """Matched terms and how often each occurs."""
        found: dict[str, int] = {}
        for exact, tokens, table in ((False, doc.folded, self.by_first), (True, doc.raw, self.by_first_exact)):
            if not table:
                continue
            where = doc.positions(exact)
            # Only the words this field and the term list share are looked at.
            for word in where.keys() & table.keys():
                for term, rest, prefix in table[word]:
                    for i in where[word]:
                        if _rest_matches(tokens, i + 1, rest, prefix):
                            found[term] = found.get(term, 0) + 1
        for exact, index in self.prefixes.items():
            if not index:
                continue
            counts = Counter(doc.raw) if exact else doc.counts
            for token, count in counts.items():
                for stem, term in index.get(token[:2], ()):
                    if token.startswith(stem):
                        found[term] = found.get(term, 0) + count
        return found


def _rest_matches(tokens: list[str], start: int, rest: tuple[str, ...], prefix: bool) -> bool:
    if start + len(rest) > len(tokens):
        return False
    for k, word in enumerate(rest):
        token = tokens[start + k]
        last = k == len(rest) - 1
        if not (token == word or (last and prefix and token.startswith(word))):
            return False
    return True


@dataclass
class _CompiledTopic:
    topic: Topic
    terms: _Matcher
    context: _Matcher
    exclude: _Matcher


class Scorer:
    """Built once from the config; score() is called for every stored paper."""

    def __init__(self, config: Config):
        self.scoring: Scoring = config.scoring
        self.topics = [
            _CompiledTopic(t, _Matcher(t.terms), _Matcher(t.context), _Matcher(t.exclude))
            for t in config.topics
        ]
        self.animal = _Matcher(self.scoring.animal_terms)
        self.human = _Matcher(self.scoring.human_terms)
        self.weights = self.scoring.field_weights.model_dump()

    def score(self, paper: dict) -> tuple[float, dict[str, list[str]], dict]:
        """(score, topics: name -> matched terms, explanation) for a paper dict or record fields."""
        texts = {
            "title": paper.get("title") or "",
            "abstract": paper.get("abstract") or "",
            "keywords": " ; ".join(paper.get("keywords") or []),
            "mesh": " ; ".join(paper.get("mesh") or []),
        }
        docs = {name: _Doc(text) for name, text in texts.items()}

        def anywhere(matcher: _Matcher) -> list[str]:
            found: set[str] = set()
            for doc in docs.values():
                found.update(matcher.find(doc))
            return sorted(found)

        sc = self.scoring
        topics: dict[str, list[str]] = {}
        explained: dict[str, dict] = {}
        total = 0.0
        matched_topics: set[str] = set()
        for compiled in self.topics:
            where: dict[str, list[str]] = {}
            weight: dict[str, float] = {}
            for name in FIELDS:
                for term, count in compiled.terms.find(docs[name]).items():
                    where.setdefault(term, []).append(name)
                    w = self.weights[name]
                    if name == "abstract":
                        # An abstract that keeps returning to a term is about it.
                        w += sc.repeat_bonus * min(count - 1, 2)
                    weight[term] = max(weight.get(term, 0.0), w)
            if not where:
                continue
            context = anywhere(compiled.context)
            excluded = anywhere(compiled.exclude)
            topic_score = min(sum(weight.values()), sc.topic_cap)
            factors: list[str] = []
            if context:
                bonus = min(sc.context_bonus * len(context), sc.context_bonus_cap)
                topic_score += bonus
                factors.append(f"context words: +{bonus:g}")
            elif compiled.topic.context:
                topic_score *= sc.missing_context_factor
                factors.append(f"no context word: x{sc.missing_context_factor:g}")
            if excluded and len(excluded) >= len(context) / 2:
                topic_score *= sc.exclude_factor
                factors.append(f"exclusion ({', '.join(excluded)}): x{sc.exclude_factor:g}")
            topic_score *= compiled.topic.weight
            name = compiled.topic.name
            topics[name] = sorted(where, key=str.lower)
            matched_topics.add(name)
            explained[name] = {
                "score": round(topic_score, 2),
                "matched": {term: where[term] for term in topics[name]},
                "context": context,
                "excluded": excluded,
                "factors": factors,
            }
            total += topic_score

        overall: list[str] = []
        wanted = sc.intersection
        if wanted and all(t in matched_topics and explained[t]["score"] > 0 for t in wanted) and len(wanted) > 1:
            total *= self.scoring.intersection_factor
            overall.append(f"intersection of {' and '.join(wanted)}: x{self.scoring.intersection_factor:g}")
        if total and self.animal.terms:
            animals = anywhere(self.animal)
            if animals and not anywhere(self.human):
                total *= self.scoring.animal_only_factor
                overall.append(f"animal-only ({', '.join(animals)}): x{self.scoring.animal_only_factor:g}")
        total = round(total, 2)
        explanation = {"topics": explained, "factors": overall, "threshold": self.scoring.threshold}
        return total, topics, explanation

    def status_for(self, score: float) -> str:
        return "candidate" if score >= self.scoring.threshold else "below_threshold"
