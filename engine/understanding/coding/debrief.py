"""The debrief of a rehearsal: what a trainee's replies added up to, turn by turn.

``debrief(turns, practise)`` reads the turns a rehearsal dialogue kept (each a mapping with the
``reply`` a ``type: reply`` question gave, the client's ``openness`` ``before`` and after it, their
``state`` after it, and ``retried`` when the trainee took the reply back to try again) and gives
plain data for a summary template:

- ``rows``: every attempt, numbered by turn, with its codes, cues and what it did to the client;
- ``chart``: the client's openness turn by turn (the attempts kept);
- counts per code, and the MITI 4.2.1 summary scores: reflections to questions (``ratio``) and the
  share of reflections that are complex (``complex_share``), each with its band against the
  thresholds (fair 1:1 and 40%, good 2:1 and 50%);
- ``pitfalls``: where each happened (dictating, blaming others, encouraging avoidance,
  confronting, minimising, promising secrecy, a missed cue, premature advice);
- ``shown`` and ``missed``: the catalogue's strategies the replies showed, and those of
  ``practise`` they did not;
- ``safety``: after a disclosure, the steps of a safety response taken and not taken;
- ``suggestions``: two or three, each with an example rewording of the trainee's own line.

Every attempt counts in the figures (MITI codes what was said); the chart and the pitfalls that
need the conversation so far (premature advice) follow the attempts kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from engine.understanding.coding.rehearsal import STEPS, RehearsalVocabulary, bundled_rehearsal, without_speaker
from engine.understanding.reflect import reflect

THRESHOLDS = {"ratio": {"fair": 1.0, "good": 2.0}, "complex_share": {"fair": 40.0, "good": 50.0}}
CODES = ("open_question", "closed_question", "simple_reflection", "complex_reflection", "affirmation", "autonomy",
         "collaboration", "information", "advice_with_permission", "advice_without_permission",
         "confront_or_blame", "other")
MOST_SUGGESTIONS, FEWEST_SUGGESTIONS = 3, 2

_ADVICE_LEAD = re.compile(
    r"^\s*(?:(?:so|well|ok|okay|look|honestly|maybe|perhaps|i think|i reckon|and|but)[,\s]+)*"
    r"(?:you\s+(?:really\s+|just\s+|definitely\s+|probably\s+|seriously\s+)?"
    r"(?:should|need\s+to|have\s+to|must|ought\s+to|have\s+got\s+to|'ve\s+got\s+to|got\s+to|had\s+better|better)"
    r"|you\s+could\s+(?:always\s+|just\s+)?|just|try\s+to|try\s+and|why\s+don'?t\s+you|why\s+not"
    r"|if\s+i\s+(?:were|was)\s+you,?\s+i'?d|i\s+would|have\s+you\s+(?=tried\b))\s+", re.IGNORECASE)
_CLOSED = [
    (re.compile(r"^(?:so |and |but |ok )*(?:do|does) you (.+)$"), "open_do"),
    (re.compile(r"^(?:so |and |but |ok )*did you (.+)$"), "open_did"),
    (re.compile(r"^(?:so |and |but |ok )*(?:can|could|would|will) you (.+)$"), "open_could"),
    (re.compile(r"^(?:so |and |but |ok )*(?:are|were) you (\w+ .+)$"), "open_are"),
]


def band(value: float | None, kind: str) -> str:
    """``good``, ``fair`` or ``below fair`` against the MITI threshold of ``kind``; ``none`` with no value."""
    if value is None:
        return "none"
    limits = THRESHOLDS[kind]
    return "good" if value >= limits["good"] else "fair" if value >= limits["fair"] else "below fair"


def _number(value: Any, default: float = 0) -> float:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _hits(reply: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [h for h in reply.get("hits") or [] if isinstance(h, dict)]


def debrief(turns: Any, practise: Iterable[str] | None = None,
            vocabulary: RehearsalVocabulary | None = None) -> dict[str, Any]:
    vocabulary = vocabulary or bundled_rehearsal()
    attempts = [t for t in (turns or []) if isinstance(t, Mapping) and isinstance(t.get("reply"), Mapping)]
    rows: list[dict[str, Any]] = []
    number = 0
    for attempt in attempts:
        reply = attempt["reply"]
        retried = bool(attempt.get("retried"))
        before, after = _number(attempt.get("before")), _number(attempt.get("openness"))
        if not retried:
            number += 1
        change = "opened" if after > before else "closed" if after < before else "same"
        rows.append({"turn": number + (1 if retried else 0), "line": reply.get("line", ""),
                     "said": reply.get("text", ""),
                     "codes": list(reply.get("codes") or []), "main": reply.get("main", ""),
                     "words": dict(reply.get("words") or {}), "cues": list(reply.get("cues") or []),
                     "missed": list(reply.get("missed") or []), "before": before, "openness": after,
                     "state": attempt.get("state", ""), "retried": retried, "change": change,
                     "reply": reply})
    counts = {code: 0 for code in CODES}
    for row in rows:
        for hit in _hits(row["reply"]):
            if hit.get("code") in counts:
                counts[hit["code"]] += 1
    reflections = counts["simple_reflection"] + counts["complex_reflection"]
    questions = counts["open_question"] + counts["closed_question"]
    ratio = reflections / questions if questions else (float(reflections) if reflections else None)
    share = 100.0 * counts["complex_reflection"] / reflections if reflections else None
    kept = [row for row in rows if not row["retried"]]
    pitfalls = _pitfalls(rows)
    shown, missed = _strategies(rows, list(practise or []))
    result: dict[str, Any] = {
        "rows": rows,
        "turns": len(kept),
        "attempts": len(rows),
        "retried": sum(row["retried"] for row in rows),
        "chart": ([{"turn": 0, "openness": kept[0]["before"], "state": "start"}] if kept else [])
        + [{"turn": row["turn"], "openness": row["openness"], "state": row["state"], "change": row["change"]}
           for row in kept],
        "ending": kept[-1]["state"] if kept else "",
        "counts": counts,
        "reflections": reflections,
        "questions": questions,
        "ratio": round(ratio, 2) if ratio is not None else None,
        "ratio_text": _ratio_text(reflections, questions),
        "ratio_band": band(ratio, "ratio") if questions or reflections else "none",
        "complex_share": round(share) if share is not None else None,
        "complex_band": band(share, "complex_share"),
        "thresholds": THRESHOLDS,
        "opened_by": [row["turn"] for row in kept if row["change"] == "opened"],
        "closed_by": [row["turn"] for row in kept if row["change"] == "closed"],
        "pitfalls": pitfalls,
        "shown": shown,
        "missed": missed,
        "safety": _safety(kept, vocabulary),
    }
    result["suggestions"] = _suggestions(rows, result, vocabulary)
    return result


def _ratio_text(reflections: int, questions: int) -> str:
    if not questions:
        return f"{reflections}:0"
    return f"{reflections / questions:.1f}:1"


def _pitfalls(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each pitfall with the turn, the client's line and the reply where it happened."""
    found: list[dict[str, Any]] = []
    reflected = False  # has a reply kept so far reflected the client's concern?
    for row in rows:
        reply = row["reply"]
        place = {"turn": row["turn"], "line": row["line"], "said": row["said"], "retried": row["retried"]}
        for pitfall in reply.get("pitfalls") or []:
            found.append({"id": pitfall.get("id"), "words": pitfall.get("words", ""), **place})
        if "confront_or_blame" in row["codes"]:
            found.append({"id": "confronting", "words": row["words"].get("confront_or_blame", ""), **place})
        for cue in row["missed"]:
            found.append({"id": "missed_cue", "words": cue.get("words", ""), "kind": cue.get("kind", ""), **place})
        hits = _hits(reply)
        advice = [h["act"] for h in hits if h.get("code") in ("advice_with_permission", "advice_without_permission")]
        reflection = [h["act"] for h in hits if h.get("code") in ("simple_reflection", "complex_reflection")]
        if advice and not reflected and not (reflection and min(reflection) < min(advice)):
            words = next((h["words"] for h in hits if h["act"] == min(advice)), "")
            found.append({"id": "premature_advice", "words": words, **place})
        if reflection and not row["retried"]:
            reflected = True
    return found


