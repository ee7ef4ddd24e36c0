"""A small database for the web UI tests, stored through the tracker's own merge and scoring.

Every paper here is invented. One of them carries hostile markup in every text field and a
`javascript:` link, as a feed could deliver it; the web UI must show it as inert text.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from builders import save_paper

from tracker.config import Config, default_config_path, load_config
from tracker.editions import Week
from tracker.merge import Merger
from tracker.records import Record
from tracker.editors import add_editor
from tracker.score import Scorer
from tracker.store import open_db, transaction

PASSWORD = "correct horse battery"
EDITORS = ("alice", "bob")
HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
FILLERS = 60  # more candidates than one page (50)
# Psychedelic papers only (no relational terms, no "ketamine"): the filter and search tests
# count on exactly which papers match those.
FILLER_TEMPLATES = [
    ("Psilocybin therapy for major depression: follow-up of open-label cohort {n}",
     "Participants with major depression received two psilocybin sessions with psychological support.",
     "Example Reports in Medicine"),
    ("MDMA-assisted therapy for PTSD in veterans: outcomes at site {n}",
     "Veterans with PTSD received MDMA-assisted therapy; symptom scores fell at follow-up.",
     "Journal of Traumatic Examples"),
    ("Esketamine nasal spray in older adults with depression: naturalistic study {n}",
     "Older patients with depression received esketamine; tolerability and response are reported.",
     "Archives of Made-up Research"),
    ("Ayahuasca ceremonies and mental health: a survey of participants ({n})",
     "Participants who took part in ayahuasca ceremonies reported on mental health and well-being.",
     "Example Reports in Medicine"),
    ("Psilocybin for alcohol use disorder: secondary analysis {n} of a randomized trial",
     "Patients with alcohol use disorder received psilocybin therapy; drinking days decreased.",
     "Journal of Invented Studies"),
    ("Therapists' experiences of psychedelic-assisted therapy: interview study {n}",
     "Therapists described preparation, dosing sessions and integration in psychedelic therapy.",
     "Archives of Made-up Research"),
]


def config() -> Config:
    return load_config(default_config_path())


# A Sunday night seconds before the next edition, in the configured timezone: a test that read
# the clock twice (the app once, its assertion again) would see two weeks here.
FROZEN_NOW = datetime(2026, 11, 29, 23, 59, 58)


def freeze_week(monkeypatch) -> Week:
    """Week.current at FROZEN_NOW for the rest of the test, for the app (in this process, the
    test client or a server thread) and the test alike; returns that week."""
    real = Week.current.__func__
    monkeypatch.setattr(Week, "current", classmethod(lambda cls, timezone, now=None: real(cls, timezone, now or FROZEN_NOW)))
    return Week.current(config().timezone)


def build(db_path, cfg: Config | None = None) -> dict[str, int]:
    """Papers and editors; returns the ids of the named papers."""
    cfg = cfg or config()
    db = open_db(db_path)
    scorer = Scorer(cfg)
    ids: dict[str, int] = {}
    with transaction(db):
        frontiers = Merger(db, scorer, "frontiers-psychiatry", "frontiers", None)
        frontiers.now = "2026-11-16T07:00:00Z"
        ids["couples"] = save_paper(frontiers, Record(
            title="Psilocybin-assisted couple therapy for relationship distress: a pilot trial",
            abstract="Couples with relationship distress and depression received psilocybin-assisted "
                     "couple therapy. Relationship satisfaction improved in participants.",
            abstract_sections=[("Background", "Couples with relationship distress and depression received "
                                "psilocybin-assisted couple therapy."),
                               ("Results", "Relationship satisfaction improved in participants.")],
            doi="10.5555/web.couples", journal="Frontiers in Psychiatry", published="2026-11-14",
            authors=["Ada Example", "Ben Invented"], article_type="Original Research",
            url="https://www.frontiersin.org/articles/10.5555/web.couples", source_key="fr-couples"))
        ids["hostile"] = save_paper(frontiers, Record(
            title=f"{HOSTILE} Psilocybin therapy for depression {HOSTILE_IMG}",
            abstract=f"Participants with depression received psilocybin therapy. {HOSTILE} {HOSTILE_IMG} "
                     '<a href="javascript:alert(1)">click</a>',
            abstract_sections=[(HOSTILE, f"Participants received psilocybin therapy {HOSTILE_IMG}")],
            doi="10.5555/web.hostile", journal=f"Journal {HOSTILE_IMG}", published="2026-11-13",
            authors=[HOSTILE, "<b onmouseover=alert(1)>Bold</b>"], article_type=HOSTILE,
            keywords=[HOSTILE], url="javascript:alert(1)", source_key="fr-hostile"))

        pubmed = Merger(db, scorer, "pubmed", "pubmed", None)
        pubmed.now = "2026-11-02T07:00:00Z"
        ids["ketamine"] = save_paper(pubmed, Record(
            title="Ketamine infusions for treatment-resistant depression in outpatients",
            abstract="Patients with treatment-resistant depression received ketamine infusions; "
                     "depressive symptoms fell in most participants.",
            pmid="99100001", doi="10.5555/web.ketamine", journal="Journal of Invented Studies",
            published="2026-10", article_type="Randomized Controlled Trial", source_key="99100001"))
        ids["family"] = save_paper(pubmed, Record(
            title="Family therapy for adolescents with depression: a randomized trial",
            abstract="Family therapy sessions with parents reduced depressive symptoms in adolescents.",
            pmid="99100002", journal="Journal of Invented Studies", published="2026-09",
            article_type="Randomized Controlled Trial", source_key="99100002"))
        ids["sedation"] = save_paper(pubmed, Record(
            title="Ketamine versus propofol for procedural sedation in the emergency department",
            abstract="Procedural sedation with ketamine in the emergency department; airway events.",
            pmid="99100003", journal="Journal of Invented Studies", published="2026-08",
            source_key="99100003"))
        pubmed.now = "2026-10-05T07:00:00Z"
        for n in range(FILLERS):
            title, abstract, journal = FILLER_TEMPLATES[n % len(FILLER_TEMPLATES)]
            ids[f"filler{n}"] = save_paper(pubmed, Record(
                title=title.format(n=n + 1), abstract=abstract, pmid=str(99200000 + n), journal=journal,
                published=f"2026-{1 + n % 9:02d}", article_type="Journal Article", source_key=str(99200000 + n)))
    for name in EDITORS:
        add_editor(db, name, PASSWORD)
    db.conn.close()
    return ids


# -- helpers for the web UI tests ---------------------------------------------------------------

def copy_db(source: Path, target: Path) -> Path:
    """A private copy of a built database (each test may write to its own)."""
    db = open_db(source)
    db.conn.execute("VACUUM INTO ?", [str(target)])
    db.conn.close()
    return target


def csrf_token(html: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


class Editor:
    """A test client that can log in and post forms with the page's CSRF token."""

    def __init__(self, app, name: str | None = None):
        self.client = app.test_client()
        self.token = csrf_token(self.client.get("/login").text)
        if name:
            response = self.login(name)
            assert response.status_code == 302, response.text

    def login(self, name: str, password: str = PASSWORD, **extra):
        response = self.client.post("/login", data={"username": name, "password": password,
                                                    "csrf_token": self.token, **extra})
        page = self.client.get("/login")  # a new session gets a new token
        if page.status_code == 200:
            self.token = csrf_token(page.text)
        else:
            self.token = csrf_token(self.client.get("/").text)
        return response

    def get(self, url: str, **kw):
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, json: bool = False, **kw):
        headers = {"Accept": "application/json"} if json else {}
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, headers=headers, **kw)

    def decide(self, paper_id: int, action: str, expected: int | None = None, json: bool = False, **fields):
        if expected is None:
            expected = open_db(self.client.application.extensions["tracker"].db_path).execute(
                "SELECT last_decision FROM papers WHERE id = ?", [paper_id]).fetchone()[0]
        return self.post(f"/papers/{paper_id}/decide", {"action": action, "expected": expected, **fields}, json=json)


# Route arguments for walking every route of the app (tests/test_web.py's inventory).
SAMPLE_ARGS = {"paper_id": None, "edition": "2026-W48", "filename": "app.css", "fmt": "email", "check": "hype",
               "token": "sample-token-" + "t" * 30}


def every_route(app, ids):
    """(method, url, endpoint) for every rule the app has, with sample values for its arguments."""
    for rule in app.url_map.iter_rules():
        unknown = set(rule.arguments) - set(SAMPLE_ARGS)
        assert not unknown, f"{rule.rule}: give SAMPLE_ARGS in tests/webdata.py a sample value for {unknown}"
        values = {k: (ids["couples"] if k == "paper_id" else SAMPLE_ARGS[k]) for k in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url, rule.endpoint
