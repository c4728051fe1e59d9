"""Questions: whether an act asks something, open or closed, by its wording or its question mark,
and what else a question may carry (advice, collaboration, a confrontation). In speech a statement
said rising that says back with something added stays a reflection (MITI)."""

from __future__ import annotations

from engine.understanding.coding.context import Act, Reply
from engine.understanding.coding.labelled import LabelledPhrases, at_start
from engine.understanding.coding.reflections import ReflectionJudge, accused
from engine.understanding.coding.vocabulary import Code
from engine.understanding.coding.words import AUX, NOT_TAGGED, SECOND_PERSON, TAG_PERSONS, TAG_WORDS, WH, word_set
from engine.understanding.reading import Clause, make_clause


class QuestionCoder:
    def __init__(self, questions: LabelledPhrases, cues: LabelledPhrases, judge: ReflectionJudge,
                 exclaim_subjects: frozenset[str]):
        self.questions = questions
        self.cues = cues
        self.judge = judge
        self.exclaim_subjects = exclaim_subjects  # "what a week you have had": a subject after "what a"

    def question(self, act: Act, core: list[str], clause: Clause, found: dict[str, tuple[int, int]],
                 context: Reply) -> tuple[Code, str] | None:
        """The question an act asks (its code and the words that ask it), or None for a statement."""
        q = self.questions.find(clause)
        curious = q.get("curious") if at_start(q, "curious") else None
        if curious is not None and clause.tokens[curious[1] - 1] not in ("if", "whether"):
            q = {**q, "open": q.get("open") or curious}  # "i am curious what ...": an open question
        starts = at_start(q, "starts") or curious is not None
        if starts and not act.asked and (at_start(q, "not_starts") or _subordinate(core) or _cleft(core)
                                        or _exclaims(core, self.exclaim_subjects)):
            starts = False
        if starts and context.spoken and not act.asked and core[0] == "i" and "open" not in q \
                and not _asks_the_client(core):
            starts = False  # "I wonder if that's part of it" said without a question's intonation is a guess
        if starts and not act.asked and core[0] == "i" and "later" in self.cues.find(clause):
            starts = False  # "I'd like to hear how it went when you come back": a wish for later, not asked now
        if starts and context.spoken and not act.asked and "open" not in q and proposes(core):
            starts = False  # "how about you come back in a week and ...", said flat: a proposal, not a question
        if at_start(q, "open") and not starts and _invites(core):
            starts = True  # "what I'm really interested in is how ...": an indirect question
        # A tag word is how typed chat asks without a "?"; a transcript marks it with one.
        tagged = ("tags" in q and q["tags"][1] >= len(core) or not context.spoken and _tagged_by_a_word(core, act)) \
            and core[0] not in ("what", "how", "why")  # "what would help, do you think": still open
        if not (act.asked or starts or tagged):
            return None
        if context.spoken and act.asked and not (starts or tagged) and self._rising(act, core, clause, found, context):
            return None  # MITI: a reflection said with rising intonation is still a reflection
        if context.spoken and tagged and not starts and "tags" in q and self._felt(core[:q["tags"][0]], context):
            return None  # "it sounds so hard, doesn't it?": a feeling said back with a tag is a reflection (MITI)
        first = q.get("starts") or q.get("tags") or (0, len(core))
        said = clause.words(*first) if starts or tagged else clause.words(0, len(core))
        if "open" in q:
            return Code.OPEN_QUESTION, clause.words(*q["open"])
        if context.spoken and _anything_more(core):
            return Code.OPEN_QUESTION, clause.words(0, 4)  # AnnoMI: "is there anything else that ...?" invites more
        if "closed" in q or tagged:
            return Code.CLOSED_QUESTION, clause.words(*(q.get("closed") or first))
        if starts and core[0] in ("what", "how", "why"):
            return Code.OPEN_QUESTION, said
        return Code.CLOSED_QUESTION, said

    def _rising(self, act: Act, core: list[str], clause: Clause, found: dict[str, tuple[int, int]],
                context: Reply) -> bool:
        """In speech, a statement with a question mark that says back with something added (a
        feeling, the other side, "it sounds like"): a reflection said rising. Plain checks ("you felt
        isolated?", "you've heard of it?") are coded as the questions they are in AnnoMI. A statement
        said rising just after a reflection ("it sounds like you have two goals. you want to ... and
        you want ...?") goes on with it; after "okay, so ..." as after "so ..." a long one is said back."""
        # A topic of information named in what is said back ("you're worried about how your smoking ...")
        # is the client's, not information given: it does not stop the statement being about them.
        about = {name: where for name, where in found.items() if name != "information"} \
            if SECOND_PERSON & set(core) else found
        if act.hedged and len(core) >= 5 and not about.keys() - {"information"}:
            return True  # "so it's kind of a way to cope?": a guess at what the client means, said rising
        if len(core) < 5 or not self.judge.reflective(core, clause, about):
            return False
        if context.reflected and core[0] not in AUX:
            return True  # the reflection before it goes on
        framed = self.cues.find(clause).get("rising_frame")
        opened = act.tokens[:len(act.tokens) - len(core)]  # "okay, so ...", "and so ...", "mm-hmm. so ..."
        return framed is not None or ("so" in opened and len(core) > 8) \
            or self.judge.complexity(core, clause, context.client)[1].startswith("adds the feeling")

    def _felt(self, body: list[str], context: Reply) -> bool:
        """Whether the statement before a tag names how something feels or sounds to the client."""
        if len(body) < 2:
            return False
        clause = make_clause(0, body)
        return "rising_frame" in self.cues.find(clause) \
            or self.judge.complexity(body, clause, context.client)[1].startswith("adds the feeling")

    @staticmethod
    def extras(clause: Clause, core: list[str], found: dict[str, tuple[int, int]], cues: dict[str, tuple[int, int]],
               context: Reply) -> list[tuple[Code, str]]:
        """What a question carries beside asking: a confrontation, collaboration or advice. ``core`` is
        the question itself, the end of ``clause`` after a leading part ("when it gets bad, ...")."""
        codes: list[tuple[Code, str]] = []
        if "question_confront" in cues or "confront_or_blame" in found or accused(clause, cues, context):
            where = cues.get("question_confront") or found.get("confront_or_blame") or cues["accusing"]
            codes.append((Code.CONFRONT_OR_BLAME, clause.words(*where)))
        joint = cues.get("question_collaboration") or found.get("collaboration")
        if joint is not None and clause.tokens[joint[0]] == "together" and joint[0] > 0 \
                and clause.tokens[joint[0] - 1] == "all":
            joint = None  # "how much do you owe all together": in total
        collaborates = (joint is not None or "permission" in cues) and "offer" not in cues
        if collaborates:
            where = cues.get("permission") or joint or (0, 1)
            codes.append((Code.COLLABORATION, clause.words(*where)))
        elif "question_advice" in cues and (cues["question_advice"][0] <= len(clause.tokens) - len(core)
                                            or not core or core[0] not in WH):
            # Inside a question word's question the client is asked for their own idea ("what do you
            # think you could try?", "who could you ask?"): evoking, not advice. "Why not try ...?" and
            # "how about calling ...?" propose the action from their first word.
            advice = Code.ADVICE_WITH_PERMISSION if context.permitted or context.opt_out \
                else Code.ADVICE_WITHOUT_PERMISSION
            codes.append((advice, clause.words(*cues["question_advice"])))
        return codes


