"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
