"""Ingest 20,000 PubMed records end to end from a local server; target >= 1,000 papers/s.

The tracker runs as in production (tracker.pipeline.Runner, a feeds.yaml loaded from disk, an
on-disk SQLite database in WAL mode), against bench.server in another process: esearch by date
window (20,000 records spread over 100 days, so the 9,999-record esearch limit forces the
window to be split), then efetch by POST in batches of 200 by history position. Apart from
pointing the PubMed source at that server (query, base_url, lookback_days 100), the only change
from the shipped configuration is the rate limit (requests_per_second 1000).

The runs are made twice over: with the rules alone, and with a learned ranking model in place
(trained on 2,000 decisions about corpus papers, stored in the database before the run, as
`tracker rank train` leaves it), which the worker process and this one then apply to every
record. Both must reach the target; their ratio is what the model costs.

Throughput = papers stored / wall time of Runner.run(). The split between fetching (HTTP),
parsing and storing is measured by wrapping the functions involved with timers; with
--profile, a second run under cProfile lists the hot spots.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from bench import Outcome, local_server, write_config

RECORDS = 20_000
PER_DAY = 200
TODAY = date(2026, 6, 30)
TARGET = 1000.0  # papers per second
RUNS = 3  # the best run counts: other load on the machine only ever adds time


class Timers:
    """Wall time spent inside some tracker functions during one run (wrapped, then restored)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._undo = []

    def wrap(self, owner, name: str, label: str) -> None:
        original = getattr(owner, name, None)
        if original is None:  # the tracker's internals moved: that part of the split is unknown
            return

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start
                self.calls[label] = self.calls.get(label, 0) + 1

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def restore(self) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo.clear()


@contextmanager
def timed_pipeline():
    import tracker.merge
    import tracker.score
    import tracker.sources.pubmed
    from tracker.http import HttpClient
    from tracker.store import transaction

    timers = Timers()
    timers.wrap(HttpClient, "get", "http")
    timers.wrap(HttpClient, "post", "http")
    timers.wrap(tracker.sources.pubmed, "parse_efetch", "parse")
    timers.wrap(tracker.merge.Merger, "save", "store")
    timers.wrap(tracker.merge.Merger, "known_pmids", "known_pmids")
    timers.wrap(tracker.score.Scorer, "score", "score")
    timers.wrap(transaction, "__exit__", "commit")
    try:
        yield timers
    finally:
        timers.restore()


def put_model(db, config) -> None:
    """Store a model trained on 2,000 corpus papers (trial reports and reviews approved)."""
    from bench.corpus import FIRST_PMID, TEMPLATES, efetch_document, is_book
    from tracker.merge import record_dict
    from tracker.parse.pubmed import parse_efetch
    from tracker.ranking.model import Example, fit, save

    # PMIDs far from the ingested ones: the model has seen none of the papers it will score.
    pmids = [p for p in range(FIRST_PMID + 10_000_000, FIRST_PMID + 10_002_300) if not is_book(p)][:2000]
    wanted = {"_rct", "_review", "_mathml"}
    examples = [Example(record_dict(r), TEMPLATES[(int(r.pmid) - FIRST_PMID) % len(TEMPLATES)].__name__ in wanted)
                for r in parse_efetch(efetch_document(pmids)).records]
    save(db, fit(examples), last_decision=0)
    # The model is in use only with enough decisions behind it (ranking.min_approved...).
    assert sum(e.relevant for e in examples) >= config.ranking.min_approved


def ingest_once(base: str, folder: Path, profile: bool = False, model: bool = False):
    from tracker.config import load_config
    from tracker.parallel import PARALLEL_MIN
    from tracker.pipeline import Runner
    from tracker.store import open_db

    config_path = write_config(folder / "feeds.yaml", [{
        "name": "pubmed", "type": "pubmed", "query": "all", "base_url": f"{base}/eutils/",
        "requests_per_second": 1000, "lookback_days": RECORDS // PER_DAY,
    }])
    config = load_config(config_path)
    db = open_db(folder / "tracker.db")
    if model:
        put_model(db, config)
    runner = Runner(config, db, today=TODAY, parallel_min=PARALLEL_MIN)  # as `tracker run` does
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    if model:
        assert runner.scorer.model is not None, "the model is not in use"
    outcomes = runner.run(["pubmed"])
    if profiler:
        profiler.disable()
    wall = time.perf_counter() - start
    papers = db.execute("SELECT count(*) FROM papers").fetchone()[0]
    db.conn.close()
    return outcomes[0], papers, wall, profiler


