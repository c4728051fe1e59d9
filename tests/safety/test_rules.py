"""The safety rules' mechanisms, one by one, each with sentences written for these tests.

Every sentence here is our own; none comes from the shared evaluation data.
"""

from __future__ import annotations

import pytest

from engine.ground.errors import DialogueLoadError
from engine.safety import About, Level, check
from engine.safety.rules import CrisisRules, default_rules
from engine.safety.vocabulary import read_vocabulary
from engine.understanding.textnorm import clauses, normalise

ACUTE, POSSIBLE, NONE = Level.ACUTE, Level.POSSIBLE, Level.NONE


def level(text: str) -> Level:
    return check(text).level


def read(text: str) -> list[str]:
    return [" ".join(clause.tokens) for clause in default_rules().reader.read(text)]


# -- reading what people type -------------------------------------------------------------
@pytest.mark.parametrize("typed, read_as", [
    ("kms", "kill myself"),  # slang, from the vocabulary's spellings
    ("thinkin bout it", "i am thinking about it"),  # a dropped g, where the word is one the rules know
    ("i feel so suicdial", "i feel so suicidal"),  # a long key word misspelt by one letter
    ("i wanna diee", "i want to die"),  # stretched letters
    ("Want to die.", "i want to die"),  # the implied "I"
    ("Bought the rope yesterday", "i bought the rope yesterday"),
    ("my mate's been drinking", "my mate has been drinking"),  # 's before a verb
    ("a three-day bender", "a three day bender"),  # an unknown hyphenated word is two
    ("my weight is down to 40kg", "my weight is down to 40 kg"),
    ("ngl i am tired", "i am tired"),  # fillers go
])
def test_reading(typed, read_as):
    assert read(typed) == [read_as]


def test_filling_is_not_killing():
    """Fuzzy matching only mends distinctive words, never into a real word one letter away."""
    assert read("i am filling in the form") == ["i am filling in the form"]
    assert level("I'm billing the client and filling in forms") is NONE


def test_a_run_on_paragraph_is_read_in_overlapping_windows():
    text = " ".join(["work was fine and the kids were fine"] * 20) + " and i want to kill myself"
    assert level(text) is ACUTE


# -- negation ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "I'm not suicidal, just worn out",
    "I would never hurt myself",
    "I don't want to die, I want to get better",
    "no thoughts of suicide this week",
    "I am not going to kill myself",  # a negation inside the phrase's gap
])
def test_negations_deny(text):
    finding = check(text)
    assert finding.level is NONE and finding.rule.endswith("(negated)"), finding


@pytest.mark.parametrize("text", [
    "No, I want to die",  # a new subject ends the negation's reach
    "I never thought I'd be someone who wants to die",  # "who" starts a new part of the clause
    "I can't stop thinking about killing myself",  # "can't stop" denies nothing
    "I'm not suicidal but I cut again last night",  # a clause of its own
    "I don't have the guts to kill myself",
])
def test_what_only_looks_like_a_negation(text):
    assert level(text) is ACUTE, check(text)


def test_a_negation_does_not_reach_across_a_new_subject():
    assert level("if I don't hand it over, he hits me") is ACUTE


# -- time ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "I used to cut myself when I was a teenager",
    "Years ago I tried to kill myself but I'm doing well now",
    "I self-harmed at 15, haven't since I was 20",
])
def test_the_distant_past_is_set_aside(text):
    assert check(text).rule.endswith("(past)"), check(text)


def test_the_past_comes_back():
    assert level("I used to cut myself and I started again yesterday") is ACUTE
    assert level("I was suicidal years ago and it's back") is ACUTE


def test_the_nearest_time_word_wins():
    assert check("I was suicidal in 2010 after the divorce, totally different person now").rule.endswith("(past)")


def test_a_clause_that_dates_the_one_before():
    assert check("I wrote a goodbye letter and gave my stuff away. That was years ago.").level is NONE


def test_days_ago_is_a_near_miss_not_now():
    assert level("I overdosed on Saturday and ended up in hospital") is POSSIBLE
    assert level("I overdosed an hour ago") is ACUTE


# -- whose danger ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "my friend told me she wants to kill herself",
    "my brother is self harming and made me promise not to tell",
    "my mate has been looking up ways to die",
    "she says she's got nothing left to live for",
])
def test_someone_else_in_danger_is_about_other(text):
    finding = check(text)
    assert (finding.level, finding.about) == (NONE, About.OTHER), finding


def test_the_speaker_inside_the_subject_is_the_speaker():
    assert level("me and my girlfriend have a pact to do it together") is ACUTE


def test_abuse_is_the_speakers_whoever_does_it():
    assert level("my dad punches me") is ACUTE
    assert level("he said he'd kill us all if we left") is ACUTE


def test_a_child_harmed_told_by_a_parent_is_acute():
    assert level("my daughter told me her uncle comes into her room at night and touches her, she's 8") is ACUTE


# -- stories ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "watched a film where a man jumps off a bridge",
    "my character got killed in minecraft again",
    "that show where the guy kills himself in episode two",
])
def test_stories_are_nobodys_danger(text):
    assert level(text) is NONE, check(text)


def test_the_speakers_own_words_after_a_story_count():
    assert level("the film made me want to kill myself") is ACUTE


# -- combinations ---------------------------------------------------------------------------
def test_means_with_readiness():
    assert level("the pills are lined up on my desk") is ACUTE
    assert level("my pills are in the cupboard") is NONE


def test_a_euphemism_with_a_date():
    assert level("I won't be here next week, it's all sorted") is ACUTE
    assert level("I won't be here next week, I'm on holiday") is NONE


def test_two_preparations():
    assert level("made my will and found a new home for the dog, that's everything") is ACUTE
    assert level("made a will at the solicitor's, it's sensible now we have a baby") is NONE


def test_a_combination_needs_two_different_things():
    """One phrase matching two cue lists is still one thing."""
    assert level("wrote my will this week") is NONE


