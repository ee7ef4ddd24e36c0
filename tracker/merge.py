"""Identify and merge: every record becomes a sighting of exactly one paper.

A record joins the paper that shares its DOI, PMID or PMCID (or that its source item already
belongs to). When a record shows that two stored papers are one work (a Frontiers item known by
DOI, a PubMed record known by PMID, then a PubMed record carrying both), they are merged into the
older one. A paper's fields are derived from the current sightings of all its sources, each field
taken from the source most trusted for it; every earlier version stays in `sightings`.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, fields

import sqlite_utils

from .records import Link, Record
from .sources.registry import field_priority
from .ranking import Ranker, stored_parts
from .store import decode_paper, dumps, rows_in, utcnow

log = logging.getLogger(__name__)

# Which source type to believe first, per field: each source type ranks every field in its
# module (tracker/sources/registry.py), and one that leaves a field out fails at import.
FIELD_PRIORITY = field_priority()
# Columns whose change makes a paper "updated" (and that scoring reads).
CONTENT_FIELDS = tuple(FIELD_PRIORITY) + ("abstract_sections", "preprint_doi")
SCORER_STATUSES = {"candidate", "below_threshold"}  # statuses the scorer sets; editors set the rest
UNIQUE_IDS = ("doi", "pmid", "pmcid", "preprint_doi")
# Identifiers a record must not contradict to join a paper: all but the DOI, which a notice or
# a journal version may share with it.
_STRICT_IDS = tuple(k for k in UNIQUE_IDS if k != "doi")


_RECORD_FIELDS = tuple(f.name for f in fields(Record))


def record_dict(record: Record) -> dict:
    """The record as plain JSON-ready data (what asdict gives, without its deep-copy cost)."""
    data = {name: getattr(record, name) for name in _RECORD_FIELDS}
    data["abstract_sections"] = [list(s) for s in record.abstract_sections]
    data["links"] = [{"kind": l.kind, "pmid": l.pmid, "doi": l.doi, "text": l.text} for l in record.links]
    for name in ("authors", "publication_types", "mesh", "keywords"):
        data[name] = list(data[name])
    return data


@dataclass(frozen=True)
class Prepared:
    """What storing a record needs that no database state changes: its JSON, the hash of that
    JSON, and (when worked out ahead) the score of its own fields. tracker.parallel computes
    these in a second process while the first one writes."""

    text: str
    digest: str
    scored: tuple | None = None


def prepare(record: Record, scorer: Ranker | None = None) -> Prepared:
    """The record's Prepared; scored too when a scorer is given."""
    return _prepared(record_dict(record), scorer)


def _prepared(data: dict, scorer: Ranker | None = None) -> Prepared:
    text = dumps(data)
    scored = scorer.score(data) if scorer is not None else None
    return Prepared(text, hashlib.sha256(text.encode()).hexdigest(), scored)


def is_retracted(publication_types, links) -> bool:
    return "Retracted Publication" in (publication_types or []) or any(
        (l["kind"] if isinstance(l, dict) else l.kind) == "retraction_in" for l in links or []
    )


def stored_pmids(conn, pmids: list[str]) -> set[str]:
    """The PMIDs among these whose PubMed record is already stored, read through `conn` (a
    fetch thread has its own connection)."""
    return {r[0] for r in rows_in(conn, "SELECT source_key FROM sightings WHERE source_type = 'pubmed'"
                                        " AND superseded = 0 AND source_key IN ({marks})", pmids)}


