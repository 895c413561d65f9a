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


# --- Campaign Manager (advertising operators push the account id as XCom "ad_account") ------------

CAMPAIGN_MANAGER = "https://www.linkedin.com/campaignmanager/accounts"


def _ad_ids(value: Any) -> list[str]:
    """Object ids in an ads operator's XCom: an id (or a URN, for creatives), a result dict with
    ``id``, or a list of them."""
    out = []
    for item in value if isinstance(value, list) else [value]:
        found = item.get("id") if isinstance(item, dict) else item
        if isinstance(found, str) and found.startswith("urn:li:"):
            found = found.rsplit(":", 1)[-1]
        if isinstance(found, (str, int)) and str(found).isdigit():
            out.append(str(found))
    return out


class _CampaignManagerLink(BaseOperatorLink):
    """Reads the account (XCom ``ad_account``) and the object id(s) (the return value) at click time."""

    name = "Campaign Manager"
    section = "campaigns"  # the account's page listing this kind of object
    suffix = ""  # after the object id

    def get_link(self, operator: BaseOperator, *, ti_key: TaskInstanceKey) -> str:
        account = _xcom(ti_key, "ad_account")
        if not isinstance(account, (str, int)) or not str(account).isdigit():
            return ""
        ids = _ad_ids(_xcom(ti_key))
        base = f"{CAMPAIGN_MANAGER}/{account}/{self.section}"
        return f"{base}/{ids[0]}{self.suffix}" if len(ids) == 1 else base


class LinkedInCampaignLink(_CampaignManagerLink):
    """Opens the campaign in Campaign Manager (the account's campaign list when several were changed)."""

    name = "Campaign Manager: campaign"
    section = "campaigns"
    suffix = "/details"


class LinkedInCampaignGroupLink(_CampaignManagerLink):
    """Opens the campaign group in Campaign Manager (the account's group list when several)."""

    name = "Campaign Manager: campaign group"
    section = "campaign-groups"


class LinkedInCreativeLink(_CampaignManagerLink):
    """Opens the creative in Campaign Manager (the account's creative list when several were changed)."""

    name = "Campaign Manager: creative"
    section = "creatives"


class LinkedInAdAccountLink(_CampaignManagerLink):
    """Opens the ad account's campaign groups in Campaign Manager."""

    name = "Campaign Manager: ad account"
    section = "campaign-groups"

    def get_link(self, operator: BaseOperator, *, ti_key: TaskInstanceKey) -> str:
        account = _xcom(ti_key, "ad_account")
        if not isinstance(account, (str, int)) or not str(account).isdigit():
            return ""
        return f"{CAMPAIGN_MANAGER}/{account}/{self.section}"