# -- everyday words that sound frightening -----------------------------------------------
@pytest.mark.parametrize("text", [
    "this homework is killing me",
    "I'd kill for a coffee right now",
    "I'm dying to see my niece",
    "that cake was to die for",
    "I nearly died laughing",
    "my phone died on the bus",
    "I totally shot myself in the foot with that email",
    "my boss would kill me if I was late again",
    "I want to cut down on smoking",
    "I'd like to cut back to two coffees a day",
    "my goal is to end the day with a walk",
    "I want to end things with my ex for good",
    "I hurt myself playing football",
    "I fell and hurt myself on the stairs",
    "I took two paracetamol for my headache",
    "took my tablets this morning with breakfast",
    "bought rope for the washing line",
    "I'm going to jump at the chance",
    "going to catch the bus to my meeting",
    "we had the dog put to sleep on Wednesday, she was old",
])
def test_idioms_goals_and_accidents_pass(text):
    assert level(text) is NONE, check(text)


def test_normalise_and_clauses():
    assert normalise("I’m sure I can’t") == "i am sure i cannot"
    assert clauses("I'm fine, but I can't sleep. Really!") == ["i am fine", "i cannot sleep", "really"]


def test_finding_as_json():
    assert check("he hits me").to_dict() == {"level": "acute", "rule": "abuse.physical", "cue": "he hits me",
                                            "about": "self"}
    assert check("hello").to_dict() == {"level": "none", "rule": None, "cue": "", "about": "self"}


def test_every_rule_works_in_time_linear_in_the_text():
    """Hostile input: long runs of spaces, repeated keywords, long words. Counted, not timed:
    the work is the candidates tried per clause, which a window of words bounds."""
    rules = default_rules()
    for text in (" " * 30_000 + "x", "hurt myself " * 8_000, "a" * 50_000, "by Friday and " * 5_000,
                 "i i i i " * 10_000, "." * 20_000):
        clauses = rules.reader.read(text[:20_000])
        assert all(len(clause.tokens) <= 60 for clause in clauses)
        assert check(text).level in (NONE, POSSIBLE, ACUTE)


# -- round 2: general frames written from the kinds of crisis language the rules missed ----
@pytest.mark.parametrize("text, expected", [
    ("i smashed my leg with a hammer again tonight", ACUTE),  # self-injury with a tool
    ("keep a razor in my bag for when it gets too much", ACUTE),
    ("he's at the door now banging, yelling that he's going to kill me", ACUTE),
    ("downed the whole packet about ten minutes ago", ACUTE),
    ("swallowed a handful of my dad's heart tablets and i feel really drowsy", ACUTE),
    ("i'm going to drink myself to death this weekend", ACUTE),
    ("going to take everything i have and not wake up", ACUTE),
    ("my uncle's rifle is in the shed and i keep thinking about putting it to my head", ACUTE),
    ("i can't do this anymore. been googling the highest bridges round here", ACUTE),
    ("i'm going to jump off the multi-storey by the station", ACUTE),  # a class word with a hyphen
    ("hid a rope in the boot of my car", ACUTE),
    ("my sister thinks it's just a visit, she doesn't know it's goodbye", ACUTE),
    ("nothing's ever going to get better for me", POSSIBLE),
    ("they'd all cope better if i just disappeared", POSSIBLE),
    ("i've lost all will to live", POSSIBLE),
    ("i pray the lord takes me in my sleep", POSSIBLE),
    ("part of me hopes i get knocked down by a car", POSSIBLE),
    ("the cravings were brutal after work but i went to a meeting", POSSIBLE),
    ("almost relapsed last night, went to bed instead", POSSIBLE),
    ("three days straight on the gear, no sleep", POSSIBLE),
    ("i get scared of my own thoughts, like i could act on them", POSSIBLE),
    ("my stepdad's temper really frightens me", POSSIBLE),
    ("stuck in a hole i can't climb out of", POSSIBLE),
])
def test_general_frames(text, expected):
    assert level(text) is expected, check(text)


@pytest.mark.parametrize("text", [
    "at the end of my rope with this landlord",
    "roped up on the climbing wall all afternoon, arms are dead",
    "reading a biography of a man who survived a suicide attempt, really moving",
    "the nurse asked if i'd had any thoughts of suicide and i said no, honestly",
    "walked straight past the pub today, didn't even think about going in. proud of myself",
    "lol my brother says he'll kill me if i eat his leftovers again",
    "booked a hotel for my sister's wedding on saturday",
    "i'm going to finish the essay tonight",
])
def test_general_frames_leave_these(text):
    assert level(text) is NONE, check(text)


