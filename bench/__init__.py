"""Benchmarks for the tracker (not tests: pytest only collects tests/).

    python -m bench            # every benchmark, one table
    python -m bench parse      # or: ingest, rerun (several may be named)

Each benchmark prints its target and PASS or FAIL against it; docs/benchmarks.md explains what is
measured and records a run. Generated inputs go to bench/data/ and the last results to
bench/results/ (both gitignored).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# Kept light on purpose: every `python -m bench.<child>` imports this package first, and the
# memory benchmark's child must not carry the weight of modules it does not use.

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
RESULTS_DIR = BENCH_DIR / "results"
REPO = BENCH_DIR.parent


@dataclass
class Row:
    """One line of the results table. `ok` is None for a figure that has no target of its own."""

    bench: str
    measure: str
    value: str
    target: str = ""
    ok: bool | None = None


@dataclass
class Outcome:
    name: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # raw numbers, for bench/results/latest.json

    def row(self, measure: str, value: str, target: str = "", ok: bool | None = None) -> None:
        self.rows.append(Row(self.name, measure, value, target, ok))

    @property
    def passed(self) -> bool:
        return all(r.ok is not False for r in self.rows)


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "FAIL")


def print_table(rows: list[Row], out=sys.stdout) -> None:
    header = ("benchmark", "measure", "result", "target", "")
    lines = [header] + [(r.bench, r.measure, r.value, r.target, verdict(r.ok)) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for i, line in enumerate(lines):
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip(), file=out)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=out)


def run_alone(name: str, run) -> int:
    """Run one benchmark on its own (python -m bench.NAME): its table, notes and verdict."""
    out = run()
    print_table(out.rows)
    for note in out.notes:
        print(note)
    print(f"{name}: {verdict(out.passed)}")
    return 0 if out.passed else 1


def machine() -> dict:
    """What the numbers were measured on."""
    import platform
    import sqlite3
    from importlib import metadata

    from lxml import etree

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = {}
    for dist in ("lxml", "biopython", "pubmed_parser", "requests", "sqlite-utils", "tracker"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    versions["libxml2"] = ".".join(map(str, etree.LIBXML_VERSION))
    versions["sqlite"] = sqlite3.sqlite_version
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


class CpuWatch:
    """How busy the machine was with *other* processes while a benchmark ran.

    /proc/stat counts every CPU's busy time; this process and its waited-for children
    (os.times) account for part of it, and the rest belongs to something else. Other sessions
    running tests on the same two cores make every time here longer: the table says so.
    """

    def __enter__(self):
        import time

        self._t = time.perf_counter()
        self._busy = _busy_seconds()
        self._own = _own_seconds()
        return self

    def __exit__(self, *exc):
        import time

        self.wall = time.perf_counter() - self._t
        busy = _busy_seconds() - self._busy if self._busy is not None else 0.0
        own = _own_seconds() - self._own
        self.other_cores = max(0.0, busy - own) / self.wall if self.wall else 0.0
        return False

    def describe(self) -> str:
        return f"{self.other_cores:.2f} of {os.cpu_count()} cores busy with other processes"


def _busy_seconds() -> float | None:
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except (OSError, IndexError):
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def peak_rss_kb() -> int:
    """This process's peak resident set size (VmHWM), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@contextmanager
def local_server(**options):
    """Start bench.server in its own process; yields (base_url, log()) and stops it after."""
    import json
    import subprocess
    from urllib.request import urlopen

    args = [sys.executable, "-m", "bench.server"]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    proc = subprocess.Popen(args, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"bench.server did not start (said {line!r})")
        base = f"http://127.0.0.1:{int(line.split()[1])}"

        def log() -> list[dict]:
            with urlopen(base + "/_bench/log", timeout=30) as resp:
                return json.loads(resp.read())

        yield base, log
    finally:
        proc.stdin.close()  # the server shuts down when its stdin closes
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def write_config(path: Path, sources: list[dict]) -> Path:
    """A feeds.yaml with the shipped topics and scoring and these sources."""
    import yaml

    from tracker.config import default_config_path

    shipped = yaml.safe_load(default_config_path().read_text(encoding="utf-8"))
    shipped["sources"] = sources
    path.write_text(yaml.safe_dump(shipped, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
