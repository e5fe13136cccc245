"""The tagging layer: what is drawn is recorded as marked content in a structure tree.

ReportLab writes no tags. Here every flowable that the frames (or a container) draw reports
to the `Tagger` of its canvas: a paragraph's drawing is wrapped in `/P <</MCID n>> BDC … EMC`
and the element it belongs to is recorded, in the order the pages are drawn, which is the
reading order: the story is in reading order, balanced columns are drawn left column first,
a floated figure before the text beside it. A paragraph split across pages or columns is one
element whose marked content is on several pages (its parts are `_continued`, or share their
spans). Sections and articles open `Part` and `Sect` elements (`begin`, from the anchors),
tables report their rows and cells through ReportLab's table render callback (`TableTags`),
lists through the attributes `list_block` gives their items' flowables.

Everything drawn outside a marked sequence (rules, tints, bands, the cover's ornaments, the
placeholder's cross) is wrapped as an `/Artifact` when the page is closed (`TaggedCanvas`),
and the running heads and folios as pagination artifacts. `pdfobjects.write` turns the
record into the PDF's StructTreeRoot, ParentTree and annotation entries.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable, HRFlowable, Spacer

HEADINGS = {"title": 1, "report_title": 1, "toc_title": 1, "h2": 2, "h3": 3, "h4": 4,
            "report_h2": 2, "report_h": 3, "report_h4": 4}
ROLES = {"caption": "Caption"}
TAG_NAME = re.compile(r"[^A-Za-z0-9]")


class Elem:
    """A structure element: its role, its kids (elements, marked content, annotations)."""

    __slots__ = ("role", "kids", "parent", "alt", "attrs", "title", "lang", "__weakref__")

    def __init__(self, role: str, parent: "Elem | None" = None, alt: str | None = None,
                 attrs: dict | None = None, title: str | None = None):
        self.role, self.kids, self.parent = role, [], parent
        self.alt, self.attrs, self.title, self.lang = alt, attrs, title, None
        if parent is not None:
            parent.kids.append(self)

    def __deepcopy__(self, memo):
        return self  # balanced columns deep-copy what they split: the parts stay this element


class Annot:
    """A link annotation and the Link element that holds it."""

    __slots__ = ("obj", "page", "elem", "target")

    def __init__(self, obj, page: int, elem: Elem, target: str):
        self.obj, self.page, self.elem, self.target = obj, page, elem, target


class Tagger:
    """The structure tree of one layout, built while its pages are drawn."""

    clamp_headings = True  # a heading never skips a level below the one before (H1 → H3 is H2)

    def __init__(self):
        self.root = Elem("Document")
        self.parent = self.root  # where the next element goes
        self.section: Elem | None = None
        self.page = 0  # index of the page being drawn
        self.mcids: list[list[Elem]] = [[]]  # per page: the element of each MCID
        self.busy = 0  # inside a marked sequence: what is drawn there belongs to it
        self.annots: list[Annot] = []
        self.current: Elem | None = None  # the element whose content is being drawn
        self.pending: dict[str, Elem] = {}  # style name -> paragraph going on in its next part
        self.by_key: dict = {}  # identity of a split flowable -> its element
        self.level = 0  # the last heading level in this article
        self.titles: dict[str, str] = {}  # anchor -> title, for the links' descriptions
        self.artifact_rows = 0  # > 0: drawing a repeated table header (an artifact)
        self.opened = 0  # counts the sections and articles begun and ended

    # -- marked content ------------------------------------------------------------------

    def _mcid(self, elem: Elem) -> int:
        mcid = len(self.mcids[self.page])
        self.mcids[self.page].append(elem)
        elem.kids.append((self.page, mcid))
        return mcid

    def open(self, canv, elem: Elem) -> None:
        canv._code.append(f"/{TAG_NAME.sub('', elem.role)} <</MCID {self._mcid(elem)}>> BDC")
        self.busy += 1
        self.inside = elem

    def close(self, canv) -> None:
        canv._code.append("EMC")
        self.busy -= 1
        self.inside = None

    inside: Elem | None = None  # the element whose marked content is open

    def span(self, props: str) -> tuple[str, str] | None:
        """The operators that end the open element's marked content and begin a span of it with
        `props` (/Lang, /ActualText) and an MCID of its own, and those that go on with the
        element's content after the span; None outside an element. (A span nested in an MCID's
        content ends it for some readers: poppler's structure text stops there.)"""
        elem = self.inside
        if elem is None:
            return None
        return (f"EMC /Span <<{props} /MCID {self._mcid(elem)}>> BDC",
                f"EMC /{TAG_NAME.sub('', elem.role)} <</MCID {self._mcid(elem)}>> BDC")

    @contextmanager
    def content(self, canv, elem: Elem):
        """Draw `elem`'s content (nothing happens inside another marked sequence)."""
        if self.busy:
            yield
            return
        before, self.current = self.current, elem
        self.open(canv, elem)
        try:
            yield
        finally:
            self.close(canv)
            self.current = before

    @contextmanager
    def artifact(self, canv, kind: str | None = None, subtype: str | None = None):
        if self.busy:
            yield
            return
        props = f"/Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "") if kind else ""
        canv._code.append(f"/Artifact <<{props}>> BDC")
        self.busy += 1
        try:
            yield
        finally:
            self.close(canv)

    def new_page(self) -> None:
        self.page += 1
        self.mcids.append([])

    # -- structure -------------------------------------------------------------------------

    def begin(self, key: str, title: str, section: bool) -> None:
        """A section (Part) or an article (Sect) starts here."""
        self.titles[key] = title
        self.opened += 1
        if section:
            self.section = self.parent = Elem("Part", self.root, title=title)
        else:
            self.parent = Elem("Sect", self.section or self.root, title=title)
        self.level = 0
        self.pending.clear()

    def end_article(self) -> None:
        self.opened += 1
        self.parent = self.section or self.root
        self.level = 0

    def heading(self, level: int) -> str:
        if self.clamp_headings:
            level = min(level, self.level + 1)
        self.level = level
        return f"H{level}"

    def paragraph_elem(self, flowable, parent: Elem) -> Elem:
        """The element of a paragraph part: the one it goes on from, or a new one."""
        style = getattr(getattr(flowable, "style", None), "name", "")
        key = _identity(flowable)
        if key is not None and key in self.by_key:
            elem = self.by_key[key]
        elif getattr(flowable, "_continued", False) and style in self.pending:
            elem = self.pending[style]
        else:
            level = HEADINGS.get(style)
            role = self.heading(level) if level else ROLES.get(style, "P")
            elem = Elem(role, parent)
            if key is not None:
                self.by_key[key] = elem
        if getattr(flowable, "_continues", False):
            self.pending[style] = elem
        else:
            self.pending.pop(style, None)
        return elem

    def list_parent(self, chain) -> Elem:
        """The LBody a list item's flowable goes in: `chain` is ((list key, item, its /ListNumbering), …),
        outermost first."""
        parent = self.parent
        for key, item, numbering in chain:
            lst = self.by_key.get(("L", key))
            if lst is None:
                attrs = {"O": "List", "ListNumbering": numbering} if numbering else None
                lst = self.by_key[("L", key)] = Elem("L", parent, attrs=attrs)
            li = self.by_key.get(("LI", key, item))
            if li is None:
                li = self.by_key[("LI", key, item)] = Elem("LI", lst)
                self.by_key[("LBody", key, item)] = Elem("LBody", li)
            parent = self.by_key[("LBody", key, item)]
        return parent

    def label(self, chain) -> Elem:
        """The Lbl of the list item `chain` ends with: the first kid of its LI, before its LBody."""
        self.list_parent(chain)
        key, item, _ = chain[-1]
        li = self.by_key[("LI", key, item)]
        lbl = Elem("Lbl")
        lbl.parent = li
        li.kids.insert(0, lbl)
        return lbl

    def annotation(self, obj, target: str) -> None:
        holder = self.current or self.parent
        link = Elem("Link", holder)
        link.kids.append(("annot", len(self.annots)))
        self.annots.append(Annot(obj, self.page, link, target))

    # -- flowables -----------------------------------------------------------------------

    def draw(self, flowable, canv, draw) -> None:
        """Draw one flowable (`draw()`), as the element it is."""
        if self.busy or isinstance(flowable, (Spacer, HRFlowable)) or not getattr(flowable, "height", 0):
            draw()  # inside an element's content, decoration (an artifact), or nothing drawn
            return
        if self.artifact_rows:
            with self.artifact(canv):
                draw()
            return
        tag = getattr(flowable, "_tag", None)
        chain = getattr(flowable, "_tag_list", None)
        parent = self.list_parent(chain) if chain else self.parent
        group = getattr(flowable, "tag_group", None)  # (kept on a split's parts)
        if isinstance(group, Group):
            if group.elem is None:
                group.elem = Elem(group.role, parent)
            parent, tag = group.elem, "container"
        elif group == "container":
            tag = "container"
        if tag == "container" or _is_container(flowable):
            saved, self.parent, opened = self.parent, parent, self.opened
            try:
                draw()
            finally:
                if self.opened == opened:  # (an article that starts inside it goes on after it)
                    self.parent = saved
            return
        if tag == "TOCI":
            toc = self.by_key.get("TOC")
            if toc is None:
                toc = self.by_key["TOC"] = Elem("TOC", parent)
            elem = Elem("P", Elem("TOCI", toc))
        else:
            elem = self.paragraph_elem(flowable, parent)
        with self.content(canv, elem):
            draw()


