"""Watch rules over new nights, and where their alerts go (terminal, Atom feed, webhooks).

Rules are pure functions of a :class:`strikewatch.snapshot.Snapshot` and a night: each
returns a :class:`RuleState` (fired or not, with the figures that decided it), so the
briefing can show every rule's *current state* and ``strikewatch watch`` can store the ones
that fired. The ledger's ``alerts`` table is unique per (night, rule): an alert fires once,
however often the job runs or how many copies of it race.

Rules (defaults in :class:`WatchConfig`):

* ``follow_on``: ``n`` nights in a row (ending with this night) with at least
  ``threshold`` strike drones launched.
* ``record``: for any count kind, more launched than on every earlier night in the data
  (after a warm-up of ``warmup_nights`` nights with a known value).
* ``interception_low``: the night's share of strike drones (and, separately, of missiles)
  destroyed, with its whole 95% Wilson interval, is below the 5th percentile of the
  trailing 30 nights' shares (nights with at least ``min_launched`` launched), counting only
  nights of the same reporting regime (``analysis.regimes``).
* ``west_share``: the share of the night's hit-region claims in the west macro-region is
  above the upper end of the trailing 365 nights' interval.
* ``energy_surge``: energy/gas target claims on the night are at least ``energy_min`` and
  at least ``energy_factor`` × the trailing 30-night mean.
* ``new_ballistic_type``: a ballistic or aeroballistic model (compound labels split on
  "/" and "+") appears for the first time in the data, after the warm-up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from strikewatch.analysis.binomial import wilson_bounds
from strikewatch.ledger import queries
from strikewatch.outbound import OutboundRefused, Policy, check_url, redact
from strikewatch.outbound import client as outbound_client
from strikewatch.snapshot import Snapshot
from strikewatch.tables import COUNT_KINDS

ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class WatchConfig:
    follow_on_kind: str = "drones"
    follow_on_nights: int = 3
    follow_on_threshold: float = 300.0
    warmup_nights: int = 30
    min_launched: float = 20.0
    baseline_short: int = 30
    baseline_long: int = 365
    energy_min: int = 3
    energy_factor: float = 3.0


@dataclass
class RuleState:
    """One rule's verdict on one night; ``fired`` states become alerts."""

    rule: str
    night: str
    fired: bool
    title: str
    summary: str
    value: float | None = None
    baseline: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        from strikewatch.output import jsonable

        out: dict[str, Any] = jsonable(asdict(self))
        return out


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    check: Callable[[Snapshot, pd.Timestamp, WatchConfig], RuleState]


def _series(snap: Snapshot, kind: str) -> pd.Series:
    """A count kind on a gapless calendar; absent nights launched 0 (as in tempo)."""

    def compute() -> pd.Series:
        n = snap.nightly
        if n.empty:
            return pd.Series(dtype="float64")
        s = n.set_index(pd.DatetimeIndex(n["night"]))[kind].astype("float64").sort_index()
        full = pd.date_range(s.index.min(), s.index.max(), freq="D")
        out = s.reindex(full)
        return out.where(out.index.isin(s.index), 0.0)

    result: pd.Series = snap.memo(("watch-series", kind), compute)
    return result


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "unknown"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


# ----------------------------------------------------------------------------- the rules


def follow_on(snap: Snapshot, night: pd.Timestamp, cfg: WatchConfig) -> RuleState:
    s = _series(snap, cfg.follow_on_kind)
    upto = s[s.index <= night]
    above = (upto >= cfg.follow_on_threshold).to_numpy()[::-1]
    run = int(np.argmin(above)) if (len(above) and not above.all()) else len(above)
    fired = run >= cfg.follow_on_nights
    what = f"{cfg.follow_on_kind} ≥ {_fmt(cfg.follow_on_threshold)}"
    title = f"{run} nights in a row with {what}" if fired else "No follow-on run"
    return RuleState(
        "follow_on",
        night.date().isoformat(),
        fired,
        title,
        f"{run} night(s) in a row with {what} (alert at {cfg.follow_on_nights}).",
        value=float(run),
        baseline=float(cfg.follow_on_nights),
        detail={"kind": cfg.follow_on_kind, "threshold": cfg.follow_on_threshold},
    )


