"""Tables: GitHub's pipe tables as ReportLab tables, in the styles of one section kind.

Columns share the frame by their content (none narrower than its longest word). In a section of
several columns (the reports), a table whose longest words do not fit a column is set across
the columns, at the width of the page's text, between the balanced columns of the text before
and after it. A table too wide at its size is set smaller, to MIN_TABLE_SIZE; one too wide even then, or of more than
PART_COLUMNS columns, is set in parts, each beginning with the first column (the one that
names the rows). Columns are aligned as the source says, numbers right; a row whose only
cell is bold text in the second column is a group heading across the table, kept with its
first row. The header row repeats on every page; a caption never parts from the last rows.
`BlockRenderer` (blocks.py) sets tables through this mixin.
"""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Spacer, Table, TableStyle

from newsletter_cli.content import model
from newsletter_cli.errors import NewsletterError
from newsletter_cli.layout import bidi, fallback
from newsletter_cli.layout.flowables import WithCaption
from newsletter_cli.layout.pages import IN_ROW_SPLIT
from newsletter_cli.layout.tagging import TableTags

MAX_TABLE_COLUMNS = 200  # beyond this a "table" is data, not a page
PART_COLUMNS = 16  # a wider table is set in parts of at most this many columns
MIN_TABLE_SIZE = 6.0  # pt: a table too wide for its column is set this small at the least
TALL_ROW = 0.9  # a table with a row taller than this share of the frame may split inside its rows
# a cell that reads as a number: 1,234  -5.6  12%  $3.50  (42)  +7  1 234; or a placeholder for none
NUMBER = re.compile(r"^[(]?[-+\u2212]?[$€£¥]?\s?\d[\d,.'\u00a0\u202f ]*(%|‰|[kKMB]|bn|m)?[)]?$")
NO_NUMBER = {"", "-", "\u2013", "\u2014", "n/a", "N/A", "na", "NA", "\u2026", "..."}


def table_style(styles, commands) -> TableStyle:
    """A TableStyle whose cell font is the theme's: ReportLab's default would add Helvetica."""
    return TableStyle([("FONT", (0, 0), (-1, -1), styles.fonts["serif"], 10)] + list(commands))


