"""`peercoach people` and `peercoach due` (issue 19, item 4): who a peer supporter should look at
first and why, with counts and dates only, never the words anyone typed."""

from __future__ import annotations

import json

from test_progress import GOAL, checkin
from test_safety_plan import session

from engine.cli import main


def _stall(store, bundled, messages, person, day, again=False):
    answers = (checkin("1", "walk to the corner", "yes", "yes", "no", "", "keep", "no", "no", "walk on Monday", "")
               if again
               else checkin("1", "yes", "no", "", "keep", "no", "no", "walk on Monday", ""))
    _, run = session(store, bundled, messages, "review", answers, day, person=person)
    assert run.conversation.finished


def test_the_most_urgent_come_first_with_their_reasons(tmp_path, bundled, messages):
    from engine.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path)
    for number, person in enumerate(("Ann", "Bo", "Cy", "Di")):  # each on a day of their own (session ids)
        session(store, bundled, messages, "goals", GOAL, f"2026-11-0{number + 1}", person=person)
    for number, day in enumerate(("2026-11-08", "2026-11-15", "2026-11-22")):
        _stall(store, bundled, messages, "Bo", day, again=number > 0)  # three reassessments of one goal
    session(store, bundled, messages, "strengths", ["I just want to die", "2"], "2026-11-20", person="Cy")
    session(store, bundled, messages, "strengths", ["some days I wish I could disappear", "no"], "2026-11-21",
            person="Di")
    rows = store.overview("2026-12-02")
    assert [r["person"] for r in rows] == ["Cy", "Bo", "Di", "Ann"]
    assert rows[0]["reason"] == "acute safety event on 2026-11-20" and rows[0]["safety_events"]["acute"] == 1
    assert rows[1]["reason"].startswith("progress stalled three times") and rows[1]["reassessments"] == 3
    assert rows[2]["reason"] == "possible safety concern on 2026-11-21"
    assert rows[3]["reason"] == "review overdue since 2026-11-08"  # "in a week", never checked in on
    assert "die" not in json.dumps(rows) and "disappear" not in json.dumps(rows)  # never the words typed
    assert [(r["person"], r["review"]) for r in store.due("2026-12-02", "2026-12-09")] == [
        ("Ann", "2026-11-08"), ("Cy", "2026-11-10"), ("Di", "2026-11-11")]


def test_the_commands_print_and_give_json(tmp_path, bundled, messages, monkeypatch, capsys):
    from engine.store.sqlite import SqliteStore

    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path))
    store = SqliteStore(tmp_path)
    session(store, bundled, messages, "goals", GOAL, "2026-11-01", person="Ann")
    store.close()
    assert main(["people"]) == 0
    out = capsys.readouterr().out
    assert "Ann" in out and "open goals 1" in out and "first: review overdue since 2026-11-08" in out
    assert main(["people", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["overdue_reviews"][0]["review"] == "2026-11-08"
    assert main(["due", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"person": "Ann", "goal": "Walk for 20 minutes three times a week by the end of January",
         "review": "2026-11-08", "overdue": True}]


def test_details_show_own_words_only_for_those_who_said_yes_to_sharing(tmp_path, bundled, messages, monkeypatch,
                                                                          capsys):
    from test_handoff import review

    from engine.store.sqlite import SqliteStore

    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path))
    store = SqliteStore(tmp_path)
    for number, person in enumerate(("Ann", "Bo", "Cy")):  # each on a day of their own (session ids)
        session(store, bundled, messages, "goals", GOAL, f"2026-11-0{number + 1}", person=person)
    review(store, bundled, messages, "2026-11-08", "yes", person="Ann")
    review(store, bundled, messages, "2026-11-09", "no", person="Bo")
    store.close()
    assert main(["people"]) == 0
    assert "Walk for 20 minutes" not in capsys.readouterr().out  # without --details, never the words
    assert main(["people", "--details", "--json"]) == 0
    rows = {row["person"]: row["details"] for row in json.loads(capsys.readouterr().out)}
    assert rows["Ann"]["shared"] and rows["Ann"]["goals"][0]["text"].startswith("Walk for 20 minutes")
    assert rows["Ann"]["goals"][0]["ratings"] == [1] and rows["Ann"]["goals"][0]["next_step"] == "walk on Monday"
    assert rows["Bo"] == {"shared": False, "consent": {"given": False, "day": "2026-11-09"}, "goals": []}
    assert rows["Cy"] == {"shared": False, "consent": None, "goals": []}
    assert main(["people", "--details"]) == 0
    out = capsys.readouterr().out
    assert "goal: Walk for 20 minutes three times a week by the end of January  (ratings 1;" in out
    assert "next step: walk on Monday" in out
    assert "details: not shared (they said no on 2026-11-09)" in out
    assert "details: not shared (they have not been asked yet)" in out
    assert out.count("Walk for 20 minutes") == 1  # Ann's own words only
