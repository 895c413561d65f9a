"""The README's tables of what the sandbox holds agree with its seed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from maton_linkedin_provider.sandbox.resources.organizations import SEED_ORGANIZATIONS
from maton_linkedin_provider.sandbox.server import Sandbox

README = (Path(__file__).parents[2] / "README.md").read_text()


@pytest.fixture(scope="module")
def seed() -> Sandbox:
    return Sandbox()


def _runs(campaigns: list[tuple[int, str]]) -> str:
    """``610000001-008 ACTIVE, 610000009 PAUSED``: consecutive ids of one status, as the README writes them."""
    runs: list[list] = []
    for cid, status in campaigns:
        if runs and runs[-1][2] == status and runs[-1][1] == cid - 1:
            runs[-1][1] = cid
        else:
            runs.append([cid, cid, status])
    return ", ".join(f"{a}" + (f"-{str(b)[-3:]}" if b != a else "") + f" {st}" for a, b, st in runs)


def test_organizations_table(seed: Sandbox) -> None:
    roles = {acl["organization"]: acl["role"] for acl in seed.state.organization_acls}
    for org_id, name, _, _ in SEED_ORGANIZATIONS:
        assert f"| {org_id} | {name} | {roles[f'urn:li:organization:{org_id}']} |" in README


def test_ad_accounts_table(seed: Sandbox) -> None:
    state = seed.state
    assert {c["dailyBudget"]["amount"] for c in state.campaigns.values()} == {"50.00"}
    for account in sorted(state.ad_accounts.values(), key=lambda a: a["id"]):
        groups = []
        for group in sorted(state.campaign_groups.values(), key=lambda g: g["id"]):
            if group["account"] != f"urn:li:sponsoredAccount:{account['id']}":
                continue
            campaigns = sorted(
                (c["id"], c["status"])
                for c in state.campaigns.values()
                if c["campaignGroup"] == f"urn:li:sponsoredCampaignGroup:{group['id']}"
            )
            groups.append(f'{group["id"]} "{group["name"]}" ({group["status"]}): {_runs(campaigns)}')
        org = account["reference"].rpartition(":")[2]
        row = (
            f"| {account['id']} | {account['name']} | {account['currency']} | {account['status']} | {org} "
            f"| {'; '.join(groups) or 'none'} |"
        )
        assert row in README


def test_member_creatives_and_libraries(seed: Sandbox) -> None:
    state = seed.state
    ada = next(iter(state.members))
    assert f"`urn:li:person:{ada}`" in README
    for cid, record in state.connections.items():
        assert f"`{cid}` {record['status']}" in README
    creatives = {c["id"]: (c["intendedStatus"], c["campaign"]) for c in state.creatives.values()}
    assert creatives == {
        "urn:li:sponsoredCreative:700000001": ("ACTIVE", "urn:li:sponsoredCampaign:610000001"),
        "urn:li:sponsoredCreative:700000002": ("PAUSED", "urn:li:sponsoredCampaign:610000001"),
        "urn:li:sponsoredCreative:700000003": ("DRAFT", "urn:li:sponsoredCampaign:610000015"),
    }
    assert (state.ad_library_size, state.job_library_size) == (600, 300)
    assert "600 and 300 generated rows" in README


def test_rows_n_is_narrowed_by_the_other_filters(set_conn, sandbox) -> None:
    """What the README says of ``rows:137``: all of them unfiltered, a share over one day."""
    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

    hook = MatonLinkedInHook()
    assert sum(1 for _ in hook.iter_ad_library(keyword="rows:137")) == 137
    yesterday = sandbox.today - timedelta(days=1)
    one_day = sum(1 for _ in hook.iter_ad_library(keyword="rows:137", date_range=(yesterday, yesterday)))
    assert one_day == 17
    assert "over one day it gives a small share of them (17 for yesterday, with the default seed)" in README
