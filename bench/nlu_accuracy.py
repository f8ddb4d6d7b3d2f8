"""How well the NLU model reads people: `python -m bench.nlu_accuracy --held-out` or `--folds N`.

With --held-out, the trained model (the latest in bot/models, or --model) is tested on sets that
training never sees, each reported on its own:

(a) old held-out: tests/nlu/held_out_core.yml and held_out_faq.yml, written in the training data's
    own voice. Intent accuracy and macro-F1, FAQ-key accuracy.
(b) voices: tests/nlu/voices/held_out_intents.yml, written in other voices (texting, anxious
    paragraphs, EAL, dyslexic spelling, professionals, young people, two questions in one).
    The same figures.
(c) decisions: tests/nlu/voices/decisions.yml, free-text descriptions of the council's decision
    read the way the bot reads them: `read_decision_with_model(text, ranking)` from
    bot.mias.reading.decisions when it exists, otherwise its rules (`read_decision`) first and,
    when they give nothing, the model's top `describe_decision` prediction.

(e) decisions of bench/decisions_validation.yml, read the same way: the set the thresholds of
    `read_decision_with_model` were chosen on (written apart from the rules, the training data
    and the held-out sets), so that the held-out figures of (c) stay untouched by that choice.

(f) intents of bench/intents_dev.yml, read the same way as (b): the set the rules that check the
    classifier's intent (bot/nlu/interruption_guard.py) were designed on, written apart from the
    training data and the held-out sets. Its figures flatter those rules.

(g), (h) intents of the second development set, in two halves: bench/intents_dev2_design.yml,
    whose misreadings the rules of 2026-12-04 were extended on (flattered), and
    bench/intents_dev2_check.yml, of which only counts were looked at (see its header).

Without --held-out, (d) Rasa's own cross-validation: the NLU pipeline of config.yml is trained on
N-1 folds of bot/data/nlu and tested on the rest (--folds, 3 by default; several minutes a fold on
two cores).

Scoring follows `rasa test nlu`: a FallbackClassifier prediction is undone (the intent under it
counts), macro-F1 is over every label that is either expected or predicted, and FAQ-key accuracy
is the faq response selector's key on the examples whose expected intent is faq/<key>, whatever
intent was predicted. Descriptions of a decision are the retrieval intent describe_decision; an
`inform` example of a held-out file that marks a `decision_type` entity (the files' older
convention) is expected to be read as describe_decision.

The voices files are held out: this prints figures only, never their messages (--errors shows the
misread examples of the old held-out files only).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.settings import PROJECT_ROOT

OLD_HELD_OUT = (
    PROJECT_ROOT / "tests" / "nlu" / "held_out_core.yml",
    PROJECT_ROOT / "tests" / "nlu" / "held_out_faq.yml",
)
VOICES = PROJECT_ROOT / "tests" / "nlu" / "voices" / "held_out_intents.yml"
VOICES_DECISIONS = PROJECT_ROOT / "tests" / "nlu" / "voices" / "decisions.yml"
DECISIONS_VALIDATION = PROJECT_ROOT / "bench" / "decisions_validation.yml"
INTENTS_DEVELOPMENT = PROJECT_ROOT / "bench" / "intents_dev.yml"
INTENTS_DEVELOPMENT_2 = (
    PROJECT_ROOT / "bench" / "intents_dev2_design.yml",
    PROJECT_ROOT / "bench" / "intents_dev2_check.yml",
)
FAQ = "faq"
DESCRIBE_DECISION = "describe_decision"
ANSWER_INTENT = "inform"


@dataclass
class Example:
    text: str
    intent: str
    response_key: str | None = None  # "faq/cost"; None for an intent without responses
    role: str | None = None  # the `role` entity marked in the example


@dataclass
class Reading:
    intent: str
    faq_key: str | None
    decision_ranking: list[dict[str, Any]] = field(default_factory=list)
    confidence: float = 1.0  # the classifier's top intent, before any fallback
    margin: float = 1.0  # its lead over the second intent
    guarded: str = ""  # the intent once InterruptionGuard has checked the words
    role: str | None = None  # the `role` entity the model found


# --- loading ---------------------------------------------------------------------------------


def load_examples(paths: tuple[Path, ...] | list[Path]) -> list[Example]:
    """NLU examples of Rasa YAML files, with the decision convention of the module's docstring."""
    from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RESPONSE_KEY, TEXT
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for path in paths:
        for message in load_data(str(path)).intent_examples:
            intent = message.get(INTENT)
            key = message.get(INTENT_RESPONSE_KEY)
            decisions = [
                e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == "decision_type"
            ]
            if intent == ANSWER_INTENT and decisions:
                intent, key = DESCRIBE_DECISION, f"{DESCRIBE_DECISION}/{decisions[0]}"
            roles = [e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == "role"]
            examples.append(Example(message.get(TEXT), intent, key, roles[0] if roles else None))
    return examples