# -- round 3: more general frames, for kinds of crisis language the rules still missed ----
@pytest.mark.parametrize("text, expected", [
    ("honestly the only answer left is the rope in my garage", ACUTE),  # the only way out is a means
    ("i'm lying in the tub with the radio plugged in next to me", ACUTE),  # in the bath with an appliance
    ("i'm going to steer into the big tree by the farm at full speed", ACUTE),
    ("i've put a scarf round the curtain rail", ACUTE),
    ("i'll swim out and keep swimming till i can't", ACUTE),  # into the water and keep going
    ("i'm balancing on the railing of my balcony", ACUTE),
    ("the next train comes in two minutes and i'm not getting on it", ACUTE),
    ("i walked out here to jump", ACUTE),
    ("i'm going to take the entire strip tonight", ACUTE),
    ("i'll stop eating till i die", ACUTE),
    ("gave my guitar to my nephew, i won't be needing it", ACUTE),  # two preparations
    ("made a list of who gets what, the car goes to my sister", ACUTE),
    ("the letter is under my pillow. i'm finished", ACUTE),
    ("been setting aside my sleeping tablets every night", ACUTE),
    ("hiding my tablets in a tin under the bed", ACUTE),
    ("this is the last time you'll hear from me", ACUTE),
    ("typed out my goodbye on my phone last night", ACUTE),
    ("bye everyone, thank you for putting up with me", ACUTE),  # a farewell, twice over
    ("my stepdad used his belt on me again last night", ACUTE),
    ("my son knocked me over in the hallway", ACUTE),
    ("my brother has been hurting me when mum is at work", ACUTE),
    ("he said he'd do it again if i told anyone", ACUTE),
    ("they lock us in the basement and won't let us leave", ACUTE),
    ("she locks my door so i can't get out", ACUTE),
    ("he said if i don't pay by monday he'll break my legs", ACUTE),
    ("i can hear my parents screaming and dad has a knife, he's shouting he'll kill mum", ACUTE),
    ("the shotgun is under my bed and i can't see any point anymore", ACUTE),  # means kept close, with despair
    ("i'd rather be dead than go to that hearing, and i've got the means", ACUTE),
    ("bought some razor blades. they're for tonight", ACUTE),
    ("i've been hiding the pills from mum and i'm going to swallow them all after school", ACUTE),
    ("there's antifreeze in the garage and i'm going to drink it", ACUTE),
    ("not eaten in a week and i had a seizure this morning", ACUTE),
    ("lost count of how many i swallowed and my vision is going blurry", ACUTE),
    ("been up four days on crystal and my heart won't slow down", ACUTE),
    ("just injected a massive amount, way more than i'm used to", ACUTE),
    ("my lips have gone blue and i can't feel my hands", ACUTE),
    ("going on a permanent holiday tonight", ACUTE),  # a euphemism with a time
    ("i don't think i'll see my birthday, everything is arranged", ACUTE),
    ("i'm finishing it, picked the motorway bridge already", ACUTE),
    ("heading up to the top of the multistorey, nothing left for me", ACUTE),
    ("i'm terrified of what i might do to myself tonight", ACUTE),
    ("i've stopped my dialysis. it's my choice", ACUTE),
    ("when the kids are at their dad's i'm going to do it", ACUTE),
    ("gonna do it once everyone's asleep", ACUTE),
    ("blew my whole wage on the slots again", POSSIBLE),  # gambling out of control
    ("craving a flutter all afternoon", POSSIBLE),
    ("necked a few of my diazepam with a bottle of cider", POSSIBLE),  # pills with drink
    ("woke up with no memory of how i got home", POSSIBLE),
    ("fell off the wagon again last night", POSSIBLE),
    ("been using way more than i meant lately", POSSIBLE),
    ("i just feel hollow inside", POSSIBLE),  # a deep low
    ("i'm in a really dark place at the moment", POSSIBLE),
    ("mum keeps telling me i'm worthless and i'm starting to believe her", POSSIBLE),
    ("it's getting too hard to carry on", POSSIBLE),
    ("i've got nothing left to give anyone", POSSIBLE),
    ("what's the point in trying", POSSIBLE),
    ("i can't see an end to any of this", POSSIBLE),
    ("my kids deserve a better dad than me", POSSIBLE),
    ("i'm just taking up space here", POSSIBLE),
    ("the kids would be better off with a different mum", POSSIBLE),
    ("wouldn't mind if i just stopped existing", POSSIBLE),
    ("part of me wishes i hadn't survived the crash", POSSIBLE),
    ("the world would carry on fine without me", POSSIBLE),
    ("i don't deserve to be alive", POSSIBLE),
    ("i don't want to be alive, i just want to stop feeling", POSSIBLE),  # without "anymore": a check question
    ("outlived all my friends and i'm just waiting now", POSSIBLE),
    ("got an itch to go back on the booze", POSSIBLE),
    ("thinking about drinking just once", POSSIBLE),
    ("had the razor out but put it back", POSSIBLE),
    ("i really want to cut tonight but i'm holding on", POSSIBLE),  # wanting to, resisted: an urge
    ("didn't go through with it last night", POSSIBLE),
    ("haven't eaten properly since monday", POSSIBLE),
    ("it's really frightening at home right now", POSSIBLE),
])
def test_general_frames_round_3(text, expected):
    assert level(text) is expected, check(text)


@pytest.mark.parametrize("text", [
    "i need a long nap tonight after that shift",
    "going out tonight, if you know what i mean",
    "going to the cliffs tomorrow for a walk with the dog",
    "put a tenner on the horses for the grand national, won a bit",
    "i keep a rifle in the truck for hunting season",
    "i'll take them all to the park tomorrow",
    "took my antibiotics with a glass of water",
    "had a rum and coke at the pub with my sister",
    "my feet feel numb after the long run",
    "i'm numb from the dentist",
    "it's getting harder to keep going to the gym",
    "the old sofa is just taking up space",
    "the dog would have a better life with someone else, we're rehoming him",
    "i want out of this lease",
    "wish i hadn't woken up so early",
    "took my tablets out of the cupboard",
    "skipping meals again to afford the rent",
    "i wanna cut my screen time in half",
    "bye everyone, see you at the next meeting",
    "scared of what i might do to my hair tonight lol",
    "i'm done with the essay, it's all sorted now",
    "i'm actually going to do it this time, signing up for the marathon",
    "my seven year old told me about her day at school",
    "my nan used to say she'd be dead before that happens",  # an idiom, quoted
    "my boss reckons i'm killing myself with all these hours",
    "googled how long ibuprofen takes to work for a migraine",
    "could have strangled my flatmate for eating my leftovers",
    "lost the will to live in that two hour lecture",
    "we said goodbye properly at the airport",
    "five years since my overdose attempt and i'm doing great",
])
def test_general_frames_round_3_leave_these(text):
    assert level(text) is NONE, check(text)


def test_a_combination_days_ago_is_a_near_miss():
    """A combination with `recent:` is lowered when one of its parts was days or weeks ago."""
    assert level("took a handful of pills last week and was sick all night") is POSSIBLE
    assert level("took a handful of pills and now i'm being sick") is ACUTE


def test_a_story_word_that_is_the_phrase_own_word():
    """"songs" names a story ("a song about..."), but in "my funeral songs" it is the phrase's own word."""
    assert level("i've been planning my funeral songs all week") is ACUTE
    assert level("the first series was about a girl who wants to die, really moving") is NONE


@pytest.mark.parametrize("text, expected", [
    ("pay off the phone bill by the end of the month", NONE),  # an everyday goal, not putting affairs in order
    ("when my mum kicked me out at seventeen", NONE),  # put out of the house, not hit
    ("my dad kicked me in the stomach last night", ACUTE),
    ("the kids will be fine without me", POSSIBLE),
    ("the team will be fine without me while I'm on holiday", NONE),
])
def test_found_by_the_scripted_runs(text, expected):
    assert level(text) is expected, check(text)


