"""The provider's figures: what the service did in a period, for each council, as counts only.
By job: `gathering` (reading the tables), `counting` (the measures, by council and week),
`privacy` (small numbers hidden), `report` (the figures of a period) and `chart` (the trend's
bars for the console to draw)."""

from bot.services.figures.chart import Chart, chart
from bot.services.figures.counting import COUNTS, HANDOFFS, MEDIANS
from bot.services.figures.privacy import FEWER_THAN_5, WITHHELD, Shown
from bot.services.figures.report import Report, TrendPoint, figures_report

__all__ = [
    "COUNTS",
    "FEWER_THAN_5",
    "HANDOFFS",
    "MEDIANS",
    "WITHHELD",
    "Chart",
    "Report",
    "Shown",
    "TrendPoint",
    "chart",
    "figures_report",
]
