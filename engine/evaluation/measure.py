"""Measuring rules against labelled data: per-class precision, recall and F1, macro-F1,
accuracy and a confusion matrix, printed for people or as JSON for machines."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.ground.errors import PeercoachError
from engine.safety import Level, check
from engine.understanding import goals, talk
from engine.understanding.listening import Feeling, Topic, listen


class DataError(PeercoachError):
    """An evaluation file that cannot be read as the expected format."""


@dataclass
class Report:
    labels: list[str]
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. the rule that fired, for each item

    def add(self, gold: str, predicted: str, text: str = "", note: str = "") -> None:
        self.gold.append(gold)
        self.predicted.append(predicted)
        self.texts.append(text)
        self.notes.append(note)

    def count(self, gold: str, predicted: str) -> int:
        return sum(1 for g, p in zip(self.gold, self.predicted, strict=True) if g == gold and p == predicted)

    def per_class(self, label: str) -> dict[str, Any]:
        true_positive = self.count(label, label)
        predicted = sum(1 for p in self.predicted if p == label)
        support = sum(1 for g in self.gold if g == label)
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "support": support}

    @property
    def accuracy(self) -> float:
        right = sum(1 for g, p in zip(self.gold, self.predicted, strict=True) if g == p)
        return right / len(self.gold) if self.gold else 0.0

    @property
    def macro_f1(self) -> float:
        return float(sum(self.per_class(label)["f1"] for label in self.labels)) / len(self.labels)

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": self.accuracy, "macro_f1": self.macro_f1,
                "classes": {label: self.per_class(label) for label in self.labels}}

    def misses(self) -> list[tuple[str, str, str, str]]:
        return [(g, p, t, n) for g, p, t, n in zip(self.gold, self.predicted, self.texts, self.notes, strict=True)
                if g != p]

    def table(self) -> str:
        return class_table("class", 10, self.labels, self.per_class,
                           [("macro F1", self.macro_f1), ("accuracy", self.accuracy)], len(self.gold))

    def confusion(self) -> str:
        width = max(len(label) for label in self.labels) + 2
        lines = ["gold \\ predicted".ljust(18) + "".join(label.rjust(width) for label in self.labels)]
        for gold in self.labels:
            lines.append(gold.ljust(18) + "".join(str(self.count(gold, p)).rjust(width) for p in self.labels))
        return "\n".join(lines)


def read_tsv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header; a clear error when columns are missing."""
    return _read(path, required, delimiter="\t", quoting=csv.QUOTE_NONE)


