"""Where the trend chart's bars go: plain numbers the console's SVG template draws, so the chart
is drawn on the server with nothing fetched from anywhere else.

Two bars a period (conversations started, certificates issued). A hidden count ("fewer than 5")
is drawn as a hatched bar up to 5, the most it could be, never as its value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.services.figures.privacy import SMALLEST_SHOWN, Shown
from bot.services.figures.report import TrendPoint

WIDTH, HEIGHT = 640.0, 260.0
LEFT, RIGHT, TOP, BOTTOM = 44.0, 8.0, 12.0, 40.0
SERIES = ("started", "certificates")


@dataclass(frozen=True)
class Bar:
    series: str
    x: float
    y: float
    width: float
    height: float
    shown: Shown


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Label:
    x: float
    first: date


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    left: float
    bottom: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Label, ...]


def _drawn(shown: Shown) -> float:
    return shown.value if shown.value is not None else float(SMALLEST_SHOWN)


def _top(points: Sequence[TrendPoint]) -> int:
    """The scale's top: above the highest bar, rounded up to a step of 5, 10, 20, 50..."""
    highest = max([_drawn(getattr(p, s)) for p in points for s in SERIES] + [SMALLEST_SHOWN])
    step = _step(highest)
    return int(math.ceil(highest / step) * step)


def _step(highest: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that marks `highest` in at most 5 steps."""
    for power in range(7):
        for step in (1, 2, 5):
            if highest / (step * 10**power) <= 5:
                return int(step * 10**power)
    return 10**7


def chart(points: Sequence[TrendPoint]) -> Chart:
    """The bars, the scale's ticks and the periods' labels for `points`."""
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _top(points) if points else SMALLEST_SHOWN
    slot = plot_width / max(len(points), 1)
    bar_width = slot * 0.38
    base = TOP + plot_height
    bars, labels = [], []
    for i, point in enumerate(points):
        x = LEFT + i * slot + slot * 0.1
        labels.append(Label(LEFT + i * slot + slot / 2, point.first))
        for j, series in enumerate(SERIES):
            shown: Shown = getattr(point, series)
            height = plot_height * _drawn(shown) / top
            bars.append(Bar(series, x + j * bar_width, base - height, bar_width, height, shown))
    step = _step(top)
    ticks = tuple(
        Tick(base - plot_height * value / top, value) for value in range(0, top + 1, step)
    )
    return Chart(WIDTH, HEIGHT, LEFT, base, tuple(bars), ticks, tuple(labels))
