"""Shared fixtures: the real public dataset from ../shared, imported once per session.

When CI=true a missing ../shared is a failure, not a skip, so CI can never pass by
silently testing nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED = Path(
    os.environ.get("STRIKEWATCH_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared")
).resolve()


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"required shared file missing in CI: {path}")
        pytest.skip(f"shared file not available: {path}")
    return path


@pytest.fixture(scope="session", autouse=True)
def catalog_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The catalog's parse cache (decision 87) in a session directory, for the tests and the
    commands they start, instead of the developer's own cache (unless one is set)."""
    chosen = os.environ.get("STRIKEWATCH_CACHE_DIR")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("catalog-cache")
    os.environ["STRIKEWATCH_CACHE_DIR"] = str(path)
    yield path
    if not chosen:
        os.environ.pop("STRIKEWATCH_CACHE_DIR", None)


@pytest.fixture(scope="session")
def dataset_csv() -> Path:
    return shared_file("data", "missile_attacks_daily.csv")


@pytest.fixture(scope="session")
def weapons_csv() -> Path:
    return shared_file("data", "missiles_and_uavs.csv")


@pytest.fixture(scope="session")
def events_csv() -> Path:
    return shared_file("data", "context_events.csv")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return shared_file("seeds")


# --- ledgers -------------------------------------------------------------------------------


PG_ENV = "STRIKEWATCH_TEST_PG"


def _postgres_base() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{PG_ENV} must point at a PostgreSQL server in CI (.ci/run starts one)")
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty ledger URL on SQLite and, when available, on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.sqlite'}"
        return
    base = _postgres_base()
    if not base:
        pytest.skip(f"{PG_ENV} not set: PostgreSQL ledger tests run in CI")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"sw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        from strikewatch.ledger import connection

        engine = connection._ENGINES.pop(url, None)
        if engine is not None:
            engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def real_ledger_path(
    tmp_path_factory: pytest.TempPathFactory, dataset_csv: Path, weapons_csv: Path
) -> Path:
    """A SQLite ledger holding the real dataset, imported once per test session (per worker)."""
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect

    path = tmp_path_factory.mktemp("real") / "ledger.sqlite"
    import_dataset(connect(path), dataset_csv, weapons=weapons_csv)
    return path


@pytest.fixture(scope="session")
def real_engine(real_ledger_path: Path):  # type: ignore[no-untyped-def]
    from strikewatch.ledger import connect

    return connect(real_ledger_path)


@pytest.fixture(scope="session")
def real_figures(real_engine):  # type: ignore[no-untyped-def]
    from strikewatch.ledger import queries

    return queries.figures(real_engine)


@pytest.fixture(scope="session")
def real_nightly(real_figures):  # type: ignore[no-untyped-def]
    from strikewatch.tables import nightly_totals

    return nightly_totals(real_figures)