def record(snap: Snapshot, night: pd.Timestamp, cfg: WatchConfig) -> RuleState:
    n = snap.nightly
    broken: list[dict[str, Any]] = []
    parts: list[str] = []
    if not n.empty:
        frame = n.set_index(pd.DatetimeIndex(n["night"])).sort_index()
        before = frame[frame.index < night]
        if night in frame.index:
            row = frame.loc[night]
            for kind in COUNT_KINDS:
                value = row[kind]
                prev = before[kind].dropna()
                if pd.isna(value) or len(prev) < cfg.warmup_nights:
                    continue
                previous = float(prev.max())
                if value > previous and value > 0:
                    broken.append(
                        {
                            "kind": kind,
                            "value": float(value),
                            "previous": previous,
                            "previous_night": prev.idxmax().date().isoformat(),
                        }
                    )
                parts.append(f"{kind} {_fmt(float(value))} (record {_fmt(previous)})")
    first = snap.nightly["night"].min() if len(snap.nightly) else None
    since = f" since {pd.Timestamp(first).date().isoformat()}" if first is not None else ""
    if broken:
        title = "Record: " + "; ".join(
            f"{_fmt(b['value'])} {b['kind']}, above {_fmt(b['previous'])} on {b['previous_night']}"
            for b in broken
        )
        summary = f"New all-time record{since} for {', '.join(b['kind'] for b in broken)}."
    else:
        title = "No record"
        summary = (
            ("No count above its earlier maximum: " + ", ".join(parts))
            if parts
            else ("No counts to compare (too little history or no figures).")
        )
    return RuleState(
        "record",
        night.date().isoformat(),
        bool(broken),
        title,
        summary,
        value=broken[0]["value"] if broken else None,
        baseline=broken[0]["previous"] if broken else None,
        detail={"records": broken},
    )


def _share_baseline(
    snap: Snapshot, night: pd.Timestamp, kind: str, days: int
) -> tuple[float | None, float | None, float | None, float, int]:
    """Pooled destroyed/launched share of ``kind`` over the ``days`` nights before ``night``."""
    n = snap.nightly
    if n.empty:
        return None, None, None, 0.0, 0
    from strikewatch.analysis.regimes import same_regime  # like with like (issue 9)

    # The window's nights first, then indexed and sorted (one row per night: the same rows
    # in the same order as a slice of the whole sorted series, without sorting every night).
    nights = pd.to_datetime(n["night"])
    near = n[(nights < night) & (nights >= night - pd.Timedelta(days=days))]
    window = near.set_index(pd.DatetimeIndex(near["night"])).sort_index()
    window = window[same_regime(window.index, night)]
    ok = window[kind].notna() & window[f"{kind}_destroyed"].notna() & (window[kind] > 0)
    launched = float(window.loc[ok, kind].sum())
    destroyed = float(np.minimum(window.loc[ok, f"{kind}_destroyed"], window.loc[ok, kind]).sum())
    if launched <= 0:
        return None, None, None, 0.0, int(ok.sum())
    lo, hi = wilson_bounds(destroyed, launched)
    return destroyed / launched, lo, hi, launched, int(ok.sum())


def night_share(
    snap: Snapshot, night: pd.Timestamp, kind: str
) -> tuple[float | None, float, float]:
    """(share destroyed, destroyed, launched) of one night for one count kind."""
    n = snap.nightly
    row = n[pd.to_datetime(n["night"]) == night]
    if row.empty:
        return None, 0.0, 0.0
    launched = row[kind].iloc[0]
    destroyed = row[f"{kind}_destroyed"].iloc[0]
    if pd.isna(launched) or pd.isna(destroyed) or launched <= 0:
        return None, 0.0, float(0 if pd.isna(launched) else launched)
    destroyed = min(float(destroyed), float(launched))
    return destroyed / float(launched), destroyed, float(launched)


def _nightly_shares(
    snap: Snapshot, night: pd.Timestamp, kind: str, days: int, min_launched: float
) -> np.ndarray:
    """Per-night destroyed/launched shares over the ``days`` nights before ``night``."""
    n = snap.nightly
    if n.empty:
        return np.array([])
    from strikewatch.analysis.regimes import same_regime  # like with like (issue 9)

    nights = pd.to_datetime(n["night"])
    w = n[
        (nights < night) & (nights >= night - pd.Timedelta(days=days)) & same_regime(nights, night)
    ]
    ok = w[kind].notna() & w[f"{kind}_destroyed"].notna() & (w[kind] >= min_launched)
    launched = w.loc[ok, kind].to_numpy(dtype="float64")
    destroyed = np.minimum(w.loc[ok, f"{kind}_destroyed"].to_numpy(dtype="float64"), launched)
    return destroyed / launched if len(launched) else np.array([])


