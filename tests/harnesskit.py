"""Helpers the harness tests share: peak memory of a block, and every stored value in a database."""

from __future__ import annotations

import gc
import re
import sqlite3
import tracemalloc
from pathlib import Path

MB = 1024 * 1024
_CLEAR_REFS = Path("/proc/self/clear_refs")
_STATUS = Path("/proc/self/status")


def _status_kib(field: str) -> int | None:
    try:
        match = re.search(rf"^{field}:\s+(\d+) kB", _STATUS.read_text(), re.M)
    except OSError:
        return None
    return int(match.group(1)) if match else None


def _reset_rss_peak() -> bool:
    """Reset the process's peak resident set (VmHWM) to its current size (Linux >= 4.0)."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return _status_kib("VmHWM") is not None


class MemoryPeak:
    """Peak memory used while the block runs, in bytes.

    `traced` is the peak of Python allocations (tracemalloc); `rss` is how far the resident
    set rose above where it started, which also sees what C libraries (libxml2, expat, zlib)
    allocate. `rss` is None where the peak cannot be reset (not Linux). `peak` is the larger.
    """

    def __init__(self, trace: bool = True):
        self.trace = trace
        self.traced = 0
        self.rss: int | None = None

    def __enter__(self) -> MemoryPeak:
        gc.collect()
        self._rss_ok = _reset_rss_peak()
        self._rss_start = _status_kib("VmRSS") if self._rss_ok else None
        if self.trace:
            tracemalloc.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.trace:
            self.traced = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        if self._rss_ok and self._rss_start is not None:
            high = _status_kib("VmHWM")
            self.rss = max(0, (high - self._rss_start) * 1024) if high is not None else None

    @property
    def peak(self) -> int:
        return max(self.traced, self.rss or 0)

    def __str__(self) -> str:
        rss = f"{self.rss / MB:.1f} MB" if self.rss is not None else "n/a"
        return f"python peak {self.traced / MB:.1f} MB, resident growth {rss}"


def stored_values(db_path: str | Path):
    """(table, column, value) for every non-NULL text or blob value of every table, FTS and
    internal tables included, read through a fresh connection."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            try:
                columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            except sqlite3.Error:
                continue
            for column in columns:
                try:
                    rows = conn.execute(f'SELECT "{column}" FROM "{table}"').fetchall()
                except sqlite3.Error:
                    continue  # an FTS virtual table's hidden columns
                for (value,) in rows:
                    if isinstance(value, (str, bytes)):
                        yield table, column, value
    finally:
        conn.close()


def find_in_database(db_path: str | Path, needle: str) -> list[str]:
    """Where `needle` (case-insensitive) occurs: in any stored value, or anywhere in the
    database file and its WAL as raw bytes. Empty if nowhere."""
    low = needle.lower()
    hits = []
    for table, column, value in stored_values(db_path):
        text = value.lower() if isinstance(value, str) else value.lower().decode("latin-1")
        if low in text:
            hits.append(f"{table}.{column}")
    for suffix in ("", "-wal"):
        path = Path(f"{db_path}{suffix}")
        if path.exists() and low.encode() in path.read_bytes().lower():
            hits.append(path.name)
    return hits


def longest_stored_text(db_path: str | Path) -> int:
    return max((len(v) for _, _, v in stored_values(db_path)), default=0)


def gzip_bomb(inflated: int = 1 << 30) -> bytes:
    """A valid single-member gzip stream of `inflated` zero bytes, about 1 MB on the wire (the
    same construction as tests/test_http.py: after a full flush every 1 MiB block compresses to
    the same bytes, so two blocks are compressed and the second repeated)."""
    import struct
    import zlib

    block = b"\0" * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(inflated >> 20):
        crc = zlib.crc32(block, crc)
    return first + again * ((inflated >> 20) - 1) + b"\x03\x00" + struct.pack("<II", crc, inflated & 0xFFFFFFFF)
