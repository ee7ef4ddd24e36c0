"""Editors' decisions in and out as CSV, `pmid,doi,decision,reason`: `tracker decisions import|export`.

An import is all or nothing. The file is read and checked whole, every row matched to a stored
paper, and only when no row has a problem are the decisions appended, in one transaction and
through review.record_decision(), so an imported decision is a decision like any other: the
same history, the same edition for an approval, a note naming the file. A row that repeats its
paper's current status appends nothing, so importing a file twice changes nothing the second
time. Export writes one row per approved, rejected or held paper, which an import into another
database holding the same papers turns back into the same statuses.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import sqlite_utils

from .editions import sent_edition
from .editors import recorded_name
from .errors import DecisionsFileError, EditorRequired, ReviewError
from .normalize import normalize_doi, normalize_pmid
from .review import DECISIONS, Decision, record_decision
from .store import transaction

HEADER = ("pmid", "doi", "decision", "reason")
# Far above any real list of decisions (tens of thousands of rows are a few MiB), and small enough
# that a wrong file (a database, a video) is refused before it is read into memory whole.
MAX_BYTES = 16 * 1024 * 1024
# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV injection"). On
# export such a reason gets a leading single quote, which spreadsheets show as text; so does a
# reason that starts with a quote, so that import can strip exactly one and give back the original.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_START = (*_FORMULA_START, "'")
_STATUS_TO_DECISION = {status: action for action, status in DECISIONS.items()}


@dataclass
class Row:
    line: int  # where the row starts in the file (a quoted reason may span several lines)
    pmid: str | None
    doi: str | None
    action: str  # approve, reject, hold
    reason: str | None


@dataclass
class ImportReport:
    recorded: list[tuple[int, dict]] = field(default_factory=list)  # (line, the decision as stored)
    unchanged: list[tuple[int, int, str]] = field(default_factory=list)  # (line, paper id, its status)
    repeated: list[tuple[int, int, int]] = field(default_factory=list)  # (line, paper id, line it repeats)


# -- import --------------------------------------------------------------------------------------

def read_file(path: str | Path) -> bytes:
    """The file's bytes, refused beyond MAX_BYTES (read at most one byte more to know)."""
    path = Path(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReviewError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ReviewError(f"{path.name}: larger than {MAX_BYTES // (1024 * 1024)} MiB; split it (nothing imported)")
    return data


def parse(data: bytes) -> tuple[list[Row], list[tuple[int, str]]]:
    """Rows and problems of a decisions file: every row is checked, every problem kept."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a spreadsheet's byte-order mark
    # Bytes that are not UTF-8 become lone surrogates, so the row holding them can be named.
    reader = csv.reader(io.StringIO(data.decode("utf-8", "surrogateescape"), newline=""), strict=True)
    rows: list[Row] = []
    problems: list[tuple[int, str]] = []
    end = 0  # the last line the reader has consumed
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # Past a broken quote the reader cannot know where rows start: stop here.
            problems.append((start, f"not valid CSV ({exc}); the rest of the file was not read"))
            break
        end = reader.line_num
        if start == 1:
            header = tuple(c.strip().lower() for c in cells)
            if header != HEADER:
                shown = ",".join(cells) if not _has_bad_bytes(cells) else "bytes that are not UTF-8"
                problems.append((1, f"the header must be {','.join(HEADER)}, not {shown}"))
                break
            continue
        if not any(c.strip() for c in cells):
            continue  # a blank line, or a spreadsheet's empty row
        row, problem = _check_row(start, cells)
        if problem:
            problems.append((start, problem))
        else:
            rows.append(row)
    if end == 0 and not problems:
        problems.append((1, f"the file is empty; the first line must be {','.join(HEADER)}"))
    return rows, problems


def _has_bad_bytes(cells: list[str]) -> bool:
    return any("\udc80" <= ch <= "\udcff" for cell in cells for ch in cell)


def _check_row(line: int, cells: list[str]) -> tuple[Row | None, str | None]:
    if _has_bad_bytes(cells):
        return None, "not UTF-8 text (save the file as UTF-8)"
    if len(cells) != len(HEADER):
        return None, f"{len(cells)} field(s); every row has {len(HEADER)}: {','.join(HEADER)}"
    if any("\x00" in cell for cell in cells):
        return None, "a NUL character"
    pmid_text, doi_text, action, reason = (c.strip() for c in cells)
    action = action.lower()
    if action not in DECISIONS:
        return None, f"decision {action or '(empty)'!r} is not one of {', '.join(DECISIONS)}"
    if not pmid_text and not doi_text:
        return None, "no pmid and no doi"
    pmid = normalize_pmid(pmid_text) if pmid_text else None
    if pmid_text and pmid is None:
        return None, f"{pmid_text!r} is not a PMID"
    doi = normalize_doi(doi_text) if doi_text else None
    if doi_text and doi is None:
        return None, f"{doi_text!r} is not a DOI"
    reason = _unescape(reason) or None
    if action == "reject" and not reason:
        return None, "a rejection needs a reason"
    return Row(line, pmid, doi, action, reason), None


def _match(db: sqlite_utils.Database, row: Row) -> tuple[int | None, str | None]:
    """The stored paper a row means: by PMID, else by DOI (the journal's, else a preprint's);
    (paper id, None) or (None, why not)."""
    if row.pmid:
        found = db.execute("SELECT id FROM papers WHERE pmid = ?", [row.pmid]).fetchone()
        if found:
            return found[0], None
    if row.doi:
        found = db.execute("SELECT id, pmid FROM papers WHERE doi = ?", [row.doi]).fetchone()
        if not found:
            # A paper known only as a preprint has no journal DOI (papers.doi is empty); one
            # linked to its journal version since keeps the preprint's DOI too.
            found = db.execute("SELECT id, pmid FROM papers WHERE preprint_doi = ?", [row.doi]).fetchone()
        if found:
            paper_id, stored_pmid = found
            # Two works can share a DOI by mistake (merge.py keeps them apart): a row naming
            # another PMID is not about this paper.
            if row.pmid and stored_pmid and stored_pmid != row.pmid:
                return None, (f"PMID {row.pmid} is not stored, and DOI {row.doi} is paper #{paper_id}, "
                              f"whose PMID is {stored_pmid}")
            return paper_id, None
    known = " or ".join(x for x in (row.pmid and f"PMID {row.pmid}", row.doi and f"DOI {row.doi}") if x)
    return None, f"no stored paper has {known}"


# Approvals an import may put into the next digests without an edition named: a week's worth; a
# history moved from elsewhere (hundreds) would be listed in the next patient digest.
MOST_INTO_NEXT = 25


def import_decisions(db: sqlite_utils.Database, data: bytes, *, name: str, editor: str,
                     default_edition: str, edition_named: bool = False) -> ImportReport:
    """Record every decision of a decisions file, or none: raises DecisionsFileError listing
    every problem (with its line) and writes nothing if any row has one.

    name: the file's name, for the note on each decision ("imported from NAME").
    default_edition: where an approval of a paper with no edition goes: the edition being assembled,
    or the next one not e-mailed if it was (as decide() does). Unless the editor named it
    (edition_named, `--edition`), at most MOST_INTO_NEXT approvals may go into editions from it on (a
    history moved from elsewhere would fill the next digest): more, and nothing is written. An
    edition named that was e-mailed takes none: ReviewError (they would move on to the next one).
    """
    editor = (editor or "").strip()
    if not editor:
        raise EditorRequired("who is deciding?")
    editor = recorded_name(db, editor)
    most_into_next = None if edition_named else MOST_INTO_NEXT
    rows, problems = parse(data)
    report = ImportReport()
    with transaction(db):
        if edition_named and (sent := sent_edition(db, default_edition)) is not None:  # not sent meanwhile
            raise ReviewError(f"edition {sent.describe()}; it takes no more papers: name a week never e-mailed")
        first: dict[int, Row] = {}  # paper id -> the first row about it
        todo: list[tuple[int, Row]] = []
        for row in rows:
            paper_id, problem = _match(db, row)
            if problem:
                problems.append((row.line, problem))
                continue
            earlier = first.get(paper_id)
            if earlier is None:
                first[paper_id] = row
                todo.append((paper_id, row))
            elif (earlier.action, earlier.reason) != (row.action, row.reason):
                problems.append((row.line, f"paper #{paper_id} is also on line {earlier.line}, with another "
                                            "decision or reason"))
            else:
                report.repeated.append((row.line, paper_id, earlier.line))
        if problems:
            raise DecisionsFileError(name, problems)  # the transaction rolls back; nothing was written
        for paper_id, row in todo:
            # the paper's status, and the reason of its last decision (none yet: None)
            status, reason = db.execute("SELECT p.status, d.reason FROM papers p LEFT JOIN decisions d"
                                        " ON d.id = p.last_decision WHERE p.id = ?", [paper_id]).fetchone()
            if status == DECISIONS[row.action]:
                # the paper's status stands; a reason the file gives that its last decision does not is said
                other = row.reason and (reason or "").strip() != row.reason.strip()
                report.unchanged.append((row.line, paper_id, status + (
                    f" (with another reason; the file's, {row.reason!r}, is not recorded)" if other else "")))
                continue
            done = record_decision(db, Decision(paper_id, editor, row.action, reason=row.reason,
                                                note=f"imported from {name}"),
                                   default_edition=default_edition)
            report.recorded.append((row.line, done))
        into = [d["edition"] for _, d in report.recorded if d["to_status"] == "approved" and d["edition"]
                and d["edition"] >= default_edition]
        if most_into_next is not None and len(into) > most_into_next:  # the transaction rolls back
            raise ReviewError(
                f"{len(into)} approvals would go into {', '.join(sorted(set(into)))}, not yet e-mailed, and the "
                f"digest would list every one; nothing was recorded. Name the edition: --edition {default_edition} "
                "if they are meant for it, or a past week never e-mailed to keep a history out of the digest")
    return report


def _unescape(reason: str) -> str:
    """Strip the quote that export puts before a reason a spreadsheet would read as a formula."""
    return reason[1:] if reason.startswith("'") and reason[1:].startswith(_ESCAPED_START) else reason


# -- export --------------------------------------------------------------------------------------

def export_rows(db: sqlite_utils.Database) -> tuple[list[dict], list[int]]:
    """One row per approved, rejected or held paper, by paper id, with the reason of the decision
    that gave it its status; and the ids of such papers with no PMID and no DOI (not exportable)."""
    rows, skipped = [], []
    for paper in db.query(
            # a paper known only as a preprint is exported by its preprint's DOI, which import matches
            "SELECT p.id, p.pmid, coalesce(nullif(p.doi, ''), p.preprint_doi) AS doi, p.status,"
            " (SELECT d.reason FROM decisions d WHERE d.paper_id = p.id"
            " AND d.to_status = p.status ORDER BY d.id DESC LIMIT 1) AS reason FROM papers p"
            " WHERE p.status IN ('approved', 'rejected', 'held') ORDER BY p.id"):
        if not paper["pmid"] and not paper["doi"]:
            skipped.append(paper["id"])
            continue
        rows.append({"pmid": paper["pmid"] or "", "doi": paper["doi"] or "",
                     "decision": _STATUS_TO_DECISION[paper["status"]], "reason": paper["reason"] or ""})
    return rows, skipped


def write_csv(rows: list[dict], out: IO[str]) -> None:
    """RFC 4180 CSV (CRLF; fields with a comma, quote or line break quoted), formula-safe reasons."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        reason = row["reason"]
        if reason.startswith(_ESCAPED_START):
            reason = "'" + reason
        writer.writerow([row["pmid"], row["doi"], row["decision"], reason])
