"""Console form fields are read as plain text that any database will store."""

from __future__ import annotations

from bot.console.security import form_text


def test_control_characters_are_dropped_but_lines_are_kept() -> None:
    form = {"note": "  first line\r\nsecond\x00 line\x1b[31m\tend  "}
    assert form_text(form, "note") == "first line\r\nsecond line[31m\tend"


def test_a_field_is_cut_at_its_limit_and_a_missing_one_is_empty() -> None:
    assert form_text({"note": "x" * 10}, "note", limit=4) == "xxxx"
    assert form_text({}, "note") == ""
    assert form_text({"note": ["not", "text"]}, "note") == ""
