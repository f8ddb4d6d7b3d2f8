"""Certificate numbers: short, unguessable, easy to read aloud, with a check character.

A number looks like ``MC-7K2P-9XQF-3M4H``: 11 random symbols of Crockford's base32 (55 bits from
`secrets`) and one check symbol (the Luhn mod N algorithm over the same alphabet, so any single
mistyped symbol and most swapped neighbours are caught before the database is asked). The alphabet
has no I, L, O or U, so what people type can be read back generously: O is 0, I and L are 1.
"""

from __future__ import annotations

import secrets

PREFIX = "MC"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 11
GROUP = 4
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_.\t\n/")
_BODY_LENGTH = RANDOM_SYMBOLS + 1


def check_symbol(body: str) -> str:
    """The Luhn mod 32 check symbol for `body` (symbols of ALPHABET)."""
    base = len(ALPHABET)
    total = 0
    factor = 2
    for symbol in reversed(body):
        addend = factor * ALPHABET.index(symbol)
        total += addend // base + addend % base
        factor = 1 if factor == 2 else 2
    return ALPHABET[(base - total % base) % base]


def _formatted(body: str) -> str:
    groups = [body[i : i + GROUP] for i in range(0, len(body), GROUP)]
    return "-".join([PREFIX, *groups])


def new_number() -> str:
    """A fresh random certificate number, e.g. 'MC-7K2P-9XQF-3M4H'."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return _formatted(body + check_symbol(body))


def normalise_number(text: str) -> str | None:
    """The certificate number someone typed, in its printed form, or None if it cannot be one.

    Accepts lower case, spaces or no separators, a missing 'MC' prefix and the look-alikes O/0 and
    I/L/1. Returns None for the wrong length, a symbol outside the alphabet or a failed check.
    """
    compact = text.upper().translate(_SEPARATORS)
    if len(compact) == _BODY_LENGTH + len(PREFIX) and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    body = compact.translate(_LOOKALIKES)
    if len(body) != _BODY_LENGTH or any(symbol not in ALPHABET for symbol in body):
        return None
    if check_symbol(body[:-1]) != body[-1]:
        return None
    return _formatted(body)
