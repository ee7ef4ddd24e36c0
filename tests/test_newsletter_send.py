"""`tracker digest send` against a real SMTP server on 127.0.0.1 (aiosmtpd): delivery, headers,
encodings, TLS, temporary and permanent refusals, bounces, pacing, dry runs, the outbox."""

from __future__ import annotations

import json
import socket
import stat
import time
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from urllib.parse import quote

import newsletterdata as nd
import pytest
from bs4 import BeautifulSoup
from smtpserver import PASSWORD, USER, SMTPServer

from tracker.config import load_config
from tracker.digest import UNSUBSCRIBE_PREFIX, build as build_digest
from tracker.newsletter import subscribers
from tracker.newsletter.errors import TransportError
from tracker.newsletter.message import BuiltEdition, Outgoing
from tracker.http import RateLimiter
from tracker.newsletter.send import EditionSender
from tracker.newsletter.transport import Outbox, SMTPTransport, SMTPUrl
from tracker.store import open_db


@pytest.fixture
def setup(newsletter_world, tmp_path):
    config, db_path, site = nd.copy_world(newsletter_world, tmp_path)
    run = nd.cli_runner(config, db_path)
    run.config, run.db, run.site, run.tmp = config, db_path, site, tmp_path
    return run


def send(setup, server, *args, **env):
    return setup("digest", "send", "--edition", nd.EDITION, "--site", str(setup.site), *args,
                 env={"TRACKER_SMTP_URL": server.url if server else None, **env})


def by_recipient(server) -> dict[str, list]:
    found: dict[str, list] = {}
    for _, rcpts, raw in server.received:
        for rcpt in rcpts:
            found.setdefault(rcpt, []).append(nd.parse(raw))
    return found


# -- delivery and headers ---------------------------------------------------------------------

def test_each_active_subscriber_gets_one_multipart_message_with_their_own_unsubscribe_link(setup, smtp):
    active = nd.add(setup.db, "ann@example.org", "Ben@Example.COM", "cleo@example.net",
                    names={"Ben@Example.COM": "Bén Ødegård"})
    nd.add(setup.db, "pending@example.org", status="pending")
    nd.add(setup.db, "gone@example.org", status="unsubscribed")
    nd.add(setup.db, "bounced@example.org", status="bounced")
    result = send(setup, smtp)
    assert result.exit_code == 0, result.output
    assert "3 sent" in result.stderr

    got = by_recipient(smtp)
    assert sorted(got) == ["Ben@example.com", "ann@example.org", "cleo@example.net"]
    assert all(len(messages) == 1 for messages in got.values())
    built_text = (setup.site / nd.EDITION / "digest.txt").read_text()
    for row in active:
        msg = got[row["email"]][0]
        token = row["token"]
        url = f"https://news.example.org/unsubscribe/{token}"
        assert msg.get_content_type() == "multipart/alternative"
        text, page = [part for part in msg.iter_parts()]
        assert text.get_content_type() == "text/plain" and page.get_content_type() == "text/html"
        assert url in text.get_content() and url in page.get_content()
        assert "unsubscribe.invalid" not in text.get_content() + page.get_content()
        assert text.get_content().replace("\r\n", "\n") == built_text.replace(nd.marker(setup.site), url)
        assert msg["List-Unsubscribe"] == (f"<{url}>, <mailto:leave@digest.example.org?subject=unsubscribe-{token}>")
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@digest.example.org>")
        assert abs((parsedate_to_datetime(msg["Date"]) - datetime.now(timezone.utc)).total_seconds()) < 120
        assert msg["Subject"] == "Psychedelic and relational therapy research, in plain words: 16–22 November 2026"
        assert msg["From"].addresses[0].display_name == nd.FROM_NAME
        assert msg["From"].addresses[0].addr_spec == "news@digest.example.org"
        assert msg["To"].addresses[0].addr_spec == row["email"]
    assert got["Ben@example.com"][0]["To"].addresses[0].display_name == "Bén Ødegård"
    log = nd.sends(setup.db)
    assert {e: r["state"] for e, r in log.items()} == {r["email"]: "sent" for r in active}
    assert len({r["message_id"] for r in log.values()}) == 3

    again = send(setup, smtp)
    assert again.exit_code == 0 and "0 sent" in again.stderr
    assert len(smtp.received) == 3


def test_feed_text_holding_the_placeholder_never_receives_a_subscribers_token(setup, smtp):
    # docs/digest.md used to print the one fixed string the sender replaced: a feed item that
    # carried it (in a link or in its text) got each reader's token spliced into its own URL.
    bait = f"https://evil.example/steal?t={nd.PLACEHOLDER}"
    db = open_db(setup.db)
    db.execute("UPDATE papers SET title = title || ' ' || ? WHERE doi = '10.5555/dg.couples'", [bait])
    db.execute("UPDATE papers SET url = ?, title = title || ' ' || ? WHERE pmid = '99300012'",
               [bait, nd.PLACEHOLDER])
    db.conn.commit()
    build_digest(db, load_config(setup.config), nd.EDITION, setup.site)
    db.conn.close()
    [row] = nd.add(setup.db, "ann@example.org")
    result = send(setup, smtp)
    assert result.exit_code == 0, result.output

    msg = nd.parse(smtp.received[0][2])
    text, page = (part.get_content() for part in msg.iter_parts())
    url = f"https://news.example.org/unsubscribe/{row['token']}"
    for body in (text, page):
        assert body.count(row["token"]) == 1 and url in body  # the template's own link, once
        assert "evil.example/steal" in body  # the bait is still shown, as text that leads nowhere
        assert "unsubscribe.invalid/TRACKER-UNSUBSCRIBE-URL" not in body
    links = [a["href"] for a in BeautifulSoup(page, "lxml").find_all("a") if "evil.example" in a["href"]]
    assert links and all(row["token"] not in href for href in links)


