"""The compiled reader (mypyc, decision 125) and its source: which one runs, and that they
read every labelled document to the same output."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from strikewatch.readers.text import _compiled

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]

#: Reads every labelled text and prints one JSON line of claims per document.
READ_ALL = """
import datetime as dt, json, sys
from pathlib import Path
from strikewatch.readers.text import read_document, to_json_obj
from strikewatch.readers.text._compiled import is_compiled
published = dt.datetime(2025, 6, 1, 7, 0, tzinfo=dt.UTC)
print(json.dumps({"compiled": is_compiled()}))
for path in sorted(Path(sys.argv[1]).rglob("*.txt")):
    result = read_document(path.read_text(encoding="utf-8"), published=published)
    claims = [to_json_obj(c) for c in result.claims]
    row = [path.name, result.night and str(result.night), result.flags, claims]
    print(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str))
"""


def _touch(path: Path, mtime: float) -> None:
    path.write_text("x = 1\n" if path.suffix == ".py" else "not a shared object")
    os.utime(path, (mtime, mtime))


def test_compiled_files_strip_the_whole_extension_suffix(tmp_path: Path) -> None:
    _touch(tmp_path / f"figures{SUFFIX}", 100)
    _touch(tmp_path / "figures.py", 50)
    assert _compiled.compiled_files(tmp_path) == {"figures": tmp_path / f"figures{SUFFIX}"}


def test_a_compiled_file_older_than_its_source_or_without_one_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STRIKEWATCH_PURE_PYTHON", raising=False)
    _touch(tmp_path / "fresh.py", 50)
    _touch(tmp_path / f"fresh{SUFFIX}", 100)
    _touch(tmp_path / "edited.py", 200)
    _touch(tmp_path / f"edited{SUFFIX}", 100)
    _touch(tmp_path / f"deleted{SUFFIX}", 100)
    assert _compiled.stale_modules(tmp_path) == ["deleted", "edited"]
    assert _compiled.source_wanted(tmp_path)
    (tmp_path / f"edited{SUFFIX}").unlink()
    (tmp_path / f"deleted{SUFFIX}").unlink()
    assert not _compiled.source_wanted(tmp_path)
    monkeypatch.setenv("STRIKEWATCH_PURE_PYTHON", "1")
    assert _compiled.source_wanted(tmp_path)  # asked for at run time


def test_source_finder_loads_the_source_beside_a_compiled_file(tmp_path: Path) -> None:
    """A broken compiled file would fail the import; the finder takes the source instead."""
    pkg = tmp_path / "swfakepkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "mod.py").write_text("WHERE = 'source'\n")
    (pkg / f"mod{SUFFIX}").write_text("not a shared object")
    code = (
        "import sys; from strikewatch.readers.text._compiled import SourceFinder; "
        "from pathlib import Path; import importlib; "
        f"sys.path.insert(0, {str(tmp_path)!r}); "
        "ok = True\n"
        "try:\n    importlib.import_module('swfakepkg.mod')\n"
        "except ImportError:\n    ok = False\n"
        "print('plain', ok)\n"
        "sys.modules.pop('swfakepkg.mod', None)\n"
        f"sys.meta_path.insert(0, SourceFinder('swfakepkg', Path({str(pkg)!r})))\n"
        "print('finder', importlib.import_module('swfakepkg.mod').WHERE)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split("\n")[:2] == ["plain False", "finder source"]


def _can_compile() -> bool:
    cc = sysconfig.get_config_var("CC") or "cc"
    header = Path(sysconfig.get_paths()["include"]) / "Python.h"
    return shutil.which(cc.split()[0]) is not None and header.exists()


def _read_all(pure: bool) -> list[str]:
    env = dict(os.environ)
    env.pop("STRIKEWATCH_PURE_PYTHON", None)
    if pure:
        env["STRIKEWATCH_PURE_PYTHON"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", READ_ALL, str(REPORTS)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return out.stdout.splitlines()


def test_compiled_and_source_readers_give_identical_output() -> None:
    compiled, source = _read_all(pure=False), _read_all(pure=True)
    assert json.loads(source[0]) == {"compiled": False}
    if not json.loads(compiled[0])["compiled"]:
        if os.environ.get("CI", "").lower() == "true" and _can_compile():
            pytest.fail("a C compiler is here but the reader is not compiled (make install)")
        pytest.skip("the reader is not compiled here (no C compiler, or sources edited since)")
    assert len(compiled) == len(source) > 400
    differ = [a[:80] for a, b in zip(compiled[1:], source[1:], strict=True) if a != b]
    assert differ == []
