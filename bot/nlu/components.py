"""Our Rasa NLU component: runs after SpacyEntityExtractor (see config.yml)."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot import rasa_patches
from bot.nlu.entities import normalise_entities


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CouncilAndPostcodeEntities(GraphComponent):
    """Gives `local_authority` the council's name as we say it (fuzzy for misspellings) and
    `postcode` its normal form ("B72 1EA")."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CouncilAndPostcodeEntities:
        """Built by Rasa as it loads a model: patches Rasa for what loads next (rasa_patches)."""
        rasa_patches.apply()
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = normalise_entities(text, message.get(ENTITIES, []))
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
