"""Ctrl-C (SIGINT) during a conversation (issue 13, item 12): the session is left paused, not
active, with every answer whose next question had appeared, each exactly once; resuming then
finishes it. Driven through the installed command in plain mode, as a person or script would."""

from __future__ import annotations

import random
import time

import pytest
import stress
from hostile_support import QUESTIONS, Child, environment, needs_command, peercoach, stored_answers, write_dialogue

pytestmark = pytest.mark.slow  # starts processes and interrupts them

ANSWERS = [f"answer {n}" for n in range(1, QUESTIONS + 1)]


@needs_command
def test_ctrl_c_at_a_question_pauses_the_session(tmp_path):
    dialogue = write_dialogue(tmp_path)
    store = tmp_path / "store"
    child = Child(["--plain", "--person", "Tester", "run", str(dialogue)], environment(store))
    for n, text in enumerate(ANSWERS[:3], start=1):
        child.read_until(n)
        child.send(text)
    child.read_until(4)
    child.interrupt()
    status, out, err = child.finish()
    assert "Traceback" not in err and status == 0
    assert "Paused. Your answers are saved." in out
    assert stored_answers(store) == (ANSWERS[:3], "paused")  # today: left "active"
    done = peercoach("--plain", "resume", env=environment(store), stdin="".join(a + "\n" for a in ANSWERS[3:]))
    assert done.returncode == 0 and stored_answers(store) == (ANSWERS, "finished")


@needs_command
def test_ctrl_c_twice_still_pauses(tmp_path):
    dialogue = write_dialogue(tmp_path)
    store = tmp_path / "store"
    child = Child(["--plain", "--person", "Tester", "run", str(dialogue)], environment(store))
    child.read_until(1)
    child.send(ANSWERS[0])
    child.read_until(2)
    child.interrupt()
    time.sleep(0.01)
    child.interrupt()
    status, out, err = child.finish()
    assert stored_answers(store) == (ANSWERS[:1], "paused"), (status, err)


def _trial(number: int, dialogue, root) -> tuple[int, int, list[str], str, list[str], str]:
    rng = random.Random(number)
    store = root / f"store-{number}"
    env = environment(store)
    child = Child(["--plain", "--person", "Tester", "run", str(dialogue)], env)
    to_send = rng.randint(0, QUESTIONS - 1)
    child.read_until(1)
    for index in range(to_send):
        child.send(ANSWERS[index])
        if index < to_send - 1:
            child.read_until(index + 2)
    moment = rng.choice(["now", "soon", "after"])  # while saving, a moment later, or at the next question
    if moment == "soon":
        time.sleep(rng.uniform(0.0, 0.05))
    elif moment == "after" and to_send:
        child.read_until(to_send + 1)
    acknowledged = max(child.prompts() - 1, 0)
    child.interrupt()
    child.finish()
    stored, status = stored_answers(store)
    rest = "".join(a + "\n" for a in ANSWERS[len(stored):])
    done = peercoach("--plain", "resume", env=env, stdin=rest)
    assert done.returncode == 0, done.stderr
    final, final_status = stored_answers(store)
    return acknowledged, to_send, stored, status, final, final_status


@pytest.mark.slow
@needs_command
def test_ctrl_c_at_random_points_always_leaves_a_paused_session_and_loses_nothing(tmp_path):
    dialogue = write_dialogue(tmp_path)
    trials = [_trial(n, dialogue, tmp_path) for n in range(stress.trials(quick=10, full=30))]
    paused = sum(status == "paused" for _, _, _, status, _, _ in trials)
    print(f"SIGINT at 30 random points: {paused} paused, {30 - paused} left otherwise")
    for number, (acknowledged, sent, stored, status, final, final_status) in enumerate(trials):
        assert status == "paused", f"trial {number}: left {status}"
        assert stored == ANSWERS[: len(stored)] and acknowledged <= len(stored) <= sent, number
        assert final == ANSWERS and final_status == "finished", number
