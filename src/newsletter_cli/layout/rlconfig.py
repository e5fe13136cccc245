"""ReportLab's configuration, set before ReportLab is first imported: no system font folders.

On import, ReportLab walks /usr/share/fonts (os.walk in `reportlab.rl_settings`), reads
`~/.reportlab_settings` and looks for font folders under the home and working folders. The
layout embeds only the theme's font files, which it names by path, so none of that is needed:
a build reads no file outside the issue, its assets and the interpreter, not even a listing.

`quiet_import` provides the `reportlab_settings` module ReportLab looks for first (so the file
in the home folder is not read), with search paths inside ReportLab's own package only and
binary streams (no ASCII85), and imports `reportlab.rl_config` with the walk of the system font
folders turned off.

It also imports ReportLab's TrueType module as if uharfbuzz were not installed: ReportLab
imports it (0.04 s) only for text shaping, which no style of the layout turns on (`shaping` is
0 in every ParagraphStyle), so ReportLab's shaping stays off, as it always was for our text; `layout.shaping`
imports uharfbuzz for the first run of text that is shaped.

ReportLab imports Pillow's Image module on import (about 10 ms); it is made a lazy module
(`importlib.util.LazyLoader`), run on its first use: an issue with no picture never loads it.

And it has `reportlab.platypus.paragraph` compile one regular expression only when it can
match: `uri_pat` (Django's URL pattern, case-insensitive over most of Unicode, 23 ms to
compile, a sixteenth of a build) is tried on every word too wide for its line in ReportLab's
paragraphs (`uriWasteReduce`), and it matches only text with "://" in it (its scheme part is
required): other words are answered "no match" without it.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import re
import sys
import types

LAZY_MODULE = "reportlab.platypus.paragraph"
LAZY_HEAD = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # the start of its `uri_pat`
# what it imports compiles this one for a function we never call (textsplit.cjkwrap): 3 ms
LAZY_UNUSED = "([\u2e80-\uffff])"


def quiet_import() -> None:
    if "reportlab.rl_config" in sys.modules:
        return
    settings = types.ModuleType("reportlab_settings")
    settings.__doc__ = "newsletter: ReportLab reads no font folder (newsletter_cli/layout/rlconfig.py)"
    # ReportLab's own fonts (the standard fonts' metrics); no CMaps (no CJK fonts are used)
    settings.T1SearchPath = ("%(REPORTLAB_DIR)s/fonts",)
    settings.TTFSearchPath = ("%(REPORTLAB_DIR)s/fonts",)
    settings.CMapSearchPath = ()
    # streams are written as binary, not ASCII85 text (a quarter larger): a picture's JPEG is
    # embedded byte for byte (the PDF's first lines say it holds binary data)
    settings.useA85 = 0
    settings.__all__ = ["T1SearchPath", "TTFSearchPath", "CMapSearchPath", "useA85"]
    sys.modules.setdefault("reportlab_settings", settings)
    walk = os.walk
    os.walk = lambda *args, **kwargs: iter(())  # rl_settings' _findFontDirs: the system font folders
    if LAZY_MODULE not in sys.modules:
        sys.meta_path.insert(0, _LazyURIFinder())
    _lazy("PIL.Image")
    hide = "uharfbuzz" not in sys.modules
    if hide:
        sys.modules["uharfbuzz"] = None  # ttfonts' `import uharfbuzz` fails, as without it
    try:
        import reportlab.rl_config  # noqa: F401
        import reportlab.pdfbase.ttfonts  # noqa: F401
    finally:
        os.walk = walk
        if hide and sys.modules.get("uharfbuzz", 0) is None:
            del sys.modules["uharfbuzz"]  # others may import it


def _lazy(name: str) -> None:
    """`name` imported as a lazy module: found now, run when one of its attributes is first used."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    # as the package's attribute, so that `from PIL import Image` takes it without a look at
    # its __spec__ (which would run it)
    package, _, attribute = name.rpartition(".")
    if package:
        setattr(sys.modules[package], attribute, module)


class LazyPattern:
    """A regular expression compiled when it is first used on text that holds `needed` (text
    without it cannot match: `match` says so at once); with `needed` None, when first used."""

    def __init__(self, pattern: str, flags: int, needed: str = "://"):
        self.pattern, self.flags, self.needed, self._compiled = pattern, flags, needed, None

    def match(self, string, *args):
        if self._compiled is None and self.needed is not None and isinstance(string, str) \
                and self.needed not in string:
            return None
        return self.__getattr__("match")(string, *args)

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)


class _LazyURIFinder:
    """Finds LAZY_MODULE as Python would, and runs it with the one pattern left uncompiled."""

    def find_spec(self, name, path=None, target=None):
        if name != LAZY_MODULE:
            return None
        sys.meta_path.remove(self)  # once
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            real = re.compile

            def compile_(pattern, flags=0):
                if isinstance(pattern, str) and pattern.startswith(LAZY_HEAD):
                    return LazyPattern(pattern, flags)
                if pattern == LAZY_UNUSED:
                    return LazyPattern(pattern, flags, needed=None)
                return real(pattern, flags)

            re.compile = compile_
            try:
                run(module)
            finally:
                re.compile = real

        spec.loader.exec_module = exec_module
        return spec