def _anything_more(core: list[str]) -> bool:
    """"Is there anything else ...?", "are there any other things ...?": in counselling speech an
    invitation to go on, open (typed chat keeps "is there anything ..." closed, its rule 4)."""
    return len(core) > 3 and core[0] in ("is", "are") and core[1] == "there" \
        and core[2:4] in (["anything", "else"], ["any", "other"], ["anything", "more"], ["any", "more"],
                          ["other", "things"])


def proposes(core: list[str]) -> bool:
    """"How about you come back next week", "how about we leave it there": in speech, said without a
    question's intonation, a proposal of what the client or both of them do, not a question (typed chat,
    without intonation, keeps it a question: rule 2). "How about you tell me ..." invites, and is open."""
    return core[:2] == ["how", "about"] and core[2:3] in (["you"], ["we"]) and len(core) > 4


def _invites(core: list[str]) -> bool:
    return core[:2] == ["what", "i"] and bool({"interested", "curious", "wondering"} & set(core[:8]))


def _asks_the_client(core: list[str]) -> bool:
    """"I'm wondering if you'd be open to ...", "I wonder if we could ...": in speech, a wondering
    whether the client (or the two of them) would or could is asked, said flat or not; "I wonder if
    that's part of it", "I'm wondering if then ..." are the speaker's guesses. Only a wondering
    "if" or "whether" is told apart here: "I'm wondering what ..." always asks."""
    for index, token in enumerate(core[:6]):
        if token in ("if", "whether"):
            return core[index + 1:index + 2] in (["you"], ["we"], ["i"], ["u"])
    return True