def read_csv(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a comma-separated file with a header (quoted fields may span lines)."""
    return _read(path, required, delimiter=",", quoting=csv.QUOTE_MINIMAL)


def _read(path: Path, required: Sequence[str], **dialect: Any) -> list[dict[str, str]]:
    try:
        with Path(path).open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream, **dialect)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise DataError(f"{path}: missing column(s) {', '.join(missing)}; "
                                f"the header should name {', '.join(required)}")
            return [row for row in reader if any((v or "").strip() for v in row.values())]
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror}") from None
    except (csv.Error, UnicodeDecodeError) as exc:
        kind = "TSV" if dialect["delimiter"] == "\t" else "CSV"
        raise DataError(f"{path} is not a readable {kind} file: {exc}") from None


@dataclass
class Evaluation:
    """One or more reports (one per SMART dimension, say) and any extra figures; or, for posts
    labelled only by the community they come from, the share each community raises."""

    reports: dict[str, Report | MultiLabelReport]  # a single report is filed under ""
    extra: dict[str, float] = field(default_factory=dict)
    communities: dict[str, dict[str, Any]] | None = None  # name -> posts, acute, possible, alert_rate

    def to_dict(self) -> dict[str, Any]:
        if self.communities is not None:
            return {"communities": self.communities}
        if list(self.reports) == [""]:
            return {**self.reports[""].to_dict(), **self.extra}
        return {name: report.to_dict() for name, report in self.reports.items()} | self.extra

    def community_table(self) -> str:
        rows = self.communities or {}
        width = max([len(name) for name in rows] + [9])
        lines = [f"{'community':<{width}} {'posts':>6} {'acute':>7} {'possible':>9} {'either':>7}"]
        for name, row in rows.items():
            lines.append(f"{name:<{width}} {row['posts']:>6} {row['acute']:>7.3f} {row['possible']:>9.3f} "
                         f"{row['alert_rate']:>7.3f}")
        return "\n".join(lines)


def crisis(path: Path) -> Evaluation:
    """Crisis levels of short client messages (a TSV of level and text), or, for a CSV of
    posts with the community each came from (subreddit, post), the share of each community's
    posts flagged acute, possible or either."""
    if _header(path)[:1] != ["level"] and {"subreddit", "post"} <= set(_header(path, ",")):
        return crisis_communities(path)
    labels = [level.label for level in sorted(Level, reverse=True)]
    report = Report(labels)
    for row in read_tsv(path, ["level", "text"]):
        gold = row["level"].strip().lower()
        if gold not in labels:
            raise DataError(f"{path}: unknown level `{gold}` (expected {', '.join(labels)})")
        finding = check(row["text"])
        report.add(gold, finding.level.label, row["text"], finding.rule or "")
    pairs = list(zip(report.gold, report.predicted, strict=True))
    alerts = [p != "none" for g, p in pairs if g != "none"]
    alarms = [p != "none" for g, p in pairs if g == "none"]
    return Evaluation({"": report}, {"alert_recall": sum(alerts) / len(alerts) if alerts else 0.0,
                                     "false_alarm_rate": sum(alarms) / len(alarms) if alarms else 0.0})


def crisis_communities(path: Path) -> Evaluation:
    counts: dict[str, list[int]] = {}
    for row in read_csv(path, ["subreddit", "post"]):
        levels = counts.setdefault(row["subreddit"].strip(), [0, 0, 0])
        levels[check(row["post"]).level] += 1
    communities = {}
    for name in sorted(counts, key=str.lower):
        none, possible, acute = counts[name]
        posts = none + possible + acute
        communities[name] = {"posts": posts, "acute": acute / posts, "possible": possible / posts,
                             "alert_rate": (acute + possible) / posts}
    return Evaluation({}, communities=communities)


def _header(path: Path, delimiter: str = "\t") -> list[str]:
    """The column names of a labelled file (its first line), to tell its format."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as stream:
            first = stream.readline()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path} is not UTF-8 text: {exc.reason}") from None
    return [name.strip() for name in next(csv.reader([first], delimiter=delimiter), [])]


def talk_types(path: Path) -> Evaluation:
    """Client utterances of an AnnoMI-style CSV; the counsellor's turn before is the context."""
    report = Report(list(talk.LABELS))
    context: tuple[str, str] | None = None
    for row in read_csv(path, ["interlocutor", "utterance_text", "client_talk_type"]):
        if row["interlocutor"] != "client":
            context = (row.get("transcript_id", ""), row["utterance_text"])
            continue
        said_before = context[1] if context and context[0] == row.get("transcript_id", "") else None
        result = talk.classify(row["utterance_text"], said_before)
        report.add(row["client_talk_type"], result.label, row["utterance_text"], result.kind or "")
    return Evaluation({"": report})


def smart(path: Path) -> Evaluation:
    """Goal statements labelled 0/1 for specific, measurable and time-bound: one report each."""
    reports = {dimension: Report(["1", "0"]) for dimension in goals.DIMENSIONS}
    for line, row in enumerate(read_tsv(path, [*goals.DIMENSIONS, "text"]), start=2):
        found = goals.check(row["text"])
        for dimension, report in reports.items():
            gold = row[dimension].strip()
            if gold not in ("0", "1"):
                raise DataError(f"{path}:{line}: `{dimension}` must be 0 or 1, not `{gold}`")
            predicted = "1" if getattr(found, dimension) else "0"
            report.add(gold, predicted, row["text"], found.because.get(dimension, ""))
    return Evaluation(dict(reports))


