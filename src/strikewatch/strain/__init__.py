"""Air-defence strain: interceptor expenditure, cost exchange and how long stocks last.

Library functions take DataFrames and arrays and never open the database; the CLI in
``strikewatch.commands.strain`` loads figures from the ledger and calls them.
"""

from strikewatch.strain.scenario import (
    Scenario,
    ScenarioError,
    default_scenario,
    load_scenario,
    parse_scenario,
)

__all__ = ["Scenario", "ScenarioError", "default_scenario", "load_scenario", "parse_scenario"]
