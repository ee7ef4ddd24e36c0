"""Score a paper against the editors' topics, and explain the score.

For each topic: every matched term counts once, at the weight of the best field it appears in
(title > keywords = MeSH > abstract), capped per topic. A `near` pair (a term of one list
within a few words of a term of the other: "parent ... training") counts as one more term.
Then, per topic:
  - context words (therapy, patients, depression..., or a trial's publication type) add a
    little; none at all: x missing_context_factor;
  - an exclusion (anaesthesia, "LSD test", gene family...) that outweighs the context:
    x exclude_factor, unless an override word (depression...) stands in the title, keywords or
    MeSH.
The paper's score is the weighted sum of its topics. A paper on every intersection topic (each
scoring at least intersection_min) gets x intersection_factor plus the most a single topic can
score, so it ranks above any single-topic paper; x animal_only_factor when it names animals and
no humans.
"""

from __future__ import annotations

import bisect

from .config import Config, Scoring, Topic
from .terms import Terms, without_repeats

FIELDS = ("title", "keywords", "mesh", "abstract")
STRONG_FIELDS = ("title", "keywords", "mesh")  # where an override word counts

# What the stored scores and explanations were made by, kept with them (rescore.mark_scored):
# raise it with any change to how a paper is scored or explained (this module, terms.py, the text
# folding of normalize, the ranker's sum of rules and model in ranking/), and tracker run says,
# after an upgrade, that the stored papers need tracker rescore. A number, not a hash of the code:
# the same code must give the same answer on every Python (tests/test_score.py holds the code it
# covers to a fingerprint, so that a change without a new number is noticed).
SCORING_VERSION = 2  # 2: a one-word term another one-word term of its list covers is left out; cap and weight explained


