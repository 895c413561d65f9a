"""Upload a PDF (or PPTX/DOCX) and publish it as a document post.

Set the DAG param ``document_path``; left empty, a one-page sample PDF is generated.
"""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import Param, dag, task

from maton_linkedin_provider.operators.media import LinkedInUploadDocumentOperator
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator


@dag(
    dag_id="linkedin_document_post",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    tags=["linkedin", "example"],
    params={"document_path": Param("", type="string", description="Document to post (path or URL)")},
    doc_md=__doc__,
)
def linkedin_document_post() -> None:
    @task
    def document_file(params: dict[str, str] | None = None) -> str:
        if params and params.get("document_path"):
            return params["document_path"]
        import tempfile
        from pathlib import Path

        from maton_linkedin_provider.example_dags._samples import write_sample

        return str(write_sample(Path(tempfile.mkdtemp()) / "report.pdf", "pdf"))

    document = LinkedInUploadDocumentOperator(task_id="upload_document", source=document_file())
    LinkedInCreatePostOperator(
        task_id="document_post",
        commentary="Our quarterly report, as a swipeable document",
        media=document.output,
        media_title="Quarterly report",
    )


linkedin_document_post()
