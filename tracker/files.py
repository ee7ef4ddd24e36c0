"""Atomic file writes: a reader sees the old file or the new one, never half of one; and the
JSON metadata files of a site's folders read back."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def write_atomic(path: Path, data: bytes, *, mode: int | None = 0o644, skip_same: bool = True) -> bool:
    """Write through a temporary file in the same folder, fsync'd, then os.replace'd over `path`.

    mode: the file's permissions (None keeps mkstemp's private 0600). With skip_same, a file that
    already holds exactly these bytes is left alone and False is returned.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if skip_same:
        try:
            if path.read_bytes() == data:
                return False
        except OSError:
            pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)
    return True


def _fsync_dir(folder: Path) -> None:
    # The rename itself is durable only once the folder's entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_metas(folder: Path, filename: str, name_ok, key: str) -> list[dict]:
    """The JSON mapping `filename` of each subfolder of `folder` whose name passes `name_ok` and
    equals the mapping's `key`, in folder order; an unreadable one is logged and skipped."""
    found = []
    for child in sorted(folder.iterdir()) if folder.is_dir() else []:
        meta = child / filename
        if not (child.is_dir() and name_ok(child.name) and meta.is_file()):
            continue
        try:
            item = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("skipping %s: %s", meta, exc)
            continue
        if isinstance(item, dict) and item.get(key) == child.name:
            found.append(item)
    return found
