"""The lay summary: one model says which fields it has, what each is for, and how it is checked.

The editors' form, `tracker edit` and `tracker show`, the summary files, the digest's checks and
the digest's templates all read `LaySummary`. Adding a field is one field here (with its label,
its hint, and whether it is prose the checks read or a section the digest shows) and one
migration that adds its column to `lay_summaries`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import SummaryError


def _field(label: str, hint: str = "", *, required: bool = False, prose: bool = False,
           heading: str | None = None, boxed: bool = False):
    """A summary field. prose: the checks read it (reading grade, claims); heading: the digest
    shows it as a section under this heading, in field order; boxed: that section stands out."""
    extra = {"label": label, "hint": hint, "prose": prose, "heading": heading, "boxed": boxed}
    return Field(... if required else "", json_schema_extra=extra)


def line_breaks(text: str) -> str:
    """Text with every line break a "\\n". A browser sends a textarea's as CRLF: stored as they came,
    the same text saved again from the web form was a new version (taking back the checks'
    overrides of the last one), and tracker edit could not write it as a block."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class LaySummary(BaseModel):
    """A plain-language summary of one paper, as editors write it; every value is text, stripped."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)

    headline: str = _field("Headline", "A plain-language headline patients will understand.", required=True)
    dek: str = _field("Dek", "One line under the headline.")
    summary: str = _field("Summary", "What was studied, and what kind of study it is.", required=True, prose=True)
    key_takeaway: str = _field("Key takeaway for patients", "", prose=True,
                               heading="Key takeaway for patients", boxed=True)
    what_it_means: str = _field("What this means for patients and families", "", prose=True,
                                heading="What this means for patients and families")
    caveats: str = _field("Caveats", "Pilot, small sample, animals, preprint, framework rather than a trial...",
                          prose=True, heading="Caveats to keep in mind")

    @field_validator("*", mode="before")
    @classmethod
    def _none_is_empty(cls, value):
        if value is None:
            return ""  # an empty YAML block reads as None
        return line_breaks(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class SummaryField:
    name: str
    label: str
    hint: str
    required: bool
    prose: bool
    heading: str | None
    boxed: bool


FIELDS: tuple[SummaryField, ...] = tuple(
    SummaryField(name, info.json_schema_extra["label"], info.json_schema_extra["hint"], info.is_required(),
                 info.json_schema_extra["prose"], info.json_schema_extra["heading"], info.json_schema_extra["boxed"])
    for name, info in LaySummary.model_fields.items())
NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
PROSE: tuple[str, ...] = tuple(f.name for f in FIELDS if f.prose)
SECTIONS: tuple[SummaryField, ...] = tuple(f for f in FIELDS if f.heading)  # in the digest, after the summary


def parse(data, origin: str = "summary") -> dict[str, str]:
    """Every field's text, checked and stripped; optional fields left out read as empty.

    Raises SummaryError naming the origin and every problem: unknown or missing keys, a value
    that is not text."""
    if not isinstance(data, dict):
        raise SummaryError(f"{origin}: expected a mapping with keys {', '.join(NAMES)}")
    try:
        return LaySummary.model_validate(data).model_dump()
    except ValidationError as exc:
        raise SummaryError(f"{origin}: {_describe(exc)}") from None


def _describe(exc: ValidationError) -> str:
    unknown, missing, wrong = [], [], []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            unknown.append(key)
        elif error["type"] == "missing":
            missing.append(key)
        else:
            wrong.append(f"{key} must be text")
    parts = []
    if unknown:
        parts.append(f"unknown key(s): {', '.join(sorted(unknown))}")
    if missing:
        parts.append(f"missing key(s): {', '.join(missing)}")
    return "; ".join(parts + wrong)
