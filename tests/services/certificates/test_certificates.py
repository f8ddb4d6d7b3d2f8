"""Issuing, reviewing, voiding and checking certificates against a real migrated SQLite database."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import select

from bot.mias.certificate_numbers import new_number
from bot.services import certificates as service
from bot.services.cases import request_handoff
from bot.services.certificates import (
    CertificateConfig,
    CertificateError,
    LinkExpired,
    LinkInvalid,
    approve_draft,
    certificate_pdf,
    delivery_for,
    download_token,
    drafts_by_due_date,
    file_is_intact,
    ics_for,
    mark_notified,
    read_download_token,
    ready_to_notify,
    record_certificate_details,
    reissue,
    verify,
    void_certificate,
)
from bot.store.db import transaction
from bot.store.models import AuditEntry, Certificate
from tests.helpers.certificates import ISSUED, SECRET, issue, ready_case, young_person_case

DUTY_ADVISER = "Morgan Ellis"


@pytest.fixture
def config(tmp_path: Path) -> CertificateConfig:
    return CertificateConfig(
        duty_adviser_name=DUTY_ADVISER,
        certificates_dir=tmp_path / "certificates",
        provider_name="KIDS",
        provider_phone="03330 062 835",
        public_base_url="https://mias.example.org",
        secret_key=SECRET,
        link_hours=72,
    )


def pdf_text(path: str | Path) -> str:
    return " ".join(PdfReader(str(path)).pages[0].extract_text().split())


def audit_actions(database_url: str) -> list[tuple[str, str, str | None]]:
    with transaction(database_url) as session:
        rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        return [(row.action, row.actor, row.detail) for row in rows]


def certificate_count(database_url: str) -> int:
    with transaction(database_url) as session:
        return len(session.execute(select(Certificate.id)).all())


# ------------------------------------------------------------------------------- auto mode


def test_auto_mode_issues_a_valid_certificate_with_its_file_and_dates(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url)
    outcome = issue(database_url, config)
    certificate = outcome.certificate
    assert outcome.created and outcome.refusal is None and certificate is not None
    assert certificate.status == "valid"
    assert certificate.issue_date == ISSUED
    assert certificate.trigger_date == date(2026, 3, 10)
    assert certificate.due_date == date(2026, 3, 13)
    assert certificate.appeal_deadline == date(2026, 5, 5)
    assert certificate.tribunal_form == "SEND35"
    path = Path(certificate.pdf_path or "")
    assert path == config.certificates_dir / f"{certificate.number}.pdf"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == certificate.pdf_sha256
    text = pdf_text(path)
    assert certificate.number in text
    assert "Your appeal must reach the Tribunal by Tuesday 5 May 2026." in text
    assert "Appellant: Jane Smith (parent or carer)" in text and "Child: Sam Smith" in text
    assert "Helped by" not in text
    assert ("certificate_issued", "assistant") == audit_actions(database_url)[-1][:2]


def test_auto_mode_names_the_duty_adviser(database_url: str, config: CertificateConfig) -> None:
    ready_case(database_url)
    certificate = issue(database_url, config).certificate
    assert certificate is not None and certificate.adviser_name == DUTY_ADVISER
    text = pdf_text(certificate.pdf_path or "")
    assert (
        "Issued by the MIAS service of KIDS. The mediation adviser responsible for it is "
        "Morgan Ellis. KIDS and its mediation advisers are independent"
    ) in text


def test_no_certificate_is_issued_without_an_adviser_to_name(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url)
    with pytest.raises(CertificateError, match="names no mediation adviser"):
        issue(database_url, replace(config, duty_adviser_name=""))
    assert certificate_count(database_url) == 0
    assert not config.certificates_dir.exists() or not any(config.certificates_dir.iterdir())


def test_asking_twice_gives_the_same_certificate(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url)
    first = issue(database_url, config)
    second = issue(database_url, config, today=ISSUED + timedelta(days=1))
    assert first.certificate is not None and second.certificate is not None
    assert second.certificate.number == first.certificate.number
    assert second.certificate.issue_date == ISSUED
    assert not second.created
    assert certificate_count(database_url) == 1
    assert len(list(config.certificates_dir.glob("*.pdf"))) == 1


def test_the_store_refuses_a_second_live_certificate_for_a_case_and_route(
    database_url: str, config: CertificateConfig
) -> None:
    from sqlalchemy.exc import IntegrityError

    ready_case(database_url)
    outcome = issue(database_url, config)
    assert outcome.certificate is not None
    with pytest.raises(IntegrityError), transaction(database_url) as session:
        original = session.execute(select(Certificate)).scalar_one()
        copy = {c.name: getattr(original, c.name) for c in Certificate.__table__.columns}
        copy.update(id=None, number="MC-0000-0000-0000")
        session.add(Certificate(**copy))
        session.flush()


def test_a_young_person_talking_for_themselves_is_the_appellant_and_no_child_is_printed(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(
        database_url,
        role="young_person",
        age_group="16_to_25",
        rights_holder="young_person",
        applicant_name="Alex Jones",
        child_name="Alex Jones",
        decision_type="refuse_assessment",
    )
    certificate = issue(database_url, config).certificate
    assert certificate is not None and certificate.applicant_role == "young_person"
    assert certificate.child_name is None and certificate.helper_name is None
    text = pdf_text(certificate.pdf_path or "")
    assert "Appellant: Alex Jones (the young person)" in text
    assert "Child:" not in text and "Helped by" not in text and "SEND35a" in text


def test_a_parent_helping_a_young_person_is_named_as_their_helper(
    database_url: str, config: CertificateConfig
) -> None:
    young_person_case(database_url)
    certificate = issue(database_url, config).certificate
    assert certificate is not None
    assert (certificate.applicant_name, certificate.applicant_role) == (
        "Robin Smith",
        "young_person",
    )
    assert (certificate.helper_name, certificate.helper_role) == ("Jane Smith", "parent")
    assert certificate.child_name is None
    text = pdf_text(certificate.pdf_path or "")
    assert "Appellant: Robin Smith (the young person)" in text
    assert (
        "Helped by: Jane Smith, their parent or carer (with the young person's agreement)" in text
    )
    assert "Child:" not in text and "acting with" not in text
    assert verify(database_url, certificate.number).applicant_initials == "R. S."


def test_someone_supporting_a_young_person_is_named_as_their_supporter(
    database_url: str, config: CertificateConfig
) -> None:
    young_person_case(database_url, role="professional", helper_name="Pat Lee")
    certificate = issue(database_url, config).certificate
    assert certificate is not None and certificate.helper_role == "supporter"
    assert "Helped by: Pat Lee, their supporter (with the young person's agreement)" in (
        pdf_text(certificate.pdf_path or "")
    )


def test_a_named_adviser_is_printed(database_url: str, config: CertificateConfig) -> None:
    ready_case(database_url)
    certificate = issue(
        database_url, config, adviser="Priya Shah", actor="caseworker:priya"
    ).certificate
    assert certificate is not None and certificate.adviser_name == "Priya Shah"
    assert "The mediation adviser responsible for it is Priya Shah." in pdf_text(
        certificate.pdf_path or ""
    )


# ------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        (
            {"decision_type": "plan_contents", "school_only": True, "route": "school_only"},
            "no_certificate_needed",
        ),
        ({"decision_type": "plan_contents", "school_only": True}, "no_certificate_needed"),
        ({"route": "late"}, "late"),
        (
            {
                "mias_completed_at": datetime(2026, 5, 4, 9),
                "choice_recorded_at": datetime(2026, 5, 4, 9),
            },
            "late",
        ),
        ({"covered": False}, "not_covered"),
        ({"route": "not_england"}, "not_covered"),
        ({"covered": None}, "coverage_unclear"),
        ({"route": "not_appealable"}, "not_appealable"),
        ({"decision_type": "other"}, "not_appealable"),
        ({"route": "over_25"}, "unusual_case"),
        ({"route": "representative"}, "unusual_case"),
        ({"role": "professional"}, "unusual_case"),
        ({"rights_holder": None}, "incomplete"),
        ({"role": "young_person"}, "unusual_case"),
        ({"rights_holder": "young_person", "agreement": None, "helper_name": "Jane"}, "incomplete"),
        ({"rights_holder": "young_person", "agreement": "agrees"}, "incomplete"),
        (
            {"rights_holder": "young_person", "agreement": "not_agreed", "helper_name": "Jane"},
            "unusual_case",
        ),
        (
            {"rights_holder": "young_person", "agreement": "cannot_decide", "helper_name": "Jane"},
            "unusual_case",
        ),
        ({"choice": "mediate"}, "not_declined"),
        ({"route": None}, "incomplete"),
        ({"applicant_name": None}, "incomplete"),
        ({"child_name": None}, "incomplete"),
    ],
)
def test_cases_that_must_not_get_an_automatic_certificate_are_refused(
    database_url: str, config: CertificateConfig, overrides: dict[str, Any], reason: str
) -> None:
    ready_case(database_url, **overrides)
    outcome = issue(database_url, config)
    assert outcome.certificate is None and outcome.refusal == reason
    assert outcome.needs_caseworker is (reason != "no_certificate_needed")
    assert certificate_count(database_url) == 0
    assert not config.certificates_dir.exists() or not any(config.certificates_dir.iterdir())
    assert audit_actions(database_url)[-1][0] == "certificate_refused"


@pytest.mark.parametrize(
    ("reason", "urgent"), [("safeguarding", True), ("unusual_case", False), ("user_request", True)]
)
def test_a_flagged_case_goes_to_a_caseworker(
    database_url: str, config: CertificateConfig, reason: str, urgent: bool
) -> None:
    who = ready_case(database_url)
    request_handoff(database_url, who, reason, urgent=urgent)
    assert issue(database_url, config).refusal == "flagged"


def test_a_plain_request_for_a_person_does_not_stop_the_certificate(
    database_url: str, config: CertificateConfig
) -> None:
    who = ready_case(database_url)
    request_handoff(database_url, who, "user_request", urgent=False)
    assert issue(database_url, config).certificate is not None


def test_an_unknown_conversation_has_no_case(database_url: str, config: CertificateConfig) -> None:
    assert issue(database_url, config, conversation_id="nobody").refusal == "no_case"


def test_unknown_routes_and_modes_are_programming_errors(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url)
    with pytest.raises(ValueError):
        issue(database_url, config, route="sometime")
    with pytest.raises(ValueError):
        issue(database_url, config, mode="maybe")


# ------------------------------------------------------------------------------- caseworker routes


def test_mediation_concluded_counts_from_the_day_mediation_ended(
    database_url: str, config: CertificateConfig
) -> None:
    # domain.md case 7: letter Wed 4 Mar 2026; mediation Thu 2 Apr 2026; issued Thu 9 Apr 2026.
    ready_case(
        database_url,
        decision_date=date(2026, 3, 4),
        choice="mediate",
        mias_completed_at=datetime(2026, 3, 9, 11),
        choice_recorded_at=datetime(2026, 3, 9, 11),
    )
    with pytest.raises(ValueError):
        issue(database_url, config, route="mediation_concluded", today=date(2026, 4, 9))
    outcome = issue(
        database_url,
        config,
        route="mediation_concluded",
        today=date(2026, 4, 9),
        trigger_date=date(2026, 4, 2),
        actor="caseworker:sam",
    )
    certificate = outcome.certificate
    assert certificate is not None
    assert certificate.due_date == date(2026, 4, 9)
    assert certificate.appeal_deadline == date(2026, 5, 11)
    text = pdf_text(certificate.pdf_path or "")
    assert "Mediation took place and ended on Thursday 2 April 2026" in text
    assert "Monday 11 May 2026" in text


def test_not_arranged_counts_from_the_councils_notice(
    database_url: str, config: CertificateConfig
) -> None:
    # domain.md case 8: letter Thu 20 Nov 2025; told the LA Mon 24 Nov; LA notice Wed 24 Dec 2025.
    ready_case(
        database_url,
        decision_date=date(2025, 11, 20),
        choice="mediate",
        mias_completed_at=datetime(2025, 11, 24, 10),
        choice_recorded_at=datetime(2025, 11, 24, 10),
    )
    certificate = issue(
        database_url,
        config,
        route="not_arranged",
        today=date(2025, 12, 31),
        trigger_date=date(2025, 12, 24),
        actor="caseworker:sam",
    ).certificate
    assert certificate is not None
    assert certificate.due_date == date(2025, 12, 31)
    assert certificate.appeal_deadline == date(2026, 2, 2)
    assert "told us on Wednesday 24 December 2025" in pdf_text(certificate.pdf_path or "")


# ------------------------------------------------------------------------------- review mode


def test_review_mode_drafts_then_a_caseworker_approves_and_the_person_is_told(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url, channel="sms")
    drafted = issue(database_url, config, mode="review")
    draft = drafted.certificate
    assert drafted.created and draft is not None and draft.status == "draft"
    assert draft.pdf_path is None and draft.issue_date is None
    assert (
        not any(config.certificates_dir.glob("*.pdf")) if config.certificates_dir.exists() else True
    )
    assert verify(database_url, draft.number).status == "unknown"
    with pytest.raises(CertificateError):
        delivery_for(database_url, draft.number, config=config)
    assert issue(database_url, config, mode="review").certificate == draft  # still one draft

    assert draft.adviser_name is None  # named by whoever approves it
    with pytest.raises(CertificateError, match="names no mediation adviser"):
        approve_draft(
            database_url, draft.number, "caseworker:priya", ISSUED, adviser=" ", config=config
        )
    approved = approve_draft(
        database_url,
        draft.number,
        "caseworker:priya",
        date(2026, 3, 13),
        adviser="Priya Shah",
        config=config,
    )
    assert approved.status == "valid" and approved.issue_date == date(2026, 3, 13)
    assert approved.approved_by == "caseworker:priya" and approved.adviser_name == "Priya Shah"
    text = pdf_text(approved.pdf_path or "")
    assert "The mediation adviser responsible for it is Priya Shah." in text
    assert DUTY_ADVISER not in text
    assert file_is_intact(database_url, draft.number)
    assert ready_to_notify(database_url) == [service.ReadyNotice(draft.number, "c1", "sms")]

    delivery = delivery_for(database_url, draft.number, config=config)
    assert delivery.appeal_deadline_words == "Tuesday 5 May 2026"
    mark_notified(database_url, draft.number)
    assert ready_to_notify(database_url) == []
    actions = [action for action, _, _ in audit_actions(database_url)]
    assert actions == ["certificate_drafted", "certificate_approved", "certificate_notified"]
    with pytest.raises(CertificateError):
        approve_draft(
            database_url,
            draft.number,
            "caseworker:priya",
            date(2026, 3, 13),
            adviser="Priya Shah",
            config=config,
        )


def test_the_review_queue_is_ordered_by_the_statutory_due_date(
    database_url: str, config: CertificateConfig
) -> None:
    # Declined on different days; created in an order unlike their due dates.
    for conversation_id, declined_on in [("b", 12), ("a", 16), ("c", 10)]:
        moment = datetime(2026, 3, declined_on, 10)
        ready_case(
            database_url, conversation_id, mias_completed_at=moment, choice_recorded_at=moment
        )
        issue(database_url, config, conversation_id, mode="review", today=date(2026, 3, 16))
    queue = drafts_by_due_date(database_url)
    assert [d.conversation_id for d in queue] == ["c", "b", "a"]
    assert [d.due_date for d in queue] == [date(2026, 3, 13), date(2026, 3, 17), date(2026, 3, 19)]


# ------------------------------------------------------------------------------- void and reissue


def test_void_needs_a_reason_and_the_reason_is_kept(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url)
    certificate = issue(database_url, config).certificate
    assert certificate is not None
    with pytest.raises(ValueError):
        void_certificate(database_url, certificate.number, "  ", "caseworker:sam")
    voided = void_certificate(
        database_url, certificate.number, "issued to the wrong case", "caseworker:sam"
    )
    assert voided.status == "void" and voided.void_reason == "issued to the wrong case"
    assert audit_actions(database_url)[-1] == (
        "certificate_voided",
        "caseworker:sam",
        "issued to the wrong case",
    )
    assert verify(database_url, certificate.number).status == "void"
    assert delivery_refused(database_url, certificate.number, config)
    with pytest.raises(CertificateError):
        void_certificate(database_url, certificate.number, "again", "caseworker:sam")


def delivery_refused(database_url: str, number: str, config: CertificateConfig) -> bool:
    try:
        delivery_for(database_url, number, config=config)
    except CertificateError:
        return True
    return False


def test_reissue_voids_the_old_one_and_the_new_one_points_to_it(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url, child_name="Sam Smyth")
    old = issue(database_url, config).certificate
    assert old is not None
    new = reissue(
        database_url,
        old.number,
        "caseworker:sam",
        date(2026, 3, 20),
        {"child_name": "Sam Smith"},
        config=config,
        reason="child's name misspelt",
        adviser="Sam Jones",
    )
    assert new.status == "valid" and new.replaces_number == old.number and new.number != old.number
    assert old.adviser_name == DUTY_ADVISER and new.adviser_name == "Sam Jones"
    assert new.issue_date == date(2026, 3, 20)
    # The one-month rule still counts from the first certificate (12 Mar), never from the correction.
    assert new.appeal_deadline == date(2026, 5, 5)
    old_now = service.find_certificate(database_url, old.number)
    assert old_now is not None and old_now.status == "void"
    assert (
        old_now.replaced_by_number == new.number and old_now.void_reason == "child's name misspelt"
    )
    text = pdf_text(new.pdf_path or "")
    assert f"corrects and replaces certificate {old.number}" in text
    assert "Child: Sam Smith" in text and "Thursday 12 March 2026" in text
    assert verify(database_url, old.number).replaced_by_number == new.number
    assert issue(database_url, config).certificate == new  # the live one for the case
    actions = [action for action, _, _ in audit_actions(database_url)]
    assert actions[-2:] == ["certificate_voided", "certificate_reissued"]
    with pytest.raises(CertificateError):
        reissue(database_url, old.number, "caseworker:sam", date(2026, 3, 20), {}, config=config)
    with pytest.raises(ValueError):
        reissue(
            database_url,
            new.number,
            "caseworker:sam",
            date(2026, 3, 20),
            {"colour": "red"},
            config=config,
        )


def test_a_voided_certificate_can_be_reissued(database_url: str, config: CertificateConfig) -> None:
    ready_case(database_url)
    old = issue(database_url, config).certificate
    assert old is not None
    void_certificate(database_url, old.number, "wrong council", "caseworker:sam")
    new = reissue(
        database_url,
        old.number,
        "caseworker:sam",
        date(2026, 3, 13),
        {"council_name": "Kent County Council"},
        config=config,
    )
    assert new.council_name == "Kent County Council" and new.replaces_number == old.number
    assert new.adviser_name == DUTY_ADVISER  # no one named: the adviser stays


def test_a_young_persons_helper_can_be_corrected(
    database_url: str, config: CertificateConfig
) -> None:
    young_person_case(database_url, helper_name="Jane Smyth")
    old = issue(database_url, config).certificate
    assert old is not None
    new = reissue(
        database_url,
        old.number,
        "caseworker:sam",
        date(2026, 3, 13),
        {"helper_name": " Jane  Smith "},
        config=config,
        adviser="Sam Jones",
    )
    assert new.helper_name == "Jane Smith" and new.helper_role == "parent"
    assert "Helped by: Jane Smith," in pdf_text(new.pdf_path or "")
    with pytest.raises(ValueError, match="helper"):
        reissue(
            database_url,
            new.number,
            "caseworker:sam",
            date(2026, 3, 13),
            {"helper_role": None},
            config=config,
        )


# ------------------------------------------------------------------------------- files


def test_a_changed_or_missing_file_is_detected(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url)
    certificate = issue(database_url, config).certificate
    assert certificate is not None and certificate.pdf_path
    assert file_is_intact(database_url, certificate.number)
    assert (
        certificate_pdf(database_url, certificate.number) == Path(certificate.pdf_path).read_bytes()
    )
    path = Path(certificate.pdf_path)
    tampered = bytearray(path.read_bytes())
    tampered[len(tampered) // 2] ^= 0x01  # one bit changed anywhere is enough
    path.write_bytes(bytes(tampered))
    assert not file_is_intact(database_url, certificate.number)
    assert certificate_pdf(database_url, certificate.number) is None
    path.unlink()
    assert not file_is_intact(database_url, certificate.number)
    assert not file_is_intact(database_url, "MC-0000-0000-0000")


def test_no_file_is_left_when_the_record_cannot_be_saved(
    database_url: str, config: CertificateConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready_case(database_url)

    def broken_audit(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr("bot.services.certificates.issuing.audit", broken_audit)
    with pytest.raises(RuntimeError):
        issue(database_url, config)
    assert certificate_count(database_url) == 0
    assert list(config.certificates_dir.iterdir()) == []


def test_names_are_tidied_and_overlong_ones_refused(database_url: str) -> None:
    who = ready_case(database_url, applicant_name="  Jane   Smith ")
    from bot.services.cases import load_case

    with transaction(database_url) as session:
        from bot.store.models import Case

        case = session.execute(select(Case)).scalar_one()
        assert case.applicant_name == "Jane Smith"
    with pytest.raises(ValueError):
        record_certificate_details(database_url, who, child_name="x" * 121)
    assert load_case(database_url, "c1") is not None


# ------------------------------------------------------------------------------- verify


def test_verify_shows_key_facts_and_initials_only(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url, applicant_name="Jane Mary Smith")
    certificate = issue(database_url, config).certificate
    assert certificate is not None
    typed = certificate.number.lower().replace("-", " ").replace("0", "o")
    result = verify(database_url, typed, provider_name="KIDS")
    assert result.status == "valid" and result.number == certificate.number
    assert result.issue_date == ISSUED and result.appeal_deadline == date(2026, 5, 5)
    assert result.council_name == "Surrey County Council"
    assert result.applicant_initials == "J. M. S."
    assert result.route == "Mediation declined"
    assert "Smith" not in str(result.as_json())


def test_unknown_and_malformed_numbers_answer_alike(database_url: str) -> None:
    assert verify(database_url, "MC-0000-0000-0000") == verify(database_url, "not a number")
    assert verify(database_url, "MC-0000-0000-0000").as_json()["status"] == "unknown"


# ------------------------------------------------------------------------------- links and calendar


def test_download_tokens_expire_and_cannot_be_forged() -> None:
    now = datetime(2026, 3, 12, 12, tzinfo=timezone.utc)
    number = new_number()
    token = download_token(number, "pdf", secret=SECRET, hours=72, now=now)
    assert len(token) < 45
    grant = read_download_token(token, secret=SECRET, now=now + timedelta(hours=71))
    assert grant.number == number and grant.allows("pdf") and grant.allows("ics")
    with pytest.raises(LinkExpired):
        read_download_token(token, secret=SECRET, now=now + timedelta(hours=72))
    with pytest.raises(LinkInvalid):
        read_download_token(token, secret="another-secret", now=now)
    other = new_number().replace("-", "")[2:]
    with pytest.raises(LinkInvalid):
        read_download_token(other + token[12:], secret=SECRET, now=now)
    with pytest.raises(LinkInvalid):
        read_download_token(token[:-1] + ("A" if token[-1] != "A" else "B"), secret=SECRET, now=now)
    with pytest.raises(LinkInvalid):
        read_download_token("nonsense", secret=SECRET, now=now)
    calendar_only = read_download_token(
        download_token(number, "ics", secret=SECRET, hours=1, now=now), secret=SECRET, now=now
    )
    assert calendar_only.allows("ics") and not calendar_only.allows("pdf")


def test_the_calendar_file_has_the_deadline_and_a_reminder_a_week_before(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url)
    certificate = issue(database_url, config).certificate
    assert certificate is not None
    ics = ics_for(certificate)
    calendar = Calendar.from_ical(ics)
    (event,) = [c for c in calendar.walk("VEVENT")]
    assert event.decoded("dtstart") == date(2026, 5, 5)
    assert event.decoded("dtend") == date(2026, 5, 6)
    assert certificate.number in str(event["uid"]) and "SEND35" in str(event["description"])
    (alarm,) = [c for c in event.walk("VALARM")]
    assert str(alarm["action"]) == "DISPLAY"
    reminder = datetime(2026, 5, 5) + alarm.decoded("trigger")
    assert reminder == datetime(2026, 4, 28, 9, 0)
    assert b"Smith" not in ics and b"Surrey" not in ics


def test_delivery_gives_signed_links_that_expire(
    database_url: str, config: CertificateConfig
) -> None:
    ready_case(database_url)
    certificate = issue(database_url, config).certificate
    assert certificate is not None
    now = datetime(2026, 3, 12, 12, tzinfo=timezone.utc)
    delivery = delivery_for(database_url, certificate.number, config=config, now=now)
    assert delivery.pdf_url.startswith("https://mias.example.org/certificates/")
    assert delivery.calendar_url.endswith("/calendar.ics")
    assert delivery.verify_url == f"https://mias.example.org/verify/{certificate.number}"
    assert delivery.links_expire_at == now + timedelta(hours=72)
    token = delivery.pdf_url.rsplit("/", 1)[1]
    assert read_download_token(token, secret=SECRET, now=now).number == certificate.number


def test_simultaneous_requests_still_give_one_certificate(
    database_url: str, config: CertificateConfig
) -> None:
    import threading

    ready_case(database_url)
    barrier = threading.Barrier(4)
    numbers: list[str] = []

    def ask() -> None:
        barrier.wait()
        outcome = issue(database_url, config)
        assert outcome.certificate is not None
        numbers.append(outcome.certificate.number)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(numbers) == 4 and len(set(numbers)) == 1
    assert certificate_count(database_url) == 1
    assert [p.name for p in config.certificates_dir.iterdir()] == [f"{numbers[0]}.pdf"]