@pytest.mark.parametrize("text, expected", [
    # round 4: general frames written after reading training-7 (was unseen-3), in our own words
    ("i'm slicing my arm at the moment", ACUTE),  # self-injury happening now, no other cue
    ("got the blade out already, the urge is unbearable", ACUTE),  # an urge with the means out
    ("i'm scared of myself tonight and i keep staring at the razor", ACUTE),
    ("already swallowed the lot. don't ring an ambulance", ACUTE),  # taken, and no one to be called
    ("mixed my tablets with vodka and now i can barely stay awake", ACUTE),  # taken, and unwell
    ("after all those pills my head is spinning", ACUTE),
    ("no point trying to talk me out of this, my mind is made up", ACUTE),  # resolved
    ("i don't need to be saved this time", ACUTE),
    ("leaving for good tonight, i've said my goodbyes", ACUTE),  # going away for good, with a time
    ("i'd honestly prefer to be dead", ACUTE),
    ("i'll keep drinking till i stop breathing", ACUTE),
    ("gonna steer the car into the river tonight", ACUTE),
    ("the voice tells me to hurt my dad", ACUTE),  # command hallucinations about someone else
    ("i keep wanting to shake the baby when he screams", ACUTE),
    ("my stepdad comes after me when he's drunk and i don't feel safe at home", ACUTE),
    ("gave my car and all my savings to my brother. everything is in order now", ACUTE),  # preparations
    ("my room mates would be happier if i was gone", POSSIBLE),  # a counterfactual absence
    ("nobody would notice if i vanished", POSSIBLE),
    ("i wouldn't care if i got hit by a bus and didn't make it", POSSIBLE),
    ("why even bother getting up", POSSIBLE),
    ("i can't see how this ends well for me", POSSIBLE),
    ("my thoughts keep drifting to really dark places", POSSIBLE),
    ("everything feels grey and i don't feel anything any more", POSSIBLE),
    ("tired of being me", POSSIBLE),
    ("living on black coffee and two crackers a day", POSSIBLE),  # restriction
    ("i can't make myself eat", POSSIBLE),
    ("want to punch the wall or myself, sitting on my hands", POSSIBLE),  # an urge resisted
    ("i feel like such a burdan to everyone", POSSIBLE),  # a misspelt key word
    ("trapped in my own life with nowhere to turn", POSSIBLE),
    ("there's no escape from this school for another three years", POSSIBLE),  # the future, not the past
])
def test_general_frames_round_4(text, expected):
    assert level(text) is expected, check(text)


@pytest.mark.parametrize("text", [
    "i'm cutting the grass right now",
    "got the bread knife out to slice the loaf",
    "taking my pills now like the doctor said",
    "i don't want to be rescued by anyone, i want to sort this myself",
    "leaving this job for good on friday, can't wait",
    "i'd prefer to die my hair blue",
    "gonna drive the car into the garage for its mot",
    "my grandad's pills are in the blue box",
    "i'm ready to give up smoking",
    "in the bath with a book and candles",
    "dad loaded the gun at the range and we shot clays",
    "the room was spinning after the rollercoaster",
    "i've been eating properly this week",
    "everything is in order for the house move",
    "i don't know where she lives, she moved last year",
])
def test_general_frames_round_4_leave_these(text):
    assert level(text) is NONE, check(text)


def test_the_cue_shown_does_not_depend_on_the_order_of_a_set():
    """A combination's parts are taken in a stable order, so the words shown to a facilitator are
    the same in every process (they once followed a set's order, which PYTHONHASHSEED changes)."""
    import dataclasses

    rules = default_rules()
    text = "i'm going to walk out to the viaduct on friday and not come back"
    found = rules.matches(text)
    by_construct: dict[str, list] = {}
    for match in found:
        if match.counts:
            by_construct.setdefault(match.construct.id, []).append(match)
    cues = set()
    for order in (False, True):
        for construct in rules._combinations:
            groups = tuple(sorted(group, reverse=order) for group in construct.all_of)  # a list keeps its order
            made = type(rules)._combination(dataclasses.replace(construct, all_of=groups), by_construct)
            if made is not None:
                cues.add((construct.id, made.cue))
    assert cues and len(cues) == len({construct for construct, _ in cues}), cues


# Round 5: mechanisms rather than lines. Intensifiers are dropped before matching, so a phrase
# need not list them; veiled talk of one's own death and looking up a way count alone, gently;
# "should" and "might as well" are wishes too.
@pytest.mark.parametrize("text, expected", [
    ("i dont really want to be here anymore", POSSIBLE),
    ("honestly i genuinely want to die", ACUTE),
    ("i wont be around much longer", POSSIBLE),
    ("looked up the tallest bridges near me", POSSIBLE),
    ("i should just die", ACUTE),
    ("might as well be dead", ACUTE),
    ("im ready to check out", ACUTE),
    ("no point in me being alive", POSSIBLE),
    ("cut too deep, feeling dizzy", ACUTE),
    ("he has a knife and hes drunk", ACUTE),
])
def test_general_frames_round_5(text, expected):
    assert level(text) is expected, check(text)


@pytest.mark.parametrize("text", [
    "im not really suicidal, just worn out",
    "googled how long paracetamol takes to work for my headache",
    "looked up how many calories are in a pint",
    "i wont be around for a while, off to see my sister",
    "i should die of embarrassment lol",
    "you might as well be dead to me",
    "bye everyone, see you at the next meeting",
    "i cant eat spicy food",
])
def test_general_frames_round_5_leave_these(text):
    assert level(text) is NONE, check(text)


# -- round 6: the frame, a first-person clause read as subject + stance + act + object -------------
@pytest.mark.parametrize("text, expected", [
    ("honestly i just want to overdose", ACUTE),  # stance: want; an act whole in itself
    ("i need to od tonight", ACUTE),
    ("ive decided to die", ACUTE),  # dying, with a stance of decision
    ("im ready to pull the trigger", ACUTE),
    ("i keep thinking about overdosing", ACUTE),  # a stance of thought takes the -ing form
    ("i can't stop thinking about pulling the trigger", ACUTE),
    ("im about to pull the trigger", ACUTE),
    ("i feel like overdosing", ACUTE),
    ("i'm going to cut as soon as everyone's asleep", ACUTE),  # self-harm: a bare "cut" with a time after it
    ("i need to cut right now", ACUTE),
    ("i have made up my mind to end my life", ACUTE),
])
def test_frame(text, expected):
    assert level(text) is expected, check(text)


