"""What the browser tests check on a page: axe-core's accessibility rules, and screenshots kept
under test-artifacts/ so CI keeps them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from bot.settings import PROJECT_ROOT

AXE_SCRIPT = PROJECT_ROOT / "widget" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


def serious_accessibility_problems(page: Page) -> list[dict[str, Any]]:
    """Runs axe-core (WCAG 2.0-2.2 A and AA rules) on the page; returns serious and critical ones."""
    page.evaluate(AXE_SCRIPT.read_text())  # through DevTools, so the page's own CSP still applies
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
              ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def keep_screenshot(page: Page, name: str) -> Path:
    """Saves a full-page screenshot under test-artifacts/ and returns its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
