"""The SQLite store: one open_db(), ordered migrations recorded in the database, plain tables.

Tables (all real columns; list-valued fields are JSON arrays in TEXT columns):
  papers        one row per work, unique on doi / pmid / pmcid
  sightings     each version of a paper that a source returned (append-only history)
  paper_links   corrections, retractions and updates between papers (by PMID or DOI)
  runs          one row per source per `tracker run`: requests, not-modified, new, updated, ...
  source_state  per source: ETag, Last-Modified, last success, failures in a row, last error
  papers_fts    full-text index over title and abstract, kept in step by triggers
  decisions, lay_summaries, editors, login_attempts   editorial review (m002)
  paper_topics  (topic, paper) pairs from papers.topics, kept in step by triggers (m003)
  study_type_labels, check_overrides, digest_notices   the weekly digest (m004)
  subscribers, sends, subscribe_attempts   the newsletter (m006)
  source_state.refreshed_until   PubMed's look for changed records (m007)
  (m008 percent-encodes the paths of papers' links)
  ranking_models, ranking_features, ranking_evaluations   the learned ranking (m009)
  similar_lookups, similar_papers   PubMed's similar articles of approved papers (m010)
  papers.preprint, papers.preprint_doi, source_state.linked_until   preprints (m011)
  papers.journal_linked   when a preprint's journal version became known (m012)
  article_slugs   the fixed address of each paper's article page in the digest (m014)
  forgotten_sends   the e-mails of each edition to subscribers since forgotten, counted (m015)
  (m016 indexes sightings by source and first_seen: a source's last new paper, for its health)
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import sqlite3
import textwrap
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import sqlite_utils
from sqlite_utils import Migrations

from .errors import ConfigError, LockError, StoreError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000

# A migration runs once in each database, when a newer tracker first opens it: perhaps years
# after it was written, beside code that has changed since. So a migration is SQL, the standard
# library and sqlite-utils' Migrations, and its own copy of any other logic it applies (m008's
# link rewriting, m013's cut), named after it and frozen: a later change to the original
# leaves the migration as it is. It imports nothing of the tracker (test_store checks this).
migrations = Migrations("tracker")

# Columns holding JSON lists/objects: decoded when a paper is read.
JSON_COLUMNS = ("abstract_sections", "authors", "publication_types", "mesh", "keywords", "topics", "explanation",
                "preprint")


def rows_in(conn, sql: str, keys: list, *params):
    """The rows of `sql` for every key, asking in chunks of 500 (SQLite's limit on variables):
    `sql` holds `{marks}` where the chunk's placeholders go, after `params`' own."""
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        yield from conn.execute(sql.format(marks=",".join("?" * len(chunk))), [*params, *chunk])


def utcnow() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE papers (
            id INTEGER PRIMARY KEY,
            doi TEXT UNIQUE,
            pmid TEXT UNIQUE,
            pmcid TEXT UNIQUE,
            title TEXT NOT NULL,
            abstract TEXT NOT NULL DEFAULT '',
            abstract_sections TEXT NOT NULL DEFAULT '[]',
            journal TEXT,
            published TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            url TEXT,
            article_type TEXT,
            publication_types TEXT NOT NULL DEFAULT '[]',
            mesh TEXT NOT NULL DEFAULT '[]',
            keywords TEXT NOT NULL DEFAULT '[]',
            language TEXT,
            retracted INTEGER NOT NULL DEFAULT 0,
            score REAL NOT NULL DEFAULT 0,
            topics TEXT NOT NULL DEFAULT '{}',
            explanation TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'below_threshold',
            first_seen TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX papers_status_score ON papers(status, score DESC, id);
        CREATE INDEX papers_score ON papers(score DESC, id);
        CREATE INDEX papers_first_seen ON papers(first_seen);

        CREATE TABLE sightings (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id),
            source TEXT NOT NULL,
            source_type TEXT NOT NULL,
            source_key TEXT NOT NULL,
            run_id INTEGER,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            times_seen INTEGER NOT NULL DEFAULT 1,
            content_hash TEXT NOT NULL,
            record TEXT NOT NULL,
            superseded INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX sightings_key ON sightings(source, source_key, superseded);
        CREATE INDEX sightings_paper ON sightings(paper_id);
        -- At most one current version per source item.
        CREATE UNIQUE INDEX sightings_current ON sightings(source, source_key) WHERE superseded = 0;

        CREATE TABLE paper_links (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id),
            kind TEXT NOT NULL,
            target_pmid TEXT NOT NULL DEFAULT '',
            target_doi TEXT NOT NULL DEFAULT '',
            text TEXT,
            UNIQUE (paper_id, kind, target_pmid, target_doi)
        );
        CREATE INDEX paper_links_pmid ON paper_links(target_pmid);
        CREATE INDEX paper_links_doi ON paper_links(target_doi);

        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            run_group TEXT NOT NULL,
            source TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            requests INTEGER NOT NULL DEFAULT 0,
            not_modified INTEGER NOT NULL DEFAULT 0,
            fetched INTEGER NOT NULL DEFAULT 0,
            new INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            merged INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );
        CREATE INDEX runs_source ON runs(source, id);

        CREATE TABLE source_state (
            source TEXT PRIMARY KEY,
            fingerprint TEXT,
            etag TEXT,
            last_modified TEXT,
            window_end TEXT,
            last_attempt TEXT,
            last_success TEXT,
            failures_in_row INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        """
    )
    # The full-text index and its triggers, word for word as sqlite-utils 4.2's
    # enable_fts(["title", "abstract"], create_triggers=True, tokenize="porter") made them (m009
    # rewrites papers_au by its text), written out so that a later sqlite-utils changes nothing.
    # Dedented: SQLite keeps each statement's text as written.
    db.executescript(textwrap.dedent(
        """
        CREATE VIRTUAL TABLE "papers_fts" USING FTS5 (
            "title", "abstract",
            tokenize='porter',
            content="papers"
        );
        CREATE TRIGGER "papers_ai" AFTER INSERT ON "papers" BEGIN
          INSERT INTO "papers_fts" (rowid, "title", "abstract") VALUES (new.rowid, new."title", new."abstract");
        END;
        CREATE TRIGGER "papers_ad" AFTER DELETE ON "papers" BEGIN
          INSERT INTO "papers_fts" ("papers_fts", rowid, "title", "abstract") VALUES('delete', old.rowid, old."title", old."abstract");
        END;
        CREATE TRIGGER "papers_au" AFTER UPDATE ON "papers" BEGIN
          INSERT INTO "papers_fts" ("papers_fts", rowid, "title", "abstract") VALUES('delete', old.rowid, old."title", old."abstract");
          INSERT INTO "papers_fts" (rowid, "title", "abstract") VALUES (new.rowid, new."title", new."abstract");
        END;
        """
    ))


