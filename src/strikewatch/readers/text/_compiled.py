"""Choose between the reader's compiled modules and their source, before either is imported.

`setup.py` compiles the reader's hot modules with mypyc (decision 125). In a development
checkout the compiled files sit beside the source (``figures.cpython-311-….so`` next to
``figures.py``), and Python prefers them; after an edit or a ``git checkout`` they would run
the old code. So when any compiled file is older than its source (or has lost it), or when
``STRIKEWATCH_PURE_PYTHON=1`` is set, every module of the package is loaded from source. It
is all or nothing: compiled modules call each other directly in C, so one module loaded from
source beside compiled neighbours would not be called by them.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = __name__.rpartition(".")[0]
HERE = Path(__file__).resolve().parent


def compiled_files(folder: Path) -> dict[str, Path]:
    """Module name -> its compiled file in ``folder`` (extension modules only)."""
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)
    out: dict[str, Path] = {}
    for path in folder.iterdir():
        suffix = next((s for s in suffixes if path.name.endswith(s)), None)
        if suffix is not None:
            out[path.name[: -len(suffix)]] = path
    return out


def stale_modules(folder: Path) -> list[str]:
    """Compiled modules in ``folder`` older than their source, or without one, sorted."""
    stale = []
    for name, so in compiled_files(folder).items():
        source = folder / f"{name}.py"
        if not source.exists() or source.stat().st_mtime > so.stat().st_mtime:
            stale.append(name)
    return sorted(stale)


def source_wanted(folder: Path = HERE) -> bool:
    """True when the package must be loaded from source (see the module docstring)."""
    if os.environ.get("STRIKEWATCH_PURE_PYTHON") == "1":
        return bool(compiled_files(folder))
    return bool(stale_modules(folder))


class SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the package's modules as source files, ahead of the compiled ones."""

    def __init__(self, package: str, folder: Path) -> None:
        self.package, self.folder = package, folder

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        head, _, name = fullname.rpartition(".")
        source = self.folder / f"{name}.py"
        if head != self.package or not source.exists():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def is_compiled() -> bool:
    """Whether this process runs the compiled reader (for ``strikewatch read --version``-like
    reports and the tests)."""
    module = sys.modules.get(f"{PACKAGE}.reader")
    return module is not None and not str(getattr(module, "__file__", "")).endswith(".py")


def choose() -> None:
    """Install the source finder when the compiled modules must not be used."""
    if source_wanted() and not any(isinstance(f, SourceFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, SourceFinder(PACKAGE, HERE))
