"""The words the layout prints of its own ("Contents", "In this issue", "No. 12", the colophon)
are in the issue's language, the manifest's `labels:` override them, and a cover with no
highlights lists the issue's articles instead of a heading over nothing."""

from __future__ import annotations

import pytest

from conftest import MANIFEST, article, make_issue, run_cli

LISTED = "      - 001/01-a.md\n      - 001/02-b.md"
ARTICLES = {"01-a.md": article("Le budget de l'année", "Le conseil a voté le budget."),
            "02-b.md": article("Les ateliers du printemps", "Trois ateliers ont eu lieu.")}


def _build(tmp_path, manifest_text: str, articles=ARTICLES, *options, number: int = 4):
    manifest = make_issue(tmp_path, articles=articles, manifest=manifest_text, number=number)
    out = tmp_path / "out.pdf"
    result = run_cli("build", manifest, "--output", out, *options, cwd=tmp_path)
    return result, out


def _pages(pdf) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(pdf)).pages]


def _manifest(extra: str = "", language: str = "fr") -> str:
    text = MANIFEST.format(number=4, articles=LISTED).replace("001/", "004/")
    return text.replace("date: 2024-04-01", f"date: 2024-04-01\nlanguage: {language}\n{extra}".rstrip("\n"))


def test_an_issue_in_french_prints_its_own_words_in_french(tmp_path):
    manifest = _manifest().replace("  name: Test Office", "  name: Test Office\n  email: bureau@example.org\n"
                                   "  phone: +33 1 23 45 67 89")
    result, out = _build(tmp_path, manifest)
    assert result.returncode == 0, result.output
    pages = _pages(out)
    cover, contents, back = pages[0], pages[1], pages[-1]
    assert "N° 4" in cover and "DANS CE NUMÉRO" in cover, cover
    assert "Sommaire" in contents and "Contents" not in contents, contents
    assert "PUBLIÉ PAR" in back and "À PROPOS DE CE NUMÉRO" in back, back
    assert "Mis en page avec newsletter le" in back and "Composed" not in back, back
    assert "le 1er avril 2024" in " ".join(back.split()), back  # (French writes the first of a month so)
    assert "Courriel: bureau@example.org" in back and "Téléphone: +33" in back and "Phone" not in back, back
    assert all("No. 4" not in page for page in pages)
    assert "N° 4" in pages[2]  # the running head


def test_the_manifests_labels_override_the_languages(tmp_path):
    extra = ('labels:\n  contents: Au sommaire\n  number: "Numéro {number}"\n  in_this_issue: À la une\n'
             '  composed: "Composé le {date}."\n  date: "{day}/{month_number}/{year}"\n')
    result, out = _build(tmp_path, _manifest(extra))
    assert result.returncode == 0, result.output
    pages = _pages(out)
    assert "Numéro 4" in pages[0] and "À LA UNE" in pages[0], pages[0]
    assert "Au sommaire" in pages[1], pages[1]
    assert "Composé le " in pages[-1] and "/" in pages[-1].split("Composé le ")[1][:12], pages[-1]


def test_a_language_with_no_table_of_its_own_is_printed_in_english(tmp_path):
    result, out = _build(tmp_path, _manifest(language="sw"))
    assert result.returncode == 0, result.output
    pages = _pages(out)
    assert "No. 4" in pages[0] and "Contents" in pages[1] and "Composed with newsletter on" in pages[-1]


@pytest.mark.parametrize("extra, words", [
    ("labels:\n  months: [janvier, février]\n", ["labels.months", "twelve month names", "not 2"]),
    ("labels:\n  contnets: Sommaire\n", ["contnets", "did you mean 'contents'"]),
    ("labels:\n  contents: [Sommaire]\n", ["labels.contents"]),
])
def test_a_wrong_label_is_a_located_error(tmp_path, extra, words):
    result, out = _build(tmp_path, _manifest(extra))
    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output
    assert all(word in result.output for word in words), result.output
    assert not out.exists()


def test_a_label_no_face_can_draw_is_reported_where_it_is_written(tmp_path):
    result, _ = _build(tmp_path, _manifest("labels:\n  contents: \"\U00012000 Sommaire\"\n"))
    assert "Traceback" not in result.output
    assert "004.yaml:" in result.output and "U+12000" in result.output, result.output


def test_a_cover_without_highlights_lists_the_articles_titles(tmp_path):
    result, out = _build(tmp_path, _manifest())
    assert result.returncode == 0, result.output
    cover = _pages(out)[0]
    assert "Le budget de l’année" in cover and "Les ateliers du printemps" in cover, cover


def test_a_cover_with_nothing_to_list_has_no_heading_over_nothing(tmp_path):
    text = MANIFEST.format(number=1, articles="      - 001/01-a.md").replace("kind: features", "kind: foreword")
    result, out = _build(tmp_path, text, {"01-a.md": article("Foreword", "Dear readers.")}, number=1)
    assert result.returncode == 0, result.output
    assert "IN THIS ISSUE" not in _pages(out)[0]


@pytest.mark.parametrize("language, label", [("zh", "第4期"), ("th", "ฉบับที่ 4")])
def test_the_covers_number_in_another_script_keeps_its_distance_from_the_period(tmp_path, language, label):
    import pypdfium2 as pdfium

    result, out = _build(tmp_path, _manifest(language=language))
    assert result.returncode == 0, result.output
    text = pdfium.PdfDocument(str(out))[0].get_textpage()
    whole = text.get_text_range()
    number_end = whole.index(label[-1], whole.index(label[0]))  # (the label's last character)
    right = text.get_charbox(number_end)[2]
    left = text.get_charbox(whole.index("Spring 2024"))[0]
    assert 10 < left - right < 20, (right, left)  # 14 pt apart, as after "No. 4"


def test_a_blogs_front_matter_date_is_written_as_the_issue_writes_dates(tmp_path):
    dated = {"01-a.md": article("Le budget de l'année", "Le conseil a voté le budget.", "date: 2024-03-28\n"),
             "02-b.md": ARTICLES["02-b.md"]}
    result, out = _build(tmp_path, _manifest(), dated)
    assert result.returncode == 0, result.output
    assert any("28 mars 2024" in page for page in _pages(out)), _pages(out)[2]
    result, out = _build(tmp_path / "en", _manifest(language="en"), dated)
    assert any("28 March 2024" in page for page in _pages(out))
