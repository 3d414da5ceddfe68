"""Reading context-event CSV files, the curated default list and the import function."""

from __future__ import annotations

import csv

import pytest

from strikewatch.analysis.events_io import EventsFileError, default_events, read_events_csv

HEADER = "date,end_date,kind,title,actors,source_url,note\n"


def test_reads_the_shared_file(events_csv):
    events = read_events_csv(events_csv)
    assert len(events) == 93
    unverified = [e for e in events if not e.verified]
    assert len(unverified) == 2 and all(e.source_url is None for e in unverified)
    assert sum(1 for e in events if e.end_date) == 16
    assert all(e.origin == "context_events.csv" for e in events)


@pytest.mark.parametrize(
    ("body", "line", "field"),
    [
        ("2025-13-01,,diplomacy,t,UA,https://x.org,\n", 2, "date"),
        ("2025-01-01,,summit,t,UA,https://x.org,\n", 2, "kind"),
        ("2025-01-02,2025-01-01,diplomacy,t,UA,https://x.org,\n", 2, "end_date"),
        (
            "2025-01-01,,diplomacy,t,UA,https://x.org,\n2025-01-02,,diplomacy,,UA,https://x.org,\n",
            3,
            "title",
        ),
        ("2025-01-01,,diplomacy,t,UA,ftp://x,\n", 2, "source_url"),
        ("2025-01-01,,diplomacy,t,UA\n", 2, None),
    ],
)
def test_errors_name_file_line_and_field(tmp_path, body, line, field):
    path = tmp_path / "events.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(EventsFileError) as err:
        read_events_csv(path)
    assert err.value.line == line and err.value.field == field
    assert str(path) in str(err.value) and f":{line}:" in str(err.value)


def test_missing_column_and_bad_encoding(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("date,kind,title\n2025-01-01,diplomacy,t\n", encoding="utf-8")
    with pytest.raises(EventsFileError, match="end_date"):
        read_events_csv(path)
    bad = tmp_path / "b.csv"
    bad.write_bytes(HEADER.encode() + b"2025-01-01,,diplomacy,caf\xe9,UA,unverified,\n")
    with pytest.raises(EventsFileError, match=r"b\.csv:2: not UTF-8"):
        read_events_csv(bad)


def test_default_list_is_our_own(events_csv):
    ours = default_events()
    assert len(ours) >= 25 and all(e.origin == "package" for e in ours)
    assert all((e.note and "basis" in e.note) or "checked" in (e.note or "") for e in ours)
    with open(events_csv, encoding="utf-8") as fh:
        shared_titles = {row["title"] for row in csv.DictReader(fh)}
    assert not shared_titles & {e.title for e in ours}
    dates = {e.date.isoformat(): e for e in ours}
    for day in ("2025-06-01", "2025-05-16", "2025-08-15", "2025-04-19", "2025-03-18"):
        assert day in dates


def test_import_events_is_idempotent_and_all_or_nothing(tmp_path, events_csv):
    from strikewatch.commands.events import import_events
    from strikewatch.ledger import connect, queries

    db = str(tmp_path / "l.sqlite")
    first = import_events(events_csv, db)
    assert first["events_written"] == 93
    assert import_events(events_csv, db)["events_written"] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + "2025-01-01,,diplomacy,new,UA,https://x.org,\n2025-99-01,,diplomacy,t,UA,,\n"
    )
    with pytest.raises(EventsFileError):
        import_events(bad, db)
    assert len(queries.context_events(connect(db))) == 93
    assert import_events("default", db)["events_written"] == len(default_events())
