"""Render a certificate to a one-page, tagged, screen-reader friendly A4 PDF.

Plain data in, PDF bytes out: no database, no clock, no network. The text is real text in an
embedded TrueType font (DejaVu Sans from Debian when installed, else Bitstream Vera, which ships
with ReportLab), the QR code is drawn as vector shapes, and the structure tree gives a screen
reader the headings, paragraphs and the QR code's alternative text in reading order.
"""

from __future__ import annotations

import io
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
from bot.certificate_pdf.document import CertificateDocument
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


def _header(doc: CertificateDocument) -> list[Flowable]:
    parts = [
        _p(escape(wording.TITLE), "title", "H1"),
        _p(escape(wording.LEAD), "lead"),
        _p(f"Certificate number: {escape(doc.number)}", "number"),
        _fact("Date of issue", date_in_words(doc.issue_date)),
    ]
    if doc.replaces_number:
        parts.append(
            _p(
                "This certificate corrects and replaces certificate "
                f"{escape(doc.replaces_number)}, "
                "which is no longer valid."
            )
        )
    return parts


def _people(doc: CertificateDocument) -> list[Flowable]:
    parts = [
        _p("Who this certificate is for", "heading", "H2"),
        _fact("Applicant", f"{doc.applicant_name}, {wording.ROLES[doc.applicant_role]}"),
    ]
    if doc.applicant_role == "parent" and doc.child_name:
        parts.append(_fact("Child", doc.child_name))
    elif doc.applicant_role == "parent_of_young_person" and doc.child_name:
        parts.append(_fact("Young person", doc.child_name))
    parts.append(_fact("Council", doc.council_name))
    return parts


def _decision_and_mediation(doc: CertificateDocument) -> list[Flowable]:
    return [
        _p("The council's decision", "heading", "H2"),
        _fact("Decision", wording.decision_words(doc.decision_type)),
        _fact("Date of the decision letter", date_in_words(doc.decision_date)),
        _p("Mediation", "heading", "H2"),
        _fact("Mediation information given", date_in_words(doc.mias_date)),
        _fact("Route", f"{wording.ROUTES[doc.route]}. {wording.route_sentence(doc)}"),
    ]


def _deadline_panel(doc: CertificateDocument) -> Flowable:
    return Panel(
        [
            _p("Your appeal deadline", "heading", "H2"),
            _p(escape(wording.deadline_sentence(doc)), "deadline"),
            _p(escape(wording.deadline_rule(doc))),
            _p(escape(wording.send_with(doc))),
            _p(escape(wording.DEADLINE_CAUTION), "small"),
        ],
        padding=4 * mm,
        fill=PANEL_FILL,
        stroke=ACCENT,
    )


def _issuer(doc: CertificateDocument) -> list[Flowable]:
    return [
        _p("Who issued it", "heading", "H2"),
        _p(escape(wording.issued_by(doc))),
        _p(escape(wording.independence(doc))),
    ]


def _qr_code(url: str) -> Drawing:
    widget = QrCodeWidget(url, barWidth=QR_SIZE, barHeight=QR_SIZE, barLevel="M", barBorder=2)
    drawing = Drawing(QR_SIZE, QR_SIZE, initialFontName=FONT)
    drawing.add(widget)
    return drawing


def _verification(doc: CertificateDocument, width: float) -> Flowable:
    shown = escape(wording.short_url(doc.verify_url))
    link = f'<a href="{escape(doc.verify_url)}" color="#0b4f8a"><u>{shown}</u></a>'
    text = [
        _p("Check this certificate", "heading", "H2"),
        _p(
            escape(wording.verify_sentence(doc).removesuffix(wording.short_url(doc.verify_url)))
            + link
        ),
        _p(escape(wording.contact(doc)), "small"),
    ]
    alt = f"QR code that opens the check page for certificate {doc.number}: {doc.verify_url}"
    table = Table(
        [[text, Tagged("Figure", _qr_code(doc.verify_url), alt=alt)]],
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


def render_pdf(doc: CertificateDocument) -> bytes:
    """The certificate as PDF bytes: A4, exactly one page, tagged, with document metadata."""
    register_fonts()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{wording.TITLE} {doc.number}",
        author=f"MIAS service of {doc.provider_name}",
        subject=wording.SUBJECT,
        creator="MIAS assistant",
        lang="en-GB",
        initialFontName=FONT,
    )
    canvases: list[TaggedCanvas] = []

    def canvas_maker(*args: object, **kwargs: object) -> TaggedCanvas:
        canvases.append(TaggedCanvas(*args, **kwargs))
        return canvases[-1]

    story = [
        *_header(doc),
        *_people(doc),
        *_decision_and_mediation(doc),
        Spacer(1, 4 * mm),
        _deadline_panel(doc),
        *_issuer(doc),
        _verification(doc, template.width - 2 * FRAME_PADDING),
    ]
    try:
        template.build(story, canvasmaker=canvas_maker)
    except LayoutError as error:
        raise CertificateTooLong(f"certificate {doc.number} does not fit on a page") from error
    if canvases[-1].page_count != 1:
        raise CertificateTooLong(f"certificate {doc.number} needs {canvases[-1].page_count} pages")
    return buffer.getvalue()