@pytest.mark.parametrize("text", [
    "he's ready to pull the trigger",
    "my sister keeps thinking about overdosing",
])
def test_frame_of_someone_else(text):
    finding = check(text)
    assert (finding.level, finding.about) == (NONE, About.OTHER), finding


@pytest.mark.parametrize("text", [
    "I'm going to pull the trigger on a new car",  # an idiom
    "I want to shoot more photos this year",  # an act needs its object
    "I'm going to cut the cake now",
    "I need to cut back on coffee",
    "I've decided to die my hair blue",
    "I used to keep thinking about overdosing",  # the past
    "in the film the detective is about to pull the trigger",  # a story
    "I'm not going to overdose, I promise",  # negated
    "this traffic is killing me",
    "I'm about to die of boredom in this meeting",
    "I'm ready to go home",
    "I decided to go anyway because the band was playing",
])
def test_frame_leave_these(text):
    assert level(text) is NONE, check(text)


@pytest.mark.parametrize("text", [
    # a wish said as all one wants, an urge to die (not to cut: that can be resisted)
    "all i want anymore is to not exist",
    "the urge to die has been unbearable today",
    "i dont think ill survive till the morning",
    # preparations: a letter or a video for after, things handed to people who will look after them
    "there's a letter for my son to read when i'm gone",
    "i'm handing all my records to friends who will look after them",
    "ive rehomed my cat with my sister, told her its for good. tonight i end it",
    # a method being readied, means delivered and meant for oneself, a date and a decision
    "i've got weights in my coat pockets and i'm by the river",
    "got the rope set up, just waiting for everyone to go to bed",
    "the helium arrived this morning. it's for me",
    "worked out which bridge i'll jump off tomorrow",  # the act's place moved before it
    "im doing it on my birthday. i already decided",
    # self-harm now, in the order people tell it
    "dragging my arm across the broken glass",
    "the compass is digging into my wrist",
    "swallowed some drawing pins to see if it would hurt",
    "held my hand under the boiling tap on purpose",
    "got the razor out, about to start",
    # threats, being followed, secrets an abuser demands, harm planned to others
    "she'll get me killed if i tell anyone",
    "a man in a van has been following me from the station",
    "he makes me keep it a secret about what he does to me",
    "im going to put bleach in his drink",
    "i'm planning how to attack the staff at my old work",
    # drugs now: an amount lost count of, more than usual, with feeling unwell
    "been on ket since friday and lost count of how many i did, room spinning",
    "banged up way more than usual and nobody here has naloxone",
])
def test_round_6_kinds(text):
    assert level(text) is ACUTE, check(text)


@pytest.mark.parametrize("text", [
    "the urge to die laughing at that show",
    "all i want is to get some sleep",
    "the helium arrived for the party balloons",
    "she made me keep the surprise party a secret",
    "i poured hot water on my hand by accident making tea",
    "i've written to my mum and dad and they wrote back",
    "a man followed me on instagram",
    "he will have me killed if i lose this match lol",
    "im going to jump on the train to leeds",
    "I'm going to jump off my bike at the lights",
    "ate way more than usual at christmas",
])
def test_round_6_kinds_leave_these(text):
    assert level(text) is NONE, check(text)


@pytest.mark.parametrize("text", [
    # a passive wish read as a frame: I + wish/hope + what would end it
    "sometimes i hope a car runs me over",
    "i lie awake hoping i don't wake up",
    "i sometimes wish i could just disappear",
    "everyone would be fine without me",
    "my kids would be happier once i'm out of the way",
    # burden, entrapment, hopelessness
    "they're all tired of me",
    "i'll never climb out of this pit",
    "i can't get away from my own thoughts",
    "there's no fight left in me",
    # urges held off, fear of one's own actions, near misses, restriction, risky use
    "fighting the urge to go to the pub",
    "almost picked up the bottle again",
    "i don't trust myself around the pills tonight",
    "it scares me how peaceful i feel about it",
    "nearly went under at the weekend, my mate had narcan",
    "just drinking water until i reach my goal weight",
    "back on the gear and can't stop",
    "no idea what's in the pills i bought",
    "my tolerance is gone and i used the same as before",
])
def test_round_6_possible(text):
    assert level(text) is POSSIBLE, check(text)


@pytest.mark.parametrize("text", [
    "i wish i could go to the match",
    "i hope a friend will take me to the gig",
    "i hope i don't wake up late tomorrow",
    "i can't get out of this contract",
    "i'm fighting the urge to eat the whole cake",
    "i don't trust myself with a credit card",
    "i'm just drinking water today because it's hot",
    "i used to hope i wouldn't wake up, but that was years ago",
])
def test_round_6_possible_leave_these(text):
    assert level(text) is NONE, check(text)


def test_a_passive_wish_of_someone_else():
    finding = check("my brother wishes a bus would hit him")
    assert (finding.level, finding.about) == (NONE, About.OTHER), finding


@pytest.mark.parametrize("text, expected", [
    # misspellings of the key words, as typed in long posts
    ("i want to comit suicide", ACUTE),
    ("i want to kill my slef", ACUTE),
    ("i want to end my lfie", ACUTE),
    ("i want to slit my wirsts", ACUTE),
    ("i want to jump of a bridge", ACUTE),
    ("i want to dye", ACUTE),
    # a method looked at with a wish to use it
    ("i keep looking at my dads gun thinking about it", ACUTE),
    # waking up wishing one had not, never meant to be here, no future one can picture
    ("every day i wake up wishing i didn't", POSSIBLE),
    ("i wish my mum never had me", POSSIBLE),
    ("i can't see myself making it to christmas", POSSIBLE),
    ("i was never meant to be here", POSSIBLE),
    ("i've lost the point of my life", POSSIBLE),
])
def test_round_6_posts(text, expected):
    assert level(text) is expected, check(text)


@pytest.mark.parametrize("text", [
    "i want to dye my hair",
    "i was never meant to be a lawyer",
    "i woke up wishing i hadn't eaten so much",
    "i can't picture myself getting married",
    "my self esteem is low at the moment",
])
def test_round_6_posts_leave_these(text):
    assert level(text) is NONE, check(text)


