"""One consistent, cached read of the tidy tables the views need (briefing, watch, web).

Why: the briefing, the watch rules and every dashboard page work from the same few tables
(figures, nightly totals, places, target claims, context events). Reading them once per
ledger version keeps a page or a briefing well under a second and guarantees that every
view of one request sees the same data. The ledger stays the only state: a snapshot is a
read-only cache keyed by :func:`strikewatch.ledger.queries.ledger_version`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from strikewatch.ledger import queries
from strikewatch.tables import nightly_totals


@dataclass
class Snapshot:
    """The ledger's tidy tables at one version (see :mod:`strikewatch.tables`)."""

    version: dict[str, Any]
    figures: pd.DataFrame
    nightly: pd.DataFrame
    places: pd.DataFrame
    targets: pd.DataFrame
    events: pd.DataFrame
    events_origin: str
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def synthetic(self) -> bool:
        return bool(len(self.nightly)) and bool(self.nightly["synthetic"].astype(bool).any())

    @property
    def latest_night(self) -> pd.Timestamp | None:
        if self.nightly.empty:
            return None
        return pd.Timestamp(self.nightly["night"].max())

    def memo(self, key: Any, compute: Any) -> Any:
        """Compute once per snapshot (the snapshot dies with its ledger version)."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


def version_key(version: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(str(version.get(k)) for k in sorted(version))


def events_table(engine: Engine) -> tuple[pd.DataFrame, str]:
    """Context events from the ledger, else the curated package list; and where they came from."""
    from strikewatch.analysis.events_io import default_events, events_frame

    frame = queries.context_events(engine)
    if len(frame):
        return frame, "ledger"
    return events_frame(default_events()), "package default list (no events in the ledger)"


def load(engine: Engine, version: dict[str, Any] | None = None) -> Snapshot:
    """Read every table the views need (uncached)."""
    version = version or queries.ledger_version(engine)
    figures = queries.figures(engine)
    events, origin = events_table(engine)
    return Snapshot(
        version=version,
        figures=figures,
        nightly=nightly_totals(figures),
        places=queries.night_places(engine),
        targets=queries.target_claims(engine),
        events=events,
        events_origin=origin,
    )


_LOCK = threading.Lock()
_CACHE: dict[str, tuple[tuple[Any, ...], Snapshot]] = {}
_LOAD_LOCKS: dict[str, threading.Lock] = {}


def current(engine: Engine, version: dict[str, Any] | None = None) -> Snapshot:
    """The snapshot of the ledger's current version, re-read only when the version changed.

    ``version`` is a :func:`~strikewatch.ledger.queries.ledger_version` the caller has just
    read (the web app keeps one per second), saving the query here.
    """
    version = version or queries.ledger_version(engine)
    key = version_key(version)
    url = str(engine.url)
    with _LOCK:
        hit = _CACHE.get(url)
        if hit is not None and hit[0] == key:
            return hit[1]
    with _LOAD_LOCKS.setdefault(url, threading.Lock()):
        # another thread may have loaded this version while we waited
        with _LOCK:
            hit = _CACHE.get(url)
            if hit is not None and hit[0] == key:
                return hit[1]
        snap = load(engine, version)
        with _LOCK:
            _CACHE[url] = (key, snap)
    return snap
