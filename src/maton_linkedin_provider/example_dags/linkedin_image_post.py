"""Upload an image and publish it in a post: the upload task's XCom (the image URN) feeds the post.

Set the DAG param ``image_path`` to a local path or an object storage URL (``s3://...``); left
empty, a small sample PNG is generated so the DAG runs as is against the sandbox.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import Param, dag, task

from maton_linkedin_provider.operators.media import LinkedInUploadImageOperator
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator

#: The run's day: its logical date's, or (a run triggered from the CLI or REST API without one, which
#: has no ``ds``) the day it was triggered for.
RUN_DAY = "{{ (dag_run.logical_date or dag_run.run_after) | ds }}"


@dag(
    dag_id="linkedin_image_post",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    tags=["linkedin", "example"],
    params={"image_path": Param("", type="string", description="Image to post (path or URL)")},
    doc_md=__doc__,
)
def linkedin_image_post() -> None:
    @task
    def image_file(params: dict[str, str] | None = None) -> str:
        if params and params.get("image_path"):
            return params["image_path"]
        import tempfile
        from pathlib import Path

        from maton_linkedin_provider.example_dags._samples import write_sample

        return str(write_sample(Path(tempfile.mkdtemp()) / "chart.png", "png"))

    image = LinkedInUploadImageOperator(task_id="upload_image", source=image_file())
    LinkedInCreatePostOperator(
        task_id="image_post",
        commentary=f"This week's dashboard, rendered by Airflow on {RUN_DAY}",
        media=image.output,
        alt_text="A bar chart of weekly active users",
    )


linkedin_image_post()
