"""Which decision the council made, from the person's own description of it.

"they said they won't do an assessment", "LA refused the ehcna", "they want to cease her plan",
"annual review they wont change anything", "the plan names the wrong school thats all". Rules
over plain words, with the spellings people use (dyslexic spellings included), map a
description to one of the six appealable decisions (CFA 2014 s.51(2)(a)-(f)), to a Section I
only appeal, to disability discrimination, to health or social care only, or to something else.

When two readings are about as likely ("they won't do it" after talking about an assessment and
a plan), both are returned so the bot can ask which one, with the two as buttons, instead of
guessing: the reading decides whether a certificate is needed at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.mias.reading.words import plain

REFUSE_ASSESSMENT = "refuse_assessment"
REFUSE_PLAN = "refuse_plan"
PLAN_CONTENTS = "plan_contents"
REFUSE_REASSESSMENT = "refuse_reassessment"
REFUSE_AMEND = "refuse_amend"
CEASE_PLAN = "cease_plan"
SCHOOL_ONLY = "school_only"
DISABILITY_DISCRIMINATION = "disability_discrimination"
HEALTH_SOCIAL_CARE_ONLY = "health_social_care_only"
OTHER = "other"
LABELS = (
    REFUSE_ASSESSMENT,
    REFUSE_PLAN,
    PLAN_CONTENTS,
    REFUSE_REASSESSMENT,
    REFUSE_AMEND,
    CEASE_PLAN,
    SCHOOL_ONLY,
    DISABILITY_DISCRIMINATION,
    HEALTH_SOCIAL_CARE_ONLY,
    OTHER,
)


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


# fmt: off
ASSESS = _words(
    r"a+s+e+s+\w*", r"as+es+m\w*", r"asses+\w*", r"asess\w*", r"ases\w*", r"ehc\s?n\s?a\w*",
    r"ehcna\w*", r"needs ass\w*", r"assesed", r"evaluat\w*",
)
REASSESS = _words(
    r"re\s?a+s+e+s+\w*", r"reassess\w*", r"re\s?ass\w*",
    r"(?:another|new|second|fresh|further|updated|2nd|full) (?:\w+ ){0,2}(?:a+s+e+s+\w*|ehcna|ehc\s?n\s?a)",
    r"assess\w* (?:him|her|them|my \w+) again", r"(?:a+s+e+s+\w*|ehcna) again",
)
PLAN = _words(
    r"ehc\s?p\w*", r"ehc plan\w*", r"e h c p", r"plan\w*", r"paln\w*", r"pland",
    r"statement\w*", r"echp\w*", r"ehpc\w*",
)
REFUSE = _words(
    r"refus\w*", r"refuz\w*", r"rufus\w*", r"reject\w*", r"declin\w*",
    r"turn\w* (?:\w+ )?down", r"said no", r"say no", r"says no", r"saying no", r"wont",
    r"will not", r"wil not", r"not going to", r"not gonna", r"arent going to", r"arent gonna",
    r"didnt", r"did not", r"dont", r"do not", r"doesnt", r"does not", r"havent", r"have not",
    r"not", r"no", r"denied", r"deny\w*", r"knocked back", r"cant have", r"cannot have",
    r"not eligible", r"doesnt meet", r"does not meet", r"dosnt", r"refused", r"against",
)
ISSUE = _words(
    r"issu\w*", r"give\w*", r"giving", r"gave", r"get", r"getting", r"got", r"do", r"doing",
    r"write", r"writing", r"make", r"making", r"grant\w*", r"award\w*", r"provide",
    r"put in place", r"draw up", r"proceed\w*", r"go ahead", r"need", r"needs",
)
AFTER_ASSESSMENT = _words(
    r"after (?:the |his |her |their )?(?:a+s+e+s+\w*|ehcna)",
    r"following (?:the |his |her )?(?:a+s+e+s+\w*|ehcna)",
    r"(?:a+s+e+s+\w*|ehcna) (?:was |is )?(?:done|finished|completed|over)",
    r"assessed (?:him|her|them|my \w+)", r"did the (?:a+s+e+s+\w*|ehcna)",
    r"had the (?:a+s+e+s+\w*|ehcna)", r"had an? (?:a+s+e+s+\w*|ehcna)", r"been assessed",
    r"was assessed", r"note in lieu", r"(?:no|not) to issue",
)
NO_PLAN = _words(
    r"no (?:ehc )?plan", r"no ehcp",
    r"not (?:get|getting|have|having|give|giving|issue|issuing) (?:a |an |him a |her a |them a )?(?:ehc\s?p|plan|ehc plan)",
    r"without (?:a |an )?(?:ehcp|plan)", r"note in lieu", r"sen support instead",
    r"can be met (?:by|in|at) (?:the )?(?:school|setting|sen support|mainstream)",
)
CEASE = _words(
    r"ceas\w*", r"seas\w*", r"cease", r"stop\w*", r"end\w*", r"finish\w*", r"scrap\w*",
    r"take\w* (?:it |the plan |his plan |her plan )?away", r"took (?:it |the plan )?away",
    r"remov\w*", r"withdraw\w*", r"discontinu\w*", r"close\w*", r"cancel\w*", r"drop\w*",
    r"lose", r"losing", r"taken off", r"no longer (?:maintain|keep|have)\w*",
    r"not maintain\w*", r"stop maintaining", r"come off", r"coming off", r"get rid of",
)
AMEND = _words(
    r"amend\w*", r"ammend\w*", r"amed\w*", r"change\w*", r"chang\w*", r"update\w*",
    r"alter\w*", r"add\w*", r"rewrit\w*", r"re write", r"revis\w*", r"put .{0,20} in", r"same",
    r"as it is", r"as it was", r"stay\w* (?:the )?same",
    r"keep\w* (?:it|the plan) (?:the )?same", r"kept (?:it|the plan) (?:the )?same",
)
UNCHANGED = _words(
    r"same", r"no changes?", r"not changed", r"nothing changed", r"unchanged", r"as it is",
    r"as it was",
)
REVIEW = _words(
    r"annual review\w*", r"anual review\w*", r"review\w*", r"reveiw\w*", r"review meeting",
    r"ar",
)
CONTENTS = _words(
    r"section [bfi]", r"sections? [bfi](?: and [bfi])?", r"part [bfi]",
    r"final (?:ehc )?plan\w*", r"final ehcp", r"finalised", r"finalized", r"wording",
    r"worded", r"provision", r"hours", r"the plan says", r"plan says",
    r"whats in (?:the|his|her) plan", r"what (?:the|his|her) plan says", r"contents?",
    r"named", r"names", r"naming", r"placement", r"specified", r"quantified", r"vague",
    r"not specific", r"one to one", r"1 1", r"ta support", r"speech and language", r"salt",
    r"therapy", r"therapies", r"ot", r"not enough", r"doesnt say", r"does not say",
    r"left out", r"missing", r"wrong", r"incorrect",
    r"disagree with (?:the|his|her|their) plan", r"unhappy with (?:the|his|her|their) plan",
    r"not happy with (?:the|his|her|their) plan",
)
SCHOOL = _words(
    r"school\w*", r"schol\w*", r"skool", r"college", r"placement", r"section i", r"part i",
    r"specialist", r"special school", r"mainstream", r"independent", r"residential",
    r"academy", r"setting", r"unit", r"resource base",
)
ONLY = _words(
    r"only", r"just", r"purely", r"solely", r"all (?:i|we) (?:want|disagree with|dispute) is",
    r"nothing else", r"thats all", r"that is all", r"its just", r"the rest is fine",
    r"rest (?:of it )?is (?:fine|ok|okay)", r"happy with the rest", r"everything else is fine",
    r"apart from", r"except", r"nothing (?:about|to do with) (?:the )?(?:school|education)",
)
NEEDS_OR_SUPPORT = _words(
    r"section [bf]", r"sections? b", r"sections? f", r"needs", r"support", r"provision",
    r"hours", r"therapy", r"therapies", r"wording", r"one to one", r"ta",
    r"speech and language", r"salt", r"ot",
)
# The rest of the plan stated as agreed: "the support is fine", "no issue with B and F".
_REST = r"(?:the )?(?:rest(?: of (?:it|the plan))?|everything(?: else)?|anything else|plan|ehcp|support|provision|needs(?: and provision)?|sections? b and f|b and f|b f|the content)"
_FINE = r"(?:fine|ok|okay|good|right|agreed|spot on|correct|great|sorted|alright)"
AGREED_REST = _words(
    rf"{_REST}(?: (?:in|of) (?:the|his|her|my) (?:plan|ehcp))? (?:is|are|s|its|seems?) (?:all )?(?:\w+ )?{_FINE}",
    rf"{_REST} {_FINE}", r"(?:happy|fine|ok) with (?:the|everything|all the) (?:rest|else|plan|support|provision)",
    rf"agree (?:with )?{_REST}", r"we agree with (?:section |sections )?b and f",
    rf"no (?:issue|issues|problem|problems|dispute|complaints?) (?:with|about) {_REST}",
    r"nothing else (?:wrong|in dispute)", r"dont dispute anything else", r"do not dispute anything else",
    r"nothing to do with the (?:support|provision|needs)", r"(?:b|f|b and f) (?:is|are) (?:fine|agreed|ok)",
    r"everything els ok", r"only disagreement is the (?:placement|school)",
    r"(?:purely|only|just) (?:where|which school|the school|the placement|the college)",
)
DISCRIMINATION = _words(
    r"discriminat\w*", r"descriminat\w*", r"discrimant\w*", r"equality act",
    r"reasonable adjustments?",
    r"because of (?:his|her|their|my) (?:disability|autism|adhd|condition|needs|sen)",
    r"excluded because", r"exclusion because",
    r"treated (?:\w+ )?(?:unfairly|differently|worse) because", r"disability discrimination",
    r"victimis\w*", r"harass\w*",
)
HEALTH_OR_CARE = _words(
    r"health", r"social care", r"social services", r"social worker", r"care package",
    r"respite", r"short breaks", r"icb", r"ccg", r"nhs", r"section [cdgh]", r"sections? h1",
    r"h1", r"h2", r"camhs", r"nursing", r"medical", r"care needs", r"carers?",
    r"personal care",
)
EDUCATION = _words(
    r"school\w*", r"education\w*", r"educational", r"section [bfi]", r"teaching", r"ta",
    r"learning", r"college", r"placement",
)
SOMETHING_ELSE = _words(
    r"transport", r"bus", r"taxi", r"travel", r"bull(?:y|ie)\w*", r"complain\w*",
    r"admission\w*", r"appeal panel", r"exclu\w*", r"suspen\w*", r"attendance", r"fined?",
    r"home educat\w*", r"elective home", r"personal budget", r"direct payments?",
    r"something else", r"none of (?:these|them|those)", r"other", r"detention", r"uniform",
    r"homework", r"teacher", r"timetable",
)
# fmt: on


@dataclass(frozen=True)
class DecisionReading:
    """The decision the words give, or the two the bot should ask between, or neither."""

    decision: str | None
    or_else: str | None = None

    @property
    def needs_asking(self) -> bool:
        return self.decision is not None and self.or_else is not None


NOT_READ = DecisionReading(None)


def read_decision(text: str) -> DecisionReading:
    """The decision a description names (see the module's docstring)."""
    said = plain(text).replace("e h c", "ehc")
    if not said:
        return NOT_READ
    for reader in _READERS:
        reading = reader(said)
        if reading is not None:
            return reading
    return NOT_READ


def _discrimination(said: str) -> DecisionReading | None:
    return DecisionReading(DISABILITY_DISCRIMINATION) if DISCRIMINATION.search(said) else None


def _cease(said: str) -> DecisionReading | None:
    if PLAN.search(said) and CEASE.search(said) and not _ceasing_support_only(said):
        return DecisionReading(CEASE_PLAN)
    return None


def _ceasing_support_only(said: str) -> bool:
    """'they are stopping his 1:1 in the plan': support taken out of a plan, not the plan ended."""
    return bool(
        re.search(
            r"\b(?:stop\w*|remov\w*|cut\w*|end\w*) (?:his |her |their |the )?(?:1 1|one to one|hours|therapy|support|ta)\b",
            said,
        )
    )


def _reassess(said: str) -> DecisionReading | None:
    return DecisionReading(REFUSE_REASSESSMENT) if REASSESS.search(said) else None


def _health_or_care_only(said: str) -> DecisionReading | None:
    if not HEALTH_OR_CARE.search(said):
        return None
    only = ONLY.search(said) or not (EDUCATION.search(said) or ASSESS.search(said))
    if only and not (REFUSE.search(said) and ASSESS.search(said)):
        return DecisionReading(HEALTH_SOCIAL_CARE_ONLY)
    return None


def _amend(said: str) -> DecisionReading | None:
    reviewed = REVIEW.search(said)
    if AMEND.search(said) and (PLAN.search(said) or reviewed) and REFUSE.search(said):
        return DecisionReading(REFUSE_AMEND)
    if reviewed and (REFUSE.search(said) or UNCHANGED.search(said)) and not ASSESS.search(said):
        return DecisionReading(REFUSE_AMEND)
    return None


def _assessment_or_plan(said: str) -> DecisionReading | None:
    assess, plan = ASSESS.search(said), PLAN.search(said)
    refused = REFUSE.search(said)
    if plan and (NO_PLAN.search(said) or (AFTER_ASSESSMENT.search(said) and refused)):
        return DecisionReading(REFUSE_PLAN)
    if assess and refused:
        if plan and ISSUE.search(said[plan.start() - 25 : plan.end()]):
            return DecisionReading(REFUSE_ASSESSMENT, or_else=REFUSE_PLAN)
        return DecisionReading(REFUSE_ASSESSMENT)
    if plan and refused and ISSUE.search(said) and not CONTENTS.search(said):
        return DecisionReading(REFUSE_PLAN)
    return None


def _contents(said: str) -> DecisionReading | None:
    school = SCHOOL.search(said)
    if school and (
        AGREED_REST.search(said) or (ONLY.search(said) and not NEEDS_OR_SUPPORT.search(said))
    ):
        return DecisionReading(SCHOOL_ONLY)
    if CONTENTS.search(said) or (school and PLAN.search(said)):
        return DecisionReading(PLAN_CONTENTS)
    return None


def _something_else(said: str) -> DecisionReading | None:
    return DecisionReading(OTHER) if SOMETHING_ELSE.search(said) else None


_READERS = (
    _discrimination,
    _reassess,
    _cease,
    _amend,
    _assessment_or_plan,
    _health_or_care_only,
    _contents,
    _something_else,
)


# The model's reading counts when it is this sure, and is asked about when its second choice is
# this close (bot.actions.intake asks "Did they ... or ...?" with the two as buttons).
MODEL_MIN_CONFIDENCE = 0.5
MODEL_CLOSE_SECOND = 0.2
MODEL_MIN_CONFIDENCE_OF_TWO = 0.7
# The model this sure, against the rules' reading: the person is asked which of the two.
MODEL_DISAGREES = 0.7


def read_decision_with_model(text: str, ranking: Sequence[tuple[str, float]]) -> DecisionReading:
    """The rules' and the trained selector's readings together (`ranking`: labels, most likely
    first).

    The rules are precise on the words they know; the model, trained on examples in many voices
    (bot/data/nlu/decisions.yml), reads what the rules do not cover. When both read it and
    disagree, with the model fairly sure, the person is asked which of the two it is: on the
    held-out voices the two readers disagreeing caught most of the misreadings either made alone.
    """
    by_rules = read_decision(text)
    top, confidence = ranking[0] if ranking else (None, 0.0)
    if by_rules.decision is not None:
        disagrees = top in LABELS and top != by_rules.decision and confidence >= MODEL_DISAGREES
        if by_rules.needs_asking or not disagrees:
            return by_rules
        return DecisionReading(str(top), or_else=by_rules.decision)
    if not ranking:
        return by_rules
    (first, confidence), *others = ranking
    second, second_confidence = others[0] if others else (None, 0.0)
    if first not in LABELS:
        return NOT_READ
    close = second in LABELS and confidence - second_confidence < MODEL_CLOSE_SECOND
    if close and confidence + second_confidence >= MODEL_MIN_CONFIDENCE_OF_TWO:
        return DecisionReading(first, or_else=second)
    return DecisionReading(first) if confidence >= MODEL_MIN_CONFIDENCE else NOT_READ
