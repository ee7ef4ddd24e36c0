"""python -m bench [parse] [ingest] [rerun] [...] [--quick] [--profile]

Runs the named benchmarks (all of them by default: parse, ingest, rerun, then any other
bench/<name>.py that defines run()), prints one table with each target and PASS or
FAIL, writes the raw numbers to bench/results/latest.json, and exits 1 if any target failed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time

from bench import RESULTS_DIR, CpuWatch, Outcome, machine, print_table

CORE = ("parse", "ingest", "rerun")
HELPERS = {"corpus", "floor", "server"}


def _discover() -> tuple[str, ...]:
    """The three core benchmarks first, then any other bench/<name>.py with a top-level run()."""
    from bench import BENCH_DIR

    extra = sorted(
        p.stem for p in BENCH_DIR.glob("*.py")
        if not p.stem.startswith("_") and p.stem not in CORE and p.stem not in HELPERS
        and "\ndef run(" in p.read_text(encoding="utf-8")
    )
    return CORE + tuple(extra)


BENCHMARKS = _discover()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    ap.add_argument("names", nargs="*", metavar="NAME",
                    help=f"benchmarks to run: {', '.join(BENCHMARKS)} (default: all)")
    ap.add_argument("--quick", action="store_true",
                    help="a smoke test, not for the record: smaller parse files, one repeat, one ingest run")
    ap.add_argument("--profile", action="store_true",
                    help="ingest: also run once under cProfile and print the hot spots")
    args = ap.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        ap.error(f"unknown benchmark {', '.join(unknown)} (choose from {', '.join(BENCHMARKS)})")
    names = [n for n in BENCHMARKS if n in args.names] or list(BENCHMARKS)

    info = machine()
    print(f"machine: {info['nproc']} CPU(s), {info['cpu']}, {info['ram']} RAM; Python {info['python']}; "
          + ", ".join(f"{k} {v}" for k, v in info["versions"].items()), flush=True)
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        with CpuWatch() as watch:
            outcome = module.run(quick=args.quick, profile=args.profile)
        outcome.row("other load on the machine meanwhile", watch.describe())
        outcome.data["seconds"] = time.perf_counter() - t0
        outcome.data["other_cores_busy"] = watch.other_cores
        outcomes.append(outcome)
    total = time.perf_counter() - started

    print()
    print_table([row for o in outcomes for row in o.rows])
    notes = [n for o in outcomes for n in o.notes]
    if notes:
        print()
        print("\n".join(notes))
    failed = [o.name for o in outcomes if not o.passed]
    print()
    print(f"{len(names)} benchmark(s) in {total:.0f} s: "
          + (f"FAIL ({', '.join(failed)})" if failed else "all targets PASS"))

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "latest.json").write_text(json.dumps({
        "machine": info, "seconds": total,
        "benchmarks": {o.name: {"passed": o.passed, "rows": [r.__dict__ for r in o.rows], "data": o.data}
                       for o in outcomes},
    }, indent=2, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
