"""Simple versus complex reflections (issue 17), on sentences written for these tests (none from
the shared data): a reflection that says back the client's content in the same or near words is
simple, even when the words it uses are small ones ("and still", "down") or the client's own
way of putting it; one that adds a feeling, a value, the other side or a metaphor the client
did not use is complex."""

from __future__ import annotations

import pytest

from engine.understanding.coding import Code, code_reply

SIMPLE, COMPLEX = Code.SIMPLE_REFLECTION, Code.COMPLEX_REFLECTION


def depth(reply: str, client: str) -> Code | None:
    return next((code for code in code_reply(reply, client).codes if code in (SIMPLE, COMPLEX)), None)


# -- the client's own small words said back ------------------------------------------------------
@pytest.mark.parametrize("reply, client", [
    ("you walk the dog every day and still feel flat", "i walk the dog every day and i still feel flat"),
    ("when you are settled in the new flat, then", "i'll sort the forms out when i'm settled in the new flat"),
    ("winding people up is what you reckon you do best", "all i ever do is wind people up"),
    ("so you keep turning them down", "they offer me shifts and i keep turning them down"),
])
def test_the_clients_own_small_words_are_said_back(reply: str, client: str) -> None:
    assert depth(reply, client) is SIMPLE


@pytest.mark.parametrize("reply, client", [
    ("you walk the dog every day and still feel flat", "i walk the dog every day, it doesn't help"),
    ("so you keep turning them down and it weighs on you", "they offer me shifts and i keep turning them down"),
    ("it's discouraging to do all that and still be short", "i do all the overtime and i'm still short every month"),
    ("you sound really down about the shifts", "they offer me shifts and i keep turning them down"),
])
def test_small_words_the_client_did_not_use_or_a_feeling_beside_them_still_add(reply: str, client: str) -> None:
    assert depth(reply, client) is COMPLEX


# -- near words: what the client said in other words from the same family -------------------------
@pytest.mark.parametrize("reply, client", [
    ("so the move is on hold until the deposit comes back", "till i get my deposit back i can't move"),
    ("you want to be fit again", "my goal is getting fit again"),
    ("so you want your mates to be able to rely on you", "i want my mates to be able to count on me"),
    ("you've been shy for a long time", "i've always been shy"),
    ("so he's waiting for you to slip up", "my manager wants me to fail"),
    ("you keep ringing them over and over", "i keep ringing them and nobody picks up"),
    ("the drink was the one thing that calmed you", "the only thing that ever calmed me was a drink"),
])
def test_near_words_from_the_clients_own_family_are_simple(reply: str, client: str) -> None:
    assert depth(reply, client) is SIMPLE


@pytest.mark.parametrize("reply, client", [
    ("so your whole life is on hold", "my knee is bad so i stay in most days"),
    ("you want to be fit again", "i've started walking to the shops"),
    ("you've been shy for a long time", "i get shy at the group"),
    ("being shy so long has become part of how you see yourself", "i've always been shy"),
])
def test_the_same_words_without_the_clients_family_still_add(reply: str, client: str) -> None:
    assert depth(reply, client) is COMPLEX


# -- what the client asks of the trainee, said back as their want --------------------------------
@pytest.mark.parametrize("reply, client", [
    ("you'd like me to sort out the rota for you", "can you just sort the rota out"),
    ("you'd like me to take charge of it", "can you just sort it for me"),
    ("you'd rather i did the phoning", "can you ring them for me"),
    ("so you're expecting us to come up with the answers", "you lot are paid to fix this, what are you going to do"),
])
def test_what_the_client_asks_of_the_trainee_said_back_is_simple(reply: str, client: str) -> None:
    assert depth(reply, client) is SIMPLE


