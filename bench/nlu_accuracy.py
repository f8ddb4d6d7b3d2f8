"""Intent accuracy and FAQ-key accuracy from cross-validation: `python -m bench.nlu_accuracy`.

Trains the NLU pipeline of config.yml on k-1 folds and tests on the rest (Rasa's own
cross-validation), then prints the figures. Takes a few minutes on two cores.
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
        [str(Path(sys.executable).parent / "rasa"), "test", "nlu", "--nlu", "bot/data/nlu",
         "--config", "config.yml", "--domain", "bot/domain", "--cross-validation",
         "--folds", str(folds), "--out", str(out), "--no-plot"],
        cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        run_cross_validation(args.folds, out)
        for name, value in report_figures(out).items():
            print(f"{name:>20}: {value:.3f}")


if __name__ == "__main__":
    main()
