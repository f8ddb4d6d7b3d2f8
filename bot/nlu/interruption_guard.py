"""Our Rasa NLU component: an interruption the words do not back is read as an answer instead.

The classifier proposes an intent for every message, names and places included, and it has never
seen most names: it read "Jordan Morgan" as "delete my data", "Will Smith" as a question and "We
live in Kensington and Chelsea" as a safeguarding concern. Those intents interrupt whatever
question the bot asked. This component, last in the pipeline, keeps them only when the words
say so (bot.mias.reading.interruptions): a request to delete that speaks of the person's data,
a request for a person or a goodbye that is not a name ("Grace Human", "Joy Bye"), or a
disclosure. A safeguarding reading is set aside only when the message names a council or
postcode, or says the young person cannot make decisions for themselves ("he can't make this
decision himself" is an answer about capacity), and has no word that may disclose harm, so a
real disclosure always gets through.
It also works the other way, for two things the bot must never miss because the classifier had
not seen the words. Words that disclose harm ("she's got marks on her arms again", "my partner
hits me") are read as a safeguarding disclosure whatever the classifier said, and words that
plainly ask to delete the person's data ("please delete everything I told you", "dont want u
holding my info") as that request, unless the classifier read a disclosure, which comes first.
A question that opens with a request ("i want mediation but how long will it take") is read as
the request, which the bot acts on first (bot.mias.reading.requests), and thanks said on its own
as thanks, never as a question or an answer.
Everything else it leaves alone; the question being answered decides the rest (the forms).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot import rasa_patches
from bot.mias.reading.courtesies import says_only_thanks
from bot.mias.reading.interruptions import (
    asks_for_a_person,
    discloses_harm,
    is_about_personal_data,
    is_erasure_request,
    mentions_risk,
    says_goodbye,
)
from bot.mias.reading.requests import stated_request
from bot.mias.reading.roles import CANNOT, read_agreement

ANSWER_INTENT = "inform"
ERASURE_INTENT = "request_erasure"
DISCLOSURE_INTENT = "safeguarding_concern"
PLACE_ENTITIES = frozenset({"local_authority", "postcode"})
QUESTION_INTENT = "faq"
REQUESTS = ("request_human", ERASURE_INTENT)
THANKS_INTENT = "thank"
# FallbackClassifier's intent when the classifier is unsure (config.yml).
UNSURE_INTENT = "nlu_fallback"
# Readings that thanks said on its own is never: "thank u that really cleared it up" is not a question.
NOT_THANKS = frozenset(
    {QUESTION_INTENT, ANSWER_INTENT, "out_of_scope", "describe_decision", "start_mias"}
)
# How far down the classifier's ranking a request backed by the words is looked for.
RUNNERS_UP = 3


def backed_by_words(intent: str, text: str, entities: list[dict[str, Any]]) -> bool:
    """Whether an interrupting intent is backed by the message's own words."""
    if intent == ERASURE_INTENT:
        return is_erasure_request(text) or is_about_personal_data(text)
    if intent == "request_human":
        return asks_for_a_person(text)
    if intent == "goodbye":
        return says_goodbye(text)
    if intent == DISCLOSURE_INTENT:
        names_a_place = any(entity.get("entity") in PLACE_ENTITIES for entity in entities)
        about_capacity = read_agreement(text) == CANNOT
        return mentions_risk(text) or not (names_a_place or about_capacity)
    return True


def intent_from_words(
    intent: str, text: str, entities: list[dict[str, Any]], ranking: Sequence[str] = ()
) -> str:
    """The intent once the words have been checked: words that disclose harm, else an explicit
    request to delete, else thanks said on its own, else a request stated before a question,
    else the classifier's intent if the words back it, else a request for a person or to delete that the classifier ranked
    next and the words back ("can someone ring me, I keep deleting what I type"), else an
    answer. When the classifier was unsure (`nlu_fallback`), its first reading is taken only if
    it is such a request and the words back it."""
    if discloses_harm(text):
        return DISCLOSURE_INTENT
    if intent not in (ERASURE_INTENT, DISCLOSURE_INTENT) and is_erasure_request(text):
        return ERASURE_INTENT
    if intent in NOT_THANKS and says_only_thanks(text):
        return THANKS_INTENT
    if intent == QUESTION_INTENT:
        return stated_request(text) or intent
    if intent == UNSURE_INTENT:
        return _request_backed_by_words(ranking[:1], text, entities) or intent
    if backed_by_words(intent, text, entities):
        return intent
    runners_up = [name for name in ranking[:RUNNERS_UP] if name != intent]
    return _request_backed_by_words(runners_up, text, entities) or ANSWER_INTENT


def _request_backed_by_words(
    candidates: Sequence[str], text: str, entities: list[dict[str, Any]]
) -> str | None:
    """The first request for a person or to delete among `candidates` that the words back."""
    return next(
        (name for name in candidates if name in REQUESTS and backed_by_words(name, text, entities)),
        None,
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class InterruptionGuard(GraphComponent):
    """Reads an unbacked interruption as a request the words back or else `inform`, and a plain
    request to delete as `request_erasure`, keeping the confidence and the rest of the ranking."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> InterruptionGuard:
        rasa_patches.apply()
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            name = intent.get("name")
            if not name:
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            read = intent_from_words(
                name,
                message.get(TEXT) or "",
                message.get(ENTITIES, []),
                [r.get("name") for r in ranking if r.get("name") != name],
            )
            if read != name:
                message.set(INTENT, {**intent, "name": read}, add_to_output=True)
                message.set(
                    INTENT_RANKING_KEY,
                    [
                        {**intent, "name": read},
                        *[r for r in ranking if r.get("name") not in (name, read)],
                    ],
                    add_to_output=True,
                )
        return messages
