"""The learned ranking: features, training from the decisions history, the model stored as plain
data, the combined score and its explanation, retraining in `tracker run`, the backtest.

The papers here are invented and only exercise the mechanics; how well the ranking does on real
literature is measured in test_ranking_real.py."""

from __future__ import annotations

import json
import logging
from pathlib import Path
import math
import sqlite3

import pytest
from builders import config_with
from click.testing import CliRunner
from rankdata import decide_at, store

from tracker.cli import cli
from tracker.config import default_config_path, load_config
from tracker.ranking import make_ranker
from tracker.ranking.backtest import average_precision
from tracker.ranking.features import features, tfidf, words
from tracker.ranking.model import fit, load
from tracker.store import open_db

CONFIG = load_config(default_config_path())

# Two kinds of paper the editors keep deciding the same way. Neither matches the rules' topics
# well, so whatever moves them is the model.
WANTED = [
    {"title": f"Mindfulness retreat for bereaved siblings: cohort {n}",
     "abstract": f"Siblings attended a mindfulness retreat after a bereavement; grief and wellbeing were "
                 f"measured before and after the retreat in cohort {n}.",
     "keywords": ["bereavement", "siblings", "mindfulness"]}
    for n in range(8)
]
UNWANTED = [
    {"title": f"Corrosion of welded steel joints in seawater: batch {n}",
     "abstract": f"Welded joints were immersed in seawater and corrosion rates measured for batch {n}.",
     "keywords": ["corrosion", "welding"]}
    for n in range(8)
]
NEW_WANTED = {"title": "Mindfulness retreat for bereaved siblings: a replication",
              "abstract": "Bereaved siblings attended a mindfulness retreat; grief was measured.",
              "keywords": ["bereavement", "mindfulness"], "pmid": "999001"}


def _db(tmp_path, name="t.db"):
    return open_db(tmp_path / name)


def _shown(tmp_path, paper_id):
    """The paper as `tracker show --json` prints it."""
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "show", str(paper_id), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _decide_all(db, ids, status, day="2026-11-02"):
    for n, pid in enumerate(ids):
        decide_at(db, pid, status, f"{day}T09:{n:02d}:00Z")


def _trained_db(tmp_path):
    """Eight approved and eight rejected papers, a model trained on them, and one more paper
    like the approved ones, stored after: (db, its id)."""
    db = _db(tmp_path)
    _decide_all(db, store(db, CONFIG, WANTED), "approved")
    _decide_all(db, store(db, CONFIG, UNWANTED), "rejected")
    assert CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"]).exit_code == 0
    [new] = store(db, CONFIG, [NEW_WANTED])
    return db, new


def test_the_papers_list_shows_the_models_part_and_says_when_more_match(tmp_path):
    db, new = _trained_db(tmp_path)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "papers", "--status", "all", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "% likely approved)]" in result.stdout and "model +" in result.stdout
    assert "(the first 3 shown; more match: --limit N shows more)" in result.stderr
    every = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "papers", "--status", "all", "--limit", "100"])
    assert "more match" not in every.stderr


def test_training_after_the_topics_changed_scores_the_papers_with_the_new_topics_first(tmp_path):
    """rank train says it rescores every paper; it added the model to rules scores of the old
    topics, and only tracker run said they were stale."""
    import yaml

    db = _db(tmp_path)
    _decide_all(db, store(db, CONFIG, WANTED), "approved")
    _decide_all(db, store(db, CONFIG, UNWANTED), "rejected")
    assert CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"]).exit_code == 0
    before = db.execute("SELECT rules_score FROM papers WHERE title LIKE 'Mindfulness%' LIMIT 1").fetchone()[0]
    data = yaml.safe_load(default_config_path().read_text())
    data["topics"][0]["terms"] = list(data["topics"][0]["terms"]) + ["mindfulness retreat"]  # now a topic's term
    edited = tmp_path / "feeds.yaml"
    edited.write_text(yaml.safe_dump(data))
    result = CliRunner().invoke(cli, ["--config", str(edited), "--db", str(tmp_path / "t.db"), "rank", "train"])
    assert result.exit_code == 0, result.output
    assert ("the topics or scoring in feeds.yaml changed since the stored papers were scored: the rules scored them"
            " again first\n") in result.stderr
    after = db.execute("SELECT rules_score FROM papers WHERE title LIKE 'Mindfulness%' LIMIT 1").fetchone()[0]
    assert after > before
    again = CliRunner().invoke(cli, ["--config", str(edited), "--db", str(tmp_path / "t.db"), "rank", "train"])
    assert "scored them again" not in again.stderr  # once: the papers are scored with these topics now


