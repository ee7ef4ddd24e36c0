"""The readers' pages through Flask's test client (CSRF on), with a real SMTP server on 127.0.0.1
for the confirmation e-mails: double opt-in (the link's page asks, its button confirms), no-reveal
answers, honeypot, rate limits, and the unsubscribe page (GET asks, POST unsubscribes: one click,
no cookie, no token, 200, idempotent)."""

from __future__ import annotations

import re
from contextlib import contextmanager

import newsletterdata as nd
import pytest
from bs4 import BeautifulSoup
from smtpserver import SMTPServer

from tracker.newsletter import subscribers
from tracker.newsletter.send import recipients
from tracker.store import open_db
from tracker.web import create_app
from tracker.web.public import client_key

SECRET = "test-secret-key-" + "x" * 32


@pytest.fixture
def smtp(smtp, monkeypatch):
    """conftest's SMTP server, the one TRACKER_SMTP_URL names."""
    monkeypatch.setenv("TRACKER_SMTP_URL", smtp.url)
    return smtp


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "tracker.db"


@pytest.fixture
def app(tmp_path, db_path, smtp):
    return create_app(db_path, nd.write_config(tmp_path), secret_key=SECRET, testing=True)


def form_token(client) -> str:
    page = client.get("/subscribe")
    return BeautifulSoup(page.text, "lxml").find("input", {"name": "csrf_token"})["value"]


def subscribe(app, email: str, client_address: str = "192.0.2.1", **extra):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = client_address
    return client.post("/subscribe", data={"csrf_token": form_token(client), "email": email, "website": "", **extra})


def mails_to(smtp, address: str) -> list:
    return [nd.parse(raw) for _, rcpts, raw in smtp.received if address in rcpts]


def row(db_path, email: str) -> dict | None:
    return subscribers.get(open_db(db_path), email)


def confirm_link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"https://news\.example\.org(/confirm/[A-Za-z0-9_-]+)", text).group(1)


def confirm(app, link: str):
    """What a person does: open the link, press the page's button (its form carries a CSRF token)."""
    client = app.test_client()
    page = client.get(link)
    assert page.status_code == 200, page.text
    form = BeautifulSoup(page.text, "lxml").find("form")
    assert form["method"] == "post" and not form.get("action")  # posts back to the link itself
    return client.post(link, data={"csrf_token": form.find("input", {"name": "csrf_token"})["value"]})


# -- subscribe ----------------------------------------------------------------------------------

def test_the_form_needs_no_login_and_has_a_token_a_label_and_a_hidden_honeypot(app):
    page = app.test_client().get("/subscribe")
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    soup = BeautifulSoup(page.text, "lxml")
    form = soup.find("form")
    assert form["method"] == "post" and not form.get("action")  # posts back to wherever it is served
    assert form.find("input", {"name": "csrf_token"})["value"]
    assert soup.find("label", {"for": "email"}) and form.find("input", {"name": "email"})["type"] == "email"
    trap = form.find("input", {"name": "website"})
    assert trap.find_parent(class_="hp")["aria-hidden"] == "true" and trap["tabindex"] == "-1"
    assert soup.find("link", rel="stylesheet")["href"] == "static/public.css"
    assert app.test_client().get("/static/public.css").status_code == 200
    assert len(soup.find_all("h1")) == 1 and soup.html["lang"] == "en"


def test_double_opt_in_the_link_in_the_e_mail_activates_the_address(app, smtp, db_path):
    answer = subscribe(app, "Sam@Example.ORG")
    assert answer.status_code == 200 and "Please check your e-mail" in answer.text
    assert row(db_path, "Sam@example.org")["status"] == "pending"
    assert recipients(open_db(db_path), nd.EDITION) == []  # pending: no edition goes to them

    [mail] = mails_to(smtp, "Sam@example.org")
    assert mail["Subject"] == "Please confirm: The Relational Psychedelic Research Digest"
    assert mail["From"].addresses[0].display_name == nd.FROM_NAME
    link = confirm_link(mail)
    assert link in mail.get_body(("html",)).get_content()

    asked = app.test_client().get(link)  # the link's page asks, and changes nothing
    assert asked.status_code == 200 and "Confirm your subscription" in asked.text
    assert "Sam@example.org" in asked.text and "Yes, subscribe me" in asked.text
    assert row(db_path, "Sam@example.org")["status"] == "pending"

    page = confirm(app, link)
    assert page.status_code == 200 and "You're subscribed" in page.text
    subscriber = row(db_path, "Sam@example.org")
    assert subscriber["status"] == "active" and subscriber["confirmed"]
    assert f"../unsubscribe/{subscriber['token']}" in page.text
    assert [r["email"] for r in recipients(open_db(db_path), nd.EDITION)] == ["Sam@example.org"]

    for again in (app.test_client().get(link), app.test_client().post(link)):  # the link works once
        assert again.status_code in (400, 404) and "You're subscribed" not in again.text
    assert app.test_client().get(link).status_code == 404
    assert "does not work any more" in app.test_client().get(link).text
    assert row(db_path, "Sam@example.org")["status"] == "active"


