"""transitions (pytransitions): one ``Machine`` holding every session as a model, as its
documentation recommends for many objects; the answer is the event's argument, conditions
take the yes/no branch and the loop, a ``before`` callback keeps the answer, prompts and the
summary are Python format strings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transitions import Machine

from benchmarks.peers.common import (
    AFTER_STEPS,
    NO,
    PROMPTS,
    STEPS,
    YES,
    generated,
    main,
    plan_state,
    plan_summary,
)

NAME = "transitions"
PACKAGE = "transitions"
ORDER = ("area", "now", "goal", "why")
FINISH = "finish"


def _transitions() -> list[dict[str, Any]]:
    chain = [*ORDER, "tried"]
    moves: list[dict[str, Any]] = [{"trigger": "answer", "source": a, "dest": b, "before": "keep"}
                                   for a, b in zip(chain, chain[1:], strict=False)]
    moves += [
        {"trigger": "answer", "source": "tried", "dest": "tried_what", "conditions": "said_yes", "before": "decide"},
        {"trigger": "answer", "source": "tried", "dest": "first_try", "conditions": "said_no", "before": "decide"},
        {"trigger": "answer", "source": "tried", "dest": "tried"},  # neither: ask again
        {"trigger": "answer", "source": ["tried_what", "first_try"], "dest": "step", "before": "keep"},
        {"trigger": "answer", "source": "step", "dest": "step_when", "before": "keep"},
        {"trigger": "answer", "source": "step_when", "dest": "step", "conditions": "more_steps",
         "before": "add_step"},
        {"trigger": "answer", "source": "step_when", "dest": AFTER_STEPS[0], "before": "add_step"},
    ]
    ends = [*AFTER_STEPS, FINISH]
    moves += [{"trigger": "answer", "source": a, "dest": b, "before": "keep"} for a, b in zip(ends, ends[1:],
                                                                                           strict=False)]
    return moves


class Session:
    """The model: its state is kept by transitions, its answers in ``v``."""

    state: str

    def __init__(self) -> None:
        self.v: dict[str, Any] = {"steps": []}
        self.finished = False

    # callbacks named in the transitions
    def keep(self, text: str) -> None:
        self.v[self.state] = text

    def said_yes(self, text: str) -> bool:
        return text.strip().lower() in YES

    def said_no(self, text: str) -> bool:
        return text.strip().lower() in NO

    def decide(self, text: str) -> None:
        self.v["tried"] = text.strip().lower() in YES

    def more_steps(self, text: str) -> bool:
        return len(self.v["steps"]) < STEPS - 1

    def add_step(self, text: str) -> None:
        self.v["steps"].append((self.v["step"], text))

    # the shared interface
    def start(self) -> str:
        return self.prompt()

    def prompt(self) -> str:
        return PROMPTS[self.state].format(area=self.v.get("area"), n=len(self.v["steps"]) + 1)

    def answer(self, text: str) -> str:
        self.trigger("answer", text)  # type: ignore[attr-defined]  # added by the Machine
        if self.state == FINISH:
            self.finished = True
            return self.summary()
        return self.prompt()

    def summary(self) -> str:
        return plan_summary(self.v)

    def serialise(self) -> str:
        return plan_state(self.state, self.v)


class TransitionsEngine:
    name = NAME

    def __init__(self) -> None:
        states = [*ORDER, "tried", "tried_what", "first_try", "step", "step_when", *AFTER_STEPS, FINISH]
        self.machine = Machine(model=None, states=states, transitions=_transitions(), initial="area",
                               auto_transitions=False)

    def session(self) -> Session:
        model = Session()
        self.machine.add_model(model)
        return model

    def release(self, session: Session) -> None:
        self.machine.remove_model(session)


def engine() -> TransitionsEngine:
    return TransitionsEngine()


# -- generated dialogues ---------------------------------------------------------------------
def prepare(n: int, folder: Path) -> Any:
    """States and transitions of the generated dialogue, as transitions takes them."""
    states = [f"q{node.index}" for node in generated(n)] + ["finish"]
    moves = []
    for node in generated(n):
        if node.yes_no:
            moves.append({"trigger": "answer", "source": f"q{node.index}", "dest": node.next, "conditions": "said_yes"})
            moves.append({"trigger": "answer", "source": f"q{node.index}", "dest": node.skip})
        else:
            moves.append({"trigger": "answer", "source": f"q{node.index}", "dest": node.next})
    return states, moves


def build(prepared: Any) -> Machine:
    states, moves = prepared
    return Machine(model=Session(), states=states, transitions=moves, initial="q0", auto_transitions=False)


if __name__ == "__main__":
    main(engine)
