"""A local stand-in for E-utilities and journal feeds, for the ingest and rerun benchmarks.

Run as its own process (`python -m bench.server ...`, it prints `PORT <n>` when ready) so that
building responses does not compete with the tracker for the GIL. It answers like the real
services where the tracker depends on it:

  GET  /eutils/esearch.fcgi   by Entrez date window (mindate..maxdate, YYYY/MM/DD); Count is the
                              window's total, IdList at most retmax ids (newest PMID first), and a
                              WebEnv/QueryKey that efetch accepts.
  POST /eutils/efetch.fcgi    by `id=` list or by WebEnv + query_key + retstart + retmax;
                              a PubmedArticleSet built from bench.corpus.
  GET  /feeds/<name>/rss      a Frontiers-style RSS feed with an ETag; 304 to If-None-Match.
  GET  /_bench/log            every request served so far, as JSON (not itself logged).

Records: PMIDs FIRST_PMID .. FIRST_PMID+records-1, `per_day` of them per Entrez day counting back
from `today` (the newest PMIDs on the newest day). The esearch `term` selects a subset: "all",
"a" (PMID % 3 in 0, 1) or "b" (PMID % 3 in 1, 2), so two queries overlap on a third of the records.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from bench.corpus import FIRST_PMID, TEMPLATES, efetch_document

_SUBSETS = {
    "all": lambda p: True,
    "a": lambda p: p % 3 in (0, 1),
    "b": lambda p: p % 3 in (1, 2),
}


class Dataset:
    def __init__(self, records: int, per_day: int, today: date, feed_items: int):
        self.today = today
        self.feed_items = feed_items
        last = FIRST_PMID + records - 1
        # Day offset 0 (today) holds the newest PMIDs.
        self.by_day: dict[date, list[int]] = {}
        for pmid in range(last, FIRST_PMID - 1, -1):
            day = today - timedelta(days=(last - pmid) // per_day)
            self.by_day.setdefault(day, []).append(pmid)
        self.pmids = set(range(FIRST_PMID, last + 1))

    def search(self, term: str, start: date, end: date) -> list[int]:
        keep = _SUBSETS.get(term.strip(), _SUBSETS["all"])
        found = [p for day, pmids in self.by_day.items() if start <= day <= end for p in pmids if keep(p)]
        found.sort(reverse=True)
        return found

    def feed(self, name: str) -> bytes:
        """RSS items: every other one is also a PubMed record (same DOI), the rest feed-only."""
        items = []
        published = format_datetime(datetime(self.today.year, self.today.month, self.today.day, 8, 0))
        journal = name.replace("-", " ").title()
        rct = [p for p in sorted(self.pmids, reverse=True) if TEMPLATES[(p - FIRST_PMID) % len(TEMPLATES)].__name__ == "_rct"]
        for k in range(self.feed_items):
            if k % 2 == 0 and k // 2 < len(rct):
                doi = f"10.5555/bench.rct.{rct[k // 2]}"
                title = "Psilocybin-assisted therapy with a partner present for treatment-resistant depression"
            else:
                doi = f"10.5555/bench.feed.{name}.{k}"
                title = f"Relational factors in ketamine-assisted psychotherapy: invented feed item {k} of {name}"
            url = f"https://www.example.org/articles/{doi}"
            items.append(
                f"<item><guid isPermaLink=\"true\">{url}</guid><link>{url}</link>"
                f"<title><![CDATA[{title}]]></title><pubDate>{published}</pubDate>"
                f"<category>Original Research</category><author>Invented Author {k}</author>"
                f"<description><![CDATA[IntroductionCouples often ask to take part together in "
                f"psychedelic-assisted therapy. MethodsAn invented study of {20 + k} couples. "
                f"ResultsBoth partners reported closer communication. ConclusionsCouple therapy "
                f"deserves attention.]]></description>"
                f"<dc:identifier xmlns:dc=\"http://purl.org/dc/elements/1.1/\">doi:{escape(doi)}</dc:identifier>"
                f"</item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Frontiers in {journal} | New and Recent Articles</title>"
            f"<link>https://www.example.org/journals/{name}</link><description>Invented feed</description>"
            + "".join(items) + "</channel></rss>\n"
        ).encode()


def _date(value: str) -> date:
    return datetime.strptime(value, "%Y/%m/%d").date()


def make_handler(data: Dataset, log: list):
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the tracker's requests.Session expects

        def log_message(self, *args):
            pass

        def _send(self, status: int, body: bytes = b"", headers=None, content_type="text/xml; charset=UTF-8"):
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if body:
                self.wfile.write(body)

        def _log(self, **entry):
            with lock:
                log.append(entry)

        def do_GET(self):
            url = urlsplit(self.path)
            q = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if url.path == "/_bench/log":
                with lock:
                    body = json.dumps(log).encode()
                return self._send(200, body, content_type="application/json")
            if url.path == "/eutils/esearch.fcgi":
                start, end = _date(q["mindate"]), _date(q["maxdate"])
                found = data.search(q.get("term", ""), start, end)
                retstart, retmax = int(q.get("retstart", 0)), int(q.get("retmax", 20))
                ids = found[retstart : retstart + retmax]
                webenv = f"BENCH_{q.get('term', '').strip()}_{start.isoformat()}_{end.isoformat()}"
                body = (
                    '<?xml version="1.0" encoding="UTF-8" ?>\n'
                    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
                    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
                    f"<eSearchResult><Count>{len(found)}</Count><RetMax>{len(ids)}</RetMax>"
                    f"<RetStart>{retstart}</RetStart><QueryKey>1</QueryKey><WebEnv>{webenv}</WebEnv><IdList>"
                    + "".join(f"<Id>{p}</Id>" for p in ids)
                    + f"</IdList><TranslationSet/><QueryTranslation>{escape(q.get('term', ''))}</QueryTranslation>"
                    "</eSearchResult>\n"
                ).encode()
                self._log(method="GET", path=url.path, status=200, mindate=q["mindate"], maxdate=q["maxdate"],
                          term=q.get("term"), count=len(found), ids=len(ids))
                return self._send(200, body)
            if url.path.startswith("/feeds/") and url.path.endswith("/rss"):
                name = url.path.split("/")[2]
                etag = f'"bench-{name}-v1"'
                if self.headers.get("If-None-Match") == etag:
                    self._log(method="GET", path=url.path, status=304)
                    return self._send(304, headers={"ETag": etag})
                self._log(method="GET", path=url.path, status=200)
                return self._send(200, data.feed(name), headers={"ETag": etag},
                                  content_type="application/rss+xml; charset=utf-8")
            self._log(method="GET", path=url.path, status=404)
            self._send(404, b"not found", content_type="text/plain")

        def do_POST(self):
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if url.path != "/eutils/efetch.fcgi" or form.get("db") != "pubmed":
                self._log(method="POST", path=url.path, status=404)
                return self._send(404, b"not found", content_type="text/plain")
            if "id" in form:
                pmids = [int(p) for p in form["id"].split(",") if p.strip().isdigit()]
                pmids = [p for p in pmids if p in data.pmids]
            else:
                _, term, start, end = form["WebEnv"].split("_", 3)
                found = data.search(term, date.fromisoformat(start), date.fromisoformat(end))
                retstart, retmax = int(form.get("retstart", 0)), int(form.get("retmax", 20))
                pmids = found[retstart : retstart + retmax]
            self._log(method="POST", path=url.path, status=200, records=len(pmids),
                      by="id" if "id" in form else "history")
            self._send(200, efetch_document(pmids))

    return Handler


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.server")
    ap.add_argument("--records", type=int, default=20_000)
    ap.add_argument("--per-day", type=int, default=200)
    ap.add_argument("--today", default="2026-06-30")
    ap.add_argument("--feed-items", type=int, default=30)
    args = ap.parse_args(argv)
    data = Dataset(args.records, args.per_day, date.fromisoformat(args.today), args.feed_items)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(data, []))
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    # Stop when the parent closes our stdin (or dies).
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()

