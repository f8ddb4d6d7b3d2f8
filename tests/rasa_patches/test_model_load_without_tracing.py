"""Loading a network runs its weight-building training step eagerly, then puts the model's own
setting back for prediction (bot/rasa_patches/model_load_without_tracing.py).

`FakeModel` stands in for DIET, the response selector or TED: it records what `RasaModel.load`
does with it, and whether it would run eagerly (untraced) at each step. No model is trained.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

pytestmark = pytest.mark.usefixtures("patched_rasa")

WEIGHTS = "DIETClassifier.tf_model"
PREDICT_EXAMPLE = object()


class FakeModel:
    def __init__(self, **kwargs: Any) -> None:  # Rasa passes the model's config and data
        self.run_eagerly: bool | None = None
        self.steps: list[tuple[str, Any]] = []

    def compile(self, optimizer: Any, run_eagerly: bool | None = None) -> None:
        self.run_eagerly = run_eagerly
        self.steps.append(("compile", run_eagerly))

    def fit(self, data: Any, verbose: bool) -> None:
        self.steps.append(("fit, eagerly", self.run_eagerly))

    def load_weights(self, file_name: str) -> None:
        self.steps.append(("load_weights", file_name))

    def run_inference(self, example: Any) -> None:
        self.steps.append(("run_inference, eagerly", self.run_eagerly))


def load(*, finetune_mode: bool, run_eagerly: bool | None) -> FakeModel:
    """`RasaModel.load` as DIET's `load` calls it, with `FakeModel` for the network."""
    load_as_subclass = vars(RasaModel)["load"].__get__(None, FakeModel)
    model: FakeModel = load_as_subclass(
        WEIGHTS,
        RasaModelData(),
        PREDICT_EXAMPLE,
        config={"run_eagerly": run_eagerly, "learning_rate": 0.001},
        finetune_mode=finetune_mode,
    )
    return model


@pytest.mark.parametrize("run_eagerly", [None, False])
def test_the_step_that_builds_the_weights_runs_eagerly_and_prediction_does_not(
    run_eagerly: bool | None,
) -> None:
    model = load(finetune_mode=False, run_eagerly=run_eagerly)
    assert model.steps == [
        ("compile", True),
        ("fit, eagerly", True),
        ("load_weights", WEIGHTS),
        ("run_inference, eagerly", run_eagerly),
    ]
    assert model.run_eagerly is run_eagerly


def test_a_model_loaded_to_fine_tune_is_loaded_as_rasa_does() -> None:
    model = load(finetune_mode=True, run_eagerly=False)
    assert model.steps == [
        ("compile", False),
        ("fit, eagerly", False),
        ("load_weights", WEIGHTS),
    ]
