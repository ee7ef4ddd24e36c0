"""The digest's errors (under the project's one base exception)."""

from __future__ import annotations

from ..errors import TrackerError


class DigestError(TrackerError):
    """An edition that cannot be built, checked or changed as asked."""


class EmptyEditionError(DigestError):
    """An edition with no approved papers: never built silently."""


class NotFlagged(DigestError):
    """An override of a check that is not flagged for the paper's current summary: the page the
    editor acted on was stale (the summary changed since), or the check never flagged it."""


class StaleSummary(DigestError):
    """An override asked on a page that showed an earlier version of the lay summary than the
    current one: it would let pass a flag on words the editor never read."""
