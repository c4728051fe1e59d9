"""Measuring rules against labelled data: per-class precision, recall and F1, macro-F1,
accuracy and a confusion matrix, printed for people or as JSON for machines."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from engine.errors import PeercoachError


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
        return sum(self.per_class(label)["f1"] for label in self.labels) / len(self.labels)

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": self.accuracy, "macro_f1": self.macro_f1,
                "classes": {label: self.per_class(label) for label in self.labels}}

    def misses(self) -> list[tuple[str, str, str, str]]:
        return [(g, p, t, n) for g, p, t, n in zip(self.gold, self.predicted, self.texts, self.notes, strict=True)
                if g != p]

    def table(self) -> str:
        lines = [f"{'class':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
        for label in self.labels:
            row = self.per_class(label)
            lines.append(f"{label:<10} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f} {row['support']:>8}")
        lines.append(f"{'macro F1':<10} {self.macro_f1:>24.3f}")
        lines.append(f"{'accuracy':<10} {self.accuracy:>24.3f}   ({len(self.gold)} items)")
        return "\n".join(lines)

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
        raise DataError(f"{path} is not a readable {'TSV' if dialect['delimiter'] == chr(9) else 'CSV'} file: {exc}") from None