@migrations()
def m002_review(db: sqlite_utils.Database) -> None:
    """Editorial review: decisions (append-only), lay summaries (versioned), editions, editors."""
    db.executescript(
        """
        ALTER TABLE papers ADD COLUMN edition TEXT;
        -- id of the paper's latest decision: a form carries it, so a stale page is detected.
        ALTER TABLE papers ADD COLUMN last_decision INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX papers_edition ON papers(edition, status);

        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id),
            editor TEXT NOT NULL,
            at TEXT NOT NULL,
            from_status TEXT NOT NULL,
            to_status TEXT NOT NULL,
            reason TEXT,
            note TEXT,
            edition TEXT
        );
        CREATE INDEX decisions_paper ON decisions(paper_id, id);
        -- History is appended, never rewritten (only a merge of two papers may re-point it).
        CREATE TRIGGER decisions_append_only_update
        BEFORE UPDATE OF editor, at, from_status, to_status, reason, note, edition ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
        CREATE TRIGGER decisions_append_only_delete BEFORE DELETE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

        CREATE TABLE lay_summaries (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id),
            version INTEGER NOT NULL,
            headline TEXT NOT NULL DEFAULT '',
            dek TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            key_takeaway TEXT NOT NULL DEFAULT '',
            what_it_means TEXT NOT NULL DEFAULT '',
            caveats TEXT NOT NULL DEFAULT '',
            editor TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX lay_summaries_paper ON lay_summaries(paper_id, id);

        CREATE TABLE editors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created TEXT NOT NULL
        );

        CREATE TABLE login_attempts (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL,
            address TEXT NOT NULL,
            at REAL NOT NULL,
            ok INTEGER NOT NULL
        );
        CREATE INDEX login_attempts_user ON login_attempts(username, at);
        CREATE INDEX login_attempts_address ON login_attempts(address, at);
        """
    )


