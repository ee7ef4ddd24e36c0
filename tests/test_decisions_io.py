"""`tracker decisions import|export`: all or nothing, matched by PMID then DOI, append-only, formula-safe."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.config import default_config_path, load_config
from tracker.editions import Week
from tracker.merge import Merger
from tracker.records import Record
from tracker.review import Decision, ReviewError, record_decision
from tracker.score import Scorer
from tracker.store import open_db, transaction

HEADER = "pmid,doi,decision,reason\n"


def store_papers(path) -> None:
    """The same five papers, in the same order, in any database: ids 1 to 5."""
    db = open_db(path)
    merger = Merger(db, Scorer(load_config(default_config_path())), "pubmed", "pubmed", None)
    with transaction(db):
        merger.save(Record(title="Ketamine-assisted couple therapy: a framework", pmid="99000001",
                           doi="10.1000/one", abstract="Couples in ketamine-assisted therapy.", source_key="99000001"))
        merger.save(Record(title="Psilocybin therapy for depression", pmid="99000002",
                           abstract="Participants received psilocybin therapy.", source_key="99000002"))
        merger.save(Record(title="Ketamine for procedural sedation", doi="10.3389/fpsyt.2026.3",
                           abstract="Sedation in the emergency department.", source_key="c"))
        merger.save(Record(title="MDMA-assisted therapy for couples", pmid="99000004", doi="10.1000/four",
                           abstract="Couples received MDMA-assisted therapy.", source_key="99000004"))
        merger.save(Record(title="Family therapy after ayahuasca ceremonies", url="https://example.org/5",
                           abstract="Families in therapy after ayahuasca ceremonies.", source_key="e"))


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "tracker.db"
    store_papers(path)
    return str(path)


def tracker(db_path, *args, env=None):
    env = {"TRACKER_EDITOR": "sam", **(env or {})}
    return CliRunner().invoke(cli, ["--config", str(default_config_path()), "--db", db_path, *args],
                              env=env, catch_exceptions=False)


def write(tmp_path, text: str | bytes, name: str = "decisions.csv") -> str:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return str(path)


def statuses(db_path) -> dict[int, str]:
    return dict(sqlite3.connect(db_path).execute("SELECT id, status FROM papers ORDER BY id").fetchall())


def all_decisions(db_path) -> list[tuple]:
    return sqlite3.connect(db_path).execute("SELECT * FROM decisions ORDER BY id").fetchall()


def history(db_path, paper_id) -> list[dict]:
    return json.loads(tracker(db_path, "show", str(paper_id), "--json").stdout)["decisions"]


def test_import_records_each_decision_in_the_history_with_a_note_naming_the_file(db_path, tmp_path):
    before = statuses(db_path)
    path = write(tmp_path, HEADER
                 + "99000001,,approve,\n"                                  # by PMID
                 + ",https://doi.org/10.3389/FPSYT.2026.3,reject,anaesthesia\n"  # by DOI, normalized
                 + "99000002,,hold,ask the statistician\n")
    result = tracker(db_path, "decisions", "import", path, env={"TRACKER_EDITOR": "kim"})

    assert result.exit_code == 0, result.stderr
    assert statuses(db_path) == {**before, 1: "approved", 2: "held", 3: "rejected"}
    edition = str(Week.current(load_config(default_config_path()).timezone))
    assert [(d["editor"], d["from_status"], d["to_status"], d["edition"], d["note"]) for d in history(db_path, 1)] == [
        ("kim", before[1], "approved", edition, "imported from decisions.csv")]
    assert history(db_path, 3)[0]["reason"] == "anaesthesia"
    assert history(db_path, 2)[0]["reason"] == "ask the statistician"
    assert "line 2: paper #1: candidate -> approved for edition " + edition in result.stderr
    assert "decisions.csv: 3 decision(s) recorded, 0 unchanged (by kim)" in result.stderr


def test_editor_option_beats_the_environment_and_none_at_all_is_refused(db_path, tmp_path):
    path = write(tmp_path, HEADER + "99000001,,hold,\n")
    refused = tracker(db_path, "decisions", "import", path, env={"TRACKER_EDITOR": ""})
    assert refused.exit_code == 1 and "who is deciding" in refused.stderr and all_decisions(db_path) == []

    assert tracker(db_path, "decisions", "import", path, "--editor", "ana").exit_code == 0
    assert history(db_path, 1)[0]["editor"] == "ana"


def test_a_row_matches_by_pmid_first_then_by_doi(db_path, tmp_path):
    path = write(tmp_path, HEADER
                 + "99000001,10.1000/four,hold,\n"           # PMID of #1, DOI of #4: the PMID wins
                 + "99999999,10.3389/fpsyt.2026.3,hold,\n"   # PMID not stored; the DOI's paper has none
                 + ",DOI: 10.1000/FOUR.,hold,\n")            # DOI only, written loosely
    assert tracker(db_path, "decisions", "import", path).exit_code == 0
    assert statuses(db_path) == {1: "held", 2: "candidate", 3: "held", 4: "held", 5: statuses(db_path)[5]}


def test_a_doi_whose_paper_has_another_pmid_is_not_a_match(db_path, tmp_path):
    path = write(tmp_path, HEADER + "99999999,10.1000/four,hold,\n")
    result = tracker(db_path, "decisions", "import", path)
    assert result.exit_code == 1
    assert "line 2: PMID 99999999 is not stored, and DOI 10.1000/four is paper #4, whose PMID is 99000004" in result.stderr
    assert all_decisions(db_path) == []


def test_one_bad_row_among_good_ones_writes_nothing_and_every_bad_line_is_named(db_path, tmp_path):
    before = statuses(db_path)
    path = write(tmp_path, HEADER
                 + "99000001,,approve,\n"                 # 2 good
                 + "99000002,,maybe,\n"                   # 3 unknown decision
                 + ",,approve,\n"                         # 4 no pmid and no doi
                 + "99000004,,reject,\n"                  # 5 a rejection without a reason
                 + "12345,,hold,\n"                       # 6 not stored
                 + ",10.9999/nowhere,hold,\n"             # 7 not stored
                 + "99000004,,hold\n"                     # 8 three fields
                 + "abc,,hold,\n"                         # 9 not a PMID
                 + ",not-a-doi,hold,\n"                   # 10 not a DOI
                 + "\n"                                   # 11 blank: skipped
                 + ",10.3389/fpsyt.2026.3,hold,\n"        # 12 good
                 + '"",10.1000/one,reject,"multi\nline"\n'  # 13-14 paper #1 again, disagreeing with line 2
                 + "99000002,,hold,\x00\n")               # 15 a NUL
    result = tracker(db_path, "decisions", "import", path)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    named = [line.split(":")[0].strip() for line in result.stderr.splitlines() if line.startswith("  line ")]
    assert named == [f"line {n}" for n in (3, 4, 5, 6, 7, 8, 9, 10, 13, 15)]
    for text in ("'maybe' is not one of approve, reject, hold", "no pmid and no doi", "a rejection needs a reason",
                 "no stored paper has PMID 12345", "no stored paper has DOI 10.9999/nowhere", "3 field(s)",
                 "'abc' is not a PMID", "'not-a-doi' is not a DOI", "paper #1 is also on line 2", "a NUL character"):
        assert text in result.stderr
    assert "tracker: error: decisions.csv: 10 problem(s), nothing imported" in result.stderr
    assert statuses(db_path) == before and all_decisions(db_path) == []


@pytest.mark.parametrize("content, expected", [
    (b"", "line 1: the file is empty"),
    (b"pmid,doi,status,reason\n99000001,,approve,\n", "line 1: the header must be pmid,doi,decision,reason, not "
                                                      "pmid,doi,status,reason"),
    (b"99000001,,approve,\n", "line 1: the header must be"),
    (b'pmid,doi,decision,reason\n99000001,,hold,"never closed\n', "line 2: not valid CSV (unexpected end of data)"),
    (b'pmid,doi,decision,reason\n99000001,,hold,"a"b\n', "line 2: not valid CSV"),
], ids=["empty", "wrong-header", "no-header", "open-quote", "stray-quote"])
def test_a_file_that_is_not_a_decisions_file_is_refused_whole(db_path, tmp_path, content, expected):
    result = tracker(db_path, "decisions", "import", write(tmp_path, content))
    assert result.exit_code == 1 and expected in result.stderr, result.stderr
    assert "Traceback" not in result.output and all_decisions(db_path) == []


def test_lines_that_are_not_utf8_are_each_named(db_path, tmp_path):
    content = (HEADER.encode() + b"99000001,,approve,\n" + b"99000002,,reject,caf\xe9\n"
               + b",10.3389/fpsyt.2026.3,hold,\n" + b"99000004,,reject,\xff\xfe\n")
    result = tracker(db_path, "decisions", "import", write(tmp_path, content))
    assert result.exit_code == 1
    assert "line 3: not UTF-8 text" in result.stderr and "line 5: not UTF-8 text" in result.stderr
    assert "line 2" not in result.stderr and all_decisions(db_path) == []


def test_a_spreadsheets_byte_order_mark_and_crlf_lines_are_fine(db_path, tmp_path):
    content = "\ufeffPMID,DOI,Decision,Reason\r\n99000001,,Approve,\r\n".encode()
    assert tracker(db_path, "decisions", "import", write(tmp_path, content)).exit_code == 0
    assert statuses(db_path)[1] == "approved"


def test_a_file_over_the_cap_is_refused_before_it_is_read(db_path, tmp_path, monkeypatch):
    from tracker import decisions

    monkeypatch.setattr(decisions, "MAX_BYTES", 64)
    path = write(tmp_path, HEADER + "99000001,,approve,\n" * 10)
    result = tracker(db_path, "decisions", "import", path)
    assert result.exit_code == 1 and "decisions.csv: larger than" in result.stderr
    assert all_decisions(db_path) == []


def test_usage_errors_exit_2(db_path, tmp_path):
    assert tracker(db_path, "decisions", "import").exit_code == 2
    assert tracker(db_path, "decisions", "import", str(tmp_path / "missing.csv")).exit_code == 2
    assert tracker(db_path, "decisions", "import", str(tmp_path)).exit_code == 2  # a folder


def test_importing_the_same_file_twice_appends_nothing_the_second_time(db_path, tmp_path):
    path = write(tmp_path, HEADER + "99000001,,approve,\n99000002,,reject,no couples\n"
                 + "99000001,,approve,\n")  # the same row twice: one decision
    first = tracker(db_path, "decisions", "import", path)
    assert first.exit_code == 0 and "line 4: paper #1: the same as line 2" in first.stderr
    recorded = all_decisions(db_path)
    assert len(recorded) == 2

    again = tracker(db_path, "decisions", "import", path)
    assert again.exit_code == 0
    assert "line 2: paper #1: already approved, unchanged" in again.stderr
    assert "line 3: paper #2: already rejected, unchanged" in again.stderr
    assert "0 decision(s) recorded, 2 unchanged" in again.stderr
    assert all_decisions(db_path) == recorded
    # another reason for a decision the paper has: not recorded (its status stands), and said
    other = write(tmp_path, HEADER + "99000002,,reject,off topic after all\n")
    said = tracker(db_path, "decisions", "import", other)
    assert said.exit_code == 0 and ("paper #2: already rejected (with another reason; the file's, 'off topic after "
                                    "all', is not recorded), unchanged") in said.stderr
    assert all_decisions(db_path) == recorded
    # the same reason with a space at its end (as a shell line may type it, and the file reads it
    # stripped) is no other reason
    assert tracker(db_path, "reject", "3", "--reason", "anaesthesia, not therapy ").exit_code == 0
    exported = tracker(db_path, "decisions", "export").stdout
    (tmp_path / "round.csv").write_text(exported)
    again = tracker(db_path, "decisions", "import", str(tmp_path / "round.csv"))
    assert again.exit_code == 0 and "another reason" not in again.stderr, again.stderr


def test_the_history_stays_append_only(db_path, tmp_path):
    assert tracker(db_path, "approve", "1", "--edition", "2026-W48").exit_code == 0
    assert tracker(db_path, "hold", "4").exit_code == 0
    earlier = all_decisions(db_path)

    path = write(tmp_path, HEADER + "99000001,,reject,off topic after all\n99000004,,hold,\n")
    assert tracker(db_path, "decisions", "import", path, "--editor", "kim").exit_code == 0
    now = all_decisions(db_path)
    assert now[:len(earlier)] == earlier  # nothing rewritten
    assert len(now) == len(earlier) + 1  # #4 was held already: nothing appended for it
    steps = [(d["editor"], d["from_status"], d["to_status"], d["reason"], d["note"]) for d in history(db_path, 1)]
    assert steps == [("sam", "candidate", "approved", None, None),
                     ("kim", "approved", "rejected", "off topic after all", "imported from decisions.csv")]
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM decisions")


def test_an_approval_gets_the_edition_tracker_approve_would_give_it(db_path, tmp_path):
    assert tracker(db_path, "approve", "4").exit_code == 0
    path = write(tmp_path, HEADER + "99000001,,approve,\n")
    assert tracker(db_path, "decisions", "import", path).exit_code == 0
    assert history(db_path, 1)[-1]["edition"] == history(db_path, 4)[-1]["edition"] is not None


def test_export_lists_decided_papers_by_id_and_round_trips_into_a_fresh_database(db_path, tmp_path):
    reasons = {
        2: "=HYPERLINK(\"http://evil.example\",\"click\")",
        3: "anaesthesia, not therapy;\nsee the \"methods\"\r\nsection",
        4: "'quoted' on purpose",
    }
    assert tracker(db_path, "approve", "1", "--edition", "2026-W48").exit_code == 0
    assert tracker(db_path, "reject", "2", "--reason", reasons[2]).exit_code == 0
    assert tracker(db_path, "reject", "3", "--reason", reasons[3]).exit_code == 0
    assert tracker(db_path, "hold", "4").exit_code == 0
    assert tracker(db_path, "reject", "4", "--reason", reasons[4]).exit_code == 0
    assert tracker(db_path, "hold", "5").exit_code == 0  # no PMID, no DOI: cannot be exported

    out = tmp_path / "out.csv"
    result = tracker(db_path, "decisions", "export", "--out", str(out))
    assert result.exit_code == 0
    assert "1 paper(s) with no PMID and no DOI left out: #5" in result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows[0] == ["pmid", "doi", "decision", "reason"]
    assert [r[:3] for r in rows[1:]] == [["99000001", "10.1000/one", "approve"], ["99000002", "", "reject"],
                                         ["", "10.3389/fpsyt.2026.3", "reject"],
                                         ["99000004", "10.1000/four", "reject"]]
    assert rows[2][3] == "'" + reasons[2] and rows[4][3] == "'" + reasons[4]  # see the formula-safety test

    fresh = str(tmp_path / "fresh.db")
    store_papers(fresh)
    imported = tracker(fresh, "decisions", "import", str(out))
    assert imported.exit_code == 0, imported.stderr
    exported = statuses(db_path)
    assert {k: v for k, v in statuses(fresh).items() if k != 5} == {k: v for k, v in exported.items() if k != 5}
    for paper_id, reason in reasons.items():
        assert history(fresh, paper_id)[-1]["reason"] == reason
    assert history(fresh, 1)[-1]["note"] == "imported from out.csv"


def test_export_is_formula_safe_and_quotes_line_breaks(db_path):
    dangerous = {1: "=1+1", 2: "+cmd", 3: "-2 points", 4: "@SUM(A1)"}
    for paper_id, reason in dangerous.items():
        assert tracker(db_path, "reject", str(paper_id), "--reason", reason).exit_code == 0
    assert tracker(db_path, "reject", "1", "--reason", "\tsneaky\r\nsecond line").exit_code == 0

    result = tracker(db_path, "decisions", "export")  # stdout by default
    assert result.exit_code == 0 and "4 decision(s)" in result.stderr
    raw = result.stdout_bytes.decode()
    assert raw.startswith("pmid,doi,decision,reason\r\n")
    assert "\"'\tsneaky\r\nsecond line\"\r\n" in raw  # quoted, so the line break stays in its cell
    cells = [row[3] for row in csv.reader(io.StringIO(raw, newline=""))][1:]
    assert cells == ["'\tsneaky\r\nsecond line", "'+cmd", "'-2 points", "'@SUM(A1)"]


def test_a_quoted_formula_typed_in_a_spreadsheet_is_imported_without_its_quote(db_path, tmp_path):
    path = write(tmp_path, HEADER + "99000001,,reject,'=not a formula\n99000002,,reject,'Tis off topic\n")
    assert tracker(db_path, "decisions", "import", path).exit_code == 0
    assert history(db_path, 1)[-1]["reason"] == "=not a formula"
    assert history(db_path, 2)[-1]["reason"] == "'Tis off topic"  # a quote not guarding a formula stays


def test_record_decision_only_runs_inside_a_transaction(db_path):
    db = open_db(db_path)
    with pytest.raises(RuntimeError, match="inside a transaction"):
        record_decision(db, Decision(1, "sam", "hold"), default_edition="2026-W48")
    with pytest.raises(ReviewError, match="needs a reason"), transaction(db):
        record_decision(db, Decision(1, "sam", "hold"), default_edition="2026-W48")
        record_decision(db, Decision(2, "sam", "reject"), default_edition="2026-W48")
    assert all_decisions(db_path) == []  # the caller's rollback took the first one back too


def test_a_history_of_approvals_is_not_poured_into_the_next_digest_unasked(tmp_path, monkeypatch):
    """A history moved from another tracker put every approval into the edition being assembled,
    whose digest would have listed them all: past a week's worth, the import asks for --edition."""
    from tracker import decisions

    monkeypatch.setattr(decisions, "MOST_INTO_NEXT", 2)  # three approvals are "many" here
    path = tmp_path / "many.db"
    store_papers(path)
    rows = HEADER + "99000001,,approve,\n99000002,,approve,\n99000004,,approve,\n"
    refused = tracker(str(path), "decisions", "import", write(tmp_path, rows))
    assert refused.exit_code == 1 and "3 approvals would go into" in refused.stderr
    assert "nothing was recorded" in refused.stderr and "--edition" in refused.stderr
    assert all_decisions(str(path)) == []
    done = tracker(str(path), "decisions", "import", write(tmp_path, rows), "--edition", "2025-W01")
    assert done.exit_code == 0, done.output
    editions = sqlite3.connect(path).execute("SELECT DISTINCT edition FROM papers WHERE status = 'approved'").fetchall()
    assert editions == [("2025-W01",)]
    # an edition already e-mailed is refused, not stepped over to the next (where they would all go)
    sent = tmp_path / "sent.db"
    store_papers(sent)
    with sqlite3.connect(sent) as conn:
        conn.execute("INSERT INTO forgotten_sends (edition, first_at, messages) VALUES ('2025-W01', '2025-01-02T09:00:00Z', 3)")
    into_sent = tracker(str(sent), "decisions", "import", write(tmp_path, rows), "--edition", "2025-W01")
    assert into_sent.exit_code == 1 and "2025-W01 was e-mailed" in into_sent.stderr and "never e-mailed" in into_sent.stderr
    assert all_decisions(str(sent)) == []
    with pytest.raises(ReviewError, match="it takes no more papers"):  # whoever imports, not only the command
        decisions.import_decisions(open_db(str(sent)), rows.encode(), name="many.csv", editor="sam",
                                   default_edition="2025-W01", edition_named=True)
    assert all_decisions(str(sent)) == []
    # a week's worth goes where approvals go, as before
    few = tmp_path / "few.db"
    store_papers(few)
    assert tracker(str(few), "decisions", "import", write(tmp_path, HEADER + "99000001,,approve,\n")).exit_code == 0
