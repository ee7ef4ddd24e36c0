"""The one syntax of search terms (tracker/terms.py), and its users agreeing on it: the scorer,
the web UI's highlighting and the digest's word lists."""

from __future__ import annotations

import time

import pytest

from tracker.config import default_config_path, load_config, parse_config
from tracker.digest.claims import hype_claims
from tracker.errors import ConfigError
from tracker.score import Scorer
from tracker.terms import Span, Terms, check
from tracker.web.highlight import highlight, snippet


def found(terms: list[str], text: str | None) -> dict[str, int]:
    return Terms(terms).find(text)[0]


def matched(terms: list[str], text: str) -> list[str]:
    """The text of every match, in order."""
    return [text[s.start:s.end] for s in Terms(terms).spans(text)]


@pytest.mark.parametrize("text, match", [
    ("couple therapy", "couple therapy"), ("Couple-therapy", "Couple-therapy"), ("couple, therapy", "couple, therapy"),
    ("couple  therapy", "couple  therapy"), ("couple/therapy", "couple/therapy"), ("couple\ntherapy", "couple\ntherapy"),
    ("(couple) therapy.", "couple) therapy"), ("couple — therapy", "couple — therapy"),
])
def test_spaces_hyphens_and_punctuation_between_words_are_the_same(text, match):
    assert found(["couple therapy"], text) == {"couple therapy": 1}
    assert found(["couple-therapy"], text) == {"couple-therapy": 1}
    assert matched(["couple therapy"], text) == [match]


@pytest.mark.parametrize("text", ["couples therapy", "coupletherapy", "couple", "therapy couple", "couple x therapy"])
def test_a_phrase_needs_its_words_whole_and_in_order(text):
    assert found(["couple therapy"], text) == {}


def test_a_word_is_found_only_whole():
    assert found(["proved", "cure"], "Sleep improved and the site was secured.") == {}
    assert found(["proved", "cure"], "It proved a cure, self-cure too.") == {"proved": 1, "cure": 2}
    assert found(["cure"], "cure_all cure2") == {}  # `_` and digits are part of a word


def test_star_ends_a_prefix():
    text = "Psychiatry, psychiatrists and PSYCHIATRIC care; neuropsychiatry is not counted."
    assert found(["psychiatr*"], text) == {"psychiatr*": 3}
    assert matched(["psychiatr*"], text) == ["Psychiatry", "psychiatrists", "PSYCHIATRIC"]
    # On the last word of a phrase, too.
    assert matched(["couple counsel*"], "couple counselling and couple-counselors") == [
        "couple counselling", "couple-counselors"]
    assert found(["couple counsel*"], "couple, counsel") == {"couple counsel*": 1}


def test_a_term_in_capitals_matches_only_in_capitals():
    text = "LSD and LSD-25; lsd in www.lsd-shop.example; Lsd"
    assert found(["LSD"], text) == {"LSD": 2}
    assert found(["lsd"], text) == {"lsd": 5}  # any other case matches every case
    assert found(["Ketamine"], "KETAMINE ketamine Ketamine") == {"Ketamine": 3}
    assert found(["5-HT2A"], "5-HT2A and 5-ht2a") == {"5-HT2A": 1}
    assert found(["A"], "a A") == {"A": 2}  # one capital letter is not an acronym


def test_case_and_accents_fold_both_ways():
    text = "La thérapie de couple, THÉRAPIE, Therapie; kétamine and ﬁrst-line"
    assert found(["therapie"], text) == {"therapie": 3}
    assert found(["thérapie"], text) == {"thérapie": 3}
    assert found(["ketamine", "first line"], text) == {"ketamine": 1, "first line": 1}
    assert matched(["first line"], text) == ["ﬁrst-line"]


