"""Adding a regional air command's channel: an operator's channels file, checked; its posts
speak at level regional_command, so their figures support, never replace, the national ones.

No regional handle is listed in the package (none could be verified: see channels.yaml); the
channel name below is an example of ours, not a real handle.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from strikewatch.domain import SourceLevel
from strikewatch.errors import InputError
from strikewatch.follow.channels import CHANNELS_ENV, Channel, channel
from strikewatch.ingest import Document, ingest_document
from strikewatch.ledger import connect, queries

PUBLISHED = dt.datetime(2026, 7, 20, 6, 0, tzinfo=dt.UTC)
NIGHT = dt.date(2026, 7, 20)
NATIONAL = (
    "У ніч на 20 липня противник атакував 48 ударними БпЛА типу Shahed. "
    "За попередніми даними, збито/подавлено 41 ворожий БпЛА."
)
REGIONAL = (  # a sector's own tally, as a regional command reports it
    "У ніч на 20 липня в зоні відповідальності Повітряного командування противник атакував "
    "15 ударними БпЛА типу Shahed. Збито 12 БпЛА."
)


def _post(ch: Channel, post_id: int, text: str) -> Document:
    """A channel post as the follower builds it: the channel's publisher and level."""
    key = ch.post_key(post_id)
    return Document(name=key, text=text, url=ch.post_url(post_id), publisher=ch.publisher,
                    published=PUBLISHED, identity_key=key, kind="channel_post", level=ch.level)  # fmt: skip


@pytest.fixture
def regional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Channel:
    extra = tmp_path / "channels.yaml"
    extra.write_text(
        "example_regional:  # an example of ours, not a real handle\n"
        "  publisher: Example regional air command\n  level: regional_command\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(CHANNELS_ENV, str(extra))
    return channel("example_regional")


def test_an_operator_file_adds_a_regional_command(regional: Channel) -> None:
    assert regional.level is SourceLevel.REGIONAL_COMMAND
    assert regional.publisher == "Example regional air command"
    assert channel("kpszsu").level is SourceLevel.NATIONAL_COMMAND  # the package's stay


def test_without_the_file_an_unknown_channel_is_media(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CHANNELS_ENV, raising=False)
    assert channel("example_regional").level is SourceLevel.MEDIA


@pytest.mark.parametrize("first", ["regional", "national"])
def test_regional_figures_support_never_replace(
    regional: Channel, tmp_path: Path, first: str
) -> None:
    engine = connect(tmp_path / f"{first}.sqlite")
    posts = [_post(regional, 5, REGIONAL), _post(channel("kpszsu"), 9001, NATIONAL)]
    for doc in posts if first == "regional" else posts[::-1]:
        ingest_document(engine, doc)
    detail = queries.night_detail(engine, NIGHT)
    assert detail is not None
    assert detail["totals"]["drones"]["launched"] == 48  # the national figure, never 15
    assert detail["totals"]["drones"]["destroyed"] == 41
    for fig in detail["figures"]:
        assert {s["level"] for s in fig["sources"]} == {"national_command"}
        assert "regional_command" in {s["level"] for s in fig["supporting"]}


@pytest.mark.parametrize(
    ("body", "line", "field"),
    [
        ("a_regional:\n  publisher: X\n  level: general\n", 1, "level"),
        ("kpszsu:\n  publisher: X\n  level: media\nsecond_one:\n  level: media\n", 4, "publisher"),
        ("bad/name:\n  publisher: X\n  level: media\n", 1, None),
    ],
)
def test_a_bad_channels_file_names_file_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, line: int, field: str | None
) -> None:
    path = tmp_path / f"bad-{line}-{field}.yaml"
    path.write_text(body, encoding="utf-8")
    monkeypatch.setenv(CHANNELS_ENV, str(path))
    with pytest.raises(InputError) as caught:
        channel("kpszsu")
    err = caught.value
    assert (err.where, err.line, err.field) == (str(path), line, field)
