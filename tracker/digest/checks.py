"""Checks a lay summary must pass before its edition is sent.

Each check gives a flag or passes. A flag blocks the edition until the summary is fixed or an
editor overrides it with a reason; the override holds for the summary version it was given on,
so editing the summary puts the check back in force. Warnings inform and never block.

    reading_grade  Flesch-Kincaid grade (textstat) of the summary over the target in feeds.yaml
    hype           words that promise too much ("breakthrough", "miracle", ... from feeds.yaml),
                   and superlatives about a treatment ("the most effective", "the best hope")
    causal_claim   a sentence that says X changes Y, as a fact, on a kind of study that cannot
                   show cause (tracker/digest/claims.py reads the shape of each sentence)
    safety         an absolute claim of safety ("completely safe", "no side effects")
    advice         telling readers to take, try, stop or change a treatment
    key_takeaway   no "Key takeaway for patients"
    caveats        no caveats on a pilot, small, animal, preprint or protocol paper
    headline       no headline (the paper's title would stand in for one)
    markup         text that looks like a tag ("<moderate, ... >"), which the digest drops
    retracted      the paper has been retracted (cannot be overridden)
    study_type     the kind of study could not be derived (warning: label it)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import sqlite_utils

from .. import summary as lay
from ..config import Config
from ..errors import clip
from ..terms import Terms
from . import claims, text
from .edition import Edition, load_edition, overrides

CHECKS = {
    "reading_grade": "Reading grade",
    "hype": "Hype words",
    "causal_claim": "Cause-and-effect claims",
    "safety": "Claims of safety",
    "advice": "Advice to readers",
    "key_takeaway": "Key takeaway",
    "caveats": "Caveats",
    "headline": "Headline",
    "markup": "Text the digest drops",
    "retracted": "Retraction",
    "study_type": "Study type",
}
OVERRIDABLE = frozenset(CHECKS) - {"retracted", "study_type"}
WARNINGS = frozenset({"study_type"})
# What an editor is told when text of theirs looks like a tag (checks' markup flag, and lint's)
MARKUP_MESSAGE = ("looks like a tag, which the digest drops, so readers would not see it: write 'under' or 'less "
                  "than' for <, 'over' for >, and leave HTML out")
# The prose readers read; the reading grade is measured over these together.
PROSE_FIELDS = lay.PROSE
ALL_FIELDS = lay.NAMES
SMALL_SAMPLE = 30
# Study types with no participants of their own (see caveat_reasons).
NOT_A_STUDY = frozenset({"framework", "commentary", "narrative_review"})


@dataclass
class Flag:
    check: str
    ok: bool
    message: str
    override: dict | None = None  # the override in force: reason, editor, at, summary_version
    lapsed: dict | None = None  # an override given on an earlier version of the summary

    @property
    def name(self) -> str:
        return CHECKS[self.check]

    @property
    def warning(self) -> bool:
        return self.check in WARNINGS

    @property
    def blocking(self) -> bool:
        return not self.ok and self.override is None and not self.warning

    @property
    def state(self) -> str:
        """ok, blocks, overridden or warning: what the CLI and the web UI show."""
        if self.ok:
            return "ok"
        if self.override is not None:
            return "overridden"
        return "warning" if self.warning else "blocks"

    def as_dict(self) -> dict:
        return {"check": self.check, "name": self.name, "state": self.state, "message": self.message,
                "override": self.override, "lapsed_override": self.lapsed}


@dataclass
class PaperReport:
    paper: dict  # the paper's view (see edition.paper_view)
    flags: list[Flag] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return any(f.blocking for f in self.flags)


@dataclass
class EditionReport:
    edition: str
    papers: list[PaperReport]

    @property
    def blocking(self) -> bool:
        return any(p.blocking for p in self.papers)

    @property
    def unexplained(self) -> str | None:
        """Why the edition would reach readers with nothing explained (no paper has a lay
        summary), or None: a warning, not a block, since a short week may only list papers."""
        if any(p.paper["featured"] for p in self.papers):
            return None
        return (f"no paper in {self.edition} has a lay summary yet: the digest would explain none and only list "
                f"{len(self.papers)} under \"Also this week\"")

    def as_dict(self) -> dict:
        return {"edition": self.edition, "blocking": self.blocking, "unexplained": self.unexplained, "papers": [
            {"id": r.paper["id"], "headline": r.paper["headline"], "featured": r.paper["featured"],
             "study_type": r.paper["label"]["key"], "summary_version": r.paper["summary_version"], "blocking": r.blocking,
             "checks": [f.as_dict() for f in r.flags]} for r in self.papers]}


# -- the checks ----------------------------------------------------------------------------------

def reading_grade(summary: dict) -> float:
    """Flesch-Kincaid grade of the summary's prose (textstat; its word data ships with it)."""
    import textstat  # loads its pronunciation dictionary on first use: ~2 s, once per process

    prose = "\n\n".join(" ".join(text.paragraphs(summary.get(k))) for k in PROSE_FIELDS)
    if not prose.strip():
        return 0.0
    return round(float(textstat.flesch_kincaid_grade(prose)), 1)


