"""The package's shape, read from its source: stages import only the stages below them, no
module imports itself back through others, and ReportLab is imported by `layout/` alone.

Read with `ast`, so every import counts: those at the top of a module and those deferred into
a function (which a cycle or a backwards step could hide in).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsletter_cli"

# What every stage may use: one job each, and nothing of the stages above.
FOUNDATION = {"errors", "paths", "diagnostics", "cache", "sources", "gcpause"}
# The stages, lowest first: a module may import its own layer and those before it. `source`
# builds the content model (so it imports `content`); the theme is read with `source`'s YAML
# loader; `pdf` needs no library; `layout` lays out content with the theme; the top level runs it.
LAYERS = ["foundation", "content", "source", "theme", "pdf", "layout", "commands"]


def layer(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts or parts == ["__version__"]:  # the package itself holds only its version
        return "foundation"
    if len(parts) == 1 or parts[0] not in ("content", "source", "theme", "pdf", "layout"):
        return "foundation" if parts[0] in FOUNDATION else "commands"
    return parts[0]


def modules(root: Path = PACKAGE) -> dict[str, ast.Module]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        name = ".".join(("newsletter_cli", *path.relative_to(root).with_suffix("").parts))
        found[name.removesuffix(".__init__")] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


def imports(tree: ast.Module, known: set[str]) -> list[tuple[str, int, bool]]:
    """(module imported, line, at module level) for every import of the package or of a library."""
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:  # `from newsletter_cli.content import model` imports a module
                full = f"{node.module}.{alias.name}"
                found.append((full if full in known else node.module, node.lineno, id(node) in top))
    return found


def backward_steps(trees: dict[str, ast.Module]) -> list[str]:
    steps = []
    for name, tree in trees.items():
        for target, line, _ in imports(tree, set(trees)):
            if target in trees and LAYERS.index(layer(target)) > LAYERS.index(layer(name)):
                steps.append(f"{name}:{line} ({layer(name)}) imports {target} ({layer(target)})")
    return steps


def reportlab_outside_layout(trees: dict[str, ast.Module]) -> list[str]:
    return [f"{name}:{line}" for name, tree in trees.items() for target, line, _ in imports(tree, set(trees))
            if target.split(".")[0] == "reportlab" and layer(name) != "layout"]


def cycles(trees: dict[str, ast.Module]) -> list[list[str]]:
    """Cycles of module-level imports (a package counts as importing its `__init__`'s imports)."""
    graph = {name: {t for t, _, at_top in imports(tree, set(trees)) if at_top and t in trees and t != name}
             for name, tree in trees.items()}
    found, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return found


def test_every_module_belongs_to_a_known_layer():
    trees = modules()
    assert {layer(name) for name in trees} == set(LAYERS)
    assert "newsletter_cli.source.manifest" in trees and "newsletter_cli.content.model" in trees


def test_no_stage_imports_a_stage_above_it():
    assert backward_steps(modules()) == []


def test_reportlab_is_imported_by_the_layout_only():
    assert reportlab_outside_layout(modules()) == []


def test_no_import_cycles():
    assert cycles(modules()) == []


def test_modules_stay_small():
    sizes = {path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 600} == {}


@pytest.mark.parametrize("fault", ["backwards", "reportlab", "cycle"])
def test_the_checks_find_a_planted_fault(tmp_path, fault):
    package = tmp_path / "newsletter_cli"
    for folder in ("content", "layout", "source"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "errors.py").write_text("")
    (package / "content" / "model.py").write_text("from newsletter_cli import errors\n")
    (package / "layout" / "document.py").write_text("from reportlab.platypus import Paragraph\n"
                                                   "from newsletter_cli.content import model\n")
    (package / "source" / "manifest.py").write_text("from newsletter_cli.content.model import Block\n")
    trees = modules(package)
    assert backward_steps(trees) == [] and reportlab_outside_layout(trees) == [] and cycles(trees) == []
    if fault == "backwards":  # the content model reaching up into the layout, inside a function
        (package / "content" / "model.py").write_text("def f():\n    from newsletter_cli.layout import document\n")
        assert backward_steps(modules(package)) == [
            "newsletter_cli.content.model:2 (content) imports newsletter_cli.layout.document (layout)"]
    elif fault == "reportlab":
        (package / "source" / "manifest.py").write_text("def f():\n    import reportlab.lib.colors\n")
        assert reportlab_outside_layout(modules(package)) == ["newsletter_cli.source.manifest:2"]
    else:
        (package / "errors.py").write_text("from newsletter_cli.content import model\n")
        assert cycles(modules(package)) == [["newsletter_cli.content.model", "newsletter_cli.errors",
                                             "newsletter_cli.content.model"]]
