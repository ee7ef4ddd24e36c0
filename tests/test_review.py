"""Editorial decisions from the CLI: append-only history, lay summaries, editions, conflicts."""

from __future__ import annotations

import json
import sqlite3

import pytest
import yaml
from click.testing import CliRunner

from tracker.cli import cli
from tracker.config import default_config_path, load_config
from tracker.errors import EditionError, Refused
from tracker.merge import Merger
from tracker.records import Record
from tracker.review import ConflictError, Decision, decide, save_summary
from tracker.score import Scorer
from tracker.store import open_db, transaction

SUMMARY = {
    "headline": "Couples and ketamine: a framework, not yet a treatment",
    "dek": "A paper sets out how sessions for two partners could work.",
    "summary": "Therapists wrote down how they would run ketamine sessions for couples.",
    "key_takeaway": "This is a plan for future studies. No couples were treated.",
    "what_it_means": "Ask your clinician before seeking this kind of therapy.",
    "caveats": "Framework paper; no patients; no comparison group.",
}


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "tracker.db"
    db = open_db(path)
    merger = Merger(db, Scorer(load_config(default_config_path())), "frontiers-psychiatry", "frontiers", None)
    with transaction(db):
        merger.save(Record(title="Ketamine-assisted couple therapy: a framework", doi="10.3389/fpsyt.2026.1",
                           abstract="Couples in ketamine-assisted therapy for depression.", source_key="a"))
        merger.save(Record(title="Ketamine for procedural sedation in children", doi="10.1000/sed",
                           abstract="Sedation in the emergency department.", source_key="b"))
    return str(path)


def tracker(db_path, *args, env=None, input=None):
    result = CliRunner().invoke(cli, ["--config", str(default_config_path()), "--db", db_path, *args],
                                env=env, input=input, catch_exceptions=False)
    return result


def show(db_path, paper_id):
    return json.loads(tracker(db_path, "show", str(paper_id), "--json").stdout)


def test_each_decision_is_appended_to_the_history_and_never_rewritten(db_path):
    assert tracker(db_path, "hold", "1", "--editor", "sam").exit_code == 0
    assert tracker(db_path, "approve", "1", "--edition", "2026-W48", "--note", "lead story",
                   env={"TRACKER_EDITOR": "kim"}).exit_code == 0
    assert tracker(db_path, "reopen", "1", "--editor", "sam").exit_code == 0

    paper = show(db_path, 1)
    steps = [(d["editor"], d["from_status"], d["to_status"], d["edition"], d["note"]) for d in paper["decisions"]]
    assert steps == [
        ("sam", "candidate", "held", None, None),
        ("kim", "held", "approved", "2026-W48", "lead story"),
        ("sam", "approved", "candidate", None, None),  # back to what the score makes it
    ]
    assert paper["status"] == "candidate" and paper["edition"] is None
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE decisions SET editor = 'mallory' WHERE id = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM decisions")


def test_a_decision_that_changes_nothing_adds_nothing_to_the_history(db_path):
    """'hold' on a held paper recorded held -> held, and 'reopen' on an undecided one its status to
    itself: rows in a history that only grows, which a decisions import calls "unchanged"."""
    assert tracker(db_path, "hold", "1", "--editor", "sam").exit_code == 0
    again = tracker(db_path, "hold", "1", "--editor", "kim")
    assert again.exit_code == 0 and "paper 1: already held; nothing recorded" in again.stderr
    undecided = show(db_path, 2)["status"]
    reopened = tracker(db_path, "reopen", "2", "--editor", "sam")
    assert reopened.exit_code == 0 and f"paper 2: already {undecided}; nothing recorded" in reopened.stderr
    assert open_db(db_path)["decisions"].count == 1
    assert tracker(db_path, "hold", "1", "--editor", "kim", "--note", "waiting for the erratum").exit_code == 0
    assert open_db(db_path)["decisions"].count == 2  # a note is something to record


