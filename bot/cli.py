"""`mias`: the operators' command.

    mias create-admin --email admin@example.org --name "Sam Admin"

The password is read from MIAS_ADMIN_PASSWORD if set (for scripted set-ups), otherwise asked for
twice without echo. The database schema is brought up to date first.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from bot.services.accounts import AccountError, create_caseworker
from bot.settings import Settings
from bot.store.migrate import upgrade


def _password() -> str:
    from_env = os.environ.get("MIAS_ADMIN_PASSWORD", "")
    if from_env:
        return from_env
    first = getpass.getpass("Password for the new admin: ")
    if getpass.getpass("Type it again: ") != first:
        raise AccountError("The two passwords are not the same.")
    return first


def create_admin(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    upgrade(settings.database_url)
    account = create_caseworker(
        settings.database_url,
        args.email,
        args.name,
        _password(),
        role="admin",
        actor="cli",
    )
    print(f"Admin account {account.id} created for {account.email}.")
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="mias", description="MIAS assistant operations.")
    commands = main_parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create a console admin account")
    admin.add_argument("--email", required=True, help="the admin's e-mail address (sign-in name)")
    admin.add_argument("--name", required=True, help="the name other caseworkers will see")
    admin.set_defaults(run=create_admin)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        result: int = args.run(args)
    except AccountError as error:
        print(f"mias: {error}", file=sys.stderr)
        return 1
    return result


if __name__ == "__main__":
    sys.exit(main())
