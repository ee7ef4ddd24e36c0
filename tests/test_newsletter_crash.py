"""A send killed with SIGKILL half-way through 200 recipients, then run again: every recipient
gets the edition exactly once, or is listed as uncertain until an editor resolves it.

The real command runs in a subprocess against a real SMTP server on 127.0.0.1 whose answer to
each message is slow, so the kill lands while messages are in flight."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import newsletterdata as nd
import pytest
from smtpserver import SMTPServer

RECIPIENTS = 200


@pytest.fixture
def world(tmp_path):
    (tmp_path / "world").mkdir()
    built = nd.build_world(tmp_path / "world")
    config, db_path, site = nd.copy_world(built, tmp_path)
    nd.add(db_path, *[f"reader{i:03d}@example.org" for i in range(RECIPIENTS)])
    server = SMTPServer()
    yield config, db_path, site, server
    server.stop()


def tracker(config, db_path, *args, server, **popen):
    env = {**os.environ, "TRACKER_SMTP_URL": server.url}
    command = [sys.executable, "-m", "tracker", "--config", str(config), "--db", str(db_path), "digest", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def finish(process, timeout: float = 120) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def test_kill_9_mid_send_then_rerun_sends_everyone_exactly_once_or_lists_them_uncertain(world):
    config, db_path, site, server = world
    send = ("send", "--edition", nd.EDITION, "--site", str(site))
    server.data_delay = 0.02  # each answer takes a moment: the kill finds a message in flight

    first = tracker(config, db_path, *send, server=server)
    deadline = time.monotonic() + 60
    while len(server.received) < 60:
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the send did not get going"
        time.sleep(0.005)
    first.send_signal(signal.SIGKILL)
    assert first.wait(timeout=30) == -signal.SIGKILL
    time.sleep(0.1)  # let the server finish the message it was answering
    killed_at = len(server.received)
    assert 60 <= killed_at < RECIPIENTS

    server.data_delay = 0
    code, _, err = finish(tracker(config, db_path, *send, server=server))
    assert code == 0, err
    uncertain = json.loads(finish(tracker(config, db_path, "send", "--uncertain", "--json", server=server))[1])
    listed = {row["email"] for row in uncertain}
    counts = Counter(server.recipients())
    everyone = {f"reader{i:03d}@example.org" for i in range(RECIPIENTS)}

    assert max(counts.values()) == 1, "someone got the edition twice"
    assert len(listed) <= 1  # one connection: at most one message was in flight
    assert {e for e in everyone if counts[e] == 1} | listed == everyone
    assert {e for e in everyone if counts[e] == 0} <= listed
    if listed:
        assert "may or may not have it" in err

    # The editor settles each uncertain one (here from the server's own record), and a last
    # run completes the edition.
    for address in listed:
        verdict = "--sent" if counts[address] else "--unsent"
        assert finish(tracker(config, db_path, "resolve", "--edition", nd.EDITION, address, verdict,
                              server=server))[0] == 0
    assert finish(tracker(config, db_path, *send, server=server))[0] == 0
    assert Counter(server.recipients()) == Counter(everyone)
    states = nd.sends(db_path)
    assert len(states) == RECIPIENTS and {row["state"] for row in states.values()} == {"sent"}
