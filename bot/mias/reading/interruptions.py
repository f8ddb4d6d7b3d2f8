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
    r"(?:delet\w*|dlete\w*|dleete\w*|delite\w*|deleat\w*|delate|dilete\w*|erase|erased|erasing"
    r"|erace|remove|removed|wipe|wiped|get rid of|destroy|destroyed|scrub|scrubbed|scrap|bin|clear"
    r"|purge|purged)"
)
# Said of what was just mentioned: "i regret giving my details, can u remove them".
_DELETE_IT = (
    r"(?:delete|erase|remove|wipe|get rid of|bin|scrap|destroy|purge)\s+(?:it|them|that|those)"
)
_DATA_WORDS = (
    r"(?:data|datas|details|detials|detail|deets|information|informations|infomation|info|infos"
    r"|records?|answers|messages|chat|convo|conversation|stuff|stuf|everything|name|names|email"
    r"|phone number|number|postcode|address|history|date of birth|dob)"
)
_MY_DATA = (
    r"(?:my|our|the|this|these|your|that|all|all my|all of my|all our|all the|all of the|all her"
    r"|all his|all their|any of my|any of the|al|al my)\s+(?:whole\s+|hole\s+|entire\s+)?"
    rf"(?:personal\s+|\w+s\s+|contact\s+|(?:son|daughter|child|kid)\s+)?{_DATA_WORDS}"
)
# What the person typed: "get rid of what I typed", "delete what i put in".
_WHAT_I_SAID = (
    r"(?:what|everything|evrything|everythin|all|anything|stuff)\s+(?:that\s+)?(?:i|ive|i have|we"
    r"|weve)\s+(?:just\s+)?(?:typed|said|sed|sayed|wrote|written|put|told\s+(?:you|u)|gave|give"
    r"|given|shared|entered|sent)"
)
_HELD_ABOUT_ME = r"\b(?:you|u)\s+(?:hold|have|keep|store)\w*\s+(?:about|on)\s+(?:me|us)\b"
# Not keeping it is asking to delete it too: "dont keep my details", "stop storing my data".
_KEEP = r"(?:keep|keeping|store|storing|hold|holding|save|saving|record|recording)"
_NOT = r"(?:dont|do not|don t|stop|no longer|not)"
ERASURE_REQUEST = re.compile(
    "|".join(
        (
            (
                rf"\b{_DELETE}\s+(?:it\s+all|all\s+of\s+(?:it|this)|everything|me|{_MY_DATA}"
                rf"|{_WHAT_I_SAID})\b"
            ),
            rf"\bforget\s+{_WHAT_I_SAID}\b|\bwant\s+to\s+be\s+forgotten\b",
            rf"\b{_DELETE}\b.{{0,60}}{_HELD_ABOUT_ME}|{_HELD_ABOUT_ME}.{{0,30}}\b{_DELETE}\b",
            rf"\b(?:all\s+of\s+(?:this|it|that)|it\s+all|everything)\s+(?:to\s+be\s+|be\s+)?{_DELETE}",
            rf"\b{_DELETE}\s+everything\s+(?:about|on)\s+me\b",
            rf"\b{_DELETE}\b.{{0,40}}\bfrom\s+(?:your|ur|the)\s+(?:records?|system|database|files?)\b",
            rf"\b{_MY_DATA}\s+(?:to be\s+|be\s+|gets?\s+)?{_DELETE}\b",
            (
                rf"\b(?:can|could|will|please|pls|plz)\s+(?:those|these|they|them|that|it)\s+(?:be|get)\s+"
                rf"{_DELETE}"
            ),
            rf"\b{_NOT}\s+(?:want\s+(?:you|u)\s+(?:to\s+)?)?{_KEEP}\s+{_MY_DATA}\b",
            r"\b(?:dont|do not)\s+(?:store|save|record)\s+(?:them|it|any of (?:it|this|that))\b",
            (
                r"\b(?:dont|do not)\s+want\s+(?:this|the|my|our|any of (?:this|my))\s+(?:\w+\s+)?"
                r"(?:convo|conversation|chat|messages?|data|details|info)\s+(?:saved|kept|stored|recorded)"
            ),
            (
                r"\b(?:remove|take)\s+me\s+(?:off|from)\s+(?:your|ur|the)\s+(?:system|records?|database"
                r"|list)\b"
            ),
            r"\bwithdraw\s+(?:my\s+)?consent\b",
            # Asked of the bot; not "I'll forget everything I wanted to say".
            (
                r"(?:^|\b(?:please|pls|plz|can you|could you|can u|could u|just|want you to"
                r"|want u to)\s+)forget\s+(?:me|about me|my\s+\w+|everything)\b"
            ),
            r"\bright to (?:be forgotten|erasure)\b",
            r"\b(?:erasure|deletion|gdpr)\s+request\b|\brequest\s+(?:for\s+)?(?:erasure|deletion)\b",
            r"\b(?:no longer|dont|do not|dont\s+\w+)\s+consent\s+to\s+(?:you|u)\s+(?:keeping|storing|holding|having)",
            r"\bwant\s+(?:to\s+be|me|myself)\s+(?:deleted|erased|removed|forgotten)\b",
            r"\bforget\s+(?:i|we)\s+(?:was|were|ever)\b",
            rf"\b(?:take|get)\s+{_MY_DATA}\s+(?:off|out\s+of)\b",
            rf"\bwant\s+{_MY_DATA}\s+(?:gone|deleted|erased|removed|wiped)\b",
            (
                r"\b(?:dont|do not|stop)\s+(?:keep|store|save|hold|record)\w*\s+(?:any|anything|a)\s*"
                r"(?:record|records|copy|copies|thing|of\s+(?:this|it|my|our)|about\s+(?:me|us|my|our))"
            ),
            (
                r"\b(?:dont|do not)\s+want\s+(?:this|it|that|anything|any of (?:this|it|that))\s+"
                r"(?:saved|kept|stored|recorded)\b"
            ),
            r"\bnothing\s+(?:i|we|ive|weve)\s+(?:\w+\s+)?(?:is|gets|get|will be)\s+(?:saved|kept|stored)\b",
            (
                r"\b(?:dont|do not|no longer)\s+want\s+(?:you|u)\s+(?:to\s+)?(?:have|having|keep|keeping|hold"
                rf"|holding|store|storing)\s+{_MY_DATA}\b"
            ),
            (
                rf"(?:\b(?:my|our)\s+(?:\w+\s+)?{_DATA_WORDS}|\b(?:what|everything|all)\s+i\s+(?:wrote"
                r"|typed|said|put|told\s+(?:you|u))).{0,60}"
                rf"\b(?:please|pls|plz|can\s+(?:you|u)|could\s+(?:you|u)|and|just)\s+{_DELETE_IT}\b"
            ),
            r"\bclear\s+(?:my|the|this|our)\s+(?:chat\s+)?(?:history|chat|conversation|convo)\b",
            (
                rf"\b(?:dont|do not)\s+want\s+{_MY_DATA}\s+(?:on|in|kept\s+on|stored\s+on)\s+(?:your|ur|the)"
                r"\s+(?:system|records?|database|files?)\b"
            ),
            (
                r"^(?:please\s+)?(?:delete|erase|wipe)(?:\s+(?:it|please|pls|plz|now|all|delete|erase"
                r"|wipe))*$"
            ),
        )
    )
)


