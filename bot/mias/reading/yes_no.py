"""Yes or no, as people type it: "yeah thats right", "yh", "no change it", "nope its the 3rd".

The answer counts only for the question just asked (the form knows which). A reply that says both,
or neither, is None: the question is asked again rather than guessed.
"""

from __future__ import annotations

from bot.mias.reading.words import plain

YES_WORDS = frozenset(
    [
        "yes",
        "yess",
        "yesss",
        "yeah",
        "yeh",
        "yea",
        "yep",
        "yup",
        "ye",
        "yh",
        "ya",
        "yas",
        "y",
        "aye",
        "ok",
        "okay",
        "okey",
        "okie",
        "k",
        "kk",
        "sure",
        "correct",
        "right",
        "fine",
        "agreed",
        "agree",
        "confirmed",
        "confirm",
        "true",
        "exactly",
        "definitely",
        "absolutely",
        "alright",
        "indeed",
        "certainly",
        "affirmative",
    ]
)
YES_PHRASES = frozenset(
    {
        "of course",
        "thats right",
        "that is right",
        "thats correct",
        "that is correct",
        "all right",
        "go ahead",
        "yes please",
        "sounds good",
        "thats fine",
        "that is fine",
        "thats ok",
        "thats okay",
        "no problem",
        "i agree",
        "they agree",
        "she agrees",
        "he agrees",
        "happy with that",
        "thats it",
        "got it",
        "i think so",
        "think so",
    }
)
NO_WORDS = frozenset(
    ["no", "nope", "nah", "noo", "nooo", "n", "nay", "wrong", "incorrect", "negative", "never"]
)
NO_PHRASES = frozenset(
    {
        "not right",
        "thats not right",
        "that is not right",
        "not correct",
        "thats wrong",
        "change it",
        "not really",
        "no thanks",
        "no thank you",
        "i dont agree",
        "they dont agree",
        "dont agree",
        "do not agree",
        "disagree",
        "not sure",
        "im not sure",
        "i am not sure",
        "dont know",
        "i dont know",
        "not ok",
        "not okay",
        "not happy",
        "no way",
    }
)
YES_EMOJI = frozenset({"👍", "👌", "✅", "👍🏻", "👍🏼", "👍🏽", "👍🏾", "👍🏿"})
NO_EMOJI = frozenset({"👎", "❌"})
# Words that undo a "yes" when they follow it: "yes but it was the 4th", "ok no wait".
_TURNS = frozenset({"but", "not", "no", "wrong", "except", "although", "though"})


def read_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when the words do not clearly say one of them.

    Whole replies are matched first ("no problem" is a yes), then a "no" anywhere ("yes, not
    right"), then a "yes" phrase, then the first word; a yes with a "but" or "no" after it is
    neither, and the question is asked again.
    """
    if text.strip() in YES_EMOJI:
        return True
    if text.strip() in NO_EMOJI:
        return False
    said = plain(text)
    if not said:
        return None
    if said in YES_PHRASES or said in YES_WORDS:
        return True
    if said in NO_PHRASES or said in NO_WORDS:
        return False
    if _has(said, NO_PHRASES):
        return False
    first, rest = said.split()[0], said.split()[1:]
    if _has(said, YES_PHRASES) or first in YES_WORDS:
        return None if any(word in _TURNS for word in rest) else True
    if first in NO_WORDS:
        return False
    return None


def _has(said: str, phrases: frozenset[str]) -> bool:
    padded = f" {said} "
    return any(f" {phrase} " in padded for phrase in phrases)
