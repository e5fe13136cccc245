"""The page map of an issue: on which page each section and article starts in the full build.

A full `build` writes it to `build/<manifest stem>.pagemap.json`; `preview` reads it to number a
section's pages as in the full issue. The map carries fingerprints of its inputs, so a stale
map is never trusted:

- `fingerprint`: everything that shapes the full issue (manifest, every article and image,
  theme, fonts, logo, and this program's own code). When it matches, every number is good.
- one fingerprint per section, covering only what decides where that section *starts*: the
  manifest, the theme, the contents (every article's title, byline, source and dateline) and
  the full text and images of the sections before it. Editing the body of an essay therefore
  leaves the start pages of the essays (and earlier sections) valid.

Text files are hashed by content; binary files (images, fonts) by size and modification time.
No ReportLab here: the map is plain data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newsletter_cli import __version__
from newsletter_cli.cache import code_stamp
from newsletter_cli.content import model

FORMAT = 1
TEXT_SUFFIXES = {".yaml", ".yml", ".md", ".markdown", ".txt", ".svg"}


@dataclass
class SectionEntry:
    slug: str
    kind: str
    title: str
    first_page: int
    fingerprint: str


@dataclass
class PageMap:
    manifest: str
    fingerprint: str
    pages: int
    sections: list[SectionEntry]
    page_map: dict[str, int]
    article_pages: dict[str, list[int]] = field(default_factory=dict)
    format: int = FORMAT

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    def section(self, slug: str) -> SectionEntry | None:
        return next((s for s in self.sections if s.slug == slug), None)


def map_path(manifest: Path, build_dir: Path | None = None) -> Path:
    """Where the page map of `manifest` lives: `build/<stem>.pagemap.json`."""
    return (build_dir or Path("build")) / f"{manifest.stem}.pagemap.json"


def from_layout(issue: model.Issue, theme, layout) -> PageMap:
    """The page map of a full layout (`render(issue, theme)`)."""
    full, per_section = fingerprints(issue, theme)
    entries = [SectionEntry(s.slug, s.kind, s.title, int(layout.page_map.get(s.slug, 0)), fp)
               for s, fp in zip(issue.sections, per_section)]
    return PageMap(issue.manifest_file, full, int(layout.pages), entries,
                   {k: int(v) for k, v in layout.page_map.items()},
                   {k: [int(p) for p in v] for k, v in getattr(layout, "article_pages", {}).items()})


def load(path: Path) -> PageMap | None:
    """The map at `path`, or None when there is none or it cannot be read (it is a cache)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        sections = [SectionEntry(**s) for s in data["sections"]]
        return PageMap(data["manifest"], data["fingerprint"], int(data["pages"]), sections,
                       {str(k): int(v) for k, v in data["page_map"].items()},
                       {str(k): [int(p) for p in v] for k, v in data.get("article_pages", {}).items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save(path: Path, pagemap: PageMap) -> bool:
    """Write the map atomically. A map that cannot be written is not an error: it is a cache."""
    from newsletter_cli.errors import NewsletterError
    from newsletter_cli.pdf.write import write_atomic

    try:
        write_atomic(path, pagemap.to_json().encode("utf-8"))
        return True
    except NewsletterError:
        return False


# --- fingerprints -----------------------------------------------------------------------------

def article_files(article: model.Article) -> list[Path]:
    """The files an article is made of: its Markdown file and its supplied images."""
    files = [Path(article.source_file)]
    files += [f.resolved for f in article.figures() if f.resolved is not None]
    return files


def theme_files(theme) -> list[Path]:
    files = [Path(theme.file), Path(theme.logo)]
    for styles in theme.fonts.values():
        files += list(styles.values())
    return files


def input_files(issue: model.Issue, theme) -> list[Path]:
    """Every file the issue is built from (for fingerprints and for `--watch`)."""
    seen: dict[str, Path] = {}
    for path in [Path(issue.manifest_file)] + [p for a in issue.articles for p in article_files(a)] \
            + theme_files(theme):
        seen.setdefault(_key(path), path)
    return list(seen.values())


def fingerprints(issue: model.Issue, theme) -> tuple[str, list[str]]:
    """(fingerprint of the whole issue, fingerprint of the start of each section)."""
    common = hashlib.sha256()
    common.update(f"newsletter {__version__} pagemap {FORMAT}\n".encode())
    common.update(code_stamp().encode())
    _feed(common, Path(issue.manifest_file))
    for path in theme_files(theme):
        _feed(common, path)
    for article in issue.articles:  # the contents list every article
        authors = "|".join(a.name for a in article.authors)
        common.update(json.dumps([article.slug, article.title, article.subtitle, article.source,
                                  article.dateline, authors]).encode())
    prefix = common.copy()
    per_section = []
    for section in issue.sections:
        per_section.append(prefix.hexdigest())
        for article in section.articles:
            for path in article_files(article):
                _feed(prefix, path)
    return prefix.hexdigest(), per_section


def _feed(digest, path: Path) -> None:
    digest.update(_key(path).encode() + b"\0")
    try:
        if path.suffix.lower() in TEXT_SUFFIXES:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            st = path.stat()
            digest.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    except OSError:
        digest.update(b"missing")


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)
