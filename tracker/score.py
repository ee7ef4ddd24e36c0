"""Score a paper against the editors' topics, and explain the score.

For each topic: every matched term counts once, at the weight of the best field it appears in
(title > keywords = MeSH > abstract), capped per topic. Then, per topic:
  - no context word (therapy, patients, depression...) anywhere: x missing_context_factor;
  - an exclusion (anaesthesia, "LSD test", gene family...) and it outweighs the context: x exclude_factor.
The paper's score is the weighted sum of its topics, x intersection_factor when every
intersection topic matched, x animal_only_factor when it names animals and no humans.
"""

from __future__ import annotations

from .config import Config, Scoring, Topic
from .terms import Terms

FIELDS = ("title", "keywords", "mesh", "abstract")


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
        self.terms = Terms(*lists)
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
        found = {name: self.terms.find(text) for name, text in texts.items()}

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
