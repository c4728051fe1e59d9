"""Figures: one value per round for each engine, summarised as median with min–max (and p99 of
every single sample, for latencies), printed as a table with the ratio peercoach ÷ each engine."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

SECONDS = "s"
BYTES = "B"
RATIO = "x"


@dataclass
class Cell:
    """One engine's figure: ``rounds`` holds one value per round; ``pooled`` every sample (p99)."""

    engine: str
    rounds: list[float] = field(default_factory=list)
    pooled: list[float] = field(default_factory=list)
    note: str | None = None  # why there is no figure ("n/a (no cache yet)"), or how it was taken

    @property
    def measured(self) -> bool:
        return bool(self.rounds)

    @property
    def median(self) -> float:
        return statistics.median(self.rounds)

    @property
    def p99(self) -> float | None:
        if not self.pooled:
            return None
        ordered = sorted(self.pooled)
        return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


@dataclass
class Figure:
    key: str
    title: str
    unit: str
    cells: list[Cell] = field(default_factory=list)
    note: str | None = None  # how it was measured, printed under the title
    ratios: bool = True  # peercoach ÷ each engine (off where peercoach is the only row)

    def cell(self, engine: str) -> Cell:
        for cell in self.cells:
            if cell.engine == engine:
                return cell
        cell = Cell(engine)
        self.cells.append(cell)
        return cell

    def ratio(self, cell: Cell) -> float | None:
        """peercoach ÷ this engine, on the medians."""
        base = next((c for c in self.cells if c.engine == "peercoach"), None)
        if not self.ratios or base is None or cell is base or not (base.measured and cell.measured):
            return None
        return base.median / cell.median if cell.median else None

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for cell in self.cells:
            row: dict[str, Any] = {"engine": cell.engine, "note": cell.note, "rounds": len(cell.rounds)}
            if cell.measured:
                row.update(median=cell.median, min=min(cell.rounds), max=max(cell.rounds), p99=cell.p99,
                           samples=len(cell.pooled) or len(cell.rounds), peercoach_ratio=self.ratio(cell))
            rows.append(row)
        return {"key": self.key, "title": self.title, "unit": self.unit, "note": self.note, "rows": rows}


def show(value: float | None, unit: str) -> str:
    """A value with a unit a person reads at a glance: 12.3 µs, 4.56 ms, 1.23 s; 7.3 KiB; 4.50×."""
    if value is None:
        return ""
    if unit == SECONDS:
        for scale, name in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
            if abs(value) >= scale or name == "µs":
                return f"{_digits(value / scale)} {name}"
    if unit == BYTES:
        return f"{_digits(value / 1024)} KiB" if abs(value) >= 1024 else f"{value:.0f} B"
    if unit == RATIO:
        return f"{value:.2f}×"
    return f"{_digits(value)} {unit}"


def _digits(value: float) -> str:
    """Three significant digits, never in exponent form."""
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(figures: list[Figure]) -> str:
    """Every figure as a block of rows: engine, median, min–max, p99, rounds, peercoach ÷ engine."""
    head = f"{'':<26}{'median':>11}  {'min–max':<21}{'p99':>10}{'rounds':>8}{'peercoach ÷':>13}"
    out = [head, "=" * len(head)]
    for figure in figures:
        out.append(figure.title)
        if figure.note:
            out += [f"  ({line})" for line in figure.note.split("\n")]
        for cell in figure.cells:
            if not cell.measured:
                out.append(f"  {cell.engine:<24}{cell.note or 'n/a':>11}")
                continue
            spread = (f"{show(min(cell.rounds), figure.unit)} – {show(max(cell.rounds), figure.unit)}"
                      if len(cell.rounds) > 1 else "")
            ratio = figure.ratio(cell)
            line = (f"  {cell.engine:<24}{show(cell.median, figure.unit):>11}  {spread:<21}"
                    f"{show(cell.p99, figure.unit):>10}{len(cell.rounds):>8}{show(ratio, RATIO):>13}")
            out.append(line + (f"  {cell.note}" if cell.note else ""))
        out.append("")
    return "\n".join(out)
