"""Issue 16 acceptance on the real file: a report read twice is one report."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from tests.identity.conftest import NIGHT, integers, is_574_row, rewrite

from strikewatch.importer import import_dataset
from strikewatch.ledger import connect, queries
from strikewatch.ledger.schema import claims, sources
from strikewatch.tables import top_nights


def shahed(engine, night: str = NIGHT) -> dict:  # type: ignore[no-untyped-def]
    detail = queries.night_detail(engine, night)
    assert detail is not None
    (fig,) = [f for f in detail["figures"] if f["model"] == "Shahed-136/131"]
    return fig


def counts(engine) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(sources)).scalar_one(),
            conn.execute(select(func.count()).select_from(claims)).scalar_one(),
        )


def test_a_corrected_figure_is_a_revision_never_a_sum(
    tmp_path: Path, dataset_csv: Path, corrected_csv: Path
) -> None:
    engine = connect(tmp_path / "l.sqlite")
    import_dataset(engine, dataset_csv)
    assert shahed(engine)["launched"] == 574
    report = import_dataset(engine, corrected_csv)
    assert report.sources_written == 1 and report.revisions_written == 1
    assert report.missing_upstream_count == 0
    assert report.nights_resolved >= 1
    fig = shahed(engine)
    assert fig["launched"] == 580 and fig["launched"] != 1154
    assert fig["status"] == "official"
    nightly = queries.nightly(engine, "2025-01-01", "2025-12-31")
    top = top_nights(nightly, "drones", year=2025, n=3)
    assert 1154 not in set(top["value"])
    (row,) = nightly[nightly["night"] == NIGHT].to_dict("records")
    assert row["drones"] == 580
    # both readings are kept: the earlier one superseded by the newer
    with engine.connect() as conn:
        readings = conn.execute(
            select(sources.c.id, sources.c.revision, sources.c.superseded_by)
            .where(sources.c.title.like("Shahed-136/131 2025-08-20 18:40%"))
            .order_by(sources.c.id)
        ).all()
    assert [r.revision for r in readings] == [1, 2]
    assert readings[0].superseded_by == readings[1].id and readings[1].superseded_by is None


def test_reexport_with_integers_writes_nothing(tmp_path: Path, dataset_csv: Path) -> None:
    engine = connect(tmp_path / "l.sqlite")
    import_dataset(engine, dataset_csv)
    before_counts = counts(engine)
    before = queries.nightly(engine)
    plain = rewrite(dataset_csv, tmp_path / "integers.csv", integers)
    text = plain.read_text(encoding="utf-8")
    assert "574," in text and "574.0" not in text and "{'belarus': 2}" in text
    report = import_dataset(engine, plain)
    assert report.rows_read == 3770
    assert report.sources_written == 0 and report.claims_written == 0
    assert report.duplicates_skipped == 3770 and report.missing_upstream_count == 0
    assert counts(engine) == before_counts
    after = queries.nightly(engine)
    assert after.equals(before)


def test_older_file_changes_nothing(tmp_path: Path, dataset_csv: Path, corrected_csv: Path) -> None:
    """Importing the original again after its correction keeps the correction current."""
    engine = connect(tmp_path / "l.sqlite")
    import_dataset(engine, dataset_csv)
    import_dataset(engine, corrected_csv)
    before = counts(engine)
    report = import_dataset(engine, dataset_csv)
    assert report.sources_written == 0 and report.revisions_written == 0
    assert counts(engine) == before
    assert shahed(engine)["launched"] == 580


def test_spelling_of_cells_does_not_matter(tmp_path: Path, dataset_csv: Path) -> None:
    """Spaces, case of the model list order and dict key order are spelling, not content."""

    def respell(_line: int, row: dict[str, str]) -> dict[str, str]:
        row["launched"] = f" {row['launched']} " if row["launched"] else ""
        row["target"] = row["target"].replace(" ", "  ")
        if is_574_row(row):
            row["destroyed_details"] = (
                "{'south': 15, 'west': 42.0, 'east': NaN, 'north': NaN, 'center': NaN}"
            )
        return row

    engine = connect(tmp_path / "l.sqlite")
    import_dataset(engine, dataset_csv)
    report = import_dataset(engine, rewrite(dataset_csv, tmp_path / "spaced.csv", respell))
    assert report.sources_written == 0 and report.duplicates_skipped == 3770


def test_rows_of_one_post_are_distinct_reports(tmp_path: Path, dataset_csv: Path) -> None:
    """18 pairs of real rows share post, window and model; each pair is two salvos, summed."""
    engine = connect(tmp_path / "l.sqlite")
    import_dataset(engine, dataset_csv)
    with engine.connect() as conn:
        keys = [r[0] for r in conn.execute(select(sources.c.identity_key))]
    assert len(keys) == len(set(keys)) == 3770
    bases = [k.split("#", 1)[0] for k in keys]
    assert len(bases) - len(set(bases)) == 18
    # 2025-08-04: two Kinzhal salvos in one post, 3 + 4 launched, both counted
    frame = queries.figures(engine, "2025-08-03", "2025-08-05")
    kinzhal = frame[frame["model"].str.contains("Kinzhal")]
    assert kinzhal["launched"].sum() == 7


def test_night_shows_the_earlier_revision_and_what_changed(
    tmp_path: Path, dataset_csv: Path, corrected_csv: Path
) -> None:
    from typer.testing import CliRunner

    from strikewatch.cli import app

    db = tmp_path / "l.sqlite"
    engine = connect(db)
    import_dataset(engine, dataset_csv)
    import_dataset(engine, corrected_csv)
    detail = queries.night_detail(engine, NIGHT)
    assert detail is not None
    (report,) = detail["revisions"]
    first, second = report["readings"]
    assert (first["revision"], first["state"]) == (1, "superseded")
    assert (second["revision"], second["state"]) == (2, "current")
    assert first["superseded_by"] == second["source_id"]
    assert first["seen_at"] <= second["seen_at"]
    assert second["changes"] == [
        {
            "model": "Shahed-136/131",
            "outcome": "launched",
            "qualifier": None,
            "before": 574,
            "after": 580,
        }
    ]
    out = CliRunner().invoke(app, ["night", NIGHT, "--db", str(db)]).output
    assert "revision 2" in out and "574 → 580" in out
    history = CliRunner().invoke(
        app, ["claims", NIGHT, "--history", "--json", "--limit", "2000", "--db", str(db)]
    )
    launched = {
        (c["reading"], c["value"])
        for c in __import__("json").loads(history.output)
        if c["outcome"] == "launched" and c["model"] == "Shahed-136/131" and c["qualifier"] is None
    }
    assert ("superseded", 574) in launched and ("current", 580) in launched


def test_rows_gone_upstream_are_reported_never_deleted(tmp_path: Path, dataset_csv: Path) -> None:
    from tests.identity.conftest import is_574_row
    from typer.testing import CliRunner

    from strikewatch.cli import app

    db = tmp_path / "l.sqlite"
    engine = connect(db)
    import_dataset(engine, dataset_csv)
    before = counts(engine)
    dropped = rewrite(
        dataset_csv, tmp_path / "dropped.csv", lambda _l, r: None if is_574_row(r) else r
    )
    result = CliRunner().invoke(app, ["import", "dataset", str(dropped), "--db", str(db)])
    assert result.exit_code == 0
    assert "1 report(s) in the ledger are missing from this file" in result.output
    assert "strikewatch retract" in result.output and "removed upstream" in result.output
    report = import_dataset(engine, dropped)
    assert report.missing_upstream_count == 1
    (gone,) = report.missing_upstream
    assert gone["title"].startswith("Shahed-136/131 2025-08-20 18:40")
    assert counts(engine) == before and shahed(engine)["launched"] == 574


def test_a_corrected_target_is_a_revision_of_the_same_report(
    tmp_path: Path, dataset_csv: Path
) -> None:
    """Post, window and model identify the report when the ledger and the file each hold
    one reading of it: a corrected target area is then a revision, not a second report."""
    from tests.identity.conftest import is_574_row

    def retarget(_line: int, row: dict[str, str]) -> dict[str, str]:
        if is_574_row(row):
            row["target"] = "west"
            row["launched"] = "575.0"
        return row

    engine = connect(tmp_path / "l.sqlite")
    import_dataset(engine, dataset_csv)
    report = import_dataset(engine, rewrite(dataset_csv, tmp_path / "t.csv", retarget))
    assert report.sources_written == 1 and report.revisions_written == 1
    assert report.missing_upstream_count == 0
    assert shahed(engine)["launched"] == 575


def _as_before_identities(engine) -> None:  # type: ignore[no-untyped-def]
    """Turn a ledger into one written before identities: raw-cell hashes, no keys, no kind."""
    import hashlib

    from sqlalchemy import delete, update

    from strikewatch.ledger.schema import ledger_meta

    with engine.begin() as conn:
        rows = conn.execute(select(sources.c.id, sources.c.text)).all()
        for source_id, text in rows:
            old = hashlib.sha256(text.replace(" | ", "\x1f").encode()).hexdigest()
            conn.execute(
                update(sources)
                .where(sources.c.id == source_id)
                .values(identity_key=None, content_hash=old)
            )
        conn.execute(delete(ledger_meta))


def test_a_ledger_from_before_identities_is_upgraded_not_doubled(
    tmp_path: Path, dataset_csv: Path, corrected_csv: Path
) -> None:
    engine = connect(tmp_path / "l.sqlite")
    import_dataset(engine, dataset_csv)
    before = queries.nightly(engine)
    _as_before_identities(engine)
    plain = rewrite(dataset_csv, tmp_path / "integers.csv", integers)
    report = import_dataset(engine, plain)
    assert report.sources_written == 0 and report.duplicates_skipped == 3770
    assert queries.nightly(engine).equals(before)
    report = import_dataset(engine, corrected_csv)
    assert report.revisions_written == 1 and shahed(engine)["launched"] == 580