class Tables:
    """The table methods of `BlockRenderer` (its styles `s`, `frame_width`, `file` and `text`)."""

    def table(self, block: model.Table) -> list:
        ncols = max([len(block.header)] + [len(r) for r in block.rows])
        if ncols > MAX_TABLE_COLUMNS:
            raise NewsletterError.at(self.file, f"table has {ncols} columns; at most {MAX_TABLE_COLUMNS} can be "
                                     "set", block.line, 1, code="table")
        measured = self._measure(block, ncols)
        if self.span_width and self.frame_width == self.column_width < self.span_width \
                and sum(measured[1]) > self.frame_width:  # its longest words do not fit the column
            self.frame_width = self.span_width
            try:
                out = self.table(block)
            finally:
                self.frame_width = self.column_width
            for flowable in out:
                flowable.across_columns = True  # (document.section_story sets it outside them)
            return out
        groups = self._column_groups(ncols, measured)
        mirrored = reads_right_to_left(block)
        if len(groups) == 1:
            return self._table(block, ncols, measured, mirrored)
        out = []
        for n, columns in enumerate(groups):  # a table too wide for the page: in parts, each with its first column
            def pick(cells):
                cells = cells + [model.TableCell([])] * (ncols - len(cells))
                return [cells[c] for c in columns]
            part = model.Table(block.line, pick(block.header) if block.header else [],
                               [pick(r) for r in block.rows], block.caption if n == len(groups) - 1 else [])
            flow = self._table(part, len(columns), mirrored=mirrored)
            out += flow if n == 0 else flow[1:]  # (one space above the parts, not one each)
        return out

    def _column_groups(self, ncols: int, measured) -> list[list[int]]:
        """The columns of each part of a table: all of them where they fit the frame at the
        smallest table size; else as many as fit in each part, every part beginning with the
        first column (the one that names the rows) and none holding more than PART_COLUMNS."""
        narrowest = measured[2]
        avail = self.frame_width
        if ncols <= PART_COLUMNS and sum(narrowest) <= avail:
            return [list(range(ncols))]
        groups, current = [], [0]
        for c in range(1, ncols):
            wide = sum(narrowest[i] for i in current) + narrowest[c] > avail
            if len(current) > 1 and (wide or len(current) >= PART_COLUMNS):
                groups.append(current)
                current = [0]
            current.append(c)
        groups.append(current)
        # as many parts, their columns shared evenly (30 columns: 10 + 10 + 10, not 12 + 12 + 6)
        rest, parts = list(range(1, ncols)), len(groups)
        even = [[0] + rest[len(rest) * n // parts:len(rest) * (n + 1) // parts] for n in range(parts)]
        if all(sum(narrowest[i] for i in g) <= avail for g in even):
            return even
        return groups

    def _measure(self, block: model.Table, ncols: int):
        """Each column's widest line unbroken and its longest word, with the cell padding, at the
        table's size; and its longest word at the smallest table size (MIN_TABLE_SIZE). Group
        rows, which span the table, are left out."""
        pad = 14
        natural = [0.0] * ncols
        minimum = [0.0] * ncols
        narrowest = [0.0] * ncols
        rows = [(block.header, self.s["table_head"])] + [
            (r, self.s["table"]) for r in block.rows
            if not (r and not r[0].spans and len(r) > 1 and r[1].spans and all(sp.bold for sp in r[1].spans))]
        for row, style in rows:
            shrink = MIN_TABLE_SIZE / style.fontSize
            for i, cell in enumerate(row[:ncols]):
                for line in "".join(sp.text for sp in cell.spans).split("\n"):  # a <br> breaks the line
                    width = fallback.width(line, style.fontName, style.fontSize)
                    natural[i] = max(natural[i], width + pad)
                    longest = max((fallback.width(w, style.fontName, style.fontSize) for w in line.split()), default=0)
                    minimum[i] = max(minimum[i], min(longest + pad, 120))
                    narrowest[i] = max(narrowest[i], min(longest, 120) * shrink + 6)
        return natural, minimum, narrowest

    def _table(self, block: model.Table, ncols: int, measured=None, mirrored: bool = False) -> list:
        """The table as flowables; `mirrored`: its columns from the right (a table in Arabic or
        Hebrew), the first column on the right, read (and tagged) first."""
        s = self.s
        data, group_rows = [], []
        has_header = any(c.spans for c in block.header)
        aligns = column_alignments(block, ncols)
        widths, scale = self._column_widths(measured or self._measure(block, ncols))

        def aligned(name, align):  # the style, smaller for a table too wide for the column at its size
            return _scaled(_aligned(s, name, align), scale)

        padding = 10 if scale == 1 else 4  # (the cell's left and right padding, below)
        if has_header:
            data.append([self.text(c.spans, aligned("table_head", a), fit=w - padding)
                         for c, a, w in zip(block.header, aligns, widths)])
        for row in block.rows:
            cells = row + [model.TableCell([])] * (ncols - len(row))
            if ncols > 1 and not cells[0].spans and cells[1].spans and all(sp.bold for sp in cells[1].spans) \
                    and all(not c.spans for c in cells[2:]):
                group_rows.append(len(data))
                data.append([self.text(cells[1].spans, _scaled(s["table_group"], scale))]
                            + [""] * (ncols - 1))
            else:
                data.append([self.text(c.spans, aligned("table", a), fit=w - padding)
                             for c, a, w in zip(cells, aligns, widths)])
        if not data:  # a header of empty cells and no rows (`| |\n|---|`): one empty row, as typed
            data.append([""] * ncols)
        if mirrored:
            data = [row if r in group_rows else row[::-1] for r, row in enumerate(data)]
            widths = widths[::-1]
        table = Table(data, colWidths=widths, repeatRows=1 if has_header else 0,
                      hAlign="RIGHT" if mirrored else "LEFT",
                      renderCB=TableTags(header_rows=1 if has_header else 0, mirrored=mirrored))
        colours = s.colours
        commands = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            # a table set smaller to fit: narrower cell padding too
            ("LEFTPADDING", (0, 0), (-1, -1), 5 if scale == 1 else 2), ("RIGHTPADDING", (0, 0), (-1, -1), 5 if scale == 1 else 2),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colours.rule),
        ]
        if has_header:
            commands += [("BACKGROUND", (0, 0), (-1, 0), colours.primary),
                         ("LINEBELOW", (0, 0), (-1, 0), 0, colours.primary)]
        for r in group_rows:
            commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colours.tint),
                         ("TOPPADDING", (0, r), (-1, r), 5)]
            if r + 1 < len(data):  # a group heading never ends a page: it stays with its first row
                commands.append(("NOSPLIT", (0, r), (-1, r + 1)))
        table.setStyle(table_style(s, commands))
        if self.frame_height and self._tallest_row(table, sum(widths)) > self.frame_height * TALL_ROW:
            # a row taller than a page or column splits between the lines of its cells, wherever
            # the table stands: the first block under an article's title, after a heading, with
            # its caption, in a list item (before, only a table standing alone could, and such a
            # table was shrunk to a page, refused in the two-column reports, or left a hole)
            table.splitInRow = IN_ROW_SPLIT
        out = [Spacer(1, s.space * 0.5), table]
        if block.caption:  # never parted from the table's last rows
            out[-1] = WithCaption(table, self.text(block.caption, s["caption"]), gap=4)
        out.append(Spacer(1, s.space))
        return out

    def _tallest_row(self, table: Table, width: float) -> float:
        table.wrap(width, self.frame_height)
        return max(table._rowHeights or [0.0])

    def _column_widths(self, measured):
        """Share the frame width by content: no column narrower than its longest word.

        The widths add up to a hair less than the frame, never more (rounding would make
        ReportLab refuse the table). Returns (widths, scale): where even the longest words do
        not fit at the table's size, its type is made smaller, to MIN_TABLE_SIZE at most."""
        shares, scale = self._shares(measured)
        return [w * (1 - 1e-6) for w in shares], scale

    def _shares(self, measured):
        natural, minimum, _ = measured  # each column's widest line, unbroken, and its longest word
        ncols, pad = len(natural), 14
        avail = self.frame_width
        if sum(natural) <= avail:
            extra = avail - sum(natural)
            return [n + extra * n / sum(natural) if sum(natural) else avail / ncols for n in natural], 1.0
        if sum(minimum) >= avail:  # even the longest words do not fit: smaller type, then shares of them
            words = sum(m - pad for m in minimum)
            small = 6  # the cell padding of a table set smaller (2 pt either side, and a hair)
            scale = max(MIN_TABLE_SIZE / self.s["table"].fontSize, min(0.999, (avail - small * ncols) / words)) \
                if words > 0 else 0.999
            minimum = [(m - pad) * scale + small for m in minimum]
            natural = [(n - pad) * scale + small for n in natural]
            if sum(minimum) >= avail:
                return [avail * m / sum(minimum) for m in minimum], scale
        else:
            scale = 1.0
        # as in a browser's table: each column its longest word, and the rest of the width
        # shared in proportion to how much more its widest line needs
        spare = avail - sum(minimum)
        stretch = [n - m for n, m in zip(natural, minimum)]
        if sum(stretch) <= 0:  # no line longer than its longest word: the rest shared by width
            stretch = minimum
        total = sum(stretch) or 1
        return [m + spare * st / total for m, st in zip(minimum, stretch)], scale


