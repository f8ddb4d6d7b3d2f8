"""Render real PDFs and read them back: every field, every date, the structure a screen reader uses."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from bot.certificate_pdf import CertificateDocument, CertificateTooLong, Issuer, render_pdf
from bot.mias.certificate_numbers import new_number
from bot.mias.deadlines import appeal_deadline
from bot.services.certificates.eligibility import MAX_NAME_LENGTH

ISSUER = Issuer(
    provider_name="KIDS",
    provider_phone="03330 062 835",
    public_base_url="https://mias.kids.example",
)


def _doc(**changes: Any) -> CertificateDocument:
    # domain.md section 7, case 1: letter Mon 2 Mar 2026, MIAS Tue 10 Mar, issued Thu 12 Mar 2026.
    base = CertificateDocument(
        number=new_number(),
        adviser_name="Priya Shah",
        applicant_name="Jane Smith",
        applicant_role="parent",
        child_name="Sam Smith",
        helper_name=None,
        helper_role=None,
        council_name="Surrey County Council",
        decision_type="refuse_plan",
        decision_date=date(2026, 3, 2),
        mias_date=date(2026, 3, 10),
        route="declined",
        trigger_date=date(2026, 3, 10),
        issue_date=date(2026, 3, 12),
        appeal_deadline=appeal_deadline(date(2026, 3, 2), certificate_date=date(2026, 3, 12)),
        deadline_counted_from=date(2026, 3, 12),
    )
    return replace(base, **changes)


def _reader(doc: CertificateDocument) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(doc, ISSUER)))


def _text(doc: CertificateDocument) -> str:
    reader = _reader(doc)
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def test_every_field_and_date_is_printed() -> None:
    doc = _doc()
    assert doc.appeal_deadline == date(2026, 5, 5)
    text = _text(doc)
    expected = [
        "Mediation certificate",
        f"Certificate number: {doc.number}",
        "Date of issue: Thursday 12 March 2026",
        "Appellant: Jane Smith (parent or carer)",
        "Child: Sam Smith",
        "Council: Surrey County Council",
        "Decision: Refusal to issue an EHC plan after an assessment (section 51(2)(b))",
        "Date of the decision letter: Monday 2 March 2026",
        "Mediation information given: Tuesday 10 March 2026",
        (
            "Route: Mediation declined. After the mediation information, the appellant decided on "
            "Tuesday 10 March 2026 not to try mediation."
        ),
        "Your appeal must reach the Tribunal by Tuesday 5 May 2026.",
        (
            "This is the later of two months after the council's decision letter and one month after "
            "the date of this certificate, moved on to the next working day"
        ),
        "Send a copy of this certificate with your appeal form SEND35.",
        "send@justice.gov.uk",
        (
            "Issued by the MIAS service of KIDS. The mediation adviser responsible for it is "
            "Priya Shah. KIDS and its mediation advisers are independent: none is employed by a "
            "council, an integrated care board or NHS England, and we do not take sides."
        ),
        f"mias.kids.example/verify/{doc.number}",
        "Call KIDS on 03330 062 835",
    ]
    for phrase in expected:
        assert phrase in text, phrase
    assert "replaces" not in text and "Helped by" not in text


def test_a_refused_assessment_goes_with_send35a() -> None:
    text = _text(_doc(decision_type="refuse_assessment"))
    assert "appeal form SEND35a." in text
    assert "Refusal to carry out an EHC needs assessment (section 51(2)(a))" in text


def test_a_young_person_appellant_has_no_child_line() -> None:
    text = _text(_doc(applicant_role="young_person", applicant_name="Alex Jones", child_name=None))
    assert "Appellant: Alex Jones (the young person)" in text
    assert "Child:" not in text and "Helped by" not in text


@pytest.mark.parametrize(
    ("role", "line"),
    [
        (
            "parent",
            "Helped by: Jane Smith, their parent or carer (with the young person's agreement)",
        ),
        (
            "supporter",
            "Helped by: Jane Smith, their supporter (with the young person's agreement)",
        ),
    ],
)
def test_a_young_person_appellant_and_the_person_helping_them(role: str, line: str) -> None:
    text = _text(
        _doc(
            applicant_role="young_person",
            applicant_name="Robin Smith",
            child_name=None,
            helper_name="Jane Smith",
            helper_role=role,
        )
    )
    assert "Appellant: Robin Smith (the young person)" in text and line in text
    assert "Child:" not in text


@pytest.mark.parametrize(
    "changes",
    [
        {"applicant_role": "parent_of_young_person"},
        {"helper_name": "Jane Smith", "helper_role": "friend", "applicant_role": "young_person"},
        {"helper_name": "Jane Smith", "applicant_role": "young_person"},
        {"helper_name": "Jane Smith", "helper_role": "parent"},  # a parent appellant has no helper
    ],
)
def test_roles_that_do_not_fit_are_refused(changes: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        _doc(**changes)


@pytest.mark.parametrize(
    ("route", "trigger", "phrase"),
    [
        (
            "mediation_concluded",
            date(2026, 4, 2),
            "Mediation took place. Mediation took place and ended on Thursday 2 April 2026",
        ),
        (
            "not_arranged",
            date(2026, 4, 9),
            "The council told us on Thursday 9 April 2026 that mediation had not been arranged within 30 days",
        ),
    ],
)
def test_each_route_says_what_happened_and_when(route: str, trigger: date, phrase: str) -> None:
    assert phrase in _text(_doc(route=route, trigger_date=trigger))


def test_a_corrected_certificate_names_the_one_it_replaces_and_the_first_date() -> None:
    text = _text(_doc(replaces_number="MC-0000-0000-0000", issue_date=date(2026, 3, 20)))
    assert "This certificate corrects and replaces certificate MC-0000-0000-0000" in text
    assert "Date of issue: Friday 20 March 2026" in text
    assert "one month after the date of the first certificate (Thursday 12 March 2026)" in text


def test_names_with_markup_characters_are_printed_as_typed() -> None:
    text = _text(_doc(applicant_name="Siobhán O'Brien & <Family>", child_name="Zoë Łukasz"))
    assert "Siobhán O'Brien & <Family>" in text and "Zoë Łukasz" in text


LONGEST_NAME = ("BARTHOLOMEW-MONTGOMERY " * 6)[:MAX_NAME_LENGTH]  # capitals: the widest real text


@pytest.mark.parametrize(
    "people",
    [
        {"applicant_name": LONGEST_NAME, "child_name": LONGEST_NAME},
        {
            "applicant_role": "young_person",
            "applicant_name": LONGEST_NAME,
            "child_name": None,
            "helper_name": LONGEST_NAME,
            "helper_role": "supporter",
        },
    ],
)
def test_the_longest_names_still_fit_on_one_page(people: dict[str, str]) -> None:
    doc = _doc(
        **people,
        adviser_name=LONGEST_NAME,
        council_name="Royal Borough of Windsor and Maidenhead",
        replaces_number="MC-0000-0000-0000",
    )
    assert len(_reader(doc).pages) == 1


def test_absurd_names_are_refused() -> None:
    with pytest.raises(CertificateTooLong):
        render_pdf(_doc(applicant_name="Name " * 800), ISSUER)


def test_document_metadata_language_and_tagging() -> None:
    doc = _doc()
    reader = _reader(doc)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"Mediation certificate {doc.number}"
    assert meta.author == "MIAS service of KIDS"
    assert meta.subject is not None and "section 55" in meta.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    page = reader.pages[0]
    assert page["/StructParents"] == 0 and page["/Tabs"] == "/S"


def _roles(element: DictionaryObject) -> list[tuple[str, str | None]]:
    kids = element.get("/K")
    found: list[tuple[str, str | None]] = []
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/StructElem":
            found.append((str(kid["/S"]), str(kid["/Alt"]) if "/Alt" in kid else None))
            found.extend(_roles(kid))
    return found


def test_the_structure_tree_has_headings_paragraphs_and_the_qr_codes_alt_text() -> None:
    doc = _doc()
    tree = _reader(doc).trailer["/Root"]["/StructTreeRoot"]
    roles = _roles(tree)
    assert roles[0] == ("/Document", None)
    names = [role for role, _ in roles]
    assert names[1] == "/H1" and names.count("/H1") == 1
    assert names.count("/H2") == 6 and names.count("/P") > 15
    (figure_alt,) = [alt for role, alt in roles if role == "/Figure"]
    assert figure_alt is not None and ISSUER.verify_url(doc.number) in figure_alt


def test_fonts_are_embedded_truetype_and_there_are_no_images() -> None:
    page = _reader(_doc()).pages[0]
    resources = page["/Resources"]
    fonts = [font.get_object() for font in resources["/Font"].values()]
    assert fonts and all(font["/Subtype"] == "/TrueType" for font in fonts)
    assert all("/FontFile2" in font["/FontDescriptor"] for font in fonts)
    assert all("/ToUnicode" in font for font in fonts)
    assert "/XObject" not in resources


def test_the_qr_code_opens_the_verify_page(tmp_path: Path) -> None:
    doc = _doc()
    (tmp_path / "c.pdf").write_bytes(render_pdf(doc, ISSUER))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", str(tmp_path / "c.pdf"), str(tmp_path / "c")], check=True
    )
    (png,) = tmp_path.glob("c*.png")
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, check=True
    )
    assert decoded.stdout.strip() == ISSUER.verify_url(doc.number)


@pytest.mark.parametrize(
    "missing",
    ["issue_date", "appeal_deadline", "deadline_counted_from", "applicant_name", "adviser_name"],
)
def test_a_draft_or_an_erased_record_has_nothing_to_print(missing: str) -> None:
    with pytest.raises(ValueError, match="not issued"):
        render_pdf(_doc(**{missing: None}), ISSUER)
