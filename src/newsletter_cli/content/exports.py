"""Markdown as other tools write it: Hugo, Jekyll (Liquid, kramdown), MkDocs, Obsidian.

`prepare` rewrites an article's lines before markdown-it reads them, one line for one line (so every
problem keeps its line), outside fenced code:

- Hugo's `{{< figure src=… caption=… >}}` and Jekyll's `{% include figure image_path=… %}` become a
  figure (`![caption](src "credit"){alt="…"}`); `{{% note %}}…{{% /note %}}` (and tip, warning,
  notice, alert, callout…) a callout box, as is `{{< details summary=… >}}` (unfolded);
  `{{< highlight go >}}…` and `{% highlight python %}…{% endhighlight %}` a code block; `{{< youtube ID >}}`, vimeo, gist, tweet, instagram a line with
  the address; `{% comment %}…{% endcomment %}` is dropped, `{% raw %}` keeps what it holds as
  typed; a table of contents (`{{< toc >}}`, kramdown's `* TOC` + `{:toc}`, `[TOC]`) is dropped, as
  the PDF has its own. Any other template tag alone on its line is left out with a warning, the
  text inside a pair of them kept.
- kramdown's attribute lines (`{: .class}`) are dropped.
- `:::` blocks of VitePress, Docusaurus and Quarto that name a kind of box (`::: tip Title`,
  `:::note[Title]`, `::: {.callout-warning}`) are callout boxes; another Pandoc div (`::: {.columns}`)
  loses its `:::` lines, with a warning, and keeps its text.
- MkDocs' admonitions (`!!! note "Title"`, `??? tip`, `???+ tip`, their text indented by four) are
  callout boxes.
- Obsidian's embed of a picture alone on its line (`![[photo.png|alt]]`) is a figure; `%%` comment
  lines are dropped.
- In a link's or picture's target, Jekyll's `{{ site.baseurl }}`, `{{ '/x.png' | relative_url }}`,
  `{% link x %}`, `{% post_url x %}` and Hugo's `{{< ref "x" >}}` / `relref` become the path itself.

Inside a line of text, `exports_inline.tool_text` reads the same tools' marks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsletter_cli.content.exports_inline import IMAGE_SUFFIXES

if TYPE_CHECKING:
    from newsletter_cli.content.markdown import Context

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# `::: tip Title` (VitePress), `:::note[Title]` (Docusaurus), `::: {.callout-warning title="…"}` (Quarto), `::: {.x}`
_COLON_OPEN = re.compile(r"^( {0,3})(:{3,})[ \t]*(\{[^{}\n]*\}|[A-Za-z][\w-]*)(?:\[([^\]\n]*)\])?[ \t]*(.*?)[ \t]*$")
_COLON_CLOSE = re.compile(r"^ {0,3}:{3,}[ \t]*$")
OWN_BLOCKS = ("callout", "caption", "pullquote")
DIV_CALLOUTS = {"note", "tip", "info", "warning", "caution", "danger", "important", "details", "success", "error",
                "question", "example", "abstract", "hint", "attention", "bug", "failure", "todo"}
_HUGO = re.compile(r"^\{\{([<%])\s*(/?)\s*([A-Za-z][\w./-]*)")
_HUGO_END = re.compile(r"([>%])\}\}")
_LIQUID = re.compile(r"^\{%-?\s*([A-Za-z]\w*)(.*?)-?%\}$")
_ARG = re.compile(r'''(?:([A-Za-z_][\w-]*)\s*=\s*)?("((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|[^\s"'`]+)''')
_ADMONITION = re.compile(r'^ {0,3}(!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*)((?:[ \t]+[A-Za-z][\w-]*)*)(?:[ \t]+"(.*)")?[ \t]*$')
_ATTRIBUTE_LINE = re.compile(r"^\s*\{(?::[^{}]*|[#.][A-Za-z][^{}]*)\}\s*$")
_EMBED_LINE = re.compile(r"^ {0,3}!\[\[([^\[\]|#\n]+)(?:#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\][ \t]*$")
# shortcodes of themes that draw a box: the title is their own name unless they name a kind or a title
CALLOUTS = {"note", "tip", "tips", "info", "warning", "caution", "danger", "important", "notice", "alert", "callout",
            "admonition", "hint", "attention", "error", "success", "example", "question", "todo", "abstract",
            "summary", "bug", "quote", "failure"}
GENERIC_CALLOUTS = {"notice", "alert", "callout", "admonition", "hint"}
CONTINUED_TAGS = {"else", "elsif", "when"}  # (a Liquid tag that goes on a block already reported)
EMBEDS = {"youtube": ("Video", "https://www.youtube.com/watch?v={0}", r"[\w-]{6,20}"),
          "vimeo": ("Video", "https://vimeo.com/{0}", r"\d{4,15}"),
          "instagram": ("Instagram post", "https://www.instagram.com/p/{0}/", r"[\w-]{4,40}"),
          "gist": ("Code", "https://gist.github.com/{0}/{1}", r"[\w-]{1,40}"),
          "tweet": ("Post", "https://x.com/{user}/status/{id}", r"\d{1,25}"),
          "x": ("Post", "https://x.com/{user}/status/{id}", r"\d{1,25}")}


def prepare(text: str, ctx: Context) -> str:
    """`text` with what other tools write rewritten as this project's Markdown, line for line."""
    lines = text.replace("\r\n", "\n").split("\n")  # (as markdown-it reads its lines)
    return "\n".join(_Lines(lines, ctx).run())


