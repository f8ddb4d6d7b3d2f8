"""Every word of a certificate, its check page and its calendar file, in plain English.

The certificate is read by the family, the council and the Tribunal, so facts are stated in the
third person and only the deadline box speaks to the family ("your appeal"). The calendar file
speaks to the family and names no one: calendars are often shared or synced.
"""

from __future__ import annotations

from datetime import date

from bot.mias.calendar import date_in_words
from bot.mias.certificate_routes import CertificateRoute
from bot.mias.decisions import DecisionType

# ----------------------------------------------------------------------------- the document

TITLE = "Mediation certificate"
SUBJECT = (
    "Mediation certificate for an appeal to the First-tier Tribunal (Special Educational Needs "
    "and Disability), Children and Families Act 2014, section 55"
)
CREATOR = "MIAS assistant"
LEAD = (
    "This shows that the person named below has had information and advice about mediation, "
    "as the law asks before most appeals to the SEND Tribunal "
    "(Children and Families Act 2014, section 55)."
)

# Codes to words. The keys are str enums, so a stored code looks its words up directly.
DECISIONS: dict[str, str] = {
    DecisionType.REFUSE_ASSESSMENT: "Refusal to carry out an EHC needs assessment",
    DecisionType.REFUSE_PLAN: "Refusal to issue an EHC plan after an assessment",
    DecisionType.PLAN_CONTENTS: "What the EHC plan says (sections B, F or I)",
    DecisionType.REFUSE_REASSESSMENT: "Refusal to carry out a new EHC needs assessment",
    DecisionType.REFUSE_AMEND: "Refusal to change the EHC plan after a review or new assessment",
    DecisionType.CEASE_PLAN: "Decision to stop the EHC plan",
}
# Who the appellant is; who helps a young person appellant (bot.certificate_pdf.document).
ROLES = {
    "parent": "parent or carer",
    "young_person": "the young person",
}
HELPER_ROLES = {
    "parent": "their parent or carer",
    "supporter": "their supporter",
}
ROUTES: dict[str, str] = {
    CertificateRoute.DECLINED: "Mediation declined",
    CertificateRoute.MEDIATION_CONCLUDED: "Mediation took place",
    CertificateRoute.NOT_ARRANGED: "Mediation not arranged in time",
}

# Headings, in the order they are printed.
FOR_WHOM_HEADING = "Who this certificate is for"
DECISION_HEADING = "The council's decision"
MEDIATION_HEADING = "Mediation"
DEADLINE_HEADING = "Your appeal deadline"
ISSUER_HEADING = "Who issued it"
CHECK_HEADING = "Check this certificate"

# Labels of the facts, in the order they are printed.
ISSUE_DATE_LABEL = "Date of issue"
APPELLANT_LABEL = "Appellant"
CHILD_LABEL = "Child"
HELPER_LABEL = "Helped by"
COUNCIL_LABEL = "Council"
DECISION_LABEL = "Decision"
DECISION_DATE_LABEL = "Date of the decision letter"
MIAS_DATE_LABEL = "Mediation information given"
ROUTE_LABEL = "Route"

# Where appeals go: the SEND35 and SEND35a forms and GOV.UK give the same address (checked
# 2026-11-25 against local SENDIASS guidance). Review it whenever the Tribunal moves.
TRIBUNAL_CONTACT = (
    "You can appeal online on GOV.UK, email your form to send@justice.gov.uk, or post it to "
    "the SEND Tribunal, 1st Floor, Darlington Magistrates' Court, Parkgate, Darlington DL1 1RU."
)
DEADLINE_CAUTION = (
    "We have worked this date out with care, but the Tribunal has the final say. Send your appeal "
    "as early as you can."
)
CHECK_INVITATION = (
    "Anyone can check that this certificate is genuine and still valid: scan the code or go to "
)


def document_title(number: str) -> str:
    return f"{TITLE} {number}"


def document_author(provider_name: str) -> str:
    return f"MIAS service of {provider_name}"


def number_line(number: str) -> str:
    return f"Certificate number: {number}"


