"""A reply to one of the MIAS information steps: understood and ready to go on, or not yet."""

from __future__ import annotations

from bot.mias.reading.words import has_phrase
from bot.mias.reading.yes_no import read_yes_no

READY = frozenset(
    {
        "got it", "gotcha", "next", "next one", "next step", "go on", "carry on", "continue",
        "keep going", "move on", "thanks", "thank you", "thankyou", "ta", "cheers", "thx", "ty",
        "understood", "i understand", "understand", "makes sense", "that makes sense", "cool",
        "great", "lovely", "perfect", "brilliant", "noted", "ready", "im ready", "done", "ok", "thank u", "thanks u", "tnx", "tq", "ty x", "thanks x",
        "okay", "alright", "fine", "good", "right", "yes", "yep", "sure", "read it", "i see",
    }
)  # fmt: skip
NOT_YET = frozenset(
    {
        "dont understand", "dont get it", "dont get", "not sure", "confused", "confusing",
        "lost", "what does that mean", "i dont follow", "dont follow", "not clear", "unclear",
        "explain", "again", "slow down", "too much", "huh",
    }
)  # fmt: skip


def read_acknowledgement(text: str) -> bool | None:
    """True when the person is ready for the next step, False when they are not (they don't
    understand, or said no), None when the reply says neither."""
    if has_phrase(text, NOT_YET):
        return False
    answer = read_yes_no(text)
    if answer is not None:
        return answer
    return True if has_phrase(text, READY) else None
