"""`rasa data validate` is clean, but for one warning Rasa gives wrongly.

Rasa warns that a response is "not used in any story or rule" when only an action, a form or an
input channel uses it. Those are allowed here, and only those: each must be a form question
(`utter_ask_<form>_<slot>`) or be named in our action or channel code; anything else unused is a
real mistake. Rasa also reports the retrieval intent `faq` as "duplicated" because it adds it from
the NLU data to the domain that already declares it (the stories reader needs the declaration).
Intents that only the console sends (never typed by a person) have no NLU examples on purpose.
The SMS channel's own replies (HELP, STOP, START, MORE, `utter_sms_*`) are spoken outside the
dialogue by design, so that opting out never waits for a model.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT

CONSOLE_ONLY_INTENTS = ("caseworker_handed_back",)
UNUSED = re.compile(r"The utterance '(utter_[a-z0-9_/]+)' is not used in any story or rule")


# Responses used without a story or rule naming them: utter_default, which Rasa's own
# action_default_fallback says; utter_describe_decision, the responses of a retrieval intent the
# model learns from and the intake reads (bot/actions/decision_question.py), never said.
SPOKEN_BY_RASA = {"utter_default", "utter_describe_decision"}


# Actions speak, and so do input channels at the door, through bot.mias.message_limits's names,
# and `mias remind` through its texts.
SPEAKING_CODE = (
    "actions/*.py",
    "channels/*.py",
    "mias/message_limits.py",
    "services/sms/*.py",
    "services/reminders/*.py",
    "services/mediation/*.py",
)


def responses_named_in_actions() -> set[str]:
    files = [path for pattern in SPEAKING_CODE for path in (PROJECT_ROOT / "bot").glob(pattern)]
    code = "\n".join(path.read_text() for path in files)
    named = set(re.findall(r'"(utter_[a-z0-9_]+)"', code)) | SPOKEN_BY_RASA
    for prefix in re.findall(r'f"(utter_[a-z0-9_]+)\{', code):
        named |= {f"{prefix}{suffix}" for suffix in ("mediate", "decline")}
    return named


def test_rasa_data_validate_has_no_real_warning() -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "data",
            "validate",
            "--config",
            "config.yml",
            "--domain",
            "bot/domain",
            "--data",
            "bot/data",
        ],
        check=False,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    warnings = [
        line
        for line in output.splitlines()
        if "UserWarning" in line
        and "auto-fill" not in line
        # Rasa lists each retrieval intent once per domain file it reads it from.
        and not line.endswith("domain files: describe_decision, faq")
        and not any(
            f"intent '{name}' is listed in the domain file" in line for name in CONSOLE_ONLY_INTENTS
        )
    ]
    allowed = responses_named_in_actions()
    real = [
        w
        for w in warnings
        if not (m := UNUSED.search(w))
        or not (m.group(1) in allowed or m.group(1).startswith("utter_ask_"))
    ]
    assert real == [], "\n".join(real)


def test_every_custom_action_is_declared_in_the_domain() -> None:
    """Rasa silently skips a form's validation action that the domain does not declare."""
    import importlib
    import inspect
    import pkgutil

    from rasa.shared.core.domain import Domain
    from rasa_sdk import Action

    import bot.actions

    modules = [
        importlib.import_module(f"bot.actions.{info.name}")
        for info in pkgutil.iter_modules(bot.actions.__path__)
    ]
    names = {
        cls().name()
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Action)
        and cls.__module__ == module.__name__
        and not inspect.isabstract(cls)
    }
    declared = set(Domain.load(str(PROJECT_ROOT / "bot" / "domain")).user_actions)
    assert names and names - declared == set()
