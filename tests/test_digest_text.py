"""The digest's word lists in a lay summary: tracker/terms.py finds the words, the hype check
(tracker/digest/claims.py) leaves out those negated just before them in their clause."""

from __future__ import annotations

import pytest

from tracker.config import DEFAULT_HYPE_WORDS
from tracker.digest import claims_model
from tracker.digest.claims import hype_claims
from tracker.digest.text import with_article
from tracker.terms import Terms

HYPE = Terms(DEFAULT_HYPE_WORDS)
CAUSAL = Terms(["causes", "leads to", "led to", "results in"])  # wording an editor might add


@pytest.fixture(autouse=True)
def _lists_only(monkeypatch):
    """These tests are about the word lists: the learned hype reader (tests/test_claims.py) is off."""
    monkeypatch.setattr(claims_model, "HYPE", 1.01)


def find_terms(terms: Terms, text: str) -> list[str]:
    """The words of a list that the hype check flags in a text, as written there."""
    return [c.words for c in hype_claims(text, terms)]


@pytest.mark.parametrize("text, hits", [
    ("This is a breakthrough for couples.", ["breakthrough"]),
    ("Breakthroughs! A real game-changer, a Game Changer.", ["Breakthroughs", "game-changer", "Game Changer"]),
    ("It proves the therapy works; it proved it twice.", ["proves", "proved"]),
    ("Sleep improved and the site was secured.", []),  # "proved" and "cured" only as whole words
    ("A self-cured patient.", ["cured"]),  # a hyphen separates words, as a space does
    ("The wonder-drugs of the decade.", ["wonder-drugs"]),
])
def test_words_are_found_as_written(text, hits):
    assert find_terms(HYPE, text) == hits


@pytest.mark.parametrize("text", [
    "This study does not prove that the therapy works.",
    "There is no cure yet.",
    "It doesn’t prove anything.",  # a typographic apostrophe
    "We can't say it is a miracle.",
    "Never in the six sessions a breakthrough.",  # six words back, within the sentence
])
def test_a_word_negated_just_before_it_in_its_sentence_is_not_flagged(text):
    assert find_terms(HYPE, text) == []


@pytest.mark.parametrize("text, hits", [
    ("No. It is a miracle.", ["miracle"]),  # negation stops at the sentence end
    ("Not yet; a cure.", ["cure"]),
    ("Not one of the seven long sessions was a breakthrough.", ["breakthrough"]),  # seven words back
    ("It cannot prove this, but after the second trial it proves that.", ["proves"]),
])
def test_negation_reaches_back_only_a_few_words_within_the_sentence(text, hits):
    assert find_terms(HYPE, text) == hits


def test_phrases_match_within_one_sentence():
    assert find_terms(CAUSAL, "Taking part leads to happier relationships.") == ["leads to"]
    assert find_terms(CAUSAL, "Taking part leads, to be fair, nowhere.") == ["leads, to"]
    # Across a sentence end a phrase is two sentences, not a claim.
    assert find_terms(CAUSAL, "We report the results. In the trial, nothing changed.") == []
    assert find_terms(Terms(["results in", "results"]), "Good results. In the trial.") == ["results"]


def test_overlapping_words_count_once_the_longest_first():
    words = Terms(["wonder drug*", "drug", "miracle", "miracle drug"])
    assert find_terms(words, "A miracle drug, a wonder drug.") == ["miracle drug", "wonder drug"]


def test_empty_text_has_no_words():
    assert find_terms(HYPE, "") == []
    assert find_terms(Terms([]), "a miracle") == []


@pytest.mark.parametrize("phrase,expected", [
    ("observational study", "an observational study"),
    ("animal or lab study", "an animal or lab study"),
    ("randomized trial", "a randomized trial"),
    ("unclassified study", "an unclassified study"),
    ("one-arm trial", "a one-arm trial"),
    ("hour-long session", "an hour-long session"),
    ("user survey", "a user survey"),
    ("", ""),
])
def test_the_indefinite_article_follows_the_sound_of_the_word(phrase, expected):
    assert with_article(phrase) == expected


@pytest.mark.parametrize("written, read", [
    ("Nothing changes for you <b>now</b>.", "Nothing changes for you now."),  # was "now ."
    ("<i>Only</i> a few, <em>so far</em>; (<b>small</b>)", "Only a few, so far; (small)"),
    ("one<br>two", "one two"),  # a tag between two words still keeps them apart
    ("for you <b><i>now</i></b>.", "for you now."),  # tags side by side are one gap
    ('Results<br>"felt heard"', 'Results "felt heard"'),  # a straight quote that opens
    ("said:<br>'yes'", "said: 'yes'"),
    ('He said "<b>yes</b>" then', 'He said "yes" then'),  # ... and one that closes
    ("The <i>Lancet</i>'s editors", "The Lancet's editors"),  # an apostrophe, after the tag or before
    ("O'<b>Brien</b> and L'<i>Encéphale</i>", "O'Brien and L'Encéphale"),
    ('("<i>x</i>")', '("x")'),
    ("word<br>'quoted'", "word 'quoted'"),  # a line break between: a space, quotes or not
    ("he said 'yes'<br>then", "he said 'yes' then"),
    ("the players'<br>union", "the players' union"),
    ("<p>'Couples' therapy</p><p>'Next'</p>", "'Couples' therapy 'Next'"),
    ("p < 0.05 and x<script>alert(1)</script>y", "p < 0.05 and x alert(1) y"),
])
def test_a_dropped_tag_leaves_a_space_between_words_and_none_beside_punctuation(written, read):
    from tracker.digest.text import clean

    assert clean(written) == read
