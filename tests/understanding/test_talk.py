"""Change talk and sustain talk, on sentences written for this test."""

from __future__ import annotations

import pytest

from engine.understanding.talk import classify


@pytest.mark.parametrize("said, kind", [
    ("I really want to cut down on the drinking", "desire"),
    ("I'd love to get healthier for my grandkids", "desire"),
    ("I think I can quit if I have some support", "ability"),
    ("I've done it before, I stopped for a whole year", "taking_steps"),
    ("I need to stop smoking", "need"),
    ("Honestly, I should probably cut back", "need"),
    ("Something has to change", "need"),
    ("I'm going to quit on Monday", "commitment"),
    ("I'm ready to make some changes", "activation"),
    ("I've already cut down to two a day", "taking_steps"),
    ("I haven't had a drink since Friday", "taking_steps"),
    ("It's costing me my marriage", "reasons"),
    ("I'm worried about my liver", "reasons"),
    ("I don't like the way I feel in the mornings", "reasons"),
    ("I hope so", "hope"),
])
def test_change_talk(said, kind):
    result = classify(said)
    assert (result.label, result.kind) == ("change", kind), result


@pytest.mark.parametrize("said, kind", [
    ("I don't want to quit", "sustain.desire"),
    ("I like my beer after work", "sustain.desire"),
    ("I can't stop, I've tried", "sustain.ability"),
    ("Nothing works for me", "sustain.ability"),
    ("It helps me relax after a long day", "sustain.reasons"),
    ("It's not a problem, I can handle it", "sustain.reasons"),
    ("Everyone drinks at my work", "sustain.reasons"),
    ("What's the point", "sustain.reasons"),
    ("I'm only here because my wife made me come", "sustain.outside"),
    ("I don't think I need to change anything", "sustain.need"),
])
def test_sustain_talk(said, kind):
    result = classify(said)
    assert (result.label, result.kind) == ("sustain", kind), result


@pytest.mark.parametrize("said", ["I'm not going to quit", "I don't think I could stop"])
def test_a_negated_change_cue_is_sustain(said):
    assert classify(said).label == "sustain"


@pytest.mark.parametrize("said", ["I went to the shops on Tuesday", "My dog is called Biscuit", "Yeah.", "",
                                  "It was raining all day", "I work nights at the warehouse"])
def test_neutral(said):
    assert classify(said).label == "neutral"


def test_the_stronger_cue_wins_and_the_later_breaks_a_tie():
    assert classify("I want to stop, but I can't").label == "sustain"  # inability outweighs desire
    assert classify("It helps me relax but I'm going to quit").label == "change"  # commitment is strongest


def test_agreeing_with_a_reflection_takes_its_talk_type():
    assert classify("Yeah, exactly", context="So you want to cut down for your kids").kind == "desire(agreed)"
    assert classify("Yeah, exactly", context="You like how it helps you relax").label == "sustain"
    assert classify("Yeah, exactly").label == "neutral"


def test_the_cue_is_exposed():
    assert classify("I need to stop smoking").to_dict() == {"label": "change", "kind": "need",
                                                           "cue": "i need to stop"}


def test_eval_talk_reads_the_annomi_format(tmp_path, capsys):
    import json

    from engine.cli import main
    data = tmp_path / "talk.csv"
    data.write_text("transcript_id,utterance_id,interlocutor,utterance_text,client_talk_type\n"
                    "1,0,therapist,So you want to cut down for your kids,n/a\n"
                    "1,1,client,\"Yeah, exactly\",change\n"
                    "1,2,therapist,What else?,n/a\n"
                    "1,3,client,\"It helps me relax, though\",sustain\n"
                    "1,4,client,I went to the shops,neutral\n")
    assert main(["eval", "talk", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["accuracy"] == 1.0 and set(result["classes"]) == {"change", "neutral", "sustain"}
    assert result["classes"]["sustain"]["support"] == 1


@pytest.mark.parametrize("said, label, kind", [
    ("My blood pressure has me worried", "change", "weak.problem_recognition"),
    ("Maybe I could ask my cousin to come along", "change", "weak.plans"),
    ("Not a bad idea, actually", "change", "weak.openness"),
    ("It's pretty normal where I'm from", "sustain", "weak.minimising"),
    ("Honestly I just love the taste of it", "sustain", "weak.benefits"),
    ("I'm too busy with two jobs", "sustain", "weak.difficulty"),
    ("I'd miss my evenings at the pub", "sustain", "weak.reluctance"),
    ("I'm not worried", "sustain", "weak.problem_recognition(negated)"),
])
def test_weak_cues_lean_one_way_when_no_strong_cue_speaks(said, label, kind):
    result = classify(said)
    assert (result.label, result.kind) == (label, kind), result


def test_weak_cues_add_up_and_doubt_wins_a_tie():
    assert classify("It's fun but my lungs are paying for it, I'm worried").label == "change"  # 2 against 1
    assert classify("It's hard, and I'm worried").label == "sustain"  # 1 each: ambivalence is heard as doubt


@pytest.mark.parametrize("answer, label", [("8", "change"), ("Maybe a six", "change"), ("two", "sustain"),
                                           ("3 I guess", "sustain"), ("45", "neutral")])
def test_a_ruler_answer_reads_its_number(answer, label):
    ruler = "On a scale from 0 to 10, how important is it for you to cut down?"
    assert classify(answer, context=ruler).label == label
    assert classify(answer).label == "neutral"  # without the ruler question a number says nothing


def test_turning_down_an_offered_step_is_sustain_talk():
    assert classify("No.", context="Could you try going one day a week without?").kind == "sustain.declined"
    assert classify("No.", context="Did you drive here today?").label == "neutral"


@pytest.mark.slow  # reads the shared data sets
def test_targets_on_the_shared_annomi_development_set():
    from pathlib import Path
    data = Path(__file__).resolve().parents[3] / "shared" / "data" / "annomi" / "annomi-simple.csv"
    if not data.exists():
        pytest.skip("../shared/data is not here")
    from engine.evaluation.measure import talk_types
    result = talk_types(data).to_dict()
    assert result["macro_f1"] >= 0.50
    assert result["classes"]["sustain"]["recall"] >= 0.50
