"""The few things that may interrupt a question, told apart from an answer by their words.

While the bot waits for an answer, only these may interrupt it (design.md, "Rules of the house"):
a safeguarding disclosure, asking for a person, STOP on SMS (the SMS channel's), an explicit
request to delete, and a real question. The language model proposes them; these rules check
that the words really say so, because names and places are unlike anything it was trained on:
"Jordan Morgan" is not "delete my data", "Will Smith" is not a question and "We live in
Kensington and Chelsea" is not a safeguarding concern.
"""

from __future__ import annotations

import re

from bot.mias.reading.words import has_phrase, plain, words

# Question words that make a question of what follows them ("how long does it take").
OPENING_QUESTION_WORDS = frozenset(
    [
        "what",
        "whats",
        "wat",
        "wot",
        "how",
        "hw",
        "why",
        "when",
        "where",
        "who",
        "whose",
        "which",
        "whats",
    ]
)
# Words that start questions but also names or answers ("Will Smith", "May Jones", "Can Ozturk").
AUXILIARY_QUESTION_WORDS = frozenset(
    [
        "is",
        "are",
        "am",
        "can",
        "could",
        "do",
        "does",
        "did",
        "will",
        "would",
        "should",
        "may",
        "might",
        "has",
        "have",
        "shall",
        "isnt",
        "arent",
        "cant",
        "couldnt",
        "dont",
        "doesnt",
        "didnt",
        "wont",
        "wouldnt",
        "shouldnt",
    ]
)
ASKING_PHRASES = frozenset(
    {
        "tell me",
        "explain",
        "i want to know",
        "i need to know",
        "i would like to know",
        "id like to know",
        "not sure what",
        "not sure how",
        "dont understand",
        "dont know what",
        "dont know how",
        "wondering",
        "can you tell",
    }
)

_DELETE = (
    r"(?:delete|deleted|deleting|erase|erased|erasing|remove|removed|wipe|wiped|get rid of"
    r"|destroy|destroyed|scrub|scrubbed)"
)
_MY_DATA = (
    r"(?:my|our|all|all my|all of my|all our|the|this|these|your|that)\s+"
    r"(?:personal\s+)?"
    r"(?:data|details|information|info|records?|answers|messages|chat|conversation|stuff|everything)"
)
# Not keeping it is asking to delete it too: "dont keep my details", "stop storing my data".
_KEEP = r"(?:keep|keeping|store|storing|hold|holding|save|saving)"
ERASURE_REQUEST = re.compile(
    rf"\b{_DELETE}\s+(?:it\s+all|everything|me|{_MY_DATA})\b"
    rf"|\b{_MY_DATA}\s+(?:to be\s+|be\s+|gets?\s+)?{_DELETE}\b"
    rf"|\b(?:dont|do not|don t|stop|no longer)\s+(?:want (?:you|u) to\s+)?{_KEEP}\s+{_MY_DATA}\b"
    rf"|\b(?:remove|take)\s+me\s+(?:off|from)\s+(?:your|ur|the)\s+(?:system|records?|database|list)\b"
    r"|\bwithdraw\s+(?:my\s+)?consent\b"
    r"|\bforget\s+(?:me|about me|my\s+\w+|everything)\b"
    r"|\bright to (?:be forgotten|erasure)\b"
    r"|^(?:please\s+)?(?:delete|erase|wipe)(?:\s+(?:it|please|pls|plz|now|all))*$",
)

