"""Editable documents (ODT for LibreOffice, DOCX for Word) from the HTML of our own templates.

The same template gives the page, the PDF and these files: `read_html` turns its plain
structure (headings, paragraphs, lists, quotes, tables) into a few neutral blocks, which
`to_docx` (python-docx) and `to_odt` (odfpy) write. Charts (SVG) are left out: their figures
are in the table next to them. Only our templates and sanitised Markdown reach here.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from odf import dc, teletype
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import CoveredTableCell, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.table import Table as OdfTable
from odf.text import H, List, ListItem, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle, P, Span

SKIPPED = {"svg", "script", "style", "template", "nav", "button", "form"}
BLOCKS = {"p", "div", "section", "article", "figure", "header", "footer", "main"}


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Heading:
    level: int  # 1 = a section of the document
    text: str


@dataclass
class Paragraph:
    runs: list[Run]
    style: str = "normal"  # normal, quote, note


@dataclass
class Bullets:
    items: list[list[Run]] = field(default_factory=list)
    ordered: bool = False


@dataclass
class Cell:
    runs: list[Run]
    header: bool = False
    span: int = 1


@dataclass
class Table:
    caption: str = ""
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return max((sum(cell.span for cell in row) for row in self.rows), default=1)


Block = Heading | Paragraph | Bullets | Table


@dataclass
class Document:
    title: str
    cover: list[str]  # lines under the title on the first page
    blocks: list[Block]
    language: str = "fr-FR"


def plain(runs: list[Run]) -> str:
    return "".join(run.text for run in runs).strip()


def _tidy(runs: list[Run]) -> list[Run]:
    """Without leading and trailing spaces, nor empty runs."""
    runs = [run for run in runs if run.text]
    if runs:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].italic)
    return [run for run in runs if run.text]


class _Reader(HTMLParser):
    def __init__(self, top_heading: int) -> None:
        super().__init__(convert_charrefs=True)
        self.shift = top_heading - 1
        self.blocks: list[Block] = []
        self.runs: list[Run] = []
        self.bold = self.italic = self.quote = self.skip = 0
        self.skipped = ""  # the tag whose content is left out (charts, buttons)
        self.note = False
        self.heading: int | None = None
        self.lists: list[Bullets] = []
        self.table: Table | None = None
        self.row: list[Cell] | None = None
        self.cell: Cell | None = None
        self.href = ""

    # Runs are gathered until a block ends; inside a list item or a table cell they stay there.
    def _collecting(self) -> bool:
        return self.cell is not None or bool(self.lists) or self.heading is not None

    def flush(self) -> None:
        if self._collecting():
            return
        runs = _tidy(self.runs)
        self.runs = []
        if runs:
            style = "quote" if self.quote else "note" if self.note else "normal"
            self.blocks.append(Paragraph(runs, style))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            self.skip += tag == self.skipped
            return
        if tag in SKIPPED:
            self.skip, self.skipped = 1, tag
            return
        attributes = dict(attrs)
        if tag in {"strong", "b"}:
            self.bold += 1
        elif tag in {"em", "i"}:
            self.italic += 1
        elif tag == "br":
            self.runs.append(Run("\n"))
        elif tag == "a":
            self.href = attributes.get("href") or ""
        elif re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.heading = max(1, int(tag[1]) - self.shift)
        elif tag in BLOCKS or tag == "blockquote":
            self.flush()
            self.quote += tag == "blockquote"
            self.note = "meta" in (attributes.get("class") or "").split()
        elif tag in {"ul", "ol"}:
            self.flush()
            if self.lists and _tidy(self.runs):  # the item holding a nested list ends here
                self.lists[-1].items.append(_tidy(self.runs))
                self.runs = []
            self.lists.append(Bullets(ordered=tag == "ol"))
        elif tag == "li":
            self.runs = []
        elif tag == "table":
            self.flush()
            self.table = Table()
        elif tag in {"caption", "tr"}:
            self.runs = []
            self.row = [] if tag == "tr" else self.row
        elif tag in {"th", "td"}:
            self.runs = []
            self.cell = Cell([], header=tag == "th", span=int(attributes.get("colspan") or 1))

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= tag == self.skipped
            return
        if tag in {"strong", "b"}:
            self.bold = max(0, self.bold - 1)
        elif tag in {"em", "i"}:
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            text = "".join(run.text for run in self.runs)
            if self.href.startswith(("http://", "https://")) and self.href not in text:
                self.runs.append(Run(f" ({self.href})"))
            self.href = ""
        elif re.fullmatch(r"h[1-6]", tag) and self.heading is not None:
            text = plain(self.runs)
            if text:
                self.blocks.append(Heading(self.heading, text))
            self.heading, self.runs = None, []
        elif tag in BLOCKS or tag == "blockquote":
            self.flush()
            self.quote -= tag == "blockquote" and self.quote > 0
            self.note = False
        elif tag == "li" and self.lists:
            runs = _tidy(self.runs)
            if runs:
                self.lists[-1].items.append(runs)
            self.runs = []
        elif tag in {"ul", "ol"} and self.lists:
            done = self.lists.pop()
            if self.lists:  # a nested list joins its parent's items
                self.lists[-1].items.extend(done.items)
            elif done.items:
                self.blocks.append(done)
        elif tag == "caption" and self.table is not None:
            self.table.caption = plain(self.runs)
            self.runs = []
        elif tag in {"th", "td"} and self.cell is not None and self.row is not None:
            self.cell.runs = _tidy(self.runs)
            self.row.append(self.cell)
            self.cell, self.runs = None, []
        elif tag == "tr" and self.table is not None and self.row is not None:
            if self.row:
                self.table.rows.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            if self.table.rows:
                self.blocks.append(self.table)
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = re.sub(r"\s+", " ", data)
        if text.strip() or (self.runs and text):
            self.runs.append(Run(text, bold=self.bold > 0, italic=self.italic > 0))


def read_html(html: str, *, top_heading: int = 2) -> list[Block]:
    """The blocks of an HTML fragment; `top_heading` is the tag level of its sections (h2)."""
    reader = _Reader(top_heading)
    reader.feed(html)
    reader.close()
    reader.flush()
    return reader.blocks


TABLE_WIDTH_CM = 17.0


def column_widths(table: Table) -> list[float]:
    """Widths in cm sharing the text width: each column gets room for its longest word (so that
    no word is cut, as “Fréque/nce”) and a share of what is left by how much text it holds."""
    longest = [1] * table.columns
    amount = [1] * table.columns
    for row in table.rows:
        column = 0
        for cell in row:
            if cell.span == 1 and column < table.columns:
                text = "".join(run.text for run in cell.runs)
                longest[column] = max(longest[column], *(len(word) for word in text.split()), 1)
                amount[column] += len(text)
            column += cell.span
    per_char = 0.21  # cm per character at 10.5 pt, with the cell's padding
    minimum = [min(length * per_char + 0.3, TABLE_WIDTH_CM / table.columns * 1.6) for length in longest]
    spare = max(TABLE_WIDTH_CM - sum(minimum), 0)
    total = sum(amount)
    widths = [base + spare * share / total for base, share in zip(minimum, amount, strict=True)]
    scale = TABLE_WIDTH_CM / sum(widths)
    return [round(width * scale, 2) for width in widths]


# --- DOCX --------------------------------------------------------------------------------


def to_docx(document: Document) -> bytes:
    doc = docx.Document()
    doc.core_properties.title = document.title
    doc.core_properties.language = document.language
    doc.core_properties.author = document.cover[0] if document.cover else ""
    normal = doc.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10.5)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), document.language)
    normal.element.get_or_add_rPr().append(language)
    # The default template says en-US and US Letter: the document's language and A4 instead.
    for element in doc.styles.element.iter(qn("w:lang")):
        element.set(qn("w:val"), document.language)
    for element in doc.settings.element.iter(qn("w:themeFontLang")):
        element.set(qn("w:val"), document.language)
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)

    doc.add_heading(document.title, level=0)
    for line in document.cover:
        doc.add_paragraph(line)
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    def add_runs(paragraph: Any, runs: list[Run]) -> None:
        for run in runs:
            for index, piece in enumerate(run.text.split("\n")):
                if index:
                    paragraph.add_run().add_break()
                if piece:
                    written = paragraph.add_run(piece)
                    written.bold = run.bold or None
                    written.italic = run.italic or None

    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(block.level, 4))
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph(style="Quote" if block.style == "quote" else None)
            add_runs(paragraph, block.runs)
            if block.style == "note":
                for run in paragraph.runs:
                    run.italic = True
        elif isinstance(block, Bullets):
            for item in block.items:
                add_runs(doc.add_paragraph(style="List Number" if block.ordered else "List Bullet"), item)
        else:
            if block.caption:
                add_runs(doc.add_paragraph(style="Caption"), [Run(block.caption, bold=True)])
            table = doc.add_table(rows=0, cols=block.columns, style="Table Grid")
            for row in block.rows:
                cells = table.add_row().cells
                column = 0
                for cell in row:
                    target = cells[column]
                    if cell.span > 1:
                        target = target.merge(cells[min(column + cell.span, block.columns) - 1])
                    add_runs(target.paragraphs[0], [Run(r.text, r.bold or cell.header, r.italic) for r in cell.runs])
                    column += cell.span
            first = table.rows[0]
            if all(cell.header for cell in block.rows[0]):  # repeated on each page, read as headers
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                first._tr.get_or_add_trPr().append(header)
            doc.add_paragraph()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- ODT ---------------------------------------------------------------------------------


def to_odt(document: Document) -> bytes:
    doc = OpenDocumentText()
    page = PageLayout(name="A4")
    page.addElement(
        PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", margin="2cm", printorientation="portrait")
    )
    doc.automaticstyles.addElement(page)
    doc.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=page))
    doc.meta.addElement(dc.Title(text=document.title))
    doc.meta.addElement(dc.Language(text=document.language))
    language, country = ([*document.language.split("-"), ""])[:2]

    default = DefaultStyle(family="paragraph")
    default.addElement(TextProperties(fontname="DejaVu Sans", fontsize="10.5pt", language=language, country=country))
    doc.styles.addElement(default)

    def paragraph_style(name: str, display: str, **text: str) -> Style:
        style = Style(name=name, displayname=display, family="paragraph")
        style.addElement(ParagraphProperties(margintop="0.1cm", marginbottom="0.2cm"))
        if text:
            style.addElement(TextProperties(**text))
        doc.styles.addElement(style)
        return style

    paragraph_style("Standard", "Standard")
    paragraph_style("Title", "Title", fontsize="24pt", fontweight="bold", color="#0b5c6b")
    headings = {
        level: paragraph_style(
            f"Heading_20_{level}", f"Heading {level}", fontsize=size, fontweight="bold", color="#0b5c6b"
        )
        for level, size in ((1, "16pt"), (2, "13pt"), (3, "11.5pt"), (4, "10.5pt"))
    }
    for level, style in headings.items():
        style.setAttribute("defaultoutlinelevel", str(level))
    quote = paragraph_style("Quotations", "Quotations", fontstyle="italic")
    quote.addElement(ParagraphProperties(marginleft="0.8cm"))
    note = paragraph_style("Note", "Note", fontstyle="italic", color="#4a555e")
    caption = paragraph_style("Table_20_Caption", "Table Caption", fontweight="bold")
    break_after = Style(name="CoverEnd", family="paragraph", parentstylename="Standard")
    break_after.addElement(ParagraphProperties(breakafter="page"))
    doc.automaticstyles.addElement(break_after)

    spans = {}
    for bold, italic in ((True, False), (False, True), (True, True)):
        style = Style(name=f"T{int(bold)}{int(italic)}", family="text")
        style.addElement(
            TextProperties(fontweight="bold" if bold else "normal", fontstyle="italic" if italic else "normal")
        )
        doc.automaticstyles.addElement(style)
        spans[bold, italic] = style
    bullets = ListStyle(name="Bullets")
    bullet = ListLevelStyleBullet(level=1, bulletchar="•")
    bullet.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.5cm"))
    bullets.addElement(bullet)
    numbers = ListStyle(name="Numbers")
    number = ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
    number.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.6cm"))
    numbers.addElement(number)
    doc.automaticstyles.addElement(bullets)
    doc.automaticstyles.addElement(numbers)
    table_style = Style(name="Grid", family="table")
    table_style.addElement(TableProperties(width="17cm", align="left"))
    doc.automaticstyles.addElement(table_style)
    cell_style = Style(name="GridCell", family="table-cell")
    cell_style.addElement(TableCellProperties(border="0.5pt solid #c9d3d8", padding="0.1cm"))
    doc.automaticstyles.addElement(cell_style)

    column_styles: dict[float, Style] = {}

    def column_style(width: float) -> Style:
        if width not in column_styles:
            style = Style(name=f"Column{len(column_styles) + 1}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{width}cm"))
            doc.automaticstyles.addElement(style)
            column_styles[width] = style
        return column_styles[width]

    def with_runs(element: Any, runs: list[Run], *, bold: bool = False) -> Any:
        for run in runs:
            key = (run.bold or bold, run.italic)
            if key == (False, False):
                teletype.addTextToElement(element, run.text)
            else:
                span = Span(stylename=spans[key])
                teletype.addTextToElement(span, run.text)
                element.addElement(span)
        return element

    def odt_row(row: list[Cell], columns: int) -> TableRow:
        element = TableRow()
        used = 0
        for cell in row:
            span = min(cell.span, columns - used)
            odt_cell = TableCell(stylename=cell_style, valuetype="string", numbercolumnsspanned=span)
            odt_cell.addElement(with_runs(P(stylename="Standard"), cell.runs, bold=cell.header))
            element.addElement(odt_cell)
            for _ in range(span - 1):
                element.addElement(CoveredTableCell())
            used += span
        while used < columns:  # a short row is filled, so every row has the table's width
            empty = TableCell(stylename=cell_style)
            empty.addElement(P(stylename="Standard"))
            element.addElement(empty)
            used += 1
        return element

    body = doc.text
    body.addElement(with_runs(P(stylename="Title"), [Run(document.title)]))
    for index, line in enumerate(document.cover):
        last = index == len(document.cover) - 1
        body.addElement(with_runs(P(stylename=break_after if last else "Standard"), [Run(line)]))
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(block.level, 4)
            body.addElement(with_runs(H(outlinelevel=level, stylename=headings[level]), [Run(block.text)]))
        elif isinstance(block, Paragraph):
            style = {"quote": quote, "note": note}.get(block.style, "Standard")
            body.addElement(with_runs(P(stylename=style), block.runs))
        elif isinstance(block, Bullets):
            listing = List(stylename=numbers if block.ordered else bullets)
            for item in block.items:
                entry = ListItem()
                entry.addElement(with_runs(P(stylename="Standard"), item))
                listing.addElement(entry)
            body.addElement(listing)
        else:
            if block.caption:
                body.addElement(with_runs(P(stylename=caption), [Run(block.caption)]))
            table = OdfTable(stylename=table_style)
            for width in column_widths(block):
                table.addElement(TableColumn(stylename=column_style(width)))
            rows = block.rows
            if rows and all(cell.header for cell in rows[0]):
                header = TableHeaderRows()
                header.addElement(odt_row(rows[0], block.columns))
                table.addElement(header)
                rows = rows[1:]
            for row in rows:
                table.addElement(odt_row(row, block.columns))
            body.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
