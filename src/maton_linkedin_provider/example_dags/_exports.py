"""Where the per-account analytics example writes: shared by its producer and its consumer DAG.

The root is read from ``LINKEDIN_EXPORT_ROOT`` (default ``/tmp/linkedin-exports``) when the DAG file
is parsed, so the path, and with it the Asset, is known at parse time: a DAG can be scheduled on it.
"""

from __future__ import annotations

import os

from maton_linkedin_provider.operators.data import export_asset

#: Every export lies under this root (a local directory here; an ``s3://bucket/prefix`` works alike).
EXPORT_ROOT = os.environ.get("LINKEDIN_EXPORT_ROOT", "/tmp/linkedin-exports").rstrip("/")
#: One gzip-compressed JSON Lines file per account and day; the operator fills in both placeholders.
ANALYTICS_PATH = f"{EXPORT_ROOT}/ad_analytics/{{account}}/{{day}}.jsonl.gz"
_asset = export_asset(ANALYTICS_PATH)
if _asset is None:
    raise ValueError(f"LINKEDIN_EXPORT_ROOT={EXPORT_ROOT!r} gives no Asset: use a path or URL without Jinja")
#: The Asset every mapped export updates (the directory above the partitions).
ANALYTICS_ASSET = _asset
#: Days LinkedIn may still revise: each run exports them again.
LOOKBACK_DAYS = 3