@pytest.mark.parametrize("reply, client", [
    ("you'd like me to sort out the rota for you", "the rota at work is a mess again"),
    ("you'd like someone to sort it out for once", "can you just sort the rota out"),
    ("you'd like someone else to take the wheel for a while", "you pick, i can't choose"),
    ("you want me to decide because the choice scares you", "you pick, i can't choose"),
])
def test_a_want_the_client_did_not_ask_or_one_widened_still_adds(reply: str, client: str) -> None:
    assert depth(reply, client) is COMPLEX


# -- hedges, and reflections in speech -----------------------------------------------------------
@pytest.mark.parametrize("reply, client", [
    ("maybe you're not ready to ring them yet", "i'm not ready to ring them"),
    ("so you probably won't go back to the group", "i won't go back to the group"),
    ("perhaps you're done with the group then", "i'm done with the group"),
])
def test_a_hedge_alone_adds_nothing(reply: str, client: str) -> None:
    assert depth(reply, client) is SIMPLE


@pytest.mark.parametrize("reply, client", [
    ("maybe part of you is scared of what they'll say", "i'm not ready to ring them"),
    ("you might be worn out from all of it", "i've been doing double shifts"),
    ("that must be hard", "the group isn't for me"),
])
def test_a_hedge_beside_what_adds_stays_complex(reply: str, client: str) -> None:
    assert depth(reply, client) is COMPLEX


def spoken_depth(reply: str, client: str) -> Code | None:
    return next((code for code in code_reply(reply, client, spoken=True).codes if code in (SIMPLE, COMPLEX)), None)


def test_in_speech_a_paraphrase_needs_more_new_words_to_add() -> None:
    client = "Once it gets dark I just start drinking."
    assert depth("so evenings are the tricky bit", client) is COMPLEX  # typed: two new words of two
    assert spoken_depth("So evenings are the tricky bit.", client) is SIMPLE
    assert spoken_depth("So the long evenings on your own have turned into a danger zone.", client) is COMPLEX


# -- feelings named in other ways: missing, loving, feeling strong, too much, not fair -----------
@pytest.mark.parametrize("reply, client", [
    ("you miss your brother", "i want to patch things up with my brother"),
    ("you used to love cooking", "i used to be decent at cooking, years back"),
    ("you want to feel strong again", "i want to get back to the gym"),
    ("it all feels like too much right now", "there's the rent, the court date and the kids"),
    ("you got moved to nights without asking and it's not fair", "they moved me to nights without asking"),
    ("you see yourself as the odd one out at work", "everyone at work gets on except me"),
])
def test_a_feeling_named_in_other_ways_adds(reply: str, client: str) -> None:
    assert depth(reply, client) is COMPLEX


@pytest.mark.parametrize("reply, client", [
    ("you missed the bus again", "i missed the bus again this morning"),
    ("you miss your brother", "i really miss my brother"),
    ("it was too much for you", "it was all too much for me"),
    ("you want to see the world move first, which makes sense", "i'll move when the world moves first"),
])
def test_the_same_words_said_back_or_a_plain_sense_stay_simple(reply: str, client: str) -> None:
    assert depth(reply, client) is SIMPLE


# -- more feelings, metaphors and meanings; feeling words that name none before "to" -------------
@pytest.mark.parametrize("reply, client", [
    ("that really shook you up", "the police came round about my brother last night"),
    ("being passed over still stings", "they passed me over for the promotion"),
    ("sounds like you're grieving the pub quiz", "i don't go to the pub quiz any more"),
    ("it's like running on the spot with the course", "three months of the course and nothing's changed"),
    ("your daughter is the reason behind all of it", "i want a flat and a job for my daughter"),
])
def test_more_feelings_metaphors_and_meanings_add(reply: str, client: str) -> None:
    assert depth(reply, client) is COMPLEX


@pytest.mark.parametrize("reply, client", [
    ("so it's all down to the council the way you see it", "it's not up to me, the council decide"),
    ("you're happy to go with whatever the group picks", "whatever the group wants, i don't mind"),
])
def test_down_to_and_happy_to_name_no_feeling(reply: str, client: str) -> None:
    assert depth(reply, client) is SIMPLE


