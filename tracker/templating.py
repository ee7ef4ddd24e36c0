"""The one Jinja set-up: every environment the tracker makes (the digest's files, the
newsletter's e-mails and pages) comes from `environment()`, with the same options, and the web
UI's Flask environment shares its `finalize` and link filters (`share_with_flask`).

    autoescape          on for every template, whatever its extension (.txt and .md too)
    StrictUndefined     a misspelt name fails the render instead of printing nothing
    trim/lstrip blocks  a block tag's line leaves no blank line or indent behind
    finalize            every value written loses the characters no output may carry (textsafe)
    filters             the links a paper's identifiers stand for (tracker/links.py), and
                        `safe_href`: a link only if it is an absolute http(s) URL
"""

from __future__ import annotations

from jinja2 import BaseLoader, Environment, StrictUndefined

from . import textsafe
from .links import doi_url, pmc_url, pubmed_url, safe_href

FILTERS = {"safe_href": safe_href, "doi_url": doi_url, "pubmed_url": pubmed_url, "pmc_url": pmc_url}


def environment(loader: BaseLoader, *, finalize=textsafe.finalize, filters: dict | None = None) -> Environment:
    """A Jinja environment with the options above. `finalize` may add to textsafe's (the digest
    defangs its unsubscribe marker too) but must call it; `filters` come on top of FILTERS."""
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, finalize=finalize)
    env.filters.update(FILTERS)
    env.filters.update(filters or {})
    return env


def share_with_flask(app) -> None:
    """Flask keeps its own environment (autoescape for .html, its globals), with this finalize and
    these filters. Call it before the first template is loaded: Flask builds the environment then."""
    app.jinja_options = {**app.jinja_options, "finalize": textsafe.finalize}
    app.jinja_env.filters.update(FILTERS)
