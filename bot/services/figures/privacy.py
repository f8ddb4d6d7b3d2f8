"""Small numbers are never shown, so no family can be picked out of the figures.

- Every count under 5 (0 too) is shown as "fewer than 5" (`FEWER_THAN_5`), on the page and in
  the CSV alike.
- A median is shown only when it is the middle of 5 values or more.
- A count that would give a hidden one away by a subtraction is withheld too (`WITHHELD`):
  web and SMS add up to the conversations started, so when one of the two is hidden the other is;
  and each measure's councils add up to the "all councils" figure, so when exactly one council's
  count is hidden the smallest count shown beside it is withheld as well.

Pure: numbers in, what may be shown out.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SMALLEST_SHOWN = 5
FEWER_THAN_5 = "fewer_than_5"
WITHHELD = "withheld"


@dataclass(frozen=True)
class Shown:
    """A figure as it may be shown: its value, or why it is hidden (`FEWER_THAN_5`, `WITHHELD`)."""

    value: float | None
    hidden: str | None = None

    @classmethod
    def count(cls, n: int) -> Shown:
        return cls(float(n)) if n >= SMALLEST_SHOWN else cls(None, FEWER_THAN_5)

    @classmethod
    def median(cls, values: Sequence[float]) -> Shown:
        if len(values) < SMALLEST_SHOWN:
            return cls(None, FEWER_THAN_5)
        return cls(float(statistics.median(values)))

    def withheld(self) -> Shown:
        return self if self.hidden else Shown(None, WITHHELD)


def hide_the_complement(parts: Mapping[str, Shown]) -> dict[str, Shown]:
    """Parts of a whole that is shown: if exactly one part is hidden, it could be worked out
    from the others, so the smallest part shown is withheld as well."""
    hidden = [name for name, shown in parts.items() if shown.hidden]
    visible = {name: shown for name, shown in parts.items() if not shown.hidden}
    if len(hidden) != 1 or not visible:
        return dict(parts)
    smallest = min(visible, key=lambda name: (visible[name].value or 0.0, name))
    return {**parts, smallest: parts[smallest].withheld()}
