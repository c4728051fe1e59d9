"""Templates are checked like dialogues: a dialogue's texts and its summary templates are parsed
at load, and each mistake is reported at its file and line, never as a traceback later."""

from __future__ import annotations

import pytest

from engine.dialogue.loader import load_library
from engine.dialogue.summaries import SUMMARY_NAMES
from engine.ground.errors import DialogueLoadError

DIALOGUE = """
    id: sleep
    title: Sleep check-in
    audience: client
    start: how
    {summary}
    nodes:
      how:
        ask: How did you sleep?
        help: A few words are fine.
      said:
        say: "{said}"
      done:
        end: Thank you.
"""


def problems(tmp_path, write, said="Thanks.", summary="", **templates) -> list[str]:
    write("sleep.yaml", DIALOGUE.format(said=said, summary=summary))
    for name, text in templates.items():
        write(name.replace("_", "."), text)
    try:
        load_library([tmp_path], bundled=False)
    except DialogueLoadError as exc:
        return [f"{p.span.file.rsplit('/', 1)[-1]}:{p.span.line}: {p.message}" + (f": {p.hint}" if p.hint else "")
                for p in exc.problems]
    return []


def test_a_misspelt_filter_in_a_dialogue_text_is_a_located_error(tmp_path, write):
    found = problems(tmp_path, write, said="So {{ how | reflct }}")
    assert found == ["sleep.yaml:11: template error in `say` of node `said`: there is no filter `reflct`: "
                     "did you mean `reflect`?"]


def test_a_misspelt_test_too(tmp_path, write):
    assert "there is no test `claus`" in problems(tmp_path, write, said="{% if how is claus %}x{% endif %}")[0]


SUMMARY = "summary:\n      markdown: sleep.md.j2\n      html: sleep.html.j2"
GOOD_HTML = '{% extends "base.html.j2" %}\n{% block content %}<p>{{ vars.how }}</p>{% endblock %}\n'


@pytest.mark.parametrize("markdown, expected", [
    ("# {{ dialogue.title }}\n{{ vars.hwo }}\n", "sleep.md.j2:2: `vars.hwo`: the dialogue never sets `hwo`: did you mean `how`?"),
    ("# {{ dialogue.title }}\n\n{{ how }}\n", "sleep.md.j2:3: a summary is not given `how`: answers are under `vars`: "
                                              "write `vars.how`"),
    ("{{ vars.how | reflct }}\n", "sleep.md.j2:1: there is no filter `reflct`: did you mean `reflect`?"),
    ('{% include "nothere.j2" %}\n', "sleep.md.j2:1: template `nothere.j2` not found: check its name and folder"),
    ("{% if vars.how %}\n", "sleep.md.j2:1: template error in `sleep.md.j2`: Unexpected end of template. Jinja was "
                            "looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that "
                            "needs to be closed is 'if'."),
])
def test_summary_template_mistakes_are_located(tmp_path, write, markdown, expected):
    assert problems(tmp_path, write, summary=SUMMARY, sleep_md_j2=markdown, sleep_html_j2=GOOD_HTML) == [expected]


def test_a_block_the_base_template_does_not_have_is_an_error(tmp_path, write):
    wrong = '{% extends "base.html.j2" %}\n{% block body %}<p>{{ vars.how }}</p>{% endblock %}\n'
    found = problems(tmp_path, write, summary=SUMMARY, sleep_md_j2="{{ vars.how }}\n", sleep_html_j2=wrong)
    assert found == ["sleep.html.j2:2: `{% block body %}` is not in `base.html.j2`, so it would never be shown: "
                     "the blocks it defines are `content`, `title`"]


def test_good_summaries_and_names_the_template_sets_itself_pass(tmp_path, write):
    markdown = ('{% set seen = [] %}{% for a in answers %}{% set _ = seen.append(a) %}{{ loop.index }}{% endfor %}\n'
                '{% macro line(x) %}{{ x }}{% endmacro %}{{ line(vars.how) }} {{ progress | length }}\n')
    assert problems(tmp_path, write, summary=SUMMARY, sleep_md_j2=markdown, sleep_html_j2=GOOD_HTML) == []


