import pytest

from bot.nlu.entities import normalise_entities


def test_a_council_entity_gets_the_name_as_we_say_it() -> None:
    spacy_found = [{"entity": "local_authority", "value": "southwark", "start": 36, "end": 45}]
    entities = normalise_entities("we live in se5 8ub and the council is southwark", spacy_found)
    assert [e["value"] for e in entities] == ["London Borough of Southwark"]


@pytest.mark.parametrize(
    ("text", "said", "council"),
    [
        ("the letter came from birmingam city council", "birmingam", "Birmingham City Council"),
        ("we're in Hertfordshir", "Hertfordshir", "Hertfordshire County Council"),
        ("its from sothwark", "sothwark", "London Borough of Southwark"),
    ],
)
def test_a_misspelt_council_is_found_in_a_sentence(text: str, said: str, council: str) -> None:
    (entity,) = normalise_entities(text, [])
    assert entity["entity"] == "local_authority" and entity["value"] == council
    assert text[entity["start"] : entity["end"]] == said


def test_a_postcode_entity_is_written_properly() -> None:
    (entity,) = normalise_entities(
        "b721ea", [{"entity": "postcode", "value": "b721ea", "start": 0, "end": 6}]
    )
    assert entity["value"] == "B72 1EA"


@pytest.mark.parametrize("text", ["is mediation free?", "I'm reading the letter again", "hello"])
def test_ordinary_words_are_not_councils(text: str) -> None:
    assert normalise_entities(text, []) == []
