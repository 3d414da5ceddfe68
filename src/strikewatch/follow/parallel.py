"""Reading stored texts again on several cores or a Dask cluster, for ``strikewatch reread``.

Workers get partitions of plain values (a source's id, text and what the reader needs besides)
and return what the current reader makes of them; they never open the ledger, so the caller
alone writes, in bulk and in source order. Partitions are cut in source-id order and results
come back in the order of the partitions (``Executor.map`` and ``Client.gather`` keep it), so
a run on one core, on N processes or on a cluster writes the very same ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from strikewatch.domain import Claim, SourceLevel
from strikewatch.errors import InputError

#: Documents per task: large enough that pickling and scheduling are small beside reading,
#: small enough that two workers get a fair share of a few hundred documents.
PARTITION = 250


@dataclass(frozen=True)
class StoredText:
    """What a worker needs to read one stored text again (no connection, no ORM row)."""

    source_id: int
    text: str
    url: str | None
    publisher: str | None
    published: dt.datetime | None
    identity_key: str | None
    kind: str
    level: str


@dataclass
class Reading:
    """The current reader's reading of one stored text; ``error`` when it refuses the text."""

    source_id: int
    claims: list[Claim] = field(default_factory=list)
    language: str | None = None
    error: str | None = None


def read_stored(item: StoredText) -> Reading:
    """Read one stored text as ``ingest`` would read it now (same checks and flags)."""
    from strikewatch.ingest import Document, read_for_ingest

    doc = Document(
        name=f"source {item.source_id}",
        text=item.text,
        url=item.url,
        publisher=item.publisher,
        published=item.published,
        identity_key=item.identity_key,
        kind=item.kind,
        level=SourceLevel(item.level),
    )
    try:
        read = read_for_ingest(doc)
    except InputError as err:
        return Reading(item.source_id, error=str(err))
    return Reading(item.source_id, read.result.claims, read.result.language)


def read_partition(part: Sequence[StoredText]) -> list[Reading]:
    """One task: read a partition in order (a top-level function, so spawn can pickle it)."""
    return [read_stored(item) for item in part]


def partitions(items: Sequence[StoredText], size: int = PARTITION) -> list[list[StoredText]]:
    """Consecutive partitions in the given (source-id) order."""
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def read_all(
    items: Sequence[StoredText], *, workers: int = 1, dask: str | None = None
) -> list[Reading]:
    """Every item read again, in the order given: in this process (``workers=1``), on
    ``workers`` spawned processes, or on the Dask cluster at ``dask`` (``tcp://HOST:PORT``)."""
    if workers < 1:
        raise InputError(f"must be at least 1, not {workers}", where="--workers")
    parts = partitions(items)
    if dask is not None:
        run = _on_dask(dask)
    elif workers > 1 and len(parts) > 1:
        run = _on_processes(min(workers, len(parts)))
    else:
        return read_partition(items)
    return [reading for part in run(parts) for reading in part]


def _on_processes(workers: int) -> Callable[[list[list[StoredText]]], list[list[Reading]]]:
    def run(parts: list[list[StoredText]]) -> list[list[Reading]]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: a forked child would inherit the ledger's pooled connections
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(read_partition, parts))

    return run


def _on_dask(address: str) -> Callable[[list[list[StoredText]]], list[list[Reading]]]:
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "needs dask.distributed, which is not installed: "
            "pip install 'strikewatch[cluster]' (or dask[distributed])",
            where="--dask",
        ) from None

    def run(parts: list[list[StoredText]]) -> list[list[Reading]]:
        try:
            client = Client(address, timeout=30)
        except OSError as err:
            raise InputError(
                f"cannot reach the Dask scheduler at {address}: {err}", where="--dask"
            ) from None
        with client:
            # scattered, not embedded in the task graph: the texts go straight to the workers
            data: list[Any] = client.scatter(parts)
            futures: list[Any] = client.map(read_partition, data, pure=False)
            return list(client.gather(futures))

    return run
