"""Measuring the reply coder (``peercoach eval coder FILE``) on either of two kinds of file:

- counsellor utterances in AnnoMI's CSV formats: ``annomi-simple.csv`` (one row per utterance,
  ``main_therapist_behaviour``) or ``annomi-full.csv`` (one row per annotator, with
  ``question_subtype`` and ``reflection_subtype`` too), its ``therapist_input`` reported as
  ``input``, as in the replies. Each counsellor utterance is coded, in the coder's spoken mode,
  against the client's last few lines before it in the same transcript; in the full format every
  annotator's row is an item;
- typed trainee replies in the TSV format of ``shared/data/rehearsal/replies-dev.tsv``
  (``main``, ``codes``, ``client``, ``reply``): the main behaviour and every code.

The main behaviour is reported per class with macro-F1 and accuracy; the open/closed and the
simple/complex accuracies are taken over the items labelled with a subtype that the coder also
codes as a question (or a reflection), so that they measure the subtype, not the finding of the
question, which the main behaviour's figures already measure (how many items they cover is in the
JSON as ``question_subtype_items`` and ``..._coverage``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.evaluation.measure import DataError, Evaluation, MultiLabelReport, Report, read_csv, read_tsv
from engine.understanding.coding import Code, Coded, code_reply
from engine.understanding.coding.coder import QUESTIONS, REFLECTIONS

MAIN = ["question", "reflection", "input", "other"]
ANNOMI_MAIN = {"question": "question", "reflection": "reflection", "therapist_input": "input", "other": "other"}
CODES = [code.value for code in Code]
REPLY_COLUMNS = ["main", "codes", "client", "reply"]
ANNOMI_COLUMNS = ["interlocutor", "utterance_text", "main_therapist_behaviour"]
SUBTYPE_COLUMNS = ["question_subtype", "reflection_subtype"]
# A counsellor's turn is coded against the client's last few lines (a reflection may gather several).
CLIENT_TURNS = 2
_SUBTYPE = {Code.OPEN_QUESTION: "open", Code.CLOSED_QUESTION: "closed",
            Code.SIMPLE_REFLECTION: "simple", Code.COMPLEX_REFLECTION: "complex"}


class CodeReport(MultiLabelReport):
    """The per-code figures: a MultiLabelReport whose table is wide enough for the codes' names."""

    heading = "code"

    def width(self) -> int:
        return max(len(label) for label in self.labels)


@dataclass
class CoderEvaluation(Evaluation):
    """The main behaviour's report at the top of the JSON, the subtypes' accuracies and the codes beside it."""

    labelled: int = 0  # items labelled with a question subtype
    labelled_reflections: int = 0

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = self.reports["main"].to_dict()
        for kind, labelled in (("question", self.labelled), ("reflection", self.labelled_reflections)):
            report = self.reports.get(f"{kind}_subtype")
            if isinstance(report, Report):
                result[f"{kind}_subtype_accuracy"] = report.accuracy
                result[f"{kind}_subtype_items"] = len(report.gold)
                result[f"{kind}_subtype_coverage"] = len(report.gold) / labelled if labelled else 0.0
        codes = self.reports.get("codes")
        if isinstance(codes, MultiLabelReport):
            result["codes"] = {label: codes.per_class(label) for label in codes.labels}
            result["codes_micro_f1"] = codes.micro_f1
            result["codes_macro_f1"] = codes.macro_f1
        return result


def coder(path: Path) -> CoderEvaluation:
    """The reply coder measured on ``path``: an AnnoMI CSV (simple or full) or a replies TSV."""
    header = _header(path)
    if "\t" in header:  # a TSV: its missing columns are named by read_tsv
        return replies(path)
    if "," in header:
        return annomi(path)
    raise DataError(f"{path}: neither a replies TSV (columns {', '.join(REPLY_COLUMNS)}) nor an AnnoMI CSV "
                    f"(columns {', '.join(ANNOMI_COLUMNS)})")


def _header(path: Path) -> str:
    """The first line of the file, to tell its format."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as stream:
            return stream.readline()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path} is not UTF-8 text: {exc.reason}") from None


def _explained(coded: Coded) -> str:
    return "; ".join(f"{hit.code.value} <- {hit.words!r}" for hit in coded.hits)


def _first(codes: tuple[Code, ...] | list[Code], kinds: tuple[Code, ...]) -> str | None:
    return next((_SUBTYPE[code] for code in codes if code in kinds), None)


def _utterance_subtype(codes: tuple[Code, ...], kinds: tuple[Code, ...]) -> str | None:
    """An AnnoMI utterance's subtype: open (complex) if any of its questions (reflections) is."""
    found = [_SUBTYPE[code] for code in codes if code in kinds]
    if not found:
        return None
    return "open" if "open" in found else "complex" if "complex" in found else found[0]