class Scorer:
    """Built once from the config; score() is called for every stored paper."""

    def __init__(self, config: Config):
        self.scoring: Scoring = config.scoring
        self.topics: list[Topic] = list(config.topics)
        # Every term list in one table. Per topic, at these positions: terms, context,
        # exclusions, overrides, then each near pair's two lists. After the topics: the animal
        # words, the human words, the context publication types.
        # A one-word term another of its list matches wherever it matches ("programme*" beside
        # "program*") is left out, so such a word counts once (without_repeats).
        lists: list[list[str]] = []
        self.slots: list[dict] = []
        for topic in self.topics:
            base = len(lists)
            terms = without_repeats(topic.terms)
            lists += [terms, without_repeats(topic.context), without_repeats(topic.exclude),
                      without_repeats(topic.overrides)]
            pairs = []
            for near in topic.near:
                # Its two lists are in the big table (is either in this field?) and in one of
                # their own (where are they?), so positions are only looked for when both are.
                # The topic's own terms ride along: a pair inside one of them ("family therapy")
                # is that term, already counted, not a second piece of evidence.
                first, second = without_repeats(near.first), without_repeats(near.second)
                pairs.append((len(lists), len(lists) + 1, near.within, Terms(first, second, terms)))
                lists += [first, second]
            clashes = {}
            for term, phrases in topic.clashes.items():
                clashes[term] = len(lists)
                lists.append(phrases)
            self.slots.append({"terms": base, "context": base + 1, "exclude": base + 2, "overrides": base + 3,
                               "near": pairs, "clashes": clashes})
        self.animal_terms = self.scoring.animal_terms
        self.animal_list, self.human_list, self.types_list = len(lists), len(lists) + 1, len(lists) + 2
        self.healthy_list, self.patient_list = len(lists) + 3, len(lists) + 4
        lists += [self.animal_terms, self.scoring.human_terms, self.scoring.context_types,
                  self.scoring.healthy_terms, self.scoring.patient_terms]
        self.terms = Terms(*lists)
        self.weights = self.scoring.field_weights.model_dump()
        sc = self.scoring
        # The most one topic can score: what a paper on every intersection topic gains.
        self.single_topic_max = max((sc.topic_cap + sc.context_bonus_cap) * t.weight for t in self.topics)

    def score(self, paper: dict) -> tuple[float, dict[str, list[str]], dict]:
        """(score, topics: name -> matched terms, explanation) for a paper dict or record fields."""
        texts = {
            "title": paper.get("title") or "",
            "abstract": paper.get("abstract") or "",
            "keywords": " ; ".join(paper.get("keywords") or []),
            "mesh": " ; ".join(paper.get("mesh") or []),
        }
        items = {"mesh": list(paper.get("mesh") or [])}
        types = list(paper.get("publication_types") or [])
        if paper.get("article_type"):
            types.append(paper["article_type"])
        # field -> list index -> matched term -> occurrences
        found = {name: self.terms.find(text) for name, text in texts.items()}
        type_hits = sorted(self.terms.find(" ; ".join(types))[self.types_list]) if types else []

        def anywhere(index: int, fields=FIELDS) -> list[str]:
            terms: set[str] = set()
            for name in fields:
                terms.update(found[name][index])
            return sorted(terms)

        sc = self.scoring
        topics: dict[str, list[str]] = {}
        explained: dict[str, dict] = {}
        total = 0.0
        unweighted: dict[str, float] = {}  # what the intersection test reads, before topic weights
        for topic, slot in zip(self.topics, self.slots):
            where: dict[str, list[str]] = {}
            weight: dict[str, float] = {}
            clashed: list[str] = []

            def count(term: str, name: str, occurrences: int) -> None:
                where.setdefault(term, []).append(name)
                w = self.weights[name]
                if name == "abstract":
                    # An abstract that keeps returning to a term is about it.
                    w += sc.repeat_bonus * min(occurrences - 1, 2)
                weight[term] = max(weight.get(term, 0.0), w)

            for name in FIELDS:
                for term, occurrences in found[name][slot["terms"]].items():
                    count(term, name, occurrences)
                for first, second, within, table in slot["near"]:
                    if found[name][first] and found[name][second]:
                        # MeSH descriptors are read one by one: two side by side are not a
                        # phrase ("Caregivers/psychology ; Dementia/therapy"). Author keywords
                        # are read as a list: they name what the paper is about together.
                        pieces = items[name] if name in items else [texts[name]]
                        for piece in pieces:
                            for term, occurrences in _near(table, piece, within).items():
                                count(term, name, occurrences)
            for term, index in slot["clashes"].items():
                if term in where:
                    spelled = anywhere(index)
                    if spelled:
                        del where[term], weight[term]
                        clashed.append(f"{term} read as {', '.join(spelled)}")
            if not where:
                continue
            words = anywhere(slot["context"])
            context = words + [f"type: {t}" for t in type_hits]
            excluded = anywhere(slot["exclude"])
            topic_score = min(sum(weight.values()), sc.topic_cap)
            factors: list[str] = [f"not counted: {c}" for c in clashed]
            if sum(weight.values()) > sc.topic_cap:  # every step shown: the lines add up to the score
                factors.append(f"terms capped at {sc.topic_cap:g}")
            if context:
                bonus = min(sc.context_bonus * len(context), sc.context_bonus_cap)
                topic_score += bonus
                factors.append(f"context words: +{bonus:g}")
            elif topic.context:
                topic_score *= sc.missing_context_factor
                factors.append(f"no context word: x{sc.missing_context_factor:g}")
            # Context words weigh against exclusions; a trial's publication type does not (an
            # anaesthesia trial is still about anaesthesia).
            if excluded and len(excluded) >= len(words) / 2:
                overrides = anywhere(slot["overrides"], STRONG_FIELDS)
                if overrides:
                    factors.append(f"exclusion ({', '.join(excluded)}) overridden by {', '.join(overrides)}")
                else:
                    topic_score *= sc.exclude_factor
                    factors.append(f"exclusion ({', '.join(excluded)}): x{sc.exclude_factor:g}")
            unweighted[topic.name] = topic_score
            topic_score *= topic.weight
            if topic.weight != 1:
                factors.append(f"topic weight: x{topic.weight:g}")
            name = topic.name
            topics[name] = sorted(where, key=str.lower)
            explained[name] = {
                "score": round(topic_score, 2),
                "matched": {term: where[term] for term in topics[name]},
                "context": context,
                "excluded": excluded,
                "factors": factors,
            }
            total += topic_score

        overall: list[str] = []
        for wanted in sc.intersections():
            if len(wanted) > 1 and all(unweighted.get(t, 0.0) >= sc.intersection_min for t in wanted):
                total = total * sc.intersection_factor + self.single_topic_max
                overall.append(f"intersection of {' and '.join(wanted)}: x{sc.intersection_factor:g}"
                               f" +{self.single_topic_max:g} (above any paper on one topic)")
                break
        if total and sc.healthy_terms:
            healthy = anywhere(self.healthy_list)
            if healthy and not anywhere(self.patient_list):
                total *= sc.healthy_only_factor
                overall.append(f"healthy volunteers only ({', '.join(healthy)}): x{sc.healthy_only_factor:g}")
        if total and self.animal_terms:
            animals = anywhere(self.animal_list)
            if animals and not anywhere(self.human_list):
                total *= sc.animal_only_factor
                overall.append(f"animal-only ({', '.join(animals)}): x{sc.animal_only_factor:g}")
        total = round(total, 2)
        explanation = {"topics": explained, "factors": overall, "threshold": sc.threshold}
        return total, topics, explanation

    def status_for(self, score: float) -> str:
        return "candidate" if score >= self.scoring.threshold else "below_threshold"


def _near(table: Terms, text: str, within: int) -> dict[str, int]:
    """"a … b" -> how often a term of the table's first list stands within `within` words of a
    term of its second list in `text`, in either order. Each match of the second list (the
    intervention word) pairs once, and a pair inside a match of the third list (the topic's own
    terms) does not count. Linear in the text: each match looks only at matches that start near it."""
    a, b, named = [], [], []
    for first_word, last_word, index, term in table.words(text):
        (a, b, named)[index].append((first_word, last_word, term))
    b_starts = [start for start, _, _ in b]
    named_starts = [start for start, _, _ in named]
    longest = max((end - start for start, end, _ in b), default=0)
    longest_named = max((end - start for start, end, _ in named), default=0)
    paired: set[int] = set()  # positions in b already paired
    pairs: dict[str, int] = {}
    for a_start, a_end, a_term in a:
        lo = bisect.bisect_left(b_starts, a_start - within - longest)
        hi = bisect.bisect_right(b_starts, a_end + within)
        for k in range(lo, hi):
            b_start, b_end, b_term = b[k]
            gap = b_start - a_end if b_start > a_end else a_start - b_end
            if k in paired or not 0 < gap <= within:
                continue
            first, last = min(a_start, b_start), max(a_end, b_end)
            n_lo = bisect.bisect_left(named_starts, first - longest_named)
            n_hi = bisect.bisect_right(named_starts, first)
            if any(named[n][1] >= last for n in range(n_lo, n_hi)):
                continue  # "family therapy" is a term of its own
            paired.add(k)
            label = f"{a_term} … {b_term}"
            pairs[label] = pairs.get(label, 0) + 1
    return pairs
