"""Running ``reread``'s partitions on several cores or a Dask cluster.

A task is a partition of source ids and the ledger's URL (a few kilobytes): the worker opens
the ledger itself, reads the partition and returns only what changed
(``follow.rereading``), so neither the texts nor the unchanged readings cross a process
boundary. Results are yielded lazily in partition order (``Executor.map`` keeps it; Dask
futures are awaited in order), so the caller writes earlier partitions while workers read
later ones, and a run on one core, on N processes or on a cluster writes the same ledger.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from itertools import repeat
from typing import Any

from sqlalchemy import Engine

from strikewatch.errors import InputError
from strikewatch.follow.rereading import Change, changed_readings, partition_task, warm_reader

#: Source ids per task: each costs two indexed queries and a round trip of a few kilobytes,
#: and the run's last task is read with one core idle, so a few hundred is both cheap per
#: task and a short tail.
PARTITION = 250


def id_partitions(ids: Sequence[int], size: int = PARTITION) -> list[list[int]]:
    """Consecutive partitions in the given (source-id) order."""
    return [list(ids[start : start + size]) for start in range(0, len(ids), size)]


def read_changes(
    engine: Engine, parts: list[list[int]], *, workers: int = 1, dask: str | None = None
) -> Iterator[list[Change]]:
    """Each partition's changed readings, in partition order: read in this process
    (``workers=1``), on ``workers`` local processes, or on the Dask cluster at ``dask``
    (``tcp://HOST:PORT``), whose workers must reach the ledger themselves."""
    if workers < 1:
        raise InputError(f"must be at least 1, not {workers}", where="--workers")
    if dask is None and (workers == 1 or len(parts) < 2):
        return _here(engine, parts)
    url = _shared_url(engine, "--dask" if dask is not None else "--workers")
    if dask is not None:
        return _on_dask(_dask_client(dask), url, parts)
    return _on_processes(engine, min(workers, len(parts)), url, parts)


def _here(engine: Engine, parts: list[list[int]]) -> Iterator[list[Change]]:
    for part in parts:  # a pooled connection per partition, free while the caller writes
        with engine.connect() as conn:
            yield changed_readings(conn, part)


def _shared_url(engine: Engine, option: str) -> str:
    """The URL other processes open the ledger by (an in-memory ledger has none)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        raise InputError("an in-memory ledger cannot be read by other processes", where=option)
    return url.render_as_string(hide_password=False)


def _start_method() -> str:
    """``fork`` on Linux: a child starts with the reader already imported, where a spawned one
    spent ~1.4 s of CPU importing it (docs/decisions.md, 108); ``spawn`` elsewhere."""
    return "fork" if sys.platform == "linux" else "spawn"


def _on_processes(
    engine: Engine, workers: int, url: str, parts: list[list[int]]
) -> Iterator[list[Change]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from strikewatch.ledger.connection import forget_engines_after_fork

    method = _start_method()
    if method == "fork":
        warm_reader()
    # no pooled connection is inherited (closed here), and the child forgets the parent's pools
    engine.dispose()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=forget_engines_after_fork,
    )
    try:
        yield from pool.map(partition_task, repeat(url), parts)
    finally:  # an abandoned run (a failed write) does not read the rest
        pool.shutdown(cancel_futures=True)


def _dask_client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "needs dask.distributed, which is not installed: "
            "pip install 'strikewatch[cluster]' (or dask[distributed])",
            where="--dask",
        ) from None
    try:
        return Client(address, timeout=30)
    except OSError as err:
        raise InputError(
            f"cannot reach the Dask scheduler at {address}: {err}", where="--dask"
        ) from None


def _on_dask(client: Any, url: str, parts: list[list[int]]) -> Iterator[list[Change]]:
    try:
        futures: list[Any] = client.map(partition_task, [url] * len(parts), parts, pure=False)
        for future in futures:
            yield future.result()
            future.release()
    finally:
        client.close()
