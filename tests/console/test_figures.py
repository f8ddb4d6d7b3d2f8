"""The figures page and its CSV: admins only, a seeded month's counts for each council, small
numbers hidden on the page and in the CSV, and a chart drawn on the server."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.console_app import ADMIN, ConsoleApp, console_app
from tests.helpers.figures_month import CROYDON, SURREY, seed_month

MONTH = "from=2026-11-01&to=2026-11-30"


@pytest.fixture
def console(database_url: str, tmp_path: Path) -> Iterator[ConsoleApp]:
    seed_month(database_url)
    with console_app(database_url, tmp_path, MIAS_TODAY="2026-12-03") as running:
        yield running


def cell(page: str, table: str, row: str, measure: str) -> str:
    """The text of one cell: `row` is the row header's text, `measure` the column's code."""
    body = page.split(f'id="{table}"')[1].split("</table>")[0]
    line = next(r for r in body.split("<tr>") if re.search(rf">\s*{re.escape(row)}\s*<", r))
    found = re.search(rf'data-measure="{measure}">([^<]*)<', line)
    assert found, (table, row, measure)
    return found.group(1)


def test_only_an_admin_sees_the_figures(console: ConsoleApp) -> None:
    console.sign_in()
    assert console.client.get("/console/figures").status_code == 403
    assert console.client.get("/console/figures.csv").status_code == 403
    assert 'href="/console/figures"' not in console.client.get("/console/").text


def test_the_months_counts_for_each_council(console: ConsoleApp) -> None:
    console.sign_in(ADMIN)
    page = console.client.get(f"/console/figures?{MONTH}").text
    assert "Sunday 1 November 2026 to Monday 30 November 2026" in page
    assert cell(page, "measures", "Conversations started", "conversations_started") == "28"
    assert (
        cell(page, "measures", "Certificates: mediation declined", "certificates_declined") == "8"
    )
    assert cell(page, "measures", "Median wait for a caseworker", "minutes_waited") == "30 minutes"
    assert cell(page, "councils", SURREY, "conversations_started") == "20"
    assert cell(page, "councils", SURREY, "late_arrivals") == "fewer than 5"
    assert cell(page, "councils", CROYDON, "sms") == "fewer than 5"
    assert cell(page, "councils", CROYDON, "web") == "not shown"
    assert cell(page, "councils", "Council not known", "conversations_started") == "fewer than 5"

    surrey = console.client.get(f"/console/figures?{MONTH}&council={SURREY}").text
    assert cell(surrey, "measures", "Chose mediation", "mediation_chosen") == "6"
    handed = "Handed to a caseworker: Asked for a person"
    assert cell(surrey, "measures", handed, "handoffs_user_request") == "6"
    assert cell(surrey, "measures", "Reminder texts sent", "reminders_sent") == "fewer than 5"


def test_the_chart_is_drawn_on_the_server_with_its_figures_in_a_table(console: ConsoleApp) -> None:
    console.sign_in(ADMIN)
    page = console.client.get(f"/console/figures?{MONTH}").text
    svg = page.split("<svg")[1].split("</svg>")[0]
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert re.findall(r"https?://", svg) == ["http://"]  # only the SVG namespace
    assert svg.count("<rect") == 2 * 6 + 1  # two bars a week (6 weeks cut to November), + hatch
    assert "url(#hatch)" in svg  # a week with fewer than 5 certificates
    trend = page.split('id="trend"')[1].split("</table>")[0]
    assert trend.count("<tr>") == 1 + 6


def test_the_csv_has_every_council_and_measure_with_small_numbers_hidden(
    console: ConsoleApp,
) -> None:
    console.sign_in(ADMIN)
    response = console.client.get(f"/console/figures.csv?{MONTH}")
    assert response.headers["content-type"].startswith("text/csv")
    assert (
        'filename="figures-2026-11-01-to-2026-11-30.csv"' in response.headers["content-disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    by = {(r["council"], r["measure_code"]): r["value"] for r in rows}
    assert by[("All councils", "conversations_started")] == "28"
    assert by[(SURREY, "certificates_declined")] == "6"
    assert by[(CROYDON, "certificates_declined")] == "fewer than 5"
    assert by[(CROYDON, "web")] == "not shown"
    assert by[("All councils", "hours_to_certificate")] == "30 minutes"
    councils = {r["council"] for r in rows}
    assert councils == {"All councils", SURREY, CROYDON, "Council not known"}
    assert len(rows) == 4 * len({r["measure_code"] for r in rows})
    assert all(r["value"] != "" for r in rows)
    assert not any(re.fullmatch(r"[1-4]", r["value"]) for r in rows)


def test_without_a_period_it_shows_last_month_and_a_bad_one_is_explained(
    console: ConsoleApp,
) -> None:
    console.sign_in(ADMIN)
    page = console.client.get("/console/figures").text
    assert "Sunday 1 November 2026 to Monday 30 November 2026" in page
    backwards = console.client.get("/console/figures?from=2026-11-30&to=2026-11-01").text
    assert "the end must not be before the start" in backwards
