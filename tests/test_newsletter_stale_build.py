"""A send mails only what passed the checks: a build older than the summaries is refused."""

from __future__ import annotations

import digestdata
import newsletterdata as nd

from tracker.config import load_config
from tracker.digest import build as build_digest
from tracker.review import save_summary
from tracker.store import open_db


def test_send_refuses_a_built_edition_that_no_longer_matches_the_checked_summaries(newsletter_world, tmp_path):
    """digest send must never mail a stale build whose text failed the checks that `send` just ran on the DB."""
    config, db_path, site = nd.copy_world(newsletter_world, tmp_path)
    db = open_db(db_path)
    paper_id = db.execute("SELECT id FROM papers WHERE doi = ?", ["10.5555/dg.mdma"]).fetchone()[0]
    hyped = {**digestdata.SUMMARIES["trial"], "key_takeaway": "A miracle breakthrough that proves MDMA cures PTSD."}
    save_summary(db, paper_id, hyped, digestdata.EDITOR)
    build_digest(db, load_config(config), nd.EDITION, site)  # built while the checks block
    save_summary(db, paper_id, digestdata.SUMMARIES["trial"], digestdata.EDITOR)  # fixed, not rebuilt
    db.conn.close()
    nd.add(db_path, "reader@example.org")
    run = nd.cli_runner(config, db_path)
    result = run("digest", "send", "--edition", nd.EDITION, "--site", str(site), "--outbox")
    # Refused as an error, not passed over: a cron job or CI sees the send did not happen.
    assert result.exit_code == 1, result.output
    assert f"the built edition {nd.EDITION} is not what the papers and summaries say now" in result.stderr
    assert f"tracker digest build --edition {nd.EDITION}" in result.stderr
    outbox = db_path.parent / "outbox"
    sent = [p.read_bytes() for p in outbox.glob("*.eml")] if outbox.exists() else []
    assert sent == [], "a stale build was mailed"
    assert nd.sends(db_path) == {}  # and no one was claimed for it
