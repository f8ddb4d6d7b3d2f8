"""A small tagged-PDF layer for ReportLab, so screen readers get headings, paragraphs and alt text.

ReportLab's open-source edition writes real text but no structure tree. This adds one: each
`Tagged` flowable wraps what it draws in a marked-content sequence (`/P <</MCID n>> BDC ... EMC`),
`TaggedCanvas` collects them per page and, on save, writes the StructTreeRoot (a Document element
holding one element per mark, in reading order), the ParentTree, `/MarkInfo <</Marked true>>` and
`/StructParents` and `/Tabs /S` on each page. Decoration is drawn inside `/Artifact` so assistive
technology skips it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

_PAGE_KEYS = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]


@dataclass(frozen=True)
class _Mark:
    role: str
    mcid: int
    alt: str | None


@dataclass(frozen=True)
class _PageMarks:
    page_name: str
    marks: tuple[_Mark, ...]


class TaggedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that records marked content and writes the structure tree when saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._marks: list[_Mark] = []
        self._pages: list[_PageMarks] = []
        self.setViewerPreference("DisplayDocTitle", "true")

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def begin_mark(self, role: str, alt: str | None = None) -> None:
        mcid = len(self._marks)
        self._marks.append(_Mark(role, mcid, alt))
        self._code.append(f"/{role} <</MCID {mcid}>> BDC")

    def end_mark(self) -> None:
        self._code.append("EMC")

    def begin_artifact(self) -> None:
        self._code.append("/Artifact BMC")

    def showPage(self) -> None:
        page_name = self._doc.thisPageName()
        super().showPage()
        page = self._doc.idToObject[page_name]
        page.__NoDefault__ = _PAGE_KEYS
        page.StructParents = len(self._pages)
        page.Tabs = PDFName("S")
        self._pages.append(_PageMarks(page_name, tuple(self._marks)))
        self._marks = []

    def save(self) -> None:
        if self._code:
            self.showPage()
        self._write_structure()
        super().save()

    def _write_structure(self) -> None:
        doc = self._doc
        root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_ref = doc.Reference(root, "StructTreeRoot")
        document = PDFDictionary(
            {"Type": PDFName("StructElem"), "S": PDFName("Document"), "P": root_ref}
        )
        document_ref = doc.Reference(document, "StructDocument")
        kids: list[PDFObjectReference] = []
        parent_tree: list[Any] = []
        for index, page in enumerate(self._pages):
            page_kids = [
                doc.Reference(
                    self._element(mark, document_ref, page.page_name),
                    f"StructElem{index}_{mark.mcid}",
                )
                for mark in page.marks
            ]
            kids.extend(page_kids)
            parent_tree.extend([index, PDFArray(page_kids)])
        document["K"] = PDFArray(kids)
        root["K"] = PDFArray([document_ref])
        root["ParentTree"] = PDFDictionary({"Nums": PDFArray(parent_tree)})
        root["ParentTreeNextKey"] = len(self._pages)
        doc.Catalog.StructTreeRoot = root
        doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})

    @staticmethod
    def _element(mark: _Mark, parent: PDFObjectReference, page_name: str) -> PDFDictionary:
        element = PDFDictionary(
            {
                "Type": PDFName("StructElem"),
                "S": PDFName(mark.role),
                "P": parent,
                "Pg": PDFObjectReference(page_name),
                "K": mark.mcid,
            }
        )
        if mark.alt:
            element["Alt"] = PDFString(mark.alt)
        return element


class Tagged(Flowable):  # type: ignore[misc]
    """Draw `inner` as one structure element (`role` is a standard PDF role: H1, H2, P, Figure)."""

    def __init__(self, role: str, inner: Flowable, alt: str | None = None) -> None:
        super().__init__()
        self.role = role
        self.inner = inner
        self.alt = alt

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        self.canv.begin_mark(self.role, self.alt)
        self.inner.drawOn(self.canv, 0, 0)
        self.canv.end_mark()


class Panel(Flowable):  # type: ignore[misc]
    """Flowables in a tinted, bordered box; the box is an artifact, the contents keep their tags."""

    def __init__(self, contents: list[Flowable], *, padding: float, fill: Any, stroke: Any) -> None:
        super().__init__()
        self.contents = contents
        self.padding = padding
        self.fill = fill
        self.stroke = stroke
        self._placed: list[tuple[Flowable, float]] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        inner_width = available_width - 2 * self.padding
        y = 0.0
        self._placed = []
        for index, flowable in enumerate(self.contents):
            if index:
                y += flowable.getSpaceBefore()
            _, height = flowable.wrap(inner_width, available_height)
            self._placed.append((flowable, y + height))
            y += height + (flowable.getSpaceAfter() if index < len(self.contents) - 1 else 0)
        self.width = available_width
        self.height = y + 2 * self.padding
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.begin_artifact()
        canvas.setFillColor(self.fill)
        canvas.setStrokeColor(self.stroke)
        canvas.setLineWidth(1.2)
        canvas.roundRect(0, 0, self.width, self.height, 4, stroke=1, fill=1)
        canvas.end_mark()
        canvas.restoreState()
        top = self.height - self.padding
        for flowable, bottom_from_top in self._placed:
            flowable.drawOn(canvas, self.padding, top - bottom_from_top)
