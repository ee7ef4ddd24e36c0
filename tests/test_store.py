"""The database: migrations recorded in it, WAL, unique identifiers, full-text search."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

import pytest

from tracker.config import default_config_path, load_config
from tracker.errors import StoreError
from tracker.merge import Merger
from tracker.records import Record
from tracker.score import Scorer
from tracker.store import migrations, open_db, transaction


def test_a_blank_database_is_migrated_with_every_table_and_the_migration_recorded(tmp_path):
    db = open_db(tmp_path / "new" / "tracker.db")
    assert {"papers", "sightings", "paper_links", "runs", "source_state", "papers_fts"} <= set(db.table_names())
    assert {"doi", "pmid", "pmcid", "score", "status", "first_seen"} <= set(db["papers"].columns_dict)
    assert {"requests", "not_modified", "new", "updated", "merged", "failed", "error"} <= set(db["runs"].columns_dict)
    assert {"etag", "last_modified", "last_success", "failures_in_row"} <= set(db["source_state"].columns_dict)
    applied = [r["name"] for r in db["_sqlite_migrations"].rows]
    assert applied == [m.name for m in migrations.applied(db)] and applied
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_reopening_applies_nothing_twice_and_keeps_data(tmp_path):
    path = tmp_path / "tracker.db"
    db = open_db(path)
    db["runs"].insert({"run_group": "g", "source": "s", "started": "2026-11-20T00:00:00Z"})
    recorded = list(db["_sqlite_migrations"].rows)
    db.conn.close()
    again = open_db(path)
    assert again["runs"].count == 1
    assert list(again["_sqlite_migrations"].rows) == recorded
    assert migrations.pending(again) == []


def test_identifiers_are_unique_at_the_database_level(tmp_path):
    db = open_db(tmp_path / "tracker.db")
    row = {"title": "A", "first_seen": "2026", "updated_at": "2026", "doi": "10.1000/a", "pmid": "1"}
    db["papers"].insert(row)
    for column, value in (("doi", "10.1000/a"), ("pmid", "1")):
        with pytest.raises(sqlite3.IntegrityError):
            db["papers"].insert({"title": "B", "first_seen": "2026", "updated_at": "2026", column: value})


def test_full_text_index_follows_inserts_and_updates(tmp_path):
    db = open_db(tmp_path / "tracker.db")
    merger = Merger(db, Scorer(load_config(default_config_path())), "s", "rss", None)
    with transaction(db):
        merger.save(Record(title="Ayahuasca ceremonies and grief", doi="10.1000/aya", source_key="k1"))
    hits = lambda q: [r["rowid"] for r in db.query("SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?", [q])]
    assert len(hits("ayahuasca")) == 1
    with transaction(db):
        merger.save(Record(title="Ayahuasca ceremonies and grief", doi="10.1000/aya", source_key="k1",
                           abstract="Bereaved participants described integration."))
    assert len(hits("bereaved")) == 1


def test_a_failed_transaction_leaves_nothing_behind(tmp_path):
    db = open_db(tmp_path / "tracker.db")
    merger = Merger(db, Scorer(load_config(default_config_path())), "s", "rss", None)
    with pytest.raises(RuntimeError):
        with transaction(db):
            merger.save(Record(title="Psilocybin therapy", doi="10.1000/p", source_key="k"))
            raise RuntimeError("crash mid-source")
    assert db["papers"].count == 0 and db["sightings"].count == 0


def test_a_full_disk_mid_transaction_is_the_error_raised_not_the_rollback_after_it(tmp_path):
    """SQLite rolls back by itself when the disk fills; the ROLLBACK after it failed ("no
    transaction is active") and that error, recorded for the run, hid "database or disk is full"."""
    db = open_db(tmp_path / "tracker.db")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")  # a disk with room for two pages more
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
        with transaction(db):
            for n in range(100):
                db.execute("INSERT INTO ranking_state (key, value) VALUES (?, ?)", [f"k{n}", "x" * 4000])
    assert not db.conn.in_transaction


def test_a_sources_latest_new_paper_is_found_by_an_index_not_by_reading_its_sightings(tmp_path):
    """The editors' queue asks every source's health on each load; without an index the latest
    first sighting read every sighting of the source (0.16 s a load at 400,000 sightings)."""
    db = open_db(tmp_path / "tracker.db")
    plan = " ".join(str(row) for row in db.execute(
        "EXPLAIN QUERY PLAN SELECT max(first_seen) AS at FROM sightings WHERE source = ?", ["pubmed"]))
    assert "sightings_source_seen" in plan


def test_links_stored_before_paths_were_encoded_still_find_their_paper(tmp_path):
    """A feed item without a guid is known by its link, in the form keys had before safe_url
    encoded paths; m008 rewrites the papers' links, never the keys (a guid-keyed item must keep
    its key too)."""
    from tracker.normalize import safe_url
    from tracker.parse.feeds import parse_feed
    from tracker.store import m008_encoded_url_keys

    link = "https://journal.example/artículo/ketamina-en-pareja"
    guid = "https://journals.example/article?id=10.1371/journal.x.1"
    feed = (f'<rss version="2.0"><channel><title>J</title>'
            f"<item><title>Ketamina en pareja</title><link>{link}</link></item>"
            f"<item><title>A guid item</title><guid>{guid}</guid><link>{guid}</link></item>"
            "</channel></rss>").encode()
    first, second = parse_feed(feed, kind="rss").records
    assert first.url == safe_url(link) != link and first.source_key == link  # the key as it always was
    assert second.source_key == guid

    db = open_db(tmp_path / "tracker.db")
    scorer = Scorer(load_config(default_config_path()))
    with transaction(db):  # stored as the tracker stored it before paths were encoded
        Merger(db, scorer, "feed", "rss", None).save(Record(title=first.title, url=link, source_key=link))
        Merger(db, scorer, "feed", "rss", None).save(second)
    with transaction(db):
        m008_encoded_url_keys(db)
    # As m008 wrote it, whatever safe_url writes later (its own copy of the logic: issue 15, item 8)
    assert db.execute("SELECT url FROM papers WHERE id = 1").fetchone()[0] \
        == "https://journal.example/art%C3%ADculo/ketamina-en-pareja"
    with transaction(db):
        outcomes = [Merger(db, scorer, "feed", "rss", None).save(r) for r in (first, second)]
    assert "new" not in outcomes and db["papers"].count == 2


def test_full_text_index_follows_title_and_abstract_changes_only(tmp_path):
    """m009 narrowed the index's update trigger to title and abstract: a score or status
    change leaves the index alone, a new title is found and the old one no longer is."""
    db = open_db(tmp_path / "t.db")
    db["papers"].insert({"title": "Ketamine for couples", "abstract": "A pilot study.", "first_seen": "2026-01-01",
                         "updated_at": "2026-01-01"})
    pid = db.execute("SELECT id FROM papers").fetchone()[0]

    def found(word):
        return [r[0] for r in db.execute("SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?", [word])]

    changes = db.conn.total_changes
    db.execute("UPDATE papers SET score = 9, status = 'candidate' WHERE id = ?", [pid])
    assert db.conn.total_changes - changes == 1  # the row itself, nothing in the index
    db.execute("UPDATE papers SET title = 'Psilocybin for families' WHERE id = ?", [pid])
    assert found("psilocybin") == [pid] and found("ketamine") == []
    db.execute("UPDATE papers SET abstract = 'A registry.' WHERE id = ?", [pid])
    assert found("registry") == [pid] and found("pilot") == []


@pytest.fixture
def usual_umask():
    """The umask most accounts have (022): files made without care come out world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_database_and_every_file_beside_it_are_private_to_their_owner(tmp_path, usual_umask):
    """It holds password hashes, subscribers' addresses and their tokens (issue 11, item 5)."""
    path = tmp_path / "db" / "tracker.db"
    db = open_db(path)
    db["runs"].insert({"run_group": "g", "source": "s", "started": "2026-11-20T00:00:00Z"})
    files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()}
    # SQLite makes -wal and -shm with the main file's mode: all of them are there while the
    # connection is open, and none is readable by anyone else.
    assert {"tracker.db", "tracker.db-wal", "tracker.db-shm", "tracker.db.migrate-lock"} <= set(files)
    assert files == dict.fromkeys(files, 0o600)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700  # the folder it made for it
    assert open_db(path)["runs"].count == 1  # an empty file made beforehand is a fine database


