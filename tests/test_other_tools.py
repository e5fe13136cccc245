"""Markdown as other tools write it (Hugo, Jekyll, MkDocs, Obsidian, Pandoc, web exports): each
case is a whole small issue built and validated through the CLI, the PDF read back."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from conftest import article, make_issue, png, run_cli


def _issue(tmp_path: Path, body: str, files: dict[str, bytes] | None = None, front: str = "") -> Path:
    manifest = make_issue(tmp_path, articles={"01-a.md": article("Other Tools", body, front)})
    for name, data in (files or {}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return manifest


# the text as typed: the PDF has curly quotes and apostrophes where the Markdown has straight ones
# (content/typography.py, tested in test_typography.py); these tests look for the text the author wrote
AS_TYPED = str.maketrans("’‘“”", "''\"\"")


def _build(tmp_path: Path, body: str, files: dict[str, bytes] | None = None, front: str = ""):
    """(the build's result, validate's result, the PDF's text, the PDF's images as (width, height))."""
    manifest = _issue(tmp_path, body, files, front)
    out = tmp_path / "out.pdf"
    built = run_cli("build", manifest, "--output", out, cwd=tmp_path)
    assert built.returncode == 0, built.output
    checked = run_cli("validate", manifest, cwd=tmp_path)
    reader = PdfReader(str(out))
    text = "\n".join(page.extract_text() for page in reader.pages).translate(AS_TYPED)
    images = []
    for page in reader.pages:
        for obj in (page["/Resources"].get("/XObject") or {}).values():
            obj = obj.get_object()
            if obj.get("/Subtype") == "/Image":
                images.append((int(obj["/Width"]), int(obj["/Height"])))
    return built, checked, text, sorted(images)


def _problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.match(r"^\S+:\d+(:\d+)?: (error|warning): ", line)]


def _expect(stderr: str, expected: list[tuple[str, str]]) -> None:
    """The warnings are these, in order: (FILE:LINE:COL, the start of the message)."""
    got = [tuple(p.split(": warning: ", 1)) for p in _problems(stderr)]
    assert len(got) == len(expected) and all(g[0] == e[0] and g[1].startswith(e[1]) for g, e in zip(got, expected)), \
        "\n".join(map(str, got))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- pictures with paths as a web export writes them ---------------------------------------------------------

def test_a_picture_file_named_with_spaces_or_accents_is_found_as_written_or_percent_encoded(tmp_path):
    files = {"001/my photo.png": png(61, 41), "001/bäume.png": png(62, 42)}
    body = """
    Intro.

    ![A space](<my photo.png>){alt="one"}

    ![Encoded](my%20photo.png){alt="two"}

    ![Accent](bäume.png){alt="three"}
    """
    built, _, text, images = _build(tmp_path, body, files)
    assert "not supplied" not in built.stderr, built.stderr
    assert images == [(61, 41), (62, 42)]  # (the same file twice is embedded once)
    assert "PHOTO NOT SUPPLIED" not in text


def test_an_absolute_picture_path_is_read_from_the_issue_folder_and_never_from_this_computer(tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"  # a real picture at an absolute path
    outside.write_bytes(png(71, 51))
    files = {"001/images/x.png": png(63, 43), "001/static/y.png": png(64, 44)}
    body = f"""
    Intro.

    ![Site root](/images/x.png){{alt="a box"}}

    ![Not there](/images/none.png)

    ![Passwords](/etc/passwd)

    ![This computer]({outside})

    ![A drive](C:\\photos\\x.png)

    ![A share](\\\\\\\\server\\share\\x.png)

    ![No scheme](//cdn.example.org/x.png)
    """
    built, checked, text, images = _build(tmp_path, body, files,
                                         front='image:\n  src: /static/y.png\n  alt: "lead"\n')
    assert images == [(63, 43), (64, 44)]  # the outside picture was not read
    problems = _problems(built.stderr)
    assert problems == _problems(checked.stderr)  # validate says what build says
    found = [p for p in problems if "resolution" not in p and "ppi" not in p]
    assert found == [
        "001/01-a.md:4:1: warning: photo '/static/y.png' is an absolute path, as a web site writes it: read from "
        "the issue folder as '001/static/y.png'",
        "001/01-a.md:10:14: warning: photo '/images/x.png' is an absolute path, as a web site writes it: read from "
        "the issue folder as '001/images/x.png'",
        "001/01-a.md:12:14: warning: photo '/images/none.png' is not supplied: a placeholder frame is drawn (an "
        "absolute path is read from the issue folder, not from this computer)",
        "001/01-a.md:14:14: warning: photo '/etc/passwd' is not supplied: a placeholder frame is drawn (an "
        "absolute path is read from the issue folder, not from this computer)",
        f"001/01-a.md:16:18: warning: photo '{outside}' is not supplied: a placeholder frame is drawn (an "
        "absolute path is read from the issue folder, not from this computer)",
        "001/01-a.md:18:12: warning: photo 'C:\\photos\\x.png' is a path on another computer: it is not read, a "
        "placeholder frame is drawn",
        "001/01-a.md:20:14: warning: photo '\\\\server\\share\\x.png' is a path on another computer: it is not read, "
        "a placeholder frame is drawn",
        "001/01-a.md:22:14: warning: photo '//cdn.example.org/x.png' is on the web: a placeholder frame is drawn "
        "(the tool never downloads anything)",
    ], "\n".join(found)
    assert text.count("PHOTO NOT SUPPLIED") == 6
    assert "hint: looked for '001/images/none.png', 'images/none.png'" in built.stderr


def test_an_absolute_picture_path_may_not_climb_out_nor_follow_a_link_out(tmp_path):
    secret = tmp_path.parent / f"{tmp_path.name}-secret"
    (secret / "images").mkdir(parents=True)
    (secret / "images" / "s.png").write_bytes(png(65, 45))
    manifest = _issue(tmp_path, "Text.\n\n![Up](/../x.png)\n\n![Linked](/out/images/s.png)\n")
    (tmp_path / "001" / "out").symlink_to(secret)
    result = run_cli("build", manifest, "--output", tmp_path / "out.pdf", cwd=tmp_path)
    assert result.returncode == 1
    errors = [p for p in _problems(result.stderr) if ": error: " in p]
    assert errors == ["001/01-a.md:7:7: error: image path '/../x.png' goes up with '..': keep files inside the "
                      "issue folder",
                      "001/01-a.md:9:11: error: image 'out/images/s.png' leads outside the issue folder (through a "
                      "symbolic link)"], errors


# --- Pandoc's sub- and superscripts, ==highlight== ------------------------------------------------------------

def test_pandoc_scripts_and_highlights_are_set_as_the_html_tags_are_and_lookalikes_stay_as_typed(tmp_path):
    body = """
    ## Water is H~2~O, and x^2^ grows

    Water is H~2~O, carbon dioxide CO~2~; the 1^st^ and 2^nd^ terms of x^2^ + 10^-3^ add up. This
    is ==worth a highlight== and ==**bold in one**== too.

    Not marks: ~~struck text~~, the folder ~/notes and ~/docs, a ~ b, about ~5-~10 km, 2^10 bytes
    and 2^20, a smile ^_^, e^iπ^ (no superscript π), a==b, x == y, A ==> B <== C, a === b,
    and `H~2~O ==code== x^2^` in code.

    | Gas | Formula |
    |---|---|
    | carbon dioxide | CO~2~ |

    ![Ice is H~2~O too](ice.png){width=30% alt="ice"}
    """
    built, checked, text, _ = _build(tmp_path, body, {"001/ice.png": png(300, 200)})
    flat = _flat(text)
    for expected in ["Water is H₂O, and x² grows", "Water is H₂O, carbon dioxide CO₂; the 1ˢᵗ and 2ⁿᵈ terms of x² + 10⁻³",
                     "This is worth a highlight and bold in one too.",
                     "carbon dioxide CO₂", "Ice is H₂O too",
                     "Not marks: struck text, the folder ~/notes and ~/docs, a ~ b, about ~5-~10 km, 2^10 bytes",
                     "and 2^20, a smile ^_^, e^iπ^ (no superscript π), a==b, x == y, A ==> B <== C, a === b,",
                     "H~2~O ==code== x^2^"]:
        assert expected in flat, (expected, flat)
    assert "==" not in flat.replace("a==b", "").replace("x == y", "").replace("==> B <==", "").replace(
        "===", "").replace("==code==", "")
    assert not _problems(built.stderr) and not _problems(checked.stderr), built.stderr
    fitz_text = _pdftotext(tmp_path / "out.pdf")
    assert "struck text" in fitz_text and "H₂O" in fitz_text


def _pdftotext(pdf: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_word_documents_double_equals_and_tildes_import_as_typed_not_as_marks(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Marks as typed", 1)
    document.add_paragraph("Compare a ==b== c with H~2~O, x^2^ and A ==> B, as typed in Word.")
    source = tmp_path / "marks.docx"
    document.save(source)
    out = tmp_path / "001" / "02-marks.md"
    result = run_cli("import", source, "--output", out, cwd=tmp_path)
    assert result.returncode == 0, result.output
    manifest = make_issue(tmp_path, articles={"01-a.md": article("First", "Text.")})
    manifest.write_text(manifest.read_text("utf-8").replace("      - 001/01-a.md", "      - 001/02-marks.md"),
                        "utf-8")
    built = run_cli("build", manifest, "--output", tmp_path / "out.pdf", cwd=tmp_path)
    assert built.returncode == 0, built.output
    text = _flat(_pdftotext(tmp_path / "out.pdf"))
    assert "Compare a ==b== c with H~2~O, x^2^ and A ==> B, as typed in Word." in text, text


# --- Hugo, Jekyll, MkDocs, Obsidian ----------------------------------------------------------------------------

def _runs(pdf: Path) -> list[tuple[str, str]]:
    """Every text run of the PDF with its font's name (SourceSansPro-Bold…), in reading order; a
    line of code, drawn in pieces of its colours, as one run."""
    raw: list[list] = []

    def visit(text, cm, tm, font, size):
        name = str((font or {}).get("/BaseFont", "")).split("+")[-1]
        if raw and name == raw[-1][1] == "DejaVuSansMono" and tm[5] == raw[-1][2] and cm == raw[-1][3]:
            raw[-1][0] += text
        elif text.strip() or name == "DejaVuSansMono":
            raw.append([text, name, tm[5], list(cm)])
    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return [(" ".join(text.split()).translate(AS_TYPED), name) for text, name, _, _ in raw if text.strip()]


def _box(runs, title: str | None, text: str) -> bool:
    """Whether `text` is set as the text of a callout box (the sans face) under `title` (its bold)."""
    for k, (run, font) in enumerate(runs):
        if run.startswith(text) and font == "SourceSansPro-Regular":
            return title is None or any(r == title and f == "SourceSansPro-Bold" for r, f in runs[max(0, k - 3):k])
    return False


LEFTOVERS = re.compile(r"\{\{|\}\}|\{%|%\}|!!!|\?\?\?|\[\[|\]\]|\{:|%%|\{#|\[TOC\]|\[!\w+\]")


def test_hugo_shortcodes_become_figures_boxes_code_and_links_and_unknown_ones_are_reported(tmp_path):
    body = """
    Intro paragraph of the Hugo post.

    {{< figure src="/images/harbour.png" caption="The harbour at dawn" alt="Boats in a harbour"
        attr="Photo: J. Doe" width="40%" >}}

    {{% note %}}
    Remember to **renew** your membership.
    {{% /note %}}

    {{< notice warning "Mind the gap" >}}
    The platform is curved.
    {{< /notice >}}

    {{< alert color="warning" >}}
    Docsy's alert text.
    {{< /alert >}}

    {{< details summary="More about it" >}}
    Detail text, unfolded on paper.
    {{< /details >}}

    {{< highlight go "linenos=table" >}}
    func main() { fmt.Println("{{ not a template }}") }
    {{< /highlight >}}

    {{< youtube dQw4w9WgXcQ >}}

    {{< tabs >}}
    Tab content stays.
    {{< /tabs >}}

    {{< gallery dir="/img" >}}

    See [the other post]({{< ref "other.md" >}}); version {{< param "version" >}} is out.

    Shown as typed: {{</* figure src="x.png" */>}} in prose.

    ## A heading with an id {#custom-id}

    {{< toc >}}

    - A list item with a figure:

      {{< figure src="harbour.png" caption="In the list" alt="The harbour again" width="30%" >}}

    Inline {{% mark %}}marked words{{% /mark %}} stay. The end.
    """
    built, checked, text, images = _build(tmp_path, body, {"001/images/harbour.png": png(400, 250),
                                                           "001/harbour.png": png(300, 200)})
    assert _problems(built.stderr) == _problems(checked.stderr)
    _expect(built.stderr, [
        ("001/01-a.md:7:17", "photo '/images/harbour.png' is an absolute path"),
        ("001/01-a.md:32:1", "Hugo shortcode '{{< tabs >}}' is a template this tool does not run: it is left out, "
                             "the text inside it kept"),
        ("001/01-a.md:36:1", "Hugo shortcode '{{< gallery dir=\"/img\" >}}' is a template this tool does not run"),
        ("001/01-a.md:38:31", "link 'other.md' is not a web or e-mail address"),
        ("001/01-a.md:38:55", "'{{< param \"version\" >}}' is a template expression (Hugo, Liquid, Jinja) this tool "
                              "does not fill in: it is printed as typed"),
        ("001/01-a.md:50:8", "Hugo shortcode '{{% mark %}}' is a template this tool does not run: it is left out, the "
                             "text inside it kept")])
    assert images == [(300, 200), (400, 250)]
    flat = _flat(text)
    for words in ["The harbour at dawn", "Photo: J. Doe", "Video: https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                  "Tab content stays.", "See the other post; version {{< param \"version\" >}} is out.",
                  "Shown as typed: {{< figure src=\"x.png\" >}} in prose.", "A heading with an id", "A list item with a figure:",
                  "In the list", "Inline marked words stay. The end."]:
        assert words in flat, (words, flat)
    runs = _runs(tmp_path / "out.pdf")
    assert _box(runs, "Note", "Remember to") and _box(runs, "Mind the gap", "The platform is curved.")
    assert _box(runs, "Warning", "Docsy's alert text.") and _box(runs, "More about it", "Detail text")
    assert ('func main() { fmt.Println("{{ not a template }}") }', "DejaVuSansMono") in runs
    shown = flat.replace('{{< param "version" >}}', "").replace('{{< figure src="x.png" >}}', "").replace(
        "{{ not a template }}", "")
    assert not LEFTOVERS.search(shown), LEFTOVERS.search(shown)


def test_jekyll_liquid_and_kramdown_marks_are_read_and_unknown_tags_reported(tmp_path):
    body = """
    * TOC
    {:toc}

    Welcome to {{ site.title }}, a paragraph.
    {: .lead}

    ![A pic]({{ "/assets/img/pic.png" | relative_url }}){width=40% alt="A picture"}

    [A link](https://example.org){:target="_blank"}, [another](https://example.org){target="_blank"} and
    [small capitals]{.smallcaps}.

    {% highlight python linenos %}
    def hello():
        return "{{ not a template }}"
    {% endhighlight %}

    {% comment %}
    Editors only: do not print this.
    {% endcomment %}

    {% raw %}
    Literal {{ braces }} here.
    {% endraw %}

    {% if page.draft %}
    Draft-only text is kept.
    {% endif %}

    {% include toc.html %}

    {% include figure image_path="/assets/img/pic.png" alt="The same picture" caption="An included figure" %}

    Read [the first post]({% post_url 2024-01-01-hello %}) and ![Banner]({{ site.baseurl }}/assets/img/pic.png) too.
    """
    built, checked, text, images = _build(tmp_path, body, {"001/assets/img/pic.png": png(900, 500)})
    assert _problems(built.stderr) == _problems(checked.stderr)
    _expect(built.stderr, [
        ("001/01-a.md:8:12", "'{{ site.title }}' is a template expression"),
        ("001/01-a.md:11:14", "photo '/assets/img/pic.png' is an absolute path"),
        ("001/01-a.md:29:1", "Liquid tag '{% if page.draft %}' is a template this tool does not run: it is left out"),
        ("001/01-a.md:33:1", "Liquid tag '{% include toc.html %}' is a template"),
        ("001/01-a.md:35:31", "photo '/assets/img/pic.png' is an absolute path"),
        ("001/01-a.md:37:35", "link '2024-01-01-hello' is not a web or e-mail address"),
        ("001/01-a.md:37:60", "an image inside a line of text is not drawn")])
    assert images == [(709, 394), (900, 500)]  # (the one at 40% scaled to 300 ppi)
    flat = _flat(text)
    for words in ["Welcome to {{ site.title }}, a paragraph.", "A link, another and small capitals.",
                  "Literal {{ braces }} here.", "Draft-only text is kept.", "An included figure",
                  "Read the first post and Banner too."]:
        assert words in flat, (words, flat)
    assert "TOC" not in flat and "Editors only" not in flat and "lead" not in flat
    runs = _runs(tmp_path / "out.pdf")
    assert ('return "{{ not a template }}"', "DejaVuSansMono") in runs
    shown = flat.replace("{{ site.title }}", "").replace("{{ braces }}", "").replace("{{ not a template }}", "")
    assert not LEFTOVERS.search(shown), LEFTOVERS.search(shown)


def test_mkdocs_admonitions_are_callout_boxes(tmp_path):
    body = """
    Before the boxes.

    !!! note "Read this first"
        The body of the note.

        A second paragraph, with `code`.

    ??? tip
        A collapsible tip.

    ???+ warning "Open by default"
        Warning text.

        !!! info
            A nested info box.

    !!! danger ""
        No title here.

    [TOC]

    !!! Attention please, this line is prose.

    After the boxes, ==highlighted== text.

    !!! example
        Ends the article.
    """
    built, checked, text, _ = _build(tmp_path, body)
    assert not _problems(built.stderr) and not _problems(checked.stderr), built.stderr
    runs = _runs(tmp_path / "out.pdf")
    assert _box(runs, "Read this first", "The body of the note.") and _box(runs, None, "A second paragraph, with")
    assert _box(runs, "Tip", "A collapsible tip.") and _box(runs, "Open by default", "Warning text.")
    assert _box(runs, "Info", "A nested info box.") and _box(runs, None, "No title here.")
    assert _box(runs, "Example", "Ends the article.")
    assert ("After the boxes, highlighted text.", "SourceSerifPro-Regular") in runs
    flat = _flat(text)
    assert "!!! Attention please, this line is prose." in flat
    assert not LEFTOVERS.search(flat.replace("!!! Attention", "")), LEFTOVERS.search(flat)


def test_obsidian_wikilinks_embeds_comments_and_callouts(tmp_path):
    body = """
    Linked to [[Project Plan]], to [[Budget 2024|the budget]], to [[Budget 2024#Totals]] and [[#Summary]].

    ![[Pasted image 20240101.png]]

    ![[Pasted image 20240101.png|A pasted picture]]

    Embedded note ![[Meeting notes]] inline.

    > [!info] Good to know
    > Obsidian's callout body.

    > [!faq]- A folded question
    > The answer.

    > [!tip]
    > A plain tip.

    Visible %%hidden comment%% text.

    %%
    A whole comment block.
    %%

    | Page | Link |
    |---|---|
    | plan | [[Project Plan\\|the plan]] |

    The end.
    """
    built, checked, text, images = _build(tmp_path, body, {"001/Pasted image 20240101.png": png(900, 600)})
    assert _problems(built.stderr) == _problems(checked.stderr)
    _expect(built.stderr, [
        ("001/01-a.md:7:4", "figure 'Pasted image 20240101.png' has no alternative text"),
        ("001/01-a.md:11:15", "'![[Meeting notes]]' embeds another note, which is not included: its name is printed")])
    assert images == [(900, 600)]
    flat = _flat(text)
    for words in ["Linked to Project Plan, to the budget, to Budget 2024 > Totals and Summary.",
                  "Embedded note Meeting notes inline.", "Visible text.", "plan the plan", "The end."]:
        assert words in flat, (words, flat)
    assert "hidden comment" not in flat and "comment block" not in flat
    runs = _runs(tmp_path / "out.pdf")
    assert _box(runs, "Good to know", "Obsidian's callout body.") and _box(runs, "A folded question", "The answer.")
    assert _box(runs, "Tip", "A plain tip.")
    assert not LEFTOVERS.search(flat), LEFTOVERS.search(flat)


def test_what_other_tools_write_is_rewritten_line_for_line_and_never_crashes():
    """Any mix of these marks keeps every line where it was (so problems are located where they are
    typed): the rewritten text has the same lines, but for closing lines added at its very end."""
    from hypothesis import given, settings, strategies as st

    from newsletter_cli.content.exports import prepare
    from newsletter_cli.errors import Report

    fragments = ["{{< figure src=\"a.png\" caption=\"c\" >}}", "{{% note %}}", "{{% /note %}}", "{{< details >}}",
                 "{{< /details >}}", "{{< highlight go >}}", "{{< /highlight >}}", "{{< youtube abcdefgh >}}",
                 "{% highlight python %}", "{% endhighlight %}", "{% raw %}", "{% endraw %}", "{% comment %}",
                 "{% endcomment %}", "{% if x %}", "{: .lead}", "* TOC", "{:toc}", "!!! note \"T\"", "??? tip",
                 "    body", "        deeper", "    !!! info", "![[p.png]]", "%%", "%% c %%", "[TOC]", "```", "~~~",
                 "text [[Page|x]] {{ site.title }}", "", "", "{{< figure", "  src=\"b.png\" >}}", ":::", "> [!info] T"]

    class Ctx:
        file, line_offset, literal_lines = "a.md", 0, set()
        report = Report()

        @staticmethod
        def col_of(line, needle, default=1):
            return default

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(fragments), min_size=1, max_size=25))
    def check(lines):
        out = prepare("\n".join(lines), Ctx).split("\n")
        assert len(out) >= len(lines)
        assert all(re.fullmatch(r":{3,}", extra) for extra in out[len(lines):]), out

    check()


def test_a_pictures_classes_ids_and_other_tools_sizes_do_not_stop_the_build(tmp_path):
    body = """
    Jekyll's Minimal Mistakes and Pandoc put classes, ids and sizes in a picture's braces.

    ![Centred](a.png){: .align-center alt="one"}

    ![Pandoc's](a.png){#fig:map .wide width=50% alt="two"}

    ![In centimetres](a.png){width=5cm alt="three"}

    ![With a height](a.png){width=40% height=30% alt="four"}
    """
    built, checked, text, images = _build(tmp_path, body, {"001/a.png": png(1800, 1200)})
    assert _problems(built.stderr) == _problems(checked.stderr)
    _expect(built.stderr, [
        ("001/01-a.md:11:32", "figure width '5cm' is not a share of the column: the picture is set at the column's "
                              "width"),
        ("001/01-a.md:13:35", "figure attribute 'height' is not read")])
    flat = _flat(text)
    assert all(words in flat for words in ("Centred", "Pandoc's", "In centimetres", "With a height")), flat
    assert len(images) == 4  # (each at its own size: 100%, 50%, 100%, 40% of the column)


def test_colon_blocks_of_vitepress_docusaurus_quarto_and_pandoc(tmp_path):
    body = """
    ::: tip Before you start
    VitePress's tip.
    :::

    :::warning
    Docusaurus's warning.
    :::

    :::note[Docusaurus's title]
    Its note.
    :::

    ::: {.callout-important}
    ## Quarto's title
    Quarto's callout.
    :::

    ::: {.callout-tip title="Given as an attribute"}
    Another one.
    :::

    ::: details Click to see
    Unfolded on paper.
    :::

    ::: {.columns}
    ::: {.column width="50%"}
    Left column text.
    :::
    :::

    ::: callout Our own box
    Still ours.
    :::
    """
    built, checked, text, _ = _build(tmp_path, body)
    assert _problems(built.stderr) == _problems(checked.stderr)
    _expect(built.stderr, [("001/01-a.md:30:1", "'::: {.columns}' is a Pandoc div, which this newsletter does not set"),
                           ("001/01-a.md:31:1", "'::: {.column width=\"50%\"}' is a Pandoc div")])
    runs = _runs(tmp_path / "out.pdf")
    for title, words in [("Before you start", "VitePress's tip."), ("Warning", "Docusaurus's warning."),
                         ("Docusaurus's title", "Its note."), ("Quarto's title", "Quarto's callout."),
                         ("Given as an attribute", "Another one."), ("Click to see", "Unfolded on paper."),
                         ("Our own box", "Still ours.")]:
        assert _box(runs, title, words), (title, words)
    assert ("Left column text.", "SourceSerifPro-Regular") in runs
    assert not LEFTOVERS.search(_flat(text)) and ":::" not in text


def test_pandocs_table_captions_are_the_tables_captions(tmp_path):
    body = """
    Members by chapter:

    | Chapter | Members |
    |---|--:|
    | Tokyo | 1,240 |

    Table: Members at the end of March

    Table: Spending by item

    | Item | Amount |
    |---|--:|
    | Printing | 350 |

    The kitchen has two tables.

    Table: the one by the window, said no caption ever, as no table stands beside it.
    """
    built, checked, text, _ = _build(tmp_path, body)
    assert not _problems(built.stderr) and not _problems(checked.stderr), built.stderr + checked.stderr
    runs = _runs(tmp_path / "out.pdf")
    captions = [r for r, f in runs if f not in ("SourceSerifPro-Regular", "SourceSansPro-Bold")]
    assert "Members at the end of March" in captions and "Spending by item" in captions, runs
    assert "Table: Members" not in text and "Table: Spending" not in text
    flat = " ".join(text.split())
    assert flat.index("Printing") < flat.index("Spending by item")  # (a caption is set under its table)
    assert "Table: the one by the window" in flat  # (prose away from a table stays prose)


def test_emoji_shortcodes_in_titles_and_cover_fields_are_emoji(tmp_path):
    from conftest import MANIFEST

    text = MANIFEST.format(number=1, articles="      - 001/01-a.md").replace(
        "title: Features", 'title: "Launches :rocket:"') + "cover:\n  highlights:\n    - \"We shipped :tada:\"\n"
    manifest = make_issue(tmp_path, manifest=text,
                          articles={"01-a.md": article("Version 3 :sparkles:", "It is out :+1: at 10:30:45.",
                                                       'subtitle: "Read :point_down:"\n')})
    out = tmp_path / "out.pdf"
    result = run_cli("build", manifest, "--output", out, "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.output
    pages = [page.extract_text() for page in PdfReader(str(out)).pages]
    text = "\n".join(pages)
    assert ":rocket:" not in text and ":tada:" not in text and ":sparkles:" not in text and ":point_down:" not in text
    assert "\U0001F389" in pages[0]  # the cover's highlight
    assert "\u2728" in pages[1] and "\U0001F680" in pages[2]  # the contents; the section band
    assert "10:30:45" in text  # (a time of day stays as typed)
