"""The caseworkers' pages under /console/: sign-in, queue, case card, reply, notes, hand back,
close, certificate review, mediation cases and (for admins) the figures and accounts.

Pages are rendered on the server and work without JavaScript; one small inline script per page
polls a JSON endpoint every few seconds and swaps in rows rendered by the same templates, so new
messages and queue changes appear without reloading. Database and Rasa calls run in worker threads.
What the pages' code says (notes after a button, refusals, the queue's reasons) is in
`bot/console/wording.yml`.
"""

from __future__ import annotations

from starlette.routing import Route

from bot.console.caseworkers import accounts, cases, certificates, figures, mediation
from bot.console.caseworkers.pages import guard as g


def console_routes() -> list[Route]:
    return [
        Route("/console/sign-in", accounts.sign_in_page, methods=["GET"]),
        Route("/console/sign-in", accounts.sign_in, methods=["POST"]),
        Route("/console/sign-out", g(accounts.sign_out), methods=["POST"]),
        Route("/console/", g(cases.queue_page), methods=["GET"]),
        Route("/console/queue.json", g(cases.queue_live), methods=["GET"]),
        Route("/console/handoffs/{handoff_id:int}/claim", g(cases.claim), methods=["POST"]),
        Route("/console/cases/{case_id:int}", g(cases.case_page), methods=["GET"]),
        Route("/console/cases/{case_id:int}/transcript.json", g(cases.case_live), methods=["GET"]),
        Route("/console/cases/{case_id:int}/reply", g(cases.reply), methods=["POST"]),
        Route("/console/cases/{case_id:int}/notes", g(cases.add_note), methods=["POST"]),
        Route("/console/cases/{case_id:int}/hand-back", g(cases.hand_back), methods=["POST"]),
        Route("/console/cases/{case_id:int}/close", g(cases.close), methods=["POST"]),
        Route("/console/cases/{case_id:int}/erase", g(cases.erase, admin=True), methods=["POST"]),
        Route("/console/certificates", g(certificates.certificates_page), methods=["GET"]),
        Route("/console/certificates/{number}/approve", g(certificates.approve), methods=["POST"]),
        Route(
            "/console/certificates/{number}/send-again",
            g(certificates.send_again),
            methods=["POST"],
        ),
        Route("/console/certificates/{number}/void", g(certificates.void), methods=["POST"]),
        *mediation_routes(),
        Route("/console/figures", g(figures.figures_page, admin=True), methods=["GET"]),
        Route("/console/figures.csv", g(figures.figures_csv, admin=True), methods=["GET"]),
        Route("/console/accounts", g(accounts.accounts_page, admin=True), methods=["GET"]),
        Route("/console/accounts", g(accounts.add_account, admin=True), methods=["POST"]),
        Route(
            "/console/accounts/{account_id:int}/deactivate",
            g(accounts.deactivate_account, admin=True),
            methods=["POST"],
        ),
    ]


def mediation_routes() -> list[Route]:
    case = "/console/mediation/{mediation_id:int}"
    return [
        Route("/console/mediation", g(mediation.list_page), methods=["GET"]),
        Route(case, g(mediation.case_page), methods=["GET"]),
        Route(f"{case}/record", g(mediation.record), methods=["POST"]),
        Route(f"{case}/names", g(mediation.names), methods=["POST"]),
        Route(f"{case}/certificate", g(mediation.certificate), methods=["POST"]),
        Route(f"{case}/tell-again", g(mediation.tell), methods=["POST"]),
    ]
