"""The spaCy rules pipeline: built to a folder, loaded by path, entities found."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.nlu.build_pipeline import HASH_FILE, build, build_nlp, main

if TYPE_CHECKING:  # spaCy is imported where it is used: it loads TensorFlow (through thinc)
    from spacy.language import Language


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("spacy_rules")
    assert build(out) is True
    return out


@pytest.fixture(scope="module")
def nlp(rules_dir: Path) -> Language:
    import spacy

    return spacy.load(rules_dir)


def entities(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(ent.text, ent.label_) for ent in nlp(text).ents]


FOUND = [
    (
        "we live in se5 8ub and the council is southwark",
        [("se5 8ub", "postcode"), ("southwark", "local_authority")],
    ),
    ("it was Birmingham City Council", [("Birmingham City Council", "local_authority")]),
    ("letter dated 3rd March", [("3rd March", "date")]),
    ("the letter came last friday", [("last friday", "date")]),
    ("12/02/2026", [("12/02/2026", "date")]),
    ("RBKC", [("RBKC", "local_authority")]),
    ("Herts", [("Herts", "local_authority")]),
    ("Cardiff", [("Cardiff", "local_authority")]),
    ("SE5 8UB", [("SE5 8UB", "postcode")]),
    ("se58ub", [("se58ub", "postcode")]),
    ("B72  1EA", [("B72  1EA", "postcode")]),
    ("my postcode is b72", [("b72", "postcode")]),
    ("we live in SE5", [("SE5", "postcode")]),
    ("it is 3 March 2026", [("3 March 2026", "date")]),
    ("March 3rd", [("March 3rd", "date")]),
    ("12/2/26", [("12/2/26", "date")]),
    ("12-02-2026", [("12-02-2026", "date")]),
    ("12.02.26.", [("12.02.26", "date")]),
    ("it came yesterday", [("yesterday", "date")]),
    ("today", [("today", "date")]),
    ("2 weeks ago", [("2 weeks ago", "date")]),
    ("a couple of weeks ago", [("a couple of weeks ago", "date")]),
    ("on Monday", [("Monday", "date")]),
    ("the 5th of January", [("5th of January", "date")]),
    ("1st oct", [("1st oct", "date")]),
    ("letter dated 3rd March, we", [("3rd March", "date")]),
    ("Stoke on Trent", [("Stoke on Trent", "local_authority")]),
    ("stoke-on-trent", [("stoke-on-trent", "local_authority")]),
    ("Kensington & Chelsea", [("Kensington & Chelsea", "local_authority")]),
    ("St. Helens", [("St. Helens", "local_authority")]),
    ("we moved from St Albans", [("St Albans", "local_authority")]),
    ("Sutton Coldfield", [("Sutton Coldfield", "local_authority")]),
    ("Reading Borough Council said no", [("Reading Borough Council", "local_authority")]),
    ("we are in Reading", [("Reading", "local_authority")]),
    (
        "the London Borough of Tower Hamlets",
        [("London Borough of Tower Hamlets", "local_authority")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_entities_found(nlp: Language, text: str, expected: list[tuple[str, str]]):
    assert entities(nlp, text) == expected


CASE_FREE = [
    (text, ents)
    for text, ents in FOUND
    if text
    not in {
        "we live in SE5",
        "we are in Reading",
    }
]


@pytest.mark.parametrize(("text", "expected"), CASE_FREE)
def test_entities_found_in_lower_case(nlp: Language, text: str, expected: list[tuple[str, str]]):
    """Rasa's SpacyNLP lower-cases the text unless case_sensitive is set."""
    lowered = [(value.lower(), label) for value, label in expected]
    assert entities(nlp, text.lower()) == lowered


@pytest.mark.parametrize(
    "text",
    [
        "hello there",
        "i want mediation",
        "I was reading the letter",
        "may I ask something",
        "we live in london",
        "he is in y6 and doing ks2",
        "turn off the m1 2nd exit",
        "3rd",
    ],
)
def test_nothing_found(nlp: Language, text: str):
    assert entities(nlp, text) == []


@pytest.mark.parametrize("text", ["12/02/2026", "12/2/26", "12.02.26", "03/03/26"])
def test_numeric_dates_are_single_tokens(nlp: Language, text: str):
    assert [token.text for token in nlp(text)] == [text]


def test_hyphenated_date_is_split_by_the_tokenizer_but_one_entity(nlp: Language):
    doc = nlp("on 12-02-2026 it came")
    assert len(doc) > 4
    assert entities(nlp, "on 12-02-2026 it came") == [("12-02-2026", "date")]


def test_pipeline_uses_built_in_components_only(rules_dir: Path):
    config = (rules_dir / "config.cfg").read_text(encoding="utf-8")
    assert 'factory = "entity_ruler"' in config
    assert 'factory = "attribute_ruler"' in config
    import spacy

    assert spacy.load(rules_dir).pipe_names == ["attribute_ruler", "entity_ruler"]


def test_labels_are_exactly_the_three_entities():
    ruler = build_nlp().get_pipe("entity_ruler")
    assert set(ruler.labels) == {"postcode", "local_authority", "date"}


def test_if_missing_skips_a_current_folder_and_rebuilds_a_stale_one(rules_dir: Path):
    assert build(rules_dir, if_missing=True) is False
    (rules_dir / HASH_FILE).write_text("stale\n", encoding="utf-8")
    assert build(rules_dir, if_missing=True) is True
    assert (rules_dir / HASH_FILE).read_text(encoding="utf-8").strip() != "stale"


def test_command_line_builds_into_out(tmp_path: Path):
    out = tmp_path / "rules"
    assert main(["--out", str(out), "--if-missing"]) == 0
    assert (out / "config.cfg").is_file()
    assert (out / HASH_FILE).is_file()