def test_headers_on_the_wire_are_ascii_encoded_words_and_list_unsubscribe_stays_a_plain_link(setup, smtp):
    nd.add(setup.db, "ann@example.org", names={"ann@example.org": "Zoë Ångström"})
    assert send(setup, smtp).exit_code == 0
    raw = smtp.received[0][2]
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert b"\r\nList-Unsubscribe: <https://news.example.org/unsubscribe/" in b"\r\n" + head
    assert b"=?utf-8?" in head  # subject, From and To names as RFC 2047 encoded words
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in head + b"\r\n"
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert not smtp.utf8[0]  # plain SMTP was enough
    msg = nd.parse(raw)
    assert msg["To"].addresses[0].display_name == "Zoë Ångström"


def test_a_non_ascii_local_part_goes_out_with_smtputf8_and_an_idn_domain_as_punycode(setup, smtp):
    nd.add(setup.db, "zoë@example.org", "bob@exämple.org", names={"zoë@example.org": "Zoë"})
    result = send(setup, smtp)
    assert result.exit_code == 0, result.output
    got = {rcpts[0]: (raw, utf8) for (_, rcpts, raw), utf8 in zip(smtp.received, smtp.utf8)}
    assert set(got) == {"zoë@example.org", "bob@xn--exmple-cua.org"}
    raw, utf8 = got["zoë@example.org"]
    assert utf8 and "To: Zoë <zoë@example.org>".encode() in raw
    raw, utf8 = got["bob@xn--exmple-cua.org"]
    assert not utf8 and raw.split(b"\r\n\r\n", 1)[0].isascii()


# -- TLS and the URL ------------------------------------------------------------------------------

@pytest.mark.parametrize("mode, scheme", [("starttls", "smtp+starttls"), ("implicit", "smtps")])
def test_tls_with_a_login_whose_password_is_percent_encoded(setup, mode, scheme):
    server = SMTPServer(tls=mode)
    try:
        nd.add(setup.db, "ann@example.org")
        url = f"{scheme}://{quote(USER, safe='')}:{quote(PASSWORD, safe='')}@127.0.0.1:{server.port}"
        result = send(setup, None, TRACKER_SMTP_URL=url, SSL_CERT_FILE=server.cafile)
        assert result.exit_code == 0, result.output
        assert server.logins == [(USER, PASSWORD)]
        assert server.recipients() == ["ann@example.org"]
        assert PASSWORD not in result.output and quote(PASSWORD, safe="") not in result.output
        assert f"{scheme}://news%40example.org@127.0.0.1:{server.port}" in result.stderr
    finally:
        server.stop()


def test_a_certificate_that_does_not_verify_stops_the_run_and_nothing_is_left_uncertain(setup):
    server = SMTPServer(tls="starttls")
    try:
        nd.add(setup.db, "ann@example.org", "ben@example.org")
        url = f"smtp+starttls://{quote(USER, safe='')}:{quote(PASSWORD, safe='')}@127.0.0.1:{server.port}"
        result = send(setup, None, TRACKER_SMTP_URL=url)  # the test certificate is not trusted
        assert result.exit_code == 1
        assert "certificate" in result.stderr and "stopped early" in result.stderr
        assert server.received == []
        assert {r["state"] for r in nd.sends(setup.db).values()} == {"failed"}  # released, not claimed
    finally:
        server.stop()


def test_starttls_is_required_when_the_url_asks_for_it(setup, smtp):
    nd.add(setup.db, "ann@example.org")
    result = send(setup, None, TRACKER_SMTP_URL=f"smtp+starttls://u:p@127.0.0.1:{smtp.port}")
    assert result.exit_code == 1 and "does not offer STARTTLS" in result.stderr
    assert smtp.received == []


def test_a_malformed_smtp_url_is_a_config_error_that_does_not_repeat_the_password(setup):
    nd.add(setup.db, "ann@example.org")
    result = send(setup, None, TRACKER_SMTP_URL="smtp://user:hunter2secret@relay.example.org")
    assert result.exit_code == 2 and "never plain smtp" in result.stderr
    assert "hunter2secret" not in result.output and nd.sends(setup.db) == {}


def test_smtp_urls():
    url = SMTPUrl.parse("smtp+starttls://me%40example.org:p%40ss%3Aword@mail.example.org:2525")
    assert (url.scheme, url.host, url.port, url.username, url.password) == (
        "smtp+starttls", "mail.example.org", 2525, "me@example.org", "p@ss:word")
    assert "p@ss" not in str(url) + repr(url) and "ss%3Aword" not in str(url) + repr(url)
    assert SMTPUrl.parse("smtp://relay").port == 25
    assert SMTPUrl.parse("smtp+starttls://a:b@relay").port == 587
    assert SMTPUrl.parse("smtps://a:b@relay").port == 465
    for bad, says in [("http://relay", "unknown scheme"), ("smtp://", "no host"),
                      ("smtp://user:secretpw@relay", "never plain smtp"),
                      ("smtps://relay/path?x=1", "only scheme"), ("smtps://user@relay", "without a password")]:
        with pytest.raises(TransportError, match=says) as caught:
            SMTPUrl.parse(bad)
        assert "secretpw" not in str(caught.value)


