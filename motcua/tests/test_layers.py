"""The declared layer order (motcua/layers.py) holds for every runtime module."""

from __future__ import annotations

from pathlib import Path

from motcua import layers


def test_no_app_imports_an_app_declared_above_it_and_no_module_is_too_long():
    problems = layers.check()
    assert problems == [], "\n".join(str(p) for p in problems)


def test_every_existing_app_is_declared():
    assert layers.undeclared_apps() == []
    for name in ("core", "org", "dossiers", "portal", "demo"):
        assert (layers.PACKAGE_ROOT / name / "apps.py").exists(), name


def test_core_imports_no_other_app():
    for path, module in layers.runtime_modules():
        if layers.layer_of(module) != "core":
            continue
        for line, target in layers.imported_modules(path.read_text(), module):
            assert layers.layer_of(target) in (None, "core"), f"{path}:{line} {target}"


def test_an_upward_import_is_reported_with_file_line_and_both_apps():
    source = "from motcua.org.models import Unit\n\n\ndef f():\n    from motcua.dossiers import x\n"
    problems = layers.check_source(source, "motcua/procedures/foo.py", "motcua.procedures.foo")
    assert [(p.path, p.line) for p in problems] == [("motcua/procedures/foo.py", 5)]
    assert "procedures imports dossiers (motcua.dossiers)" in problems[0].message
    assert str(problems[0]).startswith("motcua/procedures/foo.py:5: procedures imports dossiers")


def test_the_checker_sees_every_import_form():
    cases = {
        "import motcua.api": "core imports project (motcua.api)",
        "from motcua import urls": "core imports project (motcua.urls)",
        "from motcua import dossiers": "core imports dossiers (motcua.dossiers)",
        "from ..org import models": "core imports org (motcua.org)",
        "import motcua.indicators.selectors as s": "core imports indicators",
    }
    for source, expected in cases.items():
        problems = layers.check_source(source, "motcua/core/x.py", "motcua.core.x")
        assert len(problems) == 1 and expected in problems[0].message, source
    # Downward, own-app, relative own-app and third-party imports are fine.
    fine = "from motcua.core.models import record_audit\nfrom . import choices\nimport django\n"
    assert layers.check_source(fine, "motcua/org/x.py", "motcua.org.x") == []


def test_runtime_code_may_not_import_the_test_support_or_an_undeclared_app():
    problems = layers.check_source(
        "from motcua.testing.factories import UnitFactory\nimport motcua.stray\n",
        "motcua/demo/x.py",
        "motcua.demo.x",
    )
    assert [p.line for p in problems] == [1, 2]
    assert "test support" in problems[0].message
    assert "undeclared app stray" in problems[1].message


def test_a_synthetic_tree_with_a_cycle_an_undeclared_app_and_a_long_file(tmp_path: Path):
    root = tmp_path / "motcua"
    for app in ("core", "org", "stray"):
        (root / app / "migrations").mkdir(parents=True)
        (root / app / "__init__.py").write_text("")
        (root / app / "tests").mkdir()
    (root / "core" / "views.py").write_text("from motcua.org.models import Unit\n")
    (root / "org" / "models.py").write_text("from motcua.core.models import AuditEntry\n")
    (root / "org" / "long.py").write_text("x = 1\n" * (layers.MAX_LINES + 1))
    # Tests and migrations are not runtime code: their imports and length are free.
    (root / "core" / "tests" / "test_x.py").write_text("from motcua.portal import views\n")
    (root / "core" / "migrations" / "0001.py").write_text("import motcua.org\n" * 800)
    found = [str(p) for p in layers.check(root)]
    assert found == [
        f"{root / 'stray'}:1: app stray is not declared in motcua/layers.py",
        "motcua/core/views.py:1: core imports org (motcua.org.models), declared above it in "
        "motcua/layers.py",
        f"motcua/org/long.py:1: {layers.MAX_LINES + 1} lines (more than {layers.MAX_LINES}): "
        "split it by idea",
    ]


def test_the_declared_order_starts_at_core_and_ends_with_the_project():
    assert layers.LAYERS[0] == "core" and layers.LAYERS[-2:] == ("demo", "project")
    assert len(set(layers.LAYERS)) == len(layers.LAYERS)
    order = layers.LAYERS
    assert order.index("dossiers") < order.index("indicators") < order.index("parindex")
