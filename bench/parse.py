"""Parse PubMed efetch XML into records: speed against two baselines, a floor, and peak memory.

Timing (same generated file, same run, a fresh process per parser per round, the parsers taking
turns round after round, best of N rounds):
  tracker        tracker.parse.pubmed.iter_efetch over an open file -> Record objects
  floor          a bare lxml iterparse pulling the same fields as raw tuples (bench.floor)
  pubmed_parser  pubmed_parser.parse_medline_xml(path), default options
  Bio.Entrez     Bio.Entrez.read(handle), which builds the whole file as Python objects
Targets: tracker >= 5x faster than Bio.Entrez.read and >= 2x faster than pubmed_parser, on the
40 MB file of whole records (13 KB each, long reference lists). The same comparison on a file of
the same records without their reference lists (5 KB each, nearer PubMed's average) is shown for
information: there, fixed per-record costs weigh more and the ratios are lower.

Memory: iter_efetch over a ~300 MB file in a child process; its peak resident set size (VmHWM,
read by the child from /proc/self/status) must stay under 150 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench import DATA_DIR, REPO, Outcome
from bench.corpus import FIRST_PMID, TEMPLATES, cached_efetch_file, efetch_document

TIMING_MB = 40
MEMORY_MB = 300
REPEATS = 5
LIGHT_MB = 15  # about as many records as TIMING_MB, without their reference lists
LIGHT_REPEATS = 3
MEMORY_TARGET_MB = 150
TARGETS = {"entrez": 5.0, "pubmed_parser": 2.0}
LABELS = {
    "tracker": "tracker iter_efetch",
    "floor": "bare lxml iterparse (floor)",
    "pubmed_parser": "pubmed_parser.parse_medline_xml",
    "entrez": "Bio.Entrez.read",
}


def child(parser: str, path, repeats: int) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bench._child", parser, str(path), str(repeats)],
        cwd=REPO, capture_output=True, text=True,
    )
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"parser": parser, "error": tail}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def timed_round_robin(names, path, repeats: int) -> dict[str, dict]:
    """One fresh process per parser per round, parsers taking turns, so that a burst of outside
    load hits every parser alike instead of all the repeats of one of them."""
    results: dict[str, dict] = {name: {"parser": name, "times": []} for name in names}
    for round_ in range(repeats):
        order = names[round_ % len(names):] + names[: round_ % len(names)]
        for name in order:
            r = child(name, path, 1)
            if "error" in r:
                results[name]["error"] = r["error"]
                continue
            results[name]["times"] += r["times"]
            results[name]["records"] = r["records"]
            results[name]["peak_rss_kb"] = max(results[name].get("peak_rss_kb", 0), r["peak_rss_kb"])
    return {name: ({"parser": name, "error": r["error"]} if "error" in r and not r["times"] else r)
            for name, r in results.items()}


def timing(out: Outcome, path, repeats: int, what: str, verdicts: bool) -> dict:
    """Rows for one timing file: the tracker's time, then the floor and each baseline against it."""
    size = path.stat().st_size
    results = timed_round_robin(("floor", "tracker", "pubmed_parser", "entrez"), path, repeats)
    ours = results["tracker"]
    if "error" in ours:
        out.row(f"{LABELS['tracker']}", f"error: {ours['error']}", "", False)
        return {"file_bytes": size, "results": results}
    best = min(ours["times"])
    out.row(f"{size / 1e6:.0f} MB, {ours['records']:,} records{what}: {LABELS['tracker']}",
            f"{best:.2f} s ({size / 1e6 / best:.0f} MB/s, {ours['records'] / best:,.0f} records/s; "
            f"peak RSS {ours['peak_rss_kb'] / 1024:.0f} MB)")
    for name in ("floor", "pubmed_parser", "entrez"):
        r = results[name]
        target = _target(name) if verdicts else (f"(info; {_target(name)})" if name in TARGETS else "")
        if "error" in r:
            out.row(f"  {LABELS[name]}", f"error: {r['error']}", target,
                    False if verdicts and name in TARGETS else None)
            continue
        theirs = min(r["times"])
        ratio = theirs / best
        if name == "floor":
            out.row(f"  {LABELS[name]}", f"{theirs:.2f} s: tracker takes {best / theirs:.2f}x the floor's time")
        else:
            out.row(f"  {LABELS[name]}", f"{theirs:.2f} s (peak RSS {r['peak_rss_kb'] / 1024:.0f} MB, "
                    f"{r['records']:,} records): tracker {ratio:.1f}x faster", target,
                    ratio >= TARGETS[name] if verdicts else None)
    return {"file_bytes": size, "records": ours["records"], "repeats": repeats, "results": results}