# -- refusals, retries, bounces ----------------------------------------------------------------

def test_a_4xx_is_retried_with_backoff_and_delivered_once(setup, smtp):
    nd.add(setup.db, "ann@example.org", "ben@example.org")
    smtp.answers["ann@example.org"] = ["451 4.7.1 Greylisted, try again"]
    smtp.data_answers["ben@example.org"] = ["452 4.3.1 Insufficient storage"]
    result = send(setup, smtp)
    assert result.exit_code == 0, result.output
    assert sorted(smtp.recipients()) == ["ann@example.org", "ben@example.org"]
    log = nd.sends(setup.db)
    assert log["ann@example.org"]["attempts"] == 2 and log["ann@example.org"]["state"] == "sent"
    assert log["ben@example.org"]["attempts"] == 2


def test_a_4xx_that_outlasts_the_retries_is_sent_on_the_next_run_with_the_same_message_id(setup, smtp):
    nd.add(setup.db, "ann@example.org", "ben@example.org")
    smtp.answers["ann@example.org"] = ["451 4.7.1 Try later"] * 3  # retries: 2, so 3 attempts
    result = send(setup, smtp)
    assert result.exit_code == 1
    assert "not sent (will retry on the next run): ann@example.org" in result.stderr
    first = nd.sends(setup.db)["ann@example.org"]
    assert first["state"] == "failed" and first["attempts"] == 3 and "451" in first["error"]
    assert smtp.recipients() == ["ben@example.org"]
    again = send(setup, smtp)
    assert again.exit_code == 0, again.output
    assert smtp.recipients() == ["ben@example.org", "ann@example.org"]
    second = nd.sends(setup.db)["ann@example.org"]
    assert second["state"] == "sent" and second["message_id"] == first["message_id"]
    assert nd.parse(smtp.received[-1][2])["Message-ID"] == first["message_id"]


def test_a_5xx_is_not_retried_and_three_refused_editions_in_a_row_mark_a_subscriber_bounced(setup, smtp):
    nd.add(setup.db, "ann@example.org", "ben@example.org")
    smtp.answers["ann@example.org"] = ["550 5.1.1 No such user"] * 10
    result = send(setup, smtp)
    assert result.exit_code == 1 and "refused: ann@example.org" in result.stderr
    assert nd.sends(setup.db)["ann@example.org"]["state"] == "rejected"
    assert send(setup, smtp).exit_code == 0  # a rerun does not try the refused one again
    assert smtp.recipients() == ["ben@example.org"]
    db = open_db(setup.db)
    assert subscribers.get(db, "ann@example.org")["failures"] == 1

    config = load_config(setup.config)
    for edition in ("2026-W48", "2026-W49"):
        report = EditionSender(db, config, fake_edition(edition), SMTPTransport(SMTPUrl.parse(smtp.url))).run()
        assert [e for e, _ in report.rejected] == ["ann@example.org"]
    assert report.bounced == ["ann@example.org"]
    ann = subscribers.get(db, "ann@example.org")
    assert ann["status"] == "bounced" and ann["failures"] == 3 and "550" in ann["last_error"]
    report = EditionSender(db, config, fake_edition("2026-W50"), SMTPTransport(SMTPUrl.parse(smtp.url))).run()
    assert report.rejected == [] and report.sent == ["ben@example.org"]


def test_a_delivery_between_refusals_resets_the_count(setup, smtp):
    nd.add(setup.db, "ann@example.org")
    db = open_db(setup.db)
    config = load_config(setup.config)
    transport = SMTPTransport(SMTPUrl.parse(smtp.url))
    smtp.answers["ann@example.org"] = ["554 5.7.1 Rejected", "554 5.7.1 Rejected"]
    for edition in ("2026-W48", "2026-W49"):
        EditionSender(db, config, fake_edition(edition), transport).run()
    assert subscribers.get(db, "ann@example.org")["failures"] == 2
    EditionSender(db, config, fake_edition("2026-W50"), transport).run()
    assert subscribers.get(db, "ann@example.org")["failures"] == 0
    smtp.data_answers["ann@example.org"] = ["550 5.7.1 Content refused"]
    EditionSender(db, config, fake_edition("2026-W51"), transport).run()
    assert subscribers.get(db, "ann@example.org")["status"] == "active"


def test_a_relay_that_refuses_the_sender_stops_the_run_and_bounces_no_one(setup, smtp):
    nd.add(setup.db, "ann@example.org", "ben@example.org")
    smtp.mail_answers = ["553 5.7.1 Sender not allowed"]
    result = send(setup, smtp)
    assert result.exit_code == 1 and "refuses the sender" in result.stderr
    db = open_db(setup.db)
    assert all(subscribers.get(db, e)["failures"] == 0 for e in ("ann@example.org", "ben@example.org"))
    assert nd.sends(setup.db)["ann@example.org"]["state"] == "failed"
    assert "ben@example.org" not in nd.sends(setup.db)
    assert send(setup, smtp).exit_code == 0
    assert sorted(smtp.recipients()) == ["ann@example.org", "ben@example.org"]


