"""Who is writing, and whether a young person agrees to be helped, in their own words."""

from __future__ import annotations

from bot.mias.reading.words import has_phrase
from bot.mias.reading.yes_no import read_yes_no

PARENT = frozenset(
    {
        "parent", "parents", "mum", "mom", "mam", "mummy", "mother", "dad", "daddy", "father",
        "carer", "foster", "foster carer", "guardian", "special guardian", "grandparent",
        "grandma", "grandmother", "nan", "nana", "grandad", "grandfather", "step mum", "stepmum",
        "step dad", "stepdad", "auntie", "aunt", "uncle", "kinship carer", "my son", "my daughter",
        "my child", "my kid", "my boy", "my girl", "our son", "our daughter", "ds", "dd",
        "his mum", "her mum", "his dad", "her dad", "im the parent",
    }
)  # fmt: skip
YOUNG_PERSON = frozenset(
    {
        "young person", "myself", "me", "its me", "it is me", "about me", "for me", "my plan",
        "my ehcp", "my own", "im the young person", "i am the young person", "im 16", "im 17",
        "im 18", "im 19", "im 20", "im 21", "im 22", "im 23", "im 24", "i am 16", "i am 17",
        "i am 18", "i am 19", "i am 20", "its about me", "its for me", "me myself",
    }
)  # fmt: skip
PROFESSIONAL = frozenset(
    {
        "teacher", "senco", "sendco", "social worker", "advocate", "professional", "support worker",
        "key worker", "keyworker", "family support", "helping a family", "helping someone",
        "on behalf of", "sendiass", "ias", "iass", "caseworker", "case worker", "solicitor",
        "lawyer", "health visitor", "nurse", "therapist", "charity", "volunteer", "friend",
        "someone helping", "i work", "i support", "practitioner", "ehc coordinator",
    }
)  # fmt: skip
CANNOT_DECIDE = frozenset(
    {
        "cant decide", "can not decide", "cannot decide", "not able to decide", "unable to decide",
        "lacks capacity", "lack capacity", "no capacity", "doesnt have capacity",
        "does not have capacity", "mental capacity", "deputy", "court of protection",
        "power of attorney", "lasting power", "attorney", "cant understand", "cannot understand",
        "doesnt understand", "does not understand", "not able to understand", "cant make decisions",
        "cannot make decisions", "cant make this decision", "too disabled", "non verbal",
        "nonverbal", "cant communicate", "cannot communicate", "best interests",
    }
)  # fmt: skip

AGREES = "agrees"
NOT_AGREED = "not_agreed"
CANNOT = "cannot_decide"


def read_role(text: str) -> str | None:
    """'parent', 'young_person' or 'professional', or None when the words do not say."""
    found = [
        role
        for role, words in (
            ("professional", PROFESSIONAL),
            ("parent", PARENT),
            ("young_person", YOUNG_PERSON),
        )
        if has_phrase(text, words)
    ]
    return found[0] if len(found) == 1 or (found and found[0] == "professional") else None


def read_agreement(text: str) -> str | None:
    """Whether the young person agrees to this help: a yes, a no (or not sure), or that they
    cannot decide for themselves. The bot records what it is told and never judges capacity."""
    if has_phrase(text, CANNOT_DECIDE):
        return CANNOT
    answer = read_yes_no(text)
    if answer is None:
        return None
    return AGREES if answer else NOT_AGREED