class Group:
    """A grouping element (a block quote) shared by the parts of a split container."""

    def __init__(self, role: str):
        self.role, self.elem = role, None

    def __deepcopy__(self, memo):
        return self


def _identity(flowable):
    spans = getattr(flowable, "spans", None)
    return ("spans", id(spans)) if spans is not None else None


def _is_container(flowable) -> bool:
    from reportlab.platypus.tables import Table

    return isinstance(flowable, Table) or bool(getattr(flowable, "_content", None) is not None
                                               and not hasattr(flowable, "blPara"))


class TableTags:
    """A table's rows and cells, told by ReportLab's table render callback (`renderCB`).

    One instance per table of the content: the parts of a split table share it, so they are
    one Table element; the header rows repeated at the top of a later part are artifacts."""

    def __init__(self, header_rows: int = 0, role: str = "Table", mirrored: bool = False):
        self.header_rows, self.role, self.mirrored = header_rows, role, mirrored
        self.elem: Elem | None = None
        self.parts = 0
        self.head = self.body = None
        self.saved = []

    def __deepcopy__(self, memo):
        return self  # (as Elem)

    def __call__(self, table, cmd, *args):
        tagger = getattr(table.canv, "_tags", None)
        if tagger is None or tagger.busy:
            return
        if cmd == "startTable":
            self.parts += 1
            if self.elem is None:
                self.elem = Elem(self.role, tagger.parent)
            self.saved.append(tagger.parent)
            tagger.parent = self.elem
        elif cmd == "endTable":
            tagger.parent = self.saved.pop()
        elif self.role != "Table":
            return  # a box drawn as a table: its cells are just its content
        elif cmd == "startRow":
            row = args[0]
            if row < self.header_rows and self.parts > 1:
                tagger.artifact_rows += 1
                self.row = None
                return
            header = row < self.header_rows
            if header and self.head is None:
                self.head = Elem("THead", self.elem)
            if not header and self.body is None:
                self.body = Elem("TBody", self.elem)
            self.row = Elem("TR", self.head if header else self.body)
            self.header = header
        elif cmd == "endRow":
            if self.row is None:
                tagger.artifact_rows -= 1
            elif self.mirrored:  # drawn from the left, its last column first: read from its first
                self.row.kids.reverse()
        elif cmd == "startCell" and self.row is not None:
            role = "TH" if self.header else "TD"
            attrs = {"O": "Table", "Scope": "Column"} if self.header else {}
            span = (getattr(table, "_spanRanges", None) or {}).get((args[1], args[0]))
            if span and span[2] > span[0]:
                attrs = {**attrs, "O": "Table", "ColSpan": span[2] - span[0] + 1}
            tagger.parent = Elem(role, self.row, attrs=attrs or None)
        elif cmd == "endCell" and self.row is not None:
            tagger.parent = self.elem


