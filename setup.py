"""Build hook: the text reader's modules compiled to C with mypyc, when a compiler is there.

Everything else about the package is in pyproject.toml. The compiled modules are the same
source as the pure-Python ones (one implementation; mypyc compiles the type-checked code),
and ``strikewatch.readers.text`` falls back to that source when the compiled copies are
missing or older than it (see ``readers/text/_compiled.py``). Set STRIKEWATCH_PURE_PYTHON=1
to build without compiling; a failed compile also falls back, with a message, never an error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

#: The reader's hot path (decision 125). Not compiled: ``__init__`` and ``_compiled`` (they
#: choose between compiled and source), ``evaluate`` and ``html`` (not per-read hot work).
PACKAGE = Path("src/strikewatch/readers/text")
NOT_COMPILED = {"__init__.py", "_compiled.py", "evaluate.py", "html.py"}


def compiled_modules() -> list[str]:
    """The reader's module files mypyc compiles, in a stable order."""
    return sorted(str(p) for p in PACKAGE.glob("*.py") if p.name not in NOT_COMPILED)


def ext_modules() -> list[Any]:
    """mypyc extensions, or none when compiling is switched off or cannot start."""
    if os.environ.get("STRIKEWATCH_PURE_PYTHON") == "1":
        return []
    try:
        from mypyc.build import mypycify

        return list(mypycify(compiled_modules(), opt_level="3", debug_level="0"))
    except BaseException as exc:  # mypyc exits on type errors: the install must still work
        print(f"strikewatch: not compiling the reader ({exc!r}); pure Python", file=sys.stderr)
        return []


class OptionalBuildExt(build_ext):
    """All or nothing: when the C compiler fails, the files already built are removed and
    the package installs as pure Python (compiled modules need each other and their shared
    library, so a partial build would not import)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:
            for path in self.get_outputs():
                Path(path).unlink(missing_ok=True)
            print(f"strikewatch: compiling the reader failed ({exc}); pure Python", file=sys.stderr)


setup(ext_modules=ext_modules(), cmdclass={"build_ext": OptionalBuildExt})
