"""Imports inside the project run one way: no module imports, however indirectly, one that imports it.

Read from the source (every ``import``, at the top of a module or inside a function), so an import that
closes a circle fails here even when Python happens to resolve it at run time.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# Reads the source.
pytestmark = pytest.mark.engine_independent

PACKAGES = ["catalog", "filmsite"]


def project_modules():
    """``{dotted name: path}`` of every module of the project's packages, migrations aside."""
    modules = {}
    for package in PACKAGES:
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
            parts = path.relative_to(settings.BASE_DIR).with_suffix("").parts
            if "migrations" in parts:
                continue
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def imported(module, path, modules):
    """The project modules ``module`` imports."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                # ``from .models import films`` names a module; ``from .models import Film`` the package.
                name = f"{target}.{alias.name}"
                found.add(name if name in modules else target)
    return found & set(modules) - {module}


def import_cycles(graph):
    """Each group of modules that import one another in a circle (Tarjan's strongly connected components)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_module_of_the_project_imports_itself_through_others():
    modules = project_modules()
    graph = {module: imported(module, path, modules) for module, path in modules.items()}
    assert import_cycles(graph) == []


def test_a_circle_is_found():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# The rooms of ``catalog`` and the rooms each may not import (README, "Layout"): the domain stands alone,
# and the visitors' side and data in and out each build on it without one another. The editors' side may use
# both: its preview shows the visitors' page of unsaved edits (``catalog.admin.preview``) and its import page
# runs an import (``catalog.admin.importing``); neither may import the editors' side. The API shows what the
# visitors' pages show, through their presenters and FilterSets; nothing builds on it.
FORBIDDEN = {
    "catalog.models": {"catalog"},
    "catalog.public": {"catalog.admin", "catalog.data", "catalog.api"},
    "catalog.data": {"catalog.public", "catalog.admin", "catalog.api"},
    "catalog.api": {"catalog.admin", "catalog.data"},
    "catalog.admin": {"catalog.api"},
}


def room_breaches(graph):
    """``(module, imported)`` pairs where a room imports what it may not."""
    breaches = []
    for module, targets in graph.items():
        for room, forbidden in FORBIDDEN.items():
            if module != room and not module.startswith(room + "."):
                continue
            for target in targets:
                inside = target == room or target.startswith(room + ".")
                if not inside and any(target == f or target.startswith(f + ".") for f in forbidden):
                    breaches.append((module, target))
    return sorted(breaches)


def test_each_room_imports_only_what_it_builds_on():
    modules = project_modules()
    graph = {module: imported(module, path, modules) for module, path in modules.items()}
    assert room_breaches(graph) == []


def test_a_breach_is_found():
    graph = {"catalog.models.films": {"catalog.search"}, "catalog.public.views": {"catalog.admin.films"}}
    assert room_breaches(graph) == [
        ("catalog.models.films", "catalog.search"),
        ("catalog.public.views", "catalog.admin.films"),
    ]