def test_an_empty_summary_is_not_stored_and_the_same_summary_again_is_no_new_decision(db_path, tmp_path):
    """The web form saved with every field empty stored an empty version 1; approving again with
    the very summary already stored recorded approved -> approved."""
    db = open_db(db_path)
    assert save_summary(db, 1, {key: "" for key in SUMMARY}, "sam") is None
    assert db["lay_summaries"].count == 0
    path = tmp_path / "summary.yaml"
    path.write_text(yaml.safe_dump(SUMMARY), encoding="utf-8")
    for _ in range(2):
        assert tracker(db_path, "approve", "1", "--edition", "2026-W48", "--summary", str(path),
                       "--editor", "sam").exit_code == 0
    assert open_db(db_path)["decisions"].count == 1 and open_db(db_path)["lay_summaries"].count == 1
    assert save_summary(db, 1, {key: "" for key in SUMMARY}, "kim") is None  # nor blanks the one stored
    assert open_db(db_path)["lay_summaries"].count == 1
    changed = path.read_text(encoding="utf-8").replace(SUMMARY["dek"], "A new dek.")
    path.write_text(changed, encoding="utf-8")
    assert tracker(db_path, "approve", "1", "--edition", "2026-W48", "--summary", str(path),
                   "--editor", "sam").exit_code == 0
    assert open_db(db_path)["decisions"].count == 2 and open_db(db_path)["lay_summaries"].count == 2


def test_a_summary_file_with_a_key_written_twice_is_refused_not_cut_to_its_last_copy(db_path, tmp_path, monkeypatch):
    """feeds.yaml refused a key written twice; a lay-summary file kept only the second `summary:`,
    so the first paragraph an editor wrote was lost without a word."""
    path = tmp_path / "summary.yaml"
    path.write_text("headline: Couples and ketamine\nsummary: First paragraph.\nsummary: Second paragraph.\n",
                    encoding="utf-8")
    result = tracker(db_path, "approve", "1", "--summary", str(path), "--editor", "sam")
    assert result.exit_code == 1 and "the key 'summary' is written twice" in result.stderr
    assert f'in "{path}", line 3' in result.stderr
    assert show(db_path, 1)["lay_summary"] is None and open_db(db_path)["decisions"].count == 0

    _typing_editor(tmp_path, monkeypatch, "caveats: |\n", "caveats: |\n  Small.\nsummary: |\n  Again.\n")
    edited = tracker(db_path, "edit", "1", "--editor", "sam")
    assert edited.exit_code == 1 and "the key 'summary' is written twice" in edited.stderr
    assert "your text is kept in" in edited.stderr


