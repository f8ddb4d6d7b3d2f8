"""The provider's figures (admins only): a period's counts for each council, the trend as a chart
drawn on the server, a table, and the same figures as CSV (bot.services.figures). Small numbers
are hidden on the page and in the CSV alike."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.console.caseworkers.pages import render, settings_of
from bot.console.security import flash, security_headers
from bot.console.wording import reason_words, say
from bot.services.accounts import Account
from bot.services.figures import (
    FEWER_THAN_5,
    HANDOFFS,
    Report,
    Shown,
    chart,
    figures_report,
)
from bot.services.reminders import UNKNOWN_COUNCIL

MAX_DAYS = 3 * 366
# The words of each measure; a handoff's reason has its words in the "reasons" group.
MEASURES = {
    "conversations_started": "figures.conversations_started",
    "web": "figures.web",
    "sms": "figures.sms",
    "mias_completed": "figures.mias_completed",
    "mediation_chosen": "figures.mediation_chosen",
    "declined": "figures.declined",
    "changed_mind": "figures.changed_mind",
    "certificates_declined": "figures.certificates_declined",
    "certificates_mediation_concluded": "figures.certificates_mediation_concluded",
    "certificates_not_arranged": "figures.certificates_not_arranged",
    "late_arrivals": "figures.late_arrivals",
    "reminders_sent": "figures.reminders_sent",
    "reminders_delivered": "figures.reminders_delivered",
    "hours_to_certificate": "figures.hours_to_certificate",
    "minutes_waited": "figures.minutes_waited",
}
# The columns of the table by council (the other measures are in the chosen council's table).
OVERVIEW = (
    "conversations_started",
    "web",
    "sms",
    "mias_completed",
    "mediation_chosen",
    "declined",
    "certificates_declined",
    "certificates_mediation_concluded",
    "certificates_not_arranged",
    "late_arrivals",
)


def measure_words(measure: str) -> str:
    if measure.startswith(HANDOFFS):
        return say("figures.handoffs", reason=reason_words(measure.removeprefix(HANDOFFS)))
    return say(MEASURES[measure])


def council_words(council: str | None) -> str:
    if council is None:
        return say("figures.all_councils")
    return say("figures.unknown_council") if council == UNKNOWN_COUNCIL else council


def _time_words(minutes: float) -> str:
    if minutes < 90:
        return say("figures.minutes", n=round(minutes))
    if minutes < 48 * 60:
        return say("figures.hours", n=f"{minutes / 60:.1f}")
    return say("figures.days", n=f"{minutes / 1440:.1f}")


def value_words(measure: str, shown: Shown) -> str:
    """A figure as the page and the CSV show it."""
    if shown.hidden is not None:
        return say("figures.fewer_than_5" if shown.hidden == FEWER_THAN_5 else "figures.withheld")
    assert shown.value is not None
    if measure == "hours_to_certificate":
        return _time_words(shown.value * 60)
    if measure == "minutes_waited":
        return _time_words(shown.value)
    return str(int(shown.value))


def _last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _period(request: Request) -> tuple[date, date]:
    """The period asked for, or last calendar month when none (or no sensible one) is."""
    try:
        start = date.fromisoformat(request.query_params.get("from", ""))
        end = date.fromisoformat(request.query_params.get("to", ""))
    except ValueError:
        return _last_month(settings_of(request).today())
    if end < start or (end - start).days > MAX_DAYS:
        flash(request, say("figures.bad_period", max_days=MAX_DAYS))
        return _last_month(settings_of(request).today())
    return start, end


async def _report(request: Request) -> Report:
    start, end = _period(request)
    council = request.query_params.get("council") or None
    return await run_in_threadpool(
        figures_report, settings_of(request).database_url, start, end, council
    )


async def figures_page(request: Request, account: Account) -> Response:
    report = await _report(request)
    council = report.council
    cells = report.by_council[council] if council is not None else report.total
    return render(
        request,
        "console/figures.html",
        report=report,
        council=council,
        cells=cells,
        chart=chart(report.trend),
        overview=OVERVIEW,
        measure_words=measure_words,
        council_words=council_words,
        value_words=value_words,
    )


async def figures_csv(request: Request, account: Account) -> Response:
    """Every measure for all councils and for each, one row each, small numbers hidden."""
    report = await _report(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["period_start", "period_end", "council", "measure_code", "measure", "value"])
    for council, cells in [(None, report.total), *report.by_council.items()]:
        for measure in report.measures:
            writer.writerow(
                [
                    report.start.isoformat(),
                    report.end.isoformat(),
                    council_words(council),
                    measure,
                    measure_words(measure),
                    value_words(measure, cells[measure]),
                ]
            )
    filename = f"figures-{report.start.isoformat()}-to-{report.end.isoformat()}.csv"
    headers = {
        **security_headers(request),
        "Content-Disposition": f'attachment; filename="{filename}"',
    }
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