def test_an_accent_written_as_its_own_character_stays_in_its_word():
    """Text decomposed to NFD ("the\u0301rapie", as some publishers' XML and macOS copy and paste
    give it) was split at the accent, which re's \\w does not take: neither "thérapie" nor
    "therapie" was found in it, and a highlight stopped short of the accent. The Kelvin sign
    (U+212A) folds to "k" here as it does with str.lower()."""
    text = "La the\u0301rapie de couple, un cafe\u0301; \u212aetamine"
    assert found(["therapie", "thérapie", "café", "ketamine"], text) == {
        "therapie": 1, "thérapie": 1, "café": 1, "ketamine": 1}
    assert matched(["therapie", "cafe"], text) == ["the\u0301rapie", "cafe\u0301"]
    assert found(["the\u0301rapie de couple"], "thérapie de couple") == {"the\u0301rapie de couple": 1}


def test_overlapping_matches_are_all_found_in_order_longer_first():
    terms = Terms(["couple", "couple therapy", "therap*", "therapy group"], ["couple*"])
    text = "A couple therapy group."
    assert terms.find(text) == [{"couple": 1, "couple therapy": 1, "therap*": 1, "therapy group": 1}, {"couple*": 1}]
    assert terms.spans(text) == [
        Span(2, 16, 0, "couple therapy"), Span(2, 8, 0, "couple"), Span(2, 8, 1, "couple*"),
        Span(9, 22, 0, "therapy group"), Span(9, 16, 0, "therap*"),
    ]


def test_spans_are_positions_in_the_text_as_given():
    # Folding changes lengths here ("ﬁ" is two letters folded, "İ" two characters lower-cased,
    # "é" may come decomposed); spans still point into the original text.
    text = "ﬁrst İstanbul 🧪 study: Kétamine-assisted THÉRAPIE, naïve LSD users; cafe\u0301 Ketamine"
    terms = Terms(["ketamine assisted therapie", "naive", "LSD", "ketamine"])
    assert [text[s.start:s.end] for s in terms.spans(text)] == [
        "Kétamine-assisted THÉRAPIE", "Kétamine", "naïve", "LSD", "Ketamine"]


@pytest.mark.parametrize("text", ["", None, "   ", "—;.", "🧪"])
def test_empty_or_wordless_text_matches_nothing(text):
    terms = Terms(["ketamine", "psychiatr*", "couple therapy", "LSD"], [])
    assert terms.find(text) == [{}, {}]
    assert terms.spans(text) == []


def test_no_terms_match_nothing():
    assert Terms().find("ketamine") == []
    assert Terms([]).spans("ketamine") == []
    assert Terms(["", "—", "*"]).find("ketamine — *") == [{}]


def test_several_lists_are_answered_in_one_pass_and_each_by_its_own_index():
    terms = Terms(["ketamine"], ["therap*", "ketamine"], ["LSD test"])
    assert terms.find("Ketamine therapy; LSD test") == [{"ketamine": 1}, {"therap*": 1, "ketamine": 1}, {"LSD test": 1}]
    assert {(s.list, s.term) for s in terms.spans("ketamine")} == {(0, "ketamine"), (1, "ketamine")}


def test_find_counts_what_spans_locates():
    terms = Terms(["couple therapy", "couple*", "therap*", "LSD", "ketamine"])
    text = "Couple-therapy, couples' therapy, KETAMINE, ketamine-assisted therapy, LSD, lsd, couple therapy."
    counts: dict[str, int] = {}
    for span in terms.spans(text):
        counts[span.term] = counts.get(span.term, 0) + 1
    assert terms.find(text) == [counts]
    assert counts == {"couple therapy": 2, "couple*": 3, "therap*": 4, "LSD": 1, "ketamine": 2}


def test_a_short_stem_still_matches_although_config_refuses_it():
    assert found(["ab*"], "abc ab xab") == {"ab*": 2}
    assert found(["a*"], "Abc b éa") == {"a*": 1}  # a one-letter stem, outside the two-letter index


def test_time_is_linear_in_the_text():
    """Each word costs a few lookups, whatever the terms; a regex over the text could backtrack,
    and looking back from each match to its sentence start was quadratic."""
    n = 8_000
    text = " ".join(["couple", "couple", "therapy", "miracle", "psychiatric", "LSD", "kétamine"] * n)  # one sentence
    terms = Terms(["couple couple couple couple therapy", "couple therapy", "psychiatr*", "LSD", "ketamine",
                   "miracle*"])
    started = time.perf_counter()
    assert terms.find(text)[0]["couple therapy"] == n
    assert len(terms.spans(text)) == n * 5
    assert len(find_terms(Terms(["miracle*", "couple therapy"]), text)) == n * 2
    # Under a second; the digest's earlier look-back took about 40 s at half this size.
    assert time.perf_counter() - started < 10


