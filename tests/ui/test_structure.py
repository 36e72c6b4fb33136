"""The structure issue 13 asks for, drawn from the code itself: no import circle in
``app/`` or ``ui/``, no module of ``ui/`` over about 400 lines, no reach into another
object's private members, and docs/desk.md's diagram as the imports are."""

from __future__ import annotations

import ast
import re

from .structure import ROOT, circles, desk_diagram, graph, modules

MAX_LINES = 400
# Private attributes a module sets on an object it owns (a logger, a function).
OWN_MARKS = {("ui/diagnostics.py", "_copydesk_installed"), ("ui/report_pdf.py", "_app")}


def test_no_import_circle_in_app_or_ui():
    assert circles(graph()) == []


def test_the_circle_finder_finds_one():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_core_never_imports_the_desk_at_module_level():
    # (the launcher and the report command load the desk's modules inside a function)
    for name, path in modules().items():
        if name.startswith("app"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
            names = [a.name for n in top if isinstance(n, ast.Import) for a in n.names]
            names += [n.module or "" for n in top if isinstance(n, ast.ImportFrom)]
            assert not [m for m in names if m.startswith(("ui", "PySide6"))], name


def test_no_module_of_the_desk_is_over_400_lines():
    long = {name: n for name, path in modules().items() if name.startswith("ui")
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_module_of_the_desk_reaches_into_private_members():
    reaches = []
    for name, path in modules().items():
        if not name.startswith("ui"):
            continue
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name)
                             and node.value.id in ("self", "cls"))
                    and (where, node.attr) not in OWN_MARKS):
                reaches.append(f"{where}:{node.lineno} {ast.unparse(node)}")
    assert reaches == []


def test_docs_desk_md_draws_the_imports_as_they_are():
    page = (ROOT / "docs" / "desk.md").read_text(encoding="utf-8")
    drawn = re.search(r"<!-- desk-diagram -->\n```\n(.*?)\n```\n<!-- /desk-diagram -->",
                      page, re.S)
    assert drawn, "docs/desk.md lost its diagram block"
    assert drawn.group(1) == desk_diagram(), (
        "the desk's imports changed: paste `python -m tests.ui.structure` into docs/desk.md")