PERSON_WORDS = frozenset(
    {
        "person",
        "human",
        "real person",
        "someone",
        "somebody",
        "adviser",
        "advisor",
        "caseworker",
        "case worker",
        "staff",
        "member of staff",
        "operator",
        "agent",
        "call me",
        "ring me",
        "phone me",
        "call back",
        "callback",
        "speak to",
        "talk to",
        "speak with",
        "talk with",
        "not a bot",
        "not a robot",
        "mediator",
    }
)
# The words of a request or a goodbye, so "Real Person" or "Good Bye" is not read as a name.
REQUEST_WORDS = frozenset(
    {
        "a", "the", "real", "please", "talk", "speak", "to", "with", "now", "person", "human",
        "someone", "somebody", "staff", "adviser", "advisor", "caseworker", "agent", "operator",
        "mediator", "bye", "goodbye", "good", "night", "see", "you", "ya", "later", "thanks",
        "thank", "cheers", "ta", "ok", "okay",
    }
)  # fmt: skip
# Words that may mean a child or adult is at risk: a disclosure with any of them is never ignored.
RISK_WORDS = frozenset(
    [
        "hurt",
        "hurting",
        "hurts",
        "harm",
        "harming",
        "harmed",
        "abuse",
        "abused",
        "abusing",
        "abusive",
        "hit",
        "hits",
        "hitting",
        "beat",
        "beaten",
        "beats",
        "kill",
        "killing",
        "suicide",
        "suicidal",
        "unsafe",
        "danger",
        "dangerous",
        "scared",
        "afraid",
        "frightened",
        "police",
        "violence",
        "violent",
        "attack",
        "attacked",
        "assault",
        "assaulted",
        "neglect",
        "neglected",
        "threat",
        "threatened",
        "threatening",
        "die",
        "dying",
        "cutting",
        "cuts",
        "selfharm",
        "overdose",
        "rape",
        "raped",
        "touched",
        "groomed",
        "grooming",
        "runaway",
        "missing",
        "weapon",
        "knife",
    ]
)
RISK_PHRASES = frozenset(
    {
        "self harm",
        "self harming",
        "end my life",
        "end his life",
        "end her life",
        "not safe",
        "kill myself",
        "hurt himself",
        "hurt herself",
        "hurt themselves",
    }
)


def is_real_question(text: str) -> bool:
    """A question asked in words, not an answer that looks like one.

    A question mark, a question word that opens a question ("how long"), an auxiliary question
    word followed by at least two more words that are not all capitalised ("will it cost
    anything", but not "Will Smith" or "May Rose Jones"), or a phrase that asks ("tell me
    about...").
    """
    if "?" in text:
        return True
    said = words(text)
    if not said:
        return False
    if said[0] in OPENING_QUESTION_WORDS and len(said) >= 2:
        return True
    if has_phrase(text, ASKING_PHRASES):
        return True
    return said[0] in AUXILIARY_QUESTION_WORDS and len(said) >= 3 and not _all_capitalised(text)


def is_erasure_request(text: str) -> bool:
    """'delete my data', 'please erase everything', 'forget me': a request, not a name."""
    return bool(ERASURE_REQUEST.search(plain(text)))


def asks_for_a_person(text: str) -> bool:
    """'talk to a person', 'a real human please'; not "Destiny Person" or "Grace Human"."""
    return has_phrase(text, PERSON_WORDS) and not looks_like_a_name(text)


def says_goodbye(text: str) -> bool:
    """'bye', 'Good bye'; not "Joy Bye" or "Rain Goodbye"."""
    return not looks_like_a_name(text)


def looks_like_a_name(text: str) -> bool:
    """Two to four capitalised words, at least one of them not a request's own word: a name
    typed at a question ("Grace Human", "Joy Bye"), not "Real Person" or "Good Bye"."""
    said = re.findall(r"[^\W\d_][\w'’-]*", text)
    if not 2 <= len(said) <= 4 or re.search(r"\d", text) or not _all_capitalised(text):
        return False
    return any(plain(word) not in REQUEST_WORDS for word in said)


def mentions_risk(text: str) -> bool:
    """Words that may disclose harm; safeguarding is never set aside when one is there."""
    said = plain(text)
    return bool(set(said.split()) & RISK_WORDS) or has_phrase(said, RISK_PHRASES)


def _all_capitalised(text: str) -> bool:
    letters = [word for word in re.findall(r"[^\W\d_][\w'’-]*", text)]
    return bool(letters) and all(word[0].isupper() for word in letters)
