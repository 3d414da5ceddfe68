"""The ledger's tables (SQLAlchemy Core), portable between SQLite and PostgreSQL.

Sources and claims are append-only and keyed by content hashes, which is what makes every
import idempotent. ``attacks`` and ``night_places`` are derived: the resolver can drop and
rebuild them from claims at any time.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# BigInteger ids on PostgreSQL, plain INTEGER (rowid alias) on SQLite.
IdType = BigInteger().with_variant(Integer(), "sqlite")

imports = Table(
    "imports",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),  # dataset, text, events, synthetic
    Column("path", Text),
    Column("file_sha256", String(64)),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("rows_read", Integer),
    Column("claims_written", Integer),
    Column("duplicates_skipped", Integer),
    Column("report", JSON),
)

sources = Table(
    "sources",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("level", String(32), nullable=False),
    Column("publisher", Text),
    Column("url", Text),
    Column("published", DateTime(timezone=True)),
    Column("language", String(8)),
    Column("title", Text),
    Column("text", Text),
    Column("synthetic", Boolean, nullable=False, default=False),
    Column("import_id", IdType, ForeignKey("imports.id")),
    # Identity of the report this source is a reading of (docs/decisions.md, "Identity of a
    # reading"): a later reading with the same key and other content is a new revision.
    Column("identity_key", Text),
    Column("revision", Integer, nullable=False, default=1),
    Column("superseded_by", IdType),  # the newer revision's id; NULL = current
    Column("withdrawn", Boolean, nullable=False, default=False),  # retracted: out of resolution
    Column("seen_at", DateTime(timezone=True)),  # when strikewatch first read this revision
)
Index("ix_sources_identity", sources.c.identity_key)

claims = Table(
    "claims",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("claim_hash", String(32), nullable=False, unique=True),
    Column("source_id", IdType, ForeignKey("sources.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("weapon_class", String(32)),
    Column("components", Text),
    Column("model", Text),
    Column("outcome", String(16)),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("approx", Boolean, nullable=False, default=False),
    Column("night", Date),
    Column("window_start", DateTime(timezone=True)),
    Column("window_end", DateTime(timezone=True)),
    Column("place", String(128)),
    Column("target_category", String(32)),
    Column("killed_value", Float),
    Column("killed_low", Float),
    Column("killed_high", Float),
    Column("injured_value", Float),
    Column("injured_low", Float),
    Column("injured_high", Float),
    Column("attribution", Text),
    Column("status", String(16), nullable=False),
    Column("level", String(32), nullable=False),
    Column("hedged", Boolean, nullable=False, default=False),
    Column("is_total", Boolean, nullable=False, default=False),
    Column("qualifier", Text),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("text", Text),
    Column("row_number", Integer),
    Column("reader", String(32), nullable=False),
    Column("reader_version", String(32), nullable=False),
    Column("flags", JSON(none_as_null=True)),
    Column("detail", JSON(none_as_null=True)),
    Column("synthetic", Boolean, nullable=False, default=False),
)
Index("ix_claims_night", claims.c.night)
Index("ix_claims_source", claims.c.source_id)
# Resolving a few nights reads their count and place claims (kind = ?, night BETWEEN ? AND ?,
# source_id IN current readings): without this index SQLite walked every current source's
# claims through ix_claims_source, so each page of the follower cost O(ledger) (decision 85).
Index("ix_claims_kind_night", claims.c.kind, claims.c.night)
# No partial index on target claims (decision 121): their queries bind ``kind`` as a parameter,
# so SQLite never used one, and (kind, night) above answers them on both databases.


attacks = Table(
    "attacks",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("night", Date, nullable=False),
    Column("weapon_class", String(32), nullable=False),
    Column("components", Text, nullable=False),
    Column("model", Text, nullable=False),
    Column("launched", Float),
    Column("launched_low", Float),
    Column("launched_high", Float),
    Column("destroyed", Float),
    Column("destroyed_low", Float),
    Column("destroyed_high", Float),
    Column("lost_ew", Float),
    Column("still_airborne", Float),
    Column("hit_locations", Float),
    Column("debris_locations", Float),
    Column("status", String(16), nullable=False),
    Column("window_start", DateTime(timezone=True)),
    Column("window_end", DateTime(timezone=True)),
    Column("claim_ids", JSON, nullable=False),
    Column("explanation", JSON),
    Column("synthetic", Boolean, nullable=False, default=False),
    # The attack wave this figure belongs to (``waves``); ``night`` is the wave's label.
    Column("wave_key", String(64), nullable=False),
    Column("wave_kind", String(16), nullable=False),
    Column("wave_start", DateTime(timezone=True)),
    Column("wave_end", DateTime(timezone=True)),
    UniqueConstraint("wave_key", "weapon_class", "model", name="uq_attacks_wave_model"),
)
Index("ix_attacks_night", attacks.c.night)
# The watch's first night of each ballistic model reads only its classes' rows.
Index("ix_attacks_class_model", attacks.c.weapon_class, attacks.c.model, attacks.c.night)

#: Derived: one row per attack wave (docs/decisions.md, "Attack waves"), rebuilt with attacks.
waves = Table(
    "waves",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("wave_key", String(64), nullable=False, unique=True),
    Column("night", Date, nullable=False),  # the label
    Column("kind", String(16), nullable=False),  # overnight | daytime | multi-day
    Column("start", DateTime(timezone=True)),  # UTC; None for a date-only window
    Column("end", DateTime(timezone=True)),
    Column("windows", JSON, nullable=False),  # the report windows merged into it
    Column("source_ids", JSON, nullable=False),  # sources of its primary figures
    Column("supporting_source_ids", JSON, nullable=False),
    # Text claims that speak of a total ("dozens of missiles") rather than one figure.
    Column("evidence", JSON, nullable=False),
    Column("synthetic", Boolean, nullable=False, default=False),
)
Index("ix_waves_night", waves.c.night)

night_places = Table(
    "night_places",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("night", Date, nullable=False),
    Column("place", String(128), nullable=False),
    Column("macro_region", String(16)),
    Column("role", String(16), nullable=False),  # hit | target | debris
    Column("n_claims", Integer, nullable=False),
    Column("claim_ids", JSON, nullable=False),
    Column("synthetic", Boolean, nullable=False, default=False),
    UniqueConstraint("night", "place", "role", name="uq_night_places"),
)
# Reads by night use uq_night_places (night, place, role): no index of its own (decision 121).

#: Derived: the totals of every unit (docs/decisions.md 55): one row per attack wave
#: (``unit`` wave, key = wave key), per night (overnight waves of a label) and per Kyiv day
#: (waves that started on it), each kind's launched / destroyed / lost to EW (NULL =
#: unknown, never 0). Rewritten for the touched labels and days in the transaction that
#: resolves them, so ``top``, ``nights`` and the briefing's ranks read a few rows by index.
unit_totals = Table(
    "unit_totals",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("unit", String(8), nullable=False),  # wave | night | day
    Column("key", String(64), nullable=False),  # the wave key, or the date
    Column("night", Date, nullable=False),  # the wave's or night's label, or the day
    # The label the row derives from (wave, night: always ``night``); None for a day. Read
    # by (unit, night), never by itself: no index (decision 121).
    Column("label", Date),
    Column("day", Date),  # a wave's Kyiv start date (its label when unknown)
    Column("kind", String(16)),  # the wave's kind; None for a night or a day
    Column("start", DateTime(timezone=True)),
    Column("end", DateTime(timezone=True)),
    Column("waves", JSON, nullable=False),  # the wave keys summed
    Column("n_waves", Integer, nullable=False),
    Column("synthetic", Boolean, nullable=False, default=False),
    *(
        Column(f"{kind}{suffix}", Float)
        for kind in ("drones", "missiles", "ballistic", "cruise", "total")
        for suffix in ("", "_destroyed", "_lost_ew")
    ),
    UniqueConstraint("unit", "key", name="uq_unit_totals"),
)
Index("ix_unit_totals_night", unit_totals.c.unit, unit_totals.c.night)
Index("ix_unit_totals_day", unit_totals.c.unit, unit_totals.c.day)
for _kind in ("drones", "missiles", "ballistic", "cruise", "total"):
    # ``top --by KIND`` reads the largest units by index (ledger.totals.top_units).
    Index(f"ix_unit_totals_{_kind}", unit_totals.c.unit, unit_totals.c[_kind])

#: Logged decisions about a source, newest last: ``retract`` / ``restore`` (a reading leaves or
#: rejoins resolution) and ``attach`` (a text is attached to, or relabelled to, a night).
source_actions = Table(
    "source_actions",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("source_id", IdType, ForeignKey("sources.id"), nullable=False),
    Column("action", String(16), nullable=False),
    Column("night", Date),
    Column("reason", Text),
    Column("actor", Text),
    Column("at", DateTime(timezone=True), nullable=False),
)
Index("ix_source_actions_source", source_actions.c.source_id)

#: Facts about the ledger itself: ``data_kind`` is ``real`` or ``synthetic``, decided by the
#: first write; a ledger is never both (docs/decisions.md, "Real or synthetic").
ledger_meta = Table(
    "ledger_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

context_events = Table(
    "context_events",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("event_hash", String(64), nullable=False, unique=True),
    Column("date", Date, nullable=False),
    Column("end_date", Date),
    Column("kind", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("actors", Text),
    Column("source_url", Text),
    Column("note", Text),
    Column("origin", Text, nullable=False),
    Column("verified", Boolean, nullable=False, default=True),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("night", Date, nullable=False),
    Column("rule", String(64), nullable=False),
    Column("fired_at", DateTime(timezone=True), nullable=False),
    Column("title", Text, nullable=False),
    Column("payload", JSON),
    UniqueConstraint("night", "rule", name="uq_alerts_night_rule"),
)

# The watch outbox (issue 13): one row per alert and webhook; "delivered" only after a 2xx.
# The webhook is keyed by the SHA-256 of its URL and shown redacted, so a secret in a
# webhook URL is never stored in the ledger (the operator passes the URLs on every run).
alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("alert_id", IdType, ForeignKey("alerts.id"), nullable=False),
    Column("url_key", String(64), nullable=False),
    Column("url_shown", Text, nullable=False),
    Column("status", String(16), nullable=False),  # pending, delivered
    Column("attempts", Integer, nullable=False),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("alert_id", "url_key", name="uq_alert_deliveries_alert_url"),
)

# --- following channels and dataset releases (strikewatch.follow, strikewatch.fetch) --------

#: Every page the follower fetched: the body is kept compressed and content-addressed in the
#: raw archive directory (``sha256`` names the file), so posts can be re-read offline.
raw_pages = Table(
    "raw_pages",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("channel", String(64), nullable=False),
    Column("url", Text, nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("http_status", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("parser_version", String(32), nullable=False),
    Column("posts", Integer, nullable=False),
    Column("error", Text),  # why the page could not be read (it is kept for a newer parser)
)
Index("ix_raw_pages_url", raw_pages.c.url)

#: One row per channel post ever seen (never deleted, also when the post is deleted upstream):
#: its id and time make the channel's liveness and id gaps; ``source_id`` is its newest reading.
channel_posts = Table(
    "channel_posts",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("channel", String(64), nullable=False),
    Column("post_id", BigInteger, nullable=False),
    Column("posted_at", DateTime(timezone=True)),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("text_sha256", String(64)),
    Column("edited", Boolean, nullable=False, default=False),
    Column("media", String(32)),
    Column("readings", Integer, nullable=False, default=1),
    Column("source_id", IdType),
    UniqueConstraint("channel", "post_id", name="uq_channel_posts"),
)

#: Per channel: how far it has been read (``synced_to`` down to ``floor_id``), the newest post,
#: and the last fetch attempt and success, for ``strikewatch status``.
channel_status = Table(
    "channel_status",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("publisher", Text),
    Column("level", String(32)),
    Column("last_post_id", BigInteger),
    Column("last_post_at", DateTime(timezone=True)),
    Column("synced_to", BigInteger),
    Column("floor_id", BigInteger),
    Column("floor_at", DateTime(timezone=True)),
    Column("start_reached", Boolean, nullable=False, default=False),  # read down to post 1
    Column("last_fetch", DateTime(timezone=True)),
    Column("last_success", DateTime(timezone=True)),
    Column("last_error", Text),
)

#: Each dataset release fetched: Kaggle version (None for a mirror), file checksum, origin.
dataset_releases = Table(
    "dataset_releases",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("handle", Text, nullable=False),
    Column("version", Integer),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("official", Boolean, nullable=False),
    Column("origin", Text, nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("rows_read", Integer),
    Column("claims_written", Integer),
)

#: Named locks held by long-running writers (the follower): holder pid and host, heartbeat.
locks = Table(
    "locks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", Text, nullable=False),
    Column("pid", Integer, nullable=False),
    Column("host", Text, nullable=False),
    Column("acquired_at", DateTime(timezone=True), nullable=False),
    Column("heartbeat", DateTime(timezone=True), nullable=False),
)