# -- round 6: whose it is, and when ---------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "back at school i used to think about killing myself, but i'm ok now",  # "back at school" is the past
    "back in uni i was suicidal, therapy helped a lot",
    "that chapter of my life is over, i'm not hopeless any more",
    "the film's about a man who wants to die",  # a story's own possessive
    "i could hear him purging in the bathroom",  # her/him just before the act: theirs
    "my little brother has been looking up suicide online",  # my + an adjective + a relative
    "my flatmate left me a goodbye letter and gave her things away",  # "me" given something is no subject
    "not that i feel unsafe, i'm just bored",  # "not that" denies even a clause with its own "i"
])
def test_round_6_context_leave_these(text):
    assert level(text) is NONE, check(text)


@pytest.mark.parametrize("text, expected", [
    ("my mum makes me want to die", ACUTE),  # "me" before a verb is its subject
    ("i told her i want to die", ACUTE),
    ("it's not that i want to die, i just want the pain to stop", POSSIBLE),
    ("no, i want to die", ACUTE),
])
def test_round_6_context_keeps_these(text, expected):
    assert level(text) is expected, check(text)


@pytest.mark.parametrize("text", [
    "been saving my tablets for the right time",  # means saved for a time
    "took three whole boxes of paracetamol",  # several whole packs at once
    "filled the syringe with the rest of it",
    "testing how long i can hang before it goes dark",
    "on ket and lost count of how many bumps",
    # tolerance lost: using again after time clean, at the old amount or feeling unwell
    "relapsed after 2 years sober, drank the same amount as before, room spinning",
])
def test_round_6_overdose_and_method(text):
    assert level(text) is ACUTE, check(text)


@pytest.mark.parametrize("text", [
    "saving it for the weekend",
    "on coke and feeling great lol",
    "years ago i took too many pills and was sick all night",  # the past, though a part of it has no time
    "tonight i'm not stopping till the sun comes up, best party ever",
])
def test_round_6_overdose_and_method_leave_these(text):
    assert level(text) is NONE, check(text)


@pytest.mark.parametrize("text", [
    "decided to end it tonight",  # chat leaves out the "I": the frame still reads it as the speaker's
    "tempted to just end it all",
    "close to ending it",
    "about to pull the trigger",
])
def test_round_6_frame_with_the_subject_left_out(text):
    assert level(text) is ACUTE, check(text)


def test_round_6_frame_with_the_subject_left_out_of_someone_else():
    finding = check("about my sister, she wants to kill herself")
    assert (finding.level, finding.about) == (NONE, About.OTHER), finding


@pytest.mark.parametrize("text", [
    "day 9 off the gear and i keep wanting to go back",
    "i keep imagining hurting myself but i haven't",
    "my stepbrother threatens me when mum isn't home",
    "drank three bottles of wine over the weekend",
    "on about 70 units a week",
    "doing coke on my own every night",
    "was on the bridge on saturday and thought about it but walked away",
    "haven't eaten anything but black coffee since monday",
    "they'd all be happier if i wasn't around",
    "if i got a terminal diagnosis i'd honestly be relieved",
    "the voices keep telling me i'm worthless",
    "my mate said i stopped breathing for a minute",  # "stopped" here denies nothing
    "i think about not being here sometimes",  # a second passive-wish frame: thinking of not being here
])
def test_round_6_possible_more(text):
    assert level(text) is POSSIBLE, check(text)


@pytest.mark.parametrize("text", [
    "my landlord threatened me with eviction",
    "i've been thinking about not being here next week because of the holiday",
    "i think about disappearing to a cabin in the woods",
    "drank two bottles of water at the gym",
])
def test_round_6_possible_more_leave_these(text):
    assert level(text) is NONE, check(text)


# -- the frame as data: read strictly like any phrase -------------------------------------------
FRAMED = """
context:
  negation: [not, never]
  someone: [she]
constructs:
  intent:
    level: acute
    says: intends to end their life
    told: you said you were going to end your life
    frame:
      between: [am, just]
      stance: ["going to", "ready to"]
      act: [kill, hang]
      object: [MYSELF]
      alone: ["end MY life"]
"""


def test_a_frame_reads_as_subject_stance_act_object(tmp_path):
    path = tmp_path / "crisis.yaml"
    path.write_text(FRAMED, encoding="utf-8")
    rules = CrisisRules.from_file(path)
    assert rules.check("I am just going to hang myself").level is ACUTE
    assert rules.check("I'm ready to end my life").level is ACUTE
    assert rules.check("I am not going to kill myself").level is NONE  # "not" is no stance
    assert rules.check("I am going to hang the picture").level is NONE  # the act needs its object
    other = rules.check("she is going to kill herself")
    assert (other.level, other.about) == (NONE, About.OTHER)