def interception_low(snap: Snapshot, night: pd.Timestamp, cfg: WatchConfig) -> RuleState:
    """Night's share vs the spread of recent nights' shares, not a pooled binomial interval.

    Why: weapons of one night share weather, routes and tactics, so nightly shares vary far
    more than a binomial interval of the pooled share admits (a Wilson interval over 30
    nights of ~5,000 drones is ±1 point and flags a third of all nights). The baseline
    interval is therefore the 5th–95th percentile of the trailing nights' shares, and the
    rule fires only when the night's own Wilson interval lies wholly below it.
    """
    low_kinds: list[dict[str, Any]] = []
    parts: list[str] = []
    for kind in ("drones", "missiles"):
        share, destroyed, launched = night_share(snap, night, kind)
        shares = _nightly_shares(snap, night, kind, cfg.baseline_short, cfg.min_launched)
        base, *_ = _share_baseline(snap, night, kind, cfg.baseline_short)
        if share is None or len(shares) < 5 or base is None:
            parts.append(f"{kind}: no share to compare")
            continue
        lo, hi = (float(x) for x in np.percentile(shares, [5, 95]))
        night_lo, night_hi = wilson_bounds(destroyed, launched)
        parts.append(
            f"{kind} {share:.1%} vs {cfg.baseline_short}-night baseline {base:.1%} "
            f"(nightly 5th–95th percentile {lo:.1%}–{hi:.1%})"
        )
        if launched >= cfg.min_launched and night_hi is not None and night_hi < lo:
            low_kinds.append(
                {
                    "kind": kind,
                    "share": share,
                    "baseline": base,
                    "low": lo,
                    "high": hi,
                    "launched": launched,
                    "destroyed": destroyed,
                    "night_low": night_lo,
                    "night_high": night_hi,
                    "baseline_nights": len(shares),
                }
            )
    fired = bool(low_kinds)
    title = (
        "Interception below baseline: "
        + "; ".join(
            f"{d['kind']} {d['share']:.1%} (baseline {d['baseline']:.1%}, usual nights from "
            f"{d['low']:.1%})"
            for d in low_kinds
        )
        if fired
        else "Interception within or above baseline"
    )
    return RuleState(
        "interception_low",
        night.date().isoformat(),
        fired,
        title,
        "; ".join(parts) + ".",
        value=low_kinds[0]["share"] if fired else None,
        baseline=low_kinds[0]["baseline"] if fired else None,
        detail={"below": low_kinds},
    )


def _west(places: pd.DataFrame) -> tuple[float, float]:
    hit = places[places["role"] == "hit"]
    return float(hit.loc[hit["macro_region"] == "west", "n_claims"].sum()), float(
        hit["n_claims"].sum()
    )


def west_share(snap: Snapshot, night: pd.Timestamp, cfg: WatchConfig) -> RuleState:
    p = snap.places_between(night - pd.Timedelta(days=cfg.baseline_long), night)
    tonight = p[p["night"] == night]
    west, total = _west(tonight)
    window = p[(p["night"] < night) & (p["night"] >= night - pd.Timedelta(days=cfg.baseline_long))]
    bw, bt = _west(window)
    share = west / total if total else None
    base = bw / bt if bt else None
    lo, hi = wilson_bounds(bw, bt)
    fired = bool(share is not None and hi is not None and share > hi and west >= 2)
    if share is None:
        summary = "No hit regions reported for the night."
    else:
        summary = (
            f"West {share:.0%} of hit-region claims ({_fmt(west)} of {_fmt(total)}) vs "
            f"{cfg.baseline_long}-night baseline "
            + (
                f"{base:.0%} ({lo:.0%}–{hi:.0%})."
                if base is not None and lo is not None and hi is not None
                else "unknown."
            )
        )
    return RuleState(
        "west_share",
        night.date().isoformat(),
        fired,
        "Western regions hit far above usual" if fired else "Western share usual",
        summary,
        value=share,
        baseline=base,
        detail={"west_claims": west, "hit_claims": total, "low": lo, "high": hi},
    )