def run(quick: bool = False, **_) -> Outcome:
    out = Outcome("parse")
    timing_mb = 10 if quick else TIMING_MB
    memory_mb = 60 if quick else MEMORY_MB
    repeats = 1 if quick else REPEATS
    path, _ = cached_efetch_file(DATA_DIR, timing_mb)
    out.data["timing"] = timing(out, path, repeats, "", verdicts=True)
    # The same records without their reference lists (PubMed-average size): for information.
    light, _ = cached_efetch_file(DATA_DIR, 4 if quick else LIGHT_MB, references=False)
    out.data["timing_norefs"] = timing(out, light, LIGHT_REPEATS if not quick else 1, " without references",
                                       verdicts=False)

    big, big_records = cached_efetch_file(DATA_DIR, memory_mb)
    mem = child("tracker", big, 1)
    if "error" in mem:
        out.row(f"peak RSS parsing {memory_mb} MB", f"error: {mem['error']}", f"< {MEMORY_TARGET_MB} MB", False)
    else:
        peak = mem["peak_rss_kb"] / 1024
        out.row(f"{big.stat().st_size / 1e6:.0f} MB, {big_records:,} records: peak RSS of iter_efetch",
                f"{peak:.0f} MB (after imports {mem['rss_before_kb'] / 1024:.0f} MB; {mem['times'][0]:.1f} s)",
                f"< {MEMORY_TARGET_MB} MB", peak < MEMORY_TARGET_MB and mem["records"] == big_records)
        out.data["memory"] = {"file_bytes": big.stat().st_size, "records": big_records, **mem}
    out.notes.extend(correctness_notes())
    return out


def _target(name: str) -> str:
    return f">= {TARGETS[name]:g}x faster" if name in TARGETS else ""


def correctness_notes() -> list[str]:
    """What each parser makes of one cycle of the templates (8 records, one a book chapter)."""
    import builtins
    import io
    import tempfile
    import types

    pmids = list(range(FIRST_PMID, FIRST_PMID + len(TEMPLATES)))
    doc = efetch_document(pmids)
    mathml_pmid, rct_pmid = FIRST_PMID + 1, FIRST_PMID
    notes = [f"correctness on one cycle of the invented records ({len(pmids)} records, one PubmedBookArticle):"]

    from tracker.parse.pubmed import iter_efetch

    ours = {r.pmid: r for r in iter_efetch(doc)}
    notes.append(f"  tracker: {len(ours)}/{len(pmids)} records; MathML abstract: "
                 f"{_excerpt(ours[str(mathml_pmid)].abstract, 'as ')}; title: {ours[str(rct_pmid)].title[-40:]!r}")
    try:
        import pubmed_parser.medline_parser as medline

        medline.gzip = types.SimpleNamespace(open=builtins.open)
        with tempfile.NamedTemporaryFile(suffix=".xml") as f:
            f.write(doc)
            f.flush()
            theirs = {r["pmid"]: r for r in medline.parse_medline_xml(f.name)}
        notes.append(f"  pubmed_parser: {len(theirs)}/{len(pmids)} records (PubmedBookArticle dropped); "
                     f"MathML abstract: {_excerpt(theirs[str(mathml_pmid)]['abstract'], 'as ')} (formula text lost)")
    except Exception as exc:  # the baseline is optional for this note
        notes.append(f"  pubmed_parser: unavailable ({type(exc).__name__}: {exc})")
    try:
        from Bio import Entrez

        data = Entrez.read(io.BytesIO(doc))
        arts = {str(a["MedlineCitation"]["PMID"]): a for a in data["PubmedArticle"]}
        n = len(arts) + len(data["PubmedBookArticle"])
        math = str(arts[str(mathml_pmid)]["MedlineCitation"]["Article"]["Abstract"]["AbstractText"][0])
        title = str(arts[str(rct_pmid)]["MedlineCitation"]["Article"]["ArticleTitle"])
        notes.append(f"  Bio.Entrez.read: {n}/{len(pmids)} records; MathML kept as markup: "
                     f"{_excerpt(math, 'as ', 40)}; title keeps tags: {title[-46:]!r}")
    except Exception as exc:
        notes.append(f"  Bio.Entrez.read: unavailable ({type(exc).__name__}: {exc})")
    return notes


def _excerpt(text: str, after: str, width: int = 28) -> str:
    """The text following the first `after` in 'Clearance scaled with body weight as ...'."""
    anchor = "body weight " + after
    i = text.find(anchor)
    start = i + len(anchor) if i >= 0 else 0
    return repr(text[start : start + width])
