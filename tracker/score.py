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

from .config import Config, Scoring, Topic
from .normalize import fold

FIELDS = ("title", "keywords", "mesh", "abstract")


_TOKEN = re.compile(r"\w+")


class _Doc:
    """One field's text as word tokens, raw and case-folded (same length, same positions)."""

    __slots__ = ("raw", "folded", "counts", "_raw_counts")

    def __init__(self, text: str):
        self.raw = _TOKEN.findall(text) if text else []
        if text.isascii():
            # Lower-casing ASCII text moves no word boundary: the same tokens, already folded.
            self.folded = _TOKEN.findall(text.lower()) if text else []
        else:
            self.folded = [t.lower() if t.isascii() else fold(t) for t in self.raw]
        self.counts = Counter(self.folded)
        self._raw_counts = None

    def raw_counts(self) -> Counter:
        if self._raw_counts is None:
            self._raw_counts = Counter(self.raw)
        return self._raw_counts


class _Terms:
    """Every term list the scorer uses, in one lookup table, so one pass over a field finds
    the matches of all lists at once (a dict lookup per distinct word, not a regex scan).

    A term is a phrase of words ("couple therapy"); spaces, hyphens and punctuation between words
    are all the same. `*` at the end of the last word matches any ending. A term written in
    capitals (LSD, MDMA) matches only in capitals. find() returns, for each list, its matched
    terms and how often each occurs.
    """

    def __init__(self, lists: list[list[str]]):
        self.size = len(lists)
        # Per case mode (False: folded, True: exact capitals):
        #   single: word -> [(list, term)]                      one-word terms
        #   multi: first word -> [(list, term, rest, prefix)]   phrases
        #   prefixes: first two letters -> [(stem, list, term)] one-word terms ending in *
        self.single: dict[bool, dict[str, list]] = {False: {}, True: {}}
        self.multi: dict[bool, dict[str, list]] = {False: {}, True: {}}
        self.prefixes: dict[bool, dict[str, list]] = {False: {}, True: {}}
        for index, terms in enumerate(lists):
            for term in terms:
                prefix = term.strip().endswith("*")
                words = _TOKEN.findall(term.strip().rstrip("*"))
                if not words:
                    continue
                letters = [c for w in words for c in w if c.isalpha()]
                exact = len(letters) >= 2 and all(c.isupper() for c in letters)
                if not exact:
                    words = [fold(w) for w in words]
                if len(words) == 1 and prefix:
                    self.prefixes[exact].setdefault(words[0][:2], []).append((words[0], index, term))
                elif len(words) == 1:
                    self.single[exact].setdefault(words[0], []).append((index, term))
                else:
                    self.multi[exact].setdefault(words[0], []).append((index, term, tuple(words[1:]), prefix))

    def find(self, doc: _Doc) -> list[dict[str, int]]:
        found: list[dict[str, int]] = [{} for _ in range(self.size)]
        for exact in (False, True):
            single, multi, prefixes = self.single[exact], self.multi[exact], self.prefixes[exact]
            if not (single or multi or prefixes):
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


class Scorer:
    """Built once from the config; score() is called for every stored paper."""

    def __init__(self, config: Config):
        self.scoring: Scoring = config.scoring
        self.topics: list[Topic] = list(config.topics)
        # Term lists, in this order: per topic its terms, context and exclusions; then the
        # animal and human words.
        lists: list[list[str]] = []
        for topic in self.topics:
            lists += [topic.terms, topic.context, topic.exclude]
        self.animal_terms = self.scoring.animal_terms
        lists += [self.animal_terms, self.scoring.human_terms]
        self.terms = _Terms(lists)
        self.weights = self.scoring.field_weights.model_dump()

    def score(self, paper: dict) -> tuple[float, dict[str, list[str]], dict]:
        """(score, topics: name -> matched terms, explanation) for a paper dict or record fields."""
        texts = {
            "title": paper.get("title") or "",
            "abstract": paper.get("abstract") or "",
            "keywords": " ; ".join(paper.get("keywords") or []),
            "mesh": " ; ".join(paper.get("mesh") or []),
        }
        # field -> list index -> matched term -> occurrences
        found = {name: self.terms.find(_Doc(text)) for name, text in texts.items()}

        def anywhere(index: int) -> list[str]:
            terms: set[str] = set()
            for per_list in found.values():
                terms.update(per_list[index])
            return sorted(terms)

        sc = self.scoring
        topics: dict[str, list[str]] = {}
        explained: dict[str, dict] = {}
        total = 0.0
        matched_topics: set[str] = set()
        for number, topic in enumerate(self.topics):
            terms, context_words, exclusions = 3 * number, 3 * number + 1, 3 * number + 2
            where: dict[str, list[str]] = {}
            weight: dict[str, float] = {}
            for name in FIELDS:
                for term, count in found[name][terms].items():
                    where.setdefault(term, []).append(name)
                    w = self.weights[name]
                    if name == "abstract":
                        # An abstract that keeps returning to a term is about it.
                        w += sc.repeat_bonus * min(count - 1, 2)
                    weight[term] = max(weight.get(term, 0.0), w)
            if not where:
                continue
            context = anywhere(context_words)
            excluded = anywhere(exclusions)
            topic_score = min(sum(weight.values()), sc.topic_cap)
            factors: list[str] = []
            if context:
                bonus = min(sc.context_bonus * len(context), sc.context_bonus_cap)
                topic_score += bonus
                factors.append(f"context words: +{bonus:g}")
            elif topic.context:
                topic_score *= sc.missing_context_factor
                factors.append(f"no context word: x{sc.missing_context_factor:g}")
            if excluded and len(excluded) >= len(context) / 2:
                topic_score *= sc.exclude_factor
                factors.append(f"exclusion ({', '.join(excluded)}): x{sc.exclude_factor:g}")
            topic_score *= topic.weight
            name = topic.name
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
        if total and self.animal_terms:
            animal, human = 3 * len(self.topics), 3 * len(self.topics) + 1
            animals = anywhere(animal)
            if animals and not anywhere(human):
                total *= self.scoring.animal_only_factor
                overall.append(f"animal-only ({', '.join(animals)}): x{self.scoring.animal_only_factor:g}")
        total = round(total, 2)
        explanation = {"topics": explained, "factors": overall, "threshold": self.scoring.threshold}
        return total, topics, explanation

    def status_for(self, score: float) -> str:
        return "candidate" if score >= self.scoring.threshold else "below_threshold"
