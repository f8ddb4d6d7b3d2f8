"""Loading a network runs its weight-building training step eagerly, not traced into a graph.

Overrides `RasaModel.load` (rasa/utils/tensorflow/models.py) in Rasa 3.6.21, which loads DIET, the
response selector and TED. To give a network weights of the right shapes before loading the
trained ones, Rasa trains it for one step on one example, and TensorFlow first traces that
training step into a graph: most of the two minutes a Rasa server took to start. Here the step
runs eagerly, without a graph; then the trained weights are loaded, the model's own `run_eagerly`
setting is put back, and prediction runs as a graph, as before. Loading the model in one process
went from 74 s to 14 s, with the same NLU results to every digit (README, "Figures").

Loading to fine-tune is left to Rasa's own. The rest is a copy of Rasa's code (less its two debug
log lines), so `REPLACES` records a hash of Rasa's function: when an upgrade of Rasa changes it,
tests/rasa_patches/test_replaced_rasa_code.py fails, and the copy must be checked again.
TensorFlow is imported as the patch is applied, not as this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rasa.utils.tensorflow.model_data import RasaModelData
    from rasa.utils.tensorflow.models import RasaModel

# sha256 of the source of each Rasa function replaced, checked by
# tests/rasa_patches/test_replaced_rasa_code.py.
REPLACES = {
    "rasa.utils.tensorflow.models:RasaModel.load": (
        "1d0203f026ffd5990f27c20254f3d5a487e171ac40a6d86ad9647e21ff7b6d47"
    ),
}


def _load(
    rasas: Callable[..., RasaModel],
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: RasaModelData,
    predict_data_example: RasaModelData | None = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """Rasa's `RasaModel.load`, with the one training step that builds the weights run eagerly."""
    if finetune_mode:
        return rasas(
            cls,
            model_file_name,
            model_data_example,
            predict_data_example,
            finetune_mode,
            *args,
            **kwargs,
        )
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True
    )
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    model.run_eagerly = config.get(RUN_EAGERLY)
    if predict_data_example:
        model.run_inference(predict_data_example)  # traces the prediction graph now, not on a turn
    return model


def apply() -> None:
    """Called once, by `bot.rasa_patches.apply`."""
    from rasa.utils.tensorflow.models import RasaModel

    RasaModel.load = classmethod(partial(_load, RasaModel.load.__func__))