# -- the validator of every term list in feeds.yaml ----------------------------------------------

def test_check_accepts_the_syntax_and_returns_the_list():
    terms = ["couple therapy", "psychiatr*", "LSD", "5-HT2A", "thérapie", "game-changer*"]
    assert check(terms) is terms


@pytest.mark.parametrize("term, message", [
    ("", "non-empty"), ("  ", "non-empty"), ("*", "non-empty"),
    ("ab*", "at least 3 letters"), ("a*b", "may only end"), ("*ketamine", "may only end"),
    ("--", "a letter or digit"),
])
def test_check_refuses_what_cannot_be_a_term(term, message):
    with pytest.raises(ValueError, match=message):
        check(["ketamine", term])


def test_every_term_list_in_the_config_uses_the_one_validator():
    for *path, key in (("topics", 0, "terms"), ("topics", 0, "exclude"), ("scoring", "animal_terms"),
                       ("digest", "hype_words"), ("digest", "causal_words")):
        data = load_config(default_config_path()).model_dump()
        target = data
        for step in path:
            target = target[step]
        target[key] = ["ketamine", "ab*"]
        with pytest.raises(ConfigError, match="'ab\\*': a term ending in \\* needs at least 3 letters"):
            parse_config(data)


# -- its users agree -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scorer():
    return Scorer(load_config(default_config_path()))


def test_highlight_marks_what_the_scorer_counted(scorer):
    # Before terms.py the web UI had its own regex: no accent folding, and of two overlapping
    # matches only the first was marked.
    title = "Thérapie de couple and Kétamine-assisted psychotherapy: systemic family therapy"
    _, topics, _ = scorer.score({"title": title})
    matched_terms = [t for terms in topics.values() for t in terms]
    assert {"ketamine", "systemic family", "family therapy"} <= set(matched_terms)
    marked = str(highlight(title, matched_terms))
    assert "<mark>Kétamine" in marked
    assert "<mark>systemic family therapy</mark>" in marked


def test_highlight_merges_overlapping_matches_into_one_mark():
    assert str(highlight("a couple therapy group", ["couple therapy", "therapy group"])) == (
        "a <mark>couple therapy group</mark>")
    assert str(highlight("<i>Ketamine</i>-assisted", ["ketamine"])) == (
        "&lt;i&gt;<mark>Ketamine</mark>&lt;/i&gt;-assisted")


def test_a_snippet_opens_at_the_first_match_the_scorer_counted():
    text = "Background words. " * 40 + "Kétamine was given to couples. " + "More words follow. " * 40
    cut = str(snippet(text, ["ketamine"]))
    assert "<mark>Kétamine</mark>" in cut and cut.startswith("… ") and len(cut) < 420


def find_terms(terms: Terms, text: str) -> list[str]:
    """What the digest's word-list check (tracker/digest/claims.hype_claims) flags, as written."""
    return [c.words for c in hype_claims(text, terms)]


def test_the_digest_reads_its_word_lists_with_the_same_syntax():
    words = Terms(["miracle*", "leads to", "LSD"])
    assert find_terms(words, "A Miracle-like result leads-to change; lsd and LSD.") == ["Miracle", "leads-to", "LSD"]
    assert find_terms(words, "Mirácles happen") == ["Mirácles"]


def test_highlight_marks_both_halves_of_a_near_pair_the_scorer_matched():
    from tracker.web.highlight import highlight, terms_of

    marked = str(highlight("Psychoeducation for family caregivers of people with psychosis",
                           terms_of({"relational": ["family … psychoeducation*"]})))
    assert marked == "<mark>Psychoeducation</mark> for <mark>family</mark> caregivers of people with psychosis"