def corrects_and_replaces(number: str) -> str:
    return f"This certificate corrects and replaces certificate {number}, which is no longer valid."


def appellant(name: str, role: str) -> str:
    """'Alex Jones (the young person)': the person who holds the right of appeal."""
    return f"{name} ({ROLES[role]})"


def helper(name: str, role: str) -> str:
    """The person who talked to us for a young person appellant, and on what footing."""
    return f"{name}, {HELPER_ROLES[role]} (with the young person's agreement)"


def decision_words(decision_type: str) -> str:
    """'Refusal to issue an EHC plan after an assessment (section 51(2)(b))'."""
    letter = DecisionType(decision_type).section_51_letter
    return f"{DECISIONS[decision_type]} (section 51(2)({letter}))"


def route_fact(route: str, trigger_date: date) -> str:
    """The route's name, then what happened and the date that led to the certificate."""
    return f"{ROUTES[route]}. {route_sentence(route, trigger_date)}"


def route_sentence(route: str, trigger_date: date) -> str:
    when = date_in_words(trigger_date)
    if route == CertificateRoute.DECLINED:
        return (
            f"After the mediation information, the appellant decided on {when} "
            "not to try mediation."
        )
    if route == CertificateRoute.MEDIATION_CONCLUDED:
        return f"Mediation took place and ended on {when} without settling everything."
    return (
        f"The council told us on {when} that mediation had not been arranged within 30 days "
        "of being asked."
    )


def deadline_sentence(appeal_deadline: date) -> str:
    return f"Your appeal must reach the Tribunal by {date_in_words(appeal_deadline)}."


def deadline_rule(counted_from: date, issue_date: date) -> str:
    """The appeal deadline rule (HESC rules 20 and 12) in one plain sentence."""
    if counted_from == issue_date:
        month_from = "one month after the date of this certificate"
    else:
        month_from = (
            f"one month after the date of the first certificate ({date_in_words(counted_from)})"
        )
    return (
        f"This is the later of two months after the council's decision letter and {month_from}, "
        "moved on to the next working day if it falls at a weekend or on a bank holiday, and to "
        "the first working day after August or after 1 January if it falls in August or "
        "between 25 December and 1 January."
    )


def send_with(tribunal_form: str) -> str:
    return (
        f"Send a copy of this certificate with your appeal form {tribunal_form}. {TRIBUNAL_CONTACT}"
    )


def issued_by(adviser_name: str, provider_name: str) -> str:
    """The named mediation adviser who answers for the certificate (domain.md section 3): the
    duty adviser when the assistant issued it, else the caseworker who approved it."""
    return (
        f"Issued by the MIAS service of {provider_name}. The mediation adviser responsible for it "
        f"is {adviser_name}."
    )


def independence(provider_name: str) -> str:
    """CFA 2014 s.56(2)-(3): no one employed by a council, an ICB or NHS England may advise."""
    return (
        f"{provider_name} and its mediation advisers are independent: none is employed by a "
        "council, an integrated care board or NHS England, and we do not take sides."
    )


def contact(provider_name: str, provider_phone: str) -> str:
    return f"Questions about this certificate? Call {provider_name} on {provider_phone}."


def short_url(url: str) -> str:
    """The address as people type it: without 'https://'."""
    return url.split("://", 1)[-1]


def qr_code_text(number: str, verify_url: str) -> str:
    """The QR code's alternative text, read out by a screen reader."""
    return f"QR code that opens the check page for certificate {number}: {verify_url}"


# ----------------------------------------------------------------------------- the calendar file

CALENDAR_EVENT = "Last day for the SEND Tribunal to receive your appeal"


def calendar_description(number: str, tribunal_form: str) -> str:
    return (
        "Your appeal must reach the SEND Tribunal by the end of today. "
        f"Send form {tribunal_form} with a "
        f"copy of your mediation certificate {number}. Send it earlier if you can."
    )


def calendar_reminder(tribunal_form: str) -> str:
    return f"One week left to send your SEND Tribunal appeal (form {tribunal_form})."
