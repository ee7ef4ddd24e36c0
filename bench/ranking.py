"""Train the ranking model on 2,000 decisions and rescore 100,000 stored papers; target < 30 s.

The database holds 100,000 papers made from the benchmark corpus (bench/corpus.py: trial
reports, reviews, animal studies, letters, retractions, book chapters, each with its title,
abstract, MeSH and publication types), written straight into the papers table, and 2,000
decisions on papers spread over it: the corpus's trial reports and reviews approved, the rest
rejected, one decision in ten the other way (editors are not consistent). What is timed is
`tracker rank train` as the CLI runs it: read the decisions, fit, store the model, rescore every
paper with rules + model. The baseline, in the same run on a copy of the same database, is
`tracker rescore` with the rules alone: the ratio says what the model costs on top.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import Outcome, run_alone

PAPERS = 100_000
DECISIONS = 2_000
TARGET_S = 30.0
CHUNK = 1_000


def build_database(path: Path, papers: int = PAPERS, decisions: int = DECISIONS) -> None:
    from bench.corpus import FIRST_PMID, TEMPLATES, efetch_document, is_book
    from tracker.merge import record_dict
    from tracker.parse.pubmed import parse_efetch
    from tracker.store import dumps, open_db, transaction

    db = open_db(path)
    columns = ("pmid", "title", "abstract", "journal", "published", "article_type", "publication_types",
               "mesh", "keywords", "first_seen", "updated_at")
    sql = f"INSERT INTO papers ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    stored = 0
    pmid = FIRST_PMID
    with transaction(db):
        while stored < papers:
            batch = [p for p in range(pmid, pmid + CHUNK) if not is_book(p)][: papers - stored]
            pmid += CHUNK
            rows = []
            for record in parse_efetch(efetch_document(batch)).records:
                data = record_dict(record)
                day = f"2026-{1 + stored % 12:02d}-{1 + stored % 28:02d}T08:00:00Z"
                rows.append((data["pmid"], data["title"], data["abstract"], data["journal"], data["published"],
                             data["article_type"], dumps(data["publication_types"]), dumps(data["mesh"]),
                             dumps(data["keywords"]), day, day))
                stored += 1
            db.conn.executemany(sql, rows)
        # Decisions on papers spread over the table: trial reports and reviews approved.
        step = max(1, stored // decisions)
        wanted = {TEMPLATES.index(t) for t in TEMPLATES if t.__name__ in ("_rct", "_review", "_mathml")}
        rows = db.execute("SELECT id, pmid FROM papers WHERE id % ? = 0 LIMIT ?", [step, decisions]).fetchall()
        for n, (pid, p) in enumerate(rows):
            approve = ((int(p) - FIRST_PMID) % len(TEMPLATES) in wanted) != (n % 10 == 0)
            status = "approved" if approve else "rejected"
            decision = db["decisions"].insert({
                "paper_id": pid, "editor": "bench", "at": f"2026-06-{1 + n % 28:02d}T10:00:00Z",
                "from_status": "below_threshold", "to_status": status,
                "reason": None if approve else "not for the digest", "note": None, "edition": None}).last_pk
            db.execute("UPDATE papers SET status = ?, last_decision = ? WHERE id = ?", [status, decision, pid])
    db.conn.close()


def run(quick: bool = False, **_) -> Outcome:
    from tracker.config import default_config_path, load_config
    from tracker.ranking import make_ranker
    from tracker.ranking.train import train
    from tracker.rescore import rescore_all
    from tracker.store import open_db

    out = Outcome("ranking")
    papers = 20_000 if quick else PAPERS
    config = load_config(default_config_path())
    with tempfile.TemporaryDirectory(prefix="bench-ranking-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        build_database(folder / "tracker.db", papers)
        built = time.perf_counter() - t0
        shutil.copy(folder / "tracker.db", folder / "baseline.db")

        db = open_db(folder / "baseline.db")
        t0 = time.perf_counter()
        rescore_all(db, config, make_ranker(config, rules_only=True))
        baseline = time.perf_counter() - t0
        db.conn.close()

        db = open_db(folder / "tracker.db")
        t0 = time.perf_counter()
        result = train(db, config)
        seconds = time.perf_counter() - t0
        model = result.model
        scored = db.execute("SELECT count(*) FROM papers WHERE model_probability IS NOT NULL").fetchone()[0]
        db.conn.close()
    ok = model is not None and scored == papers and seconds < TARGET_S
    out.row("database", f"{papers:,} papers, {DECISIONS:,} decisions (made in {built:.0f} s, not timed)")
    out.row("tracker rank train: fit + store + rescore every paper",
            f"{seconds:.1f} s ({model.approved if model else 0} approved, {model.rejected if model else 0} rejected,"
            f" {len(model.idf) if model else 0:,} features; {scored:,} rescored)",
            f"< {TARGET_S:g} s", ok)
    out.row("baseline: tracker rescore, rules alone", f"{baseline:.1f} s")
    out.row("  rank train / rules-alone rescore", f"{seconds / baseline:.2f}x" if baseline else "-")
    out.data = {"papers": papers, "decisions": DECISIONS, "train_s": seconds, "rules_rescore_s": baseline,
                "features": len(model.idf) if model else 0}
    return out


def main() -> int:
    """Run the ranking benchmark alone: python -m bench.ranking"""
    return run_alone("ranking", lambda: run(quick="--quick" in sys.argv))


if __name__ == "__main__":
    sys.exit(main())
