"""python-statemachine: the workload as a ``StateMachine`` class, one instance per session; the
answer is the ``answer`` event's argument, guards take the yes/no branch and the loop, a
``before_answer`` callback keeps the answer, prompts and the summary are Python format strings.
The generated dialogues go through its dict definitions (``create_machine_class_from_definition``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from statemachine import State, StateMachine
from statemachine.io import create_machine_class_from_definition

from benchmarks.peers.common import NO, PROMPTS, STEPS, YES, generated, main, plan_state, plan_summary

NAME = "statemachine"
PACKAGE = "python-statemachine"


class Coaching(StateMachine):
    area = State(initial=True)
    now = State()
    goal = State()
    why = State()
    tried = State()
    tried_what = State()
    first_try = State()
    step = State()
    step_when = State()
    barrier = State()
    plan = State()
    support = State()
    helped = State()
    review = State()
    celebrate = State()
    word = State()
    finish = State(final=True)

    answer = (
        area.to(now) | now.to(goal) | goal.to(why) | why.to(tried)
        | tried.to(tried_what, cond="said_yes") | tried.to(first_try, cond="said_no") | tried.to.itself()
        | tried_what.to(step) | first_try.to(step)
        | step.to(step_when) | step_when.to(step, cond="more_steps") | step_when.to(barrier)
        | barrier.to(plan) | plan.to(support) | support.to(helped) | helped.to(review) | review.to(celebrate)
        | celebrate.to(word) | word.to(finish)
    )

    def __init__(self) -> None:
        self.v: dict[str, Any] = {"steps": []}
        self.finished = False
        super().__init__()

    def said_yes(self, text: str) -> bool:
        return text.strip().lower() in YES

    def said_no(self, text: str) -> bool:
        return text.strip().lower() in NO

    def more_steps(self, text: str) -> bool:
        return len(self.v["steps"]) < STEPS - 1

    def before_answer(self, text: str, source: State) -> None:
        if source.id == "tried":
            self.v["tried"] = text.strip().lower() in YES
        elif source.id == "step_when":
            self.v["steps"].append((self.v["step"], text))
        else:
            self.v[source.id] = text

    # the shared interface
    def start(self) -> str:
        return self.prompt()

    def prompt(self) -> str:
        return PROMPTS[self.current_state_value].format(area=self.v.get("area"), n=len(self.v["steps"]) + 1)

    def answer_with(self, text: str) -> str:
        self.answer(text)
        if self.current_state_value == "finish":
            self.finished = True
            return self.summary()
        return self.prompt()

    def summary(self) -> str:
        return plan_summary(self.v)

    def serialise(self) -> str:
        return plan_state(self.current_state_value, self.v)


class Session:
    """The shared interface over a ``Coaching`` machine (its own ``answer`` is the event)."""

    def __init__(self) -> None:
        self.machine = Coaching()

    @property
    def finished(self) -> bool:
        return self.machine.finished

    def start(self) -> str:
        return self.machine.start()

    def answer(self, text: str) -> str:
        return self.machine.answer_with(text)

    def summary(self) -> str:
        return self.machine.summary()

    def serialise(self) -> str:
        return self.machine.serialise()


class StatemachineEngine:
    name = NAME

    def session(self) -> Session:
        return Session()


def engine() -> StatemachineEngine:
    return StatemachineEngine()


# -- generated dialogues ---------------------------------------------------------------------
def _yes(text: str = "") -> bool:
    return text.strip().lower() in YES


def prepare(n: int, folder: Path) -> Any:
    """The generated dialogue as python-statemachine's dict definition."""
    states: dict[str, Any] = {}
    for node in generated(n):
        moves = [{"target": node.next, "cond": _yes}, {"target": node.skip}] if node.yes_no else [{"target": node.next}]
        states[f"q{node.index}"] = {"on": {"answer": moves}}
    states["q0"]["initial"] = True
    states["finish"] = {"final": True}
    return states


def build(prepared: Any) -> Any:
    """The class made from the definition, and one machine of it."""
    definition: Any = {key: {**value, "on": {"answer": [dict(m) for m in value["on"]["answer"]]}} if "on" in value
                  else dict(value) for key, value in prepared.items()}  # the factory consumes its input
    machine_class = create_machine_class_from_definition(f"Generated{len(prepared)}", definition)
    return machine_class()


if __name__ == "__main__":
    main(engine)