def _scaled(style, scale: float):
    if scale >= 1.0:
        return style
    return ParagraphStyle(f"{style.name}@{scale:.3f}", parent=style, fontSize=style.fontSize * scale,
                          leading=style.leading * scale)


def _aligned(styles, name: str, align: str):
    return styles[name] if align == "left" else styles[f"{name}_{align}"]


def reads_right_to_left(block: model.Table) -> bool:
    """Whether the table reads right to left: its first cell with a letter in it (the header's,
    else the rows') starts in Hebrew or Arabic, as a paragraph's first strong letter decides."""
    for row in [block.header] + block.rows:
        for cell in row:
            text = "".join(sp.text for sp in cell.spans)
            if any(c.isalpha() for c in text):
                return bidi.direction(text) == "R"
    return False


def column_alignments(block: model.Table, ncols: int) -> list[str]:
    """Each column's alignment: as the source's delimiter row says (`:--`, `:-:`, `--:`), else
    right for a column of numbers, else left."""
    out = []
    for i in range(ncols):
        given = next((row[i].align for row in [block.header] + block.rows if i < len(row) and row[i].align), None)
        if given:
            out.append(given)
            continue
        cells = ["".join(sp.text for sp in row[i].spans).strip() for row in block.rows if i < len(row)]
        numbers = [c for c in cells if c not in NO_NUMBER]
        out.append("right" if numbers and all(NUMBER.match(c) for c in numbers) else "left")
    return out