class Merger:
    """Writes one source's records during one run. Call inside that source's transaction."""

    def __init__(self, db: sqlite_utils.Database, scorer: Ranker, source: str, source_type: str, run_id: int | None):
        self.db = db
        self.conn = db.conn
        self.scorer = scorer
        self.source = source
        self.source_type = source_type
        self.run_id = run_id
        self.now = utcnow()

    def known_pmids(self, pmids: list[str]) -> set[str]:
        """The PMIDs among these whose PubMed record is already stored (no need to fetch again)."""
        return stored_pmids(self.conn, pmids)

    def resight(self, pmid: str) -> str | None:
        """This PubMed source saw a PMID another PubMed source already stored: record the
        sighting from the stored record, without fetching it again. None if already sighted."""
        if self.conn.execute(
            "SELECT 1 FROM sightings WHERE source = ? AND source_key = ? AND superseded = 0",
            (self.source, pmid),
        ).fetchone():
            return None
        row = self.conn.execute(
            "SELECT record FROM sightings WHERE source_type = 'pubmed' AND source_key = ? AND superseded = 0"
            " ORDER BY id DESC LIMIT 1", (pmid,)).fetchone()
        if row is None:
            return None
        data = decode_record(row[0])
        data["links"] = [Link(**link) for link in data.get("links", [])]
        data["abstract_sections"] = [tuple(s) for s in data.get("abstract_sections", [])]
        return self.save(Record(**data))

    def save(self, record: Record, prepared: Prepared | None = None) -> str:
        """Store one record; returns what happened: new, updated, merged or unchanged.

        `prepared` is prepare(record, ...) worked out ahead of time, if it was.
        """
        data = record_dict(record)
        prepared = prepared or _prepared(data)
        digest = prepared.digest
        key = record.source_key or record.doi or record.pmid or record.pmcid or record.url
        current = self.conn.execute(
            "SELECT id, paper_id, content_hash FROM sightings WHERE source = ? AND source_key = ? AND superseded = 0",
            (self.source, key),
        ).fetchone()
        if current and current[2] == digest:
            self.conn.execute(
                "UPDATE sightings SET last_seen = ?, times_seen = times_seen + 1, run_id = ? WHERE id = ?",
                (self.now, self.run_id, current[0]),
            )
            return "unchanged"

        papers, rivals = self._matching_papers(record, current[1] if current else None, key)
        if not papers:
            # A new paper's fields are the record's own, so a score worked out ahead applies.
            paper_id = self._insert_paper(data, check_ids=rivals, scored=prepared.scored)
            self._insert_sighting(paper_id, key, prepared, current)
            self._save_links(paper_id, record.links)
            self._mark_if_retracted(paper_id, notices=any(l.kind == "retraction_of" for l in record.links))
            return "new"

        target = min(papers)
        outcome = "merged" if len(papers) > 1 else ("updated" if current else "merged")
        for other in sorted(papers - {target}):
            self._absorb(target, other)
        self._insert_sighting(target, key, prepared, current)
        self._save_links(target, record.links)
        changed = self._rederive(target)
        self._mark_if_retracted(target)
        if outcome == "updated" and not changed:
            return "unchanged"
        return outcome

    # -- identification -------------------------------------------------------------------

    def _matching_papers(self, record: Record, sighted: int | None, key: str) -> tuple[set[int], bool]:
        """The stored papers this record belongs to: more than one means they are one work.

        Identifiers must agree: a paper whose PMID (or PMCID, or DOI) differs from the record's,
        or from another matched paper's, is a different work (a notice that reused a DOI, a feed
        item whose link changed to another paper) and is never merged in. The second value says
        whether any such paper was set aside (it may hold one of the record's identifiers). `key`:
        the record's key in this source (save's: its guid, else an identifier, else its link).
        """
        ids = record.identifiers()
        if not ids and not sighted:
            return self._same_item_elsewhere(record, key), False
        candidates: dict[int, dict] = {}
        lookups = list(ids.items())
        where = " OR ".join(f"{k} = ?" for k, _ in lookups)
        params = [v for _, v in lookups]
        if sighted:
            where = f"{where} OR id = ?" if where else "id = ?"
            params.append(sighted)
        if not where:
            return set(), False
        for pid, doi, pmid, pmcid, preprint_doi in self.conn.execute(
                f"SELECT id, doi, pmid, pmcid, preprint_doi FROM papers WHERE {where}", params):
            candidates[pid] = {"doi": doi, "pmid": pmid, "pmcid": pmcid, "preprint_doi": preprint_doi}

        def clash(a: dict, b: dict, keys=UNIQUE_IDS) -> bool:
            return any(a.get(k) and b.get(k) and a[k] != b[k] for k in keys)

        # The paper sharing the record's strongest identifier anchors the match.
        def rank(pid: int) -> tuple:
            stored = candidates[pid]
            return tuple(not (ids.get(k) and stored[k] == ids[k]) for k in ("pmid", "doi", "pmcid")) + (pid,)

        accepted: list[int] = []
        for pid in sorted(candidates, key=rank):
            stored = candidates[pid]
            if clash(stored, ids, _STRICT_IDS) or any(clash(stored, candidates[q]) for q in accepted):
                log.warning("record %s and paper %s disagree on identifiers; kept apart", ids, pid)
                continue
            accepted.append(pid)
        return set(accepted), len(accepted) < len(candidates)

    def _same_item_elsewhere(self, record: Record, key: str) -> set[int]:
        """For an item with no identifier at all, new to this source: the paper another source
        (or this one under its old name in feeds.yaml) stored for the same item, known by the same
        key (guid), link and title, with no identifier either (a DOI is the work's). Never a paper
        this source already has an item of (two items that share a front-page link and a title such
        as "Editorial" are two papers), and at most one, the oldest: duplicates stored before this
        was matched stay as they are, never merged here (their editors' decisions are theirs)."""
        if not record.url:
            return set()
        # ("+": not by the identifiers' unique indexes, where NULL is most papers: by the link's)
        row = self.conn.execute(
            "SELECT min(p.id) FROM papers p WHERE p.url = ? AND p.title = ? AND +p.doi IS NULL AND +p.pmid IS NULL"
            " AND +p.pmcid IS NULL"
            " AND EXISTS (SELECT 1 FROM sightings s WHERE s.paper_id = p.id AND s.source_key = ? AND s.source != ?)"
            " AND NOT EXISTS (SELECT 1 FROM sightings s WHERE s.paper_id = p.id AND s.source = ?)",
            (record.url, record.title, key, self.source, self.source)).fetchone()
        return {row[0]} if row and row[0] is not None else set()

    def _absorb(self, target: int, other: int) -> None:
        """Fold paper `other` into `target`: its sightings, links and history move over."""
        log.info("merging paper %s into %s", other, target)
        # Lay-summary versions stay unique per paper: the absorbed paper's come after the target's.
        self.conn.execute(
            "UPDATE lay_summaries SET version = version + (SELECT coalesce(max(version), 0)"
            " FROM lay_summaries WHERE paper_id = ?) WHERE paper_id = ?", (target, other))
        for table, column in merged_tables(self.db):
            self.conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (target, other))
        self.conn.execute(
            "UPDATE OR IGNORE paper_links SET paper_id = ? WHERE paper_id = ?", (target, other)
        )
        self.conn.execute("DELETE FROM paper_links WHERE paper_id = ?", (other,))
        first, status, edition, last = self.conn.execute(
            "SELECT first_seen, status, edition, last_decision FROM papers WHERE id = ?", (other,)).fetchone()
        self.conn.execute("DELETE FROM papers WHERE id = ?", (other,))
        self.conn.execute(
            "UPDATE papers SET first_seen = min(first_seen, ?) WHERE id = ?", (first, target)
        )
        # The editors' latest decision on either paper stands for the merged one.
        self.conn.execute(
            "UPDATE papers SET status = ?, edition = ?, last_decision = ? WHERE id = ? AND last_decision < ?",
            (status, edition, last, target, last),
        )

    # -- writing ------------------------------------------------------------------------------

    def _insert_paper(self, data: dict, check_ids: bool, scored: tuple | None) -> int:
        fields = {k: data[k] for k in CONTENT_FIELDS if k != "preprint_doi"}
        fields["preprint_doi"] = preprint_doi(data["preprint"])
        if check_ids:
            fields = self._free_identifiers(fields, None)
        row = self._scored_row(fields, status=None, links=data["links"], scored=scored)
        row.update(first_seen=self.now, updated_at=self.now)
        if fields.get("preprint") and fields.get("doi"):
            row["journal_linked"] = self.now
        columns = ", ".join(row)
        cursor = self.conn.execute(
            f"INSERT INTO papers ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        return cursor.lastrowid

    def _insert_sighting(self, paper_id: int, key: str, prepared: Prepared, current) -> None:
        first_seen = self.now
        times = 1
        if current:
            self.conn.execute("UPDATE sightings SET superseded = 1 WHERE id = ?", (current[0],))
            first_seen, times = self.conn.execute(
                "SELECT first_seen, times_seen + 1 FROM sightings WHERE id = ?", (current[0],)
            ).fetchone()
        self.conn.execute(
            "INSERT INTO sightings (paper_id, source, source_type, source_key, run_id, first_seen,"
            " last_seen, times_seen, content_hash, record) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (paper_id, self.source, self.source_type, key, self.run_id, first_seen, self.now, times,
             prepared.digest, prepared.text),
        )

    def _save_links(self, paper_id: int, links: list[Link]) -> None:
        for link in links:
            self.conn.execute(
                "INSERT OR IGNORE INTO paper_links (paper_id, kind, target_pmid, target_doi, text)"
                " VALUES (?,?,?,?,?)",
                (paper_id, link.kind, link.pmid or "", link.doi or "", link.text),
            )

    def _mark_if_retracted(self, paper_id: int, notices: bool = True) -> None:
        """Retraction notices point at the paper they retract; either may arrive first.

        `notices`: whether this paper may itself be a retraction notice (False when its links
        are known to hold none).
        """
        for link in () if not notices else self.conn.execute(
            "SELECT target_pmid, target_doi FROM paper_links WHERE paper_id = ? AND kind = 'retraction_of'",
            (paper_id,),
        ).fetchall():
            self.conn.execute(
                "UPDATE papers SET retracted = 1 WHERE (pmid = ? AND ? != '') OR (doi = ? AND ? != '')",
                (link[0], link[0], link[1], link[1]),
            )
        self.conn.execute(
            "UPDATE papers SET retracted = 1 WHERE id = ? AND EXISTS (SELECT 1 FROM paper_links l"
            " WHERE l.kind = 'retraction_of' AND ((l.target_pmid != '' AND l.target_pmid = papers.pmid)"
            " OR (l.target_doi != '' AND l.target_doi = papers.doi)))",
            (paper_id,),
        )

    def _rederive(self, paper_id: int) -> bool:
        """Recompute a paper's fields from its current sightings; True if its content changed."""
        rows = self.conn.execute(
            "SELECT source_type, record FROM sightings WHERE paper_id = ? AND superseded = 0 ORDER BY id DESC",
            (paper_id,),
        ).fetchall()
        records = [(stype, decode_record(raw)) for stype, raw in rows]
        fields = derive_fields(records)
        fields = self._free_identifiers(fields, paper_id)
        old = decode_paper(self.conn_row("SELECT * FROM papers WHERE id = ?", paper_id))
        links = [dict(kind=k) for (k,) in self.conn.execute(
            "SELECT kind FROM paper_links WHERE paper_id = ?", (paper_id,))]
        row = self._scored_row(fields, status=old["status"], links=links)
        changed = any(_jsonable(old.get(k)) != _jsonable(fields[k]) for k in CONTENT_FIELDS)
        if old.get("preprint") and not old.get("doi") and fields.get("doi") and not old.get("journal_linked"):
            row["journal_linked"] = self.now  # a preprint until now: its journal version is known
            changed = True
        if changed or row["score"] != old["score"] or row["status"] != old["status"] or row["retracted"] != old["retracted"]:
            row["updated_at"] = self.now
            sets = ", ".join(f"{k} = ?" for k in row)
            self.conn.execute(f"UPDATE papers SET {sets} WHERE id = ?", [*row.values(), paper_id])
        return changed

    def conn_row(self, sql: str, *params) -> dict:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone()))

    def _free_identifiers(self, fields: dict, paper_id: int | None) -> dict:
        """Drop an identifier another paper already holds, rather than violate its uniqueness."""
        for column in UNIQUE_IDS:
            value = fields.get(column)
            if not value:
                continue
            holder = self.conn.execute(f"SELECT id FROM papers WHERE {column} = ?", (value,)).fetchone()
            if holder and holder[0] != paper_id:
                log.warning("%s %s already belongs to paper %s; not copied", column, value, holder[0])
                fields = {**fields, column: None}
        return fields

    def _scored_row(self, fields: dict, status: str | None, links=None, scored: tuple | None = None) -> dict:
        score, topics, explanation = scored or self.scorer.score(fields)
        if status is None or status in SCORER_STATUSES:
            status = self.scorer.status_for(score)
        row = {k: (dumps(v) if isinstance(v, (list, dict)) else v) for k, v in fields.items()}
        row["title"] = row.get("title") or ""
        row["abstract"] = row.get("abstract") or ""
        parts = stored_parts(score, explanation)
        row.update(
            score=score, topics=dumps(topics), explanation=dumps(parts["explanation"]), status=status,
            rules_score=parts["rules_score"], model_probability=parts["model_probability"],
            retracted=int(is_retracted(fields.get("publication_types"), links or [])),
        )
        return row


