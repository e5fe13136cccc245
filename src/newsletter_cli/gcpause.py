"""The cyclic garbage collector, paused while a one-shot command starts up.

Start-up (imports, pydantic's models, reading and checking the issue) makes a few hundred
thousand objects that live to the end of the process and frees almost none of them through
cycles (under a thousand objects for issue 076), yet the collector walks them again and again:
about a tenth of `validate` and of a build. The CLI pauses it before anything is imported;
`resume` freezes what exists by then, so that later collections never walk it again, and turns
collection back on before work that makes and drops many cyclic objects: the layout, a preview,
a long-running `--watch`. A process that never called `pause` is not touched.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
