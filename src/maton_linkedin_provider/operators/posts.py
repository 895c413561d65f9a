"""Publish and delete LinkedIn posts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from maton_linkedin_provider.inputs import input_errors
from maton_linkedin_provider.links import LinkedInPostLink
from maton_linkedin_provider.operators.base import LinkedInBaseOperator, check_literal, check_urn
from maton_linkedin_provider.operators.media import check_declared_owners, declared_owners, known_owners

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from airflow.sdk import Context, XComArg


def _commentary_checker(escape_commentary: bool) -> Callable[[Any], None]:
    """The length check of a literal commentary, as sent (escaped unless ``escape_commentary=False``)."""

    def check(commentary: Any) -> None:
        from maton_linkedin_provider.linkedin import text

        if isinstance(commentary, str):  # anything else is refused in execute, with the other checks
            text.check_length(text.escape(commentary) if escape_commentary else commentary, "commentary")

    return check


class LinkedInCreatePostOperator(LinkedInBaseOperator):
    """Publish a post as a member or an organization: text, article, image(s), video, document, poll, reshare.

    The text is escaped for LinkedIn's Little Text Format (so ``(``, ``#``, ``_``... are not silently
    cut); use :func:`~maton_linkedin_provider.linkedin.text.mention` and
    :func:`~maton_linkedin_provider.linkedin.text.hashtag` for mentions and hashtags. When Airflow
    retries the task, the operator first looks for the post among the author's recent posts (one
    read) and returns it instead of posting twice.

    LinkedIn refuses a post whose author and content repeat one of the last day or so (422
    DUPLICATE_POST). On a retry, or after a create whose outcome was unknown, that answer names this
    task's own earlier post, and the operator returns it. On a first try it means the DAG posted the
    same thing twice: ``if_duplicate="fail"`` (the default) fails the task naming the existing post;
    ``if_duplicate="return_existing"`` returns the existing post's URN instead.

    :param commentary: the post text, at most 3000 characters as sent (templated).
    :param author: ``urn:li:person:...`` or ``urn:li:organization:...``; default the connection's
        member (templated).
    :param visibility: PUBLIC, CONNECTIONS, LOGGED_IN or CONTAINER (templated).
    :param article: a URL or ``{"source", "title", "description", "thumbnail"}`` (templated).
    :param media: an image, video or document URN, e.g. an upload task's XCom (templated).
    :param media_title: the media's title (templated).
    :param alt_text: alt text of the image, or one per image (templated).
    :param images: 2 to 20 image URNs for a multi-image post (templated).
    :param poll: ``{"question", "options": [...], "duration": "THREE_DAYS"}`` (templated).
    :param reshare_of: URN of a post to reshare (templated).
    :param feed_distribution: MAIN_FEED, or NONE for a dark post (templated).
    :param reshare_disabled: forbid reshares.
    :param escape_commentary: escape Little Text reserved characters (default True).
    :param if_duplicate: ``"fail"`` (default) or ``"return_existing"``: what a first try does when
        LinkedIn already has this post.
    :return: the post URN (XCom); the task's "LinkedIn post" link opens it.
    """

    template_fields: Sequence[str] = (
        "commentary",
        "author",
        "visibility",
        "article",
        "media",
        "media_title",
        "alt_text",
        "images",
        "poll",
        "reshare_of",
        "feed_distribution",
        "linkedin_version",
    )
    template_fields_renderers = {"article": "json", "poll": "json"}
    operator_extra_links = (LinkedInPostLink(),)

    def __init__(
        self,
        *,
        commentary: str = "",
        author: str | None = None,
        visibility: str = "PUBLIC",
        article: str | dict[str, Any] | None = None,
        media: str | XComArg | None = None,
        media_title: str | None = None,
        alt_text: str | list[str] | None = None,
        images: list[str] | XComArg | None = None,
        poll: dict[str, Any] | None = None,
        reshare_of: str | None = None,
        feed_distribution: str = "MAIN_FEED",
        reshare_disabled: bool = False,
        escape_commentary: bool = True,
        if_duplicate: Literal["fail", "return_existing"] = "fail",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.if_duplicate: Literal["fail", "return_existing"] = if_duplicate
        if if_duplicate != "fail":  # checked at parse time (a DAG import error); the default costs nothing
            from maton_linkedin_provider.linkedin.posts import check_if_duplicate

            with input_errors():
                self.if_duplicate = check_if_duplicate(if_duplicate)
        self.commentary = commentary
        self.author = author
        self.visibility = visibility
        self.article = article
        self.media: Any = media  # an XComArg until rendered
        self.media_title = media_title
        self.alt_text = alt_text
        self.images: Any = images
        self.poll = poll
        self.reshare_of = reshare_of
        self.feed_distribution = feed_distribution
        self.reshare_disabled = reshare_disabled
        self.escape_commentary = escape_commentary
        markers = self.template_markers
        check_literal(commentary, _commentary_checker(escape_commentary), markers)
        check_urn(author, "author", "author", markers)
        check_urn(media, "media", "media", markers)
        check_urn(reshare_of, "reshare_of", "post", markers)
        self.upload_owners = declared_owners(media, images)  # the owner_urn of upload tasks feeding it
        check_declared_owners(self.upload_owners, author, markers)

    def execute(self, context: Context) -> str:
        retried = getattr(context.get("ti"), "try_number", 1) > 1
        self.hook.media_owners.update(known_owners(self.upload_owners, self.media, self.images))
        return self.hook.create_post(
            self.commentary,
            author=self.author or None,
            visibility=self.visibility,
            feed_distribution=self.feed_distribution,
            article=self.article or None,
            media=self.media or None,
            media_title=self.media_title,
            alt_text=self.alt_text,
            images=self.images or None,
            poll=self.poll or None,
            reshare_of=self.reshare_of or None,
            reshare_disabled=self.reshare_disabled,
            escape_commentary=self.escape_commentary,
            check_existing=retried,
            if_duplicate=self.if_duplicate,
        )


class LinkedInDeletePostOperator(LinkedInBaseOperator):
    """Delete a post. Deleting a post that is already gone succeeds (the task is safe to retry).

    :param post_urn: ``urn:li:share:...`` or ``urn:li:ugcPost:...`` (templated).
    :param missing_ok: succeed when the post does not exist (default True).
    :return: ``True`` if this task deleted it, ``False`` if it was already gone (XCom).
    """

    template_fields: Sequence[str] = ("post_urn", "linkedin_version")

    def __init__(self, *, post_urn: str | XComArg, missing_ok: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.post_urn: Any = post_urn
        self.missing_ok = missing_ok
        check_urn(post_urn, "post_urn", "post", self.template_markers)

    def execute(self, context: Context) -> bool:
        return self.hook.delete_post(self.post_urn, missing_ok=self.missing_ok)
