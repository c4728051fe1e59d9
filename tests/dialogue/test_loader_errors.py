"""Every authoring mistake is reported at file:line:col, in plain words, with a suggestion."""

from __future__ import annotations

import pytest

from engine.dialogue.loader import load_library
from engine.ground.errors import DialogueLoadError

GOOD = """
id: main
title: Main
audience: client
start: hello
nodes:
  hello:
    say: Hi
  name:
    ask: Your name?
  bye:
    end: Bye
"""


def only(problems, severity="error"):
    found = [p for p in problems if p.severity == severity]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def at(problem, line, column):
    assert problem.span.file.endswith("main.yaml")
    assert (problem.span.line, problem.span.column) == (line, column), str(problem)


def test_good_dialogue_loads(load):
    library = load(GOOD)
    assert list(library["main"].nodes) == ["hello", "name", "bye"]
    assert library.warnings == ()

# One mistake each, written into the good dialogue: where it is reported, and the words that say so.
ONE_MISTAKE = [
    pytest.param("title: Main", "title: Main\ndescripton: x", (3, 1), "hint", "did you mean `description`?", id="unknown_top_level_key"),
    pytest.param("    say: Hi", "    say: Hi\n    options: [a, b]", (8, 5), "message", "belongs to `ask` nodes", id="key_of_another_node_kind"),
    pytest.param("    ask: Your name?", "    ask: Your name?\n    optional: yes", (10, 15), "message", "`optional` should be `true` or `false`, not `yes`", id="wrong_value_type_for_boolean"),
    pytest.param("  hello:\n    say: Hi", "  hello: Hi", (6, 10), "message", "should be a mapping", id="text_where_a_mapping_belongs"),
    pytest.param("start: hello", "start: helo", (4, 8), "hint", "did you mean `hello`?", id="start_must_name_a_node"),
    pytest.param("    end: Bye", "    end: Bye {{ nmae }}", (11, 10), "message", "unknown variable `nmae`", id="unknown_variable_in_text"),
    pytest.param("    ask: Your name?", "    ask: Your name?\n    type: yesnoo", (10, 11), "hint", "did you mean `yesno`?", id="unknown_answer_type"),
    pytest.param("    say: Hi", "    sya: Hi", (6, 3), "hint", "did you mean `say`?", id="node_without_a_kind_suggests_one"),
    pytest.param("audience: client", "audience: clients", (3, 11), "hint", "did you mean `client`?", id="unknown_audience"),
    pytest.param("title: Main", "title: !!python/object:os.system Main", (2, 8), "message", "not allowed", id="custom_yaml_tags_are_refused"),
    pytest.param("    say: Hi", "    say: Hi\n    ask: And?", None, "message", "has both `say` and `ask`", id="node_with_two_kinds"),
    pytest.param("  bye:\n    end: Bye", "  bye:\n    say: Bye", None, "message", "is the last node", id="last_node_needs_next_or_end"),
    pytest.param("    end: Bye", "    end: Bye\n    next: hello", None, "message", "cannot have `next`", id="end_cannot_have_next"),
    pytest.param("    ask: Your name?", "    ask: Your name?\n    type: choice", None, "message", "needs `options`", id="choice_needs_options"),
    pytest.param("    ask: Your name?", "    ask: Your name?\n    type: scale\n    min: 0", None, "message", "needs both `min` and `max`", id="scale_needs_a_range"),
    pytest.param("    end: Bye", "    end: \"{{ name.__class__ }}\"", None, "message", "`__class__` cannot be used", id="private_attribute_is_refused_at_load"),
]


@pytest.mark.parametrize("old, new, where, part, words", ONE_MISTAKE)
def test_one_mistake_is_reported_where_it_is(problems, old, new, where, part, words):
    found = only(problems(GOOD.replace(old, new)))
    if where is not None:
        at(found, *where)
    assert words in getattr(found, part), str(found)


def test_yaml_syntax_error_has_position_and_hint(problems):
    found = only(problems("""
        id: main
        title: Note: this breaks
        """))
    at(found, 2, 12)
    assert "YAML syntax error" in found.message
    assert "quotes" in found.hint


def test_tab_indentation_hint(problems):
    found = only(problems("id: main\nnodes:\n\thello: x\n"))
    assert found.span.line == 3
    assert "spaces, not tabs" in found.hint


def test_unknown_key_suggests_the_right_one(problems):
    found = only(problems(GOOD.replace("    say: Hi", "    say: Hi\n    nxt: bye")))
    at(found, 8, 5)
    assert found.message == "unknown key `nxt` in node `hello`"
    assert found.hint == "did you mean `next`?"
    assert str(found).endswith("unknown key `nxt` in node `hello`: did you mean `next`?")


def test_wrong_value_type_for_number(problems):
    text = GOOD.replace("    ask: Your name?", "    ask: Your name?\n    type: number\n    min: ten")
    found = only(problems(text))
    at(found, 11, 10)
    assert "`min` should be a number" in found.message


def test_missing_target_node_suggests_a_close_id(problems):
    found = only(problems(GOOD.replace("    say: Hi", "    say: Hi\n    next: nmae")))
    at(found, 8, 11)
    assert found.message == "there is no node `nmae` in this dialogue"
    assert found.hint == "did you mean `name`?"


