"""Harness: attacks on the newsletter, through the real pieces.

Placeholder injection. A Frontiers feed on the local HTTP server carries, in its links, titles,
abstracts and authors, every string an attacker could hope the sender fills with a reader's
unsubscribe address: the fixed placeholder the sender used to replace (docs/digest.md printed
it), its upper-case spelling, a guessed marker, the marker's bare prefix. The real Runner stores
the items; an editor features one paper and, after a first build, pastes that build's own
marker (it is public in edition.json) into its lay summary; the edition is built again and
`tracker digest send` mails it to three subscribers through a real SMTP server (aiosmtpd). In
every message each reader's token is in the template's unsubscribe link only, once per part,
and in no link the feed supplied.

Sign-up floods. The readers' pages run on a real HTTP server (werkzeug, behind_proxy as in
production, so X-Forwarded-For names the client) and the confirmation e-mails go to a real SMTP
server. One IPv6 /64 counts as one client however many of its addresses ask; plus-tagged and
re-cased spellings of one mailbox share that mailbox's 3 confirmation e-mails a day.
"""

from __future__ import annotations

import ipaddress
import random
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import digestdata
import newsletterdata as nd
import pytest
import requests
from bs4 import BeautifulSoup
from builders import config_with, frontiers_feed, frontiers_item
from httpserver import LocalServer, Reply
from smtpserver import SMTPServer

from tracker.config import load_config
from tracker.digest import UNSUBSCRIBE_PREFIX, build
from tracker.newsletter.subscribers import mailbox
from tracker.pipeline import Runner
from tracker.editors import add_editor
from tracker.review import Decision, decide, save_summary
from tracker.store import open_db
from tracker.web import create_app

EDITION = digestdata.EDITION
TODAY = date(2026, 11, 20)
SECRET = "newsletter-harness-secret-" + "n" * 32

OLD_PLACEHOLDER = "https://unsubscribe.invalid/TRACKER-UNSUBSCRIBE-URL"
BAITS = [
    OLD_PLACEHOLDER,
    OLD_PLACEHOLDER.upper(),
    f"{UNSUBSCRIBE_PREFIX}{'0' * 32}",  # a guessed marker
    UNSUBSCRIBE_PREFIX,
    "https://Unsubscribe.Invalid/",
]
THIEF = "https://evil.example/steal?next="


def bait_items() -> list[str]:
    items = []
    for n, bait in enumerate(BAITS):
        text = f"{bait} {THIEF}{bait}"
        items.append(frontiers_item(
            f"10.3389/fpsyt.2026.95{n:04d}", f"Psilocybin couple therapy, case {n}: {text}",
            description=f"Couples received psilocybin-assisted therapy. See {text}",
            authors=(f"Ada {bait}",), link=f"{THIEF}{bait}"))
    return items


def feed_config(server: LocalServer):
    return config_with([{"name": "frontiers-psychiatry", "type": "frontiers", "url": server.url + "/feed",
                         "requests_per_second": 1000, "retries": 1}],
                       base=digestdata.config(), ranking={"similar_per_paper": 0})


def marker_of(site: Path) -> str:
    return nd.marker(site, EDITION)


@dataclass
class Sent:
    tokens: dict[str, str]  # email -> unsubscribe token
    messages: dict[str, object]  # email -> the parsed message as received
    site: Path
    first_marker: str


@pytest.fixture(scope="module")
def sent(tmp_path_factory) -> Sent:
    folder = tmp_path_factory.mktemp("newsletter-harness")
    config_path = nd.write_config(folder)
    config = load_config(config_path)  # what digest send will render with
    db_path = folder / "tracker.db"
    db = open_db(db_path)
    add_editor(db, digestdata.EDITOR, digestdata.PASSWORD)
    with LocalServer() as server:
        server.route("/feed", Reply(200, frontiers_feed(*bait_items()), {"Content-Type": "application/xml"}))
        [outcome] = Runner(feed_config(server), db, today=TODAY, sleep=lambda s: None).run()
    assert outcome.ok and outcome.counts["new"] == len(BAITS), outcome.summary()
    ids = [row[0] for row in db.execute("SELECT id FROM papers ORDER BY id")]
    save_summary(db, ids[0], digestdata.SUMMARIES["framework"], digestdata.EDITOR)
    for pid in ids:
        decide(db, Decision(pid, digestdata.EDITOR, "approve", edition=EDITION), default_edition=EDITION)
    site = folder / "site"
    build(db, config, EDITION, site)
    first = marker_of(site)
    # The first build's marker is public (edition.json); an editor's text that quotes it gets
    # the next build a different marker, and is defanged anyway.
    summary = {**digestdata.SUMMARIES["framework"],
               "dek": digestdata.SUMMARIES["framework"]["dek"] + f" Old link: {THIEF}{first}"}
    save_summary(db, ids[0], summary, digestdata.EDITOR)
    build(db, config, EDITION, site)
    db.conn.close()

    rows = nd.add(db_path, "ann@example.org", "ben@example.org", "cleo@example.net")
    smtp = SMTPServer()
    try:
        run = nd.cli_runner(config_path, db_path)
        result = run("digest", "send", "--edition", EDITION, "--site", str(site), env={"TRACKER_SMTP_URL": smtp.url})
        assert result.exit_code == 0, result.output
        messages = {rcpts[0]: nd.parse(raw) for _, rcpts, raw in smtp.received}
    finally:
        smtp.stop()
    return Sent({r["email"]: r["token"] for r in rows}, messages, site, first)


