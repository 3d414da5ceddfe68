"""What is notable about a night: rank sentences, the briefing's lede, what to watch next.

Why its own module: an editor reads the lede first, so the choice of what leads (a record,
the count with the best rank *at the time*, not in hindsight) is a rule worth testing on its
own, apart from the briefing's assembly. Ranks at the time come first because that is what
could have been said that morning; "now" is given beside them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from strikewatch.numfmt import fmt_count, fmt_ordinal
from strikewatch.tables import COUNT_KINDS

#: A count within this share of its record gets a "record watch" item.
RECORD_WATCH_SHARE = 0.75

NOUN = {
    "drones": "strike drones",
    "missiles": "missiles",
    "ballistic": "ballistic missiles",
    "cruise": "cruise missiles",
    "total": "drones and missiles in all",
}


def rank_sentence(entry: dict[str, Any], year: int, first: str, unit: str = "night") -> str:
    """ "3rd of 2025 at the time (11th now, of 363 nights); 12th of all nights since …"."""
    yt, yn = entry.get("rank_year_at_the_time"), entry.get("rank_year_now")
    at, an = entry.get("rank_all_at_the_time"), entry.get("rank_all_now")
    n_year = entry.get("nights_in_year")
    if at == 1:
        text = f"a record at the time: the most on any {unit} since {first}"
        return text + (f" ({fmt_ordinal(an)} now)" if an and an > 1 else " (still the record)")
    if yt is None:
        return "not ranked (count unknown)"
    first_of_year = "the most" if yt == 1 else fmt_ordinal(yt)
    text = f"{first_of_year} of {year} at the time ({fmt_ordinal(yn)} now, of {n_year} {unit}s)"
    if at is not None:
        text += f"; {fmt_ordinal(at)} of all {unit}s since {first} at the time"
        text += f" ({fmt_ordinal(an)} now)"
    return text


def lede_entry(scale: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The count that leads: a record at the time first, else the best year rank at the time
    (then the best all-time rank at the time).

    Ties go to the narrower count (drones, missiles, ballistic, cruise before the total), so
    a night whose story is its ballistic missiles leads with them, not with its drones.
    """
    ranked = [s for s in scale if s.get("rank_year_at_the_time") is not None]
    if not ranked:
        return scale[0] if scale else None
    order = {k: i for i, k in enumerate(COUNT_KINDS)}

    def key(s: dict[str, Any]) -> tuple[int, int, int, int]:
        record = 0 if s.get("rank_all_at_the_time") == 1 else 1
        every = s.get("rank_all_at_the_time") or 10**9
        return record, int(s["rank_year_at_the_time"]), every, order.get(s["kind"], 99)

    return min(ranked, key=key)


def headline(label: str, scale: list[dict[str, Any]], inter: list[dict[str, Any]]) -> str:
    """The lede: the notable count, any other record, and a like-for-like interception change."""
    top = lede_entry(scale)
    if top is None:
        return f"Night of {label}: no launch figures"
    text = f"Night of {label}: {fmt_count(top['launched'])} {NOUN[top['kind']]}, {top['verdict']}"
    others = [
        s for s in scale if s is not top and s.get("rank_all_at_the_time") == 1 and s["launched"]
    ]
    if others:
        text += "; also a record: " + ", ".join(
            f"{fmt_count(s['launched'])} {NOUN[s['kind']]}" for s in others
        )
    change = _interception_change(inter)
    return text + (f"; {change}" if change else "")


def _interception_change(inter: list[dict[str, Any]]) -> str | None:
    """A change in interception worth the lede, only when its baseline is of the night's own
    reporting regime (the analysis gives ``regime`` on the night and on each baseline)."""
    from strikewatch.numfmt import fmt_share

    for i in inter:
        base = i.get("baseline_30") or {}
        verdict = str(base.get("verdict") or "")
        if i.get("regime") is None or base.get("regime") != i.get("regime"):
            continue
        if base.get("mixed_regimes") or not verdict.startswith(("above", "below")):
            continue
        share = i.get("share_stopped", i.get("share"))
        return (
            f"{i['kind']} stopped {fmt_share(share)}, {verdict} the last 30 nights "
            f"of the same reporting regime"
        )
    return None


