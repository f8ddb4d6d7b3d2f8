"""Render a certificate to a one-page, tagged, screen-reader friendly A4 PDF.

Plain data in, PDF bytes out: no database, no clock, no network. The text is real text in an
embedded TrueType font (DejaVu Sans from Debian when installed, else Bitstream Vera, which ships
with ReportLab), the QR code is drawn as vector shapes, and the structure tree gives a screen
reader the headings, paragraphs and the QR code's alternative text in reading order.
"""

from __future__ import annotations

import io
from datetime import date
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    LayoutError,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from bot.certificate_pdf import wording
from bot.certificate_pdf.document import CertificateDocument, Issuer
from bot.certificate_pdf.tagging import Panel, Tagged, TaggedCanvas
from bot.mias.calendar import date_in_words

FONT = "CertificateSans"
FONT_BOLD = "CertificateSans-Bold"
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_VERA = Path(reportlab.__file__).parent / "fonts"
INK = colors.HexColor("#1b1b1b")
ACCENT = colors.HexColor("#0b4f8a")
PANEL_FILL = colors.HexColor("#eef4fa")
MARGIN = 18 * mm
# Less at the top and bottom: room for the longest names the certificate takes (MAX_NAME_LENGTH)
# in every name at once, with a young person's helper and a correction line.
PAGE_END_MARGIN = 12 * mm
QR_SIZE = 32 * mm
FRAME_PADDING = 6  # SimpleDocTemplate's frame keeps 6 points inside each margin


class CertificateTooLong(ValueError):
    """The certificate would not fit on one page (names far longer than any real one)."""


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register the certificate's regular and bold fonts once, on first use (never at import)."""
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        regular, bold = _VERA / "Vera.ttf", _VERA / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
    return FONT, FONT_BOLD


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK, spaceAfter=2.5
    )
    return {
        "title": ParagraphStyle(
            "title",
            body,
            fontName=FONT_BOLD,
            fontSize=22,
            leading=26,
            textColor=ACCENT,
            spaceAfter=4,
        ),
        "lead": ParagraphStyle("lead", body, fontSize=9.5, leading=12.5, spaceAfter=6),
        "number": ParagraphStyle(
            "number", body, fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=2
        ),
        "heading": ParagraphStyle(
            "heading",
            body,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            textColor=ACCENT,
            spaceBefore=7,
            spaceAfter=2.5,
        ),
        "deadline": ParagraphStyle(
            "deadline", body, fontName=FONT_BOLD, fontSize=13, leading=17, spaceAfter=4
        ),
        "body": body,
        "small": ParagraphStyle("small", body, fontSize=9, leading=12),
    }


