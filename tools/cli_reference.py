"""Write docs/cli.md from the command line's own definitions (``make docs``)."""

from pathlib import Path

from strikewatch.cli import app
from strikewatch.commands.reference import render_reference

if __name__ == "__main__":
    out = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    out.write_text(render_reference(app), encoding="utf-8")
    print(f"wrote {out}")