@functools.lru_cache(maxsize=32)
def _compiled(words: tuple[str, ...]) -> Terms:
    return Terms(words)


def sentence_claims(summary: dict, digest, study_causal: bool = False) -> dict[str, list[str]]:
    """The words each per-sentence check flags in a lay summary's fields, first seen first."""
    out: dict[str, list[str]] = {"hype": [], "causal_claim": [], "safety": [], "advice": []}
    body = "\n".join(text.one_line(summary.get(k)) for k in ALL_FIELDS)
    for claim in text_claims(body, digest, study_causal):
        if claim.words.lower() not in (w.lower() for w in out[claim.check]):
            out[claim.check].append(claim.words)
    return out


def text_claims(body: str, digest, study_causal: bool = False) -> list[claims.Claim]:
    """Every per-sentence flag in a text, in order (the linter reads a draft through this too)."""
    found = claims.hype_claims(body, _compiled(tuple(digest.hype_words))) + claims.safety_claims(body) \
        + claims.advice_claims(body)
    if not study_causal:
        found += claims.causal_claims(body, _compiled(tuple(digest.causal_words)), [c.start for c in found])
    return sorted(found, key=lambda c: (c.start, c.check))


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100})
_PEOPLE = (r"participants|patients|people|persons|adults|individuals|subjects|volunteers|veterans|"
           r"couples|dyads|families|women|men|children|adolescents|clients|respondents|students")
# Linear in the abstract: a number starts only where no digit or comma comes before it, and
# nothing is given back once matched (possessive), so "1,1,1,..." is read once, not once from
# every ",1" (a 60 kB run took 22 s).
_COUNT = re.compile(
    r"\b[nN]\s*+=\s*+(\d[\d,]*+)|(?<![\d,])\b(\d[\d,]*+|" + "|".join(_NUMBER_WORDS)
    + r")\s++(?:[A-Za-z-]++\s++){0,2}?(?:" + _PEOPLE + r")\b", re.I)
# No study counts a billion people: a longer digit run is a list, an identifier or noise, and
# int() of over 4,300 digits raises ValueError.
_MAX_DIGITS = 9
_PILOT = re.compile(r"\b(pilot|feasibility)\b", re.I)


def sample_size(abstract: str) -> int | None:
    """The largest number of people the abstract mentions ("24 couples", "n = 12"), or None."""
    counts = []
    for match in _COUNT.finditer(abstract or ""):
        raw = (match.group(1) or match.group(2)).replace(",", "").lower()
        if raw.isdigit():
            value = int(raw) if len(raw) <= _MAX_DIGITS else None
        else:
            value = _NUMBER_WORDS.get(raw)
        if value:
            counts.append(value)
    return max(counts) if counts else None


def caveat_reasons(paper: dict, label_key: str) -> list[str]:
    """Why this paper needs caveats: pilot, small sample, animals, preprint, protocol."""
    raw = paper.get("raw") or paper
    reasons = []
    # A framework, a commentary or a narrative review studied no one: the pilot trials and the
    # people its abstract mentions are other studies'.
    if label_key not in NOT_A_STUDY:
        if _PILOT.search(f"{raw.get('title') or ''} {raw.get('abstract') or ''}"):
            reasons.append("a pilot or feasibility study")
        size = sample_size(raw.get("abstract") or "")
        if size is not None and size < SMALL_SAMPLE:
            reasons.append(f"a small study (the abstract counts {size}; under {SMALL_SAMPLE})")
    reasons += {"animal": ["an animal or lab study"], "preprint": ["a preprint, not yet peer reviewed"],
                "protocol": ["a protocol with no results yet"]}.get(label_key, [])
    return reasons


