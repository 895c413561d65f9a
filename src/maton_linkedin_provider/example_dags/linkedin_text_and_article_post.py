"""Publish a text post (with a mention and a hashtag) and an article post as the connection's member.

The text is escaped for LinkedIn's Little Text Format: the parentheses and the underscore below
would otherwise silently cut the post. Mentions and hashtags come from the helpers and stay markup.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag

from maton_linkedin_provider.linkedin.text import hashtag, mention
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator

#: The run's day: its logical date's, or (a run triggered from the CLI or REST API without one, which
#: has no ``ds``) the day it was triggered for.
RUN_DAY = "{{ (dag_run.logical_date or dag_run.run_after) | ds }}"


@dag(
    dag_id="linkedin_text_and_article_post",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    tags=["linkedin", "example"],
    doc_md=__doc__,
)
def linkedin_text_and_article_post() -> None:
    LinkedInCreatePostOperator(
        task_id="text_post",
        # Concatenate (not compose()) so the template renders first; the operator escapes after.
        commentary=f"Pipeline report for {RUN_DAY} (all green): 42 tables loaded by our data_team. Thanks "
        + mention("Sandbox Labs", "urn:li:organization:2414183")
        + "! "
        + hashtag("DataEngineering"),
    )
    LinkedInCreatePostOperator(
        task_id="article_post",
        commentary="How we schedule LinkedIn posts with Airflow",
        article={
            "source": "https://airflow.apache.org/docs/",
            "title": "Apache Airflow documentation",
            "description": "Programmatically author, schedule and monitor workflows.",
        },
        visibility="PUBLIC",
    )


linkedin_text_and_article_post()