def test_a_summary_file_is_read_as_tracker_edit_reads_its_file(db_path, tmp_path):
    """approve --summary printed PyYAML's "mapping values are not allowed here" for a headline with
    a colon in it, which tracker edit reads as the headline's text (and says so)."""
    path = tmp_path / "s.yaml"
    path.write_text("headline: Ketamine for couples: an early look\nsummary: |\n  Eight couples took part.\n")
    result = tracker(db_path, "approve", "1", "--summary", str(path), "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert f"tracker: note: {path}: line 1: the text on the line of 'headline:' was read as headline's text" \
        in result.stderr
    assert show(db_path, 1)["lay_summary"]["headline"] == "Ketamine for couples: an early look"

    broken = tmp_path / "broken.yaml"
    broken.write_text("summary: |\n  Eight couples.\n headline: [unclosed\n")
    refused = tracker(db_path, "approve", "2", "--summary", str(broken), "--editor", "sam")
    assert refused.exit_code == 1 and f"{broken}: not valid YAML" in refused.stderr
    assert "indented by two spaces" in refused.stderr and f'in "{broken}", line 3' in refused.stderr
    assert show(db_path, 2)["decisions"] == [] and show(db_path, 2)["lay_summary"] is None

    # a file that reads as a mapping keeps check_summary's word on a misspelt key (the mending
    # reader called it "no field of the summary ... indent it by two spaces")
    misspelt = tmp_path / "misspelt.yaml"
    misspelt.write_text("title: Ketamine for couples\nsummary: |\n  Eight couples took part.\n")
    wrong = tracker(db_path, "approve", "2", "--summary", str(misspelt), "--editor", "sam")
    assert wrong.exit_code == 1 and "unknown key(s): title" in wrong.stderr and "missing key(s): headline" in wrong.stderr
    # ... and YAML's own types and comments read as tracker edit reads them (review: "headline: No"
    # was refused as no text, and "#ketamine" cut the headline without a word)
    for line, headline in (("headline: No", "No"), ("headline: New trial #ketamine for couples", "New trial"),
                           ('headline: "New trial #ketamine for couples"', "New trial #ketamine for couples"),
                           ('headline: "New trial" #ketamine for couples', "New trial")):
        typed = tmp_path / "typed.yaml"
        typed.write_text(f"{line}\nsummary: |\n  Eight couples took part.\n")
        result = tracker(db_path, "approve", "2", "--summary", str(typed), "--editor", "sam")
        assert result.exit_code == 0, result.output
        assert show(db_path, 2)["lay_summary"]["headline"] == headline
        assert ("reads what follows ' #'" in result.stderr) == (headline == "New trial")  # said where it cut
        assert tracker(db_path, "reopen", "2", "--editor", "sam").exit_code == 0


def test_reject_needs_a_reason_and_every_decision_needs_an_editor(db_path):
    assert tracker(db_path, "reject", "2", "--editor", "sam").exit_code == 2  # --reason is required
    result = tracker(db_path, "reject", "2", "--reason", "anaesthesia, not therapy", env={"TRACKER_EDITOR": ""})
    assert result.exit_code == 1 and "who is deciding" in result.stderr
    assert tracker(db_path, "reject", "2", "--reason", "anaesthesia, not therapy", "--editor", "sam").exit_code == 0
    decision = show(db_path, 2)["decisions"][-1]
    assert (decision["to_status"], decision["reason"]) == ("rejected", "anaesthesia, not therapy")


def test_approve_with_a_summary_file_and_edition_listing(db_path, tmp_path):
    summary = tmp_path / "kact.yaml"
    summary.write_text(json.dumps(SUMMARY))  # JSON is YAML too; .yaml suffix read as YAML
    result = tracker(db_path, "approve", "1", "--edition", "2026-W48", "--summary", str(summary), "--editor", "sam")
    assert result.exit_code == 0, result.output
    paper = show(db_path, 1)
    assert paper["lay_summary"]["headline"] == SUMMARY["headline"] and paper["lay_summary"]["version"] == 1
    listing = json.loads(tracker(db_path, "papers", "--status", "approved", "--edition", "2026-W48", "--json").stdout)
    assert [p["id"] for p in listing] == [1]
    assert json.loads(tracker(db_path, "papers", "--status", "approved", "--edition", "2026-W49", "--json").stdout) == []


@pytest.mark.parametrize("content, message", [
    ({**SUMMARY, "extra": "x"}, "unknown key(s): extra"),
    ({k: v for k, v in SUMMARY.items() if k != "summary"}, "missing key(s): summary"),
    ({**SUMMARY, "headline": 42}, "headline must be text"),
])
def test_a_summary_file_must_have_the_summary_keys(db_path, tmp_path, content, message):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(content))
    result = tracker(db_path, "approve", "1", "--summary", str(path), "--editor", "sam")
    assert result.exit_code == 1 and message in result.stderr
    assert show(db_path, 1)["status"] == "candidate"  # nothing half-done


