"""Intent accuracy and FAQ-key accuracy: `python -m bench.nlu_accuracy [--held-out]`.

By default, Rasa's own cross-validation: the NLU pipeline of config.yml is trained on k-1 folds and
tested on the rest (several minutes on two cores). With --held-out, the latest trained model is
tested on the examples in tests/nlu/held_out_*.yml, which training never sees.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bot.settings import PROJECT_ROOT


def run_cross_validation(folds: int, out: Path) -> None:
    subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "test",
            "nlu",
            "--nlu",
            "bot/data/nlu",
            "--config",
            "config.yml",
            "--domain",
            "bot/domain",
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


def run_held_out(out: Path) -> None:
    subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "test",
            "nlu",
            "--nlu",
            "tests/nlu",
            "--model",
            "bot/models",
            "--out",
            str(out),
            "--no-plot",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def report_figures(out: Path) -> dict[str, float]:
    intents = json.loads((out / "intent_report.json").read_text())
    figures = {
        "intent accuracy": intents["accuracy"],
        "intent macro F1": intents["macro avg"]["f1-score"],
    }
    faq_report = out / "response_selection_report.json"
    if faq_report.exists():
        faq = json.loads(faq_report.read_text())
        figures["FAQ-key accuracy"] = faq["accuracy"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--held-out", action="store_true", help="test the trained model instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        if args.held_out:
            run_held_out(out)
        else:
            run_cross_validation(args.folds, out)
        for name, value in report_figures(out).items():
            print(f"{name:>20}: {value:.3f}")


if __name__ == "__main__":
    main()