@migrations()
def m003_queue_indexes(db: sqlite_utils.Database) -> None:
    """Keep the editors' queue fast at 100,000 papers, whatever the filters.

    - papers_queue / papers_rank: the queue's order (score DESC, id DESC) with first_seen in the
      index, so keyset paging needs no sort and a date filter reads no table rows; they replace
      papers_status_score and papers_score (same leading columns, id in the wrong direction).
    - sightings_source_paper: the source filter's id set straight from an index.
    - paper_topics: one row per (topic, paper), kept in step with papers.topics by triggers (so
      merge and rescore need not know), so a topic filter reads an index instead of every
      paper's JSON. No foreign key: merge re-points only tables that reference papers.
    """
    db.executescript(
        """
        CREATE INDEX papers_queue ON papers(status, score DESC, id DESC, first_seen);
        CREATE INDEX papers_rank ON papers(score DESC, id DESC, first_seen);
        DROP INDEX papers_status_score;
        DROP INDEX papers_score;
        CREATE INDEX sightings_source_paper ON sightings(source, paper_id);

        CREATE TABLE paper_topics (
            topic TEXT NOT NULL,
            paper_id INTEGER NOT NULL,
            PRIMARY KEY (topic, paper_id)
        ) WITHOUT ROWID;
        CREATE INDEX paper_topics_paper ON paper_topics(paper_id);
        INSERT OR IGNORE INTO paper_topics (topic, paper_id)
            SELECT j.key, p.id FROM papers p, json_each(p.topics) j;
        CREATE TRIGGER paper_topics_insert AFTER INSERT ON papers BEGIN
            INSERT OR IGNORE INTO paper_topics (topic, paper_id) SELECT key, new.id FROM json_each(new.topics);
        END;
        CREATE TRIGGER paper_topics_update AFTER UPDATE OF topics ON papers
        WHEN old.topics IS NOT new.topics BEGIN
            DELETE FROM paper_topics WHERE paper_id = old.id;
            INSERT OR IGNORE INTO paper_topics (topic, paper_id) SELECT key, new.id FROM json_each(new.topics);
        END;
        CREATE TRIGGER paper_topics_delete AFTER DELETE ON papers BEGIN
            DELETE FROM paper_topics WHERE paper_id = old.id;
        END;
        """
    )


@migrations()
def m004_digest(db: sqlite_utils.Database) -> None:
    """The weekly digest: editors' study-type labels, check overrides, published correction notices.

    All three are append-only histories pointing at papers (so a merge re-points them): the
    current label or override of a paper is its latest row. No unique keys, for the same reason.
    - study_type_labels: the editor's choice of study type (NULL study_type: back to the derived one).
    - check_overrides: a flag an editor accepted, with the reason, for one version of the lay
      summary (an edit of the summary lapses it); NULL reason: the override was withdrawn.
    - digest_notices: a correction or retraction notice and the edition that carried it, so each
      notice is published once.
    """
    db.executescript(
        """
        CREATE TABLE study_type_labels (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id),
            study_type TEXT,
            reason TEXT,
            editor TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX study_type_labels_paper ON study_type_labels(paper_id, id);

        CREATE TABLE check_overrides (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id),
            check_name TEXT NOT NULL,
            summary_version INTEGER NOT NULL,
            reason TEXT,
            editor TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX check_overrides_paper ON check_overrides(paper_id, check_name, id);

        CREATE TABLE digest_notices (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id),
            kind TEXT NOT NULL,
            notice_key TEXT NOT NULL,
            edition TEXT NOT NULL,
            recorded TEXT NOT NULL
        );
        CREATE INDEX digest_notices_paper ON digest_notices(paper_id, kind, notice_key);
        CREATE INDEX digest_notices_edition ON digest_notices(edition);
        """
    )


@migrations()
def m005_sessions_and_append_only(db: sqlite_utils.Database) -> None:
    """Logging out ends every session of an editor; decisions and summaries stay append-only."""
    db.executescript(
        """
        ALTER TABLE editors ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
        DROP TRIGGER decisions_append_only_update;
        CREATE TRIGGER decisions_append_only_update
        BEFORE UPDATE OF id, editor, at, from_status, to_status, reason, note, edition ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
        -- A merge of two papers may re-point and renumber versions, never rewrite their text.
        CREATE TRIGGER lay_summaries_append_only_update
        BEFORE UPDATE OF id, headline, dek, summary, key_takeaway, what_it_means, caveats, editor, at
        ON lay_summaries
        BEGIN SELECT RAISE(ABORT, 'lay summary versions are append-only'); END;
        CREATE TRIGGER lay_summaries_append_only_delete BEFORE DELETE ON lay_summaries
        BEGIN SELECT RAISE(ABORT, 'lay summary versions are append-only'); END;
        """
    )


