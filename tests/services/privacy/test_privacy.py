"""Export, erasure and retention against a real migrated SQLite database, with Rasa's own tracker
store writing the `events` table beside our tables, and real certificate files."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from sqlalchemy import select, update

from bot.mias.sms_text import Part
from bot.services import sms
from bot.services.accounts import create_caseworker
from bot.services.cases import Conversation, record_facts, record_mias_step, request_handoff
from bot.services.casework import add_note
from bot.services.certificates import CertificateConfig, find_certificate, verify
from bot.services.privacy import (
    conversations_for_phone,
    erase_case,
    erase_conversation,
    erase_web_conversation,
    export_conversation,
    purge_older_than,
    request_erasure,
    run_requested_erasures,
)
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import (
    AuditEntry,
    Case,
    Certificate,
    ErasureRequest,
    Handoff,
    SmsContact,
    SmsInbound,
    SmsOutbound,
)
from bot.store.tracker_store import ErasureSafeSQLTrackerStore
from tests.helpers.certificates import issue, ready_case, young_person_case
from tests.helpers.rasa_events import NOW, event_count, talk

NAMES = ("Jane Smith", "Sam Smith")
SAID = "my boy has autism and the school in Leeds LS1 4AP keeps excluding him"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env(
        {
            "DATABASE_URL": database_url,
            "CERTIFICATES_DIR": str(tmp_path / "certificates"),
            "PUBLIC_BASE_URL": "https://mias.example.org",
            "CONSOLE_SECRET_KEY": "test-secret",
        }
    )


@pytest.fixture
def config(settings: Settings) -> CertificateConfig:
    return CertificateConfig.from_settings(settings)


@pytest.fixture
def store(database_url: str) -> Iterator[ErasureSafeSQLTrackerStore]:
    yield ErasureSafeSQLTrackerStore(host=database_url, domain=Domain.empty())


def database_text(database_url: str) -> str:
    """Every row of every table, as SQL text: what a copy of the database would give away."""
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
        return "\n".join(db.iterdump())


async def certified_case(
    settings: Settings,
    config: CertificateConfig,
    store: ErasureSafeSQLTrackerStore,
    sender: str = "c1",
) -> str:
    """A parent who talked, finished MIAS, asked for a person, got a note and a certificate."""
    await talk(store, sender, SAID)
    who = ready_case(settings.database_url, sender)
    record_mias_step(settings.database_url, who, "mias_mediation")
    request_handoff(settings.database_url, who, "user_request", False)
    worker = create_caseworker(
        settings.database_url, f"w-{sender}@example.org", "Wren", "a long password x", actor="test"
    )
    with transaction(settings.database_url) as session:
        case_id = session.execute(
            select(Case.id).where(Case.conversation_id == sender)
        ).scalar_one()
    add_note(settings.database_url, case_id, worker, "Mum Jane Smith sounded worried on the phone")
    outcome = issue(settings.database_url, config, sender)
    assert outcome.certificate is not None
    return outcome.certificate.number


# ----------------------------------------------------------------------------- erasure


async def test_erasure_leaves_only_what_verification_needs(
    settings: Settings, config: CertificateConfig, store: ErasureSafeSQLTrackerStore
) -> None:
    number = await certified_case(settings, config, store)
    before = verify(settings.database_url, number)
    pdf = Path(find_certificate(settings.database_url, number).pdf_path or "")  # type: ignore[union-attr]
    assert pdf.is_file() and SAID in database_text(settings.database_url)

    report = erase_conversation(
        settings, "c1", actor="caseworker:7", source="console", reason="asked by phone"
    )

    assert report.found and report.tracker_events == 3 and report.mias_steps == 1
    assert (report.handoffs, report.notes, report.certificates_kept, report.files_deleted) == (
        1,
        1,
        1,
        1,
    )
    assert not pdf.exists()
    assert event_count(settings.database_url, "c1") == 0
    dump = database_text(settings.database_url)
    for secret in (*NAMES, SAID, "LS1 4AP", "sounded worried", "'c1'"):
        assert secret not in dump, secret
    after = verify(settings.database_url, number)
    assert after.status == "valid" and after.applicant_initials is None
    kept = (
        "number",
        "issue_date",
        "council_name",
        "decision",
        "decision_date",
        "route",
        "appeal_deadline",
    )
    assert {k: getattr(after, k) for k in kept} == {k: getattr(before, k) for k in kept}
    assert before.applicant_initials == "J. S."


def test_a_young_persons_helper_is_exported_and_erased_like_the_other_names(
    settings: Settings, config: CertificateConfig
) -> None:
    young_person_case(settings.database_url, helper_name="Hattie Helper")
    number = issue(settings.database_url, config).certificate.number  # type: ignore[union-attr]
    held = export_conversation(settings, "c1")
    assert held["case"]["helper_name"] == "Hattie Helper"
    assert held["certificates"][0]["helper_name"] == "Hattie Helper"
    assert held["certificates"][0]["helper_role"] == "parent"
    erase_conversation(settings, "c1", actor="caseworker:7", source="console", reason="asked")
    assert "Hattie" not in database_text(settings.database_url)
    assert verify(settings.database_url, number).status == "valid"


async def test_erasure_is_audited_without_personal_data(
    settings: Settings, config: CertificateConfig, store: ErasureSafeSQLTrackerStore
) -> None:
    number = await certified_case(settings, config, store)
    erase_conversation(
        settings, "c1", actor="caseworker:7", source="console", reason="asked by phone"
    )
    with transaction(settings.database_url) as session:
        entries = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        certificate_id = session.execute(
            select(Certificate.id).where(Certificate.number == number)
        ).scalar_one()
        erased = [
            (e.actor, e.action, e.certificate_id, e.detail) for e in entries if "erased" in e.action
        ]
    assert erased[0][:3] == ("caseworker:7", "conversation_erased", None)
    assert "source=console" in erased[0][3] and "reason=asked by phone" in erased[0][3]
    assert erased[1][:3] == ("caseworker:7", "certificate_details_erased", certificate_id)
    assert not any(name in (entry.detail or "") for entry in entries for name in (*NAMES, "c1 "))


async def test_erasing_twice_or_an_unknown_conversation_changes_nothing(
    settings: Settings, config: CertificateConfig, store: ErasureSafeSQLTrackerStore
) -> None:
    await certified_case(settings, config, store)
    assert erase_conversation(settings, "c1").found
    with transaction(settings.database_url) as session:
        audit_rows = len(session.execute(select(AuditEntry.id)).all())
    assert not erase_conversation(settings, "c1").found
    assert not erase_conversation(settings, "never-seen").found
    with transaction(settings.database_url) as session:
        assert len(session.execute(select(AuditEntry.id)).all()) == audit_rows


async def test_other_peoples_data_is_untouched(
    settings: Settings, config: CertificateConfig, store: ErasureSafeSQLTrackerStore
) -> None:
    await certified_case(settings, config, store, "c1")
    other = await certified_case(settings, config, store, "c2")
    erase_conversation(settings, "c1")
    assert event_count(settings.database_url, "c2") == 3
    assert verify(settings.database_url, other).applicant_initials == "J. S."
    assert export_conversation(settings, "c2")["case"]["applicant_name"] == "Jane Smith"


async def test_a_draft_certificate_is_deleted_with_the_case(
    settings: Settings, config: CertificateConfig
) -> None:
    ready_case(settings.database_url, "c1")
    draft = issue(settings.database_url, config, "c1", mode="review").certificate
    assert draft is not None
    report = erase_conversation(settings, "c1")
    assert report.drafts_deleted == 1 and report.certificates_kept == 0
    assert find_certificate(settings.database_url, draft.number) is None


def test_a_caseworker_erasure_needs_a_reason_and_a_case(settings: Settings) -> None:
    record_facts(settings.database_url, Conversation("c1", "rest"), role="parent")
    with transaction(settings.database_url) as session:
        case_id = session.execute(select(Case.id)).scalar_one()
    with pytest.raises(ValueError):
        erase_case(settings, case_id, actor="caseworker:1", reason="  ")
    assert erase_case(settings, case_id + 1, actor="caseworker:1", reason="asked") is None
    report = erase_case(settings, case_id, actor="caseworker:1", reason="asked")
    assert report is not None and report.case_id == case_id


async def test_the_website_may_erase_web_chats_only(
    settings: Settings, store: ErasureSafeSQLTrackerStore
) -> None:
    await talk(store, "web-1", SAID, channel="socketio")
    await talk(store, "447700900123", SAID, channel="sms")
    record_facts(settings.database_url, Conversation("447700900123", "sms"), role="parent")
    assert erase_web_conversation(settings, "web-1").tracker_events == 3
    assert not erase_web_conversation(settings, "447700900123").found
    assert event_count(settings.database_url, "447700900123") == 3
    assert not erase_web_conversation(settings, "unknown").found


# ----------------------------------------------------------------------------- chat requests


async def test_a_chat_request_is_carried_out_once_its_turn_is_saved(
    settings: Settings, store: ErasureSafeSQLTrackerStore
) -> None:
    await talk(store, "c1", SAID, at=NOW - timedelta(minutes=5))
    request_erasure(settings.database_url, "c1")
    request_erasure(settings.database_url, "c1")  # asking twice keeps one request
    assert run_requested_erasures(settings) == 0  # Rasa has not saved the asking turn yet
    assert event_count(settings.database_url, "c1") == 3
    await talk(
        store,
        "c1",
        "yes",
        at=datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(seconds=1),
    )
    assert run_requested_erasures(settings) == 1
    assert event_count(settings.database_url, "c1") == 0
    with transaction(settings.database_url) as session:
        assert session.execute(select(ErasureRequest)).first() is None


async def test_a_chat_request_is_carried_out_after_a_minute_anyway(
    settings: Settings, store: ErasureSafeSQLTrackerStore
) -> None:
    await talk(store, "c1", SAID, at=NOW - timedelta(minutes=5))
    request_erasure(settings.database_url, "c1")
    later = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(seconds=61)
    assert run_requested_erasures(settings, now=later) == 1
    assert event_count(settings.database_url, "c1") == 0


# ----------------------------------------------------------------------------- export


async def test_export_holds_what_was_said_and_everything_about_the_case(
    settings: Settings, config: CertificateConfig, store: ErasureSafeSQLTrackerStore
) -> None:
    number = await certified_case(settings, config, store)
    held = json.loads(json.dumps(export_conversation(settings, "c1")))
    assert SAID in [e.get("text") for e in held["tracker_events"] if e["event"] == "user"]
    assert (
        held["case"]["applicant_name"] == "Jane Smith" and held["case"]["child_name"] == "Sam Smith"
    )
    assert held["case"]["decision_date"] == "2026-03-02"
    assert [s["step"] for s in held["mias_steps"]] == ["mias_mediation"]
    assert held["handoffs"][0]["reason"] == "user_request"
    assert held["notes"] == [
        {
            "author": "Wren",
            "text": "Mum Jane Smith sounded worried on the phone",
            "created_at": held["notes"][0]["created_at"],
        }
    ]
    (certificate,) = held["certificates"]
    assert certificate["number"] == number and certificate["file_held"] is True
    assert certificate["applicant_name"] == "Jane Smith" and "pdf_path" not in certificate
    assert "certificate_issued" in [entry["action"] for entry in held["audit"]]


def test_export_of_an_unknown_conversation_is_empty(settings: Settings) -> None:
    held = export_conversation(settings, "nobody")
    assert held["case"] is None and held["tracker_events"] == [] and held["certificates"] == []


# ----------------------------------------------------------------------------- SMS

PHONE = "+447700900123"


async def texted(
    settings: Settings, store: ErasureSafeSQLTrackerStore, *, at: datetime = NOW
) -> str:
    """A phone that texted us, was answered, and got a later text: every SMS table has a row."""
    sender = sms.conversation_id_for(PHONE, settings.sms_id_key)
    await talk(store, sender, SAID, at=at, channel="sms")
    sms.remember_sender(settings.database_url, sender, PHONE)
    sms.begin_text(settings.database_url, "SM0001", sender)
    sms.finish_text(
        settings.database_url, "SM0001", "<Response><Message>Thank you, Jane.</Message></Response>"
    )
    sms.new_outbound(
        settings.database_url,
        sender,
        Part("Your certificate is ready.", frozenset()),
        via="rest",
    )
    return sender


async def test_erasure_removes_the_phone_number_and_every_text(
    settings: Settings, store: ErasureSafeSQLTrackerStore
) -> None:
    sender = await texted(settings, store)
    report = erase_conversation(settings, sender, actor="cli", source="cli")
    assert report.sms_records == 3 and report.tracker_events == 3
    left = database_text(settings.database_url)
    assert PHONE not in left and "Thank you, Jane" not in left and "SM0001" not in left
    assert sms.contact_state(settings.database_url, sender) is None


async def test_a_phone_number_finds_its_conversations_however_it_is_typed(
    settings: Settings, store: ErasureSafeSQLTrackerStore
) -> None:
    sender = await texted(settings, store)
    with transaction(settings.database_url) as session:  # held since an earlier SMS_ID_KEY
        session.add(
            SmsContact(
                conversation_id="sms-old", phone_number=PHONE, created_at=NOW, updated_at=NOW
            )
        )
    for typed in ("07700 900123", "+44 7700 900123", "(0)7700-900123", PHONE):
        assert conversations_for_phone(settings, typed) == sorted([sender, "sms-old"])
    with pytest.raises(ValueError):
        conversations_for_phone(settings, "not a number")


async def test_export_holds_the_number_and_each_text_in_and_out(
    settings: Settings, store: ErasureSafeSQLTrackerStore
) -> None:
    sender = await texted(settings, store)
    held = json.loads(json.dumps(export_conversation(settings, sender)))
    assert held["sms"]["contact"]["phone_number"] == PHONE
    assert held["sms"]["texts_in"][0]["reply"].startswith("<Response><Message>Thank you, Jane.")
    assert [(t["via"], t["status"]) for t in held["sms"]["texts_out"]] == [("rest", "queued")]
    assert export_conversation(settings, "c-web")["sms"] is None


# ----------------------------------------------------------------------------- retention


def _age_case(database_url: str, sender: str, moment: datetime) -> None:
    with transaction(database_url) as session:
        session.execute(
            update(Case).where(Case.conversation_id == sender).values(updated_at=moment)
        )
        case_id = session.execute(
            select(Case.id).where(Case.conversation_id == sender)
        ).scalar_one()
        session.execute(
            update(Certificate).where(Certificate.case_id == case_id).values(created_at=moment)
        )


async def test_purge_erases_what_is_older_than_the_cutoff_and_keeps_the_rest(
    settings: Settings, config: CertificateConfig, store: ErasureSafeSQLTrackerStore
) -> None:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    old = now - timedelta(days=400)
    await talk(store, "old", SAID, at=old)
    ready_case(settings.database_url, "old")
    old_number = issue(settings.database_url, config, "old").certificate.number  # type: ignore[union-attr]
    _age_case(settings.database_url, "old", old)
    await talk(store, "recent", SAID, at=now - timedelta(days=364))
    await talk(store, "quiet-visitor", "hello", at=old)  # said hello and left: no case

    report = purge_older_than(settings, now - timedelta(days=365))

    assert (report.conversations, report.cases, report.certificates_kept, report.kept_open) == (
        2,
        1,
        1,
        0,
    )
    assert report.tracker_events == 6 and report.files_deleted == 1
    assert event_count(settings.database_url, "old") == 0
    assert event_count(settings.database_url, "quiet-visitor") == 0
    assert event_count(settings.database_url, "recent") == 3
    assert verify(settings.database_url, old_number).status == "valid"
    assert not list(settings.certificates_dir.glob("*.pdf"))
    with transaction(settings.database_url) as session:
        actors = (
            session.execute(
                select(AuditEntry.actor).where(AuditEntry.action == "conversation_erased")
            )
            .scalars()
            .all()
        )
    assert actors == ["retention", "retention"]


async def test_purge_keeps_a_conversation_a_person_is_still_waiting_on(
    settings: Settings, store: ErasureSafeSQLTrackerStore
) -> None:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    await talk(store, "waiting", SAID, at=now - timedelta(days=400))
    request_handoff(settings.database_url, Conversation("waiting", "rest"), "user_request", False)
    _age_case(settings.database_url, "waiting", now - timedelta(days=400))
    with transaction(settings.database_url) as session:
        session.execute(update(Handoff).values(created_at=now - timedelta(days=400)))
    report = purge_older_than(settings, now - timedelta(days=365))
    assert report.kept_open == 1 and report.conversations == 0
    assert event_count(settings.database_url, "waiting") == 3


async def test_purge_forgets_old_phones_and_keeps_recent_ones(
    settings: Settings, store: ErasureSafeSQLTrackerStore
) -> None:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    sender = await texted(settings, store, at=now - timedelta(days=400))
    with transaction(settings.database_url) as session:
        for model, column in (
            (SmsContact, "updated_at"),
            (SmsInbound, "received_at"),
            (SmsOutbound, "updated_at"),
        ):
            session.execute(update(model).values({column: now - timedelta(days=400)}))
    assert purge_older_than(settings, now - timedelta(days=500)).conversations == 0
    assert sms.contact_state(settings.database_url, sender) is not None
    report = purge_older_than(settings, now - timedelta(days=365))
    assert report.conversations == 1
    assert PHONE not in database_text(settings.database_url)


async def test_a_phone_with_only_sms_records_left_is_purged_too(settings: Settings) -> None:
    old = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=400)
    with transaction(settings.database_url) as session:  # texted STOP; Rasa never saw a turn
        session.add(
            SmsContact(
                conversation_id="sms-stop",
                phone_number=PHONE,
                opted_out_at=old,
                created_at=old,
                updated_at=old,
            )
        )
    assert purge_older_than(settings, old + timedelta(days=35)).conversations == 1
    assert PHONE not in database_text(settings.database_url)


def test_purge_removes_leftover_certificate_files_but_not_new_ones(settings: Settings) -> None:
    settings.certificates_dir.mkdir(parents=True)
    leftover = settings.certificates_dir / "MC-AAAA-BBBB-CCCC.pdf"
    fresh = settings.certificates_dir / "MC-DDDD-EEEE-FFFF.pdf"
    for path in (leftover, fresh):
        path.write_bytes(b"%PDF-1.4")
    two_hours_ago = (datetime.now() - timedelta(hours=2)).timestamp()
    os.utime(leftover, (two_hours_ago, two_hours_ago))
    report = purge_older_than(
        settings, datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=365)
    )
    assert report.files_deleted == 1 and not leftover.exists() and fresh.exists()
