"""A request stated before a question: "i want mediation but how long will it take".

People often say what they want and ask about it in the same message. The bot acts on the
request first, since that is the path they asked for, and the question is answered on the way
("i need the cert for my appeal, when will it come" starts the certificate path, which says when
it comes). A question that only mentions a wish ("what if I don't want mediation", "do I need a
certificate") is still a question.
"""

from __future__ import annotations

import re

from bot.mias.reading.words import plain

REQUEST_CERTIFICATE = "request_certificate"
REQUEST_MEDIATION = "request_mediation"
START_MIAS = "start_mias"

_CERTIFICATE = (
    r"(?:mediation\s+)?(?:cert|certs|certificate|certificates|certifcate|certficate|certifikate)"
)
# "mediation" alone; not the information about it ("I need the mediation info first").
_MEDIATION = (
    r"(?:mediation|to\s+mediate|a\s+mediation\s+meeting)"
    r"(?!\s+(?:info|information|thing|advice|advise|service|conversation|call|chat|stuff|bit|part))"
)
_WANTING = (
    r"\b(?:i|we|id|wed)(?:\s+(?:just|only|really|definitely|defo|do|would|still|actually|honestly))*"
    r"\s+(?P<not>(?:dont|do\s+not|not|never|really\s+dont)\s+)?(?:(?:just|only|really|actually)\s+)?"
    r"(?:want|need|like|wanna|prefer)(?:\s+to\s+(?:have|get|go\s+to|do|try|go\s+for|go\s+ahead\s+with))?"
    r"\s+(?:(?:the|a|my|our|some|any|one)\s+)?"
    rf"(?:(?P<certificate>{_CERTIFICATE})|(?P<mediation>{_MEDIATION}))\b"
)
_HANDING_OVER = rf"\b(?:give|send|issue|email)\s+(?:me|us)\s+(?:the|a|my|our)\s+{_CERTIFICATE}\b"
# Asked as a favour at the start: "can i just have my certificate", "could u send me the cert".
_ASKING_FOR_IT = (
    r"^(?:(?:hi|hello|ok|okay|so|please|pls)\s+)*(?:(?:can|could|may)\s+(?:i|we)\s+(?:just\s+|please\s+"
    r"|pls\s+)?(?:have|get)|(?:can|could|will)\s+(?:you|u)\s+(?:just\s+|please\s+|pls\s+)?"
    rf"(?:send|give|issue|email)\s+(?:me|us))\s+(?:the|a|my|our)\s+{_CERTIFICATE}\b"
    r"(?!.*\b(?:if|without|when|before|even|unless|by|via)\b)"
)
# "can we have a mediation meeting about my plan", "could you book mediation for us".
_ASKING_FOR_MEDIATION = (
    r"^(?:(?:hi|hello|ok|okay|so|please|pls)\s+)*(?:(?:can|could|may)\s+(?:i|we)\s+(?:just\s+|please\s+"
    r"|pls\s+)?(?:have|get|book|arrange)|(?:can|could|will)\s+(?:you|u)\s+(?:just\s+|please\s+"
    r"|pls\s+)?(?:book|arrange|set\s+up|organise|organize|sort)(?:\s+(?:me|us))?)\s+(?:(?:a|the|some)\s+)?"
    r"(?:mediation|medation|meditation)(?!\s+(?:info|information|advice|advise))"
    r"(?!.*\b(?:if|without|when|before|even|unless|instead|still|on\s+my\s+own)\b)"
)
# Wanting to appeal starts the service, whose first step is the mediation information: "I want to
# appeal, what do I do". Not an appeal this service does not cover (an exclusion, an admission).
_APPEALING = (
    r"\b(?:i|we|im|id|wed)(?:\s+(?:just|only|really|definitely|defo|do|would|still|actually))*"
    r"\s+(?:want|need|wanna|like|wish|am\s+going|going|planning|plan|have)\s+(?:to\s+)?"
    r"(?:appeal|apeal|appel|challenge|fight|take\s+(?:them|it|the\s+(?:council|la))\s+to\s+tribunal)\b"
    r"(?!.*\b(?:exclu\w*|admission\w*|results?|pip|dla|parking|council\s+tax|benefits?|fine)\b)"
)
# Appealing without mediating is asking for the certificate: "I want to appeal, not mediate".
_NOT_MEDIATING = re.compile(
    r"\b(?:not|no|dont|do\s+not|without|skip|instead\s+of)\s+(?:\w+\s+)?mediat\w*|\bstraight\s+to\b"
)
STATED_WANT = re.compile(
    f"{_WANTING}|(?P<handing>{_HANDING_OVER}|{_ASKING_FOR_IT})|(?P<asking>{_ASKING_FOR_MEDIATION})"
    f"|(?P<appealing>{_APPEALING})"
)
# Words that make what follows a question or a report, not a request: "what if i dont want
# mediation", "I told the adviser we don't want mediation".
_ASKING_BEFORE = re.compile(
    r"\b(?:what|how|when|where|why|who|which|if|whether|do|does|did|can|could|should|will|would"
    r"|is|are|must|shall|told|said|asked|explained)\b"
)
# A question about the wish itself: "i dont want to mediate, is that allowed", "i just want to
# appeal, do i need to mediate first".
_ASKING_ABOUT_IT = re.compile(
    r"\b(?:is\s+(?:that|this|it)|am\s+i|are\s+we)\s+(?:\w+\s+)?(?:allowed|ok|okay|alright|possible"
    r"|a\s+problem|legal)\b|\b(?:can|could)\s+(?:i|we)\s+(?:do\s+that|still|just)\b"
    r"|\b(?:need|needed|have\s+to|has\s+to|must|necessary|required|compulsory)\b"
)


def stated_request(text: str) -> str | None:
    """The request a message opens with, when it states one before any question:
    `request_certificate` for the certificate or for not wanting mediation, `request_mediation`
    for wanting mediation, `start_mias` for wanting to appeal; None otherwise."""
    said = plain(text)
    want = STATED_WANT.search(said)
    if want is None or _ASKING_BEFORE.search(said[: want.start()]):
        return None
    if _ASKING_ABOUT_IT.search(said[want.end() :]):
        return None
    if want.group("handing"):
        return REQUEST_CERTIFICATE
    if want.group("asking"):
        return REQUEST_MEDIATION
    if want.group("appealing"):
        return REQUEST_CERTIFICATE if _NOT_MEDIATING.search(said) else START_MIAS
    refused = bool(want.group("not"))
    if want.group("certificate"):
        return None if refused else REQUEST_CERTIFICATE
    return REQUEST_CERTIFICATE if refused else REQUEST_MEDIATION