class TaggedCanvas(Canvas):
    """A canvas with a tagger: what no element claims is wrapped as an artifact per page."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self._tags = Tagger()

    def showPage(self):
        self._code[:] = wrap_untagged(self._code)
        super().showPage()
        self._tags.new_page()

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        super()._addAnnotation(annotation, name, addtopage)
        if addtopage:
            self._tags.annotation(annotation, _target(annotation))


def _target(annotation) -> str:
    from reportlab.pdfbase.pdfdoc import PDFDictionary

    if isinstance(annotation, PDFDictionary):
        action = annotation.dict.get("A")
        uri = action.dict.get("URI") if isinstance(action, PDFDictionary) else None
        return "uri:" + str(getattr(uri, "s", uri) or "")
    destination = getattr(annotation, "Destination", None)
    return "dest:" + str(getattr(destination, "name", destination) or "")


def wrap_untagged(code: list[str]) -> list[str]:
    """The page's operators, with every run outside a marked sequence wrapped as an artifact."""
    out: list[str] = []
    depth, open_ = 0, False
    for entry in code:
        if entry.endswith(" BDC"):
            if open_ and depth == 0:
                out.append("EMC")
                open_ = False
            depth += 1
        elif entry == "EMC":
            depth -= 1
        elif depth == 0 and not open_ and entry.strip():
            out.append("/Artifact BMC")
            open_ = True
        out.append(entry)
    if open_:
        out.append("EMC")
    return out


def active(canv) -> Tagger | None:
    return getattr(canv, "_tags", None)


@contextmanager
def figure(canv, alt: str):
    """Draw a figure's picture as a Figure element with its alternative text."""
    tagger = active(canv)
    if tagger is None or tagger.busy:
        yield
        return
    with tagger.content(canv, Elem("Figure", tagger.parent, alt=alt)):
        yield