def test_a_mail_scanner_that_opens_the_link_subscribes_no_one(app, smtp, db_path):
    subscribe(app, "sam@example.org")
    link = confirm_link(mails_to(smtp, "sam@example.org")[0])
    scanner = app.test_client()
    for _ in range(3):
        assert scanner.get(link).status_code == 200
        assert scanner.head(link).status_code == 200
    assert row(db_path, "sam@example.org")["status"] == "pending"
    # A POST without the page's token (a scanner, or another site's form) is refused, and says so.
    forged = app.test_client().post(link)
    assert forged.status_code == 400 and "open the link in our e-mail again" in forged.text
    assert row(db_path, "sam@example.org")["status"] == "pending"
    assert recipients(open_db(db_path), nd.EDITION) == []
    assert confirm(app, link).status_code == 200  # the person's click still works afterwards
    assert row(db_path, "sam@example.org")["status"] == "active"


def test_a_confirmation_link_expires(app, smtp, db_path):
    subscribe(app, "sam@example.org")
    link = confirm_link(mails_to(smtp, "sam@example.org")[0])
    client = app.test_client()
    token = BeautifulSoup(client.get(link).text, "lxml").find("input", {"name": "csrf_token"})["value"]
    open_db(db_path).execute("UPDATE subscribers SET confirm_sent = '2020-01-01T00:00:00Z'")
    assert app.test_client().get(link).status_code == 404
    assert client.post(link, data={"csrf_token": token}).status_code == 404  # expired while the page was open
    assert row(db_path, "sam@example.org")["status"] == "pending"
    assert app.test_client().get("/confirm/made-up").status_code == 404


def test_the_answer_never_tells_whether_an_address_is_subscribed(app, smtp, db_path):
    nd.add(db_path, "pending@example.org", status="pending")
    nd.add(db_path, "active@example.org")
    nd.add(db_path, "gone@example.org", status="unsubscribed")
    nd.add(db_path, "bounced@example.org", status="bounced")
    addresses = ["new@example.org", "pending@example.org", "active@example.org", "gone@example.org",
                 "bounced@example.org"]
    answers = [subscribe(app, a, client_address=f"192.0.2.{i}") for i, a in enumerate(addresses)]
    assert {a.status_code for a in answers} == {200}
    assert len({a.text for a in answers}) == 1  # the very same page
    assert len({tuple(sorted(a.headers.keys())) for a in answers}) == 1
    for address in addresses:  # the same work behind each: exactly one e-mail
        assert len(mails_to(smtp, address)) == 1, address

    already = mails_to(smtp, "active@example.org")[0]
    assert already["Subject"] == "You already get The Relational Psychedelic Research Digest"
    assert "/confirm/" not in already.get_body(("plain",)).get_content()
    # Nobody's status changed by a stranger's request; a click in the e-mail is needed.
    assert row(db_path, "gone@example.org")["status"] == "unsubscribed"
    assert row(db_path, "bounced@example.org")["status"] == "bounced"
    confirm(app, confirm_link(mails_to(smtp, "gone@example.org")[0]))
    assert row(db_path, "gone@example.org")["status"] == "active"


def test_the_honeypot_answers_like_success_and_does_nothing(app, smtp, db_path):
    answer = subscribe(app, "victim@example.org", website="http://spam.example")
    assert answer.status_code == 200 and "Please check your e-mail" in answer.text
    assert row(db_path, "victim@example.org") is None and smtp.received == []


