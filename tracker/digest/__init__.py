"""The weekly patient digest: an edition's approved papers rendered as a web page, an e-mail,
plain text, Markdown and an Atom feed, with study-type labels and the checks an edition must
pass before it is sent.

    edition.py  the edition's papers, labels, overrides and correction notices (database)
    labels.py   study types and what each kind of study can and cannot show
    checks.py   reading grade, hype, causal claims, key takeaway, caveats; overrides
    render.py   the Jinja environment (autoescape everywhere) and each output format
    build.py    atomic, deterministic writes of an edition and the site's index and feed
"""

from .build import BuildResult, UnpublishResult, build, unpublish, write_atomic
from .checks import CHECKS, EditionReport, check_edition
from .edition import Edition, load_edition, set_label, set_override
from .errors import DigestError, EmptyEditionError, NotFlagged, StaleSummary
from .labels import STUDY_TYPES
from .render import UNSUBSCRIBE_PREFIX, render_edition

__all__ = [
    "BuildResult", "CHECKS", "DigestError", "Edition", "EditionReport", "EmptyEditionError", "NotFlagged", "StaleSummary",
    "STUDY_TYPES", "UNSUBSCRIBE_PREFIX", "UnpublishResult", "build", "check_edition", "load_edition",
    "render_edition", "set_label", "set_override", "unpublish", "write_atomic",
]