def merged_tables(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """Every (table, column) that points at papers.id, paper_links excepted (it has a unique key)."""
    found = []
    for table in db.table_names():
        if table in ("papers", "paper_links") or table.startswith("papers_fts"):
            continue
        for fk in db[table].foreign_keys:
            if fk.other_table == "papers" and fk.other_column == "id":
                found.append((table, fk.column))
    return found


def decode_record(raw: str) -> dict:
    import json

    return json.loads(raw)


def derive_fields(records: list[tuple[str, dict]]) -> dict:
    """Each content field from the most trusted source that has a value (newest first on ties)."""
    fields: dict = {}
    for name, order in FIELD_PRIORITY.items():
        value = None
        for source_type in order:
            for stype, data in records:
                if stype == source_type and data.get(name):
                    value = data[name]
                    break
            if value:
                break
        fields[name] = value if value is not None else ([] if name in ("authors", "publication_types", "mesh", "keywords") else None)
    if fields["journal"]:
        # PubMed writes "Frontiers in psychiatry" where the publisher writes "Frontiers in
        # Psychiatry": the same name, and the publisher's casing is the one to show.
        same = [d["journal"] for _, d in records
                if isinstance(d.get("journal"), str) and d["journal"].casefold() == fields["journal"].casefold()]
        fields["journal"] = max(same, key=_casing, default=fields["journal"])
    # Sections travel with the abstract they came from.
    fields["abstract_sections"] = []
    for source_type in FIELD_PRIORITY["abstract"]:
        match = next((d for s, d in records if s == source_type and d.get("abstract")), None)
        if match:
            fields["abstract_sections"] = match.get("abstract_sections") or []
            break
    fields["abstract"] = fields["abstract"] or ""
    fields["preprint_doi"] = preprint_doi(fields["preprint"])
    return fields


def preprint_doi(preprint: dict | None) -> str | None:
    """The identifier a paper's preprint version is matched by (its DOI), kept in its own column."""
    return (preprint or {}).get("doi")


def _casing(name: str) -> tuple[bool, int]:
    """How properly cased a name is: not all capitals first, then the more capitals the better
    ("Frontiers in Psychiatry" over "Frontiers in psychiatry" and "FRONTIERS IN PSYCHIATRY")."""
    return (not name.isupper(), sum(c.isupper() for c in name))


def _jsonable(value):
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
