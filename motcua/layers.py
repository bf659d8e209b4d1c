"""The declared order of the project's apps, lowest first (docs/architecture.md).

An app may import the apps declared below it, never one declared above it (not even lazily
inside a function): a lower app that must let higher ones react defines a signal or a small
registry, and the higher app connects in its ``AppConfig.ready()``. The project level
(``motcua/api.py``, ``urls.py``, ``settings.py``, ...) composes the apps and stands above
them all. ``motcua.testing`` holds test support and is never imported by runtime code.

``python -m motcua.layers`` prints every violation (the test suite runs the same check in
``motcua/tests/test_layers.py``). Pure Python: no Django needed.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Lowest first. Apps not created yet are declared already, so that a new app takes its
# place without a debate; "project" is the composition at the top.
LAYERS: tuple[str, ...] = (
    "core",
    "integrations",
    "org",
    "accounts",
    "workcalendar",
    "procedures",
    "dossiers",
    "payments",
    "digitisation",
    "surveys",
    "feedback",
    "interchange",
    "indicators",
    "directives",
    "parindex",
    "reports",
    "portal",
    "demo",
    "project",
)
PROJECT = "project"
# Top-level modules of the ``motcua`` package that form the project level.
PROJECT_MODULES = frozenset({"api", "urls", "settings", "wsgi", "asgi", "__main__", "layers"})
# Test support: a plain package, importable from tests only.
TEST_SUPPORT = "testing"
# Directories of the package that are neither apps nor Python packages.
NOT_APPS = frozenset({"static", "templates", "tests", TEST_SUPPORT, "__pycache__"})
# Above this many lines a runtime module is split by idea.
MAX_LINES = 700

PACKAGE_ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def layer_of(module: str) -> str | None:
    """The app (or "project", or "testing") a dotted module belongs to; None outside
    ``motcua``."""
    parts = module.split(".")
    if parts[0] != "motcua":
        return None
    if len(parts) == 1 or parts[1] in PROJECT_MODULES:
        return PROJECT
    return parts[1]


def imported_modules(source: str, package: str) -> Iterator[tuple[int, str]]:
    """Every module ``source`` imports, anywhere (functions included), with its line.
    ``package`` is the dotted package of the file, to resolve relative imports."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module == "motcua":
                # ``from motcua import dossiers`` names the app in the alias.
                for alias in node.names:
                    yield node.lineno, f"motcua.{alias.name}"
            else:
                yield node.lineno, module


def check_source(source: str, path: str, module: str) -> list[Violation]:
    """The layer rule for one runtime module named ``module`` (dotted)."""
    own = layer_of(module)
    if own is None:
        return []
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    problems = []
    for line, target in imported_modules(source, package):
        other = layer_of(target)
        if other is None or other == own:
            continue
        if other == TEST_SUPPORT:
            problems.append(
                Violation(path, line, f"runtime code of {own} imports the test support {target}")
            )
        elif other not in LAYERS:
            problems.append(Violation(path, line, f"{own} imports undeclared app {other}"))
        elif own in LAYERS and LAYERS.index(other) > LAYERS.index(own):
            problems.append(
                Violation(
                    path,
                    line,
                    f"{own} imports {other} ({target}), declared above it in motcua/layers.py",
                )
            )
    return problems


def runtime_modules(root: Path = PACKAGE_ROOT) -> Iterator[tuple[Path, str]]:
    """Every runtime module of the package: tests, migrations and test support excluded."""
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts or parts[0] == TEST_SUPPORT:
            continue
        dotted = [root.name, *parts[:-1]]
        if parts[-1] != "__init__.py":
            dotted.append(parts[-1].removesuffix(".py"))
        yield path, ".".join(dotted)


def undeclared_apps(root: Path = PACKAGE_ROOT) -> list[str]:
    """Sub-packages of ``motcua`` that are not declared in ``LAYERS``."""
    return sorted(
        child.name
        for child in root.iterdir()
        if child.is_dir()
        and child.name not in NOT_APPS
        and (child / "__init__.py").exists()
        and child.name not in LAYERS
    )


def check(root: Path = PACKAGE_ROOT) -> list[Violation]:
    """Every violation of the layer order and of the size limit under ``root``."""
    problems = [
        Violation(str(root / name), 1, f"app {name} is not declared in motcua/layers.py")
        for name in undeclared_apps(root)
    ]
    for path, module in runtime_modules(root):
        source = path.read_text(encoding="utf-8")
        shown = str(path.relative_to(root.parent))
        problems.extend(check_source(source, shown, module))
        lines = source.count("\n")
        if lines > MAX_LINES:
            problems.append(
                Violation(shown, 1, f"{lines} lines (more than {MAX_LINES}): split it by idea")
            )
    return problems


if __name__ == "__main__":  # pragma: no cover - command-line use
    found = check()
    for violation in found:
        print(violation)
    sys.exit(1 if found else 0)
