"""Issue 5 figures: requests spent by diff-based campaign updates (counted by a sandbox in its own process).

- a no-op update of one campaign: one read, no write;
- 20 campaigns of a group of which 5 differ: by group (one search) and by id list (one BATCH_GET),
  then one PARTIAL_UPDATE per campaign that differs;
- a dry run of the same 20: the reads only.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from benchmarks._common import Figure, conn_env, control, sandbox_process

ACCOUNT = 507000001
GROUP = 600000001  # seeded with 20 campaigns, each at 50.00 USD a day
SEEDED_BUDGET = 50
DIFFERING = 5


def _requests(base_url: str) -> Counter[str]:
    """Requests since the last clear, by kind: ``read`` (GET) or ``write`` (anything else)."""
    rows: list[dict[str, Any]] = control(base_url, "GET", "requests")
    return Counter("read" if r["method"] == "GET" else "write" for r in rows)


def _fresh(base_url: str) -> None:
    control(base_url, "POST", "reset")


def _prepare_five_different(hook: Any, base_url: str) -> list[str]:
    """Give 5 of the group's 20 campaigns another daily budget; return all 20 ids."""
    campaigns = hook.list_campaigns(ACCOUNT, campaign_group=GROUP)
    assert len(campaigns) == 20, len(campaigns)
    ids = [str(c["id"]) for c in campaigns]
    for campaign_id in ids[:: len(ids) // DIFFERING][:DIFFERING]:
        hook.update_campaign(ACCOUNT, campaign_id, {"dailyBudget": SEEDED_BUDGET + 25})
    control(base_url, "DELETE", "requests")
    return ids


def noop_update(hook_cls: Any, base_url: str) -> Figure:
    _fresh(base_url)
    hook = hook_cls()
    result = hook.update_campaign(ACCOUNT, 610000001, {"status": "ACTIVE", "dailyBudget": SEEDED_BUDGET})
    counts = _requests(base_url)
    total = sum(counts.values())
    return Figure(
        "5",
        "requests for a no-op campaign update",
        total,
        "requests",
        "= 1",
        total == 1 and counts["write"] == 0 and not result["written"],
        f"{counts['read']} read, {counts['write']} write",
    )


def group_update(hook_cls: Any, base_url: str, *, by: str, dry_run: bool = False) -> Figure:
    _fresh(base_url)
    hook = hook_cls()
    ids = _prepare_five_different(hook, base_url)
    hook = hook_cls()  # a fresh hook, as in a new task: no cached currency
    fields = {"dailyBudget": SEEDED_BUDGET}
    if by == "group":
        results = hook.update_campaigns(ACCOUNT, fields=fields, campaign_group=GROUP, dry_run=dry_run)
    else:
        results = hook.update_campaigns(ACCOUNT, ids, fields, dry_run=dry_run)
    counts = _requests(base_url)
    changed = sum(1 for r in results if r["changed"])
    want_writes = 0 if dry_run else DIFFERING
    total = sum(counts.values())
    goal = f"= {1 + want_writes} (1 + {want_writes})"
    how = "a search by campaignGroup" if by == "group" else "a BATCH_GET of 20 ids"
    name = f"requests to update 20 campaigns, 5 differ ({'by group' if by == 'group' else 'by 20 ids'})"
    if dry_run:
        name = "requests for a dry run over 20 campaigns, 5 differ (by group)"
    return Figure(
        "5",
        name,
        total,
        "requests",
        goal,
        counts["write"] == want_writes
        and counts["read"] == 1
        and changed == DIFFERING
        and len(results) == 20,
        f"{counts['read']} read ({how}) + {counts['write']} PARTIAL_UPDATE; "
        f"{changed} of {len(results)} differed",
    )


def run() -> list[Figure]:
    with sandbox_process() as info:
        os.environ.update(conn_env(info))
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        base = info["base_url"]
        return [
            noop_update(MatonLinkedInHook, base),
            group_update(MatonLinkedInHook, base, by="group"),
            group_update(MatonLinkedInHook, base, by="ids"),
            group_update(MatonLinkedInHook, base, by="group", dry_run=True),
        ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
