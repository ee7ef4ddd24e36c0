"""The editors' web UI at 100,000 papers: queue page and full-text search p50/p95, CLI listing.

A database of 100,000 invented papers is built once by direct inserts (titles and abstracts of
realistic length drawn from a pool of made-up sentences, one sighting each, the FTS index
rebuilt) and cached in bench/data/. Then:
  - the queue page (candidates, first page; then a filtered page and a deep page reached by
    keyset paging) through Flask's test client, logged in, ~50 requests each: server time p50/p95;
  - a full-text search page the same way;
  - `tracker papers --status candidate --limit 50` wall time in a subprocess.
Targets: p95 < 100 ms per page; the CLI listing < 0.5 s.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import DATA_DIR, REPO, Outcome, run_alone

PAPERS = 100_000
GENERATOR_VERSION = 1  # bump when the generator changes, so the cached database is rebuilt
REQUESTS = 50
PAGE_TARGET_MS = 100.0
CLI_TARGET_S = 0.5
SOURCES = ("pubmed", "frontiers-psychiatry", "frontiers-psychology", "frontiers-pharmacology",
           "frontiers-human-neuroscience")
EDITOR, PASSWORD = "bench", "bench-password-1"

# Invented sentence parts; combined at random they give abstracts that read like the real
# thing to an FTS tokenizer (varied vocabulary, realistic length), not to a person.
_SUBJECTS = ["Participants", "Patients", "Adults with depression", "Couples", "Veterans", "Adolescents",
             "Caregivers", "Older adults", "Rats", "Mice", "Healthy volunteers", "Families",
             "Outpatients", "Inpatients", "Students", "Clinicians", "Partners", "Parents"]
_VERBS = ["received", "were randomized to", "completed", "reported on", "were assessed after",
          "were followed during", "showed improvement with", "were interviewed about",
          "declined", "tolerated", "responded to", "were screened for"]
_OBJECTS = ["cognitive behavioural therapy", "usual care", "a waiting list", "placebo",
            "an exercise programme", "mindfulness training", "a brief intervention",
            "group sessions", "a digital application", "sertraline", "escitalopram",
            "an online course", "peer support", "motivational interviewing", "sleep hygiene advice",
            "transcranial magnetic stimulation", "electroconvulsive therapy", "lithium"]
_TAILS = ["over twelve weeks", "at three sites", "in primary care", "in a pilot study",
          "with moderate effect sizes", "without serious adverse events", "at six-month follow-up",
          "compared with controls", "in a secondary analysis", "across two cohorts",
          "after adjustment for baseline severity", "with high retention", "in rural clinics"]
_TOPIC_SENTENCES = {
    "psychedelic": ["Psilocybin therapy reduced depressive symptoms in participants.",
                    "Ketamine infusions were given at sub-anaesthetic doses.",
                    "MDMA-assisted therapy was delivered to patients with PTSD.",
                    "Esketamine nasal spray was added to an oral antidepressant.",
                    "Ayahuasca ceremonies were followed by integration sessions."],
    "relational": ["Couple therapy improved relationship satisfaction.",
                   "Family therapy sessions included both parents.",
                   "Emotionally focused couples therapy addressed attachment injuries.",
                   "Dyadic coping was measured in both partners."],
}
_TOPIC_TERMS = {
    "psychedelic": ["psilocybin", "ketamine", "MDMA", "esketamine", "ayahuasca"],
    "relational": ["couple therapy", "relationship satisfaction", "family therapy", "couples", "dyadic coping"],
}
_JOURNALS = ["Frontiers in Psychiatry", "Frontiers in Psychology", "Journal of Invented Studies",
             "Example Reports in Medicine", "Archives of Made-up Research", "Family Process Example"]
_TYPES = ["Original Research", "Review", "Systematic Review", "Study Protocol", "Journal Article",
          "Randomized Controlled Trial", "Hypothesis and Theory"]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}."


def build_database(path: Path) -> None:
    """100,000 papers with one sighting each, through the tracker's own schema (open_db)."""
    from tracker.editors import add_editor
    from tracker.store import open_db, transaction

    rng = random.Random(20260601)
    pool = [_sentence(rng) for _ in range(3000)]
    db = open_db(path)
    add_editor(db, EDITOR, PASSWORD)
    conn = db.conn
    papers, sightings = [], []
    for pid in range(1, PAPERS + 1):
        topics: dict[str, list[str]] = {}
        extra: list[str] = []
        for topic, chance in (("psychedelic", 0.35), ("relational", 0.2)):
            if rng.random() < chance:
                k = rng.randrange(len(_TOPIC_SENTENCES[topic]))
                extra.append(_TOPIC_SENTENCES[topic][k % len(_TOPIC_SENTENCES[topic])])
                topics[topic] = [_TOPIC_TERMS[topic][k % len(_TOPIC_TERMS[topic])]]
        body = rng.sample(pool, rng.randint(9, 14)) + extra
        rng.shuffle(body)
        abstract = " ".join(body)  # ~1,300-2,000 characters, like a real abstract
        title = " ".join(rng.choice(pool).rstrip(".").split()[:12] + (extra[0].split()[:3] if extra else []))
        score = round(sum(rng.uniform(2.0, 12.0) for _ in topics) * (2 if len(topics) == 2 else 1), 1)
        status = "candidate" if score >= 3.0 else "below_threshold"
        if status == "candidate" and rng.random() < 0.1:
            status = rng.choice(["approved", "rejected", "held"])
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        papers.append((
            pid, f"10.5555/bench.{pid}", str(70_000_000 + pid), title, abstract, rng.choice(_JOURNALS),
            day, json.dumps(["Ada Example", "Ben Invented"]), f"https://example.org/articles/{pid}",
            rng.choice(_TYPES), json.dumps(topics), json.dumps({"topics": {}, "factors": [], "threshold": 3.0}),
            score, status, f"{day}T06:00:00Z", f"{day}T06:00:00Z",
        ))
        source = SOURCES[pid % len(SOURCES)]
        sightings.append((pid, source, "pubmed" if source == "pubmed" else "frontiers", f"key-{pid}",
                          f"{day}T06:00:00Z", f"{day}T06:00:00Z", f"hash-{pid}", "{}"))
    with transaction(db):
        conn.executemany(
            "INSERT INTO papers (id, doi, pmid, title, abstract, journal, published, authors, url,"
            " article_type, topics, explanation, score, status, first_seen, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", papers)
        conn.executemany(
            "INSERT INTO sightings (paper_id, source, source_type, source_key, first_seen, last_seen,"
            " content_hash, record) VALUES (?,?,?,?,?,?,?,?)", sightings)
    # The insert triggers kept papers_fts in step; a rebuild leaves it compact, as after a backfill.
    conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO papers_fts(papers_fts) VALUES ('optimize')")
    conn.close()


