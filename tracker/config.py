"""feeds.yaml: one validated model. Unknown keys and wrong types are rejected, naming the key."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated, Union

import yaml
from email_validator import EmailNotValidError, validate_email
from pydantic import Field, ValidationError, field_validator, model_validator

from . import textsafe, yamltext
from .configbase import Strict
from .configbase import http_url as _http_url
from .errors import ConfigError
from .terms import check as check_terms

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent


def _source_union():
    """feeds.yaml's `sources:` entries: one model per source type, picked by `type:`. The models
    are declared by the source types' modules (tracker/sources/registry.py); this module names
    none of them."""
    from .sources.registry import config_models

    return Annotated[Union[config_models()], Field(discriminator="type")]


Source = _source_union()


def source_type_names() -> list[str]:
    """The `type:` values feeds.yaml accepts: the registry's (registry.check_config holds the
    union above to exactly those)."""
    from .sources.registry import SOURCE_TYPES

    return sorted(SOURCE_TYPES)


class Near(Strict):
    """A pair of term lists that count as one of the topic's terms when a term of each stands
    within `within` words of the other, in either order: "parent ... training", "family
    psychoeducation", "caregiver-patient dyad intervention". It recognises a kind of paper by
    what it is rather than by one fixed name."""

    first: Annotated[list[str], Field(min_length=1)]
    second: Annotated[list[str], Field(min_length=1)]
    within: Annotated[int, Field(ge=1, le=10)] = 3

    _check_terms = field_validator("first", "second")(classmethod(lambda cls, v: check_terms(v)))


class Topic(Strict):
    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    label: str | None = None
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0
    terms: Annotated[list[str], Field(min_length=1)]
    # Words that show the therapeutic/clinical sense; without any, the topic counts for less.
    context: list[str] = []
    # Words that mark a non-therapeutic or unrelated sense (anaesthesia, "LSD test", ...).
    exclude: list[str] = []
    # Words that, in the title, keywords or MeSH, say the paper is about what the topic wants
    # whatever an exclusion says (ketamine for depression given during surgery).
    overrides: list[str] = []
    near: list[Near] = []
    # A term that is also the short form of something else: the term does not count in a paper
    # that spells out the other thing ({DMT: [dance movement therapy]}).
    clashes: dict[str, list[str]] = {}

    @field_validator("clashes")
    @classmethod
    def _check_clashes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for phrases in value.values():
            check_terms(phrases)
        return value

    @model_validator(mode="after")
    def _clashes_name_terms(self) -> "Topic":
        unknown = [t for t in self.clashes if t not in self.terms]
        if unknown:
            raise ValueError(f"clashes name terms the topic does not have: {', '.join(unknown)}")
        return self

    _check_terms = field_validator("terms", "context", "exclude", "overrides")(classmethod(lambda cls, v: check_terms(v)))


class FieldWeights(Strict):
    title: float = 3.0
    keywords: float = 2.0
    mesh: float = 2.0
    abstract: float = 1.0


class Scoring(Strict):
    threshold: Annotated[float, Field(ge=0)] = 3.0
    field_weights: FieldWeights = FieldWeights()
    topic_cap: Annotated[float, Field(gt=0)] = 8.0  # one topic alone cannot dominate
    repeat_bonus: Annotated[float, Field(ge=0)] = 0.5  # per repeat of a term in the abstract (two at most)
    context_bonus: Annotated[float, Field(ge=0)] = 0.5  # per distinct context word
    context_bonus_cap: Annotated[float, Field(ge=0)] = 2.0
    missing_context_factor: Annotated[float, Field(ge=0, le=1)] = 0.4
    exclude_factor: Annotated[float, Field(ge=0, le=1)] = 0.3
    # Papers matching every topic in `intersection` get this multiplier. A list of such lists:
    # a paper matching every topic of any one of them.
    intersection: list[str] | list[list[str]] = []
    intersection_factor: Annotated[float, Field(ge=1)] = 2.0
    animal_terms: list[str] = []
    human_terms: list[str] = []
    animal_only_factor: Annotated[float, Field(ge=0, le=1)] = 0.3
    # Publication types (PubMed's, or a feed's article type) that count as a context word of
    # every topic: a trial is about an intervention.
    context_types: list[str] = []
    # A paper matching every intersection topic, each with at least this score, is ranked above
    # any paper matching one topic (its score gains the most a single topic can give).
    intersection_min: Annotated[float, Field(ge=0)] = 1.5
    # Healthy volunteers and no patients: pharmacology, not treatment (x healthy_only_factor).
    healthy_terms: list[str] = []
    patient_terms: list[str] = []
    healthy_only_factor: Annotated[float, Field(ge=0, le=1)] = 0.5

    _check_terms = field_validator("animal_terms", "human_terms", "context_types", "healthy_terms",
                                   "patient_terms")(classmethod(lambda cls, v: check_terms(v)))

    def intersections(self) -> list[list[str]]:
        """`intersection` as a list of topic groups (one group when it is a plain list)."""
        if not self.intersection:
            return []
        if all(isinstance(t, str) for t in self.intersection):
            return [list(self.intersection)]
        return [list(group) for group in self.intersection]


class Ranking(Strict):
    """The learned ranking and PubMed's similar articles (tracker rank, tracker run)."""

    # The model takes part once the decisions hold at least this many approvals and rejections;
    # until then the rules alone rank.
    min_approved: Annotated[int, Field(ge=1, le=100_000)] = 5
    min_rejected: Annotated[int, Field(ge=1, le=100_000)] = 5
    # The model's log-odds that an editor approves a paper, times model_weight, capped at
    # +/- model_cap, is added to the rules' score (docs/scoring.md).
    model_weight: Annotated[float, Field(ge=0, le=100)] = 6.0
    model_cap: Annotated[float, Field(ge=0, le=1000)] = 6.0
    # The candidate threshold while the model is in use (scoring.threshold is the rules' own):
    # the model's points sort out the weak matches that the rules alone must keep out.
    threshold: Annotated[float, Field(ge=0)] = 1.5
    # For each approved paper with a PMID, its top N PubMed neighbours (elink neighbor_score) not
    # yet stored are fetched and scored, once per approved paper; 0 turns it off.
    similar_per_paper: Annotated[int, Field(ge=0, le=200)] = 20
    # ... among those entered in PubMed in the last N days.
    similar_days: Annotated[int, Field(ge=1, le=3650)] = 365