def open_figure(canv, alt: str) -> bool:
    """Start a figure's picture, a Figure element with its alternative text (end: `close_figure`)."""
    tagger = active(canv)
    if tagger is None or tagger.busy:
        return False
    tagger.current = elem = Elem("Figure", tagger.parent, alt=alt)
    tagger.open(canv, elem)
    return True


def close_figure(canv, opened: bool) -> None:
    if opened:
        tagger = active(canv)
        tagger.close(canv)
        tagger.current = None


@contextmanager
def label(canv, chain):
    """Draw a list item's bullet or number as the Lbl of its LI (`chain`: see `list_parent`)."""
    tagger = active(canv)
    if tagger is None or tagger.busy or not chain:
        yield
        return
    with tagger.content(canv, tagger.label(chain)):
        yield


def pagination(draw, subtype: str = "Header"):
    """A page template callback whose drawing is a pagination artifact (running heads, folios)."""

    def drawn(canv, doc):
        tagger = active(canv)
        if tagger is None:
            draw(canv, doc)
            return
        with tagger.artifact(canv, "Pagination", subtype):
            draw(canv, doc)

    return drawn


def whole_page(draw, title: str):
    """A page template callback whose drawing (a cover) is a section of its own: the text blocks
    it draws as `block`s are its elements, the rest (bands, arcs, the logo) artifacts."""

    def drawn(canv, doc):
        tagger = active(canv)
        if tagger is None or tagger.busy:
            draw(canv, doc)
            return
        saved, tagger.parent = tagger.parent, Elem("Sect", tagger.root, title=title)
        try:
            draw(canv, doc)
        finally:
            tagger.parent = saved

    return drawn


@contextmanager
def block(canv, role: str = "P", parent: Elem | None = None):
    """Draw one text block of a page drawn by hand (a cover) as an element `role` in `parent`
    (default: the page's section); a link made inside belongs to it."""
    tagger = active(canv)
    if tagger is None or tagger.busy:
        yield
        return
    with tagger.content(canv, Elem(role, parent or tagger.parent)):
        yield


class ListOf:
    """A list drawn by hand (the cover's highlights): its L is made with its first item."""

    def __init__(self, canv):
        self.tagger, self.elem = active(canv), None

    def item(self, canv):
        """The context to draw one item's text in: an LBody in its LI."""
        if self.tagger is None or self.tagger.busy:
            return block(canv)
        if self.elem is None:
            self.elem = Elem("L", self.tagger.parent)
        return block(canv, "LBody", Elem("LI", self.elem))


def begin(canv, key: str, title: str, section: bool) -> None:
    tagger = active(canv)
    if tagger is not None:
        tagger.begin(key, title, section)


def end_article(canv) -> None:
    tagger = active(canv)
    if tagger is not None:
        tagger.end_article()


_original_draw_on = Flowable.drawOn


def _draw_on(self, canvas, x, y, _sW=0):
    destination = self.__dict__.get("_destination")
    if destination:  # a heading a link leads to: its top is the link's destination
        canvas.bookmarkHorizontal(destination, x, y + getattr(self, "height", 0))
    tagger = getattr(canvas, "_tags", None)
    if tagger is None:
        return _original_draw_on(self, canvas, x, y, _sW)
    tagger.draw(self, canvas, lambda: _original_draw_on(self, canvas, x, y, _sW))


Flowable.drawOn = _draw_on  # every flowable reports to its canvas's tagger (none: as before)


def draw_on_flat(flowable, canvas, x: float, y: float) -> None:
    """`flowable.drawOn(canvas, x, y)` for a group that changes no graphics state of its own but
    by its parts' drawOn: moved there and back, without the `q … Q` ReportLab wraps each in."""
    def flat():
        canvas.translate(x, y)
        flowable.canv = canvas
        try:
            flowable.draw()
        finally:
            del flowable.canv
            canvas.translate(-x, -y)
    tagger = getattr(canvas, "_tags", None)
    if tagger is None:
        flat()
    else:
        tagger.draw(flowable, canvas, flat)


class _ListItems:
    """Gives the flowables of a list item the chain of (list, item) they belong to, outermost first."""

    def note(self, block, item: int, flowables, holder=None, numbering: str | None = None) -> list:
        """`holder`: the item's own group, which draws its label (its Lbl); `numbering`: the list's
        /ListNumbering (LowerAlpha…), or None for none."""
        leaves = ([holder] if holder is not None else []) + list(_leaves(flowables))
        for leaf in leaves:
            leaf._tag_list = ((id(block), item, numbering),) + (getattr(leaf, "_tag_list", None) or ())
        return leaves


def _leaves(flowables):
    for f in flowables:
        inner = getattr(f, "tag_leaves", None)
        if inner is not None:
            yield from inner
        else:
            yield f


list_items = _ListItems()