@pytest.mark.parametrize("reply, client", [
    ("you sound really down about the council", "it's not up to me, the council decide"),
    ("you're happy with whatever the group picks", "whatever the group wants, i don't mind"),
])
def test_down_and_happy_as_feelings_still_add(reply: str, client: str) -> None:
    assert depth(reply, client) is COMPLEX


# -- a strength named ------------------------------------------------------------------------------
@pytest.mark.parametrize("reply, client", [
    ("keeping at things is something you're good at", "i'm good with the allotment"),
    ("you've got a real knack for calming people down", "my mates always ring me when they're in a state"),
    ("so you're good at fixing things", "i sorted my neighbour's bike last week"),
])
def test_a_strength_named_in_other_words_than_the_clients_adds(reply: str, client: str) -> None:
    coded = code_reply(reply, client)
    assert depth(reply, client) is COMPLEX, coded


@pytest.mark.parametrize("reply, client", [
    ("you're good with the allotment", "i'm good with the allotment"),
    ("you're good at growing the veg on the allotment", "i'm good with the veg on the allotment"),
    ("letting people down is all you reckon you're good at", "my only skill is letting people down"),
])
def test_the_clients_own_strength_said_back_stays_simple(reply: str, client: str) -> None:
    assert depth(reply, client) is SIMPLE


# -- "down" as a doing, not a feeling ----------------------------------------------------------------
@pytest.mark.parametrize("reply, client", [
    ("you've cut down a bit", "i've been cutting down this week"),
    ("so you want to slow down at weekends", "i want to drink less at weekends"),
    ("you wrote it down every night", "i kept a note every night"),
])
def test_down_after_a_verb_of_doing_names_no_feeling(reply: str, client: str) -> None:
    assert depth(reply, client) is SIMPLE


@pytest.mark.parametrize("reply, client", [
    ("you've been feeling down since the job started", "i've had fewer this week than last"),
    ("it gets you down, the weekends", "i want to drink less at weekends"),
])
def test_down_as_low_still_adds_the_feeling(reply: str, client: str) -> None:
    assert depth(reply, client) is COMPLEX


# -- what the client wants, said back as mattering to them --------------------------------------------
@pytest.mark.parametrize("reply, client", [
    ("being settled really matters to you", "all i want is to feel settled somewhere"),
    ("staying sober is important to you", "my goal is staying sober this time"),
])
def test_the_clients_wanted_state_said_back_as_mattering_stays_simple(reply: str, client: str) -> None:
    assert depth(reply, client) is SIMPLE


@pytest.mark.parametrize("reply, client", [
    ("your kids mean a lot to you", "i want to sort things out with my kids"),
    ("being settled really matters to you", "i moved flats three times this year"),
    ("being a good dad is important to you", "my goal is staying sober this time"),
])
def test_mattering_the_client_did_not_say_still_adds(reply: str, client: str) -> None:
    assert depth(reply, client) is COMPLEX


# -- who the client is, said of them ----------------------------------------------------------------
@pytest.mark.parametrize("reply, client", [
    ("So you're an independent sort of guy.", "I sorted the flat out on my own."),
    ("You're a private kind of person.", "I don't really tell people stuff."),
    ("It's like your own little corner of the day.", "Yeah. Mine."),
])
def test_in_speech_saying_who_the_client_is_or_a_likeness_adds(reply: str, client: str) -> None:
    codes = code_reply(reply, client, spoken=True).codes
    assert COMPLEX in codes and SIMPLE not in codes


@pytest.mark.parametrize("reply, client", [
    ("you're the one who sorted the flat out", "i sorted the flat out on my own"),
    ("you're a person who hates letting people down", "i'm the kind of person who hates letting people down"),
])
def test_the_clients_own_account_of_themselves_said_back_stays_simple(reply: str, client: str) -> None:
    assert depth(reply, client) is SIMPLE