def _strategies(rows: Sequence[dict[str, Any]], practise: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    shown: dict[str, dict[str, Any]] = {}
    for row in rows:
        for show in row["reply"].get("shows") or []:
            if show.get("id") and show["id"] not in shown:
                shown[show["id"]] = {"id": show["id"], "turn": row["turn"], "words": show.get("words", ""),
                                     "practised": show["id"] in practise}
    return list(shown.values()), [s for s in practise if s not in shown]


def _safety(kept: Sequence[dict[str, Any]], vocabulary: RehearsalVocabulary) -> dict[str, Any] | None:
    """After the first line that disclosed thoughts of suicide or self-harm: the steps taken."""
    start = next((i for i, row in enumerate(kept) if any(c.get("kind") == "disclosure" for c in row["cues"])), None)
    if start is None:
        return None
    taken: dict[str, dict[str, Any]] = {}
    for row in kept[start:]:
        for step in row["reply"].get("steps") or []:
            if step.get("id") in STEPS and step["id"] not in taken:
                taken[step["id"]] = {"id": step["id"], "turn": row["turn"], "words": step.get("words", ""),
                                     "says": vocabulary.steps[step["id"]].says}
    return {"disclosed": kept[start]["turn"], "line": kept[start]["line"],
            "taken": [taken[s] for s in STEPS if s in taken],
            "missing": [{"id": s, "says": vocabulary.steps[s].says} for s in STEPS if s not in taken]}


# -- suggestions ------------------------------------------------------------------------------------
def _suggestions(rows: Sequence[dict[str, Any]], found: dict[str, Any],
                 vocabulary: RehearsalVocabulary) -> list[dict[str, Any]]:
    words = vocabulary.rewordings
    made: list[dict[str, Any]] = []

    def add(kind: str, row: dict[str, Any], better: str) -> None:
        if len(made) < MOST_SUGGESTIONS and not any(s["kind"] == kind for s in made) and better:
            made.append({"kind": kind, "turn": row["turn"], "line": row["line"], "said": row["said"], "better": better})

    pitfalls = found["pitfalls"]
    by_id = {p["id"]: p for p in reversed(pitfalls)}  # the first of each
    safety = found["safety"]
    if safety and any(step["id"] == "ask_directly" for step in safety["missing"]):
        row = next(r for r in rows if r["turn"] >= safety["disclosed"])
        add("safety", row, words["safety"])
    for pitfall in ("dictating_actions", "missed_cue", "premature_advice", "confronting", "blaming_others",
                    "encouraging_avoidance", "minimising"):
        if pitfall not in by_id:
            continue
        hit = by_id[pitfall]
        row = next(r for r in rows if r["turn"] == hit["turn"] and r["said"] == hit["said"])
        if pitfall == "dictating_actions":
            add("advice", row, words["advice"].format(advice=_as_offer(row["said"])))
        elif pitfall == "missed_cue":
            cue = next((c for c in row["missed"] if c.get("words") == hit["words"]), row["missed"][0])
            if cue.get("kind") != "disclosure":
                add("reflect", row, words["reflect"].format(reflected=_reflected(cue.get("sentence") or row["line"])))
        elif pitfall == "premature_advice":
            add("reflect_first", row, words["reflect_first"].format(reflected=_reflected(_first_sentence(row["line"]))))
        else:
            add("reflect", row, words["instead_of_blame"].format(reflected=_reflected(_first_sentence(row["line"]))))
    closed = next((r for r in rows if r["reply"].get("closed_only")), None)
    if closed is not None:
        add("open", closed, _opened(closed["reply"], words))
    if found["complex_band"] != "good":
        simple = next((r for r in rows if "simple_reflection" in r["codes"] and "complex_reflection" not in r["codes"]),
                      None)
        if simple is not None:
            add("deepen", simple, words["deepen"].format(said=_unstopped(simple["said"])))
    if len(made) < FEWEST_SUGGESTIONS:
        best = sorted((r for r in rows if not r["retried"] and r["reply"].get("opens")),
                      key=lambda r: (-_number(r["reply"].get("opens")), r["turn"]))
        for row in best[:FEWEST_SUGGESTIONS - len(made)]:
            made.append({"kind": "keep", "turn": row["turn"], "line": row["line"], "said": row["said"],
                         "better": words["keep"].format(said=row["said"])})
    return made


def _unstopped(text: str) -> str:
    return text.strip().rstrip(".!?").strip()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_ASKED_ADVICE = re.compile(
    r"^(?:so |and |but )*(?:have|did) you (?:ever )?(?:tried|thought about|considered|thought of) ", re.IGNORECASE)


def _as_offer(said: str) -> str:
    """Advice said as an offer: "you should ring them" -> "You could ring them", "have you tried
    a walk?" -> "You could try a walk"."""
    text = _unstopped(said)
    asked = _ASKED_ADVICE.match(text)
    if asked:
        verb = "try " if "tried" in asked.group(0).lower() else "think about "
        return "You could " + verb + text[asked.end():]
    rest = _ADVICE_LEAD.sub("", text, count=1)
    return "You could " + rest[:1].lower() + rest[1:] if rest else _capital(text)


def _first_sentence(line: str) -> str:
    return re.split(r"(?<=[.!?])\s+", without_speaker(line), maxsplit=1)[0]


# A sentence that says who or what it is about can be said back as it is; a fragment ("Lost the
# job, not sleeping.") cannot.
_STATEMENT = re.compile(r"(?i)^\W*(?:i|i'm|im|i've|i'd|i'll|my|me|we|it|it's|its|there|things|life|everything|nothing|"
                        r"nobody|no one|everyone|someone|the|they|he|she|when|if|sometimes|some|honestly|maybe)\b")


def _reflected(sentence: str) -> str:
    """The client's sentence said back: "I'm sick of waiting." -> "you're sick of waiting"; a
    fragment is not ("that's been really hard")."""
    if not _STATEMENT.match(sentence):
        return "that's been really hard"
    said = _unstopped(reflect(sentence))
    return said if said.startswith("I ") else said[:1].lower() + said[1:]


def _opened(reply: Mapping[str, Any], words: Mapping[str, str]) -> str:
    """A closed question asked as an open one, by the words it starts with."""
    acts = reply.get("acts") or []
    hit = next((h for h in _hits(reply) if h.get("code") == "closed_question"), None)
    asked = acts[hit["act"]] if hit is not None and hit.get("act", 0) < len(acts) else _unstopped(reply.get("text", ""))
    asked = _unstopped(str(asked).lower())
    for pattern, key in _CLOSED:
        match = pattern.match(asked)
        if match:
            return words[key].format(rest=match.group(1))
    return words["open_other"]
