"""The safety net: one policy for every free-text answer a person gives, wherever it is asked.

Words that sound acute pause the dialogue and show emergency and crisis resources, then ask
whether to carry on or stop; words that may be a concern ask a gentle check question first; words
about someone else in danger say how to help them, without stopping. ``SafetyNet`` holds what it
says (from the messages file) and the region's resources; ``Conversation`` holds one and runs
every answer through it, and so does any prompt outside a dialogue (the name prompt).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from engine.conversation.messages import Messages
from engine.conversation.session import Entry, EntryKind, NodePath
from engine.dialogue.expressions import Text
from engine.dialogue.model import AnswerSpec, Option
from engine.ground.source import Span
from engine.safety import About, Finding, Level, check
from engine.safety.resources import Resources
from engine.understanding.answers import Accepted, Asking, display, parse_choice, parse_yes_no_unsure


class Interlude(str, Enum):
    """The safety net has paused the dialogue: what it is waiting for."""

    ACUTE = "acute"  # resources shown; carry on or stop?
    CHECK = "check"  # a gentle check question: are you thinking about hurting yourself?
    SETTLE = "settle"  # after choosing to carry on: how are you feeling right now? (before the dialogue goes on)


def concern(entry: Entry) -> Interlude | None:
    """The pause an entry's safety finding calls for: none for someone else's danger."""
    level = (entry.safety or {}).get("level")
    if level == Level.ACUTE.label:
        return Interlude.ACUTE
    if level == Level.POSSIBLE.label:
        return Interlude.CHECK
    return None


def about_someone_else(finding: Finding | None) -> bool:
    """Words about another person in danger, with nothing of the speaker's own."""
    return finding is not None and finding.about is About.OTHER and finding.level is Level.NONE


# The steps of a safety plan a crisis response reminds the person of, in this order.
PLAN_REMINDERS = ("on_my_own", "people", "professionals", "reasons")


_CHOICES: dict[tuple[Text, Text], tuple[AnswerSpec, tuple[str, ...]]] = {}


def _choice(messages: Messages) -> tuple[AnswerSpec, tuple[str, ...]]:
    """Carry on or stop, and their labels as shown: one for all the sessions given the same words."""
    key = (messages.texts["safety.continue_label"], messages.texts["safety.stop_label"])
    made = _CHOICES.get(key)
    if made is None:
        here = Span("<safety>", 1, 1)
        choice = AnswerSpec("choice", options=(Option(key[0], "continue", here), Option(key[1], "stop", here)))
        made = (choice, tuple(o.label.render({}) for o in choice.options))
        if len(_CHOICES) < 64:  # bounded: messages are loaded once or twice per process
            _CHOICES[key] = made
    return made


_SHARED: dict[tuple[int, int], SafetyNet] = {}