def test_a_broken_file_beside_good_ones_leaves_the_good_ones_running(tmp_path, write):
    write("sleep.yaml", DIALOGUE.format(said="So {{ how | reflct }}", summary=""))
    write("walk.yaml", DIALOGUE.format(said="Thanks.", summary="").replace("id: sleep", "id: walk"))
    library = load_library([tmp_path], bundled=False, skip_broken=True)
    assert "walk" in library and "sleep" not in library
    assert any("reflct" in p.message for p in library.skipped)


def test_the_names_a_summary_is_given_match_what_the_renderer_gives(bundled, messages):
    from engine.conversation.machine import Conversation
    from engine.conversation.session import Status
    from engine.render.summary import summary_context

    context = summary_context(Conversation(bundled, messages, "strengths"), status=Status.PAUSED, generated=None)
    assert set(context) == SUMMARY_NAMES


def test_an_html_summary_that_does_not_extend_the_base_page_is_refused_with_the_fix(tmp_path, write):
    bare = "<html><body><p>{{ vars.how }}</p></body></html>\n"
    found = problems(tmp_path, write, summary=SUMMARY, sleep_md_j2="{{ vars.how }}\n", sleep_html_j2=bare)
    assert found == ["sleep.html.j2:1: the HTML summary `sleep.html.j2` does not extend peercoach's `base.html.j2`, "
                     "so it would be shown without the safety notice: start it with "
                     '`{% extends "base.html.j2" %}` and put what it shows in `{% block content %}`']


def test_an_html_summary_may_extend_the_base_page_through_another_template(tmp_path, write):
    middle = '{% extends "base.html.j2" %}\n{% block content %}<h1>Mine</h1>{% block mine %}{% endblock %}{% endblock %}\n'
    page = '{% extends "mine.html.j2" %}\n{% block mine %}<p>{{ vars.how }}</p>{% endblock %}\n'
    assert problems(tmp_path, write, summary=SUMMARY, sleep_md_j2="{{ vars.how }}\n", sleep_html_j2=page,
                    mine_html_j2=middle) == []


def test_a_base_page_of_ones_own_in_place_of_peercoachs_is_refused(tmp_path, write):
    # A `base.html.j2` beside the dialogue would be found before the bundled one, without its notice.
    own_base = "<html><body>{% block content %}{% endblock %}</body></html>\n"
    found = problems(tmp_path, write, summary=SUMMARY, sleep_md_j2="{{ vars.how }}\n", sleep_html_j2=GOOD_HTML,
                     base_html_j2=own_base)
    assert len(found) == 1 and found[0].startswith("sleep.html.j2:1: the HTML summary `sleep.html.j2` does not extend")


def test_a_markdown_summary_need_not_extend_anything(tmp_path, write):
    assert problems(tmp_path, write, summary="summary:\n      markdown: sleep.md.j2",
                    sleep_md_j2="# {{ dialogue.title }}\n{{ vars.how }}\n") == []


def test_a_template_is_parsed_once_for_all_the_dialogues_that_use_it_and_again_when_it_changes(tmp_path, write,
                                                                                                  monkeypatch):
    from engine.dialogue.sandbox import environment

    parsed: list[str | None] = []
    parse = environment.BoundedSandbox._parse

    def counting(self, source, name, filename):
        parsed.append(name)
        return parse(self, source, name, filename)

    monkeypatch.setattr(environment.BoundedSandbox, "_parse", counting)
    for other in ("rest", "walk"):
        write(f"{other}.yaml", DIALOGUE.format(said="Thanks.", summary=SUMMARY).replace("id: sleep", f"id: {other}"))
    assert problems(tmp_path, write, summary=SUMMARY, sleep_md_j2="{{ vars.how }}\n", sleep_html_j2=GOOD_HTML) == []
    assert parsed.count("sleep.md.j2") == 1  # three dialogues use it
    # The cache is keyed on the text: a template changed is parsed and checked again.
    assert problems(tmp_path, write, summary=SUMMARY, sleep_md_j2="{{ vars.hwo }}\n", sleep_html_j2=GOOD_HTML) == \
        ["sleep.md.j2:1: `vars.hwo`: the dialogue never sets `hwo`: did you mean `how`?"] * 3
    assert parsed.count("sleep.md.j2") == 2
