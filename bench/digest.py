"""The weekly digest: building an edition of 30 papers in every format.

A temporary database gets 30 invented papers approved for one edition (24 with a lay summary,
6 listed under "Also this week") and two earlier papers since corrected, so the edition also
carries correction notices. Then `tracker.digest.build` (read the edition from the database,
render the web page, the e-mail with its CSS inlined, the text, the Markdown, the site index
and the Atom feed, write each file atomically) runs once cold (templates compiled) and then
REPEATS times into fresh folders. Target: each build under 1 s.

    python -m bench.digest      # this benchmark alone
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import Outcome, run_alone

PAPERS = 30
FEATURED = 24
REPEATS = 10
TARGET_S = 1.0
EDITION, EARLIER = "2026-W47", "2026-W45"

_TOPICS = ["psilocybin-assisted couple therapy", "ketamine with family sessions", "MDMA-assisted therapy with a partner",
           "esketamine and relationship strain", "ayahuasca and family wellbeing", "emotionally focused couple therapy"]
_KINDS = [("Randomized Controlled Trial", "a randomized trial"), ("Observational Study", "a cohort study"),
          ("Review", "a narrative review"), ("Clinical Trial", "an open-label pilot study"),
          ("Case Reports", "a case report"), ("Journal Article", "a study protocol")]


def _summary(n: int, topic: str) -> dict:
    return {
        "headline": f"What a new study of {topic} found for couples and families ({n})",
        "dek": "Researchers followed a small group of people for three months. Most said they felt better.",
        "summary": ("The team asked adults and their partners to take part in weekly sessions. They measured mood "
                    "and how close the partners felt, before and after. " * 3).strip()
                   + "\n\nMost people came to every session. A few stopped early because they felt unwell. "
                     "No one had a serious side effect.",
        "key_takeaway": "This is an early result. It is too soon to say the treatment helps.",
        "what_it_means": "If this topic matters to you, talk to your doctor or therapist about options with good "
                         "evidence, and about trials you could join.",
        "caveats": "The study was small, and there was no comparison group.",
    }


def build_database(path: Path) -> None:
    from tracker.config import default_config_path, load_config
    from tracker.editors import add_editor
    from tracker.merge import Merger
    from tracker.records import Link, Record
    from tracker.review import Decision, decide, save_summary
    from tracker.score import Scorer
    from tracker.store import open_db, transaction

    config = load_config(default_config_path())
    db = open_db(path)
    add_editor(db, "bench", "bench-password-1")
    with transaction(db):
        merger = Merger(db, Scorer(config), "pubmed", "pubmed", None)
        merger.now = "2026-11-17T07:00:00Z"
        for n in range(PAPERS + 2):
            topic = _TOPICS[n % len(_TOPICS)]
            pub_type, design = _KINDS[n % len(_KINDS)]
            merger.save(Record(
                title=f"{topic.capitalize()} for depression and relationship distress: {design} ({n})",
                abstract=f"Couples with relationship distress took part in {topic}. " * 12,
                pmid=str(99500000 + n), doi=f"10.5555/bench.{n}", journal="Journal of Invented Studies",
                published="2026-11", publication_types=["Journal Article", pub_type], source_key=str(99500000 + n)))
    ids = [r[0] for r in db.execute("SELECT id FROM papers ORDER BY id")]
    earlier, current = ids[:2], ids[2:]
    for i, pid in enumerate(earlier + current[:FEATURED]):
        save_summary(db, pid, _summary(i, _TOPICS[i % len(_TOPICS)]), "bench")
    for pid in earlier:
        decide(db, Decision(pid, "bench", "approve", edition=EARLIER), default_edition=EARLIER)
    for pid in current:
        decide(db, Decision(pid, "bench", "approve", edition=EDITION), default_edition=EDITION)
    with transaction(db):
        merger = Merger(db, Scorer(config), "pubmed", "pubmed", None)
        merger.save(Record(title="Retraction notice", pmid="99509990", source_key="99509990",
                           publication_types=["Retraction of Publication"], links=[Link("retraction_of", pmid="99500000")]))
        merger.save(Record(title="Erratum", pmid="99509991", source_key="99509991",
                           publication_types=["Published Erratum"], links=[Link("erratum_for", pmid="99500001")]))
    db.conn.close()


def run(**_) -> Outcome:
    from tracker.config import default_config_path, load_config
    from tracker.digest import build, check_edition
    from tracker.store import open_db

    out = Outcome("digest")
    config = load_config(default_config_path())
    with tempfile.TemporaryDirectory(prefix="bench-digest-") as tmp:
        folder = Path(tmp)
        build_database(folder / "tracker.db")
        db = open_db(folder / "tracker.db")
        t0 = time.perf_counter()
        first = build(db, config, EDITION, folder / "site-cold")
        cold = time.perf_counter() - t0
        times = []
        for k in range(REPEATS):
            t0 = time.perf_counter()
            result = build(db, config, EDITION, folder / f"site-{k}")
            times.append(time.perf_counter() - t0)
        sizes = {p.name: p.stat().st_size for p in result.files}
        t0 = time.perf_counter()
        report = check_edition(db, config, EDITION)
        checks_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        check_edition(db, config, EDITION)
        checks_warm_s = time.perf_counter() - t0
        same = all((folder / "site-cold" / EDITION / name).read_bytes() == (result.folder / name).read_bytes()
                   for name in ("index.html", "email.html", "digest.txt", "digest.md"))
    data = first.edition
    median, worst = statistics.median(times), max(times)
    out.row("edition", f"{len(data.featured)} featured + {len(data.also)} also this week, "
                       f"{len(data.notices)} correction notices; {len(first.files)} files")
    out.row("first build (templates compiled)", f"{cold * 1000:.0f} ms", f"< {TARGET_S:g} s", cold < TARGET_S)
    out.row(f"build, median of {REPEATS}", f"{median * 1000:.0f} ms (max {worst * 1000:.0f} ms)",
            f"< {TARGET_S:g} s", worst < TARGET_S)
    out.row("same bytes on every build", "yes" if same else "NO", "yes", same)
    out.row("tracker digest check (no target)", f"{checks_s:.2f} s first, with textstat's dictionary loading; "
                                                f"{checks_warm_s * 1000:.0f} ms after ({len(report.papers)} papers)")
    out.data = {"papers": PAPERS, "featured": len(data.featured), "cold_s": cold, "builds_s": times,
                "checks_s": checks_s, "checks_warm_s": checks_warm_s, "file_bytes": sizes}
    return out


def main() -> int:
    """Run the digest benchmark alone: python -m bench.digest"""
    return run_alone("digest", run)


if __name__ == "__main__":
    sys.exit(main())
