"""The words the layout prints of its own: "Contents", "In this issue", "No. 12", the colophon,
the date on the back cover, in the issue's language.

An issue in French gets "Sommaire" and "N° 12", one in Thai "สารบัญ"; a language with no
table of its own here gets English. The manifest's `labels:` overrides any of them (the
schema checks it). Placeholders are replaced, never formatted: `{number}` in `number`; `{day}`,
`{month}` (the name), `{month_number}` and `{year}` in `date`; `{faces}` and `{date}` in the
colophon's lines. The colophon's lines are English where a language has none of its own.
"""

from __future__ import annotations

import datetime as dt


_EN = {
    "contents": "Contents", "in_this_issue": "In this issue", "published_by": "Published by",
    "about_this_issue": "About this issue", "number": "No. {number}", "date": "{day2} {month} {year}",
    "web": "Web", "email": "E-mail", "phone": "Phone",
    "months": "January February March April May June July August September October November December",
    "set_in": "Set in {faces}, under the SIL Open Font License.",
    "also_in": "Also in {faces}, under their own licences (see assets/fonts).",
    "composed": "Composed with newsletter on {date}.",
}

LANGUAGES: dict[str, dict[str, str]] = {
    "en": _EN,
    "fr": {"contents": "Sommaire", "in_this_issue": "Dans ce numéro", "published_by": "Publié par",
           "about_this_issue": "À propos de ce numéro", "web": "Web", "email": "Courriel", "phone": "Téléphone",
           "number": "N° {number}", "date": "{day} {month} {year}", "first_day": "1er",
           "months": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
           "set_in": "Composé en {faces}, sous la licence SIL Open Font License.",
           "also_in": "Aussi en {faces}, sous leurs propres licences (voir assets/fonts).",
           "composed": "Mis en page avec newsletter le {date}."},
    "de": {"contents": "Inhalt", "in_this_issue": "In dieser Ausgabe", "published_by": "Herausgeber",
           "about_this_issue": "Über diese Ausgabe", "web": "Web", "email": "E-Mail", "phone": "Telefon",
           "number": "Nr. {number}", "date": "{day}. {month} {year}",
           "months": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
           "set_in": "Gesetzt in {faces}, unter der SIL Open Font License.",
           "also_in": "Außerdem in {faces}, unter ihren eigenen Lizenzen (siehe assets/fonts).",
           "composed": "Gesetzt mit newsletter am {date}."},
    "es": {"contents": "Contenido", "in_this_issue": "En este número", "published_by": "Publicado por",
           "about_this_issue": "Sobre este número", "web": "Web", "email": "Correo", "phone": "Teléfono",
           "number": "N.º {number}", "date": "{day} de {month} de {year}",
           "months": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
           "set_in": "Compuesto en {faces}, bajo la licencia SIL Open Font License.",
           "also_in": "También en {faces}, bajo sus propias licencias (véase assets/fonts).",
           "composed": "Maquetado con newsletter el {date}."},
    "pt": {"contents": "Sumário", "in_this_issue": "Nesta edição", "published_by": "Publicado por",
           "about_this_issue": "Sobre esta edição", "web": "Web", "email": "E-mail", "phone": "Telefone",
           "number": "N.º {number}", "date": "{day} de {month} de {year}",
           "months": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
           "set_in": "Composto em {faces}, sob a licença SIL Open Font License.",
           "also_in": "Também em {faces}, sob as suas próprias licenças (ver assets/fonts).",
           "composed": "Paginado com newsletter em {date}."},
    "it": {"contents": "Sommario", "in_this_issue": "In questo numero", "published_by": "Pubblicato da",
           "about_this_issue": "Su questo numero", "web": "Web", "email": "E-mail", "phone": "Telefono",
           "number": "N. {number}", "date": "{day} {month} {year}",
           "months": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
           "set_in": "Composto in {faces}, con licenza SIL Open Font License.",
           "also_in": "Anche in {faces}, con le rispettive licenze (vedi assets/fonts).",
           "composed": "Impaginato con newsletter il {date}."},
    "nl": {"contents": "Inhoud", "in_this_issue": "In dit nummer", "published_by": "Uitgegeven door",
           "about_this_issue": "Over dit nummer", "web": "Web", "email": "E-mail", "phone": "Telefoon",
           "number": "Nr. {number}", "date": "{day} {month} {year}",
           "months": "januari februari maart april mei juni juli augustus september oktober november december",
           "set_in": "Gezet in {faces}, onder de SIL Open Font License.",
           "also_in": "Ook in {faces}, onder hun eigen licenties (zie assets/fonts).",
           "composed": "Opgemaakt met newsletter op {date}."},
    "id": {"contents": "Daftar isi", "in_this_issue": "Dalam edisi ini", "published_by": "Diterbitkan oleh",
           "about_this_issue": "Tentang edisi ini", "web": "Web", "email": "Surel", "phone": "Telepon",
           "number": "No. {number}", "date": "{day} {month} {year}",
           "months": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"},
    "ms": {"contents": "Kandungan", "in_this_issue": "Dalam keluaran ini", "published_by": "Diterbitkan oleh",
           "about_this_issue": "Tentang keluaran ini", "web": "Web", "email": "E-mel", "phone": "Telefon",
           "number": "Bil. {number}", "date": "{day} {month} {year}",
           "months": "Januari Februari Mac April Mei Jun Julai Ogos September Oktober November Disember"},
    "ru": {"contents": "Содержание", "in_this_issue": "В этом выпуске", "published_by": "Издатель",
           "about_this_issue": "Об этом выпуске", "web": "Сайт", "email": "Эл. почта", "phone": "Телефон",
           "number": "№ {number}", "date": "{day} {month} {year}",
           "months": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"},
    "ar": {"contents": "المحتويات", "in_this_issue": "في هذا العدد", "published_by": "الناشر",
           "about_this_issue": "عن هذا العدد", "web": "الموقع", "email": "البريد الإلكتروني", "phone": "الهاتف",
           "number": "العدد {number}", "date": "{day} {month} {year}",
           "months": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر"},
    "zh": {"contents": "目录", "in_this_issue": "本期内容", "published_by": "出版者", "about_this_issue": "关于本期",
           "web": "网站", "email": "电子邮件", "phone": "电话",
           "number": "第{number}期", "date": "{year}年{month_number}月{day}日"},
    "ja": {"contents": "目次", "in_this_issue": "今号の内容", "published_by": "発行", "about_this_issue": "本号について",
           "web": "ウェブ", "email": "メール", "phone": "電話",
           "number": "第{number}号", "date": "{year}年{month_number}月{day}日"},
    "ko": {"contents": "목차", "in_this_issue": "이번 호", "published_by": "발행", "about_this_issue": "이번 호에 대하여",
           "web": "웹", "email": "이메일", "phone": "전화",
           "number": "제{number}호", "date": "{year}년 {month_number}월 {day}일"},
    "th": {"contents": "สารบัญ", "in_this_issue": "ในฉบับนี้", "published_by": "จัดพิมพ์โดย",
           "about_this_issue": "เกี่ยวกับฉบับนี้", "web": "เว็บไซต์", "email": "อีเมล", "phone": "โทรศัพท์",
           "number": "ฉบับที่ {number}", "date": "{day} {month} {year}",
           "months": "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม"},
    "vi": {"contents": "Mục lục", "in_this_issue": "Trong số này", "published_by": "Xuất bản bởi",
           "about_this_issue": "Về số này", "web": "Web", "email": "Email", "phone": "Điện thoại",
           "number": "Số {number}", "date": "{day} tháng {month_number} năm {year}"},
}


def for_language(language: str, given: dict | None = None) -> dict[str, str]:
    """The labels for `language` (a BCP 47 tag: its first part decides, "pt-BR" is "pt"), each
    key English where the language has none, then the manifest's own (`given`, None for unset)."""
    own = LANGUAGES.get(language.split("-")[0].split("_")[0].lower(), {})
    out: dict = {key: own.get(key, text) for key, text in _EN.items()}
    if "first_day" in own:  # how the language writes the first day of a month: "1er décembre"
        out["first_day"] = own["first_day"]
    for key, text in (given or {}).items():
        if text is not None:
            out[key] = text
    if isinstance(out["months"], str):
        out["months"] = out["months"].split()
    return out


def colophon_date(labels: dict, date: dt.date) -> str:
    """The date in the colophon's last line: as the labels write dates where that line is in the
    issue's language, else as English does (no Thai month in an English sentence)."""
    return date_text(labels if labels["composed"] != _EN["composed"] else for_language("en"), date)


def number_text(labels: dict, number: int) -> str:
    return labels["number"].replace("{number}", str(number))


def date_text(labels: dict, date: dt.date) -> str:
    """The date as the labels write it: "01 May 2026", "1er mai 2026", "2026年5月2日"."""
    months = labels["months"]
    month = months[date.month - 1] if len(months) == 12 else str(date.month)
    out = labels["date"]
    day = labels.get("first_day", "1") if date.day == 1 else str(date.day)
    for key, value in (("{day2}", f"{date.day:02d}"), ("{day}", day), ("{month_number}", str(date.month)),
                       ("{month}", month), ("{year}", str(date.year))):
        out = out.replace(key, value)
    return out


def line(labels: dict, key: str, **values: str) -> str:
    """A colophon line (`set_in`, `also_in`, `composed`), its placeholders filled."""
    out = labels[key]
    for name, value in values.items():
        out = out.replace("{" + name + "}", value)
    return out