def test_training_after_an_upgrade_that_scores_differently_scores_the_papers_again_first(tmp_path):
    db = _db(tmp_path)
    _decide_all(db, store(db, CONFIG, WANTED), "approved")
    _decide_all(db, store(db, CONFIG, UNWANTED), "rejected")
    assert CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"]).exit_code == 0
    with db.conn:  # as an older version left them
        db.execute("UPDATE ranking_state SET value = '0' WHERE key = 'scorer'")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"])
    assert result.exit_code == 0, result.output
    assert ("this version of tracker scores papers differently from the version that scored the stored papers: the"
            " rules scored them again first\n") in result.stderr
    again = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"])
    assert "scored them again" not in again.stderr


# -- features ------------------------------------------------------------------------------------

def test_tfidf_is_what_scikit_learn_computes():
    """Scoring re-implements TfidfVectorizer(sublinear_tf, smooth idf, l2) in plain Python; it
    must give the very numbers scikit-learn's own transform gives."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    papers = WANTED[:3] + UNWANTED[:3] + [{"title": "Family therapy", "mesh": ["Family Therapy/methods"],
                                            "publication_types": ["Randomized Controlled Trial"]}]
    vectorizer = TfidfVectorizer(analyzer=lambda p: list(features(p).elements()), sublinear_tf=True)
    matrix = vectorizer.fit_transform(papers)
    vocab = vectorizer.vocabulary_
    idf = {f: vectorizer.idf_[i] for f, i in vocab.items()}
    for row, paper in enumerate(papers):
        ours = tfidf(features(paper), idf)
        theirs = {f: matrix[row, i] for f, i in vocab.items() if matrix[row, i]}
        assert ours.keys() == theirs.keys()
        assert all(math.isclose(ours[f], theirs[f], rel_tol=1e-9) for f in ours)


def test_features_read_title_twice_mesh_and_publication_types_whole():
    counts = features({"title": "Couple therapy", "abstract": "The couple therapy sessions.",
                       "mesh": ["Couples Therapy/methods", "Humans"], "publication_types": ["Review"],
                       "article_type": "Systematic Review"})
    assert counts["couple therapy"] == 3  # title twice, abstract once
    assert counts["the"] == 0  # function words carry no topic
    assert counts["mesh:couples therapy"] == 1 and counts["mesh:humans"] == 1
    assert counts["type:review"] == 1 and counts["type:systematic review"] == 1


def test_words_fold_whole_words_whatever_form_the_letters_come_in():
    """Lower-casing the text before splitting it made "İ" two characters (i and a combining dot,
    which is no word character), and an accent written as its own character (NFD) split its
    word: "İstanbul" read as "stanbul", "the\u0301rapie" as "rapie". Every form folds as the
    search terms fold it; and a symbol beside a word stays out of it (folding the whole text
    first made "Spravato™" "spravatotm", which a model's weight for "spravato" never met)."""
    assert words("İstanbul the\u0301rapie thérapie \u212aetamine ﬁrst Spravato™ MDMA℠ 56㎎") == [
        "istanbul", "therapie", "therapie", "ketamine", "first", "spravato", "mdma"]


# -- training ------------------------------------------------------------------------------------

def test_train_learns_from_decisions_and_lifts_a_paper_the_rules_miss(tmp_path):
    db = _db(tmp_path)
    wanted = store(db, CONFIG, WANTED)
    unwanted = store(db, CONFIG, UNWANTED)
    [new] = store(db, CONFIG, [NEW_WANTED])
    rules_before = db.execute("SELECT score, status FROM papers WHERE id = ?", [new]).fetchone()
    assert rules_before[1] == "below_threshold"  # the rules alone do not want it
    _decide_all(db, wanted, "approved")
    _decide_all(db, unwanted, "rejected")

    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"])
    assert result.exit_code == 0, result.output
    assert "trained on 8 approved and 8 rejected papers" in result.output

    score, status, rules_score, probability = db.execute(
        "SELECT score, status, rules_score, model_probability FROM papers WHERE id = ?", [new]).fetchone()
    explanation = _shown(tmp_path, new)["explanation"]
    assert status == "candidate" and probability > 0.5
    assert rules_score == rules_before[0] and score > rules_score
    model = explanation["model"]
    assert explanation["rules_score"] == rules_score
    assert model["points"] == pytest.approx(score - rules_score, abs=0.01)
    assert model["probability"] == probability
    up_words = [w for w, _ in model["up"]]
    assert {"mindfulness", "retreat", "siblings", "bereaved"} & set(up_words)
    # A rejected-like paper is pushed down, and says by what.
    [steel] = store(db, CONFIG, [{"title": "Corrosion of welded steel in seawater", "pmid": "999002",
                                  "abstract": "Corrosion rates of welded joints."}])
    ex = _shown(tmp_path, steel)["explanation"]
    assert ex["model"]["points"] < 0 and {"corrosion", "welded"} & {w for w, _ in ex["model"]["down"]}


def test_a_paper_approved_from_below_the_threshold_weighs_more(tmp_path):
    db = _db(tmp_path)
    wanted = store(db, CONFIG, WANTED[:5])
    unwanted = store(db, CONFIG, UNWANTED[:5])
    _decide_all(db, unwanted, "rejected")
    _decide_all(db, wanted, "approved")  # every one of them was below the threshold
    from tracker.ranking.model import MISSED_WEIGHT, labelled_examples

    examples, _ = labelled_examples(db)
    weights = {e.paper["id"]: e.weight for e in examples}
    assert all(weights[p] == MISSED_WEIGHT for p in wanted)
    assert all(weights[p] == 1.0 for p in unwanted)


def test_too_few_decisions_leave_the_rules_alone(tmp_path):
    db = _db(tmp_path)
    wanted = store(db, CONFIG, WANTED[:4])
    unwanted = store(db, CONFIG, UNWANTED)
    _decide_all(db, wanted, "approved")
    _decide_all(db, unwanted, "rejected")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"])
    assert result.exit_code == 1
    assert "needs at least 5 approved and 5 rejected" in result.output and "4 approved" in result.output
    assert load(db) is None
    assert make_ranker(CONFIG, db).model is None


def test_held_papers_teach_nothing_and_the_last_decision_counts(tmp_path):
    db = _db(tmp_path)
    ids = store(db, CONFIG, WANTED[:3] + UNWANTED[:3])
    decide_at(db, ids[0], "approved", "2026-11-02T09:00:00Z")
    decide_at(db, ids[0], "held", "2026-11-02T10:00:00Z")  # approved, then held: no label
    decide_at(db, ids[1], "rejected", "2026-11-02T09:00:00Z")
    decide_at(db, ids[1], "approved", "2026-11-02T10:00:00Z")  # changed their mind: approved
    decide_at(db, ids[3], "rejected", "2026-11-02T09:00:00Z")
    from tracker.ranking.model import labelled_examples

    examples, newest = labelled_examples(db)
    assert {e.paper["id"]: e.relevant for e in examples} == {ids[1]: True, ids[3]: False}
    assert newest == db.execute("SELECT max(id) FROM decisions").fetchone()[0]


def test_the_model_is_plain_data_in_the_database(tmp_path):
    """No pickle, no code: numbers and words in tables, and a copy of the file scores alike."""
    db = _db(tmp_path)
    _decide_all(db, store(db, CONFIG, WANTED), "approved")
    _decide_all(db, store(db, CONFIG, UNWANTED), "rejected")
    assert CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"]).exit_code == 0
    conn = sqlite3.connect(tmp_path / "t.db")
    for table in ("ranking_models", "ranking_features"):
        for row in conn.execute(f"SELECT * FROM {table}"):
            assert all(isinstance(v, (int, float, str)) for v in row)
            assert not any(isinstance(v, bytes) for v in row)
    params = json.loads(conn.execute("SELECT params FROM ranking_models").fetchone()[0])
    assert isinstance(params["intercept"], float)
    # The stored model scores exactly as the one that was trained.
    model = load(db)
    from tracker.ranking.model import labelled_examples

    trained = fit(labelled_examples(db)[0])
    assert model.weights.keys() == trained.weights.keys()
    assert model.logit(NEW_WANTED) == pytest.approx(trained.logit(NEW_WANTED), abs=1e-9)


def test_status_reports_the_model_and_its_words(tmp_path):
    db = _db(tmp_path)
    _decide_all(db, store(db, CONFIG, WANTED), "approved")
    _decide_all(db, store(db, CONFIG, UNWANTED), "rejected")
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "status", "--json"])
    data = json.loads(result.stdout)
    assert data["decisions"] == {"approved": 8, "rejected": 8, "newest": 16}
    model = data["model"]
    assert model["in_use"] and not model["out_of_date"] and model["approved"] == 8
    assert {w for w, _ in model["up"][:6]} & {"mindfulness", "retreat", "siblings", "bereaved"}
    assert {w for w, _ in model["down"][:6]} & {"corrosion", "welded", "steel", "seawater"}
    assert data["last_evaluation"] is None
    # One more decision: the model is out of date, and says so.
    [extra] = store(db, CONFIG, [NEW_WANTED])
    decide_at(db, extra, "approved", "2026-11-03T09:00:00Z")
    text = runner.invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "status"]).output
    assert "decisions changed since" in text


