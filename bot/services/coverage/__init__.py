"""Re-exports; split by job next."""

from bot.services.coverage.check import (
    DATA_DIR,
    CoverageResult,
    PostcodeSources,
    check_council,
    check_postcode,
    council_names,
    coverage_data,
    load_coverage_data,
    offline_table,
    postcode_sources,
)

__all__ = [
    "DATA_DIR",
    "CoverageResult",
    "PostcodeSources",
    "check_council",
    "check_postcode",
    "council_names",
    "coverage_data",
    "load_coverage_data",
    "offline_table",
    "postcode_sources",
]