def test_a_relay_that_refuses_connections_stops_the_run_in_seconds_without_retrying(setup):
    # With the shipped retries (3, from 5 s, doubling) a refused connection used to take 37 s.
    nd.write_config(setup.tmp, retries=3, retry_delay=5.0)
    nd.add(setup.db, "ann@example.org", "ben@example.org")
    closed = SMTPServer()
    closed.stop()
    started = time.monotonic()
    result = send(setup, None, TRACKER_SMTP_URL=closed.url)
    assert time.monotonic() - started < 3
    assert result.exit_code == 1 and "cannot connect" in result.stderr and "refused" in result.stderr
    assert {e: r["state"] for e, r in nd.sends(setup.db).items()} == {"ann@example.org": "failed"}


def test_a_relay_that_does_not_answer_in_time_is_still_retried(setup):
    nd.add(setup.db, "ann@example.org")
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never says hello
    try:
        url = SMTPUrl.parse(f"smtp://127.0.0.1:{silent.getsockname()[1]}")
        naps: list[float] = []
        report = EditionSender(open_db(setup.db), load_config(setup.config), fake_edition("2026-W48"),
                               SMTPTransport(url, timeout=0.2), sleep=naps.append).run()
    finally:
        silent.close()
    assert [n for n in naps if n >= 0.01] == [0.01, 0.02]  # retries 2, retry_delay 0.01 (newsletterdata)
    assert [e for e, _ in report.failed] == ["ann@example.org"] and "timed out" in report.aborted


# -- uncertain deliveries -----------------------------------------------------------------------

def test_an_answer_lost_after_the_message_went_out_is_uncertain_until_an_editor_resolves_it(setup, smtp):
    nd.add(setup.db, "ann@example.org", "ben@example.org", "cleo@example.org")
    smtp.drop_after_data = {"ann@example.org", "ben@example.org"}
    result = send(setup, smtp)
    assert result.exit_code == 1 and "UNCERTAIN: ann@example.org" in result.stderr
    assert sorted(smtp.recipients()) == ["ann@example.org", "ben@example.org", "cleo@example.org"]
    log = nd.sends(setup.db)
    assert log["ann@example.org"]["state"] == "claimed" and log["cleo@example.org"]["state"] == "sent"

    listed = setup("digest", "send", "--uncertain")
    assert listed.exit_code == 0
    assert "ann@example.org" in listed.stdout and "ben@example.org" in listed.stdout
    assert log["ann@example.org"]["message_id"] in listed.stdout
    # the edition they are uncertain for is named in the command to paste, not a placeholder
    assert f"tracker digest resolve --edition {nd.EDITION} EMAIL --sent" in listed.stderr
    smtp.drop_after_data = set()
    assert send(setup, smtp).exit_code == 0  # a rerun never guesses: no one is sent twice
    assert len(smtp.recipients()) == 3

    assert setup("digest", "resolve", "--edition", nd.EDITION, "ann@example.org", "--sent").exit_code == 0
    assert setup("digest", "resolve", "--edition", nd.EDITION, "ben@example.org", "--unsent").exit_code == 0
    wrong = setup("digest", "resolve", "--edition", nd.EDITION, "cleo@example.org", "--sent")
    assert wrong.exit_code == 1 and "not uncertain" in wrong.stderr
    assert "--sent or --unsent" in setup("digest", "resolve", "ann@example.org").output
    assert send(setup, smtp).exit_code == 0
    assert sorted(smtp.recipients()) == ["ann@example.org", "ben@example.org", "ben@example.org", "cleo@example.org"]
    resent = nd.parse(smtp.received[-1][2])
    assert resent["Message-ID"] == log["ben@example.org"]["message_id"]  # a duplicate can be recognised
    assert {r["state"] for r in nd.sends(setup.db).values()} == {"sent"}
    assert "nothing uncertain" in setup("digest", "send", "--uncertain").stderr
    assert setup("digest", "send", "--uncertain", "--json").stdout.strip() == "[]"


def test_one_send_at_a_time_exit_75_and_the_uncertain_list_warns_while_one_runs(setup, smtp):
    from tracker.newsletter.send import send_lock

    nd.add(setup.db, "ann@example.org")
    with send_lock(setup.db):
        busy = send(setup, smtp)
        assert busy.exit_code == 75 and "another `tracker digest send` is running" in busy.stderr
        listed = setup("digest", "send", "--uncertain")
        assert listed.exit_code == 0 and "a send is running now" in listed.stderr
    assert smtp.received == [] and send(setup, smtp).exit_code == 0


def test_two_spellings_of_one_database_are_one_send_lock(setup, smtp, tmp_path):
    """The send lock is named from the database's real path (issue 15, item 9): a send through a
    symlink or a `..` path waits for one holding the lock under the plain name, and the reverse."""
    from tracker.errors import LockError
    from tracker.newsletter.send import send_lock, sending_now

    link = tmp_path / "elsewhere" / "same.db"
    link.parent.mkdir()
    link.symlink_to(setup.db)
    dotted = setup.db.parent / ".." / setup.db.parent.name / setup.db.name
    for held, other in ((setup.db, link), (link, setup.db), (dotted, setup.db), (setup.db, dotted)):
        with send_lock(held):
            assert sending_now(other), (held, other)
            with pytest.raises(LockError):
                with send_lock(other, wait=0):
                    pass
        assert not sending_now(other)
    nd.add(setup.db, "ann@example.org")
    with send_lock(link):
        busy = send(setup, smtp)
        assert busy.exit_code == 75 and "another `tracker digest send` is running" in busy.stderr
    assert smtp.received == []


