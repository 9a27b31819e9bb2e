"""One measured quantity for us and for the peer tool, and the report formats (Markdown, JSON)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

MISSING = "missing"

Value = float | str | None  # a number, MISSING (not installed / not built yet) or None (no peer)


@dataclass(frozen=True)
class Metric:
    """``ours`` against ``peer`` in ``unit``; ``target`` is the goal in words, for the table."""

    name: str
    ours: Value
    peer: Value
    unit: str
    target: str = ""
    peer_tool: str = ""

    @property
    def ratio(self) -> float | None:
        """``ours / peer`` when both are numbers (and the peer is not zero)."""
        if isinstance(self.ours, int | float) and isinstance(self.peer, int | float) and self.peer:
            return self.ours / self.peer
        return None

    def as_json(self) -> dict:
        """The JSON form: ``{"ours": x, "peer": y, "ratio": r, "unit": u}``."""
        return {"ours": self.ours, "peer": self.peer, "ratio": self.ratio, "unit": self.unit}


def percentile(values: list[float], pct: float) -> float:
    """The ``pct``-th percentile of ``values`` (linear interpolation between samples)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(pct) - 1]


def _cell(value: Value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def markdown_table(metrics: list[Metric]) -> str:
    """A Markdown table: metric, ours, peer (and which tool), ratio, unit, target."""
    lines = [
        "| metric | ours | peer | ratio | unit | peer tool | target |",
        "| --- | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for m in metrics:
        ratio = f"{m.ratio:.2f}×" if m.ratio is not None else "—"
        lines.append(
            f"| {m.name} | {_cell(m.ours)} | {_cell(m.peer)} | {ratio} | {m.unit} "
            f"| {m.peer_tool} | {m.target} |"
        )
    return "\n".join(lines)


def report_json(docs: int, metrics: list[Metric]) -> dict:
    """The runner's JSON: ``{"docs": N, "metrics": {name: {ours, peer, ratio, unit}}}``."""
    return {"docs": docs, "metrics": {m.name: m.as_json() for m in metrics}}