def test_show_explains_both_rules_and_model(tmp_path):
    _, new = _trained_db(tmp_path)
    text = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "show", str(new)]).output
    assert "likely to be approved" in text and "pushed up by:" in text and "mindfulness" in text


def test_the_config_can_ask_for_more_decisions_than_the_model_had(tmp_path):
    db, _ = _trained_db(tmp_path)
    stricter = CONFIG.model_copy(update={"ranking": CONFIG.ranking.model_copy(update={"min_approved": 50})})
    assert make_ranker(CONFIG, db).model is not None
    assert make_ranker(stricter, db).model is None


# -- tracker run retrains --------------------------------------------------------------------------

def _feed_config(url: str):
    return config_with([{"name": "feed", "type": "rss", "url": url, "retries": 0}], base=CONFIG)


def test_run_retrains_when_decisions_changed_and_not_otherwise(tmp_path, http_server):
    from builders import frontiers_feed, frontiers_item
    from httpserver import Reply

    from tracker.pipeline import Runner

    http_server.route("/feed", Reply(200, frontiers_feed(frontiers_item(
        "10.3389/fpsyt.2026.9", "Mindfulness retreat for bereaved siblings: a third cohort",
        description="Bereaved siblings at a mindfulness retreat."))))
    config = _feed_config(http_server.url + "/feed")
    db = _db(tmp_path)
    _decide_all(db, store(db, config, WANTED), "approved")
    _decide_all(db, store(db, config, UNWANTED), "rejected")
    assert load(db) is None

    Runner(config, db).run()
    model = load(db)
    assert model is not None and model.approved == 8
    # The new paper was scored with the model trained at the start of the run.
    row = db.execute("SELECT status, model_probability FROM papers WHERE doi = '10.3389/fpsyt.2026.9'").fetchone()
    assert row[1] is not None and row[0] == "candidate"

    Runner(config, db).run()  # nothing decided since: no retraining
    assert load(db).id == model.id

    [extra] = store(db, config, [NEW_WANTED])
    decide_at(db, extra, "approved", "2026-11-04T09:00:00Z")
    Runner(config, db).run()
    again = load(db)
    assert again.id != model.id and again.approved == 9


