"""Every response a family sees reads at a reading age of about 9 to 11, the level GOV.UK writes
for (issue #16): Flesch-Kincaid grade 8 or below.

How a response is measured, variant by variant (SMS ones too), with textstat:

- each `{variable}` becomes the short plain words a person sees in its place (`PLAIN_WORDS`);
- each line is read as a sentence of its own: a list item or a line of its own is read as one
  thought, and without this a numbered list would be scored as one long sentence;
- textstat's Flesch-Kincaid grade (syllables from the CMU dictionary, shipped with the package).

A response above grade 8 fails unless it is on one of two lists:

- `LEGAL_NAMES`: responses that must print the legal name of a form, section or claim as the law
  or the Tribunal writes it. Each is listed with those names and the reason, and it must read at
  grade 8 once the names are swapped for one plain word: the exception covers the names and
  nothing else.
- `AWAITING_REWRITE`: temporary. Responses in files that other people are rewriting now
  (intake, choice, handoff, routes, decisions, reminders, _shared) or that nobody on this change owns
  (privacy). The people rewriting them empty it; an entry no longer needed is reported as a
  warning, not a failure, so the two changes can land in either order.

`figures()` gives the median and the worst grade for bench/ and the README (tests/ is not a
package: `runpy.run_path("tests/test_readability.py")["figures"]()`);
`python tests/test_readability.py` prints them, with every response above grade 8.
"""

from __future__ import annotations

import re
import statistics
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
import textstat
import yaml

DOMAIN_DIR = Path(__file__).resolve().parents[1] / "bot" / "domain"
MAX_GRADE = 8.0

# What a person sees in place of a variable: short, plain words of the same kind.
PLAIN_WORDS = {
    "provider_name": "Kids",
    "provider_phone": "our number",
    "provider_email": "our email",
    "local_authority": "your council",
    "tribunal_form": "the form",
    "certificate_number": "the number",
    "link_hours": "72",
}
VARIABLE = re.compile(r"\{(\w+)\}")
SENTENCE_END = (".", "!", "?")

# Responses that print a legal name exactly as the law or the Tribunal writes it, and read at
# grade 8 once it is swapped for one plain word. response -> (the legal names, why they stay).
LEGAL_NAMES: dict[str, tuple[tuple[str, ...], str]] = {
    "utter_describe_decision/disability_discrimination": (
        ("Disability discrimination",),
        (
            "the claim's name in the Equality Act 2010 and on the Tribunal's claim form; the "
            "response is a five-word name read back or put on a button, so this one name "
            "decides its grade"
        ),
    ),
}

# TEMPORARY: responses above grade 8 in files other people are rewriting now, or that no one on
# this change owns. response -> its file. Whoever rewrites a response takes it off this list.
AWAITING_REWRITE: dict[str, str] = {}


@dataclass(frozen=True)
class Variant:
    """One variant of one response, as written in the domain."""

    file: str
    response: str
    index: int
    channel: str | None
    text: str

    @property
    def label(self) -> str:
        channel = f", {self.channel}" if self.channel else ""
        return f"{self.response}[{self.index}{channel}] in {self.file}"


@dataclass(frozen=True)
class Figures:
    count: int
    median: float
    worst: float
    worst_label: str
    above: tuple[tuple[float, str], ...]  # (grade, label), hardest first


