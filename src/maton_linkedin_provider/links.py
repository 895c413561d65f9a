"""Operator extra links: buttons in the Airflow UI that open what a task made on linkedin.com.

Each link reads the task's XCom at click time (in the API server), so nothing is computed at
parse time and a task that failed before returning shows no link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from airflow.sdk import BaseOperatorLink

if TYPE_CHECKING:
    from airflow.sdk import BaseOperator
    from airflow.sdk.types import TaskInstanceKey


def _xcom(ti_key: TaskInstanceKey, key: str = "return_value") -> Any:
    from airflow.sdk.execution_time.xcom import XCom

    return XCom.get_value(ti_key=ti_key, key=key)


def post_url(urn: str) -> str:
    """``https://www.linkedin.com/feed/update/{urn}/`` for a share or ugcPost URN."""
    return f"https://www.linkedin.com/feed/update/{quote(urn, safe=':')}/"


class LinkedInPostLink(BaseOperatorLink):
    """Opens the published post (the task's XCom return value, a post URN)."""

    name = "LinkedIn post"

    def get_link(self, operator: BaseOperator, *, ti_key: TaskInstanceKey) -> str:
        urn = _xcom(ti_key)
        return post_url(urn) if isinstance(urn, str) and urn.startswith("urn:li:") else ""