@migrations()
def m006_newsletter(db: sqlite_utils.Database) -> None:
    """The newsletter: subscribers, the per-recipient send log, the subscribe form's rate limit.

    - subscribers: one row per address (unique whatever the letter case). `token` is permanent
      and goes into every unsubscribe link; `confirm_token` is made anew for each confirmation
      e-mail and cleared once used. An unsubscribed row stays, so no import brings it back.
      `failures` counts permanent refusals of consecutive editions (reset by a delivery).
    - sends: one row per (edition, subscriber). `claimed` is committed before the message goes
      out, `sent` once the server accepted it; a row still `claimed` after a crash is uncertain
      until an editor resolves it. `failed` (temporary) and `unsent` (resolved) go out again on
      the next run; `rejected` (permanent) does not.
    - subscribe_attempts: the public form's sign-ups, by hashed address and by client address.
    """
    db.executescript(
        """
        CREATE TABLE subscribers (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL,
            name TEXT,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced')),
            token TEXT NOT NULL UNIQUE,
            confirm_token TEXT UNIQUE,
            confirm_sent TEXT,
            source TEXT NOT NULL,
            created TEXT NOT NULL,
            confirmed TEXT,
            unsubscribed TEXT,
            bounced TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE UNIQUE INDEX subscribers_email ON subscribers(email COLLATE NOCASE);
        CREATE INDEX subscribers_status ON subscribers(status, id);

        CREATE TABLE sends (
            id INTEGER PRIMARY KEY,
            edition TEXT NOT NULL,
            subscriber_id INTEGER NOT NULL REFERENCES subscribers(id),
            state TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'rejected', 'unsent')),
            attempts INTEGER NOT NULL DEFAULT 0,
            message_id TEXT NOT NULL,
            claimed TEXT,
            sent TEXT,
            resolved TEXT,
            updated TEXT NOT NULL,
            error TEXT,
            UNIQUE (edition, subscriber_id)
        );
        CREATE INDEX sends_state ON sends(edition, state);
        CREATE INDEX sends_subscriber ON sends(subscriber_id);

        CREATE TABLE subscribe_attempts (
            id INTEGER PRIMARY KEY,
            email_hash TEXT NOT NULL,
            address TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX subscribe_attempts_email ON subscribe_attempts(email_hash, at);
        CREATE INDEX subscribe_attempts_address ON subscribe_attempts(address, at);
        """
    )


@migrations()
def m007_pubmed_refresh(db: sqlite_utils.Database) -> None:
    """source_state.refreshed_until: the day up to which a PubMed source has looked for stored
    records that PubMed changed since (an abstract or MeSH added, a correction)."""
    db.execute("ALTER TABLE source_state ADD COLUMN refreshed_until TEXT")


@migrations()
def m008_encoded_url_keys(db: sqlite_utils.Database) -> None:
    """safe_url now percent-encodes a link's path (a raw `"` or `<` in a stored link could be
    markup in the plain-text digest): the papers' stored links are rewritten the same way.
    Sighting keys are left as they are: feed items keep being known by the keys they had."""
    for paper, url in db.execute("SELECT id, url FROM papers WHERE typeof(url) = 'text'").fetchall():
        try:
            new = _m008_safe_url(url)
        except (TypeError, ValueError):  # UnicodeError included: a value no link can have
            continue
        if new and new != url:
            db.execute("UPDATE papers SET url = ? WHERE id = ?", [new, paper])


# normalize.safe_url as m008 applies it, frozen here: the whitespace and characters it drops
# (normalize.collapse_ws, textsafe's set), the tracking parameters, the path's encoding.
_M008_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)) + "]")
_M008_TRACKING = re.compile(r"^(?:utm_[a-z]+|fc|ff|v|dopt|ncbi_[a-z]+)\Z", re.I)


def _m008_safe_url(value: str | None) -> str | None:
    if not value:
        return None
    url = re.sub(r"\s+", " ", _M008_UNSAFE.sub("", value)).strip().replace(" ", "%20")
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c in parts.netloc for c in "<>\"'\\"):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _M008_TRACKING.match(k)]
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


