"""The safety net: notice crisis and safeguarding language in what a person writes.

Rule-based and transparent: each rule family is a pattern over a normalised clause, and a
match can be set aside for a reason a person can read (negated, in the distant past, about
someone else). Keyword lists get idioms wrong ("this homework is killing me"), so the patterns
name the danger itself ("kill myself", "he hits me"), not a frightening word.

Three levels: ACUTE (show crisis resources now), POSSIBLE (ask a gentle check question) and
NONE. A message takes the highest level of any of its clauses, so a negated mention in one
clause never silences a danger stated in another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from engine.textnorm import clauses


class Level(IntEnum):
    NONE = 0
    POSSIBLE = 1
    ACUTE = 2

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    pattern: re.Pattern[str]
    about_speaker: bool = True  # the danger is the speaker's own (not reported of others)
    unless: re.Pattern[str] | None = None  # words before the match that make it something else


@dataclass(frozen=True)
class Finding:
    level: Level
    rule: str | None = None  # e.g. "acute.self_harm", or "acute.self_harm(negated)" when set aside
    cue: str = ""  # the words that matched

    def to_dict(self) -> dict:
        return {"level": self.level.label, "rule": self.rule, "cue": self.cue}


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


PEOPLE = (r"(?:my (?:\w+ )?(?:husband|wife|partner|boyfriend|girlfriend|boss|mom|mum|mother|dad|father|"
          r"stepdad|stepmom|brother|sister|son|daughter|kids?|children|baby|neighbou?r|ex|roommate|"
          r"co-?worker|uncle|aunt|cousin|grandfather|grandmother|grandpa|grandma|family|parents?|"
          r"carer|caregiver|teacher|coach)|him|her|them|someone|somebody|people|everyone|everybody)")
ABUSER = (r"(?:he|she|they|my (?:\w+ )?(?:husband|wife|partner|boyfriend|girlfriend|dad|father|"
          r"stepdad|mom|mum|mother|stepmom|brother|sister|uncle|aunt|cousin|ex|parents?|son|"
          r"daughter|carer|caregiver|roommate|boss|teacher|coach|grandfather|grandpa)|someone|somebody)")
PILLS = r"(?:pills|tablets|meds|medications?|sleeping pills|painkillers|paracetamol|tylenol|advil|aspirin|xanax|oxy\w*|insulin)"

RULES: tuple[Rule, ...] = (
    # -- acute: stated intent, plan or act, now --------------------------------------------
    Rule("acute.suicide", Level.ACUTE, _rx(
        r"kill(?:ing|ed)? myself", r"end(?:ing)? (?:my (?:own )?life|it all)", r"tak(?:e|ing) my (?:own )?life",
        r"suicidal",
        r"(?:commit|committing|committed|attempt\w*|think\w* (?:about|of)|thought (?:about|of)|consider\w*|"
        r"plan\w*) (?:about )?suicide", r"want(?:s|ed)? to die(?! (?:of|from|laughing|my hair))", r"wanna die",
        r"better off dead", r"hang(?:ing)? myself", r"shoot(?:ing)? myself",
        r"jump(?:ing)? (?:off|from|in front of) (?:a|the) (?:bridge|building|roof|train|cliff|balcony)",
        r"(?:wrote|writing|write) (?:a|my) (?:suicide|goodbye) (?:note|letter)",
        r"giv(?:e|ing) away (?:all )?my (?:things|stuff|belongings|possessions)",
        r"(?:bought|got|have|found|hid|hidden) (?:a|the|some) (?:gun|rope|noose|razor blades?|blades)",
        r"(?:stockpil\w+|saving up|hoarding) (?:my )?" + PILLS,
        r"wish i (?:was|were) dead", r"(?:do not|no longer) want to (?:live|be alive|exist)",
        r"better off (?:if i (?:was|were) (?:gone|dead|not here|not around)|without me)",
        r"end(?:ing)? (?:it|things|everything)(?! with)(?: all| for good| tonight| now)?(?=$| tonight| now| soon| for good| all)",
        r"thinking (?:about|of) ending (?:it|things|everything|my life)(?! with)",
        r"gone for good",
    )),
    Rule("acute.self_harm", Level.ACUTE, _rx(
        r"(?:cut|cutting|cuts|burn|burning|burned|burnt|harm|harming|harmed|stab|stabbing|hit|hitting|"
        r"scratch|scratching|punish|punishing)s? myself",
        r"hurt(?:ing|s)? myself(?! (?:playing|at|lifting|running|when i fell|falling|in (?:a|the) (?:game|match|gym)|on (?:a|the)))",
        r"self[- ]?harm(?:ing|ed)?", r"cut(?:ting)? (?:my|both) (?:wrists?|arms?|legs?|thighs?|skin)",
    ), unless=_rx(r"fall|fell|falling|trip|tripped|slip|slipped|accident\w*|by mistake")),
    Rule("acute.harm_others", Level.ACUTE, _rx(
        # Intent, not worry: "I want to hurt him", "I'm going to kill my boss", "I could kill her".
        r"(?:i (?:want|wanted|am going|am about|plan|am planning|intend|am ready|would like|feel like) to|"
        r"i (?:will|would|could|might|am gonna)|thinking (?:about|of)|thought (?:about|of)) "
        r"(?:kill|killing|hurt|hurting|stab|stabbing|shoot|shooting|strangle|strangling|beat up|beating up|"
        r"attack|attacking|smother|smothering|drown|drowning) " + PEOPLE,
    )),
    Rule("acute.abuse", Level.ACUTE, _rx(
        ABUSER + r" (?:(?:still|always|keeps?|often) )?(?:hits|hit|beats|beat|is beating|punch(?:es|ed)?|kick(?:s|ed)?|"
        r"chok(?:es|ed)|strangl(?:es|ed)|rap(?:es|ed)|molest(?:s|ed)|abus(?:es|ed)|slap(?:s|ped)|"
        r"threaten(?:s|ed|ing) to (?:kill|hurt)|locks?|locked|touch(?:es|ed)|is touching) me(?! (?:deeply|so much))",
        r"i am (?:being )?(?:abused|beaten|hit|raped|molested|attacked)",
        r"(?:afraid|scared|terrified) (?:he|she|they|my \w+) (?:will|is going to|might|would) (?:hurt|kill) me",
    ), about_speaker=False),
    Rule("acute.overdose", Level.ACUTE, _rx(
        # The speaker's own overdose, now or planned; worry about one is not an overdose.
        r"i (?:have |just |think i )?(?:overdosed|od(?:'?d|ed))", r"i am (?:overdosing|od-?ing)",
        r"(?:took|taken|take|taking) an overdose", r"(?:going|want|plan|planning|about) to (?:overdose|od)",
        r"(?:took|taken|swallowed|take|taking|ate) (?:all (?:of )?my|a (?:whole )?bottle of|a handful of|"
        r"(?:way |far )?too many|a lot of|loads of|lots of|a bunch of|all the|\d+) " + PILLS,
    )),
    Rule("acute.purging", Level.ACUTE, _rx(
        r"(?:make|making|made) myself (?:sick|throw up|vomit|puke)", r"purg(?:e|ed|ing)",
        r"throwing up (?:blood|after (?:every|each) meal|everything i eat)",
    )),
    # -- possible: hopelessness, passive wishes, urges, feeling unsafe, being a burden -----
    Rule("possible.suicide_mention", Level.POSSIBLE, _rx(r"suicide")),
    Rule("possible.hopeless", Level.POSSIBLE, _rx(
        r"hopeless", r"no hope", r"what is the point", r"(?:there is )?no point (?:in )?(?:anything|living|going on|trying|any more|anymore)",
        r"nothing (?:will )?ever (?:gets?|get) better", r"never going to get better",
        r"cannot go on", r"cannot (?:take|do|handle) (?:it|this) any ?more", r"give up on (?:everything|life|myself)",
        r"tired of (?:living|life|being alive|everything)", r"nothing to live for", r"no reason to (?:live|go on)",
        r"(?:do not|cannot) see (?:the|any) point", r"no way out", r"(?:feel|am) (?:so )?trapped",
        r"cannot (?:take|do|handle) (?:it|this) (?:much )?(?:longer|any ?more)",
    )),
    Rule("possible.passive_wish", Level.POSSIBLE, _rx(
        r"wish i (?:was|were) (?:never born|gone)",
        r"wish i (?:could|would) (?:just |simply )?(?:disappear|sleep forever|not wake up|never wake up)",
        r"(?:do not|never) want to (?:wake up|be here)", r"want to disappear",
        r"sleep and (?:not|never) wake up", r"(?:would not|wouldn't) (?:care|mind) if i died",
        r"want (?:it|everything) to (?:stop|end)", r"want to sleep (?:forever|and never wake up)",
    )),
    Rule("possible.urge", Level.POSSIBLE, _rx(
        r"urges? to (?:cut|hurt|harm|burn|self[- ]?harm|die)", r"tempted to (?:cut|hurt|harm)",
        r"urges? (?:are|is|have|has|came|come|coming) back",
    )),
    Rule("possible.eating", Level.POSSIBLE, _rx(
        r"starv(?:e|ing) myself", r"have not eaten (?:anything )?(?:in|for) (?:days|a week|weeks|\w+ days)",
        r"do not deserve (?:food|to eat)", r"(?:skip|skipping) (?:every|all my) meals",
    )),
    Rule("possible.substance", Level.POSSIBLE, _rx(
        r"(?:drink|drinking|drank|use|using|used) until i (?:black|pass|passed|blacked) out",
        r"black(?:ing)? out (?:every|most) (?:night|day)s?",
    )),
    Rule("possible.unsafe", Level.POSSIBLE, _rx(
        r"(?:do not|not|never) feel safe", r"feel unsafe", r"(?:scared|afraid|fear) for my (?:life|safety)",
        r"i am not safe", r"not safe (?:at home|here|with (?:him|her|them))",
    )),
    Rule("possible.burden", Level.POSSIBLE, _rx(
        r"(?:i am|feel like|i feel like) (?:such )?a burden", r"burden (?:to|on) (?:everyone|my family|them|people|others)",
        r"everyone would be better off",
    )),
)

# -- why a match may be set aside ---------------------------------------------------------------
# A negation just before the match: "I'm not suicidal", "I would never hurt myself".
_NEGATED = re.compile(r"\b(?:not|never|no longer|nor)\b(?! (?:sure|know|certain))(?:\s+\S+){0,5}\s*$")
# The distant past, or something resolved: "I used to cut myself", "years ago".
_PAST = _rx(r"used to", r"years ago", r"(?:a )?long time ago", r"in the past", r"back then",
            r"when i was (?:a |an |younger|young|little|small|in |\d+)", r"as a (?:kid|child|teen|teenager)",
            r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|many|several) years",
            r"in recovery from", r"(?:months|years) clean")
# Recent markers that make a past-tense act current: "again", "last night".
_RECENT = _rx(r"again", r"last night", r"yesterday", r"today", r"tonight", r"this (?:morning|week|evening)",
              r"right now", r"just now", r"an hour ago", r"minutes ago", r"earlier",
              r"(?:are|is|came|come|coming) back", r"started (?:again|back)")
# Someone else's story: the clause is about another person, not the speaker.
_OTHER_SUBJECT = re.compile(
    r"^(?:.*\b(?:and|so|because|that)\b )?(?:my (?:\w+ )?(?:cousin|friend|brother|sister|mom|mum|mother|dad|"
    r"father|son|daughter|uncle|aunt|partner|husband|wife|boyfriend|girlfriend|neighbou?r|roommate|"
    r"grandma|grandpa|grandmother|grandfather|colleague|coworker|co-worker|kid|client|patient)|"
    r"he|she|they|someone|somebody|a friend|a guy|a girl|a man|a woman|people|this (?:guy|girl|man|woman))\b")
# Urges rather than intent: "I have the urge to cut myself".
_URGE = re.compile(r"\b(?:urges?|tempted|craving)\b(?:\s+\S+){0,4}\s*$")

def _set_aside(rule: Rule, clause: str, start: int) -> str | None:
    """Why a match does not count, or None when it does."""
    before = clause[:start]
    if _NEGATED.search(before):
        return "negated"
    if _PAST.search(clause) and not _RECENT.search(clause):
        return "past"
    if rule.about_speaker and _OTHER_SUBJECT.search(before) and not re.search(r"\bi\b", before):
        return "someone else"
    if rule.unless is not None and rule.unless.search(before):
        return "something else"
    return None


def check(text: str) -> Finding:
    """The highest level of concern in ``text``, with the rule that found it."""
    best = Finding(Level.NONE)
    aside: Finding | None = None
    for clause in clauses(text):
        for rule in RULES:
            for match in rule.pattern.finditer(clause):
                reason = _set_aside(rule, clause, match.start())
                if reason is not None:
                    aside = aside or Finding(Level.NONE, f"{rule.id}({reason})", match.group(0))
                    continue
                level = rule.level
                if level is Level.ACUTE and _URGE.search(clause[:match.start()]):
                    level = Level.POSSIBLE  # an urge is checked gently, not treated as intent
                if level > best.level:
                    best = Finding(level, rule.id if level == rule.level else f"{rule.id}(urge)", match.group(0))
    return best if best.level > Level.NONE or aside is None else aside