def energy_surge(snap: Snapshot, night: pd.Timestamp, cfg: WatchConfig) -> RuleState:
    t = snap.targets_between(night - pd.Timedelta(days=cfg.baseline_short), night)
    energy = t[t["target_category"].isin(("energy", "gas"))]
    tonight = float(energy.loc[energy["night"] == night, "n_claims"].sum())
    window = energy[
        (energy["night"] < night)
        & (energy["night"] >= night - pd.Timedelta(days=cfg.baseline_short))
    ]
    mean = float(window["n_claims"].sum()) / cfg.baseline_short
    fired = tonight >= cfg.energy_min and tonight >= cfg.energy_factor * mean
    summary = (
        f"{_fmt(tonight)} energy/gas target claim(s) vs a trailing {cfg.baseline_short}-night "
        f"mean of {mean:.2f}."
        if len(t) or snap.has_targets
        else "No target-category claims in the ledger (they come from report texts)."
    )
    return RuleState(
        "energy_surge",
        night.date().isoformat(),
        fired,
        "Energy targeting surge" if fired else "No energy surge",
        summary,
        value=tonight,
        baseline=mean,
    )


_GENERIC = re.compile(r"\b(unknown|ballistic missile|missile)\b", re.IGNORECASE)


def model_atoms(model: str) -> list[str]:
    """ "S-300/S-400 + Iskander-M" → ["S-300", "S-400", "Iskander-M"]; generic labels dropped."""
    atoms = []
    for part in re.split(r"\s*\+\s*|\s*/\s*|\s+and\s+", model or ""):
        part = part.strip()
        if part and not _GENERIC.fullmatch(part) and part.lower() not in ("ballistic missile",):
            atoms.append(part)
    return atoms


def _first_seen(snap: Snapshot) -> dict[str, pd.Timestamp]:
    def compute() -> dict[str, pd.Timestamp]:
        classes = ("ballistic_missile", "aeroballistic_missile")
        by_model: dict[Any, Any]
        if snap.engine is not None:  # by index, not by reading every figure (decision 57)
            by_model = queries.first_nights(snap.engine, classes)
        else:
            f = snap.figures
            f = f[f["weapon_class"].isin(classes)]
            by_model = f.groupby("model")["night"].min().to_dict()
        first: dict[str, pd.Timestamp] = {}
        for model, night in sorted(by_model.items()):
            night = pd.Timestamp(night)
            for atom in model_atoms(str(model)):
                if atom not in first or night < first[atom]:
                    first[atom] = pd.Timestamp(night)
        return first

    result: dict[str, pd.Timestamp] = snap.memo("watch-first-seen", compute)
    return result


def new_ballistic_type(snap: Snapshot, night: pd.Timestamp, cfg: WatchConfig) -> RuleState:
    first = _first_seen(snap)
    start = snap.nightly["night"].min() if len(snap.nightly) else None
    warm = start is not None and (night - pd.Timestamp(start)).days >= cfg.warmup_nights
    new = sorted(a for a, n in first.items() if n == night) if warm else []
    known = sorted(a for a, n in first.items() if n <= night)
    return RuleState(
        "new_ballistic_type",
        night.date().isoformat(),
        bool(new),
        ("New ballistic/aeroballistic type: " + ", ".join(new)) if new else "No new ballistic type",
        (
            f"First appearance of {', '.join(new)}."
            if new
            else f"{len(known)} ballistic/aeroballistic types seen so far: {', '.join(known) or 'none'}."
        ),
        detail={"new": new},
    )


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("follow_on", "N nights in a row above a threshold", follow_on),
        Rule("record", "A record for any count kind", record),
        Rule(
            "interception_low", "Interception share below its baseline interval", interception_low
        ),
        Rule("west_share", "Western regions' share of hits above baseline", west_share),
        Rule("energy_surge", "Energy targeting surge", energy_surge),
        Rule("new_ballistic_type", "New ballistic or aeroballistic type", new_ballistic_type),
    )
}


def evaluate_night(
    snap: Snapshot,
    night: str | dt.date | pd.Timestamp,
    config: WatchConfig | None = None,
    rules: Iterable[str] | None = None,
) -> list[RuleState]:
    """Every rule's state on one night (fired or not)."""
    cfg = config or WatchConfig()
    n = pd.Timestamp(night).normalize()
    chosen = list(rules) if rules is not None else list(RULES)
    return [RULES[r].check(snap, n, cfg) for r in chosen]