@migrations()
def m009_ranking(db: sqlite_utils.Database) -> None:
    """The learned ranking, as plain data (never a pickle: a database file someone hands you must
    not be able to run code). One row per trained model in ranking_models; its vocabulary with
    each feature's idf and weight in ranking_features; each backtest's report in ranking_evaluations."""
    db.executescript(
        """
        -- The score's two parts: the rules' score, and the model's probability (NULL: no model).
        -- papers.score is what ranks the queue: the rules' score plus the model's points.
        ALTER TABLE papers ADD COLUMN rules_score REAL;
        ALTER TABLE papers ADD COLUMN model_probability REAL;
        UPDATE papers SET rules_score = score;
        CREATE TABLE ranking_models (
            id INTEGER PRIMARY KEY,
            trained_at TEXT NOT NULL,
            -- the newest decision the model learned from: a newer one means it is out of date
            last_decision INTEGER NOT NULL,
            approved INTEGER NOT NULL,
            rejected INTEGER NOT NULL,
            params TEXT NOT NULL          -- JSON: intercept, scaling, feature settings
        );
        CREATE TABLE ranking_features (
            model_id INTEGER NOT NULL REFERENCES ranking_models(id) ON DELETE CASCADE,
            feature TEXT NOT NULL,
            idf REAL NOT NULL,
            weight REAL NOT NULL,
            PRIMARY KEY (model_id, feature)
        ) WITHOUT ROWID;
        CREATE TABLE ranking_evaluations (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            report TEXT NOT NULL          -- JSON, as tracker rank evaluate --json prints it
        );
        -- What the stored scores were made with (the model in use, its weight, cap and
        -- threshold): a config or model that differs means they are rescored.
        CREATE TABLE ranking_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL           -- JSON
        );
        """
    )
    # The full-text index's update trigger (made by sqlite-utils' enable_fts) fires on an update
    # of any column, re-indexing title and abstract when only a score or a status changed: a
    # rescore of every paper spent most of its time there. Only title and abstract matter to it.
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'papers_au'").fetchone()
    if row and 'AFTER UPDATE ON "papers"' in row[0]:
        db.execute("DROP TRIGGER papers_au")
        db.execute(row[0].replace('AFTER UPDATE ON "papers"', 'AFTER UPDATE OF "title", "abstract" ON "papers"'))


@migrations()
def m010_similar(db: sqlite_utils.Database) -> None:
    """PubMed's similar articles (tracker run asks ELink once per approved paper with a PMID).

    Both tables name papers by PMID, which never changes and is unique among papers, so a merge
    of two papers needs no special care and a row outlives a paper re-derived without it.
    - similar_lookups: one row per approved PMID whose neighbours were asked for and stored;
      a look-up that failed has no row, so the next run asks again.
    - similar_papers: which approved PMID's look-up brought in which neighbour, with PubMed's
      similarity score: the queue's "similar to #ID (approved)".
    """
    db.executescript(
        """
        CREATE TABLE similar_lookups (
            pmid TEXT PRIMARY KEY,        -- the approved paper's PMID
            paper_id INTEGER REFERENCES papers(id),
            run_id INTEGER,
            looked_up TEXT NOT NULL,
            neighbours INTEGER NOT NULL,  -- how many ELink listed
            fetched INTEGER NOT NULL      -- how many were new and recent enough to fetch
        );
        CREATE TABLE similar_papers (
            pmid TEXT NOT NULL,           -- the neighbour brought in
            source_pmid TEXT NOT NULL,    -- the approved paper whose look-up found it
            score INTEGER,                -- ELink's neighbor_score
            run_id INTEGER,
            found TEXT NOT NULL,
            PRIMARY KEY (pmid, source_pmid)
        ) WITHOUT ROWID;
        CREATE INDEX similar_papers_source ON similar_papers(source_pmid);
        """
    )

@migrations()
def m011_preprints(db: sqlite_utils.Database) -> None:
    """Preprints (medRxiv, bioRxiv, PsyArXiv) and their journal versions as one paper.

    - papers.preprint: JSON {doi, server, version, posted, url} of the preprint, NULL for a
      paper no preprint server has shown; papers.doi stays the journal DOI (NULL until one is
      known), so a journal record matches by DOI and a preprint record by preprint_doi.
    - papers.preprint_doi: the preprint's DOI, unique like the other identifiers.
    - source_state.linked_until: the day a preprint source last asked, DOI by DOI, whether
      its unlinked candidates have a journal version (weekly).
    """
    db.executescript(
        """
        ALTER TABLE papers ADD COLUMN preprint TEXT;
        ALTER TABLE papers ADD COLUMN preprint_doi TEXT;
        CREATE UNIQUE INDEX papers_preprint_doi ON papers(preprint_doi) WHERE preprint_doi IS NOT NULL;
        ALTER TABLE source_state ADD COLUMN linked_until TEXT;
        """
    )


@migrations()
def m012_journal_linked(db: sqlite_utils.Database) -> None:
    """papers.journal_linked: when the merge first knew a preprint's journal version (UTC).

    A digest edition that featured the paper before then featured a preprint, and the next
    edition built says it is now published; no sighting keeps that moment (a sighting that
    changes keeps its first_seen), so it is written when it happens."""
    db.execute("ALTER TABLE papers ADD COLUMN journal_linked TEXT")


