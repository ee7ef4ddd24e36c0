"""Rerun with nothing new: the second run costs one request per source and writes only its log.

Sources (all on bench.server): two Frontiers-style feeds that send an ETag and answer 304 to
If-None-Match, and two PubMed queries that overlap on a third of their records; half of each
feed's items are also PubMed records (same DOI), so the first run merges. The first run stores
everything; the second run, on the same day, must make
  - exactly one request per feed, answered 304;
  - exactly one esearch per PubMed query (the overlap window finds only stored PMIDs) and no efetch;
and leave papers, sightings, paper_links and the full-text index exactly as they were (every
row, every column). Only runs and source_state may change.
"""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date, datetime
from pathlib import Path

from bench import Outcome, local_server, write_config
from bench.server import Dataset

TODAY = date(2026, 6, 30)
RECORDS = 2_000
PER_DAY = 200
FEED_ITEMS = 30
FEEDS = ("psychiatry", "psychology")
QUERIES = {"pubmed-a": "a", "pubmed-b": "b"}
FROZEN = ("papers", "sightings", "paper_links", "papers_fts")
MAY_CHANGE = ("runs", "source_state")


def snapshot(db) -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row (all columns, by rowid) of each table."""
    out = {}
    for table in [*FROZEN, *MAY_CHANGE]:
        digest = hashlib.sha256()
        count = 0
        for row in db.execute(f"SELECT rowid, * FROM [{table}] ORDER BY rowid"):
            digest.update(repr(row).encode())
            count += 1
        out[table] = (count, digest.hexdigest())
    return out


def run(**_) -> Outcome:
    from tracker.config import load_config
    from tracker.pipeline import Runner
    from tracker.store import open_db

    out = Outcome("rerun")
    with local_server(records=RECORDS, per_day=PER_DAY, today=TODAY.isoformat(), feed_items=FEED_ITEMS) as (base, log), \
            tempfile.TemporaryDirectory(prefix="bench-rerun-") as tmp:
        folder = Path(tmp)
        sources = [{"name": f"frontiers-{name}", "type": "frontiers", "url": f"{base}/feeds/{name}/rss",
                    "requests_per_second": 1000} for name in FEEDS]
        sources += [{"name": name, "type": "pubmed", "query": term, "base_url": f"{base}/eutils/",
                     "requests_per_second": 1000, "lookback_days": RECORDS // PER_DAY} for name, term in QUERIES.items()]
        config = load_config(write_config(folder / "feeds.yaml", sources))
        db = open_db(folder / "tracker.db")

        first = Runner(config, db, today=TODAY).run()
        after_first = log()
        before = snapshot(db)
        second = Runner(config, db, today=TODAY).run()
        requests = log()[len(after_first):]
        after = snapshot(db)
        papers = before["papers"][0]
        merged = sum(o.counts["merged"] for o in first)
        stored = {row[0] for row in db.execute("SELECT pmid FROM papers WHERE pmid IS NOT NULL")}
        db.conn.close()

    first_ok = all(o.ok for o in first) and papers > 0
    out.row("first run (stores everything)",
            f"{papers:,} papers, {merged} merged, {len(after_first)} requests"
            + ("" if first_ok else f"; FAILED: {'; '.join(o.summary() for o in first if not o.ok)}"),
            "all sources ok", first_ok)

    problems = []
    for name in FEEDS:
        mine = [r for r in requests if r["path"] == f"/feeds/{name}/rss"]
        if [r["status"] for r in mine] != [304]:
            problems.append(f"feed {name}: {[r['status'] for r in mine]} (want one 304)")
    for source, term in QUERIES.items():
        searches = [r for r in requests if r["path"].endswith("esearch.fcgi") and r.get("term") == term]
        if len(searches) != 1:
            problems.append(f"{source}: {len(searches)} esearch (want 1)")
    efetch = [r for r in requests if r["path"].endswith("efetch.fcgi")]
    if efetch:
        problems.append(f"{len(efetch)} efetch (want 0)")
    expected = len(FEEDS) + len(QUERIES)
    if len(requests) != expected:
        problems.append(f"{len(requests)} requests in all (want {expected})")
    counted = sum(o.requests for o in second)
    if counted != len(requests):
        problems.append(f"the runs table counts {counted} requests, the server saw {len(requests)}")
    # The second run's esearch did list PMIDs (the overlap window); were they all stored?
    data = Dataset(RECORDS, PER_DAY, TODAY, FEED_ITEMS)
    esearch = [r for r in requests if r["path"].endswith("esearch.fcgi")]
    listed = {str(p) for r in esearch for p in data.search(
        r["term"], datetime.strptime(r["mindate"], "%Y/%m/%d").date(),
        datetime.strptime(r["maxdate"], "%Y/%m/%d").date())}
    unstored = listed - stored
    if unstored:
        problems.append(f"{len(unstored)} PMIDs listed by the second esearch are not stored")
    out.row("second run: requests",
            f"{len(requests)}: {sum(r['status'] == 304 for r in requests)} feed 304, {len(esearch)} esearch "
            f"({len(listed):,} PMIDs listed, {len(listed) - len(unstored):,} of them stored), {len(efetch)} efetch",
            "1 per feed (304), 1 esearch per query, 0 efetch", not problems and all(o.ok for o in second))
    out.notes.extend(f"rerun: {p}" for p in problems)

    changed = [t for t in FROZEN if before[t] != after[t]]
    runs_added = after["runs"][0] - before["runs"][0]
    out.row("second run: writes",
            "none to " + ", ".join(FROZEN) if not changed else f"CHANGED: {', '.join(changed)}"
            + f"; runs +{runs_added}",
            "only runs and source_state change", not changed and runs_added == len(second))
    out.notes.extend(f"rerun: second run: {o.summary()}" for o in second)
    out.data = {"first": [o.summary() for o in first], "second": [o.summary() for o in second],
                "requests_second_run": requests, "before": before, "after": after}
    return out
