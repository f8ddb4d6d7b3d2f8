from bot.mias.handoff_reasons import handoff_reason
from bot.mias.stages import next_step

FORMS = {
    "steps_form": {"required_slots": ["mias_a", "mias_b"]},
    "choice_form": {"required_slots": ["mediation_choice"]},
}


def test_no_route_yet_means_the_intake() -> None:
    assert next_step(route=None, slots={}, forms=FORMS) == "intake"


def test_the_mias_route_resumes_at_the_first_unfinished_stage() -> None:
    assert next_step(route="mias", slots={"mias_a": "acknowledged"}, forms=FORMS) == "steps"
    done = {"mias_a": "acknowledged", "mias_b": "acknowledged"}
    assert next_step(route="mias", slots=done, forms=FORMS) == "choice"
    declined = {**done, "mediation_choice": "decline", "role": "parent", "rights_holder": "parent"}
    assert next_step(route="mias", slots=declined, forms=FORMS) == "choice"  # names still needed
    named = {**declined, "applicant_name": "Grace Delete", "child_name": "Hope Forget"}
    assert next_step(route="mias", slots=named, forms=FORMS) == "done"
    mediating = {**named, "mediation_choice": "mediate"}
    assert next_step(route="mias", slots=mediating, forms=FORMS) == "done"


def test_other_routes_have_nothing_to_resume() -> None:
    assert next_step(route="late", slots={}, forms=FORMS) == "done"


def test_safeguarding_wins_and_is_urgent() -> None:
    reason = handoff_reason(
        latest_intent="safeguarding_concern", route="late", after_misunderstanding=True
    )
    assert (reason.code, reason.urgent) == ("safeguarding", True)


def test_reasons_follow_what_the_conversation_found() -> None:
    assert (
        handoff_reason(
            latest_intent="request_human", route="late", after_misunderstanding=False
        ).code
        == "window_passed"
    )
    assert (
        handoff_reason(
            latest_intent="request_human", route="not_covered", after_misunderstanding=False
        ).code
        == "not_covered"
    )
    assert (
        handoff_reason(latest_intent="request_human", route=None, after_misunderstanding=True).code
        == "repeated_misunderstanding"
    )
    assert (
        handoff_reason(
            latest_intent="request_human", route="mias", after_misunderstanding=False
        ).code
        == "user_request"
    )
