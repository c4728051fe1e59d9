"""A card's `mentioned:` block (the topics an answer raises and the question that offers the card,
issue 19) read strictly: every mistake at file:line:col with what is wrong and the likely fix, and
one broken card never stops the other cards loading, nor a conversation."""

from __future__ import annotations

import io
import json

import pytest
from test_cards import problems

import engine.dialogue.cards as cards_module
from engine.dialogue.cards import bundled_cards, read_card, read_cards, skipped_lines
from engine.ground.errors import DialogueLoadError, Problem
from engine.ground.files import display_path

GOOD = """title: Money help
topic: basic_needs
text: |
  Some words.
links: [basic_needs]
sources: [a source]
asked_by:
  - help with (rent|bills)
mentioned:
  offer: Would you like to see where people find help with that?
  topics:
    rent: [behind on .. rent, rent arrears]
    money: ["{money_word}"]
"""
# A card's phrases may use the asking rules' word classes; this one is made up to test a wrong one.
GOOD = GOOD.replace('["{money_word}"]', "[(in|into) debt]")
TOPICS = "  topics:\n    rent: [behind on .. rent, rent arrears]\n    money: [(in|into) debt]\n"
MENTIONED = "mentioned:\n  offer: Would you like to see where people find help with that?\n" + TOPICS