def replies(path: Path) -> CoderEvaluation:
    """Typed trainee replies, each labelled with its main behaviour and its codes in order."""
    main = Report(list(MAIN))
    codes = CodeReport(list(CODES))
    questions, reflections = Report(["open", "closed"]), Report(["simple", "complex"])
    labelled = [0, 0]
    for line, row in enumerate(read_tsv(path, REPLY_COLUMNS), start=2):
        gold_main = (row["main"] or "").strip()
        if gold_main not in MAIN:
            raise DataError(f"{path}:{line}: unknown main behaviour `{gold_main}` (expected {', '.join(MAIN)})")
        names = [name for name in (row["codes"] or "").strip().split(",") if name]
        unknown = [name for name in names if name not in CODES]
        if unknown or not names:
            raise DataError(f"{path}:{line}: unknown code `{unknown[0] if unknown else ''}` "
                            f"(expected one or more of {', '.join(CODES)}, comma-separated)")
        gold = [Code(name) for name in names]
        reply = row["reply"] or ""
        coded = code_reply(reply, row["client"] or "")
        main.add(gold_main, coded.main, reply, _explained(coded))
        codes.add(frozenset(names), frozenset(code.value for code in coded.codes), reply)
        for index, (kinds, report) in enumerate(((QUESTIONS, questions), (REFLECTIONS, reflections))):
            wanted, found = _first(gold, kinds), _first(coded.codes, kinds)
            labelled[index] += wanted is not None
            if wanted is not None and found is not None:
                report.add(wanted, found, reply, _explained(coded))
    return CoderEvaluation({"main": main, "question_subtype": questions, "reflection_subtype": reflections,
                            "codes": codes}, labelled=labelled[0], labelled_reflections=labelled[1])


def annomi(path: Path) -> CoderEvaluation:
    """Counsellor utterances of an AnnoMI CSV, each coded against the client's line before it."""
    rows = read_csv(path, ANNOMI_COLUMNS)
    full = bool(rows) and all(column in rows[0] for column in SUBTYPE_COLUMNS)
    main = Report(list(MAIN))
    questions, reflections = Report(["open", "closed"]), Report(["simple", "complex"])
    labelled = [0, 0]
    client: dict[str, list[tuple[str, str]]] = {}  # transcript -> the client's lines so far (id, text)
    seen: dict[tuple[str, str, str], Coded] = {}  # one coding per utterance, however many annotators
    for line, row in enumerate(rows, start=2):
        transcript, text = row.get("transcript_id") or "", row["utterance_text"] or ""
        if (row["interlocutor"] or "").strip() != "therapist":
            said = client.setdefault(transcript, [])
            utterance = row.get("utterance_id") or str(line)
            if not said or said[-1][0] != utterance:  # the full format repeats a line once per annotator
                said.append((utterance, text))
            continue
        gold = (row["main_therapist_behaviour"] or "").strip()
        if gold not in ANNOMI_MAIN:
            raise DataError(f"{path}:{line}: unknown main_therapist_behaviour `{gold}` "
                            f"(expected {', '.join(ANNOMI_MAIN)})")
        key = (transcript, row.get("utterance_id") or str(line), text)
        coded = seen.get(key)
        if coded is None:
            recent = " ".join(said for _, said in client.get(transcript, [])[-CLIENT_TURNS:])
            coded = seen[key] = code_reply(text, recent, spoken=True)
        main.add(ANNOMI_MAIN[gold], coded.main, text, _explained(coded))
        if not full:
            continue
        for index, (column, kinds, report) in enumerate((("question_subtype", QUESTIONS, questions),
                                                          ("reflection_subtype", REFLECTIONS, reflections))):
            wanted, found = (row.get(column) or "").strip(), _utterance_subtype(coded.codes, kinds)
            if wanted in report.labels:
                labelled[index] += 1
                if found is not None:
                    report.add(wanted, found, text, _explained(coded))
    reports: dict[str, Report | MultiLabelReport] = {"main": main}
    if full:
        reports |= {"question_subtype": questions, "reflection_subtype": reflections}
    return CoderEvaluation(reports, labelled=labelled[0], labelled_reflections=labelled[1])

