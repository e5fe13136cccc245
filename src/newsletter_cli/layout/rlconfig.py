"""ReportLab's configuration, set before ReportLab is first imported: no system font folders.

On import, ReportLab walks /usr/share/fonts (os.walk in `reportlab.rl_settings`), reads
`~/.reportlab_settings` and looks for font folders under the home and working folders. The
layout embeds only the theme's font files, which it names by path, so none of that is needed:
a build reads no file outside the issue, its assets and the interpreter, not even a listing.

`quiet_import` provides the `reportlab_settings` module ReportLab looks for first (so the file
in the home folder is not read), with search paths inside ReportLab's own package only, and
imports `reportlab.rl_config` with the walk of the system font folders turned off.

It also imports ReportLab's TrueType module as if uharfbuzz were not installed: ReportLab
imports it (0.04 s) only for text shaping, which no style of the layout turns on (`shaping` is
0 in every ParagraphStyle), so ReportLab's shaping stays off, as it always was for our text; `layout.shaping`
imports uharfbuzz for the first run of text that is shaped.
"""

from __future__ import annotations

import os
import sys
import types


def quiet_import() -> None:
    if "reportlab.rl_config" in sys.modules:
        return
    settings = types.ModuleType("reportlab_settings")
    settings.__doc__ = "newsletter: ReportLab reads no font folder (newsletter_cli/layout/rlconfig.py)"
    # ReportLab's own fonts (the standard fonts' metrics); no CMaps (no CJK fonts are used)
    settings.T1SearchPath = ("%(REPORTLAB_DIR)s/fonts",)
    settings.TTFSearchPath = ("%(REPORTLAB_DIR)s/fonts",)
    settings.CMapSearchPath = ()
    settings.__all__ = ["T1SearchPath", "TTFSearchPath", "CMapSearchPath"]
    sys.modules.setdefault("reportlab_settings", settings)
    walk = os.walk
    os.walk = lambda *args, **kwargs: iter(())  # rl_settings' _findFontDirs: the system font folders
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