@migrations()
def m013_cut_oversized_text(db: sqlite_utils.Database) -> None:
    """Titles and abstracts stored before records.py capped them (2,000 and 20,000 characters)
    are cut the same way now: one 9 MB abstract made its paper page take seconds. A sighting's
    record keeps what the source sent; a Record made from it is cut as it is made."""
    title_limit, abstract_limit = 2_000, 20_000  # records.MAX_TITLE and MAX_ABSTRACT when written
    rows = db.execute(
        "SELECT id, title, abstract, abstract_sections FROM papers"
        " WHERE length(title) > ? OR length(abstract) > ? OR length(abstract_sections) > ?",
        [title_limit, abstract_limit, abstract_limit]).fetchall()
    for paper_id, title, abstract, sections in rows:
        parsed = [tuple(s) for s in json.loads(sections or "[]")]
        if sum(len(label or "") + len(text or "") for label, text in parsed) > abstract_limit:
            parsed = _m013_cut_sections(parsed, abstract_limit)
        db.execute("UPDATE papers SET title = ?, abstract = ?, abstract_sections = ? WHERE id = ?",
                   [_m013_cut(title, title_limit, "title"), _m013_cut(abstract, abstract_limit, "abstract"),
                    json.dumps([list(s) for s in parsed], ensure_ascii=False, separators=(",", ":")), paper_id])


# records.cut and records._cut_sections as m013 applies them, frozen here.
def _m013_cut(text: str, limit: int, what: str) -> str:
    if not text or len(text) <= limit:
        return text
    marker = f" [… {what} cut by the tracker: the source sent {len(text):,} characters]"
    room = max(0, limit - len(marker))
    space = text.rfind(" ", max(0, room - 200), room)
    return text[:space if space > 0 else room].rstrip() + marker