def email_address(value: str, not_in: str = "") -> str:
    """`value` as written, if email-validator takes it for an address (syntax only: no DNS) with
    a dot in its domain and none of the characters `not_in` (those that would break the mailto:
    link or the header it is written into); else ValueError, which names the key it came from."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"not an e-mail address: {value!r} ({exc})") from None
    if "." not in value.rpartition("@")[2] or any(c in value for c in not_in):
        raise ValueError(f"not an e-mail address: {value!r}")
    return value


class Contact(Strict):
    email: str  # sent to NCBI as `email`, and in the User-Agent
    tool: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")] = "tracker"

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str) -> str:
        return email_address(value)


# Words that promise more than any single study shows. `*` ends a prefix, as in topic terms.
DEFAULT_HYPE_WORDS = [
    "breakthrough*", "cure", "cures", "cured", "miracle*", "prove", "proves", "proved", "proven",
    "game-changer*", "game changer*", "revolutionary", "revolutionise*", "revolutionize*",
    "groundbreaking", "ground-breaking", "wonder drug*", "magic bullet*", "guarantee*",
]
# Cause-and-effect wording that only a randomized trial can carry.
# The claim checks read the shape of a sentence (tracker/digest/claims.py); this list is for
# wording of the editors' own on top of them, empty by default.
DEFAULT_CAUSAL_WORDS: list[str] = []


def _one_line(value: str | None) -> str | None:
    """A name or title that goes into e-mail headers (From, Subject) and pages on one line: no
    line break or other control character (a sender's name with one makes every message fail),
    nor what no output carries (textsafe: bidi controls, noncharacters)."""
    if value is not None and not textsafe.fits_one_line(value):
        raise ValueError(f"{value!r} holds a line break or another control character; it must be one line of text")
    return value


class Digest(Strict):
    """The weekly patient digest: its title, the checks an edition must pass, where it lives."""

    title: Annotated[str, Field(min_length=1, max_length=200)] = "Psychedelic and relational therapy research, in plain words"
    site_name: Annotated[str, Field(min_length=1, max_length=100)] = "The Relational Psychedelic Research Digest"
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    # Flesch-Kincaid grade each lay summary should stay at or under (textstat).
    reading_grade_target: Annotated[float, Field(gt=0, le=20)] = 8.0
    words_per_minute: Annotated[int, Field(ge=60, le=600)] = 200  # for "N min read"
    hype_words: list[str] = DEFAULT_HYPE_WORDS
    causal_words: list[str] = DEFAULT_CAUSAL_WORDS
    # Shown in every edition's footer; default: contact.email.
    corrections_contact: str | None = None
    # Where the site is published (https://.../): share links, the e-mail's "view in your
    # browser" link and the Atom feed's addresses. Without it those links are left out.
    public_base_url: str | None = None
    logo_url: str | None = None  # an https image for the masthead; text alone without it
    # Article pages name the approving editor as their reviewer (JSON-LD reviewedBy) when true.
    show_reviewer: bool = False
    # A folder of templates that replace the shipped ones file by file (digest/<name>);
    # relative to the directory of feeds.yaml.
    templates_dir: str | None = None

    _check_words = field_validator("hype_words", "causal_words")(classmethod(lambda cls, v: check_terms(v)))
    _names = field_validator("title", "site_name")(classmethod(lambda cls, v: _one_line(v)))

    @field_validator("corrections_contact")
    @classmethod
    def _contact(cls, value: str | None) -> str | None:
        return None if value is None else email_address(value, not_in="<>\"'")

    @field_validator("public_base_url", "logo_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        _http_url(value)
        if any(c in value for c in "<>\"' \\"):
            raise ValueError(f"not a plain URL: {value!r}")
        return value

    @field_validator("public_base_url")
    @classmethod
    def _trailing_slash(cls, value: str | None) -> str | None:
        return value if value is None or value.endswith("/") else value + "/"


class Newsletter(Strict):
    """Sending the digest to subscribers, and the public subscribe and unsubscribe pages.

    The SMTP relay is not here: it comes from the environment (TRACKER_SMTP_URL), secrets and all.
    """

    # Where `tracker serve`'s public pages (subscribe, confirm/..., unsubscribe/...) are reached
    # from the internet; every link in an e-mail starts with it. Default: digest.public_base_url.
    public_url: str | None = None
    from_address: str | None = None  # default: contact.email
    from_name: Annotated[str, Field(min_length=1, max_length=100)] | None = None  # default: digest.site_name
    reply_to: str | None = None
    # The mailto: in List-Unsubscribe (read it, or forward it to `tracker subscribers remove`);
    # default: from_address.
    unsubscribe_mailto: str | None = None
    rate_per_minute: Annotated[int, Field(ge=1, le=100_000)] = 120
    retries: Annotated[int, Field(ge=0, le=10)] = 3  # per message, on a temporary (4xx) answer
    retry_delay: Annotated[float, Field(ge=0, le=600)] = 5.0  # seconds before the first retry; doubles
    # Permanent refusals (5xx) of consecutive editions before a subscriber is marked bounced.
    bounce_after: Annotated[int, Field(ge=1, le=20)] = 3
    confirm_days: Annotated[int, Field(ge=1, le=90)] = 7  # how long a confirmation link works
    # Without TRACKER_SMTP_URL, messages are written here as .eml files; relative to the
    # directory of feeds.yaml. Default: outbox/ beside the database.
    outbox: str | None = None

    _name = field_validator("from_name")(classmethod(lambda cls, v: _one_line(v)))

    @field_validator("from_address", "reply_to", "unsubscribe_mailto")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        return None if value is None else email_address(value, not_in="<>\"'?&,;")

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        _http_url(value)
        if any(c in value for c in "<>\"' \\?#"):
            raise ValueError(f"not a plain URL: {value!r}")
        return value if value.endswith("/") else value + "/"


class QuietDays(Strict):
    """Days a source may bring nothing new before `tracker status --check` calls it quiet; 0
    turns the check off. A feed that answers 304 for three weeks may have moved; PubMed
    queries see new records every few days."""

    feeds: Annotated[int, Field(ge=0, le=3650)] = 21
    pubmed: Annotated[int, Field(ge=0, le=3650)] = 14
    preprints: Annotated[int, Field(ge=0, le=3650)] = 14  # medRxiv, bioRxiv, PsyArXiv


class Health(Strict):
    """What `tracker status --check` reports as a problem (exit 1)."""

    failures: Annotated[int, Field(ge=1, le=1000)] = 3  # failed runs in a row
    quiet_days: QuietDays = QuietDays()


class Config(Strict):
    contact: Contact
    timezone: str = "UTC"
    sources: Annotated[list[Source], Field(min_length=1)]
    topics: Annotated[list[Topic], Field(min_length=1)]
    scoring: Scoring = Scoring()
    ranking: Ranking = Ranking()
    digest: Digest = Digest()
    newsletter: Newsletter = Newsletter()
    health: Health = Health()

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r} (an IANA name such as Europe/London)") from None
        return value

    @model_validator(mode="after")
    def _cross_checks(self) -> "Config":
        names = [s.name for s in self.sources]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"source names must be unique; repeated: {', '.join(dupes)}")
        topics = {t.name for t in self.topics}
        unknown = [t for group in self.scoring.intersections() for t in group if t not in topics]
        if unknown:
            raise ValueError(f"scoring.intersection names unknown topics: {', '.join(unknown)}")
        return self

    def source(self, name: str):
        for source in self.sources:
            if source.name == name:
                return source
        raise ConfigError(f"no source named {name!r} in the config")

    @property
    def corrections_contact(self) -> str:
        return self.digest.corrections_contact or self.contact.email

    @property
    def user_agent(self) -> str:
        from . import __version__

        return f"{self.contact.tool}/{__version__} (research-literature tracker; mailto:{self.contact.email})"


def default_config_path() -> Path:
    """The feeds.yaml shipped with the tool (inside the wheel, or at the top of a checkout)."""
    installed = PACKAGE_DIR / "defaults" / "feeds.yaml"
    return installed if installed.exists() else PACKAGE_DIR.parent / "feeds.yaml"


def templates_dir() -> Path:
    """The templates shipped with the tool (inside the wheel, or templates/ at the top of a checkout)."""
    installed = PACKAGE_DIR / "defaults" / "templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


def resolve_config_path(option: str | os.PathLike | None) -> Path:
    """--config, else $TRACKER_CONFIG, else ./feeds.yaml, else the shipped defaults."""
    if option:
        return Path(option)
    if os.environ.get("TRACKER_CONFIG"):
        return Path(os.environ["TRACKER_CONFIG"])
    return default_config_path() if packaged_fallback(option) else Path("feeds.yaml")


def packaged_fallback(option: str | os.PathLike | None) -> bool:
    """Whether resolve_config_path() falls back to the shipped feeds.yaml: no --config, no
    $TRACKER_CONFIG, no ./feeds.yaml (tracker run warns: its contact address is this project's)."""
    return not option and not os.environ.get("TRACKER_CONFIG") and not Path("feeds.yaml").exists()


def load_config(path: str | os.PathLike) -> Config:
    """Read and validate a feeds.yaml; ConfigError names the file and every bad key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        data = yamltext.load(text, str(path))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    config = parse_config(data, origin=str(path))
    folder = config.digest.templates_dir
    if folder is not None:
        resolved = (path.parent / Path(folder).expanduser()).resolve()
        if not resolved.is_dir():
            raise ConfigError(f"{path}: digest.templates_dir: no such folder {resolved}")
        config = config.model_copy(update={"digest": config.digest.model_copy(update={"templates_dir": str(resolved)})})
    if config.newsletter.outbox is not None:
        outbox = str((path.parent / Path(config.newsletter.outbox).expanduser()).resolve())
        config = config.model_copy(update={"newsletter": config.newsletter.model_copy(update={"outbox": outbox})})
    return config


def parse_config(data: dict, origin: str = "config") -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{origin}: " + "; ".join(_describe(e, data) for e in exc.errors())) from None


def _known_key_like(loc: tuple) -> str | None:
    """The key of the same settings section closest to a misspelt one ("scoring.thresold":
    threshold), if one is close; None where the section cannot be told (a source, whose keys
    depend on its type) or none is close."""
    import difflib

    model = Config
    for key in loc[:-1]:
        field = model.model_fields.get(key) if isinstance(key, str) else None
        model = field.annotation if field is not None else None
        if not (isinstance(model, type) and issubclass(model, Strict)):
            return None
    known = [field.alias or name for name, field in model.model_fields.items()]
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.75)
    return close[0] if close and close[0] != loc[-1] else None


def _describe(error: dict, data: dict) -> str:
    loc = list(error["loc"])
    # Name sources by their name, not their index: "sources[pubmed].query".
    parts: list[str] = []
    node = data
    for i, key in enumerate(loc):
        if isinstance(key, int):
            name = None
            if isinstance(node, list) and key < len(node) and isinstance(node[key], dict):
                name = node[key].get("name")
            parts[-1:] = [f"{parts[-1]}[{name or key}]"] if parts else [f"[{key}]"]
            node = node[key] if isinstance(node, list) and key < len(node) else None
        elif key in source_type_names() and i > 0 and isinstance(loc[i - 1], int):
            continue  # pydantic's discriminator branch, not a key the user wrote
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    where = ".".join(parts) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        near = _known_key_like(tuple(loc)) if loc else None
        return f"{where}: unknown key" + (f" (did you mean {near}?)" if near else "")
    if kind == "missing":
        return f"{where}: required key missing"
    if kind == "union_tag_invalid":
        return f"{where}.type: must be one of {', '.join(source_type_names())}"
    if kind == "union_tag_not_found":
        names = source_type_names()
        return f"{where}: missing key 'type' ({', '.join(names[:-1])} or {names[-1]})"
    return f"{where}: {error['msg'].removeprefix('Value error, ')}"