class SafetyNet:
    """What the safety net says and asks, and how an answer to it moves the pause on. It holds
    nothing of a session but the person's own plan: ``shared`` gives every session without one the
    same net."""

    __slots__ = ("messages", "resources", "plan", "choice", "labels")

    def __init__(self, messages: Messages, resources: Resources | None, plan: dict[str, Any] | None = None):
        self.messages = messages
        self.resources = resources
        self.plan = plan or None  # the person's own safety plan, shown first when things get hard
        self.choice, self.labels = _choice(messages)  # the same for every session: made once

    @classmethod
    def shared(cls, messages: Messages, resources: Resources | None, plan: dict[str, Any] | None = None) -> SafetyNet:
        """The net for a session: one for all the sessions given the same words and resources and
        no safety plan of their own (a live session would otherwise hold a copy of it)."""
        if plan:
            return cls(messages, resources, plan)
        key = (id(messages), id(resources))  # the net kept holds both, so neither id is reused meanwhile
        net = _SHARED.get(key)
        if net is None or net.messages is not messages or net.resources is not resources:
            net = cls(messages, resources)
            if len(_SHARED) < 64:  # bounded: messages and resources are loaded once or twice per process
                _SHARED[key] = net
        return net

    # -- reading words ----------------------------------------------------------------------
    @staticmethod
    def read(text: str) -> Finding | None:
        """What the net finds in free words, when it is anything to act on."""
        finding = check(text)
        if finding.level > Level.NONE or finding.about is About.OTHER:
            return finding
        return None

    @staticmethod
    def read_reply(text: str) -> Finding | None:
        """What the net finds in a trainee's reply to a simulated client: the words of danger in
        the trainee's own parts of it. The parts that speak to the client about the client ("are
        you thinking of ending your life?", "it sounds like you want to die") are how a safety
        response sounds, not a crisis of the trainee's; anything said of themselves ("I want to
        die too") is read as always."""
        finding = SafetyNet.read(text)
        if finding is None:
            return None
        from engine.understanding.coding.addressed import own_words  # the coder: only rehearsals need it

        own = own_words(text)
        if own == text:
            return finding
        return SafetyNet.read(own) if own else None

    def outside(self, text: str) -> str | None:
        """What to say to words typed outside a dialogue (the name prompt), if anything: the crisis
        resources for words of danger, how to help for someone else's."""
        finding = self.read(text)
        if finding is None:
            return None
        return self.helping_text() if about_someone_else(finding) else self.crisis_text()

    # -- what it says -----------------------------------------------------------------------
    def plan_text(self) -> str | None:
        """What the person's own safety plan says they can do and who they can reach, if they made one."""
        plan = self.plan
        if not plan or not any(plan.get(step) for step in PLAN_REMINDERS):
            return None
        return self.messages("safety.your_plan", **{step: plan.get(step) or [] for step in PLAN_REMINDERS})

    def crisis_text(self) -> str:
        """Words that sound acute: that it matters, the person's own plan first when they have one,
        emergency services, then who else to reach and how."""
        messages, resources = self.messages, self.resources
        emergency = resources.emergency if resources else messages("safety.no_emergency_number")
        said = [messages("safety.acute")]
        plan = self.plan_text()
        if plan:
            said.append(plan)
        said.append(messages("safety.emergency", emergency=emergency))
        if resources is not None:
            said.append(messages("safety.resources_intro", region=resources.region))
            said += ["  " + messages("safety.resource", name=r.name, reach=r.reach, hours=r.hours)
                     for r in resources.entries]
        return "\n".join(said)

    def helping_text(self) -> str:
        """Someone else may be in danger: how to help them."""
        messages, resources = self.messages, self.resources
        emergency = resources.emergency if resources else messages("safety.no_emergency_number")
        said = [messages("safety.other", emergency=emergency)]
        if resources is not None and resources.for_others:
            said.append(messages("safety.other_resources_intro", region=resources.region))
            said += ["  " + messages("safety.resource", name=r.name, reach=r.reach, hours=r.hours)
                     for r in resources.for_others]
        return "\n".join(said)

    def question(self, pause: Interlude) -> tuple[str, str, tuple[str, ...]]:
        """The text, answer type and options of the question a pause asks."""
        if pause is Interlude.ACUTE:
            return self.messages("safety.choose"), "choice", self.labels
        if pause is Interlude.CHECK:
            return self.messages("safety.check"), "yesno", ()
        return self.messages("safety.settle"), "text", ()

    # -- answers to it ----------------------------------------------------------------------
    def answer(self, pause: Interlude, text: str, *, path: str, question: str, now: str | None) -> Entry | str:
        """The log entry for an answer to the pause's question, or what to say when the words do
        not answer it (the question is asked again)."""
        if pause is Interlude.SETTLE:  # free words, read by the safety net like any answer
            finding = self.read(text)
            return Entry(node=path, value=text.strip() or None, text=text, question=question,
                         display=text.strip(), kind=EntryKind.SAFETY, at=now,
                         safety=finding.to_dict() if finding else None)
        acute = pause is Interlude.ACUTE
        spec = self.choice if acute else AnswerSpec("yesno")
        labels = self.labels if acute else ()
        result = (parse_choice if acute else parse_yes_no_unsure)(Asking(spec, labels), text)
        # Words of danger typed here are read too ("yes I want to die", or "I want to die" for an
        # answer): they count as a yes to the check, and open the crisis response again.
        finding = self.read(text)
        danger = finding is not None and finding.level > Level.NONE
        if not isinstance(result, Accepted):
            if not danger:
                return self.messages(result.message, **result.params)
            result = Accepted("continue" if acute else True)
        return Entry(node=path, value=result.value, text=text, question=question,
                     display=display(spec, labels, result.value), kind=EntryKind.SAFETY, at=now,
                     safety=finding.to_dict() if danger and finding else None)

    @staticmethod
    def after(pause: Interlude | None, entry: Entry) -> Interlude | None:
        """Where a safety answer leaves the pause: a yes to the check shows the resources; carrying
        on after them asks how the person is first; words of danger in that answer start again."""
        raised = concern(entry)
        if raised is not None:
            return raised
        if pause is Interlude.CHECK and entry.value in (True, "unsure"):
            return Interlude.ACUTE
        if pause is Interlude.ACUTE and entry.value == "continue":
            return Interlude.SETTLE
        return None


def safety_events(log: Iterable[Entry]) -> list[dict[str, Any]]:
    """Every time the safety net noticed something in ``log``, with how the person answered it."""
    events: list[dict[str, Any]] = []
    for entry in log:
        if entry.safety:
            events.append({**entry.safety, "words": entry.text, "question": entry.question,
                           "node": entry.node, "at": entry.at, "responses": [], "feeling": None})
        elif entry.kind is EntryKind.SAFETY and events:
            if NodePath.parse(entry.node).safety == Interlude.SETTLE.value:  # "how are you feeling now?"
                events[-1]["feeling"] = entry.display or None
            else:
                events[-1]["responses"].append(entry.display)
    return events