def nights_to_watch(
    snap: Snapshot, since: dt.date | None = None, lookback: int = 7
) -> list[pd.Timestamp]:
    """The nights a run evaluates: from ``since``, else the last ``lookback`` nights of data."""
    if snap.nightly.empty:
        return []
    nights = pd.DatetimeIndex(sorted(pd.to_datetime(snap.nightly["night"]).unique()))
    last = nights.max()
    start = last - pd.Timedelta(days=lookback - 1) if since is None else pd.Timestamp(since)
    return [n for n in nights if n >= start]


# ------------------------------------------------------------------------------- outputs


@dataclass
class Delivery:
    """One run's attempts at one webhook; ``url`` is always shown redacted."""

    url: str
    ok: bool
    attempts: int
    status: int | None
    error: str | None = None
    alert_id: int | None = None
    next_attempt_at: str | None = None


#: Back-off between *runs* for a delivery that failed (the retries within a run are
#: ``post_webhook``'s): ``RUN_BACKOFF * 2**(runs that failed - 1)``, capped.
RUN_BACKOFF = dt.timedelta(minutes=1)
RUN_BACKOFF_CAP = dt.timedelta(hours=6)
#: How long a run holds a claimed delivery before another run may take it over.
CLAIM_LEASE = dt.timedelta(minutes=10)


def post_webhook(
    url: str,
    payload: dict[str, Any],
    *,
    retries: int = 4,
    backoff: float = 0.5,
    max_backoff: float = 30.0,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
    policy: Policy | None = None,
    headers: dict[str, str] | None = None,
) -> Delivery:
    """POST ``payload`` as JSON; retry connection errors, 429 and 5xx with exponential back-off.

    The outbound policy (:mod:`strikewatch.outbound`) is checked before anything is sent and
    on the way to the address; a refused URL is final (zero attempts). Other 4xx answers are
    final: the receiver understood and refused. Redirects are not followed (a 3xx is a
    failure). Waits are ``backoff * 2**attempt`` seconds (capped), or the server's
    Retry-After if it is shorter than the cap. The response body is never read.
    """
    import httpx

    policy = policy or Policy(timeout=timeout)
    shown = redact(url)
    try:
        check_url(url, policy)
    except OutboundRefused as err:
        return Delivery(shown, False, 0, None, str(err))
    status: int | None = None
    error: str | None = None
    attempts = 0
    sent = {"User-Agent": "strikewatch-watch", **(headers or {})}
    with outbound_client(policy, headers=sent) as client:
        for attempt in range(retries + 1):
            attempts = attempt + 1
            wait = min(max_backoff, backoff * (2**attempt))
            try:
                with client.stream("POST", url, json=payload) as response:
                    status = response.status_code
                    retry_after = response.headers.get("retry-after", "")
                if 200 <= status < 300:
                    return Delivery(shown, True, attempts, status)
                error = f"HTTP {status}"
                if status != 429 and status < 500:
                    break
                if retry_after.isdigit():
                    wait = min(max_backoff, float(retry_after))
            except OutboundRefused as err:
                return Delivery(shown, False, attempts, None, str(err))
            except httpx.HTTPError as err:
                status, error = None, f"{type(err).__name__}: {redact(str(err))}"
            if attempt < retries:
                sleep(wait)
    return Delivery(shown, False, attempts, status, error)


