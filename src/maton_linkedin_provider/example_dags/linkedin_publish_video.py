"""Upload a video, wait (deferrable) until LinkedIn has processed it, then post it.

The sensor defers to the triggerer, so the wait holds no worker slot however long LinkedIn takes.
Set the DAG param ``video_path`` to a local MP4 or an object storage URL; left empty, a small
sample MP4 is generated.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import Param, dag, task

from maton_linkedin_provider.operators.media import LinkedInUploadVideoOperator
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator
from maton_linkedin_provider.sensors.media import LinkedInVideoProcessingSensor


@dag(
    dag_id="linkedin_publish_video",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    tags=["linkedin", "example"],
    params={"video_path": Param("", type="string", description="MP4 to post (path or URL)")},
    doc_md=__doc__,
)
def linkedin_publish_video() -> None:
    @task
    def video_file(params: dict[str, str] | None = None) -> str:
        if params and params.get("video_path"):
            return params["video_path"]
        import tempfile
        from pathlib import Path

        from maton_linkedin_provider.example_dags._samples import write_mp4

        return str(write_mp4(Path(tempfile.mkdtemp()) / "release-notes.mp4", 9 * 1024 * 1024))

    video = LinkedInUploadVideoOperator(task_id="upload_video", source=video_file(), parallelism=4)
    ready = LinkedInVideoProcessingSensor(
        task_id="wait_for_processing",
        video_urn=video.output,
        deferrable=True,
        poke_interval=10,
        timeout=3600,
    )
    post = LinkedInCreatePostOperator(
        task_id="video_post",
        commentary="Release notes, in 90 seconds",
        media=video.output,
        media_title="Release notes",
    )
    ready >> post


linkedin_publish_video()