# -- the backtest -----------------------------------------------------------------------------------

def test_average_precision():
    assert average_precision([True, False, True]) == pytest.approx((1 + 2 / 3) / 2, abs=1e-3)
    assert average_precision([False, False]) is None
    assert average_precision([True, True, False]) == 1.0


def test_backtest_trains_only_on_what_was_decided_before_each_week(tmp_path):
    db = _db(tmp_path)
    # Week 45: first papers, decided in week 45. Week 46: more of the same, decided in week 46.
    w45 = store(db, CONFIG, WANTED[:5] + UNWANTED[:5], first_seen="2026-11-03T08:00:00Z")
    w46 = store(db, CONFIG, WANTED[5:] + UNWANTED[5:], first_seen="2026-11-10T08:00:00Z")
    _decide_all(db, w45[:5], "approved", "2026-11-04")
    _decide_all(db, w45[5:], "rejected", "2026-11-05")
    _decide_all(db, w46[:3], "approved", "2026-11-11")
    _decide_all(db, w46[3:], "rejected", "2026-11-12")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "evaluate", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    first, second = report["weeks"]
    assert first["week"] == "2026-W45" and second["week"] == "2026-W46"
    # Nothing was decided before week 45: the rules alone rank it, in both columns.
    assert first["trained_on"] == {"approved": 0, "rejected": 0} and not first["model"]
    assert first["combined"] == first["rules"]
    # Week 46 is ranked by a model that learned week 45's decisions only.
    assert second["trained_on"] == {"approved": 5, "rejected": 5} and second["model"]
    assert second["approved"] == 3 and second["papers"] == 6
    # The rules miss these invented papers; the model finds them.
    assert second["rules"]["recall"] == 0.0
    assert second["combined"]["recall"] == 1.0 and second["combined"]["ap"] == 1.0
    assert report["total"]["weeks_with_model"] == 1
    # The last backtest is kept, and status shows it.
    status = json.loads(CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "status", "--json"]).stdout)
    assert status["last_evaluation"]["combined"]["recall"] == report["total"]["combined"]["recall"]
    text = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "evaluate"]).output
    assert "2026-W46" in text and "all" in text
    since = json.loads(CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "evaluate", "--since",
                                                "2026-11-09", "--json"]).stdout)
    assert [w["week"] for w in since["weeks"]] == ["2026-W46"]
    wrong = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "evaluate", "--since", "2026-02-30"])
    assert wrong.exit_code == 2 and "'2026-02-30' is not a day: day is out of range for month" in wrong.output
    later = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "evaluate", "--since", "2030-01-01"])
    assert "no week from 2030-01-01 on has approved or rejected papers" in later.output
    assert "the model took part in no week" not in text


