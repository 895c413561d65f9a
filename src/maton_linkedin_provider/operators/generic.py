"""LinkedInApiOperator: call any LinkedIn REST endpoint with the hook's auth, encoding and retries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from maton_linkedin_provider.operators.base import LinkedInBaseOperator, argument_names

if TYPE_CHECKING:
    from collections.abc import Sequence

    from airflow.sdk import Context

DEFAULT_MAX_ITEMS = 10_000


class LinkedInApiOperator(LinkedInBaseOperator):
    """Call a LinkedIn REST endpoint the provider does not wrap yet.

    The query is Rest.li 2.0-encoded by the hook (lists, records and URNs nest freely), and the
    call gets the connection's auth, ``LinkedIn-Version`` and retry policy.

    .. code-block:: python

        LinkedInApiOperator(
            task_id="org_followers",
            endpoint="/networkSizes/urn:li:organization:123",
            query_params={"edgeType": "COMPANY_FOLLOWED_BY_MEMBER"},
        )

    :param endpoint: the path under ``/rest``, e.g. ``/me`` or ``/organizationAcls`` (templated).
    :param method: GET, POST, PUT, DELETE or PATCH (templated).
    :param query_params: query parameters as Python values (templated). Named ``query_params``
        because ``params`` is Airflow's own argument for DAG params.
    :param json: a JSON body (templated).
    :param restli_method: ``X-RestLi-Method`` header, e.g. ``PARTIAL_UPDATE`` (templated).
    :param paginate: follow pages and return all elements as one list.
    :param pagination: ``offset`` (``start``/``count``) or ``cursor`` (``pageSize``/``pageToken``).
    :param page_size: elements per page when paginating.
    :param max_items: stop after this many elements when paginating.
    :return: the response JSON (XCom); the list of elements when ``paginate=True``.
    """

    template_fields: Sequence[str] = (
        "endpoint",
        "method",
        "query_params",
        "json",
        "restli_method",
        "linkedin_version",
    )
    template_fields_renderers = {"query_params": "json", "json": "json"}

    def __init__(
        self,
        *,
        endpoint: str,
        method: str = "GET",
        query_params: dict[str, Any] | None = None,
        json: Any = None,
        restli_method: str | None = None,
        paginate: bool = False,
        pagination: Literal["offset", "cursor"] = "offset",
        page_size: int | None = None,
        max_items: int | None = DEFAULT_MAX_ITEMS,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.endpoint = endpoint
        self.method = method
        self.query_params = query_params
        self.json = json
        self.restli_method = restli_method
        self.paginate = paginate
        self.pagination = pagination
        self.page_size = page_size
        self.max_items = max_items

    def execute(self, context: Context) -> Any:
        with argument_names(params="query_params"):
            return self._execute()

    def _execute(self) -> Any:
        if self.paginate:
            if str(self.method).upper() != "GET":
                from maton_linkedin_provider.exceptions import LinkedInInputError

                raise LinkedInInputError("paginate", "only GET requests can be paginated.")
            items = list(
                self.hook.paginate(
                    self.endpoint,
                    self.query_params,
                    style=self.pagination,
                    page_size=self.page_size,
                    max_items=self.max_items,
                    restli_method=self.restli_method,
                )
            )
            self.log.info("Fetched %d elements from %s", len(items), self.endpoint)
            return items
        return self.hook.request(
            self.method, self.endpoint, self.query_params, self.json, restli_method=self.restli_method
        )
