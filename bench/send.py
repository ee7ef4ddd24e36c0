"""The newsletter: `tracker digest send` of one edition to 1,000 subscribers over real SMTP.

A temporary database gets the digest benchmark's edition (30 papers, see bench/digest.py),
built into a site folder, and 1,000 active subscribers. A local SMTP server (aiosmtpd, on
127.0.0.1) accepts every message and counts it. The real command runs in a subprocess, as cron
would run it, with the rate limit raised out of the way (the relay's limit is not what is
measured): every message is claimed in the send log, sent over one reused connection and
confirmed. Then the same command runs again and must send nothing.

Target: 1,000 recipients in under 60 s, each exactly once.

    python -m bench.send      # this benchmark alone (needs aiosmtpd: pip install -e '.[test]')
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench import Outcome, run_alone

RECIPIENTS = 1_000
TARGET_S = 60.0
EDITION = "2026-W47"


class Counting:
    """An SMTP handler that accepts everything and counts who got what."""

    def __init__(self):
        self.lock = threading.Lock()
        self.recipients: Counter = Counter()
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.recipients.update(envelope.rcpt_tos)
            self.bytes += len(envelope.original_content or b"")
        return "250 2.0.0 Accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _prepare(folder: Path) -> tuple[Path, Path, Path]:
    import yaml

    from bench.digest import build_database
    from tracker.config import default_config_path, load_config
    from tracker.digest import build
    from tracker.store import open_db, transaction, utcnow
    from tracker.newsletter.subscribers import new_token

    data = yaml.safe_load(default_config_path().read_text(encoding="utf-8"))
    data["newsletter"] = {"public_url": "https://news.example.org/", "from_address": "news@example.org",
                          "rate_per_minute": 100_000}
    config = folder / "feeds.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    db_path = folder / "tracker.db"
    build_database(db_path)
    db = open_db(db_path)
    build(db, load_config(config), EDITION, folder / "site")
    now = utcnow()
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO subscribers (email, name, status, token, source, created, confirmed) "
            "VALUES (?, ?, 'active', ?, 'import', ?, ?)",
            [(f"reader{i:04d}@example.org", f"Reader Nº {i}", new_token(), now, now) for i in range(RECIPIENTS)])
    db.conn.close()
    return config, db_path, folder / "site"


def _send(config: Path, db_path: Path, site: Path, port: int) -> tuple[float, int, str]:
    env = {**os.environ, "TRACKER_SMTP_URL": f"smtp://127.0.0.1:{port}"}
    command = [sys.executable, "-m", "tracker", "--config", str(config), "--db", str(db_path), "digest", "send",
               "--edition", EDITION, "--site", str(site)]
    t0 = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - t0, done.returncode, done.stderr.strip()


def run(**_) -> Outcome:
    from aiosmtpd.controller import Controller

    out = Outcome("send")
    handler = Counting()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-send-") as tmp:
            config, db_path, site = _prepare(Path(tmp))
            size = (site / EDITION / "email.html").stat().st_size + (site / EDITION / "digest.txt").stat().st_size
            seconds, code, said = _send(config, db_path, site, port)
            got = dict(handler.recipients)
            again_s, again_code, again_said = _send(config, db_path, site, port)
            resent = sum(handler.recipients.values()) - sum(got.values())
    finally:
        controller.stop()
    once = len(got) == RECIPIENTS and set(got.values()) == {1}
    ok = code == 0 and once and seconds < TARGET_S
    out.row("edition", f"30 papers; e-mail {size / 1024:.0f} KiB (HTML + text) before encoding")
    out.row(f"send to {RECIPIENTS:,} subscribers (CLI, one SMTP connection)",
            f"{seconds:.1f} s ({RECIPIENTS / seconds:.0f} messages/s)", f"< {TARGET_S:g} s", ok)
    out.row("each recipient exactly once", "yes" if once else f"NO ({len(got)} distinct)", "yes", once)
    out.row("rerun: sends nothing", f"{resent} sent in {again_s:.1f} s", "0", resent == 0 and again_code == 0)
    if code != 0:
        out.notes.append(f"first run exited {code}: {said}")
    out.data = {"recipients": RECIPIENTS, "seconds": seconds, "rerun_seconds": again_s,
                "bytes_received": handler.bytes, "exit_codes": [code, again_code], "summary": said}
    return out


def main() -> int:
    """Run the send benchmark alone: python -m bench.send"""
    return run_alone("send", run)


if __name__ == "__main__":
    sys.exit(main())
