"""Thanks said on its own: "thank u so much thats really cleared it up for me".

Thanks with a few words about what helped can look like a question or an answer to the
classifier; without a question, a request or a goodbye in it, it is only thanks.
"""

from __future__ import annotations

import re

from bot.mias.reading.words import plain

THANKS = re.compile(
    r"^(?:(?:ok|okay|oh|right|yes|yeah|aw|ah|ahh|wow|great|brilliant|lovely|perfect)\s+)*"
    r"(?:thank\w*|thanx|thx|thnx|thnk\w*|tanks|ta|cheers|many thanks|much appreciated)\b"
)
# Words that make it more than thanks: a question, a request, a "but", a goodbye.
MORE_THAN_THANKS = re.compile(
    r"\b(?:what|how|when|where|why|who|which)\s+(?:is|are|do|does|did|can|could|will|would|should|if"
    r"|about|abt|happens|long|much|many|time)\b"
    r"|\b(?:can|could|do|does|is|are|will|would|should)\s+(?:i|we|you|u|they|it|he|she|my|our|the)\b"
    r"|\b(?:want|need|like|please|pls|plz|send|book|delete|but|bye|goodbye|ta ra|tara|cya|later"
    r"|night|go|going|gotta|close|closing|leave|leaving|log off|sign off)\b"
)


def says_only_thanks(text: str) -> bool:
    """'cheers', 'thank you, that really helped'; not 'thanks, how long does it take' or
    'thanks, bye'."""
    said = plain(text)
    return "?" not in text and bool(THANKS.search(said)) and not MORE_THAN_THANKS.search(said)