@dataclass
class MultiLabelReport:
    """Items that carry any number of labels (an answer's topics): precision, recall and F1 per
    label over items, their macro and micro averages, and how often the whole set is right."""

    labels: list[str]
    gold: list[frozenset[str]] = field(default_factory=list)
    predicted: list[frozenset[str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def add(self, gold: frozenset[str], predicted: frozenset[str], text: str = "") -> None:
        self.gold.append(gold)
        self.predicted.append(predicted)
        self.texts.append(text)

    def _counts(self, label: str) -> tuple[int, int, int]:
        pairs = list(zip(self.gold, self.predicted, strict=True))
        return (sum(label in g and label in p for g, p in pairs), sum(label in p and label not in g for g, p in pairs),
                sum(label in g and label not in p for g, p in pairs))

    def per_class(self, label: str) -> dict[str, Any]:
        true_positive, false_positive, false_negative = self._counts(label)
        return {**_scores(true_positive, false_positive, false_negative), "support": true_positive + false_negative}

    @property
    def macro_f1(self) -> float:
        return float(sum(self.per_class(label)["f1"] for label in self.labels)) / len(self.labels)

    @property
    def micro_f1(self) -> float:
        totals = [sum(column) for column in zip(*(self._counts(label) for label in self.labels), strict=True)]
        return _scores(*totals)["f1"]

    @property
    def exact_accuracy(self) -> float:
        right = sum(g == p for g, p in zip(self.gold, self.predicted, strict=True))
        return right / len(self.gold) if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"macro_f1": self.macro_f1, "micro_f1": self.micro_f1, "exact_set_accuracy": self.exact_accuracy,
                "classes": {label: self.per_class(label) for label in self.labels}}

    heading = "class"  # the first column's title

    def width(self) -> int:
        """How wide the first column is."""
        return 14

    def table(self) -> str:
        return class_table(self.heading, self.width(), self.labels, self.per_class,
                           [("macro F1", self.macro_f1), ("micro F1", self.micro_f1),
                            ("exact sets", self.exact_accuracy)], len(self.gold))

    def confusion(self) -> str:
        return ""

    def misses(self) -> list[tuple[str, str, str, str]]:
        def shown(labels: frozenset[str]) -> str:
            return ",".join(label for label in self.labels if label in labels) or "none"

        return [(shown(g), shown(p), t, "") for g, p, t in zip(self.gold, self.predicted, self.texts, strict=True)
                if g != p]


def class_table(heading: str, width: int, labels: Sequence[str], per_class: Callable[[str], dict[str, Any]],
                totals: Sequence[tuple[str, float]], items: int) -> str:
    """Precision, recall, F1 and support for each class, then the totals, the last with the number of items."""
    lines = [f"{heading:<{width}} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for label in labels:
        row = per_class(label)
        lines.append(f"{label:<{width}} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f} "
                     f"{row['support']:>8}")
    lines += [f"{name:<{width}} {value:>24.3f}" for name, value in totals]
    lines[-1] += f"   ({items} items)"
    return "\n".join(lines)


def _scores(true_positive: int, false_positive: int, false_negative: int) -> dict[str, float]:
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 0.0
    recall = true_positive / (true_positive + false_negative) if true_positive + false_negative else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def listening(path: Path) -> Evaluation:
    """Client answers labelled for non-answer, topics and feeling (the format of
    ``shared/data/listening/answers-dev.tsv``), each answer heard with its question."""
    topic_names = [topic.value for topic in Topic]
    feelings = [feeling.value for feeling in Feeling]
    nonanswer = Report(["1", "0"])
    topics = MultiLabelReport(topic_names)
    feeling = Report(feelings)
    both = [0, 0]  # non-answers that also raise topics (rule N3): found, of all
    for line, row in enumerate(read_tsv(path, ["question", "answer", "nonanswer", "topics", "feeling"]), start=2):
        gold_nonanswer, gold_feeling = row["nonanswer"].strip(), row["feeling"].strip()
        gold_topics = frozenset() if row["topics"].strip() == "none" else frozenset(row["topics"].strip().split(","))
        if gold_nonanswer not in ("0", "1"):
            raise DataError(f"{path}:{line}: `nonanswer` must be 0 or 1, not `{gold_nonanswer}`")
        if gold_feeling not in feelings:
            raise DataError(f"{path}:{line}: unknown feeling `{gold_feeling}` (expected {', '.join(feelings)})")
        unknown = sorted(gold_topics - set(topic_names))
        if unknown:
            raise DataError(f"{path}:{line}: unknown topic `{unknown[0]}` (expected none or {', '.join(topic_names)})")
        heard = listen(row["answer"], row["question"])
        why = "; ".join(str(e) for e in heard.evidence if e.about == "nonanswer")
        nonanswer.add(gold_nonanswer, "1" if heard.nonanswer else "0", row["answer"], why)
        topics.add(gold_topics, frozenset(topic.value for topic in heard.topics), row["answer"])
        feeling.add(gold_feeling, heard.feeling.value, row["answer"],
                    "; ".join(str(e) for e in heard.evidence if e.about == "feeling"))
        if gold_nonanswer == "1" and gold_topics:
            both[1] += 1
            both[0] += heard.nonanswer
    return Evaluation({"nonanswer": nonanswer, "topics": topics, "feeling": feeling},
                      {"nonanswer_with_topics_recall": both[0] / both[1] if both[1] else 0.0})


EVALUATIONS = {"crisis": crisis, "talk": talk_types, "smart": smart, "listening": listening}
