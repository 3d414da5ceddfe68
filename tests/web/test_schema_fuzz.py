"""Schemathesis over the whole OpenAPI schema: no generated request may cause a 5xx.

Bounded: a few examples per operation (STRIKEWATCH_FUZZ_EXAMPLES, default 25) keeps the file
well under two minutes; CI can raise it. Runs in-process through ASGI on the real ledger.
(The schemathesis pytest plugin does not load under this pytest version, so the test drives
the operations' Hypothesis strategies itself.)
"""

from __future__ import annotations

import os
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES = int(os.environ.get("STRIKEWATCH_FUZZ_EXAMPLES", "25"))


def test_no_server_errors(real_ledger_path: Path) -> None:
    from strikewatch.web import create_app

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(str(real_ledger_path)))
    operations = [op.ok() for op in schema.get_all_operations()]
    assert len(operations) >= 20
    failures: list[str] = []
    calls = 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case) -> None:  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            response = case.call()
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} {case.query} "
                    f"{response.status_code} {response.text[:300]}"
                )

        run()
    assert calls >= len(operations)
    assert not failures, "\n".join(failures[:20])
