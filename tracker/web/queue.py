"""The queue: papers ranked by score, filtered, searched, paged by keyset on (score, id)."""

from __future__ import annotations

import math

from dataclasses import asdict, dataclass
from datetime import date

from flask import Blueprint, render_template, request, url_for

from .. import STATUSES
from ..editions import Week, open_edition, sent_editions
from ..health import problems
from ..preprint_versions import differences
from ..queries import list_papers
from ..store import run_in_progress
from .db import get_db, settings
from .highlight import highlight, snippet, terms_of

bp = Blueprint("queue", __name__)

PAGE_SIZE = 50
ROW_COLUMNS = ("last_decision", "edition", "similar_to", "rules_score", "model_probability")  # similar_to: see queries.get_paper


@dataclass
class Filters:
    q: str = ""
    status: str = "candidate"
    topic: str = ""
    source: str = ""
    since: str = ""
    until: str = ""

    def args(self) -> dict[str, str]:
        """The query-string arguments that differ from the defaults (for links)."""
        default = Filters()
        return {k: v for k, v in asdict(self).items() if v != getattr(default, k)}


def read_filters(args) -> tuple[Filters, list[str]]:
    """Filters from the query string; a value that makes no sense is dropped, with a notice."""
    config = settings().config
    f = Filters(
        q=args.get("q", "").strip()[:200],
        status=args.get("status", "candidate"),
        topic=args.get("topic", ""),
        source=args.get("source", ""),
        since=args.get("since", ""),
        until=args.get("until", ""),
    )
    notices = []
    if f.status not in (*STATUSES, "all"):
        notices.append(f"Unknown status {f.status!r}; showing candidates.")
        f.status = "candidate"
    if f.topic and f.topic not in {t.name for t in config.topics}:
        notices.append(f"Unknown topic {f.topic!r}; filter dropped.")
        f.topic = ""
    if f.source and f.source not in {s.name for s in config.sources}:
        notices.append(f"Unknown source {f.source!r}; filter dropped.")
        f.source = ""
    for name in ("since", "until"):
        value = getattr(f, name)
        try:
            if value:
                date.fromisoformat(value)
        except ValueError:
            notices.append(f"{name.capitalize()} must be a date (YYYY-MM-DD); filter dropped.")
            setattr(f, name, "")
    return f, notices


def read_cursor(value: str | None) -> tuple[float, int] | None:
    """A page cursor "score:id" from a link; None if absent or mangled (then: the first page)."""
    try:
        score, paper_id = (value or "").rsplit(":", 1)
        score, paper_id = float(score), int(paper_id)
    except ValueError:
        return None
    # SQLite integers are 64-bit: anything larger is no paper's id.
    if not (0 <= paper_id < 2**63 and math.isfinite(score)):
        return None
    return score, paper_id


def cursor(paper: dict) -> str:
    return f"{paper['score']!r}:{paper['id']}"


@bp.get("/")
def index():
    filters, notices = read_filters(request.args)
    after = read_cursor(request.args.get("after"))
    before = None if after else read_cursor(request.args.get("before"))
    papers = list_papers(
        get_db(), status=filters.status, search=filters.q or None, since=filters.since or None,
        until=filters.until or None, topic=filters.topic or None, source=filters.source or None,
        after=after, before=before, limit=PAGE_SIZE + 1, extra=ROW_COLUMNS,
    )
    # One row more than a page tells whether another page follows in that direction.
    if before:
        has_prev, has_next = len(papers) > PAGE_SIZE, True
        papers = papers[-PAGE_SIZE:]
    else:
        has_prev, has_next = after is not None, len(papers) > PAGE_SIZE
        papers = papers[:PAGE_SIZE]
    rows = []
    # A preprint whose journal version reports other results: flagged for the editors.
    differ = differences(get_db(), [p["id"] for p in papers if p.get("preprint") and p["peer_reviewed"]])
    for paper in papers:
        terms = terms_of(paper["topics"])
        rows.append({**paper, "title_html": highlight(paper["title"], terms),
                     "snippet_html": snippet(paper["abstract"], terms), "results_differ": differ.get(paper["id"])})
    config = settings().config
    # where approvals go: this week's edition, or the next one not e-mailed (review.decide's rule)
    edition, skipped = open_edition(get_db(), Week.current(config.timezone))
    links = {
        "first": url_for("queue.index", **filters.args()) if (after or before) else None,
        "prev": url_for("queue.index", **filters.args(), before=cursor(papers[0])) if papers and has_prev else None,
        "next": url_for("queue.index", **filters.args(), after=cursor(papers[-1])) if papers and has_next else None,
    }
    return render_template(
        "queue.html", rows=rows, filters=filters, notices=notices, links=links,
        statuses=(*STATUSES, "all"), topics=config.topics, sources=[s.name for s in config.sources],
        edition=str(edition), skipped=skipped, here=request.full_path.rstrip("?"),
        # approved papers whose edition went out: a key that takes one out asks first (keys.js)
        emailed=sent_editions(get_db(), {p["edition"] for p in papers if p["status"] == "approved" and p.get("edition")}),
        # what tracker status --check tells the operator, the editors see too: a journal gone silent
        source_problems=problems(get_db(), config, run_in_progress=run_in_progress(settings().db_path)),
    )