def write(folder, text, name="money.yaml"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_mentioned_block_is_read_whole(tmp_path):
    card = read_card(write(tmp_path, GOOD))
    assert card.offer == "Would you like to see where people find help with that?"
    assert [(name, len(phrases)) for name, phrases in card.mentions] == [("rent", 2), ("money", 1)]


@pytest.mark.parametrize("old, new, place, expected, fix", [
    # a topic without phrases
    ("rent: [behind on .. rent, rent arrears]", "rent: []", "12:11", "the topic `rent` has no phrases",
     "e.g. `rent: [rent]`"),
    ("rent: [behind on .. rent, rent arrears]", "rent:", "12:10", "the topic `rent` has no phrases",
     "list the words that raise it"),
    (TOPICS, "  topics: {}\n", "11:11", "`mentioned.topics` names no topic", "e.g. `rent: [rent, behind"),
    (TOPICS, "  topics:\n", "11:10", "`mentioned.topics` is empty", "name each topic"),
    (MENTIONED, "mentioned:\n", "9:11", "`mentioned` is empty", "take the `mentioned:` line out"),
    # an empty offer question
    ("offer: Would you like to see where people find help with that?", "offer: ''", "10:10",
     "`mentioned.offer` is empty", "write the question that offers the card"),
    ("offer: Would you like to see where people find help with that?", "offer:", "10:9",
     "`mentioned.offer` is empty", "write the question that offers the card"),
    ("offer: Would you like to see where people find help with that?", "offer: '  ?  '", "10:10",
     "`mentioned.offer` has no words", "e.g. `Would you like"),
    ("offer: Would you like to see where people find help with that?", "offer: See the page.", "10:10",
     "`mentioned.offer` should be a question", "end it with a question mark"),
    (MENTIONED, "mentioned:\n" + TOPICS, "10:3", "`mentioned` is missing `offer`", "add `offer:` with the yes/no"),
    (TOPICS, "", "10:3", "`mentioned` is missing `topics`", "add `topics:`, and under it name each topic"),
    # a phrase that does not compile
    ("rent: [behind on .. rent, rent arrears]", 'rent: ["(behind on .. rent", rent arrears]', "12:13",
     "in `mentioned.topics.rent`, `(behind on .. rent`: a bracket is not closed", "add `)`"),
    ("money: [(in|into) debt]", 'money: ["debt|"]', "13:18", "`|` outside brackets", "(a|b)"),
    ("money: [(in|into) debt]", 'money: ["{money_word}"]', "13:13", "there is no word class `{money_word}`",
     "define it"),
    ("money: [(in|into) debt]", 'money: ["the?"]', "13:13", "would match almost any sentence", None),
    ("money: [(in|into) debt]", 'money: [""]', "13:14", "the phrase is empty", "write at least one word"),
    # a wrong type
    (MENTIONED, "mentioned: [rent, money]\n", "9:12", "`mentioned` should be a mapping of `key: value` lines, "
     "not a list", None),
    (MENTIONED, "mentioned: rent\n", "9:12", "`mentioned` should be a mapping", None),
    (TOPICS, "  topics: [rent, money]\n", "11:11", "`mentioned.topics` should be a mapping", None),
    ("offer: Would you like to see where people find help with that?", "offer: [yes, no]", "10:10",
     "`mentioned.offer` should be text, not a list", None),
    ("offer: Would you like to see where people find help with that?", "offer: 3", "10:10",
     "`mentioned.offer` should be a question in words, not `3`", "e.g. `Would you like"),
    ("money: [(in|into) debt]", "money: [{in: debt}]", "13:13",
     "each entry of `mentioned.topics.money` should be text, not a mapping", None),
    ("money: [(in|into) debt]", "money: {in: debt}", "13:12", "`mentioned.topics.money` should be a list", None),
    ("rent: [behind on .. rent, rent arrears]", "3: [behind on .. rent]", "12:5", "the topic name `3` is said back",
     "e.g. `rent` or `a food bank`"),
    ("rent: [behind on .. rent, rent arrears]", "my rent, my bills: [behind on .. rent]", "12:5",
     "the topic name `my rent, my bills` is said back", "keep it to a few plain words"),
    # an unknown key
    ("  offer:", "  colour: red\n  offer:", "10:3", "unknown key `colour` in `mentioned`",
     "allowed keys here: `offer`, `topics`"),
    ("  topics:", "  topic:", "11:3", "unknown key `topic` in `mentioned`", "did you mean `topics`?"),
    ("  offer:", "  offers:", "10:3", "unknown key `offers` in `mentioned`", "did you mean `offer`?"),
    ("mentioned:", "mentions:", "9:1", "unknown key `mentions` in a card", "did you mean `mentioned`?"),
    ("rent: [behind on .. rent, rent arrears]", "rent: [rent]\n    rent: [arrears]", "13:5", "duplicate key `rent`",
     "keep one"),
])
def test_a_mistake_in_mentioned_is_refused_at_its_place_with_the_fix(tmp_path, old, new, place, expected, fix):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    shown = problems(path)
    located = [s for s in shown if s.startswith(f"{display_path(path)}:{place}: ") and expected in s]
    assert located, shown
    if fix:
        assert fix in located[0], located[0]


def test_a_broken_card_never_stops_the_others_loading(tmp_path):
    write(tmp_path, GOOD, "a-good.yaml")
    write(tmp_path, GOOD.replace("rent: [behind on .. rent, rent arrears]", "rent: []"), "b-no-phrases.yaml")
    write(tmp_path, GOOD.replace("  offer:", "  colour: red\n  offer:"), "c-unknown-key.yaml")
    write(tmp_path, "title: [\n", "d-not-yaml.yaml")
    write(tmp_path, GOOD.replace("money: [(in|into) debt]", "money: [\"(debt\"]").replace("Money help", "Other"),
          "e-bad-phrase.yaml")
    with pytest.raises(DialogueLoadError):  # for checking: every problem of every card at once
        read_cards(tmp_path)
    cards = read_cards(tmp_path, skip_broken=True)
    assert cards.ids() == ["a-good"]
    found = cards.mentioned("I'm behind on my rent again")
    assert found is not None and (found.card.id, found.topic) == ("a-good", "rent")
    lines = skipped_lines(cards)
    assert [line.split(":", 1)[0].rsplit("/", 1)[-1] for line in lines] == [
        "b-no-phrases.yaml", "c-unknown-key.yaml", "d-not-yaml.yaml", "e-bad-phrase.yaml"]
    assert all(line.endswith("(so this card was left out)") for line in lines), lines
    assert ":12:11: the topic `rent` has no phrases" in lines[0]


def test_a_card_with_several_mistakes_is_one_line_that_counts_the_rest(tmp_path):
    write(tmp_path, GOOD.replace("rent: [behind on .. rent, rent arrears]", "rent: []").replace("  offer:", "  x: 1\n"
                                                                                                "  offer:"))
    (line,) = skipped_lines(read_cards(tmp_path, skip_broken=True))
    assert line.endswith("(so this card was left out; it has 1 more problem)"), line


@pytest.fixture
def broken_bundled(tmp_path, monkeypatch):
    """The bundled cards read from a folder with the real food card and a broken copy of it."""
    folder = tmp_path / "cards"
    folder.mkdir()
    real = (cards_module.cards_dir() / "food-housing-money.yaml").read_text(encoding="utf-8")
    write(folder, real, "food-housing-money.yaml")
    write(folder, real.replace("  offer:", "  offerr:"), "broken.yaml")
    monkeypatch.setattr(cards_module, "cards_dir", lambda: folder)
    bundled_cards.cache_clear()
    yield folder
    bundled_cards.cache_clear()


def test_the_bundled_cards_leave_a_broken_one_out_and_keep_the_rest(broken_bundled):
    cards = bundled_cards()
    assert cards.ids() == ["food-housing-money"]
    assert any("broken.yaml" in p.span.file and "unknown key `offerr`" in p.message for p in cards.skipped)


def test_a_run_says_where_a_broken_card_is_wrong_and_goes_on_with_the_others(broken_bundled, tmp_path,
                                                                             monkeypatch, capsys):
    from engine.cli import main

    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "store"))
    monkeypatch.setattr("sys.stdin", io.StringIO("I am behind on the rent\nyes\n"))
    main(["--plain", "--person", "Robin", "run", "strengths"])
    out, err = capsys.readouterr()
    assert "broken.yaml:21:3: unknown key `offerr` in `mentioned`: did you mean `offer`? (so this card was left out)" in err
    assert "Traceback" not in err
    assert "You mentioned rent." in out and "Help with food, housing and money" in out


