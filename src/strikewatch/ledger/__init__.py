"""The ledger: the only state strikewatch keeps. See :mod:`strikewatch.ledger.schema`."""

from strikewatch.ledger.connection import DEFAULT_DB_ENV, connect, default_db_path, describe

__all__ = ["DEFAULT_DB_ENV", "connect", "default_db_path", "describe"]
