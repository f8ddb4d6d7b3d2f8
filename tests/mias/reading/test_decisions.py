"""Decisions described in people's own words (development sets: the list below and
decisions_dev.yml; the held-out set is in tests/nlu/voices/decisions.yml and is measured by
bench.nlu_accuracy, never tuned against here)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.mias.reading.decisions import (
    LABELS,
    REFUSE_ASSESSMENT,
    REFUSE_PLAN,
    DecisionReading,
    read_decision,
    read_decision_with_model,
)

DESCRIPTIONS = [
    ("they said they won't do an assessment", "refuse_assessment"),
    ("LA refused to assess", "refuse_assessment"),
    ("the council turned down our request for an ehcna", "refuse_assessment"),
    ("refused ehc needs assesment", "refuse_assessment"),
    ("they wont asess him", "refuse_assessment"),
    ("said no to the EHCNA, says school can meet his needs", "refuse_assessment"),
    ("request for assessment declined", "refuse_assessment"),
    ("they will not carry out a needs assessment for my daughter", "refuse_assessment"),
    ("we asked for an assessment and they said no", "refuse_assessment"),
    ("LA decided not to assess", "refuse_assessment"),
    ("they won't issue a plan", "refuse_plan"),
    ("after the assessment they decided not to issue an EHCP", "refuse_plan"),
    ("no ehcp after assessment", "refuse_plan"),
    ("they assessed him but wont give him a plan", "refuse_plan"),
    ("refused to issue ehc plan", "refuse_plan"),
    ("they wont do a plan", "refuse_plan"),
    ("we got a note in lieu instead of a plan", "refuse_plan"),
    ("assessment done but they say she doesnt need a plan", "refuse_plan"),
    ("council won't give an EHCP even after assessing", "refuse_plan"),
    ("he was assessed in the summer and now they say no to a plan", "refuse_plan"),
    ("they did his statutory assessment then decided not to issue", "refuse_plan"),
    ("the outcome of the ehcna was no plan", "refuse_plan"),
    ("the council wont agree to make the assessment", "refuse_assessment"),
    ("my mum applied for me to get assessed and they said no", "refuse_assessment"),
    ("detentions every week for stimming", "disability_discrimination"),
    ("suspended twice for adhd related behaviour", "disability_discrimination"),
    ("the final plan doesn't have enough support", "plan_contents"),
    ("section F is vague and not quantified", "plan_contents"),
    ("I disagree with what the final EHC plan says", "plan_contents"),
    ("the plan doesnt include his speech and language therapy", "plan_contents"),
    ("section B and F are wrong and they named a school that cant meet his needs", "plan_contents"),
    ("unhappy with the wording of the final plan", "plan_contents"),
    ("they named the wrong school in section I and the support is not enough", "plan_contents"),
    ("the plan names the wrong school thats all", "school_only"),
    ("only the school named in the plan", "school_only"),
    ("just the placement, the rest is fine", "school_only"),
    ("we only disagree with section I", "school_only"),
    ("its just the school they named, we wanted the specialist one", "school_only"),
    ("they won't reassess", "refuse_reassessment"),
    ("they refused a reassessment of her needs", "refuse_reassessment"),
    ("asked for a new assessment because things changed but LA said no", "refuse_reassessment"),
    ("wont re-assess him even though his needs changed", "refuse_reassessment"),
    ("they won't change my plan", "refuse_amend"),
    ("after the annual review they wont amend the plan", "refuse_amend"),
    ("annual review they wont change anything", "refuse_amend"),
    ("LA refused to amend the EHCP after the review", "refuse_amend"),
    ("they decided to keep the plan the same after the annual review", "refuse_amend"),
    ("the council won't update her plan", "refuse_amend"),
    ("they are stopping the plan", "cease_plan"),
    ("they want to cease her plan now shes at college", "cease_plan"),
    ("LA decided to cease to maintain the EHCP", "cease_plan"),
    ("theyre ending his ehcp", "cease_plan"),
    ("they said they'll take the plan away", "cease_plan"),
    ("council ceasing plan", "cease_plan"),
    ("the school discriminated against my son because of his autism", "disability_discrimination"),
    ("he was excluded because of his disability", "disability_discrimination"),
    ("the school wont make reasonable adjustments", "disability_discrimination"),
    ("only the health part of the plan", "health_social_care_only"),
    ("just the social care section", "health_social_care_only"),
    ("the respite in his plan, nothing about school", "health_social_care_only"),
    ("school transport was refused", "other"),
    ("something else", "other"),
    ("my child is being bullied and the school does nothing", "other"),
    ("none of these", "other"),
    # Words added on 2026-12-04, from the training descriptions the rules did not read.
    ("theyre taking away his ehcp because hes 19", "cease_plan"),
    ("decision letter says his plan will no longer be maintained", "cease_plan"),
    ("ceese to maintane letter came today", "cease_plan"),
    ("they're closing my EHCP now I'm not in school", "cease_plan"),
    ("got a note in leiu not an ehcp", "refuse_plan"),
    ("refusal to issue", "refuse_plan"),
    ("we went through the whole assessment and at the end they refused the EHCP", "refuse_plan"),
    ("RTA issued at week 6", "refuse_assessment"),
    ("applied for the ehcp and they declined the request", "refuse_assessment"),
    ("they wouldnt assess her", "refuse_assessment"),
    ("refusal to amend", "refuse_amend"),
    ("we asked for changes at the review and they just reissued the old plan", "refuse_amend"),
    ("they reassessed her and then decided not to amend the plan", "refuse_amend"),
    ("they refused to re-evaluate his needs, he already has a plan", "refuse_reassessment"),
    ("the amended plan drops him from full time 1:1 to shared support", "plan_contents"),
]


@pytest.mark.parametrize(("text", "decision"), DESCRIPTIONS)
def test_a_description_names_its_decision(text: str, decision: str) -> None:
    reading = read_decision(text)
    assert (reading.decision, reading.or_else) == (decision, None)


def test_two_close_readings_are_asked_about_not_guessed() -> None:
    reading = read_decision("they refused the assessment so wont do a plan either")
    assert reading.needs_asking
    assert {reading.decision, reading.or_else} == {REFUSE_ASSESSMENT, REFUSE_PLAN}


def test_words_that_name_no_decision_are_not_read() -> None:
    for text in ["yes thats right", "Precious Adeyemi", "3rd november", ""]:
        assert read_decision(text).decision is None


# ------------------------------------------------------------- the development set's voices

DEV_SET = Path(__file__).with_name("decisions_dev.yml")
# Of the 120; the rest may go unread (then the model reads them), never wrongly.
MIN_RIGHT = 115


def _dev_set() -> list[tuple[str, str]]:
    entries = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))
    return [(entry["text"], entry["decision"]) for entry in entries]


def test_the_development_set_has_twelve_descriptions_of_each_decision() -> None:
    assert Counter(decision for _, decision in _dev_set()) == {label: 12 for label in LABELS}


def test_the_rules_read_the_development_set_rightly_or_not_at_all() -> None:
    """Texting shorthand, young people, EAL, dyslexic spellings, long anxious paragraphs and
    professionals' jargon: each description read as its decision, asked about with it as one of
    the two, or not read; none read as another decision."""
    right, wrong = 0, []
    for text, decision in _dev_set():
        reading = read_decision(text)
        misread = reading.decision not in (None, decision) and reading.or_else != decision
        if reading == DecisionReading(decision):
            right += 1
        elif misread:
            wrong.append(f"{decision}, read as {reading.decision}: {text}")
    assert not wrong, f"{len(wrong)} read wrongly:\n" + "\n".join(wrong)
    assert right >= MIN_RIGHT, f"{right} of 120 read right (at least {MIN_RIGHT})"


# ---------------------------------------------------------------------------- with the model


def test_the_rules_and_the_model_agreeing_give_one_decision() -> None:
    reading = read_decision_with_model(
        "they won't issue a plan", [("refuse_plan", 0.95), ("refuse_assessment", 0.03)]
    )
    assert reading == DecisionReading("refuse_plan")


@pytest.mark.parametrize("confidence", [0.9, 0.3])
def test_the_model_against_the_rules_is_asked_about(confidence: float) -> None:
    """Two readers disagreeing is when either is most often wrong, however sure the model is:
    the person chooses."""
    reading = read_decision_with_model(
        "they won't issue a plan", [("refuse_assessment", confidence), ("refuse_plan", 0.05)]
    )
    assert reading.needs_asking
    assert {reading.decision, reading.or_else} == {"refuse_assessment", "refuse_plan"}


def test_the_model_reading_nothing_leaves_the_rules_reading() -> None:
    reading = read_decision_with_model("they won't issue a plan", [("faq", 0.9)])
    assert reading == DecisionReading("refuse_plan")


def test_the_model_reads_what_the_rules_do_not() -> None:
    assert read_decision_with_model("zzz", [("cease_plan", 0.8)]) == DecisionReading("cease_plan")
    assert read_decision_with_model("zzz", [("cease_plan", 0.4)]).decision is None
