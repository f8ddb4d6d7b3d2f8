"""Typed text as plain words: lower case, no punctuation, apostrophes dropped ("that's" -> "thats")."""

from __future__ import annotations

import re

_APOSTROPHES = re.compile(r"['’`´]")
_NOT_WORD = re.compile(r"[^\w]+")


def plain(text: str) -> str:
    """'Yes, that’s right!' -> 'yes thats right'."""
    without_apostrophes = _APOSTROPHES.sub("", text.lower())
    return " ".join(_NOT_WORD.sub(" ", without_apostrophes).split())


def words(text: str) -> list[str]:
    return plain(text).split()


def has_phrase(text: str, phrases: frozenset[str]) -> bool:
    """True when one of `phrases` (plain words) appears in `text` as whole words."""
    padded = f" {plain(text)} "
    return any(f" {phrase} " in padded for phrase in phrases)
