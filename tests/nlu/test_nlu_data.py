"""The NLU training data: held-out sets stay out of it, and decisions are read one way only.

`tests/nlu/voices/` measures how the model reads voices the training data does not use; a
training example that repeats one of its messages would make that figure meaningless. The check
compares normalised text and, on failure, names only the training example.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.mias.reading.decisions import LABELS
from bot.settings import PROJECT_ROOT

NLU = PROJECT_ROOT / "bot" / "data" / "nlu"
VOICES = PROJECT_ROOT / "tests" / "nlu" / "voices"
# Where the thresholds that combine the decision rules and the model were chosen: kept out of
# training like the held-out sets.
DECISIONS_VALIDATION = PROJECT_ROOT / "bench" / "decisions_validation.yml"
# Where the rules that check the classifier's intent were designed (bot/nlu/interruption_guard.py).
INTENTS_DEVELOPMENT = sorted((PROJECT_ROOT / "bench").glob("intents_dev*.yml"))
OLD_HELD_OUT = sorted((PROJECT_ROOT / "tests" / "nlu").glob("held_out_*.yml"))
ANNOTATION = re.compile(r"\[([^\]]+)\]\{([^}]*)\}|\[([^\]]+)\]\(([^)]*)\)")


def examples_of(path: Path) -> list[tuple[str, str]]:
    """(intent, example as written) of a Rasa NLU YAML file."""
    data = yaml.safe_load(path.read_text()) or {}
    found = []
    for block in data.get("nlu") or []:
        if "intent" in block:
            for line in str(block.get("examples", "")).splitlines():
                if line.strip().startswith("- "):
                    found.append((block["intent"], line.strip()[2:]))
    return found


def plain(text: str) -> str:
    """An example without its annotations, lower case, letters and digits only."""
    text = ANNOTATION.sub(lambda m: m.group(1) or m.group(3), text)
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def training_examples() -> list[tuple[str, str]]:
    return [example for path in sorted(NLU.glob("*.yml")) for example in examples_of(path)]


def held_out_texts() -> set[str]:
    texts = {plain(text) for path in OLD_HELD_OUT for _, text in examples_of(path)}
    intents = VOICES / "held_out_intents.yml"
    if intents.exists():
        texts |= {plain(text) for _, text in examples_of(intents)}
    for decisions in (VOICES / "decisions.yml", DECISIONS_VALIDATION, *INTENTS_DEVELOPMENT):
        if decisions.exists():
            texts |= {plain(entry["text"]) for entry in yaml.safe_load(decisions.read_text())}
    return texts


def test_no_training_example_repeats_a_held_out_message() -> None:
    """Short replies ("yes", "good afternoon") are bound to be written alike; anything of three
    words or more in both would be read, not understood. Only a count is shown: the failing
    examples are the held-out messages themselves."""
    held_out = held_out_texts()
    assert held_out, "no held-out messages found"
    repeated = [
        text
        for _, text in training_examples()
        if len(plain(text).split()) >= 3 and plain(text) in held_out
    ]
    assert len(repeated) == 0, f"{len(repeated)} training examples repeat held-out messages"


def test_decisions_are_not_tagged_as_entities_any_more() -> None:
    """A typed decision is describe_decision/<label>, read by rules and the response selector;
    only the buttons send a `decision_type` entity."""
    tagged = [text for _, text in training_examples() if '"decision_type"' in text]
    assert tagged == []


def test_every_decision_label_has_examples_and_a_response() -> None:
    domain = yaml.safe_load((PROJECT_ROOT / "bot" / "domain" / "decisions.yml").read_text())
    responses = {
        name.split("/", 1)[1]
        for name in domain["responses"]
        if name.startswith("utter_describe_decision/")
    }
    trained = {
        intent.split("/", 1)[1]
        for intent, _ in training_examples()
        if intent.startswith("describe_decision/")
    }
    assert responses == trained == set(LABELS)
    for name in domain["responses"]:
        assert len(domain["responses"][name][0]["text"]) <= 80, name


def pipeline() -> list[dict[str, Any]]:
    return yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())["pipeline"]


def test_each_retrieval_intent_has_its_own_response_selector() -> None:
    selectors = [c.get("retrieval_intent") for c in pipeline() if c["name"] == "ResponseSelector"]
    assert sorted(selectors) == ["describe_decision", "faq"]


@pytest.mark.parametrize("name", ["DIETClassifier", "ResponseSelector"])
def test_trained_components_have_a_fixed_seed(name: str) -> None:
    components = [c for c in pipeline() if c["name"] == name]
    assert components
    assert all(isinstance(c.get("random_seed"), int) for c in components)


def test_the_interruption_guard_runs_after_the_fallback() -> None:
    names = [c["name"] for c in pipeline()]
    guard = "bot.nlu.interruption_guard.InterruptionGuard"
    if guard in names:
        assert names.index(guard) > names.index("FallbackClassifier")


def test_the_old_held_out_figures_do_not_read_the_voices_folder() -> None:
    """`rasa test nlu --nlu tests/nlu` would merge tests/nlu/voices into the old figures."""
    from bench import nlu_accuracy

    assert all(path.parent == PROJECT_ROOT / "tests" / "nlu" for path in nlu_accuracy.OLD_HELD_OUT)
    assert nlu_accuracy.VOICES.parent == VOICES
