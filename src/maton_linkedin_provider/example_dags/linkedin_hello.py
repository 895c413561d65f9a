"""Hello LinkedIn: check the connection, read the profile, list Maton connections, call any endpoint.

Needs a ``maton_linkedin_default`` connection (the sandbox's, in ``make demo``). Nothing is read at
parse time: every call happens inside a task.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from airflow.sdk import dag, task

from maton_linkedin_provider.operators.generic import LinkedInApiOperator


@dag(
    dag_id="linkedin_hello",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    tags=["linkedin", "example"],
    doc_md=__doc__,
)
def linkedin_hello() -> None:
    @task
    def check_connection() -> str:
        from maton_linkedin_provider.exceptions import LinkedInError
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        ok, message = MatonLinkedInHook().test_connection()
        if not ok:
            raise LinkedInError(message)
        return message

    @task
    def profile() -> dict[str, Any]:
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        me = MatonLinkedInHook().get_profile()
        return {
            "urn": f"urn:li:person:{me['id']}",
            "name": f"{me.get('localizedFirstName', '')} {me.get('localizedLastName', '')}".strip(),
            "headline": me.get("localizedHeadline"),
        }

    @task
    def maton_connections() -> list[dict[str, str]]:
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        return [
            {"id": c["connection_id"], "status": c["status"]}
            for c in MatonLinkedInHook().list_maton_connections(status=None)
        ]

    organization_roles = LinkedInApiOperator(
        task_id="organization_roles",
        endpoint="/organizationAcls",
        query_params={"q": "roleAssignee", "state": "APPROVED"},
        paginate=True,
        page_size=10,
        max_items=100,
    )

    check_connection() >> [profile(), maton_connections(), organization_roles]


linkedin_hello()