def test_a_backtest_where_the_model_took_part_in_no_week_says_why(tmp_path):
    """All decisions made at once (as an import dates them): no week has decisions before it, and
    the two columns are the rules' both, which reads as a model that adds nothing unless said."""
    db = _db(tmp_path)
    ids = store(db, CONFIG, WANTED[:5] + UNWANTED[:5], first_seen="2026-11-03T08:00:00Z")
    _decide_all(db, ids[:5], "approved", "2026-11-04")
    _decide_all(db, ids[5:], "rejected", "2026-11-04")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "evaluate"])
    assert result.exit_code == 0 and "the model took part in no week" in result.stderr
    assert "decisions brought in by tracker decisions import are dated when they were imported" in result.stderr


# -- the web UI shows both parts ---------------------------------------------------------------------

def test_queue_and_paper_page_show_the_models_part(tmp_path):
    from webdata import PASSWORD, Editor

    from tracker.editors import add_editor
    from tracker.web import create_app

    db, new = _trained_db(tmp_path)
    add_editor(db, "alice", PASSWORD)
    app = create_app(tmp_path / "t.db", CONFIG, secret_key="k" * 40, testing=True)
    editor = Editor(app, "alice")
    queue = editor.get("/").text
    assert f'id="p-{new}"' in queue
    row = queue[queue.index(f'id="p-{new}"'):]
    row = row[: row.index("</li>")]
    assert "model</span> +" in row and "likely approved" in row
    # in the same words as tracker papers writes them
    lines = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "papers", "--status", "all"]).stdout.splitlines()
    why = lines[next(n for n, x in enumerate(lines) if x.split()[:1] == [str(new)]) + 1]
    part = why[why.rindex("model ") + len("model "):].rstrip("]")
    assert "likely approved" in part and f"model</span> {part}</p>" in row
    page = editor.get(f"/papers/{new}").text
    assert "Learned from the editors" in page and "pushed up by" in page and "mindfulness" in page


