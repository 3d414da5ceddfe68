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

from strikewatch.gcpause import paused_gc
from strikewatch.ledger import queries


@dataclass
class Snapshot:
    """The ledger's tidy tables at one version (see :mod:`strikewatch.tables`).

    ``nightly`` is read from the resolver's totals table (a row per night, not per figure);
    the whole ``figures``, ``places`` and ``targets`` tables load on first use only, because
    a briefing or a watch run needs just a window of them (``*_between``) and reading a
    1,000,000-row ledger's figures took seconds (decision 57).
    """

    version: dict[str, Any]
    nightly: pd.DataFrame
    events: pd.DataFrame
    events_origin: str
    engine: Engine | None = field(default=None, repr=False)
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

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

    def _table(self, name: str) -> pd.DataFrame:
        with self._lock:
            if name not in self._tables:
                assert self.engine is not None, f"a snapshot without a ledger lacks {name}"
                self._tables[name] = _READERS[name](self.engine)
            return self._tables[name]

    @property
    def figures(self) -> pd.DataFrame:
        return self._table("figures")

    @property
    def places(self) -> pd.DataFrame:
        return self._table("places")

    @property
    def targets(self) -> pd.DataFrame:
        return self._table("targets")

    def _between(self, name: str, since: pd.Timestamp, until: pd.Timestamp) -> pd.DataFrame:
        """Rows of one table whose night lies in [since, until]: a slice of the whole table
        when it is loaded, else an indexed read of just that window (memoised)."""
        if name in self._tables or self.engine is None:
            t = self._table(name)
            return t[(t["night"] >= since) & (t["night"] <= until)]
        engine = self.engine
        return self.memo(
            ("between", name, since, until),
            lambda: _READERS[name](engine, since.date(), until.date()),
        )

    @property
    def has_targets(self) -> bool:
        """Whether the ledger holds any target-category claim (without reading them)."""
        if "targets" in self._tables or self.engine is None:
            return bool(len(self.targets))
        engine = self.engine
        return bool(self.memo("has-targets", lambda: queries.has_target_claims(engine)))

    def figures_between(self, since: pd.Timestamp, until: pd.Timestamp) -> pd.DataFrame:
        return self._between("figures", since, until)

    def places_between(self, since: pd.Timestamp, until: pd.Timestamp) -> pd.DataFrame:
        return self._between("places", since, until)

    def targets_between(self, since: pd.Timestamp, until: pd.Timestamp) -> pd.DataFrame:
        return self._between("targets", since, until)


_READERS: dict[str, Any] = {
    "figures": queries.figures,
    "places": queries.night_places,
    "targets": queries.target_claims,
}


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
    """Read the nightly totals and the events (uncached); the rest loads when first used.

    The collector is paused meanwhile (:mod:`strikewatch.gcpause`): the series' rows are
    hundreds of thousands of fresh objects, and full collections over them and every
    loaded module cost more than the read."""
    from strikewatch.ledger.totals import unit_frame

    with paused_gc():
        version = version or queries.ledger_version(engine)
        events, origin = events_table(engine)
        return Snapshot(
            version=version,
            nightly=unit_frame(engine, "night"),
            events=events,
            events_origin=origin,
            engine=engine,
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
