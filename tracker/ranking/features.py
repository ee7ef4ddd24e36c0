"""What the learned model reads of a paper: word features, MeSH descriptors, publication types.

One function, used for training and for scoring alike, so the two can never disagree:

  - words and two-word phrases of the title, abstract and author keywords, accent-folded and
    lower-cased, with common English function words left out; title words count twice (a title
    says what a paper is about);
  - each MeSH descriptor as one feature ("mesh:family therapy"), whatever its words;
  - each publication type, and the source's article type, as one feature ("type:review").

A feature's value is its TF-IDF weight (sublinear term frequency, smoothed idf), and a paper's
vector has unit length: the same arithmetic as scikit-learn's TfidfVectorizer(sublinear_tf=True),
done here in plain Python so that scoring needs no scikit-learn and no pickled object.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

from ..normalize import combining_marks, fold

MESH = "mesh:"
TYPE = "type:"

# Which reading of a paper a model was trained on, stored with the model (its params): raise it
# whenever features() gives other features for the same paper, so that a model trained on the
# old reading is retrained rather than fed words it never met. A model stored without it read
# version 1. 2: non-ASCII text split as written, then each word folded (2026-12).
FEATURES_VERSION = 2

# Linear: a run of letters (a digit or apostrophe may follow inside the word), nothing nested.
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W_]+)?")

# Function words carry no topic; leaving them out keeps the vocabulary small and the phrases
# meaningful ("couple therapy" rather than "of couple").
STOPWORDS = frozenset("""
a about above after again against all also am among an and any are as at be because been before
being below between both but by can could did do does doing down during each either few for from
further had has have having he her here hers herself him himself his how however i if in into is
it its itself just may me might more most must my myself no nor not now of off on once only or
other our ours ourselves out over own per same she should so some such than that the their theirs
them themselves then there these they this those through thus to too under until up upon very was
we were what when where whether which while who whom why will with within without would yet you
your yours yourself yourselves et al vs via ie eg
""".split())


def words(text: str) -> list[str]:
    """The text's words, folded, with function words and one-letter words left out."""
    if not text:
        return []
    if text.isascii():
        tokens = _WORD.findall(text.lower())
    else:
        # Split as written, then each word folded: lower-casing the whole text first made "İ" an
        # "i" and a combining dot (no word character), an accent written as its own character split
        # its word, and folding the whole text first joined a symbol to its word ("Spravato™" as
        # "spravatotm"). A folded word that splits ("ǆ" is "dž") gives its pieces.
        tokens = [piece for word in _marked_word().findall(text)
                  for piece in ((word.lower(),) if word.isascii() else _WORD.findall(fold(word)))]
    return [w for w in tokens if len(w) > 1 and w not in STOPWORDS]


@cache
def _marked_word() -> re.Pattern:
    """_WORD with the combining marks a word may carry (normalize.combining_marks)."""
    letters = rf"(?:[^\W_]+|[{combining_marks()}]+)"  # runs, not one character at a time: as fast as _WORD
    return re.compile(rf"[^\W\d_]{letters}*(?:['’]{letters}+)?")


def _add_text(counts: dict, text: str, times: int = 1) -> None:
    tokens = words(text)
    get = counts.get
    for token in tokens:
        counts[token] = get(token, 0) + times
    for pair in map(" ".join, zip(tokens, tokens[1:])):
        counts[pair] = get(pair, 0) + times


def features(paper: dict) -> Counter:
    """The paper's features and how often each occurs (the raw counts TF-IDF starts from)."""
    counts: Counter = Counter()  # a dict to _add_text; a Counter to callers
    _add_text(counts, paper.get("title") or "", times=2)
    _add_text(counts, paper.get("abstract") or "")
    for keyword in paper.get("keywords") or ():
        _add_text(counts, keyword)
    for descriptor in paper.get("mesh") or ():
        name = descriptor.split("/")[0].strip()
        if name:
            counts[MESH + fold(name)] += 1
    types = list(paper.get("publication_types") or ())
    if paper.get("article_type"):
        types.append(paper["article_type"])
    for kind in types:
        if kind and kind.strip():
            counts[TYPE + fold(kind.strip())] = 1
    return counts


def label(feature: str) -> str:
    """How a feature is shown to editors: "MeSH: family therapy", "type: review", or the words."""
    if feature.startswith(MESH):
        return "MeSH: " + feature[len(MESH):]
    if feature.startswith(TYPE):
        return "type: " + feature[len(TYPE):]
    return feature


def tfidf(counts: dict, idf: dict[str, float]) -> dict[str, float]:
    """The unit-length TF-IDF vector of a paper's counts, over the features in `idf` only."""
    vector = {}
    get = idf.get
    log = math.log
    for f, c in counts.items():
        weight = get(f)
        if weight is not None:
            vector[f] = weight if c == 1 else (1.0 + log(c)) * weight
    norm = math.sqrt(sum(v * v for v in vector.values()))
    if norm:
        for f in vector:
            vector[f] /= norm
    return vector