# -- stored scores always match what ranks ------------------------------------------------------------

def _with_ranking(**changes):
    return CONFIG.model_copy(update={"ranking": CONFIG.ranking.model_copy(update=changes)})


def test_a_config_that_stops_using_the_model_rescores_by_the_rules(tmp_path):
    from tracker.ranking.train import bring_up_to_date, out_of_date

    db, new = _trained_db(tmp_path)
    assert db.execute("SELECT status, model_probability FROM papers WHERE id = ?", [new]).fetchone()[0] == "candidate"
    stricter = _with_ranking(min_approved=50)
    assert out_of_date(db, CONFIG) is None and out_of_date(db, stricter) == "apply"
    bring_up_to_date(db, stricter)
    score, rules, probability, status = db.execute(
        "SELECT score, rules_score, model_probability, status FROM papers WHERE id = ?", [new]).fetchone()
    assert probability is None and score == rules and status == "below_threshold"
    assert _shown(tmp_path, new)["explanation"]["model"] is None
    assert out_of_date(db, stricter) is None
    # Back to the shipped config: the model is in use again, and the scores say so.
    assert out_of_date(db, CONFIG) == "apply"
    bring_up_to_date(db, CONFIG)
    assert db.execute("SELECT status FROM papers WHERE id = ?", [new]).fetchone()[0] == "candidate"


def test_a_model_trained_on_an_older_reading_of_papers_is_retrained(tmp_path):
    # A model stored before the features changed (its params say no features_version: the
    # first reading) would be fed words it never met; the next run retrains it, and the status
    # says why it is out of date meanwhile.
    from tracker.ranking.features import FEATURES_VERSION
    from tracker.ranking.model import current
    from tracker.ranking.train import bring_up_to_date, out_of_date

    db, _ = _trained_db(tmp_path)
    assert current(db).features_version == FEATURES_VERSION
    assert out_of_date(db, CONFIG) is None
    old_id, params = db.execute("SELECT id, params FROM ranking_models ORDER BY id DESC LIMIT 1").fetchone()
    params = json.loads(params)
    del params["features_version"]
    db.execute("UPDATE ranking_models SET params = ?, trained_at = ? WHERE id = ?",
               [json.dumps(params), "2026-01-01T00:00:00Z", old_id])
    db.conn.commit()
    assert current(db).features_version == 1
    assert out_of_date(db, CONFIG) == "train"
    text = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "status"]).output
    assert "trained on an older reading of papers: the next tracker run retrains" in text
    done, result = bring_up_to_date(db, CONFIG)
    assert done == "train" and result.model.id != old_id
    assert current(db).features_version == FEATURES_VERSION and out_of_date(db, CONFIG) is None
    status = json.loads(CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "status", "--json"]).stdout)
    assert status["model"]["out_of_date"] is False and status["model"]["out_of_date_because"] is None


def _set_features_version(db, version):
    model_id, params = db.execute("SELECT id, params FROM ranking_models ORDER BY id DESC LIMIT 1").fetchone()
    params = json.loads(params)
    params["features_version"] = version
    db.execute("UPDATE ranking_models SET params = ?, trained_at = ? WHERE id = ?",
               [json.dumps(params), f"2026-01-0{version}T00:00:00Z", model_id])
    db.conn.commit()
    return model_id