def test_duplicate_node_id(problems):
    found = only(problems(GOOD + "  name:\n    ask: Again?\n"))
    at(found, 12, 3)
    assert found.message == "duplicate key `name`"
    assert "line 8" in found.hint


def test_duplicate_dialogue_id_across_files(problems):
    found = only(problems(GOOD, other=GOOD))
    assert found.span.file.endswith("other.yaml")
    assert (found.span.line, found.span.column) == (1, 1)
    assert "used twice" in found.message and "main.yaml:1:1" in found.hint


def test_if_without_else(problems):
    text = GOOD.replace("    say: Hi", "    say: Hi\n    next:\n      - if: name\n        then: bye")
    found = only(problems(text))
    at(found, 9, 7)
    assert "final `else:`" in found.message
    assert "- else:" in found.hint


def test_else_must_be_last(problems):
    text = GOOD.replace("    say: Hi", "    say: Hi\n    next:\n      - else: bye\n      - if: name\n        then: bye")
    messages = [p.message for p in problems(text)]
    assert "`else:` must be the last branch" in messages


def test_branch_missing_then(problems):
    text = GOOD.replace("    say: Hi", "    say: Hi\n    next:\n      - if: name\n      - else: bye")
    found = [p for p in problems(text) if "missing `then:`" in p.message]
    assert found and found[0].span.line == 9


def test_call_to_unknown_dialogue(problems):
    text = GOOD.replace("  bye:", "  more:\n    call: sub-dialog\n  bye:")
    found = only(problems(text, sub="id: sub-dialogue\ntitle: S\naudience: client\nstart: a\nnodes:\n  a:\n    end:\n"))
    at(found, 11, 11)
    assert found.message == "there is no dialogue with id `sub-dialog`"
    assert found.hint == "did you mean `sub-dialogue`?"


def test_call_with_unknown_variable(problems):
    sub = "id: sub\ntitle: S\naudience: client\nstart: a\nvariables:\n  helper: ''\nnodes:\n  a:\n    end:\n"
    text = GOOD.replace("  bye:", "  more:\n    call: sub\n    with:\n      helpr: name\n  bye:")
    found = only(problems(text, sub=sub))
    at(found, 13, 14)
    assert found.hint == "did you mean `helper`?"


def test_template_syntax_error_inside_a_block(problems):
    text = GOOD.replace("    say: Hi", "    say: |\n      Hello there\n      {{ name }\n      Bye")
    found = only(problems(text))
    at(found, 9, 7)  # the line of the broken `{{`, inside the block
    assert found.message.startswith("template error in `say` of node `hello`")


def test_expression_syntax_error(problems):
    text = GOOD.replace("    say: Hi", "    say: Hi\n    next:\n      - if: name ==\n        then: bye\n      - else: name")
    found = only(problems(text))
    at(found, 9, 13)
    assert "expression error in the `if` condition" in found.message
    assert "Jinja expression" in found.hint


def test_min_not_below_max(problems):
    text = GOOD.replace("    ask: Your name?", "    ask: Your name?\n    type: number\n    min: 5\n    max: 1")
    assert "should be bigger than `min`" in only(problems(text)).message


def test_duplicate_option_values(problems):
    text = GOOD.replace("    ask: Your name?", "    ask: Pick\n    options:\n      - label: A\n        value: x\n      - label: B\n        value: x")
    found = only(problems(text))
    at(found, 14, 16)
    assert "two options have the value `x`" in found.message


def test_choice_value_no_stays_text(load):
    text = GOOD.replace("    ask: Your name?", "    ask: Pick\n    options:\n      - label: Yes please\n        value: yes\n      - label: No thanks\n        value: no")
    options = load(text)["main"].nodes["name"].answer.options
    assert [o.value for o in options] == ["yes", "no"]


def test_missing_required_keys_are_all_listed(problems):
    found = problems("id: main\nnodes:\n  a:\n    end:\n")
    missing = sorted(p.message for p in found)
    assert missing == ["the dialogue is missing `audience`", "the dialogue is missing `start`",
                       "the dialogue is missing `title`"]


def test_loop_without_a_question_is_rejected(problems):
    # Even with a way out, a loop of say and set nodes could run for ever without a question.
    loop = "    say: Hi\n  again:\n    set:\n      n: 1\n    next:\n      - if: n > 1\n        then: name\n      - else: hello"
    found = only(problems(GOOD.replace("    say: Hi", loop)))
    at(found, 6, 3)
    assert "loop forever without asking anything: hello -> again -> hello" in found.message


def test_loop_with_a_question_is_fine(load):
    load(GOOD.replace("    ask: Your name?", "    ask: Your name?\n    next:\n      - if: name == 'again'\n        then: hello\n      - else: bye"))


def test_dialogue_that_calls_itself(problems):
    text = GOOD.replace("  bye:", "  more:\n    call: main\n  bye:")
    assert any("calls itself" in p.message for p in problems(text))


