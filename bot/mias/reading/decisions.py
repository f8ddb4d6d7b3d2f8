"""Which decision the council made, from the person's own description of it.

"they said they won't do an assessment", "LA refused the ehcna", "they want to cease her plan",
"annual review they wont change anything", "the plan names the wrong school thats all". Rules
over plain words, with the spellings people use (dyslexic spellings included), map a
description to one of the six appealable decisions (CFA 2014 s.51(2)(a)-(f)), to a Section I
only appeal, to disability discrimination, to health or social care only, or to something else.

A wrong reading costs more than none (the trained model then reads it, see
read_decision_with_model), so a refusal counts where it is bound to what was refused ("wont give
him a plan"), not merely near it ("wont give him transport even tho hes got an ehcp").

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


def _any(*patterns: str) -> str:
    return "(?:" + "|".join(patterns) + ")"


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b" + _any(*patterns) + r"\b")


# fmt: off
_ASSESSMENT = _any(r"a+s+e+s+\w*", r"ehcna\w*", r"ehc\s?n\s?a")
ASSESS = _words(
    r"a+s+e+s+\w*", r"as+es+m\w*", r"asses+\w*", r"asess\w*", r"ases\w*", r"ehc\s?n\s?a\w*",
    r"ehcna\w*", r"needs ass\w*", r"assesed", r"evaluat\w*",
    # Asking for a plan is asking for the assessment: "they rejected the ehcp application".
    r"(?:ehc\s?p|ehc plan|plan|statement) (?:request|application)s?",
    r"appl\w* for (?:an? |the )?(?:ehc\s?p|ehc plan|plan|statement)",
    # A refusal to assess by its initials or its section: "RTA issued", "s36 request refused".
    r"rta", r"s ?36 requests?",
)
# "a new assessment", not "a new request for assessment" (a second try at the first one); and
# not "a full assessment", which is what the first one is often called.
_NOT_A_REQUEST = r"(?:(?!request|application)\w+ )"
REASSESS = _words(
    r"re\s?a+s+e+s+\w*", r"reassess\w*", r"re\s?as+e?s*ment\w*",
    rf"(?:another|new|second|fresh|further|updated|2nd) {_NOT_A_REQUEST}{{0,2}}{_ASSESSMENT}",
    r"a+s+e+s+\w* (?:him|her|them|me|my \w+|(?:his|her|their|my) needs) again",
    rf"{_ASSESSMENT} again", rf"again for (?:an? |the )?(?:new )?{_ASSESSMENT}",
    r"re\s?evaluat\w*", rf"redo (?:the |his |her |my )?(?:needs )?{_ASSESSMENT}",
)
_PLAN = _any(
    r"ehc\s?p\w*", r"ehc plan\w*", r"e h c p", r"plan\w*", r"paln\w*", r"pland",
    r"statement\w*", r"echp\w*", r"ehpc\w*",
)
PLAN = _words(_PLAN)
# "the EHCP request" is the request for an assessment, not a plan.
_PLAN_ITSELF = rf"{_PLAN}(?! (?:request|application|(?:needs )?{_ASSESSMENT}))"
_REFUSE = _any(
    r"refus\w*", r"refuz\w*", r"rufus\w*", r"reject\w*", r"declin\w*",
    r"turn\w* (?:\w+ )?down", r"said no", r"say no", r"says no", r"saying no", r"wont",
    r"will not", r"wil not", r"not going to", r"not gonna", r"arent going to", r"arent gonna",
    r"didnt", r"did not", r"dont", r"do not", r"doesnt", r"does not", r"havent", r"have not",
    r"not", r"no", r"denied", r"deny\w*", r"knocked back", r"cant have", r"cannot have",
    r"not eligible", r"doesnt meet", r"does not meet", r"dosnt", r"dosent", r"refused", r"against",
    r"aint", r"wouldnt", r"would not", r"rta", r"(?:isnt|is not|not) necessary",
)
REFUSE = _words(_REFUSE)
_ISSUE = _any(
    r"is+u\w*", r"give\w*", r"giving", r"gave", r"get", r"getting", r"got", r"do", r"doing",
    r"write", r"writing", r"make", r"making", r"grant\w*", r"award\w*", r"provide",
    r"put in place", r"draw up", r"proceed\w*", r"go ahead", r"need",
)
ISSUE = _words(_ISSUE)
# The refusal bound to the verb: "decided not to issue", "wont give", "not want make".
_REFUSED_TO_ISSUE = (
    rf"{_REFUSE} (?:(?:to|be|want|wanting|going|gonna|agree|decide|decided|willing|prepared) ){{0,2}}{_ISSUE}"
)
REFUSED_TO_ISSUE = _words(_REFUSED_TO_ISSUE)
_WHOM = r"(?:a|an|the|him|her|them|me|us|my|his|their|son|daughter|child|ds|dd|ehc)"
# The refusal bound to the plan: "wont give him a plan", "doesnt need an ehcp", "not eligible
# for a plan"; not "wont give ds transport even tho hes got an ehcp".
PLAN_REFUSED = _words(
    rf"{_REFUSED_TO_ISSUE} (?:{_WHOM} ){{0,3}}{_PLAN_ITSELF}",
    rf"(?:refus\w*|declin\w*|reject\w*|(?:said|say|says|saying) no to|turned down for) (?:{_WHOM} ){{0,2}}{_PLAN_ITSELF}",
    rf"{_PLAN_ITSELF} (?:was |has been |got |been )?(?:refus\w*|declin\w*|reject\w*|turned down|denied)",
    rf"(?:doesnt|does not|dont|do not|didnt|not) (?:meet|qualify|eligible)\w* (?:\w+ ){{0,3}}for (?:a|an) {_PLAN}",
    r"note in (?:lieu|leiu|lew|lue)", r"refus\w* to issue", r"rti",
    r"decided (?:not|against) (?:to )?(?:writ\w*|issu\w*) (?:one|it)",
)
_DONE = _any(r"done", r"finished", r"completed?", r"over", r"concluded", r"carried out")
_THE = r"(?:(?:the|his|her|their|my|an?) )?(?:ehc )?(?:needs )?"
REASSESSED = _words(
    r"(?:after|following) (?:the |his |her |a )?re\s?a+s+e+s+\w*",
    r"re\s?a+s+e+s+ed (?:him|her|them|me|us|my \w+)",
    r"re\s?a+s+e+s+ment (?:was |is |has been )?(?:done|finished|completed)",
)
AFTER_ASSESSMENT = _words(
    rf"(?:after|following|once|at the end of) {_THE}{_ASSESSMENT}",
    rf"{_ASSESSMENT} (?:was |is |has been |had been |were )?{_DONE}",
    rf"(?:did|had|{_DONE}) {_THE}{_ASSESSMENT}",
    r"a+s+e+s+ed (?:him|her|them|me|us|my \w+|our \w+)",
    r"reports? (?:are |were |have been |had been )?(?:all )?(?:done|back|finished|completed)",
    r"week 16", r"16 weeks?", r"note in (?:lieu|leiu|lew|lue)", r"rti",
    # "got assessed", "dd was assessed", "assessed and declined to issue", "they made the
    # assessment but", "the outcome of the assessment", "got through the assessment stage".
    r"(?:got|been|was|were|is|has been|had been) a+s+e+s+e?d\b",
    r"(?<!\bget )(?<!\bbe )a+s+e+s+e?d and",
    rf"(?:made|did|done|had|completed?|finished|carried out) (?:the |an |a |his |her )?(?:\w+ )?{_ASSESSMENT}(?! (?:request|application))",
    rf"make (?:the |an |a )?{_ASSESSMENT} (?:but|and then|then)", rf"went through (?:the |his |her )?(?:whole )?{_ASSESSMENT}",
    rf"post {_ASSESSMENT}", rf"{_ASSESSMENT} (?:happened|showed|shows|found|stage|reports?)",
    rf"outcome of (?:the |his |her )?{_ASSESSMENT}", rf"(?:through|from) the {_ASSESSMENT}",
    rf"months of {_ASSESSMENT}", r"(?<!\bnot )(?<!\bnt )agreed to a+s+e+s+\w*",
)
NO_PLAN = _words(
    r"no (?:ehc )?plan", r"no ehcp", r"without (?:a |an )?(?:ehcp|plan)", r"sen support instead",
    r"can be met (?:by|in|at) (?:the )?(?:school|setting|sen support|mainstream)",
)
CEASE = _words(
    # Not "at the end they refused the EHCP": the end of the assessment, not of a plan.
    r"[cs]e+a?s(?:e|ed|es|ing)", r"stop\w*", r"(?<!at the )(?<!in the )end\w*", r"finish\w*",
    r"scrap\w*",
    rf"tak\w* (?:\w+ )?(?:{_PLAN}|it) away", rf"took (?:\w+ )?(?:{_PLAN}|it) away",
    rf"tak\w* away (?:\w+ ){{0,2}}{_PLAN}", rf"(?:take|took|taking) (?:\w+ ){{0,2}}{_PLAN} off",
    r"remov\w*", r"withdraw\w*", r"discontinu\w*", r"clos\w*", r"cancel\w*", r"drop\w*",
    r"lose", r"losing", r"taken off", r"no longer (?:be )?(?:maintain|keep|have)\w*",
    r"(?:not|wont|will not) maintain\w*", r"(?:wont|will not|not) be maintained", r"come off",
    r"coming off", r"(?:wont|will not|not) keep (?:\w+ ){0,2}going",
    r"get rid of",
)
# Said without naming the plan: "a final decision to cease to maintain under s45", "intention to
# cease letter"; "cease" is only ever said of the plan here.
CEASE_ALONE = _words(
    r"ceas(?:e|ed|es|ing)", r"[cs]e+a?s(?:e|ed|es|ing) (?:to )?maint\w*", r"stop maintaining",
    r"cessation",
)
AMEND = _words(
    r"amend\w*", r"ammend\w*", r"amed\w*", r"change\w*", r"chang\w*", r"update\w*",
    r"alter\w*", r"add(?:s|ed|ing)?", r"rewrit\w*", r"re write", r"revis\w*", r"put .{0,20} in",
    r"as it is", r"as it was", r"stay\w* (?:the )?same",
    r"keep\w* (?:it|the plan) (?:the )?same", r"kept (?:it|the plan) (?:the )?same",
)
UNCHANGED = _words(
    r"same", r"no changes?", r"not changed", r"nothing changed", r"unchanged", r"as it is",
    r"as it was", r"without (?:any )?(?:amend\w*|changes?)", r"no amend\w*",
    r"nothing (?:has )?(?:been )?changed",
)
# The plan refused a change in so many words: "refusal to amend", "they just reissued the old
# plan", "decided to keep the EHCP unchanged".
REFUSED_TO_AMEND = _words(
    r"refus\w* to (?:amend|replace|update|change|alter)",
    rf"(?:keep|kept|leave|left|reissu\w*|maintain\w*) (?:the |his |her |my |our )?(?:old |same )?{_PLAN} (?:unchanged|the same|alone|as it (?:is|was))",
    rf"reissu\w* (?:the |his |her |my |our )?(?:old|same) {_PLAN}",
)
# The review of a plan (a noun): not "they reviewed our request".
REVIEW = _words(
    r"annual reviews?", r"anual reviews?", r"reviews?", r"reveiws?", r"review meeting",
    r"yearly (?:meeting|review)", r"ar",
)
_SECTION = _any(r"sections?", r"sectons?", r"sectins?", r"secshuns?", r"secsions?")
CONTENTS = _words(
    rf"{_SECTION} [bfi]", r"part [bfi]",
    r"final (?:ehc )?plan\w*", r"final ehcp", r"finalised", r"finalized", r"wording",
    r"worded", r"provision", r"hours", r"the plan says", r"plan says",
    r"whats in (?:the|his|her) plan", r"what (?:the|his|her) plan says", r"contents?",
    r"named", r"names", r"naming", r"placement", r"specified", r"quantified", r"vague",
    r"not specific", r"one to one", r"1 1", r"ta support", r"speech and language", r"salt",
    r"therapy", r"therapies", r"ot", r"not enough", r"doesnt say", r"does not say",
    r"left out", r"missing", r"wrong", r"incorrect",
    rf"{_PLAN} (?:is |was )?(?:now )?(?:even |much |a lot )?worse",
    r"worse than (?:the|his|her|their|my) (?:old|last|previous|original)",
    r"disagree with (?:the|his|her|their) plan", r"unhappy with (?:the|his|her|their) plan",
    r"not happy with (?:the|his|her|their) plan",
)
SCHOOL = _words(
    r"s[ck]h?o+l\w*", r"college", r"placement", rf"{_SECTION} i", r"part i",
    r"specialist", r"special school", r"mainstream", r"independent", r"residential",
    r"academy", r"setting", r"unit", r"resource base",
)
ONLY = _words(
    r"only", r"just", r"purely", r"solely", r"limited to",
    r"all (?:i|we) (?:want|disagree with|dispute) is",
    r"nothing else", r"thats all", r"that is all", r"its just", r"the rest is fine",
    r"rest (?:of it )?is (?:fine|ok|okay)", r"happy with the rest", r"everything else is fine",
    r"apart from", r"except", r"nothing (?:about|to do with) (?:the )?(?:school|education)",
)
NO_SCHOOL_NAMED = _words(
    r"(?:no|not|doesnt|dosnt|does not|didnt|did not|hasnt|has not|without) (?:\w+ )?nam\w* (?:a|any|an|the) (?:school|setting|placement|college)",
    r"no (?:school|setting|placement|college) (?:is |was |has been )?named",
)
NEEDS_OR_SUPPORT = _words(
    rf"{_SECTION} [bf]", r"needs", r"support", r"provision",
    r"hours", r"therapy", r"therapies", r"wording", r"one to one", r"ta",
    r"speech and language", r"salt", r"ot",
)
# The rest of the plan stated as agreed: "the support is fine", "no issue with B and F".
_REST = r"(?:the )?(?:rest(?: of (?:it|the plan))?|everything(?: else)?|anything else|plan|ehcp|support|provision|needs(?: and provision)?|sections? b and f|b and f|b f|the content)"
_FINE = r"(?:fine|ok|okay|good|right|agreed|spot on|correct|great|sorted|alright)"
AGREED_REST = _words(
    rf"{_REST}(?: itself)?(?: (?:in|of) (?:the|his|her|my) (?:plan|ehcp))? (?:is|are|s|its|seems?) (?:all )?(?:\w+ )?{_FINE}",
    rf"{_REST} {_FINE}", r"(?:happy|fine|ok) with (?:the|everything|all the) (?:rest|else|plan|support|provision)",
    rf"(?<!not )(?:happy|fine|ok|okay) with {_REST}",
    rf"agree (?:with )?{_REST}", r"we agree with (?:section |sections )?b and f",
    rf"no (?:issue|issues|problem|problems|dispute|complaints?) (?:with|about) {_REST}",
    r"nothing else (?:wrong|in dispute)", r"dont dispute anything else", r"do not dispute anything else",
    r"nothing to do with the (?:support|provision|needs)", r"(?:b|f|b and f) (?:is|are) (?:fine|agreed|ok)",
    r"everything els ok", r"only disagreement is the (?:placement|school)",
    r"(?:purely|only|just) (?:where|which school|the school|the placement|the college)",
)
DISCRIMINATION = _words(
    r"d[ie]s+c?rim\w*", r"discrimant\w*", r"equality act", r"reasonable adjustments?",
    r"(?:make|made|making) (?:any |no |the )?adjustments?", r"victimis\w*", r"harass\w*",
    r"(?:wont|will not|dont|do not|not|refus\w*) (?:to )?(?:adjust|adapt)\w*",
)
_CONDITION = _any(
    r"disabilit\w*", r"disabled", r"autis\w*", r"asd", r"asc", r"adhd", r"dyspraxi\w*",
    r"dyslexi\w*", r"epilep\w*", r"sensory", r"meltdowns?", r"anxiety", r"sen", r"send",
    r"needs", r"condition", r"diagnosis", r"tourettes", r"wheelchair", r"deaf\w*", r"blind\w*",
    r"mental health",
)
_BECAUSE = _any(
    r"because", r"becos", r"becuase", r"becouse", r"cos", r"coz", r"cause", r"cuz", r"due to",
    r"linked to", r"related to", r"caused by", r"part of", r"arising from", r"down to",
)
# The treatment put down to the disability: "cos of his adhd", "part of her autism",
# "because he autistic", "when my anxiety is bad".
BECAUSE_OF_DISABILITY = _words(
    rf"{_BECAUSE} (?:of )?(?:(?:his|her|their|my|the) )?(?:\w+ )?{_CONDITION}",
    rf"{_BECAUSE} (?:he|she|they|i|hes|shes|theyre|im) (?:is |are |am )?(?:\w+ )?(?:autistic|disabled|dyspraxic|dyslexic|epileptic|deaf|blind)",
    rf"{_BECAUSE} (?:he|she|they|i) (?:has|have|got|has got) (?:\w+ )?{_CONDITION}",
    rf"when (?:his|her|their|my) {_CONDITION}",
    rf"{_CONDITION} (?:related|linked)", rf"(?:his|her|their|my) {_CONDITION} caus\w*",
    rf"during (?:a |an |his |her )?(?:\w+ )?{_CONDITION}",
    # What the disability needs, punished or refused: "detentions for stimming", "wont let her
    # wear her ear defenders".
    r"stim\w*", r"tics?", r"ear defenders", r"tinted glasses", r"coloured overlays?",
    r"hearing aids?", r"fidget\w*",
)
TREATED_BADLY_AT_SCHOOL = _words(
    r"exclu\w*", r"suspen\w*", r"sen[dt]\w* (?:\w+ ){0,2}home", r"sending (?:\w+ ){0,2}home", r"isolation",
    r"detentions?", r"punish\w*", r"(?:part time|reduced|shortened) timetable", r"trips?",
    r"residential", r"(?:wont|not|doesnt|dont|didnt|wouldnt) (?:let|allow)\w*",
    r"not allowed", r"banned", r"treated", r"unfair\w*", r"off roll\w*", r"restrain\w*",
    r"pushing (?:\w+ )?out", r"kicked out",
)
# Disability discrimination is a claim against a school; the council's decisions are the rest.
COUNCIL = _words(
    r"la", r"lea", r"council", r"local authority", r"panel", r"case ?worker", r"send? team",
)
HEALTH_OR_CARE = _words(
    r"health", r"so(?:ci|c|sh)i?a?l (?:care|services|worker)", r"care package",
    r"respite", r"short breaks", r"icb", r"ccg", r"nhs", rf"{_SECTION} [cdgh]", r"sections? h1",
    r"h1", r"h2", r"camhs", r"nursing", r"medical", r"care needs", r"carers?",
    r"personal care",
)
EDUCATION = _words(
    r"s[ck]h?o+l\w*", r"education\w*", r"educational", rf"{_SECTION} [bfi]", r"teaching", r"ta",
    r"learning", r"college", r"placement",
)
# The education side stated as agreed: "the college stuff is fine", "no issue with the education bits".
EDUCATION_AGREED = _words(
    rf"(?:s[ck]h?o+l|college|education\w*)(?: \w+){{0,4}} (?:is|are|s|its|seems?) (?:all )?(?:\w+ )?{_FINE}",
    rf"(?:s[ck]h?o+l|college|education\w*) (?:bits?|parts?|side|stuff) {_FINE}",
    r"no (?:issues?|problems?|dispute) (?:with|about) (?:the )?(?:s[ck]h?o+l|college|education)\w*",
)
# Not a decision about the plan, even when the plan is mentioned: "no school transport even tho
# hes got an ehcp", "didnt get the school place through admissions".
OTHER_TOPICS = _words(
    r"transport", r"bus", r"taxi", r"travel", r"bull(?:y|ie)\w*", r"pick\w* on",
    r"admission\w*", r"appeal panel", r"attendance", r"fines", r"fined", r"home educat\w*",
    r"elective home", r"off school", r"different class",
)
SOMETHING_ELSE = _words(
    r"complain\w*", r"exclu\w*", r"suspen\w*", r"personal budget", r"direct payments?",
    r"something else", r"none of (?:these|them|those)", r"other", r"detentions?", r"uniform",
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
    """Named outright ("discrimination", "reasonable adjustments"), or a school's treatment put
    down to the disability ("sent home at lunch cos of his adhd") with no council decision in it.
    """
    named = DISCRIMINATION.search(said)
    at_school = (
        TREATED_BADLY_AT_SCHOOL.search(said)
        and BECAUSE_OF_DISABILITY.search(said)
        and not COUNCIL.search(said)
    )
    return DecisionReading(DISABILITY_DISCRIMINATION) if named or at_school else None


def _cease(said: str) -> DecisionReading | None:
    # "the assessment is finished" ends the assessment, not a plan.
    about_the_plan = AFTER_ASSESSMENT.sub(" ", said)
    ended = CEASE_ALONE.search(said) or (
        PLAN.search(about_the_plan) and CEASE.search(about_the_plan)
    )
    if ended and not _ceasing_support_only(said):
        return DecisionReading(CEASE_PLAN)
    return None


def _ceasing_support_only(said: str) -> bool:
    """'they are stopping his 1:1 in the plan': support taken out of a plan, not the plan ended."""
    return bool(
        re.search(
            r"\b(?:stop\w*|remov\w*|cut\w*|end\w*|ceas\w*|drop\w*) (?:all |(?:him|her|them) from )?"
            r"(?:his |her |their |the )?(?:full time )?(?:1 1|one to one|hours|therap\w*|support|ta)\b",
            said,
        )
    )


def _reassess(said: str) -> DecisionReading | None:
    """A new assessment refused; not one described as done ("they reassessed her and then
    decided not to amend the plan"), whose outcome the other readers read."""
    if REASSESS.search(said) and not REASSESSED.search(said):
        return DecisionReading(REFUSE_REASSESSMENT)
    return None


def _health_or_care_only(said: str) -> DecisionReading | None:
    if not HEALTH_OR_CARE.search(said):
        return None
    only = (
        ONLY.search(said)
        or EDUCATION_AGREED.search(said)
        or not (EDUCATION.search(said) or ASSESS.search(said))
    )
    if only and not (REFUSE.search(said) and ASSESS.search(said)):
        return DecisionReading(HEALTH_SOCIAL_CARE_ONLY)
    return None


def _amend(said: str) -> DecisionReading | None:
    if REFUSED_TO_AMEND.search(said):
        return DecisionReading(REFUSE_AMEND)
    reviewed = REVIEW.search(said)
    if AMEND.search(said) and (PLAN.search(said) or reviewed) and REFUSE.search(said):
        return DecisionReading(REFUSE_AMEND)
    if reviewed and (REFUSE.search(said) or UNCHANGED.search(said)) and not ASSESS.search(said):
        return DecisionReading(REFUSE_AMEND)
    return None


def _assessment_or_plan(said: str) -> DecisionReading | None:
    """No plan after an assessment, or no assessment at all.

    A plan refused counts as refuse_plan when the assessment is over or not mentioned: "no plan"
    beside an assessment that was itself refused ("they refused the ehcna so no plan") is the
    assessment refused, and an assessment described as done was not refused. The refusal has to
    be bound to the plan ("wont give him a plan"), not just near it ("wont give ds school
    transport even tho hes got an ehcp").
    """
    assess, plan = ASSESS.search(said), PLAN.search(said)
    assessed = AFTER_ASSESSMENT.search(said)
    plan_refused = PLAN_REFUSED.search(said) or (plan and NO_PLAN.search(said))
    if (assessed or not assess) and plan_refused:
        return DecisionReading(REFUSE_PLAN)
    if assessed and REFUSED_TO_ISSUE.search(said):
        return DecisionReading(REFUSE_PLAN)
    if assess and not assessed and REFUSE.search(said):
        if plan and ISSUE.search(said[plan.start() - 25 : plan.end()]):
            return DecisionReading(REFUSE_ASSESSMENT, or_else=REFUSE_PLAN)
        return DecisionReading(REFUSE_ASSESSMENT)
    return None


def _contents(said: str) -> DecisionReading | None:
    """Section I alone, or what the plan says. A plan and a school named together are not enough:
    "he has an ehcp and goes to mainstream" names no decision."""
    school = SCHOOL.search(said)
    # "she just cant get through the school gate": attendance, transport or admissions.
    elsewhere = OTHER_TOPICS.search(said)
    only_the_school = (ONLY.search(said) or NO_SCHOOL_NAMED.search(said)) and not elsewhere
    if school and (
        AGREED_REST.search(said) or (only_the_school and not NEEDS_OR_SUPPORT.search(said))
    ):
        return DecisionReading(SCHOOL_ONLY)
    if CONTENTS.search(said):
        return DecisionReading(PLAN_CONTENTS)
    return None


def _something_else(said: str) -> DecisionReading | None:
    if OTHER_TOPICS.search(said) or SOMETHING_ELSE.search(said):
        return DecisionReading(OTHER)
    return None


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


def read_decision_with_model(text: str, ranking: Sequence[tuple[str, float]]) -> DecisionReading:
    """The rules' and the trained selector's readings together (`ranking`: labels, most likely
    first).

    The rules are precise on the words they know; the model, trained on examples in many voices
    (bot/data/nlu/decisions.yml), reads what the rules do not cover. When both read it and
    disagree, the person is asked which of the two it is, however sure the model is: the two
    readers disagreeing catches most of the misreadings either makes alone. On
    bench/decisions_validation.yml (written apart from the rules, the training data and the
    held-out sets), asking only when the model was at least half sure misread 2 of 110 without
    asking; asking whenever they disagree misreads 1, at the cost of asking 3 more people one
    question with two buttons.
    """
    by_rules = read_decision(text)
    top = ranking[0][0] if ranking else None
    if by_rules.decision is not None:
        disagrees = top in LABELS and top != by_rules.decision
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
