"""The catalog's parse cache (decision 87) returns exactly what parsing returns, and a missing,
damaged, stale or unwritable entry is parsed again, never an error or an old answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from strikewatch.catalog import place_names, places
from strikewatch.catalog._text import load_yaml
from strikewatch.catalog.parsed import CACHE_ENV, cached_parse, entry_path, parse_yaml

DATA = Path(__file__).resolve().parents[2] / "src" / "strikewatch" / "catalog" / "data"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yaml")))
def test_every_data_file_reads_back_as_parsed(name: str, cache: Path) -> None:
    raw = (DATA / name).read_bytes()
    first = load_yaml(name)
    again = load_yaml(name)
    assert first == again == parse_yaml(raw)
    assert again is not first  # a fresh value each time, as parsing gave


def test_an_entry_is_written_once_and_then_read(cache: Path) -> None:
    calls: list[bytes] = []

    def parse(raw: bytes) -> object:
        calls.append(raw)
        return parse_yaml(raw)

    assert cached_parse("t.yaml", b"a: [1, 2]\n", parse) == {"a": [1, 2]}
    assert entry_path("t.yaml", b"a: [1, 2]\n").is_file()
    assert cached_parse("t.yaml", b"a: [1, 2]\n", parse) == {"a": [1, 2]}
    assert len(calls) == 1


def test_other_bytes_never_read_an_old_entry(cache: Path) -> None:
    assert cached_parse("t.yaml", b"a: 1\n", parse_yaml) == {"a": 1}
    assert cached_parse("t.yaml", b"a: 2\n", parse_yaml) == {"a": 2}
    assert entry_path("t.yaml", b"a: 1\n") != entry_path("t.yaml", b"a: 2\n")


def test_a_damaged_entry_is_parsed_again_and_rewritten(cache: Path) -> None:
    raw = b"a: {b: 3}\n"
    cached_parse("t.yaml", raw, parse_yaml)
    entry_path("t.yaml", raw).write_bytes(b"\x00garbage")
    assert cached_parse("t.yaml", raw, parse_yaml) == {"a": {"b": 3}}
    assert cached_parse("t.yaml", raw, lambda _: pytest.fail("parsed twice")) == {"a": {"b": 3}}


def test_an_unwritable_cache_only_costs_a_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert cached_parse("t.yaml", b"a: 1\n", parse_yaml) == {"a": 1}
    assert load_yaml("places.yaml") == parse_yaml((DATA / "places.yaml").read_bytes())


def test_a_value_marshal_cannot_hold_is_returned_and_not_cached(cache: Path) -> None:
    raw = b"since: 2024-02-01\n"
    assert cached_parse("d.yaml", raw, parse_yaml) == {"since": dt.date(2024, 2, 1)}
    assert not entry_path("d.yaml", raw).exists()


def test_place_names_are_the_catalogs_english_names(cache: Path) -> None:
    names = place_names()
    assert names == {pid: place.name_en for pid, place in places().items()}
    assert names["lviv_oblast"] == "Lviv oblast" and names["west"] == "western Ukraine"
