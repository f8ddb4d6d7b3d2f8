"""Text for a phone: the rules of SMS, as plain functions (no Rasa, HTTP or database here).

- GSM-7: a text made only of the GSM 03.38 characters goes in 160-character segments (153 each
  when a text needs several); one character outside it (a curly quote, a dash, an emoji) turns the
  whole text into UCS-2 at 70 (67) characters a segment. `to_gsm7` swaps what it can for the
  nearest GSM-7 character and drops decoration, so our messages stay cheap and readable.
- A turn is at most `MAX_SEGMENTS` segments. `split_turn` cuts a longer answer at paragraph, then
  sentence, then word boundaries; every part but the last ends with the "reply MORE" line.
- Buttons become numbered options; `choose_option` reads "1", "one", "#2" or the option's own
  words back into the option.
- Keywords every SMS service understands: opt-out (Twilio's list), opt-in, help, more.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MAX_SEGMENTS = 3

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

# Twilio's opt-out, opt-in and help keywords (its default Advanced Opt-Out lists).
OPT_OUT_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
)
OPT_IN_WORDS = frozenset({"START", "UNSTOP", "YES"})
HELP_WORDS = frozenset({"HELP", "INFO"})
MORE_WORDS = frozenset({"MORE"})

_NEAREST = {
    **dict.fromkeys("‘’‚‛′‹›`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃", "-"),
    **dict.fromkeys("•·●▪◦‣∙", "-"),
    **dict.fromkeys(
        "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t", " "
    ),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0f\ufe0e", ""),
    "…": "...",
    "×": "x",
    "÷": "/",
    "⁄": "/",
    "œ": "oe",
    "Œ": "OE",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ı": "i",
    "©": "(c)",
    "®": "(R)",
    "™": "TM",
    "\r\n": "\n",
}
_SPACES = re.compile(r"[ ]{2,}")
_SPACE_BEFORE_BREAK = re.compile(r"[ ]+\n|\n[ ]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_NUMBER_REPLY = re.compile(
    r"^(?:option|number|no\.?|#)?\s*(?:(\d{1,2})|(" + "|".join(_NUMBER_WORDS) + r"))$"
)
_FILLER_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "to",
        "i",
        "im",
        "it",
        "its",
        "and",
        "or",
        "of",
        "for",
        "my",
        "me",
        "please",
        "pls",
        "thanks",
        "thank",
        "you",
        "ok",
        "okay",
        "is",
        "be",
    }
)


# ----------------------------------------------------------------------------- GSM-7


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def _nearest_char(char: str) -> str:
    """One character as GSM-7: itself, its nearest look-alike, its letter without accents, a '?'
    for a letter or digit we cannot write, or nothing for a symbol (an emoji, an arrow)."""
    if char in GSM7_BASIC or char in GSM7_EXTENSION:
        return char
    if char in _NEAREST:
        return _NEAREST[char]
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if plain and all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in plain):
        return plain
    return "?" if unicodedata.category(char)[0] in "LN" else ""


def to_gsm7(text: str) -> str:
    """The text written with GSM-7 characters only, tidied of the spaces a dropped symbol leaves."""
    mapped = "".join(_nearest_char(c) for c in text.replace("\r\n", "\n"))
    mapped = _SPACE_BEFORE_BREAK.sub("\n", _SPACES.sub(" ", mapped))
    return mapped.strip()


def _units(char: str, gsm: bool) -> int:
    if gsm:
        return 2 if char in GSM7_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1


def segments(text: str) -> int:
    """How many SMS segments the text takes: GSM-7 (160, or 153 a part) or UCS-2 (70, or 67).

    A two-unit character (a GSM-7 escape, a UTF-16 surrogate pair) never straddles two parts,
    as phones and Twilio encode it.
    """
    gsm = is_gsm7(text)
    single, per_part = (160, 153) if gsm else (70, 67)
    units = [_units(c, gsm) for c in text]
    if sum(units) <= single:
        return 1
    parts, used = 1, 0
    for size in units:
        if used + size > per_part:
            parts, used = parts + 1, 0
        used += size
    return parts


def fits(text: str, max_segments: int = MAX_SEGMENTS) -> bool:
    return segments(text) <= max_segments


# ----------------------------------------------------------------------------- splitting a turn


@dataclass(frozen=True)
class Block:
    """One message of a turn; `tag` marks what it carries (e.g. a certificate) through a split."""

    text: str
    tag: str | None = None


@dataclass(frozen=True)
class Part:
    """What one SMS carries: its text, and the tags of the blocks it holds some of."""

    text: str
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Piece:
    text: str
    glue: str  # what joins it to the piece before it in the same part
    tag: str | None


_CUTS = ((re.compile(r"\n"), "\n"), (_SENTENCE_END, " "), (re.compile(r"\s+"), " "))


def _smaller(piece: _Piece) -> list[_Piece]:
    """A piece too long for one part, cut at lines, else sentences, else words, else characters."""
    for pattern, glue in _CUTS:
        pieces = [p for p in pattern.split(piece.text) if p.strip()]
        if len(pieces) > 1:
            break
    else:
        pieces, glue = list(piece.text), ""
    return [
        _Piece(text, piece.glue if i == 0 else glue, piece.tag) for i, text in enumerate(pieces)
    ]


def _pieces(blocks: Iterable[Block]) -> deque[_Piece]:
    return deque(
        _Piece(paragraph, "\n\n", block.tag)
        for block in blocks
        for paragraph in re.split(r"\n\s*\n", block.text.strip())
        if paragraph.strip()
    )


def split_turn(
    blocks: Sequence[Block], *, more: str, max_segments: int = MAX_SEGMENTS
) -> list[Part]:
    """The turn's blocks as parts of at most `max_segments` segments each, in order.

    Blocks are kept whole where they fit; a part that is followed by another ends with `more`
    (the line telling the person to reply MORE). An empty turn gives no parts.
    """
    if not fits(more, max_segments - 1 if max_segments > 1 else 1):
        raise ValueError("the MORE line leaves no room for the message")
    suffix = "\n\n" + more
    queue, parts = _pieces(blocks), []
    text, tags = "", set()
    while queue:
        piece = queue.popleft()
        candidate = text + piece.glue + piece.text if text else piece.text
        if fits(candidate + (suffix if queue else ""), max_segments):
            text = candidate
            tags |= {piece.tag} if piece.tag else set()
        elif text:
            parts.append(Part(text + suffix, frozenset(tags)))
            text, tags = "", set()
            queue.appendleft(_Piece(piece.text, "", piece.tag))
        else:
            queue.extendleft(reversed(_smaller(piece)))
    if text:
        parts.append(Part(text, frozenset(tags)))
    return parts


# ----------------------------------------------------------------------------- numbered options


@dataclass(frozen=True)
class Option:
    """A button as a numbered option: the person replies with its number or its words."""

    title: str
    payload: str


def options_from_buttons(buttons: Iterable[Mapping[str, object]]) -> list[Option]:
    return [
        Option(str(b.get("title") or ""), str(b.get("payload") or b.get("title") or ""))
        for b in buttons
        if b.get("title") or b.get("payload")
    ]


def _words(text: str) -> list[str]:
    plain = to_gsm7(text).lower().replace("'", "")
    return re.findall(r"[a-z0-9]+", plain)


def number_in_reply(reply: str) -> int | None:
    """The number a reply is, if it is only a number: "2", "2.", "#2", "two", "option 2"."""
    text = " ".join(to_gsm7(reply).lower().split()).strip(" .!,)(\"'")
    match = _NUMBER_REPLY.match(text)
    if match is None:
        return None
    return int(match.group(1)) if match.group(1) else _NUMBER_WORDS[match.group(2)]


def choose_option(reply: str, options: Sequence[Option]) -> Option | None:
    """The option a reply picks: by its number, by its title, or by words only its title has.

    "yes" picks "Yes, that's OK" when no other option says yes; "mediation" picks nothing when
    two options mention mediation, and then the reply goes to the assistant as typed.
    """
    number = number_in_reply(reply)
    if number is not None:
        return options[number - 1] if 1 <= number <= len(options) else None
    said = _words(reply)
    if not said:
        return None
    exact = [o for o in options if _words(o.title) == said]
    if exact:
        return exact[0]
    if not set(said) - _FILLER_WORDS:
        return None
    within = [o for o in options if set(said) <= set(_words(o.title))]
    return within[0] if len(within) == 1 else None


# ----------------------------------------------------------------------------- keywords


def keyword(reply: str) -> str | None:
    """The reply as an upper-case keyword when it is one word and nothing else ("Stop." too)."""
    word = reply.strip().strip(".!?,;:'\"()").strip()
    return word.upper() if re.fullmatch(r"[A-Za-z]+", word) else None
