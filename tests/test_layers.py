"""The layers of docs/architecture.md, checked on the source: arrows only point down.

Walks every module's imports (module level and inside functions) and fails when a lower layer
imports a face (cli, commands, web) or when any module uses a private name of another module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "strikewatch"
FACES = ("strikewatch.cli", "strikewatch.commands", "strikewatch.web")
LOWER = (
    "strikewatch.readers",
    "strikewatch.ledger",
    "strikewatch.analysis",
    "strikewatch.strain",
    "strikewatch.catalog",
    "strikewatch.domain",
    "strikewatch.tables",
    "strikewatch.errors",
    "strikewatch.numfmt",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(path: Path) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import in the file."""
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str | None, int]] = []
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                found.append((a.name, None, node.lineno))
                aliases[a.asname or a.name.split(".")[0]] = a.name
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node, path.name == "__init__.py")
            for a in node.names:
                found.append((target, a.name, node.lineno))
                aliases[a.asname or a.name] = f"{target}.{a.name}"
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and aliases[node.value.id].startswith("strikewatch")
        ):
            found.append((aliases[node.value.id], node.attr, node.lineno))
    return found


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _is_private(name: str | None) -> bool:
    return bool(name) and name.startswith("_") and not name.startswith("__")  # type: ignore[union-attr]


def test_the_package_is_found() -> None:
    assert len(_sources()) > 50


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_lower_layers_never_import_faces(path: Path) -> None:
    module = _module_name(path)
    if not module.startswith(LOWER):
        return
    bad = [
        f"line {line}: {target}"
        for target, _name, line in _imports(path)
        if target.startswith(FACES)
    ]
    assert not bad, f"{module} (a lower layer) imports a face: {bad}"


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_uses_another_modules_private_names(path: Path) -> None:
    module = _module_name(path)
    bad = []
    for target, name, line in _imports(path):
        if not target.startswith("strikewatch") or target == module:
            continue
        if _is_private(name) or any(_is_private(part) for part in target.split(".")[1:]):
            # A package's own private submodules (catalog/_text.py) may be used inside it.
            owner = target.rsplit(".", 1)[0] if _is_private(target.split(".")[-1]) else None
            if owner and module.startswith(owner):
                continue
            bad.append(f"line {line}: {target}.{name}" if name else f"line {line}: {target}")
    assert not bad, f"{module} uses private names of other modules: {bad}"


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    """The walker itself must see a private import (so the tests above can fail)."""
    fake = PACKAGE / "analysis" / "_probe_for_layers_test.py"
    fake.write_text("from strikewatch.web.api import _secret\nimport strikewatch.cli\n")
    try:
        found = _imports(fake)
    finally:
        fake.unlink()
    assert ("strikewatch.web.api", "_secret", 1) in found
    assert ("strikewatch.cli", None, 2) in found
