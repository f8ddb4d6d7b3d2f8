"""`mias`: the operators' command.

    mias create-admin --email admin@example.org --name "Sam Admin"
    mias export --conversation <id>          # everything held about it, as JSON on stdout
    mias export --phone "07700 900123"       # every conversation of that phone number
    mias erase --conversation <id> [--reason "asked by letter"]
    mias erase --phone <number> [--reason "asked by phone"]
    mias purge [--older-than-days N]          # retention; N defaults to RETENTION_DAYS
    mias remind                               # send the deadline reminders due now (9am-7pm)

The password is read from MIAS_ADMIN_PASSWORD if set (for scripted set-ups), otherwise asked for
twice without echo. The database schema is brought up to date first.

`export` and `erase` name the person by `--conversation` (a Rasa sender id) or by `--phone`
(the conversations the SMS channel holds for that number, whichever SMS_ID_KEY made them);
export prints one entry per conversation.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence

from bot.services.accounts import AccountError, create_caseworker
from bot.services.privacy import (
    conversations_for_phone,
    erase_conversation,
    export_conversation,
    purge_older_than,
    retention_cutoff,
)
from bot.services.reminders import send_due_reminders
from bot.services.sms import normalise_number
from bot.settings import Settings
from bot.store.migrate import upgrade


def _password(settings: Settings) -> str:
    if settings.admin_password:
        return settings.admin_password
    first = getpass.getpass("Password for the new admin: ")
    if getpass.getpass("Type it again: ") != first:
        raise AccountError("The two passwords are not the same.")
    return first


def create_admin(args: argparse.Namespace, settings: Settings) -> int:
    account = create_caseworker(
        settings.database_url,
        args.email,
        args.name,
        _password(settings),
        role="admin",
        actor="cli",
    )
    print(f"Admin account {account.id} created for {account.email}.")
    return 0


def _conversations(args: argparse.Namespace, settings: Settings) -> list[str]:
    """The sender ids the person's option names."""
    if args.phone is not None:
        return conversations_for_phone(settings, args.phone)
    return [args.conversation]


def export(args: argparse.Namespace, settings: Settings) -> int:
    held = [
        export_conversation(settings, sender_id) for sender_id in _conversations(args, settings)
    ]
    json.dump({"conversations": held}, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


def erase(args: argparse.Namespace, settings: Settings) -> int:
    for sender_id in _conversations(args, settings):
        report = erase_conversation(
            settings, sender_id, actor="cli", source="cli", reason=args.reason
        )
        if not report.found:
            print("Nothing was held for this conversation.")
            continue
        print(
            f"Erased: {report.tracker_events} tracker events, case {report.case_id or 'none'} "
            f"({report.mias_steps} MIAS steps, {report.handoffs} handoffs, {report.notes} notes), "
            f"{report.drafts_deleted} draft certificates, {report.files_deleted} certificate files, "
            f"{report.sms_records} SMS records, {report.reminder_records} reminder records. "
            f"Kept without names for checking: {report.certificates_kept} certificate records."
        )
    return 0


def purge(args: argparse.Namespace, settings: Settings) -> int:
    days = args.older_than_days or settings.retention_days
    report = purge_older_than(settings, retention_cutoff(settings, days=days))
    print(
        f"Purged conversations older than {days} days: {report.conversations} conversations, "
        f"{report.tracker_events} tracker events, {report.cases} cases, "
        f"{report.files_deleted} certificate files. Kept without names for checking: "
        f"{report.certificates_kept} certificate records. Kept because work is still open: "
        f"{report.kept_open}."
    )
    return 0


def remind(args: argparse.Namespace, settings: Settings) -> int:
    report = send_due_reminders(settings, settings.now())
    if report.outside_hours:
        print("Reminders go out from 9am to 7pm UK time: nothing sent now.")
        return 0
    print(
        f"Reminders: {report.count('sent')} sent, {report.count('retry')} to try again later, "
        f"{report.count('skipped')} no longer needed, {report.count('stopped')} stopped by STOP, "
        f"{report.count('failed')} refused by Twilio, {report.count('taken')} sent by another run."
    )
    return 0


def _person(command: argparse.ArgumentParser) -> None:
    """Who the command is about: exactly one of these options."""
    who = command.add_mutually_exclusive_group(required=True)
    who.add_argument("--conversation", help="the conversation (Rasa sender) id")
    who.add_argument(
        "--phone",
        type=_phone_number,
        help="a phone number that texted the service, e.g. 07700 900123",
    )


def _phone_number(value: str) -> str:
    number = normalise_number(value)
    if number is None:
        raise argparse.ArgumentTypeError(
            "give a phone number, e.g. 07700 900123 or +44 7700 900123"
        )
    return number


def _positive_days(value: str) -> int:
    days = int(value)
    if days <= 0:
        raise argparse.ArgumentTypeError("give a whole number of days above 0")
    return days


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="mias", description="MIAS assistant operations.")
    commands = main_parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create a console admin account")
    admin.add_argument("--email", required=True, help="the admin's e-mail address (sign-in name)")
    admin.add_argument("--name", required=True, help="the name other caseworkers will see")
    admin.set_defaults(run=create_admin)
    exporting = commands.add_parser("export", help="print everything held about a person as JSON")
    _person(exporting)
    exporting.set_defaults(run=export)
    erasing = commands.add_parser(
        "erase", help="delete a person's data now (keeps certificate facts)"
    )
    _person(erasing)
    erasing.add_argument("--reason", help="why, for the audit trail (no names)")
    erasing.set_defaults(run=erase)
    purging = commands.add_parser("purge", help="delete data older than the retention period")
    purging.add_argument(
        "--older-than-days",
        type=_positive_days,
        help="instead of RETENTION_DAYS: conversations quiet for longer than this are purged",
    )
    purging.set_defaults(run=purge)
    reminding = commands.add_parser(
        "remind", help="send the deadline reminders that are due (run it every few minutes)"
    )
    reminding.set_defaults(run=remind)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command's entry point: its one `Settings`, passed to the command it runs."""
    args = parser().parse_args(argv)
    settings = Settings.from_env()
    upgrade(settings.database_url)
    try:
        result: int = args.run(args, settings)
    except AccountError as error:
        print(f"mias: {error}", file=sys.stderr)
        return 1
    return result


if __name__ == "__main__":
    sys.exit(main())