def load_listed_examples(path: Path) -> list[Example]:
    """Examples of a plain YAML list of {text, intent} ("faq/cost" for an FAQ key)."""
    import yaml

    examples = []
    for entry in yaml.safe_load(path.read_text()):
        intent, _, key = str(entry["intent"]).partition("/")
        examples.append(Example(entry["text"], intent, entry["intent"] if key else None))
    return examples


def load_decisions(path: Path = VOICES_DECISIONS) -> list[dict[str, str]]:
    import yaml

    return yaml.safe_load(path.read_text())


def latest_model(path: Path) -> Path:
    if path.is_file():
        return path
    models = sorted(path.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        sys.exit(f"no trained model in {path}: run `make train` first")
    return models[-1]


# --- reading with the model ------------------------------------------------------------------


def guarded(
    intent: str, text: str, entities: list[dict[str, Any]], ranking: Sequence[str] = ()
) -> str:
    """The intent InterruptionGuard leaves (bot/nlu/interruption_guard.py): the same rule, applied
    here too so that a model trained without the component can be scored with it."""
    from bot.nlu.interruption_guard import intent_from_words

    return intent_from_words(intent, text, entities, ranking)


class ModelReader:
    """The trained model's reading of a message, as `rasa test nlu` reads it."""

    def __init__(self, model: Path) -> None:
        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog

        # Rasa logs every parsed message at debug level: the held-out texts must not be printed.
        configure_structlog(logging.WARNING)
        self.processor = Agent.load(model_path=str(model)).processor
        self.loop = asyncio.new_event_loop()

    def read(self, text: str) -> Reading:
        from rasa.core.channels.channel import UserMessage
        from rasa.nlu.classifiers import fallback_classifier

        result = self.loop.run_until_complete(
            self.processor.parse_message(UserMessage(text=text), only_output_properties=False)
        )
        if fallback_classifier.is_fallback_classifier_prediction(result):
            result = fallback_classifier.undo_fallback_prediction(result)
        intent = (result.get("intent") or {}).get("name") or ""
        ranking = [r for r in result.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
        confidences = [float(r["confidence"]) for r in ranking] or [1.0]
        selectors = result.get("response_selector", {})
        faq = selectors.get(FAQ, {}).get("response", {})
        return Reading(
            intent=intent,
            faq_key=faq.get("intent_response_key"),
            decision_ranking=selectors.get(DESCRIBE_DECISION, {}).get("ranking", []),
            confidence=confidences[0],
            margin=confidences[0] - (confidences[1] if len(confidences) > 1 else 0.0),
            guarded=guarded(
                intent,
                text,
                result.get("entities") or [],
                [r["name"] for r in ranking if r["name"] != intent],
            ),
            role=next(
                (e["value"] for e in result.get("entities") or [] if e["entity"] == "role"), None
            ),
        )

    def read_all(self, texts: list[str]) -> list[Reading]:
        return [self.read(text) for text in texts]


# --- scoring ---------------------------------------------------------------------------------


def intent_figures(examples: list[Example], readings: list[Reading]) -> dict[str, Any]:
    from sklearn.metrics import classification_report, f1_score

    expected = [e.intent for e in examples]
    predicted = [r.intent for r in readings]
    report = classification_report(expected, predicted, output_dict=True, zero_division=0)
    with_guard = [r.guarded for r in readings]
    faq = [(e, r) for e, r in zip(examples, readings) if e.intent == FAQ]
    figures: dict[str, Any] = {
        "examples": len(examples),
        "intent accuracy": report["accuracy"],
        "intent macro-F1": report["macro avg"]["f1-score"],
        "intent macro-F1 with InterruptionGuard": f1_score(
            expected, with_guard, average="macro", zero_division=0
        ),
    }
    if faq:
        figures["FAQ-key accuracy"] = sum(e.response_key == r.faq_key for e, r in faq) / len(faq)
        figures["FAQ right end to end"] = sum(
            r.intent == FAQ and e.response_key == r.faq_key for e, r in faq
        ) / len(faq)
    roles = [(e, r) for e, r in zip(examples, readings) if e.role]
    if roles:
        from bot.mias.reading.roles import read_role

        by_model = sum(e.role == r.role for e, r in roles)
        by_rules = sum(e.role == read_role(e.text) for e, _ in roles)
        either = sum(e.role == (r.role or read_role(e.text)) for e, r in roles)
        figures["role: model entity / rules (read_role) / model, else rules"] = (
            f"{by_model}/{len(roles)} / {by_rules}/{len(roles)} / {either}/{len(roles)}"
        )
    figures["per intent F1 (precision, recall)"] = {
        label: (scores["f1-score"], int(scores["support"]), scores["precision"], scores["recall"])
        for label, scores in report.items()
        if isinstance(scores, dict) and label not in ("macro avg", "weighted avg")
    }
    keys: dict[str, list[bool]] = defaultdict(list)
    for e, r in faq:
        keys[e.response_key or ""].append(e.response_key == r.faq_key)
    figures["per FAQ key accuracy"] = {k: (sum(v) / len(v), len(v)) for k, v in keys.items()}
    return figures


FALLBACK_THRESHOLDS = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95)


def fallback_figures(
    examples: list[Example], readings: list[Reading], ambiguity: float = 0.05
) -> dict[str, str]:
    """What FallbackClassifier thresholds would do: how many messages fall back ("didn't
    understand"), and how many of the misread intents are among them."""
    figures = {}
    wrong = [e.intent != r.intent for e, r in zip(examples, readings)]
    for threshold in FALLBACK_THRESHOLDS:
        falls = [r.confidence < threshold or r.margin < ambiguity for r in readings]
        caught = sum(f and w for f, w in zip(falls, wrong))
        kept_right = sum(not f and not w for f, w in zip(falls, wrong))
        figures[f"threshold {threshold}"] = (
            f"falls back {sum(falls)}/{len(readings)}, of them misread {caught}/{sum(wrong)}; "
            f"accuracy of the rest {kept_right / max(1, len(readings) - sum(falls)):.3f}"
        )
    return figures


def label_of(ranked: dict[str, Any]) -> str:
    """'refuse_plan' of the selector's 'describe_decision/refuse_plan'."""
    return str(ranked["intent_response_key"]).split("/", 1)[1]


def top_decision(ranking: list[dict[str, Any]]) -> str | None:
    return label_of(ranking[0]) if ranking else None


def decision_reader():
    """The bot's way of reading a decision: the conversation's own combination if it has one."""
    from bot.mias.reading import decisions

    combined = getattr(decisions, "read_decision_with_model", None)

    def read(text: str, ranking: list[dict[str, Any]]) -> tuple[str | None, str | None, str]:
        rules = decisions.read_decision(text)
        source = "rules" if rules.decision is not None else "model"
        if combined is not None:
            labels = [(label_of(r), float(r["confidence"])) for r in ranking]
            reading = combined(text, labels)
            return reading.decision, reading.or_else, source
        if rules.decision is not None:
            return rules.decision, rules.or_else, source
        return top_decision(ranking), None, source

    return read, "read_decision_with_model" if combined else "rules, then the model's top"


def decision_figures(entries: list[dict[str, str]], readings: list[Reading]) -> dict[str, Any]:
    from bot.mias.reading.decisions import read_decision

    read, how = decision_reader()
    right = asked = asked_holds = unread = 0
    by_label, by_voice, model_by_label = defaultdict(list), defaultdict(list), defaultdict(list)
    by_source: dict[str, list[bool]] = defaultdict(list)
    rules_right = rules_read = model_right = 0
    for entry, reading in zip(entries, readings):
        label, or_else, source = read(entry["text"], reading.decision_ranking)
        ok = label == entry["decision"] and or_else is None
        right += ok
        unread += label is None
        if or_else is not None:
            asked += 1
            asked_holds += entry["decision"] in (label, or_else)
        by_source[source].append(ok)
        by_label[entry["decision"]].append(ok)
        by_voice[entry.get("voice", "?")].append(ok)
        rules = read_decision(entry["text"])
        if rules.decision is not None:
            rules_read += 1
            rules_right += rules.decision == entry["decision"]
        model_ok = top_decision(reading.decision_ranking) == entry["decision"]
        model_right += model_ok
        model_by_label[entry["decision"]].append(model_ok)
    n = len(entries)
    return {
        "examples": n,
        "read as": how,
        "decision accuracy (right at once)": right / n,
        "asked back between two (right one among them)": f"{asked} ({asked_holds})",
        "right at once, or among the two asked": (right + asked_holds) / n,
        "wrong without asking": (n - right - asked - unread) / n,
        "not read at all": unread,
        "right where the rules read / where the model read": " / ".join(
            f"{sum(v)}/{len(v)}" for v in (by_source["rules"], by_source["model"])
        ),
        "rules alone: read, right when read": f"{rules_read}/{n}, {rules_right}/{rules_read}",
        "model alone (top describe_decision)": model_right / n,
        "per decision": {k: (sum(v) / len(v), len(v)) for k, v in sorted(by_label.items())},
        "per voice": {k: (sum(v) / len(v), len(v)) for k, v in sorted(by_voice.items())},
        "per decision, model alone": {
            k: (sum(v) / len(v), len(v)) for k, v in sorted(model_by_label.items())
        },
    }


# --- cross-validation ------------------------------------------------------------------------


def run_cross_validation(folds: int, out: Path, config: Path, data: Path, domain: Path) -> None:
    subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "test",
            "nlu",
            "--nlu",
            str(data),
            "--config",
            str(config),
            "--domain",
            str(domain),
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(out),
            "--no-plot",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def cross_validation_figures(out: Path) -> dict[str, Any]:
    intents = json.loads((out / "intent_report.json").read_text())
    figures: dict[str, Any] = {
        "intent accuracy": intents["accuracy"],
        "intent macro-F1": intents["macro avg"]["f1-score"],
    }
    report_file = out / "response_selection_report.json"
    if report_file.exists():
        report = json.loads(report_file.read_text())
        for name, prefix in (("FAQ-key accuracy", FAQ), ("decision accuracy", DESCRIBE_DECISION)):
            labels = [v for k, v in report.items() if k.startswith(prefix + "/")]
            support = sum(v["support"] for v in labels)
            if support:
                figures[name] = sum(v["recall"] * v["support"] for v in labels) / support
    return figures


# --- printing --------------------------------------------------------------------------------


def show(title: str, figures: dict[str, Any], per_label: bool) -> None:
    print(f"\n{title}")
    for name, value in figures.items():
        if isinstance(value, str) and name.startswith("threshold"):
            print(f"  {name:<16} {value}")
        elif isinstance(value, dict):
            if per_label or name.startswith(("per decision", "per voice")):
                print(f"  {name}:")
                for label, (score, support, *more) in sorted(value.items()):
                    extra = "  (P {:.2f}, R {:.2f})".format(*tuple(more)) if more else ""
                    print(f"    {label:<40} {score:.3f}  (n={support}){extra}")
        elif isinstance(value, float):
            print(f"  {name:<45} {value:.3f}")
        else:
            print(f"  {name:<45} {value}")


def show_errors(examples: list[Example], readings: list[Reading]) -> None:
    for e, r in zip(examples, readings):
        if e.intent != r.intent or (e.intent == FAQ and e.response_key != r.faq_key):
            got = r.faq_key if r.intent == FAQ else r.intent
            print(f"    {e.response_key or e.intent:<32} -> {got:<32} {e.text}")
        if r.guarded != r.intent:
            print(f"    {'(InterruptionGuard)':<32} {r.intent} -> {r.guarded:<20} {e.text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--held-out", action="store_true", help="test the trained model")
    parser.add_argument("--folds", type=int, default=3, help="cross-validation folds")
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "bot" / "models")
    parser.add_argument("--config", type=Path, default=PROJECT_ROOT / "config.yml")
    parser.add_argument("--data", type=Path, default=PROJECT_ROOT / "bot" / "data" / "nlu")
    parser.add_argument("--domain", type=Path, default=PROJECT_ROOT / "bot" / "domain")
    parser.add_argument("--per-label", action="store_true", help="F1 per intent and FAQ key")
    parser.add_argument("--errors", action="store_true", help="old held-out errors only")
    parser.add_argument("--fallback", action="store_true", help="FallbackClassifier thresholds")
    args = parser.parse_args()

    if not args.held_out:
        with tempfile.TemporaryDirectory() as folder:
            started = time.monotonic()
            run_cross_validation(args.folds, Path(folder), args.config, args.data, args.domain)
            figures = cross_validation_figures(Path(folder))
        figures["minutes"] = f"{(time.monotonic() - started) / 60:.1f}"
        show(f"(d) cross-validation, {args.folds} folds of bot/data/nlu", figures, False)
        return

    model = latest_model(args.model)
    print(f"model: {model}")
    reader = ModelReader(model)

    old = load_examples(OLD_HELD_OUT)
    old_readings = reader.read_all([e.text for e in old])
    show(
        "(a) old held-out (tests/nlu/held_out_*.yml)",
        intent_figures(old, old_readings),
        args.per_label,
    )
    if args.errors:
        show_errors(old, old_readings)

    voices = load_examples([VOICES])
    voices_readings = reader.read_all([e.text for e in voices])
    show(
        "(b) voices (tests/nlu/voices/held_out_intents.yml)",
        intent_figures(voices, voices_readings),
        args.per_label,
    )
    if args.fallback:
        show(
            "    FallbackClassifier thresholds on the voices set",
            fallback_figures(voices, voices_readings),
            True,
        )

    entries = load_decisions()
    decision_readings = reader.read_all([entry["text"] for entry in entries])
    show(
        "(c) decisions from free text (tests/nlu/voices/decisions.yml)",
        decision_figures(entries, decision_readings),
        True,
    )
    validation = load_decisions(DECISIONS_VALIDATION)
    show(
        "(e) decisions, the validation set (bench/decisions_validation.yml)",
        decision_figures(validation, reader.read_all([entry["text"] for entry in validation])),
        args.per_label,
    )
    for letter, path in zip("fgh", (INTENTS_DEVELOPMENT, *INTENTS_DEVELOPMENT_2)):
        development = load_listed_examples(path)
        show(
            f"({letter}) intents, a development set (bench/{path.name})",
            intent_figures(development, reader.read_all([e.text for e in development])),
            args.per_label,
        )


if __name__ == "__main__":
    main()
