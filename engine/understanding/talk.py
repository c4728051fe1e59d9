"""Change talk and sustain talk, by rule, with the cue that decided it.

Motivational interviewing listens for the person's own arguments for change (desire, ability,
reasons, need, commitment, activation, taking steps: "DARN-CAT") and for staying the same
("I can't", "it helps me relax", "it's not a problem", "nothing works"). Each cue below names
one of those kinds. A change cue that is negated ("I don't want to quit") is sustain talk.
When an answer holds both, the stronger kind wins, and the later one breaks a tie: people often
end on what they mean ("I want to stop, but I just can't").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.understanding.numbers import read_number
from engine.understanding.reflect import reflect
from engine.understanding.textnorm import clauses, normalise

CHANGE, SUSTAIN, NEUTRAL = "change", "sustain", "neutral"
LABELS = (CHANGE, NEUTRAL, SUSTAIN)

# What people in recovery and health coaching talk about changing.
HABIT = (r"(?:drink\w*|alcohol|beer|wine|booze|liquor|smok\w*|cigarettes?|cigs|vap\w*|nicotine|"
         r"drugs?|using|use|weed|pot|marijuana|cocaine|coke|heroin|meth|pills|opioids|gambl\w*|"
         r"eat\w*|junk food|sugar|soda|sweets|snack\w*|it|that|this)")
CHANGE_VERB = (r"(?:quit|quitting|stop|stopping|cut (?:down|back)|cutting (?:down|back)|give (?:it )?up|"
               r"giving up|reduce|change|lose (?:some )?weight|get (?:better|healthy|healthier|sober|clean|help|fit|"
               r"back on track|my life back|a job|back)|be (?:healthier|sober|clean|better|there|a better)|"
               r"exercise|eat (?:better|healthier|less)|lower|control|manage|work on|do something|"
               r"make (?:a |some )?changes?|try|start|take (?:my|the|better)|go back to|check|limit|"
               r"stay (?:sober|clean|away|out)|keep (?:off|away))")
SELF = r"i (?:really |just |definitely |honestly |probably |actually |still )?"


@dataclass(frozen=True)
class Cue:
    label: str
    kind: str  # e.g. "desire", "ability", "sustain.reasons"
    weight: int
    pattern: re.Pattern[str]


def _cue(label: str, kind: str, weight: int, *alternatives: str) -> Cue:
    return Cue(label, kind, weight, re.compile(r"\b(?:" + "|".join(alternatives) + r")\b"))


CUES: tuple[Cue, ...] = (
    # -- change talk ----------------------------------------------------------------------
    _cue(CHANGE, "desire", 2,
         SELF + r"(?:want|would like|would love|wish i could|hope|am hoping) to " + CHANGE_VERB,
         SELF + r"want (?:to be|my) (?:healthy|healthier|sober|clean|better|life back|kids back|family back)"),
    _cue(CHANGE, "ability", 2,
         SELF + r"(?:can|could|am able to|think i can|know i can|might be able to|believe i can) "
         r"(?:" + CHANGE_VERB + r"|do (?:it|this|that))",
         r"i (?:have|did) (?:done|quit|stopped) (?:it )?before", r"i (?:have|had) done it before"),
    _cue(CHANGE, "need", 2,
         SELF + r"(?:need|have|have got|got|ought|must) to " + CHANGE_VERB,
         SELF + r"should (?:probably |really )?" + CHANGE_VERB,
         r"(?:something|things) (?:has|have|needs?) to change", r"it is time (?:to|for (?:a )?change)"),
    _cue(CHANGE, "commitment", 3,
         SELF + r"(?:will|am going to|am gonna|plan to|intend to|promise to|am committed to|have decided to) "
         + CHANGE_VERB, r"i will (?:do it|try)", r"i am going to (?:do it|try)", r"i am done with"),
    _cue(CHANGE, "activation", 2,
         SELF + r"(?:am|feel) (?:ready|willing|prepared|open|motivated) (?:to|for)",
         r"i am (?:thinking about|considering) " + CHANGE_VERB.replace("(?:quit|", "(?:quitting|"),
         r"i would be willing"),
    _cue(CHANGE, "taking_steps", 3,
         r"i (?:(?:have|had|already|just|finally|recently) )*"
         r"(?:quit|stopped|cut (?:down|back)|gave up|threw (?:out|away)|"
         r"joined|signed up|started (?:going|walking|exercising|taking|to)|made an appointment|switched to)",
         r"i have been (?:trying|cutting|going to|working on|walking|exercising|taking my|sober|clean|checking)",
         r"i have not (?:had|smoked|used|drunk|touched) (?:a|any|anything|one)",
         r"(?:days|weeks|months|years) (?:sober|clean|without)", r"i (?:only|just) had (?:one|a couple|two)"),
    _cue(CHANGE, "reasons", 1,
         r"(?:for|because of) my (?:kids?|children|family|health|son|daughter|wife|husband|baby|grandkids)",
         r"(?:it|that|this|" + HABIT + r") (?:is|was|has been|keeps|are) (?:hurting|affecting|ruining|"
         r"damaging|costing|killing|messing up|getting in the way|causing)",
         r"(?:is|are|was) bad for (?:me|my)", r"i am (?:worried|scared|afraid|concerned) (?:about|that|of)",
         r"i do not want to (?:die|end up|lose|go back|get (?:sick|worse|arrested|caught|diabetes)|be like)",
         r"i am (?:tired|sick) of", r"(?:would|will) (?:be|feel|look) (?:better|healthier|good)",
         r"save (?:some )?money", r"(?:set|be) a (?:good |better )?example",
         r"(?:it|that) would (?:help|be good|be nice)",
         r"i (?:feel|felt) (?:so much |a lot )?better (?:when|since|without)",
         # discontent with how things are now
         r"i (?:do not|did not) like (?:the way|how|that|it when|being|feeling|forgetting|waking|what)",
         r"i hate (?:the way|how|that|it when|being|feeling|what)", r"i am not happy (?:with|about)",
         r"(?:is|was|that is|it is) (?:a (?:little |bit )?)?(?:concerning|worrying|scary|embarrassing)",
         r"(?:worries|bothers|scares|concerns) me", r"i (?:am|feel|was) (?:ashamed|embarrassed|guilty)",
         r"(?:wasted|spent) (?:so much|a lot of|too much|all that|all my) (?:money|time)",
         r"could have (?:gone|bought|done|had|saved)"),
    _cue(CHANGE, "hope", 1,
         r"i hope so", r"i (?:can|could) do (?:anything|it|this)", r"(?:there is|i see) a future",
         r"i have been wanting to", r"i (?:would|will) (?:probably )?have to (?:sit down|figure|talk|think|plan|find)",
         r"(?:figure|work) out (?:a |the )?(?:good |better )?(?:time|way|plan)",
         r"i (?:am|feel) (?:hopeful|confident|optimistic)",
         r"that (?:sounds|would be) (?:good|great|helpful|like a (?:good )?(?:idea|plan))",
         r"i (?:like|love) (?:that|the) idea"),
    # -- sustain talk ---------------------------------------------------------------------
    _cue(SUSTAIN, "sustain.desire", 3,
         SELF + r"(?:do not|did not|never) (?:really |even )?want to " + CHANGE_VERB,
         SELF + r"(?:like|love|enjoy) (?:to )?(?:" + HABIT + r"|having a|my (?:beer|wine|cigarettes|smokes))",
         r"i want to keep (?:drinking|smoking|using|it)", r"i am not (?:going to|gonna) " + CHANGE_VERB),
    _cue(SUSTAIN, "sustain.ability", 3,
         SELF + r"(?:cannot|can not|could not|am not able to|do not think i (?:can|could)|do not know (?:if|how) "
         r"(?:i can|to)|would not be able to) (?:" + CHANGE_VERB + r"|do (?:it|this|that)|handle|deal|live without)",
         r"i (?:just |really |still )?(?:cannot|can not|could not)$",  # "...but I can't"
         r"i have tried (?:everything|before|so many times|it all|many times|that)",
         r"nothing (?:works|helps|has worked|is going to work|will work)", r"i always (?:go back|end up|fail|relapse)",
         r"(?:it is|that is|it would be) (?:too|really|so) (?:hard|difficult)", r"i am not (?:ready|able)"),
    _cue(SUSTAIN, "sustain.reasons", 2,
         r"(?:it|" + HABIT + r") (?:really )?(?:helps|relaxes|calms|keeps) me",
         r"helps me (?:relax|sleep|cope|unwind|deal|forget|focus|calm)",
         r"(?:it is|that is) (?:the only|my only) (?:way|thing)",
         r"everyone (?:drinks|smokes|does it|uses)", r"all my friends (?:drink|smoke|do it|use)",
         r"(?:it is|that is|it has) (?:not|never been) (?:a |really a |that big of a )?"
         r"(?:problem|that bad|big deal|hurting anyone|an issue)",
         r"i do not (?:have a problem|think (?:it is|i have) a problem|drink that much|smoke that much|use that much|"
         r"drink every|see (?:it as )?a problem|think i need)",
         r"i am (?:not an alcoholic|not addicted|not a drug addict|fine|okay|ok|in control)",
         r"i can (?:handle|control) (?:it|myself|my drinking)", r"i need (?:it|my|a) (?:drink|smoke|cigarette|fix)?",
         r"(?:only|just) (?:on (?:the )?weekends?|socially|a couple|a few|one or two|when i)",
         r"what is the point", r"no point", r"i do not see (?:the|a|any) (?:point|problem|reason|harm)",
         r"i do not have (?:the )?time", r"(?:lived|live) to (?:be )?\d+", r"i (?:will|would) (?:just )?gain weight",
         r"(?:it is|that is) (?:my|the) only (?:pleasure|thing|fun)", r"(?:not|no) (?:that|so) (?:bad|much)",
         r"(?:i have|i have been) (?:drinking|smoking|using|doing (?:it|this)) (?:all|most of) my life",
         r"(?:it is|that is) (?:a )?(?:big ask|a lot to ask)", r"it is not like i",
         r"my friends (?:drink|smoke|use|all)", r"(?:it is|it gets) (?:pretty |really )?hard (?:to|getting|when|with)"),
    _cue(SUSTAIN, "sustain.outside", 2,
         r"i am (?:only )?here (?:because|cause|since) (?:my|the|a|they|he|she)",
         r"the only reason i am here", r"(?:my|the) (?:wife|husband|mom|mum|mother|dad|partner|lawyer|doctor|"
         r"probation officer|boss|judge|court|family) (?:wants|made|told|thinks|said|says|sent)",
         r"(?:she|he|they) (?:thinks?|says?) i (?:have|have got|got) a problem"),
    _cue(SUSTAIN, "sustain.need", 2,
         SELF + r"(?:do not|did not) (?:need|have) to " + CHANGE_VERB,
         r"i do not (?:feel|think) (?:that )?i (?:need|have) to", r"i do not want to$",
         r"i have not (?:gotten|got) there yet",
         r"(?:there is )?no (?:need|reason) to " + CHANGE_VERB),
)

# -- weak cues --------------------------------------------------------------------------------
# Words that lean one way without settling it alone ("worried", "my kids", "it's hard", "I like").
# Each family names the behaviour it listens for. They count only when no strong cue above
# spoke; their weights are added up per side, and a negated change cue counts for sustain.
_HABIT_WORDS = (r"(?:drink\w*|alcohol|beers?|wine|booze|smok\w*|cigarettes?|cigs|vap\w*|weed|pot|drugs?|"
                r"using|pills|coffee|soda|juice|sugar|junk food|eating|gambl\w*|cutting)")
WEAK_CUES: tuple[Cue, ...] = (
    _cue(CHANGE, "weak.plans", 2,
         r"i (?:will|am going to|could|can|would|might|should|need to|have to|got to|want to|would like to|hope to|"
         r"plan to)(?: \w+)? (?:try|start|stop|quit|cut|reduce|change|work on|go|get|do|make|find|call|talk|see|"
         r"look|join|use|take|keep|give|switch|walk|exercise|eat|lose|set|check|ask|put|limit|avoid|throw)",
         r"i (?:want|would like) (?:to )?(?:spend|be|have|get|go|do|feel|make|see|keep)",
         r"i am (?:willing|ready|open|motivated|determined)", r"i (?:will |would )?definitely",
         r"i (?:have|had) been thinking about (?:quitting|stopping|cutting|changing|getting|going)"),
    _cue(CHANGE, "weak.plans", 1,
         r"i (?:guess|suppose|think) i (?:could|can|will|should|would|need|might)",
         r"maybe i (?:could|can|will|should|would)", r"i could probably", r"i can try", r"i will try",
         r"i should", r"i need to", r"i would like to", r"i want to"),
    _cue(CHANGE, "weak.problem_recognition", 2,
         r"not (?:good|healthy) for (?:you|me|my)", r"not doing me any good",
         r"i knew (?:that|it) (?:was not|is not|was bad)",
         r"i (?:do not|would not|never) want to (?:have|get|act|be|end|lose|die|go|hurt|feel|keep|wake|miss|put)",
         r"(?:affecting|affects|affected) (?:my|me|the)", r"(?:getting|got) (?:worse|out of hand|out of control)"),
    _cue(CHANGE, "weak.problem_recognition", 1,
         r"(?:sick|tired) of", r"worried", r"worries", r"concerned", r"scared", r"afraid", r"bad for", r"damag\w+",
         r"risk", r"diabetes", r"cancer", r"heart", r"blood pressure", r"lungs?", r"cough\w*", r"hangover",
         r"(?:lose|losing|lost) (?:weight|my job|my license|my family|my kids)", r"money", r"afford", r"fired",
         r"arrested", r"embarrass\w*", r"regret", r"ashamed"),
    _cue(CHANGE, "weak.reasons", 1,
         r"(?:for|with|about) my (?:kids?|children|son|daughter|family|health|wife|husband|grandkids)", r"example",
         r"it would (?:be|mean|help|make)", r"(?:would|could|will) (?:feel|be|look) (?:better|good|great|healthier)",
         r"would be (?:good|nice|better|great|helpful)"),
    _cue(CHANGE, "weak.openness", 2,
         r"(?:sounds|that is|it is) (?:good|great|a good idea|like a plan)", r"not a bad idea"),
    _cue(CHANGE, "weak.steps", 1,
         r"gym", r"exercis\w*", r"walk(?:ing)?", r"active", r"healthier", r"energy", r"proud", r"confident",
         r"already", r"instead", r"replace", r"(?:cut|cutting) (?:down|back)", r"step", r"plan", r"goal", r"patch",
         r"nicotine gum", r"meetings?", r"sponsor", r"appointment", r"program", r"make sure",
         r"get (?:back|better|healthy|up)", r"figure out", r"look into"),
    _cue(SUSTAIN, "weak.reluctance", 2,
         r"i (?:do not|did not|never) (?:really )?(?:want|feel like|think i need|see)",
         r"not (?:really )?(?:ready|sure i (?:can|want)|going to (?:stop|quit))",
         r"(?:give|giving) (?:it |that |them )?up",
         r"i am not (?:so |really |too |even )?(?:sure|certain|convinced) (?:about|that|i|it|if)",
         r"i do not (?:really )?(?:care|mind)", r"(?:why|how) (?:would|should|do) i", r"i (?:would|will) miss",
         r"(?:what is|what is the|there is no|no) point", r"back and forth"),
    _cue(SUSTAIN, "weak.minimising", 2,
         r"(?:not|no) (?:really )?(?:a|that big of a|much of a) (?:problem|issue|big deal)",
         r"(?:it is|that is|it was) (?:just |pretty |totally )?normal", r"i (?:feel|am) (?:fine|ok|okay|healthy|"
         r"perfectly (?:fine|well|healthy))", r"(?:everybody|everyone|all my friends|my friends|all of us|they all) "
         r"(?:drinks?|smokes?|does it|do it|uses?|do that|are)", r"(?:only|just) (?:once|a couple|a few|one|two|"
         r"on weekends|socially|when)", r"not (?:that|so) (?:bad|much|often|many)", r"under control", r"handle it",
         r"i am not (?:overweight|an alcoholic|addicted|a drunk|that bad|sick|ill)", r"isolated",
         r"my life is (?:great|fine|good|okay)", r"i do not (?:drink|smoke|use|eat) (?:that|too|very) (?:much|often)",
         r"(?:not|is not|was not) (?:a lot|that much|many|a regular|every day|daily)", r"just a (?:little|bit)",
         r"(?:not|is not|was not) (?:even )?my fault", r"not (?:really )?by choice",
         r"(?:are you|you) sure", r"(?:he|she|they|you) (?:must be|are|were) joking",
         r"that is what (?:he|she|they) (?:says?|said|thinks?)", r"i get (?:really |very )?defensive"),
    _cue(SUSTAIN, "weak.benefits", 2,
         r"i (?:just|really) (?:like|love|enjoy)", r"i (?:just )?(?:really )?like the",
         r"makes? me (?:feel )?(?:good|better|relax\w*|calm|happy|normal|high)",
         r"helps? me (?:relax|sleep|cope|calm|forget|deal|focus|get through|unwind)",
         r"i (?:need|have to have) (?:my|a|it)", r"only way", r"downside", r"gain weight"),
    _cue(SUSTAIN, "weak.difficulty", 2,
         r"i (?:cannot|could not|can not) (?:do|stop|quit|see|imagine|give|live|handle)",
         r"(?:did not|does not|do not|never) (?:really )?(?:work|help)", r"i (?:tried|have tried)",
         r"(?:too|so|really|very|pretty) (?:hard|difficult)", r"struggl\w+",
         r"i (?:just |really |simply )?do not have (?:the |any )?(?:time|money|energy)",
         r"(?:it is|that is) (?:not|never) (?:going to|gonna) (?:work|happen|help)",
         r"i am (?:not )?(?:too )?(?:busy|tired)",
         r"(?:still )?crav\w+", r"(?:going to|gonna) (?:drop|go|slip) (?:back|down)"),
    _cue(SUSTAIN, "weak.status_quo", 1,
         r"i (?:like|love|enjoy)", r"fun", r"relax\w*", r"calm\w*", r"stress\w*", r"(?:my|the) friends", r"party\w*",
         r"bars?", r"social\w*", r"boring", r"bored", r"ritual", r"taste", r"(?:cup|glass) of",
         _HABIT_WORDS + r" (?:is|was) (?:good|nice|great|fine)", r"busy", r"schedule", r"no time", r"hard",
         r"difficult",
         r"cannot", r"could not", r"nothing", r"never", r"impossible", r"anyway", r"whatever", r"at this point",
         r"right now", r"for now", r"not now", r"later", r"someday", r"i do not know", r"i do not think",
         r"used to it", r"habit", r"addict\w*"),
)

_NEGATION = re.compile(r"\b(?:not|never|no)\b(?:\s+\S+){0,2}\s*$")


@dataclass(frozen=True)
class Talk:
    label: str  # change, sustain or neutral
    kind: str | None = None  # which cue decided it, e.g. "desire" or "sustain.ability"
    cue: str = ""  # the words that matched

    def to_dict(self) -> dict[str, str | None]:
        return {"label": self.label, "kind": self.kind, "cue": self.cue}


_AGREEMENT = re.compile(r"^(?:yes|yeah|yep|yup|right|exactly|definitely|absolutely|true|sure|"
                        r"correct|totally|pretty much|i think so|i guess|i suppose|that is right|that is true|"
                        r"uh-huh|mm-hmm|mhm|of course|i agree|for sure)\b")
_DISAGREEMENT = re.compile(r"^(?:no|nope|nah|not really|i do not think|not yet|not sure|i do not know)\b")
# A question that invites a step ("Could you cut down to three?"): turning it down is sustain talk.
_OFFER = re.compile(r"\b(?:could you|would you|will you|are you (?:willing|ready|able)|do you (?:want|think you could|"
                    r"think you can)|can you)\b")
# A ruler question ("On a scale of 0 to 10, how important...?"): the number is the answer's talk type.
_RULER = re.compile(r"\b(?:scale|zero to|0 to|one to|1 to|out of (?:10|ten)|how (?:important|confident|ready|likely|"
                    r"motivated))\b")
_RULER_NUMBER = re.compile(r"\b([0-9]+|zero|one|two|three|four|five|six|seven|eight|nine|ten)\b")
RULER_MIDPOINT = 5  # at or above: reasons to change outweigh; below: the doubts do


def classify(text: str, context: str | None = None) -> Talk:
    """Change, sustain or neutral, with the cue that decided it.

    ``context`` is what was said just before (the question, or a counsellor's reflection). It
    decides three things an answer cannot say alone: a number given to a ruler question; a "no"
    to an offer of a step (sustain); and a "yeah" to a reflection, which takes the reflection's
    talk type read as the person's own words ("you want to cut down" -> "I want to cut down").
    """
    if context:
        ruled = _ruler(text, context)
        if ruled is not None:
            return ruled
    own = _classify(text)
    if own.label != NEUTRAL or not context:
        return own
    said = " ".join(clauses(text))
    echoed = _classify(reflect(context), weak=False)
    if _DISAGREEMENT.match(said):
        if echoed.label == CHANGE or _OFFER.search(normalise(context)):
            return Talk(SUSTAIN, "sustain.declined", said.split(" ")[0])
        return own
    if echoed.label != NEUTRAL:
        how = "agreed" if _AGREEMENT.match(said) else "context"
        return Talk(echoed.label, f"{echoed.kind}({how})", echoed.cue)
    return own


def _ruler(text: str, context: str) -> Talk | None:
    if not _RULER.search(normalise(context)):
        return None
    found = _RULER_NUMBER.search(normalise(text))
    number = read_number(found.group(1)) if found else None
    if found is None or number is None or number > 10:
        return None
    return Talk(CHANGE if number >= RULER_MIDPOINT else SUSTAIN, "ruler", found.group(1))


def _classify(text: str, weak: bool = True) -> Talk:
    said = clauses(text)
    strong = _strongest(said)
    if strong is not None or not weak:
        return strong or Talk(NEUTRAL)
    return _weighed(said)


def _strongest(said: list[str]) -> Talk | None:
    """The strongest strong cue; the later one breaks a tie."""
    best: tuple[int, int, Talk] | None = None
    position = 0
    for clause in said:
        for cue in CUES:
            for match in cue.pattern.finditer(clause):
                label = cue.label
                negated = _NEGATION.search(clause[:match.start()])
                if negated and label == CHANGE:
                    label, kind = SUSTAIN, f"sustain.{cue.kind}(negated)"
                elif negated:
                    continue  # "it's not that I can't..." says too little either way
                else:
                    kind = cue.kind
                position += 1
                candidate = (cue.weight, position, Talk(label, kind, match.group(0)))
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
    return best[2] if best else None


def _weighed(said: list[str]) -> Talk:
    """Add up the weak cues on each side; the doubts win a tie (ambivalence is heard as sustain)."""
    totals = {CHANGE: 0, SUSTAIN: 0}
    heaviest: dict[str, tuple[int, Talk]] = {}
    for clause in said:
        for cue in WEAK_CUES:
            for match in cue.pattern.finditer(clause):
                label, kind = cue.label, cue.kind
                if label == CHANGE and _NEGATION.search(clause[:match.start()]):
                    label, kind = SUSTAIN, f"{kind}(negated)"
                totals[label] += cue.weight
                if cue.weight > heaviest.get(label, (0, None))[0]:
                    heaviest[label] = (cue.weight, Talk(label, kind, match.group(0)))
    if not any(totals.values()):
        return Talk(NEUTRAL)
    winner = CHANGE if totals[CHANGE] > totals[SUSTAIN] else SUSTAIN
    return heaviest[winner][1]