def test_an_attempt_takes_only_a_new_failed_or_unsent_row(setup):
    """The claim guards each row without the lock (issue 15, item 9): an attempt never takes a row
    sent, refused or claimed by another attempt (in flight or uncertain); a retry takes the row its
    4xx left failed, and nothing else."""
    rows = nd.add(setup.db, *[f"{state}@example.org" for state in ("new", "failed", "unsent", "sent", "rejected",
                                                                   "claimed")])
    db = open_db(setup.db)
    sender = EditionSender(db, load_config(setup.config), fake_edition(nd.EDITION), Outbox(setup.tmp / "box"))
    ids = {row["email"].split("@")[0]: row["id"] for row in rows}
    for state, subscriber in ids.items():
        if state != "new":
            db.execute("INSERT INTO sends (edition, subscriber_id, state, attempts, message_id, claimed, updated) "
                       "VALUES (?, ?, ?, 1, ?, '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z')",
                       [nd.EDITION, subscriber, state, f"<{state}@example.org>"])
    before = nd.sends(setup.db)
    assert {s: sender._claim(i, f"<again-{s}>") for s, i in ids.items()} == {
        "new": True, "failed": True, "unsent": True, "sent": False, "rejected": False, "claimed": False}
    after = nd.sends(setup.db)
    for state in ("sent", "rejected", "claimed"):
        assert after[f"{state}@example.org"] == before[f"{state}@example.org"], state  # untouched
    # claimed now: a second claim of the same rows takes none (another attempt holds them)
    assert {s: sender._claim(i, f"<retry-{s}>") for s, i in ids.items() if s != "claimed"} == {
        "new": False, "failed": False, "unsent": False, "sent": False, "rejected": False}


def test_a_second_sender_that_missed_the_lock_sends_no_one_twice(setup, smtp):
    """Two senders that both listed the recipients before either sent (as if the lock had let a
    second one in): the second skips whoever the first sent or holds, and sends the rest."""
    from tracker.newsletter.send import SendReport, recipients

    nd.add(setup.db, "ann@example.org", "ben@example.org", "cleo@example.org")
    config = load_config(setup.config)
    first = EditionSender(open_db(setup.db), config, fake_edition(nd.EDITION), SMTPTransport(SMTPUrl.parse(smtp.url)))
    second = EditionSender(open_db(setup.db), config, fake_edition(nd.EDITION), SMTPTransport(SMTPUrl.parse(smtp.url)))
    listed = recipients(open_db(setup.db), nd.EDITION)
    assert [r["email"] for r in listed] == ["ann@example.org", "ben@example.org", "cleo@example.org"]
    assert first._send_one(listed[0], SendReport(nd.EDITION)) == "sent"
    assert first._claim(listed[1]["id"], "<in-flight@example.org>")  # ben: the first's, in flight
    report = SendReport(nd.EDITION)
    assert [second._send_one(r, report) for r in listed] == ["skipped", "skipped", "sent"]
    assert sorted(smtp.recipients()) == ["ann@example.org", "cleo@example.org"]
    log = nd.sends(setup.db)
    assert log["ann@example.org"]["state"] == "sent" and log["ann@example.org"]["attempts"] == 1
    assert log["ben@example.org"]["state"] == "claimed" and log["ben@example.org"]["message_id"] == "<in-flight@example.org>"


# -- who gets it --------------------------------------------------------------------------------

def test_someone_who_unsubscribes_during_a_run_is_not_sent_it(setup, smtp):
    rows = nd.add(setup.db, "ann@example.org", "ben@example.org", "cleo@example.org")
    db = open_db(setup.db)

    def unsubscribe_ben(_message):
        subscribers.unsubscribe(open_db(setup.db), rows[1]["token"])

    sender = EditionSender(db, load_config(setup.config), BuiltEdition.load(setup.site, nd.EDITION,
                           load_config(setup.config)), SMTPTransport(SMTPUrl.parse(smtp.url)),
                           progress=unsubscribe_ben)
    report = sender.run()
    assert report.sent == ["ann@example.org", "cleo@example.org"] and report.skipped == 1
    assert smtp.recipients() == ["ann@example.org", "cleo@example.org"]
    subscribers.add(db, "ben@example.org")  # an editor adding the address again changes nothing
    assert send(setup, smtp).exit_code == 0 and len(smtp.received) == 2