# -- `peercoach validate` and `peercoach serve` say where a broken card is wrong ---------------
def test_validate_reports_a_broken_card_at_its_place(broken_bundled, capsys):
    from engine.cli import main

    assert main(["validate"]) == 1  # the bundle: dialogues and cards
    out, err = capsys.readouterr()
    broken = display_path(broken_bundled / "broken.yaml")
    assert f"{broken}:21:3: unknown key `offerr` in `mentioned`: did you mean `offer`?" in out
    assert "food-housing-money.yaml" not in out and "Traceback" not in out + err
    assert f"dialogues, {display_path(broken_bundled)}, prompts/peer-voice.yaml: 1 error, 0 warnings" in err
    assert main(["validate", "--format", "json", str(broken_bundled / "broken.yaml")]) == 1  # that card alone
    [problem] = json.loads(capsys.readouterr().out)
    assert (problem["file"], problem["line"], problem["column"]) == (broken, 21, 3)
    assert main(["validate", "--format", "github", str(broken_bundled)]) == 1  # the cards folder
    assert capsys.readouterr().out.startswith(f"::error file={broken},line=21,col=3::unknown key `offerr`")
    assert main(["validate", str(broken_bundled / "food-housing-money.yaml")]) == 0  # a good card alone


def test_validate_of_a_card_that_is_not_there_or_not_a_card_says_so(broken_bundled, capsys):
    from engine.cli import main

    (broken_bundled / "notes.md").write_text("# notes\n", encoding="utf-8")
    assert main(["validate", str(broken_bundled / "gone.yaml"), str(broken_bundled / "notes.md")]) == 1
    out, err = capsys.readouterr()
    assert f"{display_path(broken_bundled / 'gone.yaml')}:1:1: no such file or folder" in out
    assert f"{display_path(broken_bundled / 'notes.md')}:1:1: this is not an information card" in out
    assert "broken.yaml" not in out and "2 errors" in err and "Traceback" not in out + err


def test_validate_of_a_dialogue_folder_leaves_the_cards_alone(broken_bundled, tmp_path, capsys):
    from engine.cli import main

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "hi.yaml").write_text("id: hi\ntitle: Hi\naudience: client\nstart: a\nnodes:\n  a:\n    end: Bye.\n",
                                    encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    assert "broken.yaml" not in capsys.readouterr().out


def test_serve_says_at_start_which_cards_it_left_out(broken_bundled, tmp_path, monkeypatch, capsys):
    import uvicorn

    from engine.cli import main

    served = []
    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "store"))
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(kwargs["port"]))
    assert main(["serve", "--port", "8765"]) == 0
    out, err = capsys.readouterr()
    broken = display_path(broken_bundled / "broken.yaml")
    [line] = [line for line in err.splitlines() if "broken.yaml" in line]
    assert line == (f"{broken}:21:3: unknown key `offerr` in `mentioned`: did you mean `offer`? "
                    "(so this card was left out)")
    assert served == [8765] and "peercoach is serving at http://127.0.0.1:8765/" in out  # with the other cards
    assert "Traceback" not in out + err


def test_serve_goes_on_when_no_card_can_be_read(tmp_path, monkeypatch, capsys):
    import uvicorn

    import engine.cli.serve as serve
    from engine.cli import main
    from engine.ground.source import Span

    def unreadable():
        raise DialogueLoadError([Problem(Span("prompts/cards/x.yaml", 1, 1), "cannot be read")])

    monkeypatch.setenv("PEERCOACH_STORE", str(tmp_path / "store"))
    monkeypatch.setattr(serve, "bundled_cards", unreadable)
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    assert main(["serve"]) == 0
    err = capsys.readouterr().err
    assert "prompts/cards/x.yaml:1:1: cannot be read (so no information cards are shown)" in err
    assert "Traceback" not in err