def test_unreachable_node_is_a_warning(load):
    library = load(GOOD.replace("    say: Hi", "    say: Hi\n    next: bye"))
    warning = only(library.warnings, "warning")
    assert warning.message == "node `name` can never be reached"


def test_summary_template_must_exist(problems):
    found = only(problems(GOOD.replace("title: Main", "title: Main\nsummary:\n  markdown: strenghts.md.j2")))
    assert "not found" in found.message and found.hint == "did you mean `strengths.md.j2`?"


def test_summary_template_syntax_error_names_the_template(problems, write):
    write("broken.md.j2", "line one\n{% if x %}\nno end\n")
    found = problems(GOOD.replace("title: Main", "title: Main\nsummary:\n  markdown: broken.md.j2"))
    assert any(p.span.file.endswith("broken.md.j2") and "template error" in p.message for p in found)


def test_all_problems_of_a_file_come_together(problems):
    text = (GOOD.replace("    say: Hi", "    say: Hi\n    nxt: bye")
                .replace("audience: client", "audience: clinet")
                .replace("    end: Bye", "    end: Bye {{ nmae }}"))
    assert len(problems(text)) == 3


def test_empty_file(problems):
    found = only(problems(""))
    assert found.message == "the file is empty"


def test_not_utf8(tmp_path):
    path = tmp_path / "main.yaml"
    path.write_bytes(b"id: caf\xe9\n")
    with pytest.raises(DialogueLoadError) as caught:
        load_library([path], bundled=False)
    assert "not UTF-8" in str(caught.value)


def test_missing_path(tmp_path):
    with pytest.raises(DialogueLoadError) as caught:
        load_library([tmp_path / "nope.yaml"], bundled=False)
    assert "no such file" in str(caught.value)


# -- record nodes ---------------------------------------------------------------------------------
RECORDING = """\
id: main
title: T
audience: client
start: rating
nodes:
  rating:
    ask: How did it go, from 0 to 10?
    type: scale
    min: 0
    max: 10
  keep:
    record: checkin
    with:
      goal: '"Walk daily"'
      progress: rating
  bye:
    end:
"""


def test_a_record_node_loads(load):
    node = load(RECORDING)["main"].nodes["keep"]
    assert node.kind == "checkin" and [name for name, _ in node.fields] == ["goal", "progress"]


@pytest.mark.parametrize("change, where, message, hint", [
    (("record: checkin", "record: chekin"), (12, 13), "what to record should be one of", "did you mean `checkin`?"),
    (("      progress: rating", "      progres: rating"), (15, 7), "a `checkin` record has no field `progres`",
     "did you mean `progress`?"),
    (("      progress: rating\n", ""), (12, 5), "needs `progress`", "add them under `with:`"),
    (("      progress: rating", "      progress: rating +"), (15, 17), "", None),
])
def test_record_node_mistakes(problems, change, where, message, hint):
    found = [p for p in problems(RECORDING.replace(*change)) if message in p.message]
    assert found, problems(RECORDING.replace(*change))
    assert (found[0].span.line, found[0].span.column) == where
    if hint:
        assert hint in found[0].hint


def test_a_dialogue_cannot_take_over_the_given_person(problems):
    found = problems(RECORDING.replace("  rating:\n    ask:", "  rating:\n    save: person\n    ask:"))
    assert any("would overwrite `person`" in p.message for p in found)
    found = problems("variables:\n  person: x\n" + RECORDING)
    assert any("`person` is given to every dialogue" in p.message and p.span.line == 2 for p in found)


def test_a_checkin_outside_0_to_10_is_a_runtime_error_at_the_node(load, messages):
    from engine.conversation.machine import Conversation
    from engine.ground.errors import DialogueRuntimeError
    library = load(RECORDING.replace("      progress: rating", "      progress: rating * 2"))
    conversation = Conversation(library, messages, "main")
    conversation.reply("4")
    assert conversation.facts[0].fields == {"goal": "Walk daily", "progress": 8}
    broken = Conversation(library, messages, "main")
    turn = broken.reply("9")  # the dialogue's mistake is reported; the person can answer again
    assert isinstance(broken.problem, DialogueRuntimeError) and "from 0 to 10" in str(broken.problem)
    assert broken.problem.span.line == 11  # the `keep:` node
    assert "from 0 to 10" in turn.notice
    assert turn.question.path == Conversation(library, messages, "main").question().path  # asked again


def test_a_name_set_inside_an_if_is_not_an_unknown_variable(load):
    text = "    end: \"{% if name %}{% set y = 1 %}{% endif %}Bye{% if y %} again{% endif %}\""
    library = load(GOOD.replace("    end: Bye", text))
    assert library.warnings == ()
    assert library["main"].nodes["bye"].text.render({"name": "Sam"}) == "Bye again"
    assert library["main"].nodes["bye"].text.render({"name": None}) == "Bye"


def test_a_name_set_inside_an_if_does_not_hide_a_real_unknown_variable(problems):
    text = "    end: \"{% if name %}{% set y = 1 %}{% endif %}Bye {{ nmae }}\""
    problem = only(problems(GOOD.replace("    end: Bye", text)))
    assert problem.message == "unknown variable `nmae`"