def test_the_built_files_hold_the_marker_only_in_the_templates_slots(sent):
    marker = marker_of(sent.site)
    assert marker != sent.first_marker and re.fullmatch(re.escape(UNSUBSCRIBE_PREFIX) + "[0-9a-f]{32}", marker)
    for name in ("email.html", "digest.txt"):
        built = (sent.site / EDITION / name).read_text(encoding="utf-8")
        assert built.count(marker) == 1, name
        assert sent.first_marker not in built and OLD_PLACEHOLDER not in built
        assert "unsubscribe[.]invalid" in built.lower() and THIEF in built  # the bait shows, defanged


def test_every_reader_s_token_is_in_the_unsubscribe_link_only(sent):
    assert sorted(sent.messages) == sorted(sent.tokens)
    for email, msg in sent.messages.items():
        token = sent.tokens[email]
        url = f"https://news.example.org/unsubscribe/{token}"
        text, page = (part.get_content() for part in msg.iter_parts())
        assert text.count(token) == 1 and page.count(token) == 1, email
        assert [line.strip() for line in text.splitlines() if token in line] == [url]
        links = BeautifulSoup(page, "lxml").find_all("a", href=True)
        assert [a["href"] for a in links if token in a["href"]] == [url]
        stolen = [a["href"] for a in links if a["href"].startswith("https://evil.example/")]
        assert len(stolen) == len(BAITS)  # the feed's links are there, and lead nowhere personal
        assert url in msg["List-Unsubscribe"]
        assert not any(other in text + page for other in sent.tokens.values() if other != token)


# --- sign-up floods ------------------------------------------------------------------------------

@dataclass
class Public:
    url: str
    smtp: SMTPServer

    def subscribe(self, email: str, client: str) -> requests.Response:
        """A new visitor: load the form (its CSRF cookie and token), then send it, from `client`."""
        session = requests.Session()
        session.headers["X-Forwarded-For"] = client
        form = session.get(f"{self.url}/subscribe", timeout=10)
        token = BeautifulSoup(form.text, "lxml").find("input", {"name": "csrf_token"})["value"]
        return session.post(f"{self.url}/subscribe", data={"csrf_token": token, "email": email, "website": ""},
                            timeout=10)

    def mails_to_mailbox(self, address: str) -> int:
        return sum(1 for rcpt in self.smtp.recipients() if mailbox(rcpt) == mailbox(address))


@pytest.fixture
def public(tmp_path, monkeypatch, serve_app):
    smtp = SMTPServer()
    monkeypatch.setenv("TRACKER_SMTP_URL", smtp.url)
    app = create_app(tmp_path / "tracker.db", nd.write_config(tmp_path), secret_key=SECRET, behind_proxy=True)
    try:
        yield Public(serve_app(app), smtp)
    finally:
        smtp.stop()


def addresses_in(network: str, count: int, seed: int) -> list[str]:
    """`count` different addresses spread over an IPv6 network (what a host may use at will)."""
    net = ipaddress.ip_network(network)
    pick = random.Random(seed)
    return [str(net[pick.randrange(net.num_addresses)]) for _ in range(count)]


def test_a_flood_from_one_ipv6_slash_64_is_one_client(public):
    clients = addresses_in("2001:db8:77:1::/64", 25, seed=11)
    answers = [public.subscribe(f"reader{i}@example.org", client) for i, client in enumerate(clients)]
    assert [a.status_code for a in answers] == [200] * 10 + [429] * 15
    assert len(public.smtp.received) == 10
    neighbour = addresses_in("2001:db8:77:2::/64", 1, seed=12)[0]  # the next /64 is someone else
    assert public.subscribe("neighbour@example.org", neighbour).status_code == 200


def test_a_plus_tag_and_letter_case_flood_reaches_one_mailbox_three_times_a_day(public):
    spellings = [f"victim+{i}@example.org" for i in range(12)] + [
        "Victim@example.org", "VICTIM+x@EXAMPLE.ORG", "victim+a+b@Example.org", "victim@example.org"]
    clients = [str(ipaddress.ip_network(f"2001:db8:{i + 1:x}::/48")[i + 1]) for i in range(len(spellings))]
    answers = [public.subscribe(email, client) for email, client in zip(spellings, clients)]
    assert {a.status_code for a in answers} == {200}
    assert len({a.text for a in answers}) == 1  # the page never says the limit was reached
    assert public.mails_to_mailbox("victim@example.org") == 3
    assert public.subscribe("victim+1@example.net", "192.0.2.200").status_code == 200
    assert public.mails_to_mailbox("victim@example.net") == 1
