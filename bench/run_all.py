"""Run every benchmark script in this folder (``make bench``); extra args go to each script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n### {script.name}", flush=True)
        code = subprocess.call([sys.executable, str(script), *sys.argv[1:]])
        failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