_CLEFT_AFTER_BE = word_set("it that this these those the a an your my his her their there they you he she we i not")


# Before the cleft's "is" the "what" clause ends ("for women is", "gives you is"); after these the "is" is a
# clause's own ("what if it is", "what they are is").
_SUBJECT_BEFORE_BE = word_set("i he she we they it there that this what not")
_SAYING = word_set("think thought say said feel felt believe reckon know knew mean meant tell told")


def _cleft(core: list[str]) -> bool:
    """"what the safe limits are for women is ten drinks", "what's worked for a lot of folks is ...":
    a "what" clause that is the subject of a later "is", said or typed without a "?", tells."""
    if len(core) < 5 or core[0] != "what" or core[1] in AUX - {"is", "was", "are", "were", "has", "have"}:
        return False
    if core[1] in AUX and core[2] in _CLEFT_AFTER_BE:
        return False  # "what is it that is making this hard": asking
    for index, token in enumerate(core[3:], start=3):
        if set(core[1:index]) & _SAYING:
            return False  # "what makes you think she was right": the "was" is the thought's own
        if token in ("is", "was") and core[index - 1] not in _SUBJECT_BEFORE_BE:
            return True
    return False


def _exclaims(core: list[str], subjects: frozenset[str]) -> bool:
    """"what a great plan", "what an awful thing to go through", "what a week you have had": "what a"
    before a noun and no verb of its own, or before a clause with its own subject, exclaims. "what a good
    week would look like" and "what a good week looks like for you" ask: a verb follows the noun before
    any subject (``subjects``: `rules: exclaim_subjects` in replies.yaml)."""
    if core[:2] not in (["what", "a"], ["what", "an"]):
        return False
    for index, token in enumerate(core[2:], start=2):
        if token in subjects:
            return True
        if token in AUX or _noun_verb(core, index):
            return False
    return True


def _noun_verb(core: list[str], index: int) -> bool:
    """A present-tense verb of the noun after "what a" ("what a typical week looks like", "what a good
    day means to you"): the clause is an embedded question, not an exclamation. A plural after "of" or
    "few" ("what a couple of days") is a noun."""
    token = core[index]
    return index >= 3 and len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")) \
        and core[index - 1] not in ("of", "few", "couple") and core[index - 1] not in AUX


def _subordinate(core: list[str]) -> bool:
    """A sentence that starts "when ...", "where ..." with no verb after: a clause, not a question."""
    return core[0] in ("when", "where", "whenever", "wherever") and (len(core) < 2 or core[1] not in AUX)


def _tagged_by_a_word(core: list[str], act: Act) -> bool:
    """"so you want to quit right", "you're done with it, yeah": a statement about the client that
    ends in a word asking whether it is so (not "you did it right", "you are right", nor "..., i'm
    sure you do loads right")."""
    last = act.tokens[act.parts[-1]:] if act.parts[-1] < len(act.tokens) else []
    alone = len(last) == 1 or bool(last) and last[0] in ("you", "your", "so")
    if len(core) >= 3 and alone and core[0] in ("you", "your") and core[-1] in TAG_WORDS \
            and core[-2] not in NOT_TAGGED:
        return True
    # "you're not really trying are you": a turned-round tag after "not" (not "you did not do it").
    return len(core) >= 5 and core[-2] in AUX and core[-1] in TAG_PERSONS and bool({"not", "never"} & set(core[:-3])) \
        and core[-3] not in NOT_TAGGED | {"not", "never", "to"}
