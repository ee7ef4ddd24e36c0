"""The digest in the editors' UI: an edition's checks, its preview exactly as it will be sent,
and the editors' answers to the checks (an override with its reason, a study-type label).

The preview serves the very bytes `tracker digest build` writes (the same render function).
The digest is a standalone page with its CSS in a <style> element (the e-mail's CSS is on each
element), which the UI's policy of no inline style would blank out. So preview responses carry
their own Content-Security-Policy: `sandbox` (no script runs, and the page gets an origin of its
own, away from the UI's cookies and forms), nothing may load but images, and inline style is
allowed for that response alone. Every other page keeps the UI's strict policy.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from ..digest import (CHECKS, DigestError, EmptyEditionError, NotFlagged, STUDY_TYPES, StaleSummary, check_edition,
                      set_label, set_override)
from ..digest.checks import OVERRIDABLE
from ..digest.edition import load_edition
from ..digest.render import render_edition
from ..editions import EditionError, Week, open_edition, sent_edition
from ..review import summary_checks
from .db import get_db, settings

bp = Blueprint("digest", __name__)

PREVIEW_POLICY = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
FORMATS = {  # preview name -> (file, content type)
    "web": ("index.html", "text/html; charset=utf-8"),
    "email": ("email.html", "text/html; charset=utf-8"),
    "text": ("digest.txt", "text/plain; charset=utf-8"),
    "markdown": ("digest.md", "text/plain; charset=utf-8"),
}


def _edition_or_404(edition: str) -> Week:
    try:
        return Week.parse(edition)
    except EditionError as exc:
        abort(404, f"{edition!r} is not an edition: {exc}. Editions are ISO weeks, like 2026-W48.")


@bp.get("/editions/")
def current():
    """The edition being assembled: this week's, or the first after it not e-mailed yet (where
    approvals go, as the queue says), not one that went out and takes no more papers."""
    return redirect(url_for("digest.edition", edition=str(open_edition(get_db(), Week.current(settings().config.timezone))[0])))


@bp.get("/editions/<edition>")
def edition(edition: str):
    """The edition's papers with their checks, and links to its preview in each format."""
    week = _edition_or_404(edition)
    config = settings().config
    try:
        report = check_edition(get_db(), config, edition)
    except EmptyEditionError:
        report = None
    sent = sent_edition(get_db(), edition)
    return render_template("edition.html", edition=edition, report=report, monday=week.monday, sunday=week.sunday,
                           formats=FORMATS, checks=CHECKS, sent=sent,
                           # where approvals go now: from the current week, as the queue and approve say
                           next_open=open_edition(get_db(), Week.current(config.timezone))[0] if sent else None)


@bp.get("/editions/<edition>/preview", defaults={"fmt": "web"})
@bp.get("/editions/<edition>/preview/<fmt>")
def preview(edition: str, fmt: str):
    """One output of the edition, byte for byte what `tracker digest build` writes."""
    _edition_or_404(edition)
    if fmt not in FORMATS:
        abort(404)
    try:
        files = render_edition(load_edition(get_db(), settings().config, edition), settings().config)
    except EmptyEditionError as exc:
        abort(404, str(exc))
    except DigestError as exc:
        abort(500, str(exc))
    name, content_type = FORMATS[fmt]
    response = Response(files[name], content_type=content_type)
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response


@bp.post("/papers/<int:paper_id>/checks/<check>")
def override(paper_id: int, check: str):
    """Override a check's flag with a reason (or withdraw the override)."""
    if check not in OVERRIDABLE:
        abort(404)
    withdraw = request.form.get("withdraw") == "1"
    reason = request.form.get("reason", "").strip()
    if not withdraw and not reason:
        flash(f"An override of “{CHECKS[check]}” needs a reason; nothing was recorded.", "error")
        return redirect(url_for("papers.show", paper_id=paper_id) + "#checks")
    seen = request.form.get("summary_version", "")
    # no version (a page from before the form named one, a hand-made post): which words were read is
    # unknown, so no version matches (-1)
    named = seen.isascii() and seen.isdigit() and len(seen) < 19
    try:
        set_override(get_db(), paper_id, check, None if withdraw else reason, g.editor, config=settings().config,
                     seen_version=int(seen) if named else -1)
    except StaleSummary as exc:  # another editor saved a new summary after this page was loaded
        flash(f"{CHECKS[check]}: {exc}. Nothing was recorded: read the checks below again." if named else
              f"{CHECKS[check]}: the form did not say which version of the summary you read; nothing was "
              "recorded. Reload the page, read the checks again and act from there.", "error")
        return redirect(url_for("papers.show", paper_id=paper_id) + "#checks")
    except NotFlagged as exc:  # the page was stale: the summary changed since
        flash(f"{CHECKS[check]}: {exc}; nothing was recorded.", "error")
        return redirect(url_for("papers.show", paper_id=paper_id) + "#checks")
    except DigestError as exc:  # a missing paper is PaperNotFound: a 404, by the app's handler
        abort(400, str(exc))
    flash(f"{CHECKS[check]}: override {'withdrawn' if withdraw else 'recorded'}.")
    return redirect(url_for("papers.show", paper_id=paper_id) + "#checks")


@bp.post("/papers/<int:paper_id>/label")
def label(paper_id: int):
    """Set the study type shown in the digest ('' for the one derived from the record)."""
    study_type = request.form.get("study_type", "").strip() or None
    if study_type is not None and study_type not in STUDY_TYPES:
        abort(400, f"Unknown study type {study_type!r}.")
    try:
        done = set_label(get_db(), paper_id, study_type, g.editor, request.form.get("reason"))
    except DigestError as exc:
        abort(400, str(exc))
    shown = STUDY_TYPES[study_type].name if study_type else "derived from the record"
    flash(f"Study type: {shown} already; nothing recorded." if done.get("unchanged") else
          f"Study type: {shown}{'' if study_type else ' again'}.")
    return redirect(url_for("papers.show", paper_id=paper_id) + "#checks")


def paper_checks(paper: dict) -> dict:
    """What the paper page shows beside the lay summary: label, choices and the checks."""
    return {**summary_checks(get_db(), settings().config, paper), "study_types": STUDY_TYPES,
            "overridable": OVERRIDABLE}
