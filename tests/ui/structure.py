"""The code's structure drawn from its imports: the module graph of ``app/`` and ``ui/``,
its import circles, and the desk's diagram that docs/desk.md carries.

``python -m tests.ui.structure`` prints the diagram (paste it into docs/desk.md; a test
checks that the page and the code agree).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "ui")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in sorted((ROOT / package)
                                                                     .rglob("*.py"))}


def _runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import, at any depth, except those only a type checker reads."""
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The known modules ``name`` imports (``from a import b``: ``a.b`` when a module)."""
    found: set[str] = set()
    for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = name.split(".")
                # a package's own __init__ is its name; a module's package is its parent
                keep = len(parts) - node.level + (path.name == "__init__.py")
                package = parts[:keep]
                base = ".".join([*package, base] if base else package)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted.

    A package's ``__init__`` that re-exports its own modules is not a circle with them:
    importing the package loads the module, not the other way round."""
    edges = {a: {b for b in bs if not b.startswith(a + ".")} for a, bs in edges.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return groups


DESK_PACKAGES = ("ui.desk", "ui.publishing")


def _short(name: str) -> str:
    for package in DESK_PACKAGES:
        if name == package:
            return package.split(".")[1] + "/__init__"
        if name.startswith(package + "."):
            return package.split(".")[1] + "/" + name[len(package) + 1:]
    return name


def desk_diagram() -> str:
    """Each module of ``ui/desk`` and ``ui/publishing`` with the desk modules it uses."""
    edges = graph()
    lines = []
    for name in sorted(n for n in edges if n.startswith(DESK_PACKAGES)):
        uses = sorted(_short(m) for m in edges[name] if m.startswith(DESK_PACKAGES))
        lines.append(f"{_short(name):<22} -> {', '.join(uses) if uses else '-'}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(desk_diagram())
