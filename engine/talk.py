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

from engine.reflect import reflect
from engine.textnorm import clauses

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
         r"i (?:(?:have|had|already|just|finally|recently) )*(?:quit|stopped|cut (?:down|back)|gave up|threw (?:out|away)|"
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
         r"save (?:some )?money", r"(?:set|be) a (?:good |better )?example", r"(?:it|that) would (?:help|be good|be nice)",
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
         r"(?:figure|work) out (?:a |the )?(?:good |better )?(?:time|way|plan)", r"i (?:am|feel) (?:hopeful|confident|optimistic)",
         r"that (?:sounds|would be) (?:good|great|helpful|like a (?:good )?(?:idea|plan))", r"i (?:like|love) (?:that|the) idea"),
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
         r"(?:it is|that is|it has) (?:not|never been) (?:a |really a |that big of a )?(?:problem|that bad|big deal|hurting anyone|an issue)",
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

_NEGATION = re.compile(r"\b(?:not|never|no)\b(?:\s+\S+){0,2}\s*$")


@dataclass(frozen=True)
class Talk:
    label: str  # change, sustain or neutral
    kind: str | None = None  # which cue decided it, e.g. "desire" or "sustain.ability"
    cue: str = ""  # the words that matched

    def to_dict(self) -> dict:
        return {"label": self.label, "kind": self.kind, "cue": self.cue}


_AGREEMENT = re.compile(r"^(?:yes|yeah|yep|yup|right|exactly|definitely|absolutely|true|sure|"
                        r"correct|totally|pretty much|i think so|i guess|i suppose|that is right|that is true|"
                        r"uh-huh|mm-hmm|mhm|of course|i agree|for sure)\b")


def classify(text: str, context: str | None = None) -> Talk:
    """Change, sustain or neutral, with the cue that decided it.

    ``context`` is what was said just before (the question, or a counsellor's reflection). An
    answer that only agrees with it ("Yeah, exactly") takes its talk type, read as the
    person's own words: "you want to cut down" -> "I want to cut down".
    """
    own = _classify(text)
    if own.label != NEUTRAL or not context:
        return own
    said = " ".join(clauses(text))
    if _AGREEMENT.match(said):
        echoed = _classify(reflect(context))
        if echoed.label != NEUTRAL:
            return Talk(echoed.label, f"{echoed.kind}(agreed)", echoed.cue)
    return own


def _classify(text: str) -> Talk:
    best: tuple[int, int, Talk] | None = None
    position = 0
    for clause in clauses(text):
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
    return best[2] if best else Talk(NEUTRAL)