def _run_length(values: pd.Series, threshold: float) -> int:
    """Nights in a row, ending with the last one, at or above ``threshold``."""
    run = 0
    for v in reversed(values.tolist()):
        if pd.isna(v) or v < threshold:
            break
        run += 1
    return run


def _record_items(nightly: pd.DataFrame, night: pd.Timestamp, lead: str | None) -> list[str]:
    out = []
    n = nightly.assign(_n=pd.to_datetime(nightly["night"]))
    before = n[n["_n"] < night]
    today = n[n["_n"] == night]
    for kind in COUNT_KINDS:
        if today.empty or before[kind].dropna().empty:
            continue
        value = float(today[kind].iloc[0])
        if pd.isna(value) or value <= 0:
            continue
        idx = before[kind].idxmax()
        record = float(before.at[idx, kind])  # type: ignore[arg-type]
        when = pd.Timestamp(before.at[idx, "_n"]).date().isoformat()  # type: ignore[arg-type]
        if value > record:
            out.append(
                f"New {NOUN[kind]} record: {fmt_count(value)} beats {fmt_count(record)} "
                f"({when}); the next night above {fmt_count(value)} would break it again."
            )
        elif kind == lead or value >= RECORD_WATCH_SHARE * record:
            out.append(
                f"The {NOUN[kind]} record is {fmt_count(record)} ({when}): a night above it "
                f"would be a new record; this one was {fmt_count(record - value)} short."
            )
    return out


def watch_next(
    snap: Any, night: pd.Timestamp, scale: list[dict[str, Any]], states: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Concrete, data-backed things to watch for on the next nights.

    Each item is a sentence with the number it rests on: how far the current run is from
    a follow-on alert or a campaign, how far the lead count is from its record, and which
    alerts fired tonight.
    """
    items: list[dict[str, Any]] = []
    n = snap.nightly
    upto = n[pd.to_datetime(n["night"]) <= night].sort_values("night")
    by_rule = {s["rule"]: s for s in states}
    follow = by_rule.get("follow_on")
    if follow and follow.get("detail"):
        kind, thr = follow["detail"].get("kind", "drones"), follow["detail"].get("threshold")
        need, have = follow.get("baseline"), follow.get("value") or 0
        if thr is not None and need:
            text = (
                f"Follow-on alert: {have} night(s) in a row with ≥ {fmt_count(thr)} {kind} "
                f"so far; it fires at {need}."
                if follow.get("fired")
                else f"A {fmt_ordinal(have + 1)} night in a row with ≥ {fmt_count(thr)} {kind} "
                f"would {'fire the follow-on alert' if have + 1 >= need else 'extend the run'}: "
                f"nights so far {have} (alert at {need})."
            )
            items.append({"kind": "follow_on", "text": text, "value": have, "needed": need})
    items.extend(_campaign_item(snap, upto))
    lead = lede_entry(scale)
    for text in _record_items(n, night, lead["kind"] if lead else None):
        items.append({"kind": "record", "text": text})
    for s in states:
        if s.get("fired"):
            items.append({"kind": "alert", "text": f"Alert fired: {s['title']}. {s['summary']}"})
    return items


def _campaign_item(snap: Any, upto: pd.DataFrame) -> list[dict[str, Any]]:
    from strikewatch.analysis.tempo import campaigns

    runs = snap.memo(("campaigns", "drones", "p90", 3), lambda: campaigns(snap.nightly))
    have = _run_length(upto[runs.kind], runs.threshold) if len(upto) else 0
    need = runs.min_nights
    rule = f"{need}+ nights in a row with ≥ {fmt_count(runs.threshold)} {runs.kind}"
    if have >= need:
        text = (
            f"Campaign under way: {have} nights in a row with ≥ {fmt_count(runs.threshold)} "
            f"{runs.kind}; it ends at the first night below that (rule: {rule})."
        )
    else:
        text = (
            f"A {fmt_ordinal(have + 1)} night in a row with ≥ {fmt_count(runs.threshold)} "
            f"{runs.kind} would "
            + ("make this a campaign" if have + 1 >= need else "extend the run")
            + f": nights so far {have} (rule: {rule})."
        )
    return [{"kind": "campaign", "text": text, "value": have, "needed": need}]