def _m013_cut_sections(sections: list[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    kept: list[tuple[str, str]] = []
    used = 0
    for label, text in sections:
        room = limit - used - len(label)
        if len(text) > room:
            if room > 200:
                kept.append((label, _m013_cut(text, room, "abstract")))
            break
        kept.append((label, text))
        used += len(label) + len(text)
    return kept


@migrations()
def m014_article_slugs(db: sqlite_utils.Database) -> None:
    """article_slugs: the address of each featured paper's page in the digest
    (DIR/articles/<slug>/), fixed when the page is first built, so a headline edited later
    keeps the address readers have shared. A paper's oldest row is its address (two papers
    merged keep both rows)."""
    db.executescript(
        """
        CREATE TABLE article_slugs (
            id INTEGER PRIMARY KEY,
            paper_id INTEGER NOT NULL REFERENCES papers(id),
            slug TEXT NOT NULL UNIQUE,
            edition TEXT NOT NULL,
            recorded TEXT NOT NULL
        );
        CREATE INDEX article_slugs_paper ON article_slugs(paper_id, id);
        """
    )


@migrations()
def m015_forgotten_sends(db: sqlite_utils.Database) -> None:
    """forgotten_sends: how many messages of each edition went to subscribers since forgotten
    (subscribers remove --forget deletes their send rows), and when the first went, with no
    address: whether an edition was e-mailed, and to how many, must not change when the people
    it went to ask to be forgotten."""
    db.executescript(
        """
        CREATE TABLE forgotten_sends (
            edition TEXT PRIMARY KEY,
            first_at TEXT NOT NULL,
            messages INTEGER NOT NULL
        );
        """
    )


@migrations()
def m016_sightings_source_seen(db: sqlite_utils.Database) -> None:
    """An index for a source's latest first sighting: health.problems asks it of every source on
    every load of the editors' queue, and read every sighting of the source without it (0.1 s a
    source at 400,000 sightings)."""
    db.execute("CREATE INDEX sightings_source_seen ON sightings(source, first_seen)")


@migrations()
def m017_papers_url(db: sqlite_utils.Database) -> None:
    """An item with no DOI, PMID or PMCID is matched to a stored paper by its link (and title) when
    a source sees it for the first time: the same feed read by a second source, or a source renamed
    in feeds.yaml, must not store it twice. The index keeps that lookup one step."""
    db.execute("CREATE INDEX papers_url ON papers(url)")


@migrations()
def m018_runs_replay(db: sqlite_utils.Database) -> None:
    """A run of `tracker run --load` replays a saved response: its row says so, and the source's
    health (status --check: runs stopped in a row, nothing new for days) leaves it out."""
    db.execute("ALTER TABLE runs ADD COLUMN replay INTEGER NOT NULL DEFAULT 0")


@migrations()
def m019_earlier_replays(db: sqlite_utils.Database) -> None:
    """The replays logged before runs.replay: a run that stored what it read without one request
    (a real fetch makes one). Its own migration, for databases m018 had already reached."""
    db.execute("UPDATE runs SET replay = 1 WHERE requests = 0 AND status = 'ok' AND fetched > 0")


# What ends every "this user must be able to write ..." (the database's, its lock file's)
ONE_USER = "run every tracker command as one user, or give a shared group write access to {}"


def read_only_mount(folder: str | Path) -> bool:
    """Whether `folder` (or, if it is not there yet, the nearest folder above it) is on a file
    system mounted read-only, where no permission would let anyone write."""
    folder = Path(folder)  # (or a file: its own mount, where it is bound alone)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def read_only_hint(where: str | Path) -> str:
    where = Path(where)
    return (f"the file system of {where}{'/' if where.is_dir() else ''} is mounted read-only: remount it read-write, "
            "or keep the database on one that is (--db or TRACKER_DB)")


def write_access_hint(path: str | Path) -> str:
    """What to do when SQLite may not write the database: the one wording for open_db and the
    command line's error path (on a read-only file system, that, not who may write what)."""
    # its folder's file system, or the file alone (a container's "-v tracker.db:/data/tracker.db:ro")
    mounted = next((p for p in (Path(path).parent, Path(path)) if read_only_mount(p)), None)
    if mounted is not None:
        return read_only_hint(mounted)
    name = Path(path).name
    return (f"this user must be able to write it and its folder {Path(path).parent}/, where SQLite keeps "
            f"its -wal and -shm files, and those files if they are there ({name}-wal, {name}-shm: SQLite gives "
            f"them the database's permissions when it makes them); {ONE_USER.format('all of them')}")


def database_problem(path: Path) -> str | None:
    """What keeps `path` from being a database already made: "missing", "empty" (SQLite would take
    an empty file for a new database), or None. One test for open_db and for the messages of the
    command line and the WSGI entry (require_database)."""
    if not path.exists():
        return "missing"
    if path.is_file() and path.stat().st_size == 0:
        return "empty"
    return None


def require_database(path: Path, *, missing: str, empty: str) -> None:
    """ConfigError if `path` is no database made yet (database_problem), naming the file looked for
    and, after it, the caller's advice for each case (how the command line or a WSGI server names
    another)."""
    problem = database_problem(path)
    if problem == "missing":
        raise ConfigError(f"no database at {path.absolute()}; {missing}")
    if problem == "empty":
        raise ConfigError(f"{path.absolute()} is an empty file, not a tracker database; {empty}")


def open_db(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open the database, in WAL mode with a busy timeout, fully migrated.

    A missing file is created (mode 0600: see create_private) unless `create` is False, when
    it is a StoreError: a command that only reads must not leave an empty database behind. An
    empty file is taken the same way (made 0600 when it may become the database).
    """
    path = Path(path)
    try:
        problem = database_problem(path)
        if problem == "missing":
            if not create:
                raise StoreError(f"no database at {path}")
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # a new folder: the owner's
            create_private(path)
        elif problem == "empty":
            # an empty file is a new database to SQLite: only where one may be created, and then
            # as private as one this function creates (it will hold password hashes and mailboxes)
            if not create:
                raise StoreError(f"{path} is an empty file, not a tracker database")
            os.chmod(path, 0o600)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        if migrations.pending(db):
            # Two processes opening a new database must not both migrate it: serialize on a
            # sidecar lock file (executescript would end any SQLite transaction we held).
            with file_lock(beside(path, ".migrate-lock"), wait=None):
                migrations.apply(db)
    except (sqlite3.Error, OSError) as exc:
        hint = ""
        if path.is_file() and isinstance(exc, sqlite3.Error) \
                and any(words in str(exc) for words in ("unable to open", "readonly", "read-only")):
            # the file is there: what fails is most often writing it, or the -wal and -shm files
            # SQLite keeps beside it, as a user other than the one who created it
            hint = f" (the file exists: {write_access_hint(path)})"
        elif isinstance(exc, sqlite3.Error) and any(words in str(exc) for words in ("not a database", "malformed")):
            hint = (" (the file is damaged, or is not a tracker database: restore it from a backup, or point --db "
                    "or TRACKER_DB at the right file)")
        elif isinstance(exc, sqlite3.Error) and any(words in str(exc) for words in ("disk I/O", "disk is full")):
            hint = f" (is the disk full? see df -h {path.parent})"
        raise StoreError(f"cannot open database {path}: {exc}{hint}") from exc
    return db


# The database holds editors' password hashes, subscribers' addresses and their unsubscribe and
# confirm tokens: its files are readable by their owner only, whatever the umask. SQLite makes
# the -wal and -shm files with the main file's permissions, so creating that one 0600 is enough
# for them; lock files beside it are created with open_private, or under private_umask.
PRIVATE_MODE = 0o600


def create_private(path: str | Path) -> bool:
    """Create `path` as an empty file with mode 0600 (an empty file is an empty SQLite database);
    False if it exists already (left as it is)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))
    except FileExistsError:
        return False
    return True


def open_private(path: str | Path, mode: str = "a"):
    """open(path, mode) for appending ("a" or "a+"), a new file being created with mode 0600."""
    flags = os.O_CREAT | os.O_APPEND | (os.O_RDWR if "+" in mode else os.O_WRONLY)
    return os.fdopen(os.open(path, flags, PRIVATE_MODE), mode)


@contextmanager
def private_umask():
    """Files and folders created inside (by any code: a lock, SQLite) are for their owner only.
    The umask is the process's: keep the block short, around the creation itself."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def beside(db_path: str | Path, suffix: str) -> Path:
    """The file named `suffix` beside the database (its locks), named from the database's real
    path: two spellings of one file (a symlink, `./`, `..`) give one lock, not two."""
    real = Path(db_path).resolve()
    return real.with_name(real.name + suffix)


def run_lock_path(db_path: str | Path) -> Path:
    """The file pipeline.run_lock holds while a run (a rescore, a rank train) writes: one a database."""
    return beside(db_path, ".lock")


# lock_held looks at a lock with a shared lock of its own, for a moment: one who wants the lock in
# that moment waits it out (at most this long) rather than take the glance for a holder.
GLANCE_GRACE = 1.0


def _shareable(handle) -> bool:
    """Whether no one holds the file's lock exclusively now (lock_held's glances hold it shared):
    asked with a shared lock, let go at once."""
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    fcntl.flock(handle, fcntl.LOCK_UN)
    return True


def run_in_progress(db_path: str | Path) -> bool:
    """Whether a tracker run (or a rescore, a rank train) holds run_lock now: its log rows still
    "running" are its own. Otherwise such rows are a run that died without a word (SIGKILL, the OOM
    killer, a power cut), which the next run marks interrupted."""
    return lock_held(run_lock_path(db_path))


def lock_held(path: str | Path) -> bool:
    """Whether another process holds file_lock on `path` now: asked with a shared lock, let go at
    once (file_lock waits such a glance out rather than refuse); the file is read, never made.
    True when it cannot be told (another user's file): a holder is never called gone."""
    try:
        handle = open(path)
    except FileNotFoundError:
        return False  # never taken
    except OSError:
        return True
    with handle:
        try:
            return not _shareable(handle)
        except OSError:  # no locks on this file system (NFS without its lock daemon): cannot tell
            return True


@contextmanager
def file_lock(path: str | Path, *, wait: float | None, busy: str = ""):
    """An exclusive lock on the file `path` (made private, with its folder, if missing) for the
    block: the one lock of the tracker (a run, a send, a migration), an flock, so a process
    that dies lets go of it. `wait`: None waits as long as it takes; a number of seconds (0:
    not at all) before LockError(busy) if another process still holds it. Yields the open file
    ("a+"), for the holder to write in."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open_private(path, "a+")
    except OSError as exc:  # a read-only file system, a folder of another user: one line, not a traceback
        if read_only_mount(path.parent):
            raise StoreError(f"cannot open the lock file {path}: {exc.strerror or exc}; "
                             f"{read_only_hint(path.parent)}") from None
        raise StoreError(f"cannot open the lock file {path}: {exc.strerror or exc}; this user must be able to write "
                         f"it, or create it in its folder {path.parent}/ ({ONE_USER.format('both')})") from None
    with handle:
        if wait is None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        else:
            started = time.monotonic()
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    waited = time.monotonic() - started
                    # past its wait, refused: unless only lock_held glances at it, which lets go at once
                    if waited >= wait and (waited >= GLANCE_GRACE or not _shareable(handle)):
                        raise LockError(busy or f"another process holds {path}") from None
                    time.sleep(0.01)
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def paper_exists(db: sqlite_utils.Database, paper_id: int) -> bool:
    """Whether a paper has this id: the one "no paper with id N" check (an id past SQLite's
    64-bit integers is no paper's, not an OverflowError)."""
    if not -2**63 <= paper_id < 2**63:
        return False
    return db.execute("SELECT 1 FROM papers WHERE id = ?", [paper_id]).fetchone() is not None


class transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): one source's run is all or nothing."""

    def __init__(self, db: sqlite_utils.Database):
        self.conn = db.conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:  # SQLite may have rolled back itself ("database or disk is full"):
            self.conn.execute("ROLLBACK")  # a ROLLBACK then would fail and hide that error behind its own
        return False


def decode_paper(row: dict) -> dict:
    """A papers row with its JSON columns decoded."""
    paper = dict(row)
    for column in JSON_COLUMNS:
        if column in paper and isinstance(paper[column], str):
            paper[column] = json.loads(paper[column])
    if "abstract_sections" in paper:
        paper["abstract_sections"] = [tuple(s) for s in paper["abstract_sections"]]
    return paper


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

