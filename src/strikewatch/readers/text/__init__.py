"""Read raw attack reports and news (Ukrainian and English) into sourced claims.

Entry point: :func:`read_document`. No network, no language model: a tokenizer, lexicons
(Ukrainian word forms via pymorphy3) and small rule modules, one per job (numbers, weapons,
dates, places, targets, casualties, attribution, outcomes, records, checks).
"""

from strikewatch.readers.text import _compiled

_compiled.choose()  # before any compiled module is imported (decision 125)

from strikewatch.readers.text.reader import (  # noqa: E402
    READER,
    VERSION,
    ReadResult,
    read_document,
    to_json_obj,
)

__all__ = ["READER", "VERSION", "ReadResult", "read_document", "to_json_obj"]