def run(profile: bool = False, quick: bool = False, **_) -> Outcome:
    out = Outcome("ingest")
    runs = 1 if quick else RUNS
    results, with_model = [], []
    with local_server(records=RECORDS, per_day=PER_DAY, today=TODAY.isoformat()) as (base, log):
        for _ in range(runs):  # interleaved, so that a busy minute hurts both kinds alike
            seen = len(log())
            with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp, timed_pipeline() as timers:
                outcome, papers, wall = ingest_once(base, Path(tmp))[:3]
            results.append((wall, outcome, papers, dict(timers.seconds), dict(timers.calls), log()[seen:]))
            with tempfile.TemporaryDirectory(prefix="bench-ingest-model-") as tmp:
                m_outcome, m_papers, m_wall = ingest_once(base, Path(tmp), model=True)[:3]
            with_model.append((m_wall, m_outcome, m_papers))
    wall, outcome, papers, t, calls, requests = min(results, key=lambda r: r[0])
    walls = sorted(r[0] for r in results)
    rate = papers / wall if wall else 0.0
    m_wall, _, m_papers = min(with_model, key=lambda r: r[0])
    m_rate = m_papers / m_wall if m_wall else 0.0
    m_ok = all(r[1].ok and r[2] == RECORDS for r in with_model)
    esearch = [r for r in requests if r["path"].endswith("esearch.fcgi")]
    efetch = [r for r in requests if r["path"].endswith("efetch.fcgi")]
    ok_run = all(r[1].ok and r[2] == RECORDS for r in results)
    out.row(f"{RECORDS:,} records, Runner.run wall time",
            f"{wall:.2f} s (best of {runs}" + (f"; all: {', '.join(f'{w:.1f}' for w in walls)} s)" if runs > 1 else ")"))
    out.row("papers stored per second", f"{rate:,.0f} papers/s ({papers:,} stored)",
            f">= {TARGET:,.0f} papers/s", ok_run and rate >= TARGET)
    out.row("papers stored per second, ranking model in place",
            f"{m_rate:,.0f} papers/s ({m_wall:.2f} s; {m_rate / rate:.2f}x the rules-alone rate)" if rate else "-",
            f">= {TARGET:,.0f} papers/s", m_ok and m_rate >= TARGET)
    fetch = t.get("http", 0.0)
    parse = t.get("parse", 0.0)
    store = t.get("store", 0.0) + t.get("commit", 0.0) + t.get("known_pmids", 0.0)
    score = t.get("score", 0.0)
    out.row("  fetching (HTTP, server included)",
            f"{fetch:.2f} s ({fetch / wall:.0%}; {len(esearch)} esearch, {len(efetch)} efetch)")
    out.row("  parsing efetch XML",
            f"{parse:.2f} s ({parse / wall:.0%}; {RECORDS / parse:,.0f} records/s)" if parse else "-")
    out.row("  storing: Merger.save + commit (a worker process scores alongside)",
            f"{store - score:.2f} s ({(store - score) / wall:.0%})")
    out.row("  storing: scoring in this process", f"{score:.2f} s ({score / wall:.0%})"
            + (" (the worker scored every record)" if not score else ""))
    other = wall - fetch - parse - store
    out.row("  other (run bookkeeping, starting the worker)", f"{other:.2f} s ({other / wall:.0%})")
    if not ok_run:
        out.notes.extend(f"ingest: run not clean: {r[1].summary()}; {r[2]} papers stored" for r in results)
    out.data = {
        "records": RECORDS, "runs": runs, "walls_s": walls, "papers": papers, "wall_s": wall,
        "papers_per_s": rate, "timers_s": t, "calls": calls, "esearch_requests": len(esearch),
        "efetch_requests": len(efetch), "summary": outcome.summary(),
        "with_model_walls_s": sorted(r[0] for r in with_model), "with_model_papers_per_s": m_rate,
    }
    if profile:
        out.notes.append(profile_report())
    return out


def profile_report(limit: int = 25) -> str:
    """A second ingest under cProfile (slower than the timed run): the top functions by own time."""
    with local_server(records=RECORDS, per_day=PER_DAY, today=TODAY.isoformat()) as (base, _):
        with tempfile.TemporaryDirectory(prefix="bench-ingest-prof-") as tmp:
            _, _, wall, profiler = ingest_once(base, Path(tmp), profile=True)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)
    return f"ingest profile (cProfile, {wall:.1f} s with profiling overhead):\n" + text.getvalue()
