"""A copy of the real ledger with extra, hostile dataset rows imported (for the export and
feed tests): the real data plus exactly the rows a test names."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import copy_ledger


def ledger_with_rows(
    real_ledger_path: Path,
    dataset_csv: Path,
    tmp_path: Path,
    rows: list[str],
    weapons: str | None = None,
    weapons_csv: Path | None = None,
) -> Path:
    """Copy the real ledger and import ``rows`` (dataset CSV lines, the real header added).

    ``weapons`` is an extra weapons-reference line appended to ``weapons_csv``'s header, for a
    model the catalogue does not know.
    """
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect

    ledger = copy_ledger(real_ledger_path, tmp_path / "ledger.sqlite")
    header = dataset_csv.read_text(encoding="utf-8").splitlines()[0]
    extra = tmp_path / "hostile.csv"
    extra.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    reference = None
    if weapons is not None and weapons_csv is not None:
        reference = tmp_path / "weapons.csv"
        first = weapons_csv.read_text(encoding="utf-8").splitlines()[0]
        reference.write_text(first + "\n" + weapons + "\n", encoding="utf-8")
    import_dataset(connect(ledger), extra, weapons=reference)
    return ledger
