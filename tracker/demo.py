"""`tracker demo`: the real pipeline, offline, against example responses served on 127.0.0.1.

The server answers like the real sources do where it matters: the feed carries an ETag and
answers 304 to a conditional GET, E-utilities answer esearch by GET and efetch by POST.
"""

from __future__ import annotations

import shlex
import tempfile
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import click

from .config import default_config_path, load_config, parse_config
from .errors import ConfigError, clip
from .pipeline import Runner
from .queries import list_papers
from .store import open_db

DATA = Path(__file__).resolve().parent / "demo_data"
FEED_ETAG = '"demo-feed-v1"'


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep the demo's output to what the tracker prints
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/xml; charset=utf-8", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/journals/psychiatry/rss":
            if self.headers.get("If-None-Match") == FEED_ETAG:
                return self._send(304)
            return self._send(200, (DATA / "frontiers-psychiatry.xml").read_bytes(), headers={"ETag": FEED_ETAG})
        if path == "/eutils/esearch.fcgi":
            return self._send(200, (DATA / "esearch.xml").read_bytes())
        self._send(404, b"not found", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        if urlsplit(self.path).path == "/eutils/efetch.fcgi" and form.get("db") == ["pubmed"]:
            return self._send(200, (DATA / "efetch.xml").read_bytes())
        self._send(404, b"not found", "text/plain")


def demo_config(base: str):
    """The shipped topics and scoring, with the sources pointed at the local server."""
    shipped = load_config(default_config_path()).model_dump()
    shipped["sources"] = [
        {"name": "frontiers-psychiatry", "type": "frontiers", "url": f"{base}/journals/psychiatry/rss"},
        {"name": "pubmed", "type": "pubmed", "query": "ketamine OR psilocybin OR MDMA OR couple therapy",
         "base_url": f"{base}/eutils/", "requests_per_second": 50},
    ]
    return parse_config(shipped, origin="demo config")


def _afterwards(db_path: Path, *, kept: bool) -> str:
    """What to do with the demo's database next: keep it, and browse it in the editors' web UI."""
    if not kept:
        return ("The database above is deleted now. To keep it, and browse it in the editors' web UI:\n"
                "  tracker demo --keep DIR\n"
                "  tracker --db DIR/demo.db editors add NAME    # asks for a password\n"
                "  tracker --db DIR/demo.db serve               # then log in at http://127.0.0.1:8000/")
    where = shlex.quote(str(db_path))
    return (f"The database is kept in {db_path}. To browse it in the editors' web UI:\n"
            f"  tracker --db {where} editors add NAME    # asks for a password\n"
            f"  tracker --db {where} serve               # then log in at http://127.0.0.1:8000/")


def run_demo(keep: str | None = None) -> int:
    if keep and (Path(keep) / "demo.db").exists():
        # its papers seen already, the second run's "nothing new" would be the first's too, and
        # an editor's approvals and summaries there would be mixed with a new demo's
        raise ConfigError(f"{Path(keep) / 'demo.db'} exists already (an earlier demo's): open it with "
                          f"tracker --db {shlex.quote(str(Path(keep) / 'demo.db'))} ..., or name a new folder "
                          "(or delete that one) to run the demo again")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    tmp = None if keep else tempfile.TemporaryDirectory(prefix="tracker-demo-")
    folder = Path(keep or tmp.name)
    try:
        config = demo_config(base)
        db_path = folder / "demo.db"
        db = open_db(db_path)
        click.echo(f"Serving example responses on {base}; database {db_path}\n")
        for attempt in ("first run", "second run (nothing new)"):
            click.echo(f"== tracker run, {attempt}")
            outcomes = Runner(config, db, today=date(2026, 11, 20)).run()
            for outcome in outcomes:
                click.echo("  " + outcome.summary())
            click.echo()
        click.echo("== tracker papers --status all")
        for p in list_papers(db, status="all", limit=20):
            topics = "; ".join(f"{k}: {', '.join(v)}" for k, v in p["topics"].items()) or "no topic"
            click.echo(f"  #{p['id']} score {p['score']:>5.1f} {p['status']:<15} {clip(p['title'], 70)}")
            click.echo(f"      seen by {', '.join(p['sources'])}; {topics}")
        click.echo()
        click.echo(_afterwards(db_path, kept=tmp is None))
        return 0 if all(o.ok for o in outcomes) else 1
    finally:
        server.shutdown()
        server.server_close()
        if tmp is not None:
            tmp.cleanup()