def cached_database() -> tuple[Path, float | None]:
    """The benchmark database, built if missing; returns (path, seconds spent building or None)."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"web-{PAPERS // 1000}k-v{GENERATOR_VERSION}.db"
    if path.exists():
        return path, None
    partial = path.with_suffix(".partial")
    for leftover in DATA_DIR.glob(partial.name + "*"):
        leftover.unlink()
    start = time.perf_counter()
    build_database(partial)
    for suffix in ("-wal", "-shm", ".migrate-lock"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    return path, time.perf_counter() - start


class ServerTimer:
    """WSGI middleware: the time the app takes for each request, body included."""

    def __init__(self, app):
        self.app = app
        self.seconds: list[float] = []

    def __call__(self, environ, start_response):
        start = time.perf_counter()
        result = self.app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self.seconds.append(time.perf_counter() - start)
        return [body]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def logged_in_client(app):
    client = app.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": EDITOR, "password": PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"bench login failed: {response.status_code}")
    return client


def page_cases(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    score, pid = conn.execute("SELECT score, id FROM papers WHERE status = 'candidate'"
                              " ORDER BY score DESC, id DESC LIMIT 1 OFFSET 20000").fetchone()
    paper = conn.execute("SELECT id FROM papers WHERE status = 'candidate' ORDER BY score DESC LIMIT 1").fetchone()[0]
    conn.close()
    return [
        ("queue: candidates, first page", "/"),
        ("queue: page after 20,000 rows (keyset)", f"/?after={score!r}:{pid}"),
        ("queue: topic + source + date filters", "/?topic=relational&source=pubmed&since=2025-03-01&until=2025-09-30"),
        ("queue: the same, all statuses", "/?topic=relational&source=pubmed&since=2025-03-01&until=2025-09-30&status=all"),
        ("queue: all statuses", "/?status=all"),
        ("search: 'couple therapy'", "/?q=couple+therapy"),
        ("search: 'participants' (most papers), all statuses", "/?q=participants&status=all"),
        ("search: a word no paper has, all statuses", "/?q=xylophone&status=all"),
        ("paper page", f"/papers/{paper}"),
    ]


def cli_wall_time(path: Path, runs: int = 5) -> list[float]:
    args = [sys.executable, "-m", "tracker", "--db", str(path), "papers", "--status", "candidate", "--limit", "50"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, cwd=REPO, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0 or done.stdout.count("\n") < 50:
            raise RuntimeError(f"tracker papers failed: {done.stderr.strip()[-500:]}")
    return times


def run(**_) -> Outcome:
    from tracker.config import default_config_path, load_config
    from tracker.web import create_app

    out = Outcome("web")
    path, built = cached_database()
    out.row("database", f"{PAPERS:,} papers" + (f", built in {built:.1f} s" if built else " (cached in bench/data)"))
    app = create_app(path, load_config(default_config_path()), secret_key="bench-secret-key-" + "b" * 32)
    timer = ServerTimer(app.wsgi_app)
    app.wsgi_app = timer
    client = logged_in_client(app)
    results = {}
    for label, url in page_cases(path):
        for _ in range(3):  # warm: templates compiled, pages of the database in the OS cache
            client.get(url)
        timer.seconds.clear()
        for _ in range(REQUESTS):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
        ms = [s * 1000 for s in timer.seconds]
        p50, p95 = statistics.median(ms), percentile(ms, 0.95)
        rows = response.text.count("data-row ")
        results[label] = {"url": url, "p50_ms": p50, "p95_ms": p95, "rows": rows}
        out.row(label, f"p50 {p50:.1f} ms, p95 {p95:.1f} ms ({rows} rows)", f"p95 < {PAGE_TARGET_MS:.0f} ms",
                p95 < PAGE_TARGET_MS)
    cli = cli_wall_time(path)
    median = statistics.median(cli)
    out.row("tracker papers --status candidate --limit 50", f"{median:.2f} s wall (median of {len(cli)}, max {max(cli):.2f} s)",
            f"< {CLI_TARGET_S} s", median < CLI_TARGET_S)
    out.data = {"papers": PAPERS, "requests_per_case": REQUESTS, "pages": results, "cli_s": cli,
                "build_s": built}
    return out


def main() -> int:
    """Run the web benchmark alone: python -m bench.web"""
    return run_alone("web", run)


if __name__ == "__main__":
    sys.exit(main())