class _SpokenParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph whose wrapped lines end in a space.

    ReportLab draws no space where it breaks a line, so text read through the structure tree, as a
    screen reader reads it, would run the last word of one line into the first of the next.
    """

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        size: tuple[float, float] = super().wrap(available_width, available_height)
        lines = self.blPara.lines
        for line in lines[:-1]:
            if self.blPara.kind == 0:
                line[1].append("")
            elif not line.words[-1].text.endswith(" "):
                line.words[-1].text += " "
        return size


def _p(text: str, style: str = "body", role: str = "P") -> Flowable:
    """A tagged paragraph; `text` is markup we wrote, with every value already escaped."""
    return Tagged(role, _SpokenParagraph(text, _styles()[style]))


def _fact(label: str, value: str) -> Flowable:
    return _p(f"<b>{escape(label)}:</b> {escape(value)}")


def _header(number: str, issue_date: date, replaces_number: str | None) -> list[Flowable]:
    parts = [
        _p(escape(wording.TITLE), "title", "H1"),
        _p(escape(wording.LEAD), "lead"),
        _p(escape(wording.number_line(number)), "number"),
        _fact(wording.ISSUE_DATE_LABEL, date_in_words(issue_date)),
    ]
    if replaces_number:
        parts.append(_p(escape(wording.corrects_and_replaces(replaces_number))))
    return parts


def _people(doc: CertificateDocument, appellant: str, role: str) -> list[Flowable]:
    """The appellant; the child a parent appeals for, or whoever helps a young person."""
    parts = [
        _p(escape(wording.FOR_WHOM_HEADING), "heading", "H2"),
        _fact(wording.APPELLANT_LABEL, wording.appellant(appellant, role)),
    ]
    if role == "parent" and doc.child_name:
        parts.append(_fact(wording.CHILD_LABEL, doc.child_name))
    if doc.helper_name and doc.helper_role:
        parts.append(_fact(wording.HELPER_LABEL, wording.helper(doc.helper_name, doc.helper_role)))
    parts.append(_fact(wording.COUNCIL_LABEL, doc.council_name))
    return parts


def _decision_and_mediation(doc: CertificateDocument) -> list[Flowable]:
    return [
        _p(escape(wording.DECISION_HEADING), "heading", "H2"),
        _fact(wording.DECISION_LABEL, wording.decision_words(doc.decision_type)),
        _fact(wording.DECISION_DATE_LABEL, date_in_words(doc.decision_date)),
        _p(escape(wording.MEDIATION_HEADING), "heading", "H2"),
        _fact(wording.MIAS_DATE_LABEL, date_in_words(doc.mias_date)),
        _fact(wording.ROUTE_LABEL, wording.route_fact(doc.route, doc.trigger_date)),
    ]


def _deadline_panel(
    appeal_deadline: date, counted_from: date, issue_date: date, tribunal_form: str
) -> Flowable:
    return Panel(
        [
            _p(escape(wording.DEADLINE_HEADING), "heading", "H2"),
            _p(escape(wording.deadline_sentence(appeal_deadline)), "deadline"),
            _p(escape(wording.deadline_rule(counted_from, issue_date))),
            _p(escape(wording.send_with(tribunal_form))),
            _p(escape(wording.DEADLINE_CAUTION), "small"),
        ],
        padding=4 * mm,
        fill=PANEL_FILL,
        stroke=ACCENT,
    )


def _issuer(adviser_name: str, issuer: Issuer) -> list[Flowable]:
    """The responsible adviser and the independence statement, in one paragraph to save room."""
    issued_by = wording.issued_by(adviser_name, issuer.provider_name)
    return [
        _p(escape(wording.ISSUER_HEADING), "heading", "H2"),
        _p(escape(f"{issued_by} {wording.independence(issuer.provider_name)}")),
    ]


def _qr_code(url: str) -> Drawing:
    widget = QrCodeWidget(url, barWidth=QR_SIZE, barHeight=QR_SIZE, barLevel="M", barBorder=2)
    drawing = Drawing(QR_SIZE, QR_SIZE, initialFontName=FONT)
    drawing.add(widget)
    return drawing


def _verification(number: str, issuer: Issuer, width: float) -> Flowable:
    url = issuer.verify_url(number)
    shown = escape(wording.short_url(url))
    link = f'<a href="{escape(url)}" color="#0b4f8a"><u>{shown}</u></a>'
    text = [
        _p(escape(wording.CHECK_HEADING), "heading", "H2"),
        _p(escape(wording.CHECK_INVITATION) + link),
        _p(escape(wording.contact(issuer.provider_name, issuer.provider_phone)), "small"),
    ]
    alt = wording.qr_code_text(number, url)
    table = Table(
        [[text, Tagged("Figure", _qr_code(url), alt=alt)]],
        colWidths=[width - QR_SIZE - 4 * mm, QR_SIZE + 4 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ]
        )
    )
    return table


def _story(doc: CertificateDocument, issuer: Issuer, width: float) -> list[Flowable]:
    """The page from top to bottom; a draft (no dates or adviser yet) or an erased record (no
    names left) has nothing to print."""
    if (
        doc.issue_date is None
        or doc.appeal_deadline is None
        or doc.deadline_counted_from is None
        or doc.applicant_name is None
        or doc.applicant_role is None
        or doc.adviser_name is None
    ):
        raise ValueError(f"certificate {doc.number} is not issued, or its names were erased")
    return [
        *_header(doc.number, doc.issue_date, doc.replaces_number),
        *_people(doc, doc.applicant_name, doc.applicant_role),
        *_decision_and_mediation(doc),
        Spacer(1, 4 * mm),
        _deadline_panel(
            doc.appeal_deadline, doc.deadline_counted_from, doc.issue_date, doc.tribunal_form
        ),
        *_issuer(doc.adviser_name, issuer),
        _verification(doc.number, issuer, width),
    ]


def render_pdf(doc: CertificateDocument, issuer: Issuer) -> bytes:
    """The certificate as PDF bytes: A4, exactly one page, tagged, with document metadata."""
    register_fonts()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=PAGE_END_MARGIN,
        bottomMargin=PAGE_END_MARGIN,
        title=wording.document_title(doc.number),
        author=wording.document_author(issuer.provider_name),
        subject=wording.SUBJECT,
        creator=wording.CREATOR,
        lang="en-GB",
        initialFontName=FONT,
    )
    canvases: list[TaggedCanvas] = []

    def canvas_maker(*args: object, **kwargs: object) -> TaggedCanvas:
        canvases.append(TaggedCanvas(*args, **kwargs))
        return canvases[-1]

    story = _story(doc, issuer, template.width - 2 * FRAME_PADDING)
    try:
        template.build(story, canvasmaker=canvas_maker)
    except LayoutError as error:
        raise CertificateTooLong(f"certificate {doc.number} does not fit on a page") from error
    if canvases[-1].page_count != 1:
        raise CertificateTooLong(f"certificate {doc.number} needs {canvases[-1].page_count} pages")
    return buffer.getvalue()
