"""The words on a certificate and its verification page, written by us in plain English.

The certificate is read by the family, the council and the Tribunal, so facts are stated in the
third person and only the deadline box speaks to the family ("your appeal").
"""

from __future__ import annotations

from bot.certificate_pdf.document import CertificateDocument
from bot.mias.calendar import date_in_words

TITLE = "Mediation certificate"
SUBJECT = (
    "Mediation certificate for an appeal to the First-tier Tribunal (Special Educational Needs "
    "and Disability), Children and Families Act 2014, section 55"
)
LEAD = (
    "This certificate shows that the person named below has had information and advice about "
    "mediation, as the law asks before most appeals to the SEND Tribunal "
    "(Children and Families Act 2014, section 55)."
)

DECISIONS = {
    "refuse_assessment": ("Refusal to carry out an EHC needs assessment", "a"),
    "refuse_plan": ("Refusal to issue an EHC plan after an assessment", "b"),
    "plan_contents": ("What the EHC plan says (sections B, F or I)", "c"),
    "refuse_reassessment": ("Refusal to carry out a new EHC needs assessment", "d"),
    "refuse_amend": ("Refusal to change the EHC plan after a review or new assessment", "e"),
    "cease_plan": ("Decision to stop the EHC plan", "f"),
}

ROLES = {
    "parent": "parent or carer",
    "young_person": "young person",
    "parent_of_young_person": "parent or carer, acting with the young person's agreement",
}

ROUTES = {
    "declined": "Mediation declined",
    "mediation_concluded": "Mediation took place",
    "not_arranged": "Mediation not arranged in time",
}

# Where appeals go: the SEND35 and SEND35a forms and GOV.UK give the same address (checked
# 2026-11-25 against local SENDIASS guidance). Review it whenever the Tribunal moves.
TRIBUNAL_CONTACT = (
    "You can appeal online on GOV.UK, email your form to send@justice.gov.uk, or post it to "
    "the SEND Tribunal, 1st Floor, Darlington Magistrates' Court, Parkgate, Darlington DL1 1RU."
)


def decision_words(decision_type: str) -> str:
    """'Refusal to issue an EHC plan after an assessment (section 51(2)(b))'."""
    words, letter = DECISIONS[decision_type]
    return f"{words} (section 51(2)({letter}))"


def route_sentence(doc: CertificateDocument) -> str:
    """What happened after the mediation information, and the date that led to the certificate."""
    when = date_in_words(doc.trigger_date)
    if doc.route == "declined":
        return (
            f"After the mediation information, the applicant decided on {when} "
            "not to try mediation."
        )
    if doc.route == "mediation_concluded":
        return f"Mediation took place and ended on {when} without settling everything."
    return (
        f"The council told us on {when} that mediation had not been arranged within 30 days "
        "of being asked."
    )


def deadline_sentence(doc: CertificateDocument) -> str:
    return f"Your appeal must reach the Tribunal by {date_in_words(doc.appeal_deadline)}."


def deadline_rule(doc: CertificateDocument) -> str:
    """The appeal deadline rule (HESC rules 20 and 12) in one plain sentence."""
    if doc.deadline_counted_from == doc.issue_date:
        month_from = "one month after the date of this certificate"
    else:
        month_from = (
            "one month after the date of the first certificate "
            f"({date_in_words(doc.deadline_counted_from)})"
        )
    return (
        f"This is the later of two months after the council's decision letter and {month_from}, "
        "moved on to the next working day if it falls at a weekend or on a bank holiday, and to "
        "the first working day after August or after 1 January if it falls in August or "
        "between 25 December and 1 January."
    )


def send_with(doc: CertificateDocument) -> str:
    form = doc.tribunal_form
    return f"Send a copy of this certificate with your appeal form {form}. {TRIBUNAL_CONTACT}"


DEADLINE_CAUTION = (
    "We have worked this date out with care, but the Tribunal has the final say. Send your appeal "
    "as early as you can."
)


def issued_by(doc: CertificateDocument) -> str:
    if doc.adviser_name:
        return (
            f"Issued by {doc.adviser_name}, mediation adviser, "
            f"for the MIAS service of {doc.provider_name}."
        )
    return f"Issued by the MIAS service of {doc.provider_name}."


def independence(doc: CertificateDocument) -> str:
    return (
        f"{doc.provider_name} is independent. Our mediation advisers do not work for any council, "
        "integrated care board or NHS England, and we do not take sides."
    )


def contact(doc: CertificateDocument) -> str:
    return f"Questions about this certificate? Call {doc.provider_name} on {doc.provider_phone}."


def verify_sentence(doc: CertificateDocument) -> str:
    return (
        "Anyone can check that this certificate is genuine and still valid: scan the code or go to "
        f"{short_url(doc.verify_url)}"
    )


def short_url(url: str) -> str:
    """The address as people type it: without 'https://'."""
    return url.split("://", 1)[-1]