def webhook_key(url: str) -> str:
    """The outbox's key of a webhook: a hash, so the ledger never stores its secrets."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Publication:
    """How public artefacts (Atom feed, webhooks) treat the publication embargo: they are
    published, so it applies unless ``private`` (explicit local use)."""

    private: bool = False
    hours: float | None = None  # None: the configured hours (``$STRIKEWATCH_EMBARGO_HOURS``)

    def embargo_hours(self) -> float:
        from strikewatch import embargo

        return embargo.public_settings()[1] if self.hours is None else self.hours

    def alert(self, alert: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
        """``alert`` as it may be published at ``now`` (unchanged when private)."""
        from strikewatch.publish import public_alert

        return alert if self.private else public_alert(alert, now=now, hours=self.embargo_hours())


def _alert_body(row: dict[str, Any], now: dt.datetime, publication: Publication) -> dict[str, Any]:
    night = row["night"]
    alert = {
        "id": int(row["alert_id"]),
        "night": night.isoformat() if hasattr(night, "isoformat") else str(night),
        "rule": row["rule"],
        "title": row["title"],
        "payload": row["payload"],
    }
    return {"source": "strikewatch", "alert": publication.alert(alert, now)}


def deliver_due(
    engine: Engine,
    webhooks: Sequence[str],
    *,
    now: dt.datetime,
    policy: Policy | None = None,
    retries: int = 4,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    publication: Publication = Publication(),
) -> list[Delivery]:
    """Send every due outbox delivery to these webhooks; mark it delivered only on a 2xx.

    A failure stays pending and is due again after the run back-off; each request carries
    ``Idempotency-Key: strikewatch-alert-ID`` so a receiver can drop a repeat it already has.
    The body passes the publication embargo as of ``now`` (the time it is sent).
    """
    from strikewatch.ledger import outbox

    by_key = {webhook_key(u): u for u in webhooks}
    out: list[Delivery] = []
    for row in outbox.due(engine, list(by_key), now):
        if not outbox.claim(engine, int(row["id"]), now, CLAIM_LEASE):
            continue  # another watch run is sending this one
        alert_id = int(row["alert_id"])
        result = post_webhook(
            by_key[row["url_key"]],
            _alert_body(row, now, publication),
            retries=retries,
            backoff=backoff,
            sleep=sleep,
            policy=policy,
            headers={"Idempotency-Key": f"strikewatch-alert-{alert_id}"},
        )
        failed_runs = int(row["attempts"]) + 1
        delay = min(RUN_BACKOFF_CAP, RUN_BACKOFF * 2 ** min(failed_runs - 1, 20))
        outbox.record(
            engine,
            int(row["id"]),
            ok=result.ok,
            attempts=1,
            status=result.status,
            error=result.error,
            now=now,
            next_attempt_at=now + delay,
        )
        result.alert_id = alert_id
        if not result.ok:
            result.next_attempt_at = (now + delay).isoformat(timespec="seconds")
        out.append(result)
    return out


def atom_feed(
    alerts: Sequence[dict[str, Any]],
    *,
    title: str = "strikewatch alerts",
    base_url: str | None = None,
    now: dt.datetime | None = None,
    publication: Publication = Publication(),
) -> str:
    """An Atom 1.0 feed of stored alerts (newest first), always well-formed XML.

    A feed is published: each entry passes the publication embargo as of ``now``, and an
    entry that withholds says so in its summary (the feed in its subtitle).

    ElementTree escapes markup (``<``, ``&``) but writes control characters as they are, and
    most of them are not allowed in XML 1.0 at all: a model name with ``\x1b[31m`` would make
    the feed unparseable. Every text and attribute is passed through
    :func:`strikewatch.output.escape_controls` first, which shows them as ``\x1b``.
    """
    from strikewatch.output import escape_controls

    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        safe = {k: escape_controls(v) for k, v in attrs.items()}
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", safe)
        if text is not None:
            el.text = escape_controls(text)
        return el

    now = now or dt.datetime.now(dt.UTC)
    alerts = [publication.alert(dict(a), now) for a in alerts]
    held = [a for a in alerts if (a.get("embargo") or {}).get("active")]
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "title", title)
    if held:
        sub(feed, "subtitle", f"{held[0]['embargo']['note']} {len(held)} entr"
            f"{'y' if len(held) == 1 else 'ies'} withhold them.")  # fmt: skip
    sub(feed, "id", "tag:strikewatch,2025:alerts")
    updated = max((str(a.get("fired_at") or "") for a in alerts), default="")
    sub(feed, "updated", _rfc3339(updated))
    author = sub(feed, "author")
    sub(author, "name", "strikewatch")
    if base_url:
        sub(feed, "link", href=base_url.rstrip("/") + "/alerts")
    for a in alerts:
        entry = sub(feed, "entry")
        sub(entry, "title", str(a.get("title") or a.get("rule")))
        sub(entry, "id", f"tag:strikewatch,2025:alert/{a.get('night')}/{a.get('rule')}")
        sub(entry, "updated", _rfc3339(str(a.get("fired_at") or "")))
        payload = a.get("payload") or {}
        summary = payload.get("summary") if isinstance(payload, dict) else None
        held_note = ""
        if (a.get("embargo") or {}).get("active"):
            until = a["embargo"].get("until") or "the wave's end is known"
            held_note = f" [Places finer than an oblast withheld until {until} UTC.]"
        sub(entry, "summary", f"Night {a.get('night')}: {summary or a.get('title')}{held_note}")
        sub(entry, "category", term=str(a.get("rule")))
        if base_url:
            sub(entry, "link", href=f"{base_url.rstrip('/')}/nights/{a.get('night')}")
    return ET.tostring(feed, encoding="unicode", xml_declaration=True)


def _rfc3339(value: str) -> str:
    if not value:
        return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.isoformat(timespec="seconds")


@dataclass
class WatchReport:
    nights: list[str]
    states: list[RuleState]
    fired: list[dict[str, Any]]  # alerts newly stored by this run
    deliveries: list[Delivery]
    atom: str | None = None

    def as_dict(self) -> dict[str, Any]:
        from strikewatch.output import jsonable

        out: dict[str, Any] = jsonable(
            {
                "nights": self.nights,
                "fired": self.fired,
                "deliveries": [asdict(d) for d in self.deliveries],
                "atom": self.atom,
                "states": [s.payload() for s in self.states],
            }
        )
        return out


def run_watch(
    engine: Engine,
    *,
    since: dt.date | None = None,
    atom_path: str | None = None,
    webhooks: Sequence[str] = (),
    config: WatchConfig | None = None,
    base_url: str | None = None,
    retries: int = 4,
    backoff: float = 0.5,
    policy: Policy | None = None,
    now: dt.datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
    publication: Publication = Publication(),
) -> WatchReport:
    """Evaluate the rules over new nights, store what fired (once), then deliver.

    Delivery goes through the outbox: each new alert is queued for every webhook, and every
    due delivery to these webhooks (new or left over from a failed run) is sent, so a
    webhook that fails on one run and works on the next gets the alert exactly once.
    """
    from strikewatch import snapshot
    from strikewatch.ledger import outbox

    now = now or dt.datetime.now(dt.UTC)
    snap = snapshot.current(engine)
    nights = nights_to_watch(snap, since)
    states: list[RuleState] = []
    fired: list[dict[str, Any]] = []
    for night in nights:
        for state in evaluate_night(snap, night, config):
            states.append(state)
            if not state.fired:
                continue
            payload = state.payload()
            alert_id = queries.insert_alert(engine, night.date(), state.rule, state.title, payload)
            if alert_id is not None:
                fired.append(
                    {
                        "id": alert_id,
                        "night": state.night,
                        "rule": state.rule,
                        "title": state.title,
                        "payload": payload,
                    }
                )
    hooks = [(webhook_key(u), redact(u)) for u in webhooks]
    for alert in fired:
        outbox.enqueue(engine, int(alert["id"]), hooks, now)
    deliveries = deliver_due(
        engine,
        webhooks,
        now=now,
        policy=policy,
        retries=retries,
        backoff=backoff,
        sleep=sleep,
        publication=publication,
    )
    written = None
    if atom_path:
        feed = atom_feed(
            queries.alerts_table(engine, limit=200),
            base_url=base_url,
            now=now,
            publication=publication,
        )
        with open(atom_path, "w", encoding="utf-8") as handle:
            handle.write(feed)
        written = atom_path
    return WatchReport([n.date().isoformat() for n in nights], states, fired, deliveries, written)


def resend(
    engine: Engine,
    alert_id: int,
    webhooks: Sequence[str],
    *,
    policy: Policy | None = None,
    retries: int = 4,
    backoff: float = 0.5,
    now: dt.datetime | None = None,
    publication: Publication = Publication(),
) -> list[Delivery]:
    """Queue a stored alert again for these webhooks (even if delivered) and send it now."""
    from strikewatch.errors import NotFound
    from strikewatch.ledger import outbox

    if not outbox.alert_exists(engine, alert_id):
        raise NotFound(f"no alert with id {alert_id}")
    now = now or dt.datetime.now(dt.UTC)
    hooks = [(webhook_key(u), redact(u)) for u in webhooks]
    outbox.enqueue(engine, alert_id, hooks, now, reset=True)
    return deliver_due(
        engine,
        webhooks,
        now=now,
        policy=policy,
        retries=retries,
        backoff=backoff,
        publication=publication,
    )