def test_dry_run_sends_nothing_and_writes_nothing(setup, smtp):
    nd.add(setup.db, "ann@example.org", "ben@example.org")
    nd.add(setup.db, "gone@example.org", status="unsubscribed")
    def state():
        wal = setup.db.with_name("tracker.db-wal")
        assert not wal.exists() or wal.stat().st_size == 0  # opened, never written
        return setup.db.read_bytes(), sorted(p.name for p in setup.tmp.iterdir() if "-" not in p.name)

    before = state()
    result = send(setup, smtp, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["ann@example.org", "ben@example.org"]
    assert "would send to 2" in result.stderr
    as_json = send(setup, smtp, "--dry-run", "--json", "--limit", "1")
    assert '"recipients": [\n    "ann@example.org"\n  ]' in as_json.stdout
    assert smtp.received == []
    assert state() == before


def test_ctrl_c_stops_the_run_with_exit_130_saying_what_went_out_and_the_next_run_goes_on(setup, smtp, monkeypatch):
    """Ctrl-C printed only "Aborted!" and exit 1: no word of who had it, nor of the message cut off."""
    nd.add(setup.db, "ann@example.org", "ben@example.org", "cleo@example.org", "dee@example.org")
    real = SMTPTransport.send

    def pressed_during_cleo(self, message, sender, recipient):
        if recipient == "cleo@example.org":
            raise KeyboardInterrupt
        return real(self, message, sender, recipient)

    monkeypatch.setattr(SMTPTransport, "send", pressed_during_cleo)
    result = send(setup, smtp)
    assert result.exit_code == 130 and "Aborted" not in result.output
    assert "this run 2 sent" in result.stderr and "all runs: 2 sent, 1 uncertain" in result.stderr
    assert "the run stopped early: stopped by Ctrl-C; run the same command again" in result.stderr
    assert f"--uncertain --edition {nd.EDITION}" in result.stderr  # cleo's message may have gone out
    log = nd.sends(setup.db)
    assert log["cleo@example.org"]["state"] == "claimed" and "dee@example.org" not in log

    monkeypatch.setattr(SMTPTransport, "send", real)
    assert send(setup, smtp).exit_code == 0
    assert sorted(smtp.recipients()) == ["ann@example.org", "ben@example.org", "dee@example.org"]  # once each


def test_ctrl_c_during_a_retrys_back_off_leaves_the_row_to_retry_not_uncertain(setup, smtp):
    """Nothing went out (the relay said 451): the row was left claimed, that is "may or may not
    have it", and the reader was held until an editor resolved it by hand."""
    nd.add(setup.db, "ann@example.org", "ben@example.org")
    smtp.answers["ann@example.org"] = ["451 4.7.1 Greylisted, try again"]

    def pressed(seconds):
        raise KeyboardInterrupt

    closed = []
    transport = SMTPTransport(SMTPUrl.parse(smtp.url))
    real_close = transport.close
    transport.close = lambda **kw: closed.append(kw) or real_close(**kw)
    sender = EditionSender(open_db(setup.db), load_config(setup.config), fake_edition(nd.EDITION), transport,
                           sleep=pressed)
    report = sender.run()
    assert report.interrupted and report.sent == [] and report.failed == [("ann@example.org", "interrupted before a retry")]
    assert closed == [{"polite": False}]  # no QUIT to wait on: the socket is closed at once
    log = nd.sends(setup.db)
    assert log["ann@example.org"]["state"] == "failed" and "ben@example.org" not in log
    assert send(setup, smtp).exit_code == 0  # the next run sends both
    assert sorted(smtp.recipients()) == ["ann@example.org", "ben@example.org"]


def test_a_run_killed_during_a_retrys_back_off_leaves_the_row_to_retry_not_uncertain(setup, smtp):
    """kill -9, or a cron or systemd timeout's SIGTERM, gives no chance to record anything: the row
    must already say that nothing went out while the run waits to retry a 4xx."""
    nd.add(setup.db, "ann@example.org")
    smtp.answers["ann@example.org"] = ["451 4.2.0 try later"]
    seen = []

    def killed(seconds):  # what the database holds at the moment the process would die
        seen.append(nd.sends(setup.db)["ann@example.org"])
        raise SystemExit(137)

    sender = EditionSender(open_db(setup.db), load_config(setup.config), fake_edition(nd.EDITION),
                           SMTPTransport(SMTPUrl.parse(smtp.url)), sleep=killed)
    with pytest.raises(SystemExit):
        sender.run()
    [row] = seen
    assert row["state"] == "failed" and "451" in row["error"] and "retrying" in row["error"]
    uncertain = setup("digest", "send", "--uncertain")
    assert "nothing uncertain" in uncertain.stderr, uncertain.output  # nobody to look up in the relay's log
    smtp.answers.clear()
    assert send(setup, smtp).exit_code == 0 and smtp.recipients() == ["ann@example.org"]  # the next run sends it
    assert nd.sends(setup.db)["ann@example.org"]["attempts"] == 2


def test_ctrl_c_in_a_back_off_never_undoes_a_delivery_another_sender_made_meanwhile(setup, smtp):
    """While a run waits to retry a 4xx the row is failed, so a second sender that missed the lock
    may deliver it; the first one's Ctrl-C must not set that delivery back to failed (sent twice)."""
    from tracker.newsletter.send import SendReport, recipients

    nd.add(setup.db, "ann@example.org")
    smtp.answers["ann@example.org"] = ["451 4.2.0 try later"]
    config = load_config(setup.config)
    second = EditionSender(open_db(setup.db), config, fake_edition(nd.EDITION), SMTPTransport(SMTPUrl.parse(smtp.url)),
                           sleep=lambda s: None)

    def back_off(seconds):
        if seconds == config.newsletter.retry_delay:  # the retry's back-off, not the pacing
            [row] = recipients(open_db(setup.db), nd.EDITION)
            assert second._send_one(row, SendReport(nd.EDITION)) == "sent"
            raise KeyboardInterrupt

    first = EditionSender(open_db(setup.db), config, fake_edition(nd.EDITION), SMTPTransport(SMTPUrl.parse(smtp.url)),
                          sleep=back_off)
    report = first.run()
    assert nd.sends(setup.db)["ann@example.org"]["state"] == "sent"
    assert report.failed == []  # not "will retry": the other sender delivered it
    assert send(setup, smtp).exit_code == 0 and smtp.recipients() == ["ann@example.org"]  # once


def test_limit_sends_to_at_most_n_and_the_next_run_goes_on(setup, smtp):
    nd.add(setup.db, *[f"reader{i}@example.org" for i in range(5)])
    assert send(setup, smtp, "--limit", "2").exit_code == 0
    assert smtp.recipients() == ["reader0@example.org", "reader1@example.org"]
    assert send(setup, smtp).exit_code == 0
    assert len(smtp.recipients()) == 5 and len(set(smtp.recipients())) == 5


def test_an_edition_that_is_not_built_or_not_ready_is_refused(setup, smtp):
    nd.add(setup.db, "ann@example.org")
    missing = setup("digest", "send", "--edition", "2026-W40", "--site", str(setup.site),
                    env={"TRACKER_SMTP_URL": smtp.url})
    assert missing.exit_code == 1 and "not built" in missing.stderr and "tracker digest build" in missing.stderr
    db = open_db(setup.db)
    pid = db.execute("SELECT paper_id FROM lay_summaries ORDER BY id DESC LIMIT 1").fetchone()[0]
    from tracker.review import lay_summary, save_summary

    current = lay_summary(db, pid)
    fields = {k: current[k] for k in ("headline", "dek", "summary", "what_it_means", "caveats")}
    save_summary(db, pid, {**fields, "key_takeaway": ""}, "sam", base_version=current["version"])
    blocked = send(setup, smtp)
    assert blocked.exit_code == 1 and "not ready to send" in blocked.stderr
    assert smtp.received == [] and nd.sends(setup.db) == {}


# -- pacing, outbox ----------------------------------------------------------------------------

def test_the_per_minute_rate_spaces_messages_evenly():
    now = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(round(seconds, 6))
        now[0] += seconds

    pacer = RateLimiter.per_minute(120, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        pacer.wait()
    assert slept == [0.5, 0.5, 0.5]
    now[0] += 10  # idle for a while: no burst of catch-up messages, just go
    pacer.wait()
    assert slept == [0.5, 0.5, 0.5]


class _Arrivals(list):
    """The relay's list of received messages, noting when each arrived."""

    def __init__(self):
        super().__init__()
        self.at: list[float] = []

    def append(self, item):
        self.at.append(time.monotonic())
        super().append(item)


def test_the_rate_limit_holds_on_a_real_run(setup, smtp):
    nd.add(setup.db, *[f"reader{i}@example.org" for i in range(4)])
    setup.config.write_text(setup.config.read_text().replace("rate_per_minute: 100000", "rate_per_minute: 240"))
    smtp.received = _Arrivals()
    started = time.monotonic()
    assert send(setup, smtp).exit_code == 0
    assert time.monotonic() - started >= 0.75  # 4 messages at 4 a second: 3 gaps of 0.25 s
    assert len(smtp.received) == 4
    # ...and no more than that: first to last message, 0.75 s and a margin for the relay's own
    # time, well short of what a wait twice as long (1.5 s) or a whole second per gap would take.
    spread = smtp.received.at[-1] - smtp.received.at[0]
    assert spread < 1.15, smtp.received.at
    # The pacing seen at the relay, from the second message on: the first arrival can lag its
    # send by the relay's first-use cost (seen: 53 ms on a loaded machine, so the first gap
    # measured 0.197 s though the sender waited 0.25 s), the later ones arrive as sent.
    assert smtp.received.at[-1] - smtp.received.at[1] >= 0.45, smtp.received.at  # 2 gaps of 0.25 s


def test_without_a_relay_a_send_refuses_to_count_outbox_files_as_delivered_unless_asked(setup):
    # a cron job or a new shell without TRACKER_SMTP_URL: nothing written, nobody marked sent
    nd.add(setup.db, "ann@example.org", "ben@example.org")
    refused = send(setup, None)
    assert refused.exit_code == 2, refused.output
    assert ("no mail relay: TRACKER_SMTP_URL is not set in this environment, so the messages would only be "
            f"written as .eml files to {setup.db.parent / 'outbox'}/ and counted as sent") in refused.stderr
    assert "pass --outbox to write the files on purpose" in refused.stderr
    assert not (setup.db.parent / "outbox").exists() and nd.sends(setup.db) == {}
    dry = send(setup, None, "--dry-run", "--json")  # the dry run says the same: not ready
    assert dry.exit_code == 1 and json.loads(dry.stdout)["ready"].startswith("no mail relay: TRACKER_SMTP_URL is not set")
    # ... and once the relay is set, the edition goes to everyone
    assert "refuses" not in send(setup, None, "--dry-run", TRACKER_SMTP_URL="smtp://127.0.0.1:1").stderr


def test_an_edition_of_a_week_to_come_is_refused_unless_early(setup, smtp):
    from tracker.editions import Week

    nd.add(setup.db, "ann@example.org")
    config = load_config(setup.config)
    now = Week.current(config.timezone)
    ahead = now.shift(3)
    refused = setup("digest", "send", "--edition", str(ahead), "--site", str(setup.site),
                    env={"TRACKER_SMTP_URL": smtp.url})
    assert refused.exit_code == 2, refused.output
    assert (f"{ahead} is a week to come (it starts on Monday {ahead.monday.isoformat()}; this week is {now}): "
            "subscribers would get it early, and the next one soon after; a send needs --early for it") in refused.stderr
    assert smtp.recipients() == [] and nd.sends(setup.db, str(ahead)) == {}
    dry = setup("digest", "send", "--edition", str(ahead), "--site", str(setup.site), "--dry-run",
                env={"TRACKER_SMTP_URL": smtp.url})
    assert dry.stderr.count("a send needs --early for it") == 1 and dry.exit_code == 1  # said once
    # both refusals, where both apply
    both = setup("digest", "send", "--edition", str(ahead), "--site", str(setup.site), "--dry-run",
                 env={"TRACKER_SMTP_URL": None})
    assert "a send needs --early for it; and no mail relay" in both.stderr
    # with --early it goes on to the usual checks (here: nothing built for that week)
    early = setup("digest", "send", "--edition", str(ahead), "--site", str(setup.site), "--early",
                  env={"TRACKER_SMTP_URL": smtp.url})
    assert early.exit_code == 1 and "not built" in early.stderr, early.output
    # this week and weeks gone by are sent as before
    assert send(setup, smtp).exit_code == 0 and smtp.recipients() == ["ann@example.org"]


def test_without_a_relay_messages_are_written_to_the_outbox_once(setup):
    rows = nd.add(setup.db, "ann@example.org", "ben@example.org")
    result = send(setup, None, "--outbox")
    assert result.exit_code == 0, result.output
    outbox = setup.db.parent / "outbox"
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2 and str(outbox) in result.stderr
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    msgs = sorted((nd.parse(f.read_bytes()) for f in files), key=lambda m: str(m["To"]))
    assert [m["To"].addresses[0].addr_spec for m in msgs] == ["ann@example.org", "ben@example.org"]
    assert rows[0]["token"] in msgs[0]["List-Unsubscribe"]
    assert not [p for p in outbox.iterdir() if p.name.startswith(".")]  # no temporary files left
    assert send(setup, None, "--outbox").exit_code == 0
    assert len(list(outbox.glob("*.eml"))) == 2


def test_the_outbox_folder_can_be_set_in_feeds_yaml(setup):
    nd.write_config(setup.tmp, outbox="mail/out")
    nd.add(setup.db, "ann@example.org")
    assert send(setup, None).exit_code == 0  # a folder named in feeds.yaml is a choice: no --outbox needed
    assert len(list((setup.tmp / "mail" / "out").glob("*.eml"))) == 1


def test_lines_starting_with_a_dot_arrive_intact(smtp):
    transport = SMTPTransport(SMTPUrl.parse(smtp.url))
    body = b"Subject: dots\r\nMessage-ID: <d@example.org>\r\n\r\n.\r\n.hidden\r\n..two\r\nend"
    transport.send(Outgoing("<d@example.org>", body, False), "a@example.org", "b@example.org")
    transport.close()
    assert smtp.received[0][2] == body + b"\r\n"


def test_a_cut_off_that_fires_as_its_message_ends_leaves_the_next_message_alone(smtp):
    """A message's deadline timer that fires just as it is cancelled (its message done) found the
    connection the next message was using, and shut it mid-transaction."""
    transport = SMTPTransport(SMTPUrl.parse(smtp.url), within=10.0)
    body = b"Subject: hi\r\nMessage-ID: <c@example.org>\r\n\r\nhello\r\n"
    transport.send(Outgoing("<c@example.org>", body, False), "a@example.org", "b@example.org")
    first, conn = transport._limit, transport._conn
    transport.send(Outgoing("<c@example.org>", body, False), "a@example.org", "c@example.org")
    assert transport._conn is conn  # one connection for both
    transport._cut(first, True)  # the first message's cut-off, late
    transport._cut(transport._limit, True)  # ... and the second's, once it is over
    assert conn.noop()[0] == 250  # the connection still answers
    transport.close(polite=False)


def test_outbox_writes_are_atomic_files_named_by_message_id(tmp_path):
    box = Outbox(tmp_path / "box")
    msg = Outgoing("<abc.123/x@example.org>", b"Message-ID: <abc.123/x@example.org>\r\n\r\nhello\r\n", False)
    box.send(msg, "a@example.org", "b@example.org")
    box.send(msg, "a@example.org", "b@example.org")
    assert [p.name for p in (tmp_path / "box").iterdir()] == ["abc.123_x@example.org.eml"]


def fake_edition(edition: str) -> BuiltEdition:
    """A built edition without the database behind it, for runs that go past the checks."""
    marker = f"{UNSUBSCRIBE_PREFIX}{'0' * 32}"
    return BuiltEdition(edition, f"Digest {edition}", f"<p>Edition {edition}. <a href=\"{marker}\">Leave</a></p>",
                        f"Edition {edition}.\nLeave: {marker}\n", marker)



def test_a_relays_reply_is_stored_and_shown_without_terminal_escapes():
    """Issue 11, item 7: a relay's 5xx often quotes the remote server's text; it becomes the
    send's error (stored, printed by digest send), so escape sequences are taken out."""
    from tracker.newsletter.transport import _said

    said = _said("RCPT", 550, b"5.1.1 \x1b]0;pwned\x07mailbox \x1b[2Jgone \x9b31m")
    assert said.startswith("RCPT: 550 5.1.1") and "mailbox" in said and "gone" in said
    assert not any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 for c in said), repr(said)