def test_a_summary_file_may_leave_out_the_optional_fields(db_path, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("headline: Ketamine for couples\nsummary: |\n  A small pilot study of eight couples.\n")
    result = tracker(db_path, "approve", "1", "--summary", str(path), "--editor", "sam")
    assert result.exit_code == 0, result.output
    summary = show(db_path, 1)["lay_summary"]
    assert (summary["headline"], summary["summary"], summary["dek"], summary["caveats"]) == (
        "Ketamine for couples", "A small pilot study of eight couples.", "", "")


def test_the_lay_summary_model_is_what_every_reader_of_a_summary_sees(db_path):
    """The form's fields, the stored columns, the checks' prose and the digest's sections all
    come from tracker.summary: a field there is a field everywhere."""
    from tracker import summary as lay
    from tracker.digest.checks import PROSE_FIELDS
    from tracker.web.papers import SUMMARY_LABELS

    columns = {row["name"] for row in open_db(db_path).execute_returning_dicts("PRAGMA table_info(lay_summaries)")}
    assert set(lay.NAMES) <= columns
    assert [name for name, _, _ in SUMMARY_LABELS] == list(lay.NAMES)
    assert PROSE_FIELDS == lay.PROSE and "summary" in lay.PROSE and "headline" not in lay.PROSE
    assert [f.heading for f in lay.SECTIONS] == ["Key takeaway for patients",
                                                 "What this means for patients and families",
                                                 "Caveats to keep in mind"]
    assert [f.name for f in lay.FIELDS if f.required] == ["headline", "summary"]


def test_saving_a_summary_keeps_every_version(db_path):
    db = open_db(db_path)
    assert save_summary(db, 1, SUMMARY, "sam")["version"] == 1
    assert save_summary(db, 1, SUMMARY, "sam") is None  # unchanged: no new version
    assert save_summary(db, 1, {**SUMMARY, "dek": "Shorter."}, "kim")["version"] == 2
    rows = list(db.query("SELECT version, dek, editor FROM lay_summaries ORDER BY id"))
    assert rows == [{"version": 1, "dek": SUMMARY["dek"], "editor": "sam"},
                    {"version": 2, "dek": "Shorter.", "editor": "kim"}]


def test_edit_opens_the_summary_in_the_editor(db_path, tmp_path, monkeypatch):
    script = tmp_path / "fake-editor.py"
    script.write_text(
        "import sys, yaml\np = sys.argv[1]\nd = yaml.safe_load(open(p))\n"
        "d.update(headline='Written in the editor', caveats='Small pilot')\n"
        "open(p, 'w').write(yaml.safe_dump(d))\n")
    import sys

    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    result = tracker(db_path, "edit", "1", "--editor", "sam")
    assert result.exit_code == 0, result.output
    summary = show(db_path, 1)["lay_summary"]
    assert (summary["headline"], summary["caveats"], summary["version"]) == ("Written in the editor", "Small pilot", 1)


def _typing_editor(tmp_path, monkeypatch, old: str, new: str):
    """$EDITOR as a person typing: replaces text in the file as it is, without parsing the YAML."""
    import sys

    script = tmp_path / "typing-editor.py"
    script.write_text(
        "import sys\np = sys.argv[1]\ntext = open(p, encoding='utf-8').read()\n"
        f"assert {old!r} in text, text\n"
        f"open(p, 'w', encoding='utf-8').write(text.replace({old!r}, {new!r}, 1))\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


def test_an_apostrophe_typed_in_the_editor_is_kept(db_path, tmp_path, monkeypatch):
    db = open_db(db_path)
    save_summary(db, 1, SUMMARY, "sam")
    # The headline has a colon, so a YAML dumper would quote it; typing "hasn't" into it is what
    # an editor does.
    _typing_editor(tmp_path, monkeypatch, "not yet a treatment", "it hasn't been tried")
    result = tracker(db_path, "edit", "1", "--editor", "sam")
    assert result.exit_code == 0, result.output
    summary = show(db_path, 1)["lay_summary"]
    assert (summary["headline"], summary["version"]) == ("Couples and ketamine: a framework, it hasn't been tried", 2)
    assert summary["dek"] == SUMMARY["dek"]


def test_a_field_typed_under_an_empty_key_is_kept(db_path, tmp_path, monkeypatch):
    _typing_editor(tmp_path, monkeypatch, "caveats: |\n", "caveats: |\n  It's small: 12 couples.\n  \"Pilot\" only.\n")
    result = tracker(db_path, "edit", "1", "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert show(db_path, 1)["lay_summary"]["caveats"] == 'It\'s small: 12 couples.\n"Pilot" only.'


@pytest.mark.parametrize("value", [
    "It hasn't: 'quoted' and \"double\" # not a comment",
    "First paragraph.\n\nSecond, after a blank line.\n  - an indented dash",
    "- starts like a list item", "| starts like a block", "Ünïcode — “curly” ≥ 5 %",
    "a tab\there", "a Windows line\r\nbreak", "a space before \na break", "  ",
])
def test_an_unchanged_edit_round_trips_exactly(db_path, tmp_path, monkeypatch, value):
    db = open_db(db_path)
    stored = {**SUMMARY, "summary": value.strip(), "what_it_means": ""}
    save_summary(db, 1, stored, "sam")
    _typing_editor(tmp_path, monkeypatch, "\n", "\n")  # saves the file without a change
    result = tracker(db_path, "edit", "1", "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert "unchanged; nothing saved" in result.stderr
    summary = show(db_path, 1)["lay_summary"]
    kept = value.strip().replace("\r\n", "\n")  # every line break is stored as "\n" (a browser sends CRLF)
    assert summary["version"] == 1 and summary["summary"] == kept and summary["what_it_means"] == ""


def test_the_empty_template_saved_as_it_came_stores_no_summary(db_path, tmp_path, monkeypatch):
    """Saving the template without typing (vim's :wq) stored version 1 with every field empty."""
    _typing_editor(tmp_path, monkeypatch, "\n", "\n")
    result = tracker(db_path, "edit", "1", "--editor", "sam")
    assert result.exit_code == 0, result.output
    assert "every field is empty; nothing saved" in result.stderr
    assert show(db_path, 1)["lay_summary"] is None

    save_summary(open_db(db_path), 1, SUMMARY, "sam")
    blank = tmp_path / "blank-editor.py"  # an editor who deletes every field's text
    blank.write_text("import sys\np = sys.argv[1]\nimport re\nt = open(p, encoding='utf-8').read()\n"
                      "open(p, 'w', encoding='utf-8').write(''.join(l + ': |\\n' for l in "
                      "re.findall(r'^([a-z_]+):', t, re.M)))\n")
    import sys

    monkeypatch.setenv("EDITOR", f"{sys.executable} {blank}")
    result = tracker(db_path, "edit", "1", "--editor", "sam")
    assert result.exit_code == 0 and "every field is empty; nothing saved (version 1 stays)" in result.stderr
    assert show(db_path, 1)["lay_summary"]["headline"] == SUMMARY["headline"]


def test_show_in_plain_text_has_the_edition_the_lay_summary_and_the_decisions(db_path, tmp_path):
    text = tracker(db_path, "show", "1").stdout
    assert "Lay summary: none" in text and "Decisions:" not in text and "Edition:" not in text
    assert text.startswith("#1 ")  # the id the other commands take, with the title

    summary = tmp_path / "kact.json"
    summary.write_text(json.dumps({**SUMMARY, "summary": "First paragraph.\n\nSecond paragraph.", "dek": ""}))
    assert tracker(db_path, "hold", "1", "--editor", "sam", "--note", "ask Kim").exit_code == 0
    assert tracker(db_path, "approve", "1", "--edition", "2026-W48", "--summary", str(summary),
                   "--editor", "kim").exit_code == 0
    paper = show(db_path, 1)
    held, approved = paper["decisions"]
    version = paper["lay_summary"]

    text = tracker(db_path, "show", "1").stdout
    assert "Edition:           2026-W48\n" in text
    assert (f"Lay summary, version 1 by kim at {version['at']}:\n"
            f"  Headline:\n    {SUMMARY['headline']}\n"
            "  Dek:\n    (empty)\n"
            "  Summary:\n    First paragraph.\n\n    Second paragraph.\n"
            f"  Key takeaway for patients:\n    {SUMMARY['key_takeaway']}\n"
            f"  What this means for patients and families:\n    {SUMMARY['what_it_means']}\n"
            f"  Caveats:\n    {SUMMARY['caveats']}\n") in text
    assert (f"Decisions:\n  {held['at']} sam: candidate -> held; note: ask Kim\n"
            f"  {approved['at']} kim: held -> approved; edition 2026-W48\n") in text

    assert tracker(db_path, "reject", "2", "--reason", "anaesthesia, not therapy", "--editor", "sam").exit_code == 0
    assert "sam: below_threshold -> rejected; reason: anaesthesia, not therapy" in tracker(db_path, "show", "2").stdout
    # a reason over two lines keeps to its entry's indent
    assert tracker(db_path, "reopen", "2", "--editor", "sam").exit_code == 0
    assert tracker(db_path, "reject", "2", "--reason", "anaesthesia,\nnot therapy", "--editor", "sam").exit_code == 0
    assert "-> rejected; reason: anaesthesia,\n      not therapy\n" in tracker(db_path, "show", "2").stdout
    assert tracker(db_path, "reopen", "2", "--editor", "sam").exit_code == 0
    assert tracker(db_path, "reject", "2", "--reason", "first line\rSECOND", "--editor", "sam").exit_code == 0
    shown = tracker(db_path, "show", "2").stdout
    assert "reason: first line\n      SECOND\n" in shown and "\r" not in shown
    assert tracker(db_path, "reopen", "2", "--editor", "sam").exit_code == 0
    assert tracker(db_path, "reject", "2", "--reason", "wrong\x08\x08\x08\x1b[2Jright", "--editor", "sam").exit_code == 0
    shown = tracker(db_path, "show", "2").stdout
    assert "reason: wrongright\n" in shown and "\x08" not in shown and "\x1b" not in shown


def test_a_decision_on_a_stale_page_is_refused_with_the_newer_decision(db_path):
    db = open_db(db_path)
    seen = db["papers"].get(1)["last_decision"]
    decide(db, Decision(1, "kim", "reject", reason="duplicate", expected=seen), default_edition="2026-W48")
    with pytest.raises(ConflictError) as conflict:
        decide(db, Decision(1, "sam", "approve", expected=seen), default_edition="2026-W48")
    assert conflict.value.newer["editor"] == "kim" and conflict.value.newer["to_status"] == "rejected"
    assert "kim" in str(conflict.value)
    assert db["papers"].get(1)["status"] == "rejected"


def test_a_decision_names_an_iso_week_or_is_refused(db_path):
    # The week itself (parse, days, the current one in a timezone) is pinned in test_editions.py.
    db = open_db(db_path)
    with pytest.raises(EditionError, match="2026-W48"):
        decide(db, Decision(1, "sam", "approve", edition="48"), default_edition="2026-W48")
    with pytest.raises(EditionError, match="not a week"):
        decide(db, Decision(1, "sam", "approve", edition="2026-W60"), default_edition="2026-W48")


def test_editors_are_stored_with_a_strong_hash(db_path):
    result = tracker(db_path, "editors", "add", "sam", "--password-stdin", input="correct horse battery\n")
    assert result.exit_code == 0, result.output
    stored = open_db(db_path)["editors"].get(1)
    assert stored["name"] == "sam" and "correct horse" not in stored["password_hash"]
    assert stored["password_hash"].startswith(("scrypt:", "pbkdf2:"))
    from tracker.editors import check_editor

    assert check_editor(open_db(db_path), "sam", "correct horse battery")
    assert not check_editor(open_db(db_path), "sam", "wrong password!")
    assert tracker(db_path, "editors", "add", "sam", "--password-stdin", input="another long one\n").exit_code == 1
    assert tracker(db_path, "editors", "add", "eve", "--password-stdin", input="short\n").exit_code == 1


def test_once_there_are_editor_accounts_a_decision_is_recorded_under_one(db_path, tmp_path):
    """The command line recorded a decision, summary, label or override under any name: "SAM"
    beside "sam" showed one editor as two people (which `editors add` refuses for accounts), and
    a typo or a removed editor's name stayed in the append-only history for good (and on the
    article pages, with digest.show_reviewer). A tracker with no account at all takes any name."""
    assert tracker(db_path, "hold", "1", "--editor", "kim").exit_code == 0  # no accounts yet
    assert tracker(db_path, "editors", "add", "sam", "--password-stdin", input="correct horse battery\n").exit_code == 0
    assert tracker(db_path, "approve", "1", "--editor", " SAM ").exit_code == 0
    assert [d["editor"] for d in show(db_path, 1)["decisions"]] == ["kim", "sam"]
    csv = tmp_path / "decisions.csv"
    csv.write_text("pmid,doi,decision,reason\n,10.1000/sed,reject,anaesthesia\n")
    for args in (["reject", "2", "--reason", "anaesthesia, not therapy"], ["hold", "2"],
                 ["decisions", "import", str(csv)], ["digest", "label", "2", "case_report"]):
        result = tracker(db_path, *args, "--editor", "smа")  # a Cyrillic a
        assert result.exit_code == 1, args
        assert result.stderr == ("tracker: error: 'smа' has no editor account (the editors: sam); give one of those "
                                 "with --editor or TRACKER_EDITOR, or add one first: tracker editors add NAME\n"), args
    db = open_db(db_path)
    assert show(db_path, 2)["decisions"] == [] and db["study_type_labels"].count == 0
    with pytest.raises(Refused, match="'kim' has no editor account"):
        save_summary(db, 2, SUMMARY, "kim")
    assert save_summary(db, 2, SUMMARY, "Sam")["editor"] == "sam"


def test_decisions_survive_a_merge_of_two_papers(db_path):
    db = open_db(db_path)
    decide(db, Decision(1, "sam", "approve"), default_edition="2026-W48")
    # A PubMed record shows paper 1 (DOI) and a PubMed-only paper (PMID) are the same work.
    merger = Merger(db, Scorer(load_config(default_config_path())), "pubmed", "pubmed", None)
    with transaction(db):
        merger.save(Record(title="Ketamine-assisted couple therapy: a framework", pmid="777", source_key="777"))
        merger.save(Record(title="Ketamine-assisted couple therapy: a framework", pmid="777",
                           doi="10.3389/fpsyt.2026.1", source_key="777", abstract="now with a DOI"))
    paper = show(db_path, 1)
    assert paper["pmid"] == "777" and paper["status"] == "approved"
    assert [d["to_status"] for d in paper["decisions"]] == ["approved"]


def test_a_decision_on_the_newer_paper_of_a_merge_is_kept(db_path):
    db = open_db(db_path)
    merger = Merger(db, Scorer(load_config(default_config_path())), "pubmed", "pubmed", None)
    with transaction(db):
        merger.save(Record(title="Ketamine-assisted couple therapy: a framework", pmid="777", source_key="777"))
    decide(db, Decision(3, "kim", "approve", edition="2026-W49"), default_edition="2026-W48")
    with transaction(db):
        merger.save(Record(title="Ketamine-assisted couple therapy: a framework", pmid="777",
                           doi="10.3389/fpsyt.2026.1", source_key="777"))
    paper = show(db_path, 1)
    assert (paper["status"], paper["edition"]) == ("approved", "2026-W49")
    assert [d["editor"] for d in paper["decisions"]] == ["kim"]


# -- errors: one class each, command-line wording on the command line only (issue 15, item 6) ----

ADVICE = "pass --editor NAME or set TRACKER_EDITOR"


@pytest.mark.parametrize("args, question", [
    (["reject", "2", "--reason", "anaesthesia, not therapy"], "who is deciding?"),
    (["hold", "2"], "who is deciding?"),
    (["edit", "1"], "who is writing?"),
    (["digest", "label", "1", "case_report"], "who is labelling?"),
    (["digest", "override", "1", "hype", "--reason", "quoted"], "who is overriding?"),
])
def test_the_command_line_says_how_to_name_the_editor(db_path, args, question):
    result = tracker(db_path, *args, env={"TRACKER_EDITOR": ""})
    assert result.exit_code == 1
    assert result.stderr == f"tracker: error: {question} {ADVICE}\n"


def test_decisions_import_without_an_editor_says_how_to_name_one(db_path, tmp_path):
    csv = tmp_path / "decisions.csv"
    csv.write_text("pmid,doi,decision,reason\n,10.1000/sed,reject,anaesthesia\n")
    result = tracker(db_path, "decisions", "import", str(csv), env={"TRACKER_EDITOR": ""})
    assert result.exit_code == 1 and result.stderr == f"tracker: error: who is deciding? {ADVICE}\n"


def test_domain_errors_ask_who_without_naming_a_command_line_option(db_path):
    """The domain's text reaches the web UI too: it asks, and leaves the how to its caller."""
    from tracker.decisions import import_decisions
    from tracker.digest import set_label, set_override
    from tracker.errors import EditorRequired, PaperNotFound

    db = open_db(db_path)
    attempts = [
        lambda: decide(db, Decision(1, "", "hold"), default_edition="2026-W48"),
        lambda: save_summary(db, 1, SUMMARY, ""),
        lambda: set_label(db, 1, "case_report", " "),
        lambda: set_override(db, 1, "hype", "quoted", ""),
        lambda: import_decisions(db, b"pmid,doi,decision,reason\n", name="d.csv", editor="",
                                 default_edition="2026-W48"),
    ]
    for attempt in attempts:
        with pytest.raises(EditorRequired) as refused:
            attempt()
        assert "--editor" not in str(refused.value) and "TRACKER_EDITOR" not in str(refused.value)
    for attempt in (lambda: decide(db, Decision(99, "sam", "hold"), default_edition="2026-W48"),
                    lambda: save_summary(db, 99, SUMMARY, "sam"),
                    lambda: set_label(db, 99, "case_report", "sam"),
                    lambda: set_override(db, 99, "hype", None, "sam")):
        with pytest.raises(PaperNotFound) as missing:
            attempt()
        assert missing.value.paper_id == 99 and str(missing.value) == "no paper with id 99"


def test_only_the_command_line_modules_word_the_editor_option():
    from pathlib import Path

    import tracker

    root = Path(tracker.__file__).parent
    wording = sorted(str(p.relative_to(root)) for p in root.rglob("*.py") if "--editor NAME" in p.read_text())
    assert wording == ["cli/base.py"]