def test_an_address_gets_at_most_three_e_mails_a_day_and_a_client_ten_sign_ups_an_hour(app, smtp, db_path):
    answers = [subscribe(app, "victim@example.org", client_address=f"198.51.100.{i}") for i in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert len({a.text for a in answers}) == 1  # the limit is not announced for an address
    assert len(mails_to(smtp, "victim@example.org")) == 3

    flood = [subscribe(app, f"person{i}@example.org", client_address="203.0.113.9") for i in range(11)]
    assert [a.status_code for a in flood] == [200] * 10 + [429]
    assert "Please try again later" in flood[-1].text
    assert row(db_path, "person10@example.org") is None
    assert subscribe(app, "person10@example.org", client_address="203.0.113.10").status_code == 200
    stored = open_db(db_path).execute("SELECT email_hash FROM subscribe_attempts").fetchall()
    assert not any("@" in h for (h,) in stored)  # hashed, not the addresses themselves


def test_one_ipv6_slash_64_is_one_client(app, smtp, db_path):
    # A host or a home line gets a whole /64: each of its addresses is not a new client.
    flood = [subscribe(app, f"person{i}@example.org", client_address=f"2001:db8:1:2::{i:x}") for i in range(1, 26)]
    assert [a.status_code for a in flood] == [200] * 10 + [429] * 15
    assert len(smtp.received) == 10
    assert subscribe(app, "other@example.org", client_address="2001:db8:1:3::1").status_code == 200
    # An IPv4 client seen through an IPv6 socket is that IPv4 address.
    mapped = [subscribe(app, f"m{i}@example.org", client_address="::ffff:198.51.100.7") for i in range(10)]
    assert [a.status_code for a in mapped] == [200] * 10
    assert subscribe(app, "m10@example.org", client_address="198.51.100.7").status_code == 429


@pytest.mark.parametrize("remote, client", [
    ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
    ("[2001:db8:1:2::9]:443", "2001:db8:1:2::/64"),
    ("fe80::1%eth0", "fe80::/64"),
    ("::ffff:198.51.100.7", "198.51.100.7"),
    ("198.51.100.7:5000", "198.51.100.7"),
    ("198.51.100.7", "198.51.100.7"),
    (None, "unknown"),
])
def test_client_keys(remote, client):
    assert client_key(remote) == client


def test_plus_tags_and_letter_case_do_not_make_a_new_mailbox(app, smtp, db_path):
    tagged = ["victim+1@example.org", "Victim+2@example.org", "VICTIM@example.org", "victim+x+y@Example.ORG",
              "victim@example.org"]
    answers = [subscribe(app, e, client_address=f"198.51.100.{i}") for i, e in enumerate(tagged)]
    assert len({(a.status_code, a.text) for a in answers}) == 1  # the limit is not announced
    assert len(smtp.received) == 3  # at most 3 confirmation mails a day to one mailbox
    assert subscribe(app, "victim+1@example.net", client_address="198.51.100.99").status_code == 200
    assert len(smtp.received) == 4  # another domain, another mailbox


def test_a_client_over_its_limit_does_not_use_up_a_mailboxs_confirmations(app, smtp, db_path):
    for i in range(10):
        subscribe(app, f"person{i}@example.org", client_address="203.0.113.9")
    refused = [subscribe(app, "victim@example.org", client_address="203.0.113.9") for i in range(5)]
    assert {a.status_code for a in refused} == {429} and mails_to(smtp, "victim@example.org") == []
    assert subscribe(app, "victim@example.org", client_address="192.0.2.77").status_code == 200
    assert len(mails_to(smtp, "victim@example.org")) == 1


def test_an_invalid_address_is_shown_again_escaped_with_a_kind_message(app, smtp, db_path):
    answer = subscribe(app, '"><script>alert(1)</script>')
    assert answer.status_code == 400
    assert "doesn't look like an e-mail address" in answer.text
    assert "<script>" not in answer.text and "&lt;script&gt;" in answer.text
    assert open_db(db_path)["subscribers"].count == 0 and smtp.received == []


def test_a_post_without_the_form_token_is_refused_kindly(app, smtp, db_path):
    answer = app.test_client().post("/subscribe", data={"email": "sam@example.org"})
    assert answer.status_code == 400 and "Please try again" in answer.text
    assert "sign-up page" in answer.text and "queue" not in answer.text  # the readers' page, not the editors'
    assert open_db(db_path)["subscribers"].count == 0 and smtp.received == []


def test_when_the_e_mail_cannot_be_sent_the_reader_is_told_to_try_later(app, db_path, monkeypatch):
    closed = SMTPServer()
    closed.stop()
    monkeypatch.setenv("TRACKER_SMTP_URL", closed.url)
    answer = subscribe(app, "sam@example.org")
    assert answer.status_code == 503 and "We could not send the e-mail" in answer.text


def test_a_relay_that_never_answers_holds_a_sign_up_only_seconds_not_a_worker_for_a_minute(app, db_path, monkeypatch):
    """A relay that takes the connection and then says nothing: the sign-up gives up after the
    web's own short timeout (a WSGI worker is held meanwhile), not the sends' minute."""
    import socket
    import time

    from tracker.web import public

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts (the kernel does), never greets
    monkeypatch.setenv("TRACKER_SMTP_URL", f"smtp://127.0.0.1:{silent.getsockname()[1]}")
    assert public.SIGNUP_SMTP_TIMEOUT <= 10  # the shipped value: well under gunicorn's 30 s a worker
    monkeypatch.setattr(public, "SIGNUP_SMTP_TIMEOUT", 0.5)
    try:
        started = time.monotonic()
        answer = subscribe(app, "sam@example.org")
        assert answer.status_code == 503 and "We could not send the e-mail" in answer.text
        assert time.monotonic() - started < 5
    finally:
        silent.close()


@contextmanager
def relay_that(behave, monkeypatch, *, step: float = 1.0, within: float = 1.0):
    """A relay on 127.0.0.1 that answers its one connection as `behave(conn)` does, named by
    TRACKER_SMTP_URL, with a sign-up given `step` seconds a step and `within` in all."""
    import socket
    import threading

    from tracker.web import public

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)

    def serve():
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            try:
                behave(conn)
            except OSError:
                pass

    threading.Thread(target=serve, daemon=True).start()
    monkeypatch.setenv("TRACKER_SMTP_URL", f"smtp://127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.setattr(public, "SIGNUP_SMTP_TIMEOUT", step)
    monkeypatch.setattr(public, "SIGNUP_SMTP_WITHIN", within)
    try:
        yield
    finally:
        listener.close()


def taking_the_message(then):
    """A relay's behaviour (for relay_that): greet, say yes to every command, take the message
    whole, then answer its final "." as `then(conn)` does."""
    def behave(conn):
        conn.sendall(b"220 relay\r\n")
        reader = conn.makefile("rb")
        for line in reader:
            if line.upper().startswith(b"DATA"):
                conn.sendall(b"354 go on\r\n")
                for body in reader:
                    if body == b".\r\n":
                        break
                then(conn)
                return
            conn.sendall(b"250 ok\r\n")
    return behave


def test_a_relay_slow_at_every_step_holds_a_sign_up_no_longer_than_its_budget(app, db_path, monkeypatch):
    """Each answer in time, all of them together too slow: the per-step timeout alone let a relay
    that took 7 s a step hold a worker for 49 s."""
    import time

    from tracker.web import public

    def slow(conn):  # answers every line, each after 0.3 s
        time.sleep(0.3)
        conn.sendall(b"220 slow relay\r\n")
        for line in conn.makefile("rb"):
            time.sleep(0.3)
            conn.sendall(b"250 ok\r\n" if not line.upper().startswith(b"DATA") else b"354 go on\r\n")

    assert public.SIGNUP_SMTP_WITHIN <= 20  # the shipped budget: well inside gunicorn's 30 s
    with relay_that(slow, monkeypatch, step=1.0, within=1.0):  # every step in time, not all of them
        started = time.monotonic()
        answer = subscribe(app, "sam@example.org")
        assert answer.status_code == 503 and time.monotonic() - started < 3


def test_a_relay_that_trickles_its_answer_is_cut_off_when_the_sign_up_s_time_is_up(app, db_path, monkeypatch):
    """Each byte in time, a line taking for ever: the per-step timeout never fired (11 s for a
    budget of 2); the budget now shuts the connection when it is spent."""
    import time

    def trickling(conn):  # greets at once, then answers EHLO a byte every 0.2 s, for ever
        conn.sendall(b"220 relay\r\n")
        conn.recv(1024)
        for _ in range(200):
            conn.sendall(b"2")
            time.sleep(0.2)

    with relay_that(trickling, monkeypatch, step=1.0, within=1.0):
        started = time.monotonic()
        answer = subscribe(app, "sam@example.org")
        assert answer.status_code == 503 and time.monotonic() - started < 4


def test_a_relay_that_trickles_its_greeting_is_cut_off_too(app, db_path, monkeypatch):
    import time

    def trickling_greeting(conn):  # the 220 line a byte every 0.2 s, for ever
        for _ in range(200):
            conn.sendall(b"2")
            time.sleep(0.2)

    with relay_that(trickling_greeting, monkeypatch, step=1.0, within=1.0):
        started = time.monotonic()
        assert subscribe(app, "sam@example.org").status_code == 503 and time.monotonic() - started < 4


def test_a_confirmation_sent_whole_but_never_answered_is_not_called_unsent(app, db_path, monkeypatch):
    """The relay took the whole message and trickles its answer: after the grace the page says to
    check the inbox (the e-mail may well be there), not to sign up again, which would send a second."""
    import time

    from tracker.newsletter import transport

    def never_ending(conn):  # the answer to the final "." never ends: a line of it every 0.2 s
        for _ in range(200):
            conn.sendall(b"250-still thinking\r\n")
            time.sleep(0.2)

    monkeypatch.setattr(transport, "ANSWER_GRACE", 1.0)
    with relay_that(taking_the_message(then=never_ending), monkeypatch, step=1.0, within=2.0):
        started = time.monotonic()
        answer = subscribe(app, "sam@example.org")
        assert answer.status_code == 200 and "Please check your e-mail" in answer.text and time.monotonic() - started < 6


def test_an_answer_cut_off_part_way_after_the_message_is_uncertain_not_a_failure(app, db_path, monkeypatch):
    """'2' of '250 queued' when the time ran out: smtplib reads it as a code of 2; the message may
    have been taken, so the reader is not told to sign up again."""
    import time

    from tracker.newsletter import transport

    def slow_250(conn):
        conn.sendall(b"2")
        time.sleep(5)
        conn.sendall(b"50 queued\r\n")

    monkeypatch.setattr(transport, "ANSWER_GRACE", 0.5)
    with relay_that(taking_the_message(then=slow_250), monkeypatch, step=3.0, within=1.0):
        answer = subscribe(app, "sam@example.org")
        assert answer.status_code == 200 and "Please check your e-mail" in answer.text


def test_a_failure_on_our_side_shows_readers_their_own_page_not_the_editors(tmp_path, db_path, smtp, monkeypatch):
    app = create_app(db_path, nd.write_config(tmp_path), secret_key=SECRET)  # not testing: errors are handled
    monkeypatch.setattr(subscribers, "add", lambda *a, **kw: 1 / 0)
    answer = subscribe(app, "sam@example.org")
    assert answer.status_code == 500
    page = BeautifulSoup(answer.text, "lxml")
    assert "Something went wrong on our side" in page.get_text() and "queue" not in page.get_text().lower()
    # a request the page cannot take is answered on a reader's page too
    wrong = app.test_client().put("/subscribe")
    assert wrong.status_code == 405 and "This did not work" in wrong.text and "queue" not in wrong.text.lower()
    assert set(wrong.headers["Allow"].split(", ")) >= {"GET", "POST"}


# -- unsubscribe --------------------------------------------------------------------------------

def test_unsubscribe_get_asks_and_changes_nothing(app, db_path):
    [sam] = nd.add(db_path, "sam@example.org")
    page = app.test_client().get(f"/unsubscribe/{sam['token']}")
    assert page.status_code == 200 and "Stop getting the digest?" in page.text
    form = BeautifulSoup(page.text, "lxml").find("form")
    assert form["method"] == "post" and not form.get("action")
    assert row(db_path, "sam@example.org")["status"] == "active"


def test_the_servers_access_log_keeps_no_readers_token(app, db_path, serve_app, monkeypatch):
    """tracker serve logged every request line, tokens and all: whoever read the log could confirm
    or unsubscribe the addresses in it."""
    import logging
    import time
    import urllib.request

    from tracker.web import public

    [sam] = nd.add(db_path, "sam@example.org")
    ran = []
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda *args, **kwargs: ran.append(args))
    assert nd.cli_runner(nd.write_config(db_path.parent), db_path)("serve").exit_code == 0 and ran
    werkzeug = logging.getLogger("werkzeug")
    assert any(isinstance(f, public.TokenFilter) for f in werkzeug.filters)
    logged: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            logged.append(record.getMessage())

    keep = Keep()
    werkzeug.addHandler(keep)
    monkeypatch.setattr(werkzeug, "level", logging.INFO)
    try:
        base = serve_app(app)  # a real server, as tracker serve runs one, logging as it does
        for path in (f"/unsubscribe/{sam['token']}", f"/confirm/{sam['token']}?x=1"):
            try:
                urllib.request.urlopen(base + path, timeout=10).read()
            except urllib.error.HTTPError:
                pass  # the confirm link of an active address: a 404 page, logged all the same
        deadline = time.monotonic() + 5  # the server logs a request after answering it
        while len(logged) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        werkzeug.removeHandler(keep)
    text = "\n".join(logged)
    assert "GET /unsubscribe/… HTTP/1.1" in text and "GET /confirm/…?x=1 HTTP/1.1" in text, text
    assert sam["token"] not in text

    # a page that fails: Flask logs its path, in any server's error log (review); and the path
    # with its slash percent-encoded, which the server routes and logs as sent
    failed: list[str] = []

    class KeepFailed(logging.Handler):
        def emit(self, record):
            failed.append(record.getMessage())

    def boom(*args, **kwargs):
        raise RuntimeError("database is locked")

    keep_failed = KeepFailed()
    app.logger.addHandler(keep_failed)
    monkeypatch.setattr(subscribers, "unsubscribe", boom)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as served: a 500 page, and the log line
    try:
        client = app.test_client()
        assert client.post(f"/unsubscribe/{sam['token']}", data={"List-Unsubscribe": "One-Click"}).status_code == 500
    finally:
        app.logger.removeHandler(keep_failed)
    assert failed and all(sam["token"] not in line for line in failed) and "/unsubscribe/…" in failed[0], failed
    record = logging.LogRecord("werkzeug", logging.INFO, "", 0, '"%s" %s %s',
                               (f"GET /unsubscribe%2F{sam['token']} HTTP/1.1", "200", "-"), None)
    public.TokenFilter().filter(record)
    assert sam["token"] not in record.getMessage() and "/unsubscribe%2F…" in record.getMessage()


