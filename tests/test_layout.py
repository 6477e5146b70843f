"""The source layout: `platform/` is a source root, never a package, and no top-level name on
an import root shadows the standard library (pytest, Celery and uuid import `platform`)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORT_ROOTS = [ROOT, ROOT / "platform"]


def _top_level_names(root: Path) -> set[str]:
    names = set()
    for entry in root.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and (entry / "__init__.py").exists():
            names.add(entry.name)
        elif entry.is_dir() and any(entry.glob("*.py")) and entry.name not in {"platform"}:
            names.add(entry.name)  # a namespace package is importable too
        elif entry.suffix == ".py":
            names.add(entry.stem)
    return names


def test_platform_is_not_a_package() -> None:
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_no_top_level_name_shadows_the_standard_library() -> None:
    clashes = {
        f"{root.relative_to(ROOT) or '.'}/{name}"
        for root in IMPORT_ROOTS
        for name in _top_level_names(root)
        if name in sys.stdlib_module_names
    }
    assert clashes == set()


def test_import_platform_is_the_standard_library() -> None:
    import platform

    assert hasattr(platform, "python_version")
    assert Path(platform.__file__).parent != ROOT / "platform"


def test_expected_top_level_layout() -> None:
    for name in [
        "platform",
        "tenants",
        "apps",
        "api",
        "devdata",
        "deploy",
        "tests",
        "pyproject.toml",
        "README.md",
        "Makefile",
        "manage.py",
        "requirements.lock",
        ".ci/run",
    ]:
        assert (ROOT / name).exists(), name
