"""A database password never appears in any output; strain work is bounded on the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from strikewatch.cli import app

SECRET = "s3cretPW42"
# Port 1 on loopback: nothing listens, the driver fails fast, nothing leaves the machine.
URLS = [
    f"postgresql+psycopg://analyst:{SECRET}@127.0.0.1:1/ledger",
    f"postgresql+psycopg://analyst:{SECRET}@[127.0.0.1/ledger",  # unparseable
    f"nosuchdialect://analyst:{SECRET}@127.0.0.1:1/ledger",
]
COMMANDS = [
    ["info"],
    ["nights"],
    ["claims", "--csv"],
    ["top"],
    ["watch"],
    ["strain", "estimate", "--since", "2025-08-21", "--until", "2025-08-21", "--runs", "100"],
    ["strain", "project", "--days", "5", "--runs", "100", "--since", "2025-08-01"],
]


@pytest.mark.parametrize("url", URLS)
def test_database_password_never_shown(url: str) -> None:
    runner = CliRunner()
    for command in COMMANDS:
        for how in ("option", "env"):
            if how == "option":
                out = runner.invoke(app, [*command, "--db", url])
            else:
                out = runner.invoke(app, command, env={"STRIKEWATCH_DB": url})
            shown = out.output + (str(out.exception) if out.exception else "")
            assert SECRET not in shown, (command, how, shown)
            if command[0] in ("info", "nights", "watch"):
                assert out.exit_code == 2 and "cannot open ledger" in out.output
                assert "analyst:***@" in out.output  # the location is still named


def test_describe_and_redact() -> None:
    from strikewatch.ledger.connection import redact_db, scrub_db

    assert redact_db(URLS[0]) == "postgresql+psycopg://analyst:***@127.0.0.1:1/ledger"
    assert SECRET not in redact_db(URLS[1]) and SECRET not in redact_db(URLS[2])
    assert redact_db("/tmp/ledger.sqlite") == "/tmp/ledger.sqlite"
    assert scrub_db(f"driver said {SECRET} at {URLS[0]}", URLS[0]).count(SECRET) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["strain", "project", "--runs", "2000000"],
        ["strain", "project", "--days", "3000", "--runs", "100"],
        [
            "strain",
            "estimate",
            "--since",
            "2025-08-21",
            "--until",
            "2025-08-21",
            "--runs",
            "2000000",
        ],
    ],
)
def test_strain_cli_has_the_api_bounds(args: list[str], tmp_path: Path) -> None:
    out = CliRunner().invoke(app, [*args, "--db", str(tmp_path / "l.sqlite")])
    assert out.exit_code == 2 and "--unbounded" in out.output, out.output


def test_strain_unbounded_is_explicit(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        app, ["strain", "project", "--days", "2", "--runs", "5001", "--unbounded", "--json"]
    )
    assert out.exit_code == 0, out.output
    assert '"runs": 5001' in out.output
