"""The garbage collector in the CLI process (gcpause): paused for start-up and the checks, on again
for the layout. Each test runs in a fresh interpreter: the collector's state is process-wide."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)


def test_resume_undoes_only_a_pause():
    proc = run("import gc\n"
               "from newsletter_cli import gcpause\n"
               "gcpause.resume()\n"  # never paused: left alone
               "assert gc.isenabled() and gc.get_freeze_count() == 0\n"
               "gcpause.pause()\n"
               "assert not gc.isenabled()\n"
               "gcpause.resume()\n"
               "assert gc.isenabled() and gc.get_freeze_count() > 0\n"
               "gc.disable()\n"
               "gcpause.resume()\n"  # once only
               "assert not gc.isenabled()\n")
    assert proc.returncode == 0, proc.stderr


def test_build_lays_out_with_the_collector_on_and_validate_checks_with_it_paused(tmp_path):
    proc = run("import gc, sys\n"
               "import newsletter_cli.build as build, newsletter_cli.layout.document as document\n"
               "seen = []\n"
               "def spy(name, function):\n"
               "    def call(*args, **kwargs):\n"
               "        seen.append((name, gc.isenabled()))\n"
               "        return function(*args, **kwargs)\n"
               "    return call\n"
               "document.render = spy('render', document.render)\n"
               "build.check = spy('check', build.check)\n"
               "build.inspect = spy('inspect', build.inspect)\n"
               "from newsletter_cli.cli import main\n"
               f"for args in (['build', 'issues/076.yaml', '-o', {str(tmp_path / 'x.pdf')!r}],\n"
               "             ['validate', 'issues/076.yaml']):\n"
               "    sys.argv = ['newsletter', *args]\n"
               "    try:\n"
               "        main()\n"
               "    except SystemExit as exc:\n"
               "        assert not exc.code, exc.code\n"
               "print(seen)\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == ("[('check', False), ('inspect', False), ('render', True), "
                                            "('inspect', False)]")