@pytest.mark.parametrize("old, new, expected", [
    ("      object: [MYSELF]\n", "", "has an `act` but no `object`"),
    ('      stance: ["going to", "ready to"]\n', "", "missing `stance`"),
    ("      between: [am, just]\n", "      between: [am, just]\n      verb: [x]\n", "verb"),
    ('"end MY life"', '"end (MY life"', "bracket"),
])
def test_a_frame_mistake_is_located(tmp_path, old, new, expected):
    path = tmp_path / "crisis.yaml"
    path.write_text(FRAMED.replace(old, new), encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_vocabulary(path)
    problems = [str(problem) for problem in caught.value.problems]
    assert any(expected in problem and "crisis.yaml:" in problem for problem in problems), problems


# -- round 7: concepts that combine by nearness, not by fixed phrases ----------------------
@pytest.mark.parametrize("text", [
    "dying is honestly all i want now",  # the wish after its object
    "being dead sounds so much better than this",
    "i'm so ready to just die",
    "tonight once everyone is asleep i'm going to finally end it",  # an intent, a time, words between
    "suicide is my plan now",
    "i have decided on suicide",
])
def test_round_7_a_wish_or_intent_near_an_ending(text):
    assert level(text) is ACUTE, check(text)


@pytest.mark.parametrize("text", [
    "i want to die my hair purple",
    "before i die i want to see japan",
    "i'm going to die of embarrassment",
    "my phone battery is about to die",
    "tonight i'm going to end my shift early",
    "if i have to sit through one more of these meetings i'll die lol",
    "im gonna die on this hill",
    "her dying wish was to see the sea",
    "i'm not going to kill myself tonight, i promise",
])
def test_round_7_a_wish_or_intent_near_an_ending_leave_these(text):
    assert level(text) is NONE, check(text)


@pytest.mark.parametrize("text", [
    "wishing i could just fade out",  # the stance a few words from its object
    "i'd happily not exist",
    "part of me wants to just stop existing",
    "i keep hoping i just won't wake up",
])
def test_round_7_a_passive_wish_far_from_its_object(text):
    assert level(text) is POSSIBLE, check(text)


@pytest.mark.parametrize("text", [
    "i want to disappear on holiday for a week",
    "wish i could vanish to a cabin for the weekend",
    "i hope i don't wake up late tomorrow",
    "gonna vanish for a few days, phone off",
    "i look long enough and the thoughts begin to disappear",
])
def test_round_7_a_passive_wish_leave_these(text):
    assert level(text) is NONE, check(text)


@pytest.mark.parametrize("text", [
    "made up my mind. sunday.",  # a plan told only as a decision and a date
    "the date is set, the 3rd of next month",
    "my mind is made up, this friday is the night",
    "two days left now. counting down.",
    "standing on the platform, the next train is mine",  # a place with a countdown
    "i'm at the bridge and i'm going over tonight",
])
def test_round_7_a_plan_told_as_a_date_or_a_countdown(text):
    assert level(text) is ACUTE, check(text)


@pytest.mark.parametrize("text", [
    "the plan is the 14th for the wedding",
    "counting down the days to christmas, 3 days left",
    "tonight's the night i finally tell my family i'm sober",
    "i'm so ready for this week to end",
    "decided on a new car, buying it soon",
])
def test_round_7_a_plan_leave_these(text):
    assert level(text) is NONE, check(text)


@pytest.mark.parametrize("text", [
    "i've kept the rope in the loft for months, tonight i'll use it",  # means simply kept, and a time
    "still have all the pills i saved, i'm going to take them tonight",
    "bath is running and the razor is next to it",  # means and a setting
    "got my nan's tablets next to me and the house is empty",
    "gave my cat to my sister for good, i wont need anything after sunday",  # preparations and a time
    "going to be with my husband again soon, i've got his tablets",
    "would 30 of my tablets be enough, i've got them next to me",  # an amount asked, the means at hand
])
def test_round_7_means_kept_with_a_time_or_a_setting(text):
    assert level(text) is ACUTE, check(text)


@pytest.mark.parametrize("text", [
    "i kept the rope from the camping trip in the shed",
    "i have to take my pills tonight before bed",
    "picked up my repeat prescription today, all sorted",
    "years ago i had the pills saved, that's all behind me",
    "ran the bath and got my book, best night in ages",
])
def test_round_7_means_leave_these(text):
    assert level(text) is NONE, check(text)


@pytest.mark.parametrize("text", [
    "keep getting intrusive thoughts about jumping off things and it scares me",
    "had to hide the pills from myself last night",
])
def test_round_7_a_thought_of_a_way_that_frightens(text):
    assert level(text) >= POSSIBLE, check(text)


def test_round_7_an_urge_later_in_the_clause_does_not_undo_an_act():
    assert level("i burned myself last night and i'm going to again tonight, the urge has not gone") is ACUTE
    assert level("the urge to cut myself was strong but i held ice instead") is not ACUTE  # resisted


@pytest.mark.parametrize("typed, read_as", [
    ("feeling sucidial again", "i am feeling suicidal again"),  # two letters off, the first kept
    ("i took the parcetamol", "i took the paracetamol"),
    ("the homeless shelter", "the homeless shelter"),  # a real word next to a key word stays itself
    ("it will subside", "it will subside"),
    ("he is overcoming it", "he is overcoming it"),
])
def test_round_7_misspellings_two_letters_off(typed, read_as):
    assert read(typed) == [read_as]


NEAR = """
words:
  die: [die]
context:
  negation: [not, never]
  someone: [she]
  someone_object: [her]
constructs:
  stance:
    level: cue
    phrases: ["want", "ready"]
  dying:
    level: cue
    phrases: ["=die", "be dead"]
  wish:
    level: acute
    says: wishes to be dead
    told: you wanted to die
    all: [stance, dying]
    near: 3
"""


def test_a_near_combination_joins_one_clause_in_any_order(tmp_path):
    path = tmp_path / "crisis.yaml"
    path.write_text(NEAR, encoding="utf-8")
    rules = CrisisRules.from_file(path)
    assert rules.check("I want to die").level is ACUTE
    assert rules.check("to die is what I want").level is ACUTE  # the other order
    assert rules.check("I want to go and see the sea before I die").level is NONE  # too far apart
    assert rules.check("I want it. I die.").level is NONE  # two clauses
    assert rules.check("I do not want to die").level is NONE  # a part denied takes no part
    assert rules.check("she wants to die").level is NONE  # someone else's


@pytest.mark.parametrize("old, new, expected", [
    ("    near: 3\n", "    near: 3\n    within: 1\n", "has both `near` and `within`"),
    ("    near: 3\n", "    near: many\n", "`near` of construct `wish` should be a number"),
    ("    near: 3\n", "    near: 40\n", "should be a whole number of words from 0 to 12"),
    ("    near: 3\n", "    near: 2.5\n", "should be a whole number of words from 0 to 12"),
    ('    phrases: ["=die", "be dead"]\n', '    phrases: ["=die", "be dead"]\n    near: 2\n', "has `near` but no `all`"),
    ("constructs:", "fuzzy_far: [suicide, kill]\nconstructs:", "`kill` in `fuzzy_far` should be one lower-case word of 7 letters"),
    ("constructs:", "fuzzy_far: [Suicidal]\nconstructs:", "`Suicidal` in `fuzzy_far` should be one lower-case word"),
    ("constructs:", "not_misspelt: [home less]\nconstructs:", "`home less` in `not_misspelt` should be one lower-case word"),
    ("constructs:", "not_mispelt: [homeless]\nconstructs:", "unknown key `not_mispelt` in the vocabulary: did you mean `not_misspelt`?"),
])
def test_a_near_or_fuzzy_mistake_is_located(tmp_path, old, new, expected):
    path = tmp_path / "crisis.yaml"
    assert old in NEAR
    path.write_text(NEAR.replace(old, new), encoding="utf-8")
    with pytest.raises(DialogueLoadError) as caught:
        read_vocabulary(path)
    problems = [str(problem) for problem in caught.value.problems]
    assert any(expected in problem and "crisis.yaml:" in problem for problem in problems), problems


def test_far_fuzzy_words_and_real_words_read_strictly(tmp_path):
    path = tmp_path / "crisis.yaml"
    path.write_text(NEAR.replace("constructs:", "fuzzy_far: [suicidal]\nnot_misspelt: [suicidel]\nconstructs:"),
                    encoding="utf-8")
    reader = CrisisRules.from_file(path).reader
    assert [c.tokens for c in reader.read("so sucidial")] == [("so", "suicidal")]
    assert [c.tokens for c in reader.read("so suicidel")] == [("so", "suicidel")]  # listed as a real word
    assert [c.tokens for c in reader.read("so ducidal")] == [("so", "ducidal")]  # the first letter must agree


# -- round 8: crisis told by acts ----------------------------------------------------------------
def test_a_negative_word_of_a_word_class_is_the_phrase_own():
    # `{fade}` holds "go to sleep and not": its "not" denies nothing, as when the phrase spells it out
    assert level("I just want to go to sleep and not deal with any of it") is POSSIBLE


@pytest.mark.parametrize("text, expected", [
    ("my uncle punched my little sister tonight and he is still here", ACUTE),  # someone else's violence, now
    ("she said she would drown us and she is home now", ACUTE),
    ("my ex came round with a hammer and says he will be back", ACUTE),
    ("the door is being kicked in and I am hiding under the bed, he is shouting", ACUTE),
    ("gave my dog to my neighbour for good and put a letter for mum in the drawer", ACUTE),  # two acts of handing on
    ("paid off the last bill, cancelled the papers, everything is sorted now", ACUTE),  # loose ends, and the end
    ("took a handful of something and I cannot feel my arms", ACUTE),  # something taken, and the body
    ("five days off the vodka and I had a fit this morning", ACUTE),  # withdrawal with a fit
])
def test_round_8_acts(text, expected):
    assert level(text) is expected, check(text)


@pytest.mark.parametrize("text", [
    "my dad beat me at darts tonight, he is still gloating",
    "my mum will kill me if I am late tonight",
    "sold the car and paid off the loan, debt free forever",
    "gave my old phone to my sister when I upgraded",
    "took the kids swimming and now I cannot breathe, I am so unfit",
    "my wife is coming home tonight with a new knife set for the kitchen",
    "day 3 of my diet and I am so hungry",
])
def test_round_8_acts_leave_these(text):
    assert level(text) is NONE, check(text)


@pytest.mark.parametrize("text, expected", [
    ("the 11:20 train tonight, I walked the route to the platform yesterday", ACUTE),  # a plan told as a time and a place
    ("the rope is tied to the loft beam", ACUTE),  # a ligature fixed to a point
    ("I bought something online that is meant to be painless, it comes on friday", ACUTE),  # a means got, painless
    ("ill do it when the house is empty", ACUTE),  # "it", at a time no one is there
    ("chewing the pills one by one now", ACUTE),  # an overdose going on
    ("already swallowed them, quit asking if I am ok", ACUTE),  # taken, and stop asking
    ("dunno if I want to be alive anymore", POSSIBLE),  # not wanting life, worded apart
    ("I cannot see much point in carrying on", POSSIBLE),  # no reason to go on
    ("sinking in the dark and there is no floor", POSSIBLE),  # entrapment as an image
    ("I keep thinking about not turning the wheel on the bend", POSSIBLE),  # a way thought of
])
def test_round_8_plans_means_and_wishes(text, expected):
    assert level(text) is expected, check(text)


@pytest.mark.parametrize("text", [
    "the 8:05 train was late again, I walked the last bit",
    "the new jab is meant to be painless, my appointment is on friday",
    "I will do it when I get home, the washing up is piling up",
    "taking my tablets one by one with water as the doctor said",
    "I don't want to live in this flat much longer, the damp is awful",
    "no point going in to work today, the office is shut",
    "stuck in traffic with no way out lol",
    "I keep thinking about the trains to Leeds for the trip",
])
def test_round_8_plans_means_and_wishes_leave_these(text):
    assert level(text) is NONE, check(text)


CLASS_ALONE = """
words:
  final: ["and any other {weekday}", "the last bill", "when they find me"]
  weekday: [monday, tuesday]
context:
  negation: [not]
constructs:
  final:
    level: possible
    says: a sign of the end
    told: you said it was the end
    phrases: ["{final}"]
"""


def test_a_phrase_that_is_one_word_class_is_tried_as_each_member(tmp_path):
    path = tmp_path / "crisis.yaml"
    path.write_text(CLASS_ALONE, encoding="utf-8")
    rules = CrisisRules.from_file(path)
    phrases = rules.vocabulary.constructs["final"].phrases
    assert [phrase.source for phrase in phrases] == ["and any other {weekday}", "the last bill", "when they find me"]
    # each member is anchored on its own words, not on the first words of them all ("and", "the", "when")
    first, second, third = (phrase.anchors for phrase in phrases)
    assert first and second and third and not (first & second or first & third or second & third)
    assert rules.check("I paid the last bill").level is POSSIBLE
    assert rules.check("not at group on monday and any other tuesday").level is NONE  # denied
    assert rules.check("see you at group and any other tuesday").level is POSSIBLE
    assert rules.check("and the bill is paid").level is NONE


def test_a_match_that_starts_a_new_part_of_the_clause_is_not_denied_before_it():
    # "not" denies "left alone"; "when they find me" starts a new part of the clause ("when" is a boundary)
    assert level("I rang the vet about the cat so she is not left alone when they find me") is ACUTE


@pytest.mark.parametrize("text, expected", [
    ("gonna jump, dont try and talk me down", ACUTE),
    ("been cutting all night and the bleeding will not stop", ACUTE),
    ("I am sat holding the tablets now", ACUTE),
    ("they did not know it was goodbye, my friends just thought it was a night out", ACUTE),
    ("got the gear and I'm not planning on waking up from this", ACUTE),
])
def test_round_8_acts_now(text, expected):
    assert level(text) is expected, check(text)