PERSONAL_DATA_WORDS = frozenset(
    {
        "data", "details", "detials", "info", "information", "gdpr", "privacy", "records",
        "record", "history", "store", "storing", "stored", "saved", "kept", "consent", "erasure",
        "deletion", "database", "convo", "conversation", "chat",
    }
)  # fmt: skip


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
        "ring you",
        "call you",
        "phone you",
        "number i can ring",
        "number i can call",
        "number to ring",
        "number to call",
        "interpreter",
        "translator",
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


_SELF = r"(?:himself|herself|myself|themselves|themself|yourself)"
_FAMILY = (
    r"(?:son|daughter|child|children|kid|kids|boy|girl|baby|brother|sister|mum|mom|dad|wife"
    r"|husband|partner|grandson|granddaughter|family)"
)
_PERSON = rf"(?:me|him|her|them|us|ds|dd|(?:my|our|the|his|her) {_FAMILY})"
_ADULT = (
    r"(?:dad|mum|father|mother|partner|husband|wife|boyfriend|girlfriend|ex|stepdad|stepmum"
    r"|step dad|step mum)"
)
_HARMED = (
    r"(?:hits?|hitting|beats?|beating|beaten|kick(?:s|ed|ing)?|punch(?:es|ed|ing)?"
    r"|slap(?:s|ped|ping)?|strangl\w+|chok(?:es|ed|ing)|burn(?:s|t|ed)?|hurt(?:s|ing)?"
    r"|abus(?:es|ed|ing)|touch(?:es|ed|ing)|rap(?:es|ed)|groom(?:s|ed|ing)|lock(?:s|ed|ing)?)"
)
# Words that disclose harm to a child, a young person or the writer: any of them makes the message
# a safeguarding disclosure, whatever else it says or asks. Narrower than RISK_WORDS, which only
# keep a disclosure the classifier found: "they cut his hours", "I'm scared of tribunal", "they
# want to end it" (the plan) and "will it hurt my appeal" are not disclosures.
DISCLOSURE = re.compile(
    "|".join(
        (
            rf"\b(?:cut|cuts|cutting|harm\w*|hurt\w*|burn\w*|starv\w+)\s+{_SELF}\b",
            r"\bcutting\s+(?:again|(?:his|her|their|my)\s+(?:arms?|legs?|wrists?))\b",
            r"\bstarted\s+cutting\b",
            r"\bself\s?harm\w*|\bsuicid\w*|\boverdos\w*",
            rf"\bkill\w*\s+(?:{_SELF}|me|my\s?self)\b",
            r"\b(?:want|wants|wanted|wanting|wanna)\s+(?:to\s+)?(?:die|be dead)\b",
            r"\bwish\s+(?:i|he|she)\s+(?:was|were)\s+dead\b|\bfeel\w*\s+like\s+dying\b",
            r"\bend(?:ing)?\s+(?:it\s+all|(?:my|his|her|their)\s+(?:own\s+)?life)\b",
            r"\b(?:thinking|think|thought|thoughts)\s+(?:about|of)\s+(?:ending it|dying|killing)",
            r"\bbetter\s+off\s+(?:dead|gone|not\s+(?:being\s+)?here|without\s+(?:me|him|her))\b",
            r"\bnobody\s+would\s+miss\b|\bno\s+one\s+would\s+miss\b",
            (
                r"\b(?:dont|doesnt|do not|does not|didnt|not)\s+want(?:ing)?\s+to\s+(?:live|be alive"
                r"|wake up|be here any\s?more)\b"
            ),
            r"\bno\s+point\s+(?:in\s+)?(?:being\s+alive|living|going\s+on)\b",
            r"\b(?:cant|cannot)\s+go\s+on(?:\s+(?:like\s+this|any\s?more|living)\b|$)",
            r"\bhad\s+enough\s+of\s+life\b|\bdo\s+something\s+stupid\b",
            r"\bjump\w*\s+(?:off|from)\s+(?:a|the)\s+(?:bridge|building|roof|cliff)",
            r"\b(?:sav|stockpil|hoard|collect)\w*\s+(?:up\s+)?(?:\w+\s+)?(?:tablets|pills|meds)\b",
            (
                r"\b(?:tablets|pills)\s+saved\b|\b(?:taken|took)\s+(?:loads|lots|all|a lot)\s+of\s+"
                r"(?:\w+\s+)?(?:tablets|pills)\b"
            ),
            rf"\b{_HARMED}\s+{_PERSON}\b",
            r"\blocked\s+in\s+(?:my|his|her|their|the)\s+room\b",
            r"\bbeing\s+(?:hurt|abused|neglected|hit|beaten|harmed|groomed|touched)\b",
            # Not a council "threatening us with fines" or "with court".
            rf"\bthreat\w*\s+(?:to\s+(?:kill|hurt|harm)|{_PERSON}\b(?!\s+with))",
            r"\b(?:bruis\w*|brusi\w*|bruses|marks\s+on\s+(?:his|her|their|my)\s+\w+)",
            r"\bdomestic\s+(?:violence|abuse)",
            r"\b(?:violence|abuse|abusive)\s+(?:at|in)\s+(?:home|the house)\b",
            rf"\b(?:his|her|their|my|the)\s+{_ADULT}s?\s+(?:\w+\s+)?(?:violence|violent|abus\w*)",
            r"\b(?:violence|violent)\s+(?:has\s+)?(?:started|starting|again)\b",
            (
                r"\b(?:he|hes|she|shes|they|theyve|ds|dd|son|daughter|child)\s+(?:has\s+|have\s+|is\s+)?"
                r"(?:gone|went|been|is)\s+missing\b"
            ),
            r"\bran\s+(?:off|away)\b|\brun\w*\s+away\b",
            r"\b(?:im|i am|were|we are|kids are|child is|is|are)\s+in\s+danger\b",
            r"\b(?:not|dont|doesnt|never)\s+feel\w*\s+safe\b",
            (
                r"\b(?:isnt|is not|arent|are not|not|never)\s+safe\s+(?:at|in|for\s+(?:me|us)|with"
                r"|tonight|any\s?more)\b"
            ),
            r"\bkeep\s+(?:myself|him|her|them|us)\s+safe\b",
            (
                r"\b(?:scared|afraid|frightened|terrified)\s+(?:to\s+(?:go\s+(?:back\s+)?home|stay)"
                rf"|of\s+(?:him|what\s+(?:i|ill|he|hell|she|shell)|(?:my|his|her)\s+{_ADULT}))\b"
            ),
            r"\b(?:no\s+food\s+in\s+the\s+house|(?:havent|hasnt|not)\s+eaten\s+for\s+days)\b",
            r"\btrying\s+to\s+get\s+in\b",
            (
                r"\b(?:dont|cant|cannot|do not|dont really|no longer)\s+see\s+(?:the|any)\s+point\s+"
                r"(?:in\s+|of\s+)?(?:anything|life|living|going on|being here|carrying on|me|myself)\b"
            ),
            r"\b(?:keeps?|kept|started|goes|going)\s+(?:going\s+)?missing\b",
            r"\bolder\s+(?:lads|men|boys|guys|man|lad)\s+(?:hanging|waiting|picking|giving|messaging)",
            (
                r"\b(?:tr(?:y|i)(?:ed|d|es)?|wants?|wanted)\s+to\s+jump\s+(?:out|off|from)\b"
                r"|\bjump\w*\s+out\s+(?:of\s+)?(?:the|a|his|her|my)\s+window\b"
            ),
            (
                r"\b(?:face|head|lip|arm|leg|hand|nose|chin|cheek)\s+(?:cut|split|ripped)\s+open\b"
                r"|\bblack\s+eye\b|\bcovered\s+in\s+(?:blood|bruises)"
                r"|\bcame\s+home\s+(?:with|covered)\s+(?:cuts|bruises|blood|injur\w+)"
            ),
            r"\bsexual\w*\s+(?:abus|assault)\w*",
            rf"\bneglect(?:ed|ing)?\s+{_PERSON}\b",
        )
    )
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


def is_about_personal_data(text: str) -> bool:
    """Words about keeping a person's data ("clear my history", "dont store anything about my
    son"): enough to keep the classifier's reading of a request to delete, which a name typed at
    a question ("Grace Delete", "my name is Jordan Wipe") never has."""
    return bool(set(words(text)) & PERSONAL_DATA_WORDS)


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


def discloses_harm(text: str) -> bool:
    """'he's been cutting himself', 'my partner hits me', 'she's got marks on her arms again'."""
    return bool(DISCLOSURE.search(plain(text)))


def _all_capitalised(text: str) -> bool:
    letters = [word for word in re.findall(r"[^\W\d_][\w'’-]*", text)]
    return bool(letters) and all(word[0].isupper() for word in letters)
