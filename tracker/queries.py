"""Reading papers back: the listing, one paper in full, source health. Shared by CLI and web UI."""

from __future__ import annotations

import re
import unicodedata

import sqlite_utils

from .store import decode_paper

# The JSON contract of a paper (tracker papers/show --json); keep these keys stable.
PAPER_KEYS = (
    "id", "title", "abstract", "doi", "pmid", "pmcid", "journal", "published", "authors", "url",
    "article_type", "publication_types", "mesh", "keywords", "sources", "first_seen", "score",
    "topics", "status", "preprint", "peer_reviewed",
)


def fts_query(text: str) -> str | None:
    """User words -> an FTS5 query matching all of them (prefix match on the last, unless it is a
    single character); None if empty. Composed first: an accent typed or pasted as its own
    character ("ke\u0301tamine") would split its word in two; the index ignores accents."""
    words = re.findall(r"\w+", unicodedata.normalize("NFC", text))
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    if len(words[-1]) > 1:  # "a*" would expand to every word in the index (0.2 s at 100,000 papers)
        quoted[-1] += "*"
    return " ".join(quoted)


def list_papers(
    db: sqlite_utils.Database,
    *,
    status: str = "candidate",
    search: str | None = None,
    since: str | None = None,
    until: str | None = None,
    edition: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    after: tuple[float, int] | None = None,
    before: tuple[float, int] | None = None,
    limit: int = 50,
    extra: tuple[str, ...] = (),
) -> list[dict]:
    """Papers sorted by score (highest first, then newest id), filtered by status, search,
    first-seen dates (since/until, inclusive days), edition, topic and source.

    Paging: `after` / `before` take the (score, id) of the last / first row of the page in
    hand and give the page after / before it (keyset paging: as fast on page 2,000 as on page 1;
    there is no OFFSET, whose cost grows with the page). `extra` names more papers
    columns to return beside the public keys (the web UI needs `last_decision`, `edition`), or
    `similar_to` (see get_paper).
    """
    where, params = [], []
    if status != "all":
        where.append("p.status = ?")
        params.append(status)
    if edition:
        where.append("p.edition = ?")
        params.append(edition)
    # The unary + on the filters below keeps SQLite walking papers in score order (the indexes
    # carry first_seen) until the page is full, building each `IN (...)` id set from an index
    # once. Without it the planner may fetch every matching paper and sort them all: 100 ms
    # and more at 100,000 papers for a wide date range or a common word, against ~15 at worst.
    if since:
        where.append("+p.first_seen >= ?")
        params.append(since)
    if until:
        where.append("+p.first_seen < date(?, '+1 day')")
        params.append(until)
    if search is not None:
        query = fts_query(search)
        if query is None:
            return []
        where.append("+p.id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
        params.append(query)
    if topic:
        where.append("+p.id IN (SELECT paper_id FROM paper_topics WHERE topic = ?)")
        params.append(topic)
    if source:
        where.append("+p.id IN (SELECT paper_id FROM sightings WHERE source = ?)")
        params.append(source)
    order = "p.score DESC, p.id DESC"
    if after is not None:
        where.append("(p.score, p.id) < (?, ?)")
        params += [float(after[0]), int(after[1])]
    if before is not None:
        where.append("(p.score, p.id) > (?, ?)")
        params += [float(before[0]), int(before[1])]
        order = "p.score ASC, p.id ASC"  # the rows just above, nearest first; reversed below
    sql = (
        "SELECT p.* FROM papers p "
        + (f"WHERE {' AND '.join(where)} " if where else "")
        + f"ORDER BY {order} LIMIT ?"
    )
    rows = list(db.query(sql, [*params, limit]))
    if before is not None:
        rows.reverse()
    sources = _sources(db, [r["id"] for r in rows])
    similar = _similar_to(db, [r["id"] for r in rows]) if "similar_to" in extra else {}
    columns = [k for k in extra if k != "similar_to"]
    papers = []
    for row in rows:
        paper = decode_paper(row)
        more = {k: paper[k] for k in columns}
        if "similar_to" in extra:
            more["similar_to"] = similar.get(row["id"], [])
        papers.append({**_public(paper, sources.get(row["id"], [])), **more})
    return papers


def get_paper(db: sqlite_utils.Database, paper_id: int, *, full: bool = True) -> dict | None:
    """One paper: the public JSON keys, plus (full) explanation, sections, sightings, links and
    `similar_to`: the approved papers ({"id", "title"}) whose PubMed similar articles brought it in."""
    row = next(db.query("SELECT * FROM papers WHERE id = ?", [paper_id]), None)
    if row is None:
        return None
    paper = decode_paper(row)
    public = _public(paper, _sources(db, [paper_id]).get(paper_id, []))
    if not full:
        return public
    from .review import history, lay_summary  # not at the top: listings need none of review's imports

    from .ranking.model import explain_stored

    explanation = dict(paper["explanation"])
    explanation.setdefault("rules_score", paper.get("rules_score", paper["score"]))
    explanation["model"] = explain_stored(db, paper)
    if explanation["model"] and explanation["model"].get("threshold") is not None:
        explanation["threshold"] = explanation["model"].pop("threshold")
    public.update(
        abstract_sections=[list(s) for s in paper["abstract_sections"]],
        explanation=explanation,
        retracted=bool(paper["retracted"]),
        language=paper["language"],
        updated_at=paper["updated_at"],
        sightings=list(db.query(
            "SELECT source, source_type, source_key, first_seen, last_seen, times_seen, superseded"
            " FROM sightings WHERE paper_id = ? ORDER BY id", [paper_id])),
        corrections=_links(db, paper),
        similar_to=_similar_to(db, [paper_id]).get(paper_id, []),
        edition=paper.get("edition"),
        last_decision=paper.get("last_decision"),
        decisions=history(db, paper_id),
        lay_summary=lay_summary(db, paper_id),
    )
    return public


def _public(paper: dict, sources: list[str]) -> dict:
    out = {k: paper.get(k) for k in PAPER_KEYS if k != "sources"}
    out["sources"] = sources
    # papers.doi is the journal version's; a paper known only as a preprint shows the
    # preprint's DOI, and has not been peer reviewed.
    preprint = paper.get("preprint") or None
    out["preprint"] = preprint
    out["doi"] = paper.get("doi") or (preprint or {}).get("doi")
    out["peer_reviewed"] = preprint is None or bool(paper.get("doi"))
    return {k: out[k] for k in PAPER_KEYS}


def _sources(db: sqlite_utils.Database, ids: list[int]) -> dict[int, list[str]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    found: dict[int, list[str]] = {}
    for row in db.query(
        f"SELECT paper_id, source FROM sightings WHERE paper_id IN ({marks})"
        " GROUP BY paper_id, source ORDER BY paper_id, min(id)", ids,
    ):
        found.setdefault(row["paper_id"], []).append(row["source"])
    return found


def _similar_to(db: sqlite_utils.Database, ids: list[int]) -> dict[int, list[dict]]:
    """Paper id -> [{"id", "title"}] of the approved papers whose similar articles brought it in."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    found: dict[int, list[dict]] = {}
    for row in db.query(
        "SELECT p.id AS paper_id, a.id, a.title FROM papers p JOIN similar_papers s ON s.pmid = p.pmid"
        f" JOIN papers a ON a.pmid = s.source_pmid WHERE p.id IN ({marks}) ORDER BY p.id, a.id", ids,
    ):
        found.setdefault(row["paper_id"], []).append({"id": row["id"], "title": row["title"]})
    return found


def _links(db: sqlite_utils.Database, paper: dict) -> list[dict]:
    """Corrections in both directions: notices this paper points to, and notices pointing at it."""
    out = []
    for row in db.query(
        "SELECT l.kind, l.target_pmid, l.target_doi, l.text, t.id AS paper_id FROM paper_links l"
        " LEFT JOIN papers t ON (l.target_pmid != '' AND t.pmid = l.target_pmid)"
        " OR (l.target_doi != '' AND t.doi = l.target_doi) WHERE l.paper_id = ? ORDER BY l.id",
        [paper["id"]],
    ):
        out.append({"kind": row["kind"], "pmid": row["target_pmid"] or None, "doi": row["target_doi"] or None,
                    "text": row["text"], "paper_id": row["paper_id"], "direction": "out"})
    conditions, params = [], []
    if paper.get("pmid"):
        conditions.append("l.target_pmid = ?")
        params.append(paper["pmid"])
    if paper.get("doi"):
        conditions.append("l.target_doi = ?")
        params.append(paper["doi"])
    if conditions:
        for row in db.query(
            f"SELECT l.kind, l.text, p.id AS paper_id, p.pmid, p.doi FROM paper_links l"
            f" JOIN papers p ON p.id = l.paper_id WHERE ({' OR '.join(conditions)}) AND l.paper_id != ?"
            " ORDER BY l.id", [*params, paper["id"]],
        ):
            out.append({"kind": row["kind"], "pmid": row["pmid"], "doi": row["doi"], "text": row["text"],
                        "paper_id": row["paper_id"], "direction": "in"})
    return out


def run_status(status: str, run_in_progress: bool) -> str:
    """A runs row's status as it stands: "running" while no run is in progress (store.run_in_progress)
    is a run that died without a word (SIGKILL, a reboot), interrupted, as the next run marks it."""
    return "interrupted" if status == "running" and not run_in_progress else status


def source_health(db: sqlite_utils.Database, source_names: list[str], *, run_in_progress: bool = True) -> list[dict]:
    """Per configured source: last success, failures in a row, last error, papers seen, last run
    (its status as run_status reads it)."""
    health = []
    for name in source_names:
        state = next(db.query("SELECT * FROM source_state WHERE source = ?", [name]), {})
        # its real fetches': a replay (--load) says nothing of the source
        last_run = next(db.query("SELECT * FROM runs WHERE source = ? AND NOT replay ORDER BY id DESC LIMIT 1",
                                 [name]), None)
        if last_run is not None:
            last_run["status"] = run_status(last_run["status"], run_in_progress)
        papers = next(db.query(
            "SELECT count(DISTINCT paper_id) AS n FROM sightings WHERE source = ?", [name]))["n"]
        health.append({
            "source": name,
            "last_success": state.get("last_success"),
            "last_attempt": state.get("last_attempt"),
            "failures_in_row": state.get("failures_in_row", 0),
            "last_error": state.get("last_error"),
            # PubMed sources: the Entrez-date window's end, and the last look for changed records.
            "window_end": state.get("window_end"),
            "refreshed_until": state.get("refreshed_until"),
            # Preprint servers: the last weekly look for journal versions, DOI by DOI.
            "linked_until": state.get("linked_until"),
            "papers": papers,
            "last_run": last_run,
        })
    return health


def counts(db: sqlite_utils.Database) -> dict:
    by_status = {r["status"]: r["n"] for r in db.query("SELECT status, count(*) AS n FROM papers GROUP BY status")}
    return {"papers": sum(by_status.values()), "by_status": by_status}
