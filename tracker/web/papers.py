"""One paper: its metadata and abstract, decisions, edition and lay summary."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for

from .. import review
from .. import summary as lay
from ..editions import WEEKS_AHEAD, WEEKS_BACK, Week, open_edition, sent_editions
from ..errors import Refused
from ..preprint_versions import differences
from ..queries import get_paper
from ..ranking import status_in_force
from ..store import paper_exists
from .db import get_db, settings
from .digest import paper_checks
from .highlight import highlight, terms_of
from .security import local_path, wants_json

bp = Blueprint("papers", __name__)

ACTIONS = ("approve", "reject", "hold", "reopen")


@bp.url_value_preprocessor
def _paper_id_in_range(endpoint, values):
    # SQLite integers are 64-bit; a larger id in a URL is simply no paper.
    if values and values.get("paper_id", 0) >= 2**63:
        abort(404)


@bp.get("/papers/<int:paper_id>")
def show(paper_id: int):
    db = get_db()
    paper = get_paper(db, paper_id)
    if paper is None:
        abort(404, f"There is no paper {paper_id}; the queue lists the papers there are.")
    return render_paper(paper)


def render_paper(paper: dict, *, status: int = 200, summary_form: dict | None = None, conflict: dict | None = None):
    terms = terms_of(paper["topics"])
    sections = [(label, highlight(text, terms)) for label, text in paper["abstract_sections"]]
    if not sections and paper["abstract"]:
        sections = [("", highlight(paper["abstract"], terms))]
    timezone = settings().config.timezone
    choices = edition_choices(timezone, paper.get("edition"))
    page = render_template(
        "paper.html", paper=paper, title_html=highlight(paper["title"], terms), sections=sections,
        current_edition=str(open_edition(get_db(), Week.current(timezone))[0]),
        editions=choices, sent_editions=(sent := sent_editions(get_db(), choices)),
        returnable=review.was_in_when_sent(get_db(), paper["id"], sent),
        summary=summary_form or paper["lay_summary"] or {},
        summary_fields=SUMMARY_LABELS, versions=review.summary_versions(get_db(), paper["id"]),
        conflict=conflict, digest=paper_checks(paper),
        # As in the queue: a journal version whose results differ from its preprint's.
        results_differ=differences(get_db(), [paper["id"]]).get(paper["id"]) if paper.get("preprint") else None,
    )
    return page, status


# Name, label and hint of each lay-summary field, as the model gives them.
SUMMARY_LABELS = tuple((field.name, field.label, field.hint) for field in lay.FIELDS)


def edition_choices(timezone: str, current: str | None, back: int = WEEKS_BACK, ahead: int = WEEKS_AHEAD) -> list[str]:
    """ISO weeks around this one (and the paper's own edition), for the edition select."""
    this = Week.current(timezone)
    weeks = [str(this.shift(k)) for k in range(-back, ahead + 1)]
    if current and current not in weeks:
        weeks.append(current)
    return sorted(set(weeks))


def _expected() -> int:
    """The paper's last_decision as the page showed it; a form without it is refused."""
    try:
        return int(request.form["expected"])
    except (KeyError, ValueError):
        abort(400, "The form must say which decision it was made on (field 'expected').")


def _require_paper(paper_id: int) -> None:
    if not paper_exists(get_db(), paper_id):
        abort(404)


@bp.post("/papers/<int:paper_id>/decide")
def decide(paper_id: int):
    action = request.form.get("action", "")
    if action not in ACTIONS:
        abort(400, f"Unknown decision {action!r}.")
    _require_paper(paper_id)
    form = request.form
    decision = review.Decision(
        paper_id, g.editor, action, reason=form.get("reason", "").strip() or None,
        note=form.get("note", "").strip() or None, edition=form.get("edition", "").strip() or None,
        expected=_expected(),
    )
    s = settings()
    try:
        done = review.decide(get_db(), decision, default_edition=str(Week.current(s.config.timezone)),
                             scorer_status=status_in_force(get_db(), s.config))
    except review.ConflictError as exc:
        return _conflict(paper_id, exc.newer, f"Your decision ({action}) was not recorded.")
    except Refused as exc:
        return _refused(paper_id, str(exc))
    where = f" for edition {done['edition']}" if done["edition"] else ""
    message = (f"Paper {paper_id} is already {done['to_status']}{where}; nothing recorded." if done.get("unchanged")
               else f"Paper {paper_id}: {done['from_status']} → {done['to_status']}{where}.")
    if wants_json():
        return jsonify(ok=True, message=" ".join([message, *_sentences(done)]), status=done["to_status"],
                       edition=done["edition"], last_decision=done["id"], notices=done["notices"],
                       warnings=done["warnings"])
    flash(message)
    _flash_consequences(done)
    return redirect(local_path(form.get("next")) or url_for("papers.show", paper_id=paper_id))


@bp.post("/papers/<int:paper_id>/edition")
def move(paper_id: int):
    _require_paper(paper_id)
    edition = request.form.get("edition", "").strip()
    try:
        done = review.move_edition(get_db(), paper_id, edition, g.editor, expected=_expected(),
                                   default_edition=str(Week.current(settings().config.timezone)))
    except review.ConflictError as exc:
        return _conflict(paper_id, exc.newer, f"The move to {edition} was not recorded.")
    except Refused as exc:
        return _refused(paper_id, str(exc))
    flash(f"Paper {paper_id} is already in edition {done['edition']}; nothing recorded." if done.get("unchanged")
          else f"Paper {paper_id} moved to edition {done['edition']}.")
    _flash_consequences(done)
    return redirect(url_for("papers.show", paper_id=paper_id))


def _consequences(done: dict) -> list[tuple[str, str]]:
    """A decision's notices, then its warnings, each as a sentence with its flash category."""
    said = [(text, "message") for text in done.get("notices", [])] + \
        [("Warning: " + text, "warning") for text in done.get("warnings", [])]
    return [(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."), kind) for text, kind in said]


def _sentences(done: dict) -> list[str]:
    return [text for text, _ in _consequences(done)]


def _flash_consequences(done: dict) -> None:
    for text, kind in _consequences(done):
        flash(text, kind)


@bp.post("/papers/<int:paper_id>/summary")
def save_summary(paper_id: int):
    db = get_db()
    paper = get_paper(db, paper_id)
    if paper is None:
        abort(404)
    fields = {key: request.form.get(key, "") for key in lay.NAMES}
    # Two editors writing at once: refuse to put this text over a version the editor never saw
    # (every version is kept anyway; this keeps the current one from being replaced blindly).
    try:
        base = int(request.form.get("base_version") or 0)
    except ValueError:
        abort(400, "Bad base_version.")
    try:
        saved = review.save_summary(db, paper_id, fields, g.editor, base_version=base)
    except review.SummaryConflict as exc:
        merge = review.merge_summary(db, paper_id, fields, base, exc.current)
        return render_paper(paper, status=409, summary_form={**merge["merged"], "version": exc.current["version"]},
                            conflict={"summary": exc.current, **merge})
    except Refused as exc:
        return _refused(paper_id, str(exc))
    if saved:
        flash(f"Saved version {saved['version']} of the lay summary.")
    elif not any((v or "").strip() for v in fields.values()):  # save_summary keeps a summary from being blanked
        flash("A lay summary cannot be emptied; nothing saved. To keep the paper out of the digest, reopen it or put "
              "it on hold.", "warning")
    else:
        flash("The summary is unchanged; nothing saved.")
    for warning in saved["warnings"] if saved else ():
        flash(warning[:1].upper() + warning[1:] + ".", "warning")
    return redirect(url_for("papers.show", paper_id=paper_id) + "#summary")


def _conflict(paper_id: int, newer: dict, what: str):
    """409: someone decided after this page was loaded; show their decision, change nothing."""
    message = (f"{newer['editor']} changed paper {paper_id} at {newer['at']}: "
               f"{newer['from_status']} → {newer['to_status']}"
               + (f" (reason: {newer['reason']})" if newer.get("reason") else "")
               + (f" (edition {newer['edition']})" if newer.get("edition") else "")
               + f", after your page was loaded. {what} Reload and decide again.")
    if wants_json():
        return jsonify(ok=False, conflict=True, error=message, newer=newer), 409
    return render_template("conflict.html", paper_id=paper_id, newer=newer, message=message), 409


def _refused(paper_id: int, message: str):
    if wants_json():
        return jsonify(ok=False, error=message), 400
    return render_template("error.html", title="Not recorded", message=message,
                           back=url_for("papers.show", paper_id=paper_id)), 400
