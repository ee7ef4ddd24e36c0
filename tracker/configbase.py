"""What every part of feeds.yaml's model shares, kept apart from tracker/config.py so that each
source type's module can declare its own config model (tracker/sources/<name>.py) without
importing config.py, which builds the `sources:` union from those modules."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    # strict: "4" is not a number and "off" is not a boolean; YAML has real ones.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def http_url(value: str) -> str:
    # the whole value: "http://exa mple.com/rss" is no address, though it starts like one
    if not re.fullmatch(r"https?://[^\s/?#]+(?:[/?#]\S*)?", value or ""):
        raise ValueError(f"must be an http:// or https:// URL with no spaces, got {value!r}")
    return value


class SourceBase(Strict):
    """The keys every source has, whatever its type. A type's model adds `type:` (a Literal of
    the names it answers to) and its own keys."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]
    enabled: bool = True
    timeout: Annotated[float, Field(gt=0, le=600)] = 30.0
    retries: Annotated[int, Field(ge=0, le=10)] = 4
    # Requests per second for this source; PubMed defaults to NCBI's limits (3/s, 10/s with a key).
    requests_per_second: Annotated[float, Field(gt=0, le=1000)] | None = None