def test_an_old_reading_with_too_few_decisions_keeps_its_model_and_says_when_it_retrains(tmp_path):
    # Too few decisions to learn from (the config asks for more than there are): no run retrains,
    # so the status must not promise that the next one will.
    from tracker.ranking.train import out_of_date

    db, _ = _trained_db(tmp_path)
    _set_features_version(db, 1)
    stricter = _with_ranking(min_approved=50)
    assert out_of_date(db, stricter) != "train"
    config = tmp_path / "feeds.yaml"
    config.write_text(Path(default_config_path()).read_text(encoding="utf-8") + "\nranking:\n  min_approved: 50\n",
                      encoding="utf-8")
    args = ["--db", str(tmp_path / "t.db"), "--config", str(config), "rank", "status"]
    text = CliRunner().invoke(cli, args).output
    assert "trained on an older reading of papers: retrained once the decisions hold 50 approved" in text
    assert "the next tracker run retrains" not in text
    assert json.loads(CliRunner().invoke(cli, args + ["--json"]).stdout)["model"]["retrains"] is False


def test_a_model_from_a_newer_release_is_kept_not_retrained_on_every_run(tmp_path, caplog):
    # An older and a newer release sharing one database must not retrain each other's model on
    # every run: the older one keeps the newer model and warns.
    from tracker.ranking.train import out_of_date

    db, _ = _trained_db(tmp_path)
    logging.getLogger().addHandler(caplog.handler)  # the CLI run above set the root logger's handlers afresh
    model_id = _set_features_version(db, 99)
    with caplog.at_level("WARNING", logger="tracker.ranking.train"):
        assert out_of_date(db, CONFIG) is None
    assert f"ranking model {model_id} was trained by a newer release" in caplog.text


def test_a_new_model_weight_rescores_every_paper(tmp_path):
    from tracker.ranking.train import bring_up_to_date, out_of_date

    db, new = _trained_db(tmp_path)
    before = db.execute("SELECT score - rules_score FROM papers WHERE id = ?", [new]).fetchone()[0]
    lighter = _with_ranking(model_weight=1.0)
    assert out_of_date(db, lighter) == "apply"
    bring_up_to_date(db, lighter)
    after = db.execute("SELECT score - rules_score FROM papers WHERE id = ?", [new]).fetchone()[0]
    assert 0 < after < before


def test_a_training_that_fails_leaves_the_last_model_and_its_scores(tmp_path, monkeypatch):
    import tracker.ranking.apply
    from tracker.ranking.train import out_of_date

    db, new = _trained_db(tmp_path)
    old = load(db)
    scores = db.execute("SELECT id, score, model_probability FROM papers ORDER BY id").fetchall()
    [extra] = store(db, CONFIG, [{**NEW_WANTED, "title": "Mindfulness retreat for bereaved siblings, again",
                                  "pmid": "999003"}])
    decide_at(db, extra, "approved", "2026-11-05T09:00:00Z")

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(tracker.ranking.apply, "write_scores", broken)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"])
    assert result.exit_code != 0
    assert load(db).id == old.id  # the new model was not kept without its scores
    assert db.execute("SELECT id, score, model_probability FROM papers WHERE id != ? ORDER BY id",
                      [extra]).fetchall() == [s for s in scores]
    assert out_of_date(db, CONFIG) == "train"  # the next run tries again


def test_rank_train_waits_for_no_run(tmp_path):
    from tracker.pipeline import run_lock

    db, _ = _trained_db(tmp_path)
    with run_lock(str(tmp_path / "t.db")):
        result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rank", "train"])
        assert result.exit_code == 75 and "another tracker run" in result.output
        result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "rescore"])
        assert result.exit_code == 75


def test_reopen_goes_back_to_what_the_model_ranks(tmp_path):
    db, new = _trained_db(tmp_path)
    score, rules = db.execute("SELECT score, rules_score FROM papers WHERE id = ?", [new]).fetchone()
    assert rules < CONFIG.scoring.threshold <= score  # a candidate thanks to the model
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(tmp_path / "t.db"), "hold", str(new), "--editor", "ed"]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(tmp_path / "t.db"), "reopen", str(new), "--editor", "ed"])
    assert result.exit_code == 0 and "held -> candidate" in result.output