def test_one_click_post_without_cookie_or_token_unsubscribes_with_200_and_is_idempotent(app, db_path):
    [sam] = nd.add(db_path, "sam@example.org")
    url = f"/unsubscribe/{sam['token']}"
    # What a mail provider sends (RFC 8058): a bare form POST, no cookie, no CSRF token.
    answer = app.test_client().post(url, data="List-Unsubscribe=One-Click",
                                    content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200 and "Location" not in answer.headers
    assert "You're unsubscribed" in answer.text
    first = row(db_path, "sam@example.org")
    assert first["status"] == "unsubscribed" and first["unsubscribed"]
    again = app.test_client().post(url)
    assert again.status_code == 200 and "You're unsubscribed" in again.text
    assert row(db_path, "sam@example.org")["unsubscribed"] == first["unsubscribed"]
    assert "You're unsubscribed" in app.test_client().get(url).text
    assert recipients(open_db(db_path), nd.EDITION) == []


def test_the_button_on_the_page_unsubscribes(app, db_path):
    [sam] = nd.add(db_path, "sam@example.org")
    client = app.test_client()
    url = f"/unsubscribe/{sam['token']}"
    form = BeautifulSoup(client.get(url).text, "lxml").find("form")
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    assert client.post(url, data=fields).status_code == 200
    assert row(db_path, "sam@example.org")["status"] == "unsubscribed"


def test_an_unknown_unsubscribe_token_is_a_kind_404(app, db_path):
    nd.add(db_path, "sam@example.org")
    for response in (app.test_client().get("/unsubscribe/nope"), app.test_client().post("/unsubscribe/nope")):
        assert response.status_code == 404 and "We could not find this subscription" in response.text
    assert row(db_path, "sam@example.org")["status"] == "active"
