"""One parser on one file, in a fresh process: `python -m bench._child PARSER PATH REPEATS`.

Prints one JSON line: the time of each repeat, the records read, and the process's resident
memory after imports and at its peak (VmHWM). Each parser runs in its own process so that one
parser's garbage (Entrez.read keeps the whole file as Python objects) cannot slow the next one,
and so that the peak memory belongs to that parser alone.
"""

from __future__ import annotations

import builtins
import gc
import json
import sys
import time
import types
from pathlib import Path


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def tracker_parser(path: str) -> int:
    from tracker.parse.pubmed import iter_efetch

    with open(path, "rb") as f:
        return sum(1 for _ in iter_efetch(f))


def floor_parser(path: str) -> int:
    from bench.floor import iter_floor

    with open(path, "rb") as f:
        return sum(1 for _ in iter_floor(f))


def pubmed_parser_parser(path: str) -> int:
    # parse_medline_xml opens its path with gzip.open, so it cannot read a plain efetch answer.
    # Give its module the built-in open instead (its parsing code is untouched); this spares it
    # the gunzip it would otherwise pay for, so the comparison is, if anything, in its favour.
    import pubmed_parser.medline_parser as medline

    medline.gzip = types.SimpleNamespace(open=builtins.open)
    return sum(1 for _ in medline.parse_medline_xml(path))


def entrez_parser(path: str) -> int:
    from Bio import Entrez

    with open(path, "rb") as f:
        data = Entrez.read(f)  # validate=True: the DTDs Biopython ships (pubmed_250101.dtd)
    n = len(data["PubmedArticle"]) + len(data["PubmedBookArticle"])
    del data
    return n


PARSERS = {
    "tracker": tracker_parser,
    "floor": floor_parser,
    "pubmed_parser": pubmed_parser_parser,
    "entrez": entrez_parser,
}


def _preload(name: str) -> None:
    """Import the parser's modules before timing, so imports are not counted."""
    if name == "tracker":
        import tracker.parse.pubmed  # noqa: F401
    elif name == "floor":
        import bench.floor  # noqa: F401
    elif name == "pubmed_parser":
        import pubmed_parser.medline_parser  # noqa: F401
    elif name == "entrez":
        from Bio import Entrez  # noqa: F401


def main() -> None:
    name, path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    _preload(name)
    gc.collect()
    rss_before = _rss_kb()
    times, count = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        count = PARSERS[name](path)
        times.append(time.perf_counter() - start)
        gc.collect()
    from bench import peak_rss_kb

    print(json.dumps({"parser": name, "times": times, "records": count,
                      "rss_before_kb": rss_before, "peak_rss_kb": peak_rss_kb()}))


if __name__ == "__main__":
    main()
