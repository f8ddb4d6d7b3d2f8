"""An age, a school year or a date of birth, as people type them.

"9", "my son is 15", "she's 16 and in year 11", "he's in year 12", "at college", "sixth form",
"23", "Under 16", "born 3/4/2010". Who holds the right of appeal follows from these
(bot.mias.rights); this only reads the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.mias.reading.words import has_phrase, plain

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twentyone": 21, "twentytwo": 22, "twentythree": 23, "twentyfour": 24, "twentyfive": 25,
}  # fmt: skip
# A setting that only young people over compulsory school age are in.
POST_16_PHRASES = frozenset(
    {
        "college",
        "sixth form",
        "6th form",
        "sixthform",
        "apprenticeship",
        "apprentice",
        "university",
        "uni",
        "traineeship",
        "supported internship",
        "internship",
        "left school",
        "finished school",
        "finished year 11",
        "left year 11",
        "post 16",
        "fe college",
        "further education",
    }
)
_YEAR = re.compile(r"\b(?:year|yr)\s?(\d{1,2})\b|\by(\d{1,2})\b")
_RECEPTION = frozenset({"reception", "nursery", "preschool", "pre school"})
_UNDER_16 = re.compile(r"\b(?:under|below|less than|younger than)\s+(?:16|sixteen)\b")
_OVER_25 = re.compile(
    r"\b(?:25|twentyfive|twenty five)\s+(?:or|and)\s+(?:over|older|above)\b|\bover\s+25\b"
)
_BIRTH = re.compile(r"\b(?:born|dob|d\.o\.b|date of birth|birthday)\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
_WORD_DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\s+(\d{4})\b"
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_AGE_NUMBER = re.compile(r"\b(\d{1,2})\b")
# "im 19", and "im the young person, 17" (the role said first, the age after it).
_YOUNG_PERSON_SELF = r"(?:(?:im|i am|iam)(?: the)? (?:young person|yp)(?: aged| age)?|im|i am|iam)"
_YOUNG_PERSON_OTHER = (
    r"(?:hes|he is|shes|she is|theyre|they are|(?:(?:my|our) )?(?:son|daughter|child|kid|boy"
    r"|girl|lad|ds|dd|grandson|granddaughter) is)"
)
# What may follow "im" / "hes" for the words to be an age or a school year.
_NUMBER_WORD = "|".join(NUMBER_WORDS)
_AGE_CLAUSE = re.compile(
    rf"(?:\d{{1,2}}\b|(?:{_NUMBER_WORD})\b|(?:in |at )?(?:year|yr|y)\s?\d|(?:in |at |doing )?"
    r"(?:college|sixth form|6th form|uni|university|an apprenticeship|apprenticeship))"
)
_NOT_AN_AGE = re.compile(
    r"\b(?:weeks?|months?|days?|hours?|mins?|minutes|times|behind|late|miles)\b"
)

BUTTON_VALUES = {
    "under_16": "under_16",
    "16": "16",
    "17_to_24": "17_to_24",
    "25_or_over": "25_or_over",
}


@dataclass(frozen=True)
class AgeAnswer:
    """What the words said; any part may be missing."""

    age: int | None = None
    under_16: bool = False
    school_year: int | None = None
    post_16: bool = False
    birth_date: date | None = None

    @property
    def anything(self) -> bool:
        return any(
            (
                self.age is not None,
                self.under_16,
                self.school_year is not None,
                self.post_16,
                self.birth_date,
            )
        )


def read_age(text: str, today: date) -> AgeAnswer:
    """Everything the reply says about the child's or young person's age and schooling."""
    button = _button(text)
    if button is not None:
        return button
    raw = text.lower()
    said = plain(text)
    birth = _birth_date(raw, today)
    year = _school_year(said)
    post_16 = has_phrase(said, POST_16_PHRASES) or (year is not None and year >= 12)
    return AgeAnswer(
        age=_age(said, year, birth, today),
        under_16=bool(_UNDER_16.search(said)),
        school_year=year,
        post_16=post_16,
        birth_date=birth,
    )


def age_in_passing(text: str, today: date, about_self: bool) -> AgeAnswer | None:
    """An age or school year said alongside another answer: "its about my own plan, im 19",
    "I'm his mum, he's 15 and in year 10". Only what is said of the young person counts (the
    writer's own age when they are the young person, otherwise "he's", "my son is"), so a
    parent's "I'm 42" or "2 children" is never taken for the child's age.
    """
    subject = _YOUNG_PERSON_SELF if about_self else _YOUNG_PERSON_OTHER
    for match in re.finditer(
        rf"\b{subject} (?=(?:now |only |just )?((?:\w+ ){{0,4}}\w+))", plain(text)
    ):
        clause = match.group(1)
        if _AGE_CLAUSE.match(clause) and not _NOT_AN_AGE.search(clause):
            answer = read_age(clause, today)
            if answer.anything:
                return answer
    return None


def _button(text: str) -> AgeAnswer | None:
    value = BUTTON_VALUES.get(text.strip())
    if value == "under_16":
        return AgeAnswer(under_16=True)
    if value == "16":
        return AgeAnswer(age=16)
    if value == "17_to_24":
        return AgeAnswer(age=17)
    if value == "25_or_over":
        return AgeAnswer(age=25)
    return None


def _school_year(said: str) -> int | None:
    if has_phrase(said, _RECEPTION):
        return 0
    match = _YEAR.search(said)
    number = int(match.group(1) or match.group(2)) if match else None
    return number if number is not None and 1 <= number <= 14 else None


def _age(said: str, year: int | None, birth: date | None, today: date) -> int | None:
    if birth is not None:
        return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if _OVER_25.search(said):
        return 25
    without_years = _YEAR.sub(" ", said)
    without_years = re.sub(r"\b(?:under|below|over|above)\s+\d+\b", " ", without_years)
    for word in without_years.replace("twenty ", "twenty").split():
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    match = _AGE_NUMBER.search(without_years)
    if match and int(match.group(1)) <= 40 and not _months_old(without_years, match.group(1)):
        return int(match.group(1))
    return 0 if match and _months_old(without_years, match.group(1)) else None


def _months_old(said: str, number: str) -> bool:
    return bool(re.search(rf"\b{number}\s*(?:months?|mths?|weeks?)\b", said))


def _birth_date(raw: str, today: date) -> date | None:
    """A date of birth: a full date with a year, said as a birth date or long enough ago."""
    found = _numeric_date(raw) or _word_date(raw)
    if found is None or found >= today:
        return None
    if _BIRTH.search(raw) or today.year - found.year >= 2:
        return found
    return None


def _numeric_date(raw: str) -> date | None:
    match = _NUMERIC_DATE.search(raw)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    year += 2000 if year < 100 else 0
    return _date(year, month, day)


def _word_date(raw: str) -> date | None:
    match = _WORD_DATE.search(raw)
    if not match:
        return None
    month = _MONTHS.index(match.group(2)[:3]) + 1
    return _date(int(match.group(3)), month, int(match.group(1)))


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
