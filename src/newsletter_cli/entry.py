"""The `newsletter` command's entry point: a plain `build` without Typer, the rest through it.

`newsletter build ISSUE.yaml [-o PDF] [--strict] [--format F] [--pdf-standard S]
[--no-build-cache]` is run by `buildcmd.plain` before Typer is imported (0.03-0.04 s, and its
parsing 0.05 s more), which matters most to a build cache hit (0.04 s in all); every other
command line, help included, goes to the Typer app in `cli.py`. An unexpected failure is one
line, never a traceback.
"""

from __future__ import annotations

import os
import sys

from newsletter_cli import gcpause


def main() -> None:
    gcpause.pause()  # a one-shot process: see gcpause.py (build and preview resume it)
    # Typer builds pydantic adapters for a command's parameters (our own schema does not use
    # pydantic), and pydantic looks for plugins in the entry points of every installed
    # distribution the first time one is built (about 10 ms here, more with more packages); the
    # CLI uses none. This is pydantic's documented switch; a value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for stream in (sys.stdout, sys.stderr):  # never UnicodeEncodeError: whatever is left is escaped
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    try:
        if sys.argv[1:2] == ["build"]:
            from newsletter_cli import buildcmd

            code = buildcmd.plain(sys.argv[2:])
            if code is not None:  # built (or from the build cache) without Typer
                if code:
                    sys.exit(code)
                return
        from newsletter_cli.cli import app

        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # a bug, not a user error: say so plainly
        from newsletter_cli.errors import printable

        print(printable(f"newsletter: internal error: {type(exc).__name__}: {exc}"), file=sys.stderr)
        print("please report this with the input that caused it", file=sys.stderr)
        sys.exit(3)
    finally:
        gcpause.finish()  # the process ends here: see gcpause.py