def variants(domain_dir: Path = DOMAIN_DIR) -> list[Variant]:
    """Every text variant of every response in the domain's files."""
    found = []
    for path in sorted(domain_dir.glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, listed in responses.items():
            for index, variant in enumerate(listed):
                if variant.get("text"):
                    found.append(
                        Variant(path.name, name, index, variant.get("channel"), variant["text"])
                    )
    return found


def plain_word(variable: str) -> str:
    """The short plain words a person sees in place of `{variable}`."""
    if variable in PLAIN_WORDS:
        return PLAIN_WORDS[variable]
    if variable.endswith("_words"):  # a date or a time in words: "Tuesday 12 January 2027"
        return "next Monday"
    if variable.endswith("_url"):
        return "this link"
    return "this"


def as_read(text: str) -> str:
    """The text as a person reads it: variables filled in, each line a sentence of its own."""
    filled = VARIABLE.sub(lambda found: plain_word(found.group(1)), text)
    lines = [line.strip() for line in filled.splitlines() if line.strip()]
    return " ".join(line if line.endswith(SENTENCE_END) else line + "." for line in lines)


def grade(text: str) -> float:
    """Flesch-Kincaid grade of a response's text, as a person reads it."""
    return float(textstat.flesch_kincaid_grade(as_read(text)))


def without_legal_names(text: str, names: tuple[str, ...]) -> str:
    for name in names:
        text = re.sub(re.escape(name), "it", text, flags=re.IGNORECASE)
    return text


def figures(domain_dir: Path = DOMAIN_DIR) -> Figures:
    """The median and the worst grade of every variant, and every one above `MAX_GRADE`."""
    graded = sorted(((grade(v.text), v.label) for v in variants(domain_dir)), reverse=True)
    grades = [g for g, _ in graded]
    return Figures(
        count=len(graded),
        median=statistics.median(grades),
        worst=graded[0][0],
        worst_label=graded[0][1],
        above=tuple((g, label) for g, label in graded if g > MAX_GRADE),
    )


# ----------------------------------------------------------------------------- the tests


def test_every_response_reads_at_grade_8_or_below() -> None:
    too_hard = [
        f"{grade(v.text):.1f} {v.label}: {v.text}"
        for v in variants()
        if grade(v.text) > MAX_GRADE
        and v.response not in LEGAL_NAMES
        and v.response not in AWAITING_REWRITE
    ]
    assert too_hard == [], (
        "Above reading grade 8: use shorter sentences and common words\n" + "\n".join(too_hard)
    )


@pytest.mark.parametrize("response", sorted(LEGAL_NAMES))
def test_a_legal_name_is_the_only_thing_that_makes_a_response_hard(response: str) -> None:
    names, reason = LEGAL_NAMES[response]
    assert reason, "every exception gives its reason"
    listed = [v for v in variants() if v.response == response]
    assert listed, f"{response} is no longer in the domain: take it off LEGAL_NAMES"
    assert any(grade(v.text) > MAX_GRADE for v in listed), (
        f"{response} now reads at grade 8 or below: take it off LEGAL_NAMES"
    )
    for variant in listed:
        for name in names:
            if grade(variant.text) > MAX_GRADE:
                assert name.lower() in variant.text.lower(), f"{variant.label} lacks {name!r}"
        plain = without_legal_names(variant.text, names)
        assert grade(plain) <= MAX_GRADE, (
            f"{variant.label} is hard for more than its legal names ({grade(plain):.1f})"
        )


def test_the_temporary_list_names_only_responses_still_above_grade_8() -> None:
    """A warning, not a failure: the files on it are being rewritten by others at the same time."""
    hard = {v.response for v in variants() if grade(v.text) > MAX_GRADE}
    for response, file in sorted(AWAITING_REWRITE.items()):
        if response not in hard:
            warnings.warn(
                f"{response} ({file}) reads at grade 8 or below now, or is gone: take it off "
                "AWAITING_REWRITE in tests/test_readability.py",
                stacklevel=1,
            )


def test_the_measure_tells_plain_words_from_hard_ones() -> None:
    assert grade("You can ask us. We can help.") < 3
    hard = (
        "Notwithstanding the aforementioned statutory considerations, the determination "
        "of eligibility necessitates comprehensive multidisciplinary assessment."
    )
    assert grade(hard) > 15
    assert as_read("Call {provider_phone} by {appeal_deadline_words}") == (
        "Call our number by next Monday."
    )
    assert as_read("What next:\n1. Tell us\n2. Wait") == "What next:. 1. Tell us. 2. Wait."


def test_the_figures_are_reported(capsys: pytest.CaptureFixture[str]) -> None:
    found = figures()
    assert found.count > 100 and found.median <= MAX_GRADE
    with capsys.disabled():
        print(
            f"\nreadability: {found.count} response texts, median grade {found.median:.1f}, "
            f"worst {found.worst:.1f} ({found.worst_label}), {len(found.above)} above grade 8"
        )


if __name__ == "__main__":
    report = figures()
    print(f"{report.count} response texts in bot/domain")
    print(f"median Flesch-Kincaid grade {report.median:.1f}")
    print(f"worst {report.worst:.1f}: {report.worst_label}")
    print(f"above grade {MAX_GRADE:g}:")
    for value, label in report.above:
        print(f"  {value:5.1f}  {label}")