def check_paper(view: dict, config: Config, given: dict[str, dict] | None = None) -> list[Flag]:
    """Run every check on one featured paper; `given` are its override rows by check."""
    summary = (view.get("raw") or {}).get("lay_summary") or {}
    label = view["label"]
    digest = config.digest
    flags: list[Flag] = []

    grade = reading_grade(summary)
    target = digest.reading_grade_target
    flags.append(Flag("reading_grade", grade <= target,
                      f"grade {grade:g} (target {target:g} or lower)" if grade <= target else
                      f"grade {grade:g}, over the target of {target:g}: shorter sentences and everyday words help"))

    found = sentence_claims(summary, digest, study_causal=label["causal"])
    hype = found["hype"]
    flags.append(Flag("hype", not hype, "no hype words" if not hype else
                      f"{', '.join(repr(h) for h in hype)}: say what the study found, without promises"))

    causal = found["causal_claim"]
    if label["causal"]:
        message = f"{text.with_article(label['name'].lower())} can support cause-and-effect wording"
    elif not causal:
        message = "no cause-and-effect wording"
    else:
        message = (f"{', '.join(repr(c) for c in causal)} on {text.with_article(label['name'].lower())}, which cannot show "
                   "cause and effect: say 'was linked to' or 'was followed by'")
    flags.append(Flag("causal_claim", not causal, message))

    safety = found["safety"]
    flags.append(Flag("safety", not safety, "no promise of safety" if not safety else
                      f"{', '.join(repr(w) for w in safety)}: no study can promise that; say which side "
                      "effects were seen, in how many people, for how long"))

    advice = found["advice"]
    flags.append(Flag("advice", not advice, "no advice to readers" if not advice else
                      f"{', '.join(repr(w) for w in advice)}: tells readers what to do about their treatment; "
                      "point them to their care team instead ('talk to your care team before any change')"))

    has_takeaway = bool(text.paragraphs(summary.get("key_takeaway")))
    flags.append(Flag("key_takeaway", has_takeaway, "present" if has_takeaway else
                      "no key takeaway for patients: one or two sentences on what the study means for them"
                      " (for any change, to talk to their care team: telling readers what to take is advice)"))

    reasons = caveat_reasons(view, label["key"])
    has_caveats = bool(text.paragraphs(summary.get("caveats")))
    flags.append(Flag("caveats", has_caveats or not reasons,
                      "present" if has_caveats else "none needed" if not reasons else
                      f"no caveats, but this is {' and '.join(reasons)}: say what that means for readers"))

    dropped = [clip(words, 60) for k in ALL_FIELDS for _, words in text.markup(summary.get(k))]
    flags.append(Flag("markup", not dropped, "none" if not dropped else
                      f"{', '.join(repr(w) for w in dropped)} {MARKUP_MESSAGE}"))

    has_headline = bool(text.one_line(summary.get("headline")))
    flags.append(Flag("headline", has_headline, "present" if has_headline else
                      "no headline: the paper's own title would be shown instead"))

    retracted = bool((view.get("raw") or {}).get("retracted"))
    flags.append(Flag("retracted", not retracted, "not retracted" if not retracted else
                      "this paper has been retracted: take it out of the edition"))

    known = label["key"] != "unclassified"
    flags.append(Flag("study_type", known, f"{label['name']}" + (" (set by an editor)" if label["chosen_by_editor"] else "")
                      if known else "the kind of study could not be told from its record: set it with "
                      f"tracker digest label {view['id']} TYPE"))

    version = view.get("summary_version") or 0
    for flag in flags:
        row = (given or {}).get(flag.check)
        if flag.ok or row is None or row.get("reason") is None or flag.check not in OVERRIDABLE:
            continue
        entry = {k: row[k] for k in ("reason", "editor", "at", "summary_version")}
        if row["summary_version"] == version:
            flag.override = entry
        else:
            flag.lapsed = entry
    return flags


def flagged_checks(db: sqlite_utils.Database, config: Config, paper_id: int) -> list[str]:
    """The overridable checks one paper's current summary fails, overridden or not, by name."""
    from ..queries import get_paper
    from .edition import label_override, paper_view

    view = paper_view(get_paper(db, paper_id), label_override(db, paper_id), config)
    return sorted(f.check for f in check_paper(view, config) if not f.ok and f.check in OVERRIDABLE)


def check_edition(db: sqlite_utils.Database, config: Config, edition: str | Edition) -> EditionReport:
    """Every featured paper of an edition, checked. EmptyEditionError for an edition with none."""
    loaded = edition if isinstance(edition, Edition) else load_edition(db, config, edition)
    reports = []
    for view in loaded.featured:
        reports.append(PaperReport(view, check_paper(view, config, overrides(db, view["id"]))))
    for view in loaded.also:
        retracted = bool(view["raw"].get("retracted"))
        reports.append(PaperReport(view, [] if not retracted else [
            Flag("retracted", False, "this paper has been retracted: take it out of the edition")]))
    return EditionReport(loaded.edition, reports)
