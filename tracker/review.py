"""Editorial review: decisions on papers, lay summaries, editions (editor accounts are in
tracker/editors.py).

Every decision is appended to `decisions` and never rewritten. A decision names the latest
decision its author saw (`expected`); if someone else decided since, it is refused with the
newer decision, so two editors never silently overwrite each other.

`tracker show` imports this for history() and lay_summary(): yaml is imported only by the
functions that read or write a summary file (read_summary_file, summary_template).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from . import summary as lay
from .editions import WEEKS_AHEAD, WEEKS_BACK, Week, open_edition, sent_after, sent_edition
from .editors import recorded_name
from .errors import (ConflictError, EditorRequired, PaperNotFound, ReviewError,
                     SummaryConflict)
from .store import paper_exists, transaction, utcnow

DECISIONS = {"approve": "approved", "reject": "rejected", "hold": "held"}


@dataclass
class Decision:
    paper_id: int
    editor: str
    action: str  # approve, reject, hold, reopen
    reason: str | None = None
    note: str | None = None
    edition: str | None = None
    expected: int | None = None  # the paper's last_decision the editor saw; None skips the check
    summary: dict | None = None  # a lay summary saved with the decision, in the same transaction
    only_if: str | None = None  # refuse unless the paper has this status (checked after `expected`)


def decide(db: sqlite_utils.Database, decision: Decision, *, default_edition: str, scorer_status=None) -> dict:
    """Record one decision (and its lay summary, if any) in one transaction; returns it as stored
    (with "unchanged": True, and nothing written, when it would change nothing).

    Raises ConflictError on a stale page, ReviewError on anything else it cannot record; either
    way nothing is written.
    """
    _check_decision(decision, scorer_status)
    with transaction(db):
        return record_decision(db, decision, default_edition=default_edition, scorer_status=scorer_status)


def record_decision(db: sqlite_utils.Database, decision: Decision, *, default_edition: str,
                    scorer_status=None) -> dict:
    """Append one decision (and its lay summary, if any) inside the caller's transaction.

    For callers that write several decisions all or nothing (tracker/decisions.py's import);
    decide() is this in a transaction of its own. Raises like decide(); the caller's rollback
    then undoes everything written in its transaction.
    """
    if not db.conn.in_transaction:
        # In autocommit mode each statement would commit alone: a decision without its paper update.
        raise RuntimeError("record_decision() runs inside a transaction (see decide())")
    editor, summary = _check_decision(decision, scorer_status)
    editor = recorded_name(db, editor)
    row = db.execute("SELECT status, score, edition, last_decision FROM papers WHERE id = ?",
                     [decision.paper_id]).fetchone()
    if row is None:
        raise PaperNotFound(decision.paper_id)
    status, score, edition, last = row
    if decision.expected is not None and decision.expected != last:
        newer = latest_decision(db, decision.paper_id)
        if newer is None:
            raise ReviewError(f"paper {decision.paper_id} has no decision {decision.expected}; reload the page")
        raise ConflictError(newer)
    if decision.only_if and status != decision.only_if:
        raise ReviewError(f"paper {decision.paper_id} is {status}, not {decision.only_if}")
    notices: list[str] = []  # what the editor should know: where an approval went, and why
    warnings: list[str] = []  # what the decision does to an edition already e-mailed
    if decision.action == "reopen":
        to_status, new_edition = scorer_status(score), None
    else:
        to_status = DECISIONS[decision.action]
        new_edition = None
        if to_status == "approved":
            new_edition = _approval_edition(db, decision, status, edition, default_edition, notices, warnings)
    if status == "approved" and (to_status, new_edition) != (status, edition):
        warnings += _leaving_sent_edition(db, decision.paper_id, edition)
    record = {
        "paper_id": decision.paper_id, "editor": editor, "at": utcnow(),
        "from_status": status, "to_status": to_status, "reason": decision.reason or None,
        "note": decision.note or None, "edition": new_edition,
    }
    if status == to_status == "approved" and new_edition != edition and not record["note"]:
        record["note"] = f"moved to {new_edition}"  # (a move to the edition it is in records nothing)
    if to_status == status and new_edition == edition and not record["reason"] and not record["note"] \
            and (summary is None or not _changes(lay_summary(db, decision.paper_id), summary)):
        # "hold" on a held paper, "reopen" on an undecided one: nothing to add to the history,
        # which only ever grows (the decisions import calls the same rows "unchanged")
        return {"id": last, **record, "unchanged": True, "notices": [], "warnings": []}
    decision_id = db["decisions"].insert(record).last_pk
    db.execute("UPDATE papers SET status = ?, edition = ?, last_decision = ? WHERE id = ?",
               [to_status, new_edition, decision_id, decision.paper_id])
    if summary is not None and (stored := _store_summary(db, decision.paper_id, summary, editor, base_version=None)):
        warnings += stored["warnings"]
    return {"id": decision_id, **record, "notices": notices, "warnings": warnings}


def _approval_edition(db, decision: Decision, status: str, edition: str | None, default_edition: str,
                      notices: list[str], warnings: list[str]) -> str:
    """The edition an approval goes to: the one named, else the paper's own, else the first from
    `default_edition` (the one being assembled) that was not e-mailed. An edition named that was
    e-mailed is refused (ReviewError), unless the paper is in it already or was in it when it was
    e-mailed (putting back a paper taken out by mistake: its page comes back at the next build);
    one named more than WEEKS_BACK weeks before the one being assembled, never e-mailed, is taken
    with a warning. The editions e-mailed are looked up only where they matter (an import of
    thousands of approvals for named editions does not step through the send log each time)."""
    if not decision.edition:
        if edition:
            return edition
        opened, skipped = open_edition(db, default_edition)
        if skipped:
            notices.append("; ".join(s.describe() for s in skipped)
                           + f", so the approval goes to {opened}, the next edition not sent")
        if (later := sent_after(db, str(opened))) is not None:  # a week to come went out early
            warnings.append(f"{opened} was never e-mailed, but {later.describe()}; approved for {opened} all the "
                            f"same (subscribers get it only if it is sent after {later.edition})")
        return str(opened)
    def next_open() -> Week:  # for the messages only
        return open_edition(db, default_edition)[0]

    named = str(Week.parse(decision.edition))
    if status == "approved" and named == edition:
        return named  # already there: nothing is added to the edition
    sent = sent_edition(db, named)
    if sent is not None:
        # approved for it by the time it was e-mailed (times are to the second, and a paper taken out
        # the same second must still be able to go back)
        if was_in_when_sent(db, decision.paper_id, {named: sent}):
            warnings.append(f"paper {decision.paper_id} goes back into {named} ({sent.when}): the next "
                            f"build of {named} shows it again, where the e-mail links")
            return named
        raise ReviewError(f"edition {sent.describe()}; it takes no more papers. "
                          f"The next edition not sent is {next_open()}: approve for that one")
    assembled = Week.parse(default_edition)
    weeks = (assembled.monday - Week.parse(named).monday).days // 7
    if weeks > WEEKS_BACK:
        warnings.append(f"{named} is {weeks} weeks before {assembled}, the current week, and was never "
                        f"e-mailed; approved for it all the same (check the year: the next edition not "
                        f"sent is {next_open()})")
    elif -weeks > WEEKS_AHEAD:
        warnings.append(f"{named} is {-weeks} weeks after {assembled}, the current week; approved for it all the "
                        f"same (check the year: the next edition not sent is {next_open()})")
    elif (later := sent_after(db, named)) is not None:
        warnings.append(f"{named} was never e-mailed, but {later.describe()}; approved for {named} all the same "
                        f"(subscribers get it only if it is sent after {later.edition}: check the edition, the "
                        f"next edition not sent is {next_open()})")
    return named


def was_in_when_sent(db, paper_id: int, sent) -> set[str]:
    """Of the editions e-mailed (`sent`, by name), those the paper was approved for by the time
    they were: it may go back into them (_approval_edition)."""
    return {name for name, s in sent.items() if db.execute(
        "SELECT 1 FROM decisions WHERE paper_id = ? AND to_status = 'approved' AND edition = ? AND at <= ? LIMIT 1",
        [paper_id, name, s.at]).fetchone()}


def _leaving_sent_edition(db, paper_id: int, edition: str | None) -> list[str]:
    """A warning when a paper leaves an edition that was e-mailed (rejected, held, reopened, moved):
    allowed, editors must be able to correct, but building that edition again takes the paper's
    page down, and the e-mail's link to it goes nowhere."""
    sent = sent_edition(db, edition)
    if sent is None:
        return []
    slug = db.execute("SELECT slug FROM article_slugs WHERE paper_id = ? ORDER BY id LIMIT 1",
                      [paper_id]).fetchone()
    was = f"paper {paper_id} was in edition {edition}, {sent.when}: the next build of {edition}"
    if slug:
        return [f"{was} takes its page (articles/{slug[0]}/) down, and the link to it in those e-mails will "
                "then lead nowhere"]
    return [f"{was} leaves it out of the edition's web page, which those e-mails link to"]


def _summary_after_send(db, paper_id: int) -> list[str]:
    """A warning when a new version of the lay summary is stored (_store_summary: every way of
    saving one) for a paper approved for an edition already e-mailed: the e-mails keep what they
    said, but the next build of the edition puts this version on the page they link to (and it is
    checked then, as digest check says)."""
    row = db.execute("SELECT status, edition FROM papers WHERE id = ?", [paper_id]).fetchone()
    sent = sent_edition(db, row[1]) if row and row[0] == "approved" else None
    if sent is None:
        return []
    return [f"paper {paper_id} is in edition {sent.edition}, {sent.when}: the e-mails keep the summary they "
            f"went with, but the next build of {sent.edition} puts this version on the page they link to"]


def _check_decision(decision: Decision, scorer_status) -> tuple[str, dict | None]:
    """The checks that need no database: returns the editor's name and the checked summary."""
    editor = (decision.editor or "").strip()
    if not editor:
        raise EditorRequired("who is deciding?")
    if decision.action == "reject" and not (decision.reason or "").strip():
        raise ReviewError("a rejection needs a reason")
    if decision.action not in DECISIONS and decision.action != "reopen":
        raise ReviewError(f"unknown decision {decision.action!r}")
    if decision.action == "reopen" and scorer_status is None:
        raise ReviewError("reopen needs the scorer's threshold")
    if decision.edition:
        Week.parse(decision.edition)  # EditionError for a name that is no week
    summary = check_summary(decision.summary) if decision.summary is not None else None
    return editor, summary


def move_edition(db: sqlite_utils.Database, paper_id: int, edition: str, editor: str,
                 expected: int | None = None, default_edition: str | None = None) -> dict:
    """Move an approved paper to another edition (recorded as a decision approved -> approved).
    default_edition: the edition being assembled (for the refusal of an edition e-mailed, and the
    warning on one long past); the edition moved to when not given."""
    return decide(db, Decision(paper_id, editor, "approve", edition=edition, expected=expected, only_if="approved"),
                  default_edition=default_edition or edition)


def latest_decision(db: sqlite_utils.Database, paper_id: int) -> dict | None:
    return next(db.query("SELECT * FROM decisions WHERE paper_id = ? ORDER BY id DESC LIMIT 1", [paper_id]), None)


def history(db: sqlite_utils.Database, paper_id: int) -> list[dict]:
    return list(db.query(
        "SELECT id, editor, at, from_status, to_status, reason, note, edition FROM decisions"
        " WHERE paper_id = ? ORDER BY id", [paper_id]))


# -- lay summaries ------------------------------------------------------------------------------

def read_summary_file(path: str | Path) -> tuple[dict, list[str]]:
    """A YAML or JSON file with the lay-summary keys (lay.LaySummary): text values, optional
    fields may be left out (a key written twice is an error). YAML is read as tracker edit reads
    its file (load_edited: "headline: Note: a plan" and "headline: No" are the headline's text),
    unless it is a mapping with keys that are no field's; returns the fields and notes on how the
    file was read."""
    import yaml

    from . import yamltext

    path = Path(path)
    notes: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            try:
                data = yamltext.load(text, str(path))
            except yaml.YAMLError:
                data = None
            # a mapping with keys of its own: check_summary names them, misspelt or missing;
            # else as tracker edit reads ("headline: No" is text, a "#" in a line is said)
            if not (isinstance(data, dict) and set(data) - set(lay.NAMES)):
                data, notes = load_edited(text, str(path))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError(f"{path}: cannot read summary: {exc}") from None
    except yaml.YAMLError as exc:
        raise ReviewError(f"{path}: not valid YAML: {exc} (write each field's text on the lines under its key, "
                          "after 'key: |', indented by two spaces)") from None
    return check_summary(data, origin=str(path)), [f"{path}: {note}" for note in notes]


def check_summary(data, origin: str = "summary") -> dict:
    """Every lay-summary field's text, checked against lay.LaySummary (SummaryError naming each
    problem)."""
    return lay.parse(data, origin)


def save_summary(db: sqlite_utils.Database, paper_id: int, fields: dict, editor: str,
                 base_version: int | None = None) -> dict | None:
    """Store a new version of the lay summary; returns it (with "warnings": what saving it does to
    an edition already e-mailed), or None if nothing changed.

    base_version: the version the editor started from (0 for none); if another version was saved
    since, SummaryConflict is raised and nothing is written. None skips the check.
    """
    if not editor or not editor.strip():
        raise EditorRequired("who is writing?")
    fields = check_summary(fields)
    with transaction(db):
        if not paper_exists(db, paper_id):
            raise PaperNotFound(paper_id)
        return _store_summary(db, paper_id, fields, recorded_name(db, editor), base_version)


def _store_summary(db, paper_id: int, fields: dict, editor: str, base_version: int | None) -> dict | None:
    current = lay_summary(db, paper_id)
    if base_version is not None and current and current["version"] != base_version:
        raise SummaryConflict(current)
    if not _changes(current, fields):
        return None
    # max(version), not the latest row's: after two papers merge, their versions interleave.
    top = db.execute("SELECT max(version) FROM lay_summaries WHERE paper_id = ?", [paper_id]).fetchone()[0]
    row = {"paper_id": paper_id, "version": (top or 0) + 1, **fields, "editor": editor, "at": utcnow()}
    db["lay_summaries"].insert(row)
    return {**row, "warnings": _summary_after_send(db, paper_id)}


def _changes(current: dict | None, fields: dict) -> bool:
    """Whether storing `fields` would change the paper's lay summary: not the same text again, nor
    every field empty (a form or template saved as it came: it never blanks a stored summary)."""
    if not any(fields[k] for k in lay.NAMES):
        return False
    # (a version stored with a browser's CRLF line breaks, before they were made "\n", is the same text)
    return current is None or any(lay.line_breaks(current[k] or "") != fields[k] for k in lay.NAMES)


def lay_summary(db: sqlite_utils.Database, paper_id: int) -> dict | None:
    """The current lay summary (latest version), or None."""
    return next(db.query(
        f"SELECT version, {', '.join(lay.NAMES)}, editor, at"
        " FROM lay_summaries WHERE paper_id = ? ORDER BY version DESC, id DESC LIMIT 1", [paper_id]), None)


def merge_summary(db: sqlite_utils.Database, paper_id: int, mine: dict, base_version: int, theirs: dict) -> dict:
    """After a SummaryConflict: the editor's text with what the other editor changed in fields the
    editor left as they were (`merged`); the fields so taken from their version (`taken`), and
    those both changed, each their own way (`both`), to compare by hand."""
    mine = check_summary(mine)
    base = next(db.query(f"SELECT {', '.join(lay.NAMES)} FROM lay_summaries WHERE paper_id = ? AND version = ?"
                         " ORDER BY id DESC LIMIT 1", [paper_id, base_version]), None) if base_version else None
    base = base or dict.fromkeys(lay.NAMES, "")
    merged, taken, both = dict(mine), [], []
    for key in lay.NAMES:
        # as the text reads: a browser sends line breaks as CRLF, an editor's file as LF
        was, yours, other = (lay.line_breaks(v or "") for v in (base[key], mine[key], theirs[key]))
        if other == was or other == yours:
            continue
        if yours == was:
            merged[key] = theirs[key]
            taken.append(key)
        else:
            both.append(key)
    return {"merged": merged, "taken": taken, "both": both}


def summary_versions(db: sqlite_utils.Database, paper_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM lay_summaries WHERE paper_id = ? ORDER BY id", [paper_id]))


class _Block(str):
    """A value written as a YAML literal block: apostrophes, quotes, colons and line breaks typed
    in it stay plain text, where a quoted scalar would end at the first quote (or be refolded)."""


@functools.cache
def _template_dumper():
    """yaml's SafeDumper writing a _Block as a literal block; made on first use (only `tracker
    edit` writes a template), so importing this module imports no yaml."""
    import yaml

    class TemplateDumper(yaml.SafeDumper):
        pass

    TemplateDumper.add_representer(
        _Block, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|"))
    return TemplateDumper


def summary_template(current: dict | None, paper: dict | None = None, study_type: str | None = None) -> str:
    """The YAML an editor edits in $EDITOR: one literal block (`|`) per field, after comment
    lines naming the paper (`paper`: its id and title) and the study type the digest gives it,
    so the editor sees whom they write for. YAML drops the comments on load.

    Loaded and passed through check_summary, it gives back the stored fields exactly. The block
    keeps one trailing newline, which check_summary strips as it strips every field. A value a
    literal block cannot hold (a tab, a space before a line break) is written double-quoted
    instead, by PyYAML, so that it still comes back byte for byte; CRLF line breaks (a version
    saved from a browser by an older release) come back as "\\n", the same text to _changes.
    """
    import yaml

    dumper = _template_dumper()
    head = ("# Lay summary for patients and families. Plain words, short sentences, nothing the study\n"
            "# does not show. Write each field on the lines under its key, indented by two spaces;\n"
            "# quotes and apostrophes need no escaping. Save and close to keep a new version;\n"
            "# leave unchanged to keep none.\n")
    if paper is not None:
        from .textsafe import one_line

        about = f"# Paper {paper['id']}: {one_line(paper.get('title') or '', drop_unsafe=True) or '(no title)'}\n"
        if study_type:
            about += f"# Study type: {one_line(study_type, drop_unsafe=True)}\n"
        head = about + head
    parts = []
    for key in lay.NAMES:
        value = lay.line_breaks((current or {}).get(key) or "")
        if not value:
            parts.append(f"{key}: |\n")  # an empty block: the editor types under it
            continue
        parts.append(yaml.dump({key: _Block(value + "\n")}, Dumper=dumper,
                               allow_unicode=True, width=88))
    return head + "\n".join(parts)


def load_edited(text: str, origin: str | None = None) -> tuple[object, list[str]]:
    """The fields of a summary_template() an editor saved, and notes on how it was read.

    Read as YAML first; a file that gives only fields, each text, is taken exactly so (a note says
    where a "#" on a key's line cut the text there, as YAML reads comments). Otherwise the two slips
    the template invites are mended, and only where nothing else can be meant, then it is read again:
    - plain text on a key's line ("headline: Ketamine: what 24 couples taught us", "headline: No")
      is that field's text, whole; a line that starts with a quote is left to YAML;
    - lines typed unindented straight under an empty "key: |" are its text, up to the first blank
      line, comment or line with a colon and a space in it, which could be a key of its own.
    Whatever is still not a field (a note, a misspelt key) is refused by name, with its line
    (ReviewError), never folded into a field."""
    import yaml

    from . import yamltext

    lines = text.split("\n")
    first = next((n for n, line in enumerate(lines) if _FIELD_LINE.match(line)), len(lines))
    notes = [f"line {n + 1}: {lines[n][:40]!r} starts with '#', so it is read as a comment and left out; "
             "indent it by two spaces to keep it as text" for n in range(first, len(lines)) if lines[n].startswith("#")]
    try:
        data, first_error = yamltext.load(text, origin), None
    except yaml.YAMLError as exc:
        data, first_error = None, exc
    if isinstance(data, dict) and set(data) <= set(lay.NAMES) and all(
            isinstance(v, str) or v is None for v in data.values()):
        for number, line in enumerate(lines, 1):
            field = _FIELD_LINE.match(line)
            value = field.group(2) if field else ""
            quoted = value.strip()[:1] in ('"', "'")  # a comment only after its closing quote
            if field and value.strip()[:1] not in ("|", ">", "") and " #" in value and (
                    not quoted or re.match(r"""\s*(["']).*?\1\s+#""", value)):
                notes.append(f"line {number}: YAML reads what follows ' #' on the line of '{field.group(1)}:' as a "
                             "comment, left out; write the text under the key, indented, to keep it")
        return data, notes
    out: list[str] = []
    fresh = False  # straight under an empty "key: |", where unindented text is that field's
    for number, line in enumerate(lines, 1):
        field = _FIELD_LINE.match(line)
        if field:
            key, rest = field.group(1), field.group(2).strip()
            fresh = not rest or bool(_BLOCK_HEADER.fullmatch(rest))
            if rest and not fresh and rest[0] not in "'\"":  # a quoted value, as the template writes: YAML's
                out += [f"{key}: |", "  " + rest]
                notes.append(f"line {number}: the text on the line of '{key}:' was read as {key}'s text")
                continue
            out.append(line)
            continue
        if fresh and line.strip() and not line[:1].isspace() and not line.startswith("#") and ": " not in line \
                and not line.rstrip().endswith(":"):
            out.append("  " + line)
            notes.append(f"line {number}: text typed at the start of the line under a key was read as that "
                         "field's text")
            continue
        fresh = False
        out.append(line)
    try:
        data = yamltext.load("\n".join(out), origin)
    except yaml.YAMLError:
        # said of the text as the editor wrote it (its line numbers), not of the mended one
        raise first_error or yaml.YAMLError("the text could not be read") from None
    if isinstance(data, dict):
        stray = [k for k in data if k not in lay.NAMES]
        if stray:
            where = next((f"line {n}: " for n, line in enumerate(lines, 1) if line.startswith(f"{stray[0]}:")), "")
            raise ReviewError(f"{origin or 'edited summary'}: {where}{stray[0]!r} is no field of the summary (a line typed at "
                              "the start of the line reads as a key of its own): indent it by two spaces under "
                              "its field, or delete it")
    return data, notes


_FIELD_LINE = re.compile(r"^(%s):(.*)$" % "|".join(lay.NAMES))
_BLOCK_HEADER = re.compile(r"[|>](?:[-+]?[1-9]?|[1-9][-+])")  # "|", "|-", "|2", ">+" ...


def summary_checks(db: sqlite_utils.Database, config, paper: dict) -> dict:
    """The digest's checks of a paper's current lay summary, as the web page shows them beside
    the form (and `tracker edit` after a save): the study-type label, whether an editor chose it,
    whether the summary has text to check (`featured`), the flags (none until it has) and the
    summary version they were worked out on (an override names it)."""
    from .digest.checks import check_paper
    from .digest.edition import label_override, overrides, paper_view

    chosen = label_override(db, paper["id"])
    view = paper_view(paper, chosen, config)
    flags = check_paper(view, config, overrides(db, paper["id"])) if view["featured"] else []
    return {"label": view["label"], "chosen": chosen, "flags": flags, "featured": view["featured"],
            "version": view.get("summary_version") or 0}