def test_the_send_lock_beside_the_database_is_private_too(tmp_path, usual_umask):
    from tracker.newsletter.send import send_lock

    path = tmp_path / "tracker.db"
    open_db(path)
    with send_lock(path):
        pass
    assert stat.S_IMODE((tmp_path / "tracker.db.send-lock").stat().st_mode) == 0o600


def test_the_run_lock_is_private_and_holds_the_process_id(tmp_path, usual_umask):
    from tracker.pipeline import run_lock

    with run_lock(tmp_path / "tracker.db"):
        assert (tmp_path / "tracker.db.lock").read_text() == f"{os.getpid()}\n"
    assert stat.S_IMODE((tmp_path / "tracker.db.lock").stat().st_mode) == 0o600


# -- the one file lock (issue 15, item 5): a run, a send and a migration all take it -----------

def test_a_file_lock_refuses_a_second_holder_at_once_or_after_its_wait(tmp_path, usual_umask):
    import time

    from tracker.errors import LockError
    from tracker.store import file_lock

    path = tmp_path / "new" / "x.lock"
    with file_lock(path, wait=0, busy="busy now"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with pytest.raises(LockError, match="^busy now$"):
            with file_lock(path, wait=0, busy="busy now"):
                pass
        started = time.monotonic()
        with pytest.raises(LockError, match="holds"):
            with file_lock(path, wait=0.2):
                pass
        assert time.monotonic() - started >= 0.2
    with file_lock(path, wait=0):  # let go at the end of the block
        pass


def test_a_file_lock_without_a_limit_waits_for_the_holder(tmp_path):
    import threading

    from tracker.store import file_lock

    path = tmp_path / "x.lock"
    order = []
    holding = threading.Event()

    def hold():
        with file_lock(path, wait=None):
            holding.set()
            time_to_let_go.wait(5)
            order.append("first let go")

    time_to_let_go = threading.Event()
    thread = threading.Thread(target=hold)
    thread.start()
    assert holding.wait(5)
    threading.Timer(0.1, time_to_let_go.set).start()
    with file_lock(path, wait=None):
        order.append("second took it")
    thread.join(5)
    assert order == ["first let go", "second took it"]


def test_the_run_send_and_migration_locks_are_the_one_file_lock():
    import inspect

    from tracker import pipeline, store
    from tracker.newsletter import send

    for module in (pipeline, send, store):
        source = inspect.getsource(module)
        if module is store:  # the lock, and the look at whether another process holds it
            source = source.replace(inspect.getsource(store.file_lock.__wrapped__), "")
            source = source.replace(inspect.getsource(store._shareable), "")
        assert "flock" not in source, module.__name__
    assert "file_lock(" in inspect.getsource(pipeline.run_lock) and "file_lock(" in inspect.getsource(send.send_lock)


def test_opening_without_create_refuses_a_missing_database_and_creates_nothing(tmp_path):
    with pytest.raises(StoreError, match="no database at"):
        open_db(tmp_path / "db" / "tracker.db", create=False)
    assert list(tmp_path.iterdir()) == []
    open_db(tmp_path / "tracker.db")
    assert open_db(tmp_path / "tracker.db", create=False)["papers"].count == 0


def test_an_abstract_stored_before_the_cap_is_cut_when_the_database_is_opened(tmp_path):
    """Issue 11, item 9: records are cut as they are made (2,000 / 20,000 characters), and a
    database written by an older version gets its oversized papers cut by a migration."""
    path = tmp_path / "tracker.db"
    db = open_db(path)
    with transaction(db):
        Merger(db, Scorer(load_config(default_config_path())), "s", "rss", None).save(
            Record(title="Ketamine for couples", abstract="Short.", doi="10.1/x", source_key="x"))
    pid = db.execute("SELECT id FROM papers").fetchone()[0]
    huge = "ketamine " * 1_000_000  # 9 MB, as an older version would have stored it
    db.execute("UPDATE papers SET abstract = ?, title = ? WHERE id = ?", [huge, "t" * 5_000, pid])
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_cut_oversized_text'")
    db.conn.commit()
    db.conn.close()

    again = open_db(path)
    title, abstract = again.execute("SELECT title, abstract FROM papers WHERE id = ?", [pid]).fetchone()
    assert len(abstract) <= 20_000 and abstract.endswith("[… abstract cut by the tracker: the source sent 9,000,000 characters]")
    assert len(title) <= 2_000 and "title cut by the tracker" in title
    # the full-text index follows the cut text (its triggers see the update)
    assert again.execute("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'ketamine'").fetchone()[0] == 1


# -- "does this paper exist": one answer (issue 15, item 5) -------------------------------------

def test_paper_exists_answers_for_any_id_even_past_sqlites_integers(tmp_path):
    from tracker.store import paper_exists

    db = open_db(tmp_path / "t.db")
    with transaction(db):
        Merger(db, Scorer(load_config(default_config_path())), "s", "rss", None).save(
            Record(title="A paper", url="https://example.org/a", source_key="https://example.org/a"))
    (paper_id,) = db.execute("SELECT id FROM papers").fetchone()
    assert paper_exists(db, paper_id)
    for missing in (paper_id + 1, 0, -1, 2**63, -2**63 - 1, 10**30):
        assert not paper_exists(db, missing), missing


def test_every_no_such_paper_check_asks_paper_exists():
    from pathlib import Path

    import tracker

    root = Path(tracker.__file__).parent
    asking = [str(p.relative_to(root)) for p in root.rglob("*.py") if "SELECT 1 FROM papers WHERE id" in p.read_text()]
    assert asking == ["store.py"]


# -- migrations run years later: they use nothing of the tracker that may change (issue 15, item 8)

def test_migrations_use_nothing_of_the_tracker_but_their_own_frozen_copies(tmp_path):
    """A migration is SQL, the standard library, sqlite-utils and its own copies (`_m008_...`):
    no import inside it, no name store.py imports from the tracker, no helper or constant of
    store.py that is not a migration's own copy, followed through the copies it calls."""
    import ast
    import inspect
    import re

    import tracker.store as store

    tree = ast.parse(inspect.getsource(store))
    from_tracker = {alias.asname or alias.name for node in tree.body
                    if isinstance(node, ast.ImportFrom) and node.level > 0 for alias in node.names}
    outside = {alias.asname or alias.name.split(".")[0] for node in tree.body
               if isinstance(node, (ast.Import, ast.ImportFrom)) and not getattr(node, "level", 0)
               for alias in node.names}
    assert outside and not outside & from_tracker
    defined = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                if isinstance(target, ast.Name):
                    defined[target.id] = node
    names = sorted(name for name in defined if re.match(r"m\d{3}_", name))
    assert names == [row["name"] for row in open_db(tmp_path / "t.db")["_sqlite_migrations"].rows]

    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(defined[name]):
            assert not isinstance(node, (ast.Import, ast.ImportFrom)), f"{name} imports at line {node.lineno}"
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                used = node.id
                assert used not in from_tracker, f"{name} uses {used}, imported from the tracker"
                if used in defined and used != "migrations" and not re.match(r"m\d{3}_", used):
                    assert re.match(r"_[mM]\d{3}_", used), f"{name} uses store.{used}, which may change"
                    todo.append(used)
    assert {"_m008_safe_url", "_m013_cut", "_m013_cut_sections"} <= seen


def test_m013_cuts_sections_as_it_did_when_written(tmp_path):
    """A database made before m013 with structured abstract sections over the cap: the sections
    that fit are kept, the one that does not is cut with the marker, the rest are left out."""
    path = tmp_path / "tracker.db"
    db = open_db(path)
    with transaction(db):
        Merger(db, Scorer(load_config(default_config_path())), "s", "rss", None).save(
            Record(title="Ketamine for couples", abstract="Short.", doi="10.1/x", source_key="x"))
    sections = [["Background", "couples " * 1_000], ["Methods", "ketamine " * 2_000], ["Results", "x " * 5_000]]
    db.execute("UPDATE papers SET abstract_sections = ?", [json.dumps(sections)])
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_cut_oversized_text'")
    db.conn.commit()
    db.conn.close()

    stored = json.loads(open_db(path).execute("SELECT abstract_sections FROM papers").fetchone()[0])
    assert [label for label, _ in stored] == ["Background", "Methods"]
    assert stored[0][1] == sections[0][1]
    assert stored[1][1].endswith("[… abstract cut by the tracker: the source sent 18,000 characters]")
    assert sum(len(label) + len(text) for label, text in stored) <= 20_000


def test_lock_held_tells_whether_another_holds_the_lock_and_never_takes_or_makes_it(tmp_path):
    from tracker.store import file_lock, lock_held

    path = tmp_path / "db.lock"
    assert not lock_held(path) and not path.exists()  # never taken: not made by looking
    with file_lock(path, wait=0):
        assert lock_held(path)
    assert not lock_held(path)
    with file_lock(path, wait=0):  # looking took nothing: the next holder gets it at once
        pass


def test_a_run_is_not_refused_because_someone_looked_at_its_lock(tmp_path):
    """lock_held takes a shared lock for a moment; a run starting in that moment was refused as if
    another run held the lock (exit 75), about one start in ten in a tight loop."""
    import fcntl
    import threading

    from tracker.pipeline import run_lock
    from tracker.store import run_lock_path

    db = tmp_path / "tracker.db"
    run_lock_path(db).touch()
    glance = open(run_lock_path(db))
    fcntl.flock(glance, fcntl.LOCK_SH | fcntl.LOCK_NB)  # a glance, caught in the middle
    threading.Timer(0.2, lambda: fcntl.flock(glance, fcntl.LOCK_UN)).start()
    with run_lock(db):
        pass
    glance.close()
    # ... while another run, holding it, still refuses this one at once
    import time

    from tracker.errors import LockError

    with run_lock(db):
        started = time.monotonic()
        with pytest.raises(LockError, match="another tracker run holds"):
            with run_lock(db):
                pass
        assert time.monotonic() - started < 0.2


@pytest.mark.parametrize("before", ["m018_runs_replay", "m019_earlier_replays"])
def test_the_replays_an_older_version_logged_are_marked(tmp_path, before):
    """Replays logged before runs.replay existed counted as the source's last run and their papers
    as new: a run that stored what it read without making one request was a replay. Marked for a
    database from before m018, and for one m018 had reached before it marked them (m019)."""
    path = tmp_path / "tracker.db"
    db = open_db(path)
    with db.conn:  # the database as a version before `before` left it
        if before == "m018_runs_replay":
            db.execute("ALTER TABLE runs DROP COLUMN replay")
            db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm018_runs_replay'")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm019_earlier_replays'")
        for requests, status, fetched in ((0, "ok", 3), (2, "ok", 3), (1, "failed", 0), (1, "ok", 0)):
            db.execute("INSERT INTO runs (run_group, source, started, requests, status, fetched)"
                       " VALUES ('g', 'feed', '2026-11-20T00:00:00Z', ?, ?, ?)", [requests, status, fetched])
    db.conn.close()
    marked = [r[0] for r in open_db(path).execute("SELECT replay FROM runs ORDER BY id")]
    assert marked == [1, 0, 0, 0]


def test_lock_held_says_held_when_the_file_system_cannot_tell(tmp_path, monkeypatch):
    """flock failing with ENOLCK (NFS without its lock daemon) was a traceback in tracker status
    and the web queue; a holder is never called gone."""
    import errno
    import fcntl

    from tracker.store import lock_held

    path = tmp_path / "db.lock"
    path.touch()

    def no_locks(*args):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    assert lock_held(path)