MAX_DEPTH = 8  # boxes in boxes, read so deep; deeper ones are read as their own text


def _marker(depth: int) -> str:
    """The `:::` line of a box made here at `depth`: longer outside, so that no box inside closes it
    (nor an author's own `:::` block)."""
    return ":" * (4 + MAX_DEPTH - min(depth, MAX_DEPTH))


class _Lines:
    def __init__(self, lines: list[str], ctx: Context, depth: int = 0):
        self.lines, self.ctx, self.out, self.depth = lines, ctx, [], depth
        self._ends: dict[str, list[int]] | None = None  # closing tags -> their lines (`next_end`)
        self.divs: list[bool] = []  # the `:::` blocks open: whether each is kept (False: a Pandoc div, left out)
        self.open: list[tuple[str, str]] = []  # Hugo shortcodes open: (name, what their closing line becomes)

    def warn(self, index: int, message: str, needle: str, hint: str) -> None:
        line = index + 1 + self.ctx.line_offset
        self.ctx.report.warning(self.ctx.file, message, line, self.ctx.col_of(line, needle), code="template", hint=hint)

    def run(self) -> list[str]:
        i, fence = 0, None
        while i < len(self.lines):
            line = self.lines[i]
            if fence:  # inside fenced code: as written
                self.out.append(line)
                closing = _FENCE.match(line)
                if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence) \
                        and not line.strip().strip(fence[0]):
                    fence = None
                i += 1
                continue
            opening = _FENCE.match(line)
            if opening:
                fence = opening.group(1)
                self.out.append(line)
                i += 1
                continue
            i = self.line(i)
        return self.out

    def line(self, i: int) -> int:
        """Rewrite line `i` (and the lines it governs); the index of the next line to read."""
        line = self.lines[i]
        s = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if indent <= 3 and s.startswith(":::"):
            return self.colons(i)
        if indent <= 3 and s.startswith("{{") and _HUGO.match(s):
            done = self.hugo(i)
            if done is not None:
                return done
        if indent <= 3 and s.startswith("{%") and _LIQUID.match(s):
            return self.liquid(i, _LIQUID.match(s))
        if indent <= 3 and _ATTRIBUTE_LINE.match(line):  # kramdown's `{: .class}`: for the block above, dropped
            if s.replace(" ", "") == "{:toc}" and self.out and re.match(r"^\s*([*+-]|1\.)\s+TOC\s*$", self.out[-1]):
                self.out[-1] = ""  # `* TOC` + `{:toc}`: the page's own contents
            self.out.append("")
            return i + 1
        if indent <= 3 and s in ("[TOC]", "[toc]", "[[_TOC_]]", "[[TOC]]"):
            self.out.append("")
            return i + 1
        if indent <= 3 and (s.startswith("!!!") or s.startswith("???")) and _ADMONITION.match(line) \
                and self.indented_after(i):
            return self.admonition(i, _ADMONITION.match(line))
        if indent <= 3 and s.startswith("%%"):  # Obsidian's comment, to the line that ends it
            j = i
            while not (self.lines[j].rstrip().endswith("%%") and (j > i or len(s) >= 4)) and j + 1 < len(self.lines):
                j += 1
            self.out.extend([""] * (j - i + 1))
            return j + 1
        embed = _EMBED_LINE.match(line) if s.startswith("![[") else None
        if embed and embed.group(1).strip().lower().endswith(IMAGE_SUFFIXES):
            label = (embed.group(2) or "").strip()
            alt = "" if re.fullmatch(r"\d+(x\d+)?", label) else label  # `|300`: a width in pixels
            self.out.append(_lead(line) + figure_line(embed.group(1).strip(), "", None, alt or None, None))
            return i + 1
        self.out.append(_targets(line))
        return i + 1

    # --- `:::` blocks of VitePress, Docusaurus, Pandoc and Quarto ---------------------------------------------------

    def colons(self, i: int) -> int:
        line = self.lines[i]
        if _COLON_CLOSE.match(line):
            kept = self.divs.pop() if self.divs else True
            self.out.append(line if kept else "")
            return i + 1
        head = _COLON_OPEN.match(line)
        if head is None:
            self.out.append(line)
            return i + 1
        lead, colons, name, bracketed, rest = head.groups()
        if name.startswith("{"):  # Pandoc's fenced div: {.class #id key="value"}
            classes = [c[1:].lower() for c in re.findall(r"\.[\w-]+", name)]
            _, named = _arguments(name[1:-1])
            kind = next((c.removeprefix("callout-") for c in classes if c.removeprefix("callout-") in DIV_CALLOUTS),
                        None)
            if kind is None:
                self.divs.append(False)
                self.warn(i, f"'{line.strip()[:60]}' is a Pandoc div, which this newsletter does not set: its ':::' "
                          "lines are left out, its text kept", ":::", "use '::: callout Title' for a box")
                self.out.append("")
                return i + 1
            title = named.get("title") or ""
        elif name.lower().removeprefix("callout-") in DIV_CALLOUTS and name.lower() not in OWN_BLOCKS:
            kind, title = name.lower().removeprefix("callout-"), (bracketed or rest or "")
        else:  # ours (`::: callout Title`), or an unknown name: read as before (an unknown one is an error)
            self.divs.append(True)
            self.out.append(line)
            return i + 1
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else ""
        heading = re.match(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", nxt)
        self.divs.append(True)
        if not title.strip() and heading:  # Quarto's title: a heading as the box's first line
            self.out += [f"{lead}{colons} callout {' '.join(heading.group(1).split())}", ""]
            return i + 2
        title = " ".join(title.split()) or kind.capitalize()
        self.out.append(f"{lead}{colons} callout {title}")
        return i + 1

    # --- Hugo -----------------------------------------------------------------------------------------------------

    def hugo(self, i: int) -> int | None:
        """A shortcode that stands alone on its line (or lines: `{{< figure` … `>}}`), or None."""
        head = _HUGO.match(self.lines[i].strip())
        delim, closing, name = head.group(1), head.group(2), head.group(3)
        end_mark = ">}}" if delim == "<" else "%}}"
        j, joined = i, self.lines[i].strip()
        while end_mark not in joined and j + 1 < len(self.lines) and j - i < 20:
            j += 1
            joined += " " + self.lines[j].strip()
        if not joined.endswith(end_mark) or joined.count(end_mark) != 1:
            return None  # text follows it on its line: read in the line (`tool_text`)
        tag, lead = joined, _lead(self.lines[i])
        args, named = _arguments(joined[len(head.group(0)):-len(end_mark)].rstrip("/ "))
        key = name.lower()
        blank = [""] * (j - i)
        if closing:
            if self.open and self.open[-1][0] == key:
                self.out += [lead + self.open.pop()[1]] + blank
            else:
                self.out += [""] + blank
            return j + 1
        paired = self.closes(i, j, key)
        if key == "figure":
            src = named.get("src") or (args[0] if args else "")
            caption = named.get("caption") or ""
            title = named.get("title") or ""
            if title:
                caption = f"{title}. {caption}" if caption and not title.endswith((".", ":", "!", "?")) else \
                    f"{title} {caption}".strip()
            self.out += [lead + figure_line(src, caption, named.get("attr") or named.get("credit"), named.get("alt"),
                                     named.get("width"))] + blank
            return j + 1
        if key == "highlight" and paired is not None:
            return self.code(i, paired, args[0] if args else "", j)
        if key in EMBEDS and not paired:
            self.out += [lead + (_embed(key, args, named) or "")] + blank
            if not self.out[-1 - len(blank)].strip():
                self.warn(i, f"Hugo shortcode '{tag[:60]}' has no address this tool can print: it is left out",
                          "{{", "write the address of what it shows as a link")
            return j + 1
        if key == "toc":
            self.out += [""] + blank
            return j + 1
        if paired is not None and key in CALLOUTS:
            marker = _marker(self.depth + len(self.open))
            self.open.append((key, marker))
            self.out += [f"{lead}{marker} callout {_callout_title(key, args, named)}"] + blank
            return j + 1
        if paired is not None and key in ("details", "expand", "collapse", "spoiler"):  # unfolded on paper, in a box
            summary = named.get("summary") or named.get("title") or (args[0] if args else "")
            marker = _marker(self.depth + len(self.open))
            self.open.append((key, marker))
            self.out += [f"{lead}{marker} callout {' '.join(summary.split())}"] + blank
            return j + 1
        if paired is not None:
            self.open.append((key, ""))
        self.warn(i, f"Hugo shortcode '{tag[:60]}' is a template this tool does not run: it is left out"
                  + (", the text inside it kept" if paired is not None else ""), "{{",
                  "write what it shows as text or Markdown")
        self.out += [""] + blank
        return j + 1

    def closes(self, i: int, j: int, key: str) -> int | None:
        """The line of the shortcode's closing tag (`{{< /name >}}`) after line j, or None when it has none."""
        return self.pairs().get((i, key))

    def pairs(self) -> dict:
        """(the line of a Hugo shortcode that opens, its name) -> the line of the tag that closes it: one pass
        over the text, pairing each closing tag with the last one of its name still open."""
        if getattr(self, "_pairs", None) is None:
            self._pairs, stacks, fence = {}, {}, None
            head = re.compile(r"^ {0,3}\{\{[<%]\s*(/?)\s*([A-Za-z][\w./-]*)")
            for k, line in enumerate(self.lines):
                opening = _FENCE.match(line)
                if fence or opening:
                    if fence is None:
                        fence = opening.group(1)
                    elif opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                            and not line.strip().strip(fence[0]):
                        fence = None
                    continue
                found = head.match(line)
                if not found:
                    continue
                name = found.group(2).lower()
                if found.group(1):
                    if stacks.get(name):
                        self._pairs[(stacks[name].pop(), name)] = k
                else:
                    stacks.setdefault(name, []).append(k)
        return self._pairs

    def code(self, i: int, end: int, language: str, j: int | None = None) -> int:
        """Lines i (the opening tag, to line j) … end (the closing tag) as a fenced code block."""
        j = i if j is None else j
        body = self.lines[j + 1:end]
        ticks = "`" * max(3, max((len(m) for line in body for m in re.findall(r"`+", line)), default=0) + 1)
        language = re.sub(r"[^\w+#.-]", "", language)
        lead = _lead(self.lines[i])
        self.out += [lead + ticks + language] + [""] * (j - i) + body + [lead + ticks]
        return end + 1

    # --- Liquid (Jekyll) --------------------------------------------------------------------------------------------

    def liquid(self, i: int, tag) -> int:
        name, rest = tag.group(1).lower(), tag.group(2)
        if name == "highlight":
            end = self.find(i, "endhighlight")
            if end is not None:
                return self.code(i, end, rest.split()[0] if rest.split() else "")
        if name == "comment":  # left out, with what it holds
            end = self.find(i, "endcomment")
            end = len(self.lines) - 1 if end is None else end
            self.out += [""] * (end - i + 1)
            return end + 1
        if name == "raw":  # what it holds is printed as typed, template marks and all
            end = self.find(i, "endraw")
            end = len(self.lines) if end is None else end
            self.out.append("")
            self.out += self.lines[i + 1:end]
            self.ctx.literal_lines.update(range(i + 2 + self.ctx.line_offset, end + 1 + self.ctx.line_offset))
            if end < len(self.lines):
                self.out.append("")
            return end + 1
        if name == "include" and re.match(r"\s*figure(\.html)?\b", rest):
            _, named = _arguments(re.sub(r"^\s*figure(\.html)?", "", rest))
            src = named.get("image_path") or named.get("image") or named.get("src") or named.get("url") or ""
            if src:
                self.out.append(_lead(self.lines[i]) + figure_line(src, named.get("caption") or "", None,
                                                                   named.get("alt"), None))
                return i + 1
        if not (name.startswith("end") or name in CONTINUED_TAGS):
            self.warn(i, f"Liquid tag '{self.lines[i].strip()[:60]}' is a template this tool does not run: it is "
                      "left out", "{%", "write what it shows as text or Markdown")
        self.out.append("")
        return i + 1

    def find(self, i: int, name: str) -> int | None:
        """The first line after `i` with Liquid's `{% NAME %}` (endhighlight, endcomment, endraw)."""
        if self._ends is None:
            self._ends = {}
            tag = re.compile(r"\{%-?\s*(endhighlight|endcomment|endraw)\s*-?%\}")
            for k, line in enumerate(self.lines):
                if "{%" in line:
                    for found in tag.finditer(line):
                        self._ends.setdefault(found.group(1), []).append(k)
        import bisect

        lines = self._ends.get(name, [])
        at = bisect.bisect_right(lines, i)
        return lines[at] if at < len(lines) else None

    # --- MkDocs ------------------------------------------------------------------------------------------------------

    def indented_after(self, i: int) -> bool:
        """Whether text indented by four follows line `i` (after blank lines): an admonition's, not a line
        of prose that happens to open with `!!!`."""
        following = next((line for line in self.lines[i + 1:] if line.strip()), "")
        return _indent(following) >= 4

    def admonition(self, i: int, head) -> int:
        kind, title = head.group(2), head.group(4)
        title = kind.replace("-", " ").replace("_", " ").capitalize() if title is None else title.strip()
        j = i + 1
        while j < len(self.lines) and (not self.lines[j].strip() or _indent(self.lines[j]) >= 4):
            j += 1
        end = j  # the lines i+1 … end-1 are its text, and the blank lines after it
        while end > i + 1 and not self.lines[end - 1].strip():
            end -= 1
        body = [_dedent(line) for line in self.lines[i + 1:end]]
        if end == j and j < len(self.lines):  # no blank line before the next block: it joins the box
            self.warn(j, "this line follows an admonition without a blank line: it is read as part of the box, "
                      "to the next blank line", self.lines[j].strip()[:20],
                      "leave a blank line after the admonition's indented text")
            while j < len(self.lines) and self.lines[j].strip():
                body.append(self.lines[j])
                j += 1
            end = j
        inner = _Lines(body, _Shifted(self.ctx, i + 1), self.depth + 1).run() if self.depth < MAX_DEPTH and any(
            line.lstrip().startswith(("!!!", "???", "{%", "{{")) for line in body) else [_targets(b) for b in body]
        marker = _marker(self.depth)
        self.out.append(f"{marker} callout {title}")
        self.out += inner
        if end < len(self.lines):  # its closing line takes the first blank line after it
            self.out.append(marker)
            return end + 1
        if not self.depth:  # (inside another box, that box's closing line closes it too)
            self.out[-1] = self.out[-1] + "\n" + marker  # (at the end of the text: a line more, after every other)
        return end


class _Shifted:
    """The article's context for the text of an admonition, which starts `by` lines further down."""

    def __init__(self, ctx: Context, by: int):
        self.ctx, self.by = ctx, by
        self.file, self.report, self.line_offset = ctx.file, ctx.report, ctx.line_offset + by
        self.literal_lines = ctx.literal_lines

    def col_of(self, line: int, needle: str, default: int | None = 1):
        return self.ctx.col_of(line, needle, default)


def _lead(line: str) -> str:
    """The spaces a line opens with: a tag inside a list item keeps its place in the item."""
    return line[:len(line) - len(line.lstrip(" "))]


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def _dedent(line: str) -> str:
    expanded = line.expandtabs(4)
    return expanded[4:] if expanded.startswith("    ") else expanded.lstrip(" ")


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's or Liquid tag's arguments: (the positional ones, the named ones)."""
    positional, named = [], {}
    for match in _ARG.finditer(text):
        value = next((g for g in match.group(3, 4, 5) if g is not None), match.group(2))
        value = re.sub(r"\\(.)", r"\1", value) if match.group(3) is not None else value
        if match.group(1):
            named[match.group(1).lower()] = value
        else:
            positional.append(value)
    return positional, named


def _callout_title(key: str, args: list[str], named: dict[str, str]) -> str:
    title = named.get("title") or named.get("header") or named.get("heading")
    if key == "notice" and len(args) > 1:
        title = title or args[1]
    if title and title.strip():
        return " ".join(title.split())
    kind = named.get("type") or named.get("style") or named.get("color") or named.get("theme") \
        or (args[0] if args and key in GENERIC_CALLOUTS else None) or key
    kind = kind.lower()
    if kind in GENERIC_CALLOUTS or kind in ("primary", "secondary", "default", "light", "dark", "blue", "grey"):
        kind = "note"
    return {"tips": "Tip"}.get(kind, kind.capitalize())


def _embed(key: str, args: list[str], named: dict[str, str]) -> str | None:
    label, address, shape = EMBEDS[key]
    if key in ("tweet", "x"):
        user, ident = named.get("user", ""), named.get("id", "")
        if len(args) == 2 and not named:  # the old form: {{< tweet user id >}}
            user, ident = args
        if not (re.fullmatch(r"\w{1,15}", user) and re.fullmatch(shape, ident)):
            return None
        url = address.format(user=user, id=ident)
    elif key == "gist":
        parts = args[:2] or [named.get("user", ""), named.get("id", "")]
        if len(parts) != 2 or not all(re.fullmatch(shape, p) for p in parts):
            return None
        url = address.format(*parts)
    else:
        ident = named.get("id") or (args[0] if args else "")
        if not re.fullmatch(shape, ident):
            return None
        url = address.format(ident)
    return f"{label}: <{url}>"


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|!~^=$&{}])", r"\\\1", " ".join(text.split()))


def figure_line(src: str, caption: str, credit: str | None, alt: str | None, width: str | None) -> str:
    """A figure in this project's Markdown: `![caption](<src> "credit"){width=… alt="…"}`."""
    src = re.sub(r"[\s<>]+", lambda m: " " if m.group().isspace() else "", src.strip())
    caption = re.sub(r"([\[\]\\])", r"\\\1", " ".join(caption.split()))
    attrs = []
    if width and re.fullmatch(r"\d{1,3}%", width.strip()):
        attrs.append(f"width={width.strip()}")
    if alt and alt.strip():
        attrs.append('alt="' + " ".join(re.sub(r'["{}]', "'", alt).split()) + '"')
    title = f' "{_quoted(credit)}"' if credit and credit.strip() else ""
    return f"![{caption}](<{src}>{title})" + ("{" + " ".join(attrs) + "}" if attrs else "")


def _quoted(text: str) -> str:
    return re.sub(r'(["\\])', r"\\\1", " ".join(text.split()))


# --- targets written through the site's templates ---------------------------------------------------------------

_TARGETS = [
    (re.compile(r"\]\(\s*(?:\{\{-?\s*site\.url\s*-?\}\})?\{\{-?\s*site\.baseurl\s*-?\}\}"), "]("),
    (re.compile(r"\]\(\s*\{\{-?\s*site\.url\s*-?\}\}"), "]("),
    (re.compile(r"""\]\(\s*\{\{-?\s*(["'])([^"'\n]*)\1\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}\s*"""), r"](\2"),
    (re.compile(r"""\]\(\s*\{\{[<%]\s*(?:rel)?ref\s+(["']?)([^"'\s>%]*)\1\s*[>%]\}\}\s*"""), r"](\2"),
    (re.compile(r"""\]\(\s*\{%-?\s*(?:link|post_url)\s+([^\s%]+)\s*-?%\}\s*"""), r"](\1"),
]


def _targets(line: str) -> str:
    if "](" not in line or "{" not in line:
        return line
    for pattern, replacement in _TARGETS:
        line = _outside_code(line, pattern, replacement)
    return line


def _outside_code(line: str, pattern, replacement) -> str:
    parts = re.split(r"(`+[^`]*`+)", line)  # (a code span on the line stays as written)
    return "".join(part if part.startswith("`") else pattern.sub(replacement, part) for part in parts)
