"""The brand theme: newsletter_cli.theme.brand (no ReportLab)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsletter_cli.errors import NewsletterError
from newsletter_cli.paths import assets_dir
from newsletter_cli.theme.brand import MM, check_font_file, find_theme, length, load_theme

ROCB = assets_dir() / "themes" / "rocb.yaml"
SOURCE = ROCB.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the theme")


def col_of(text: str, needle: str) -> int:
    """1-based column of `needle` on its line."""
    return text.splitlines()[line_of(text, needle) - 1].index(needle) + 1


def theme_in(tmp_path: Path, text: str) -> Path:
    """A copy of the theme in tmp_path; its fonts/ and brand/ link back to the shipped assets."""
    (tmp_path / "fonts").mkdir()
    for font in (assets_dir() / "fonts").glob("*.ttf"):
        (tmp_path / "fonts" / font.name).symlink_to(font)
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "mark.svg").symlink_to(assets_dir() / "brand" / "mark.svg")
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors(tmp_path, text, prepare=None) -> list[str]:
    path = theme_in(tmp_path, text)
    if prepare:
        prepare(tmp_path)
    with pytest.raises(NewsletterError) as err:
        load_theme(path, "t.yaml")
    return [str(p) for p in err.value.problems]


# --- the shipped theme -------------------------------------------------------------------------

def test_rocb_theme_loads():
    theme = load_theme(find_theme("rocb", Path("issues"), "m.yaml"))
    assert theme.name == "rocb"
    assert set(theme.fonts) == {"serif", "sans", "sans_semibold", "display", "mono"}
    for faces in theme.fonts.values():
        assert set(faces) == {"regular", "italic", "bold", "bold_italic"}
        assert all(p.is_file() and p.suffix == ".ttf" for p in faces.values())
    assert theme.colours["primary"] == "#0E3A5B"
    assert theme.type["body"].size == 10.2
    assert theme.logo.is_file()
    assert theme.page.margins.top == pytest.approx(24 * MM)
    assert theme.layouts["reports"].columns == 2
    assert theme.layouts["reports"].gutter == pytest.approx(6 * MM)
    assert theme.layouts["features"].measure == pytest.approx(150 * MM)
    assert theme.hyphen_min == 5


def test_every_shipped_font_is_truetype():
    for font in (assets_dir() / "fonts").glob("*.ttf"):
        assert check_font_file(font) is None, font


def test_copied_theme_loads_through_links(tmp_path):
    theme = load_theme(theme_in(tmp_path, SOURCE), "t.yaml")
    assert theme.name == "rocb"


# --- lengths -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value,points", [
    ("20mm", 56.69), ("2cm", 56.69), ("1in", 72.0), ("12pt", 12.0), ("12", 12.0), (12, 12.0),
    (7.5, 7.5), (" 3.5 pt ", 3.5), ("0mm", 0.0),
])
def test_lengths_convert_to_points(value, points):
    assert length(value) == pytest.approx(points, abs=0.005)


@pytest.mark.parametrize("value", ["20 px", "mm", "-3mm", "1e3pt", "twenty", "", True])
def test_bad_lengths(value):
    with pytest.raises(ValueError):
        length(value)


# --- errors with locations ---------------------------------------------------------------------

def test_bad_colour(tmp_path):
    found = errors(tmp_path, colour(SOURCE, "primary", '"#0E3A5"'))
    assert found == [f"t.yaml:{line_of(SOURCE, 'primary:')}:3: error: colours.primary: '#0E3A5' must be a "
                     "colour written #RRGGBB"]


def colour(text: str, name: str, value: str) -> str:
    """The theme with colour `name` set to `value` (as YAML)."""
    return re.sub(rf'^(  {name}: )"#[0-9A-Fa-f]{{6}}"', rf"\g<1>{value}", text, count=1, flags=re.M)


def test_colour_name_refused(tmp_path):
    found = errors(tmp_path, colour(SOURCE, "secondary", "teal"))
    assert found == [f"t.yaml:{line_of(SOURCE, 'secondary:')}:3: error: colours.secondary: 'teal' must be a "
                     "colour written #RRGGBB"]


def test_every_bad_colour_at_its_own_line(tmp_path):
    found = errors(tmp_path, colour(colour(SOURCE, "secondary", "teal"), "accent", '"#GGGGGG"'))
    assert [p.split(": error")[0] for p in found] == [f"t.yaml:{line_of(SOURCE, 'secondary:')}:3",
                                                      f"t.yaml:{line_of(SOURCE, 'accent:')}:3"]


def test_missing_colour(tmp_path):
    lines = [line for line in SOURCE.splitlines(keepends=True) if not line.startswith("  tint:")]
    found = errors(tmp_path, "".join(lines))
    assert "colours missing: tint" in found[0]


def test_unknown_top_level_key(tmp_path):
    text = SOURCE.replace("name: rocb\n", "name: rocb\ncolors: {}\n")
    assert errors(tmp_path, text) == [
        f"t.yaml:{line_of(text, 'colors:')}:1: error: unknown key 'colors' (hint: did you mean 'colours'?)"]


def test_unknown_key_in_page_margins(tmp_path):
    text = SOURCE.replace("inner: 20mm,", "iner: 20mm, inner: 20mm,")
    found = errors(tmp_path, text)
    assert found == [f"t.yaml:{line_of(text, 'iner:')}:{col_of(text, 'iner:')}: error: unknown key 'iner' "
                     "(hint: did you mean 'inner'?)"]


def test_unknown_key_in_a_type_style_has_a_hint(tmp_path):
    text = SOURCE.replace("  body: { font: serif,", "  body: { fnt: serif, font: serif,")
    found = errors(tmp_path, text)
    assert found == [f"t.yaml:{line_of(text, 'fnt:')}:11: error: unknown key 'fnt' (hint: did you mean 'font'?)"]


def test_unknown_key_in_a_type_style_is_located(tmp_path):
    text = SOURCE.replace("  body: { font: serif,", "  body: { fnt: serif, font: serif,")
    found = errors(tmp_path, text)
    assert len(found) == 1 and found[0].startswith(f"t.yaml:{line_of(text, 'fnt:')}:11: error: unknown key 'fnt'")


def test_missing_font_file(tmp_path):
    text = SOURCE.replace("fonts/SourceSerifPro-It.ttf", "fonts/Nope.ttf")
    assert errors(tmp_path, text) == [
        f"t.yaml:{line_of(text, 'Nope.ttf')}:5: error: font 'fonts/Nope.ttf': file not found"]


def test_otf_cff_font_refused(tmp_path):
    text = SOURCE.replace("fonts/SourceSansPro-Bold.ttf", "fonts/Fake.otf", 1)

    def prepare(base):
        (base / "fonts" / "Fake.otf").write_bytes(b"OTTO" + b"\x00" * 4096)

    found = errors(tmp_path, text, prepare)
    assert found == [f"t.yaml:{line_of(text, 'Fake.otf')}:5: error: font 'fonts/Fake.otf': is an OpenType/CFF "
                     "font; only TrueType (.ttf with glyf outlines) can be embedded"]


@pytest.mark.parametrize("data,words", [(b"hello" + b"\x00" * 4096, "is not a TrueType font file"),
                                        (b"\x00\x01\x00\x00" + b"\x00" * 100, "is truncated")])
def test_broken_font_files_refused(tmp_path, data, words):
    text = SOURCE.replace("fonts/SourceSerifPro-It.ttf", "fonts/Bad.ttf")

    def prepare(base):
        (base / "fonts" / "Bad.ttf").write_bytes(data)

    found = errors(tmp_path, text, prepare)
    assert len(found) == 1 and words in found[0]
    assert found[0].startswith(f"t.yaml:{line_of(text, 'Bad.ttf')}:5:")


def test_all_font_problems_reported_at_once(tmp_path):
    text = SOURCE.replace("fonts/SourceSerifPro-It.ttf", "fonts/A.ttf").replace(
        "fonts/SourceSansPro-Black.ttf", "fonts/B.ttf")
    found = errors(tmp_path, text)
    assert len(found) == 3  # A once, B twice (display regular and bold)


def test_font_path_going_up_refused(tmp_path):
    text = SOURCE.replace("fonts/SourceSerifPro-It.ttf", "../fonts/x.ttf")
    found = errors(tmp_path, text)
    assert len(found) == 1 and "goes up with '..'" in found[0]


def test_length_errors_located(tmp_path):
    text = SOURCE.replace("top: 24mm", "top: 24 furlongs")
    assert errors(tmp_path, text) == [
        f"t.yaml:{line_of(text, 'furlongs')}:14: error: page.margins.top: '24 furlongs' is not a length "
        "(use pt, mm, cm or in, e.g. 20mm)"]


def test_type_size_out_of_range(tmp_path):
    found = errors(tmp_path, SOURCE.replace("size: 10.2", "size: 200"))
    assert "type.body.size: 200.0 is outside 4..120 pt" in found[0]


def test_unknown_font_role_in_a_style(tmp_path):
    found = errors(tmp_path, SOURCE.replace("  body: { font: serif,", "  body: { font: mono,"))
    assert "type.body.font: must be 'serif', 'sans', 'sans_semibold' or 'display', not 'mono'" in found[0]


def test_missing_logo(tmp_path):
    text = SOURCE.replace("brand/mark.svg", "brand/nope.svg")
    assert errors(tmp_path, text) == [f"t.yaml:{line_of(text, 'logo:')}:1: error: logo 'brand/nope.svg' not found"]


def test_theme_yaml_safety(tmp_path):
    found = errors(tmp_path, SOURCE.replace("name: rocb", "name: &n rocb"))
    assert "YAML anchors" in found[0]


# --- finding a theme ---------------------------------------------------------------------------

def test_unknown_theme_name_lists_the_available_ones():
    with pytest.raises(NewsletterError) as err:
        find_theme("nope", Path("/tmp"), "m.yaml")
    assert str(err.value) == "m.yaml: error: unknown theme 'nope' (hint: available: rocb)"


@pytest.mark.parametrize("name", ["../rocb", "a b", "rocb;rm"])
def test_theme_names_are_names(name):
    with pytest.raises(NewsletterError, match="is not a theme name"):
        find_theme(name, Path("/tmp"), "m.yaml")


def test_theme_file_beside_the_issue(tmp_path):
    path = theme_in(tmp_path, SOURCE)
    assert find_theme("t.yaml", tmp_path, "m.yaml") == path
    with pytest.raises(NewsletterError, match="goes up"):
        find_theme("../t.yaml", tmp_path, "m.yaml")


# --- contrast, type, geometry, logo ------------------------------------------------------------

def warnings_of(tmp_path, text) -> list[str]:
    return [str(p) for p in load_theme(theme_in(tmp_path, text), "t.yaml").warnings]


def test_contrast_ratio_is_wcag():
    from newsletter_cli.theme.brand import contrast_ratio

    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_low_contrast_text_colours_warn_at_the_colour(tmp_path):
    text = colour(colour(SOURCE, "muted", '"#AAAAAA"'), "accent", '"#FFD000"')
    text = re.sub(r"^  (accent_text|highlight):.*\n", "", text, flags=re.M)  # accent is then the text colour
    found = warnings_of(tmp_path, text)
    muted = [p for p in found if "muted text on paper" in p]
    assert len(muted) == 1 and muted[0].startswith(f"t.yaml:{line_of(text, 'muted:')}:3: warning: muted text on "
                                                   "paper (datelines, captions and running heads) has a contrast "
                                                   "of 2.32:1, below the 4.5:1 that WCAG 2 asks for")
    assert any("accent text on paper" in p for p in found), found
    assert all(": warning: " in p for p in found)


def test_good_contrast_says_nothing(tmp_path):
    text = SOURCE
    for name, value in (("secondary", "#0B5554"), ("accent", "#8A5200"), ("muted", "#4A5560")):
        text = colour(text, name, f'"{value}"')
    text = re.sub(r"^  (accent_text|highlight):.*\n", "", text, flags=re.M)
    assert [p for p in warnings_of(tmp_path, text) if "contrast" in p and "primary (the issue" not in p] == []


def test_leading_below_size_warns(tmp_path):
    text = SOURCE.replace("body: { font: serif, size: 10.2, leading: 14.5 }",
                          "body: { font: serif, size: 10.2, leading: 8 }")
    found = [p for p in warnings_of(tmp_path, text) if "leading" in p]
    assert found == [f"t.yaml:{line_of(text, 'leading: 8 }')}:3: warning: type style 'body': leading 8 pt is less "
                     "than its size 10.2 pt, so its lines overlap (hint: a leading of about 12.2 pt is usual)"]


def test_margins_that_leave_no_room_are_an_error(tmp_path):
    text = re.sub(r"margins: \{[^}]*\}", "margins: { top: 24mm, bottom: 21mm, inner: 70mm, outer: 70mm }", SOURCE)
    found = errors(tmp_path, text)
    assert len(found) == 1 and "too narrow for text" in found[0], found
    assert found[0].startswith("t.yaml:")


def test_tall_margins_are_an_error(tmp_path):
    text = re.sub(r"margins: \{[^}]*\}", "margins: { top: 200pt, bottom: 200pt, inner: 20mm, outer: 20mm }", SOURCE)
    found = errors(tmp_path, text)
    assert len(found) == 1 and "leave 138 mm of a Letter page for text" in found[0], found


@pytest.mark.parametrize("svg,words", [
    (b"<svg", "is not a well-formed SVG file"),
    (b"<html><body/></html>", "is not an SVG file"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/passwd"/></svg>', "<image>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g/>" * 60_000 + b"</svg>", "larger than 200 kB"),
])
def test_bad_logo_is_refused(tmp_path, svg, words):
    text = SOURCE.replace("brand/mark.svg", "brand/bad.svg")

    def prepare(base):
        (base / "brand" / "bad.svg").write_bytes(svg)

    found = errors(tmp_path, text, prepare)
    assert len(found) == 1 and words in found[0], found
    assert found[0].startswith(f"t.yaml:{line_of(text, 'logo:')}:1: error: logo 'brand/bad.svg': ")


def test_xml_entity_bomb_in_the_logo_is_refused(tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">' +
            b"".join(b'<!ENTITY %s "%s">' % (bytes([c]), (b"&" + bytes([c - 1]) + b";") * 10) for c in range(98, 108)) +
            b']><svg>&k;</svg>')
    text = SOURCE.replace("brand/mark.svg", "brand/bomb.svg")

    def prepare(base):
        (base / "brand" / "bomb.svg").write_bytes(bomb)

    found = errors(tmp_path, text, prepare)
    assert len(found) == 1 and "logo 'brand/bomb.svg'" in found[0], found


# --- justification ------------------------------------------------------------------------------

def test_letter_spacing_of_justified_lines_is_theme_data(tmp_path):
    theme = load_theme(theme_in(tmp_path, SOURCE.replace("letter_stretch: 2%", "letter_stretch: 0%")
                                .replace("letter_shrink: 1%", "letter_shrink: 0.5%")), "t.yaml")
    assert theme.tracking == (0.0, 0.005)
    assert load_theme(ROCB).tracking == (0.02, 0.01)


def test_letter_spacing_out_of_range_is_located(tmp_path):
    found = errors(tmp_path, SOURCE.replace("letter_stretch: 2%", "letter_stretch: 12%"))
    line = line_of(SOURCE, "letter_stretch:")
    assert found == [f"t.yaml:{line}:3: error: justification.letter_stretch: 12% is outside 0..10% of an em"]
