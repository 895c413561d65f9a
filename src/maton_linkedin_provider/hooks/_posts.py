"""Posts: create (never twice), read, list by author, delete.

Duplicate guard: LinkedIn has no idempotency key, so a create that may have gone through (a
reset, a timeout, a 5xx after sending) is not sent again blindly. The hook reads the author's
posts newest first, back to :data:`DEDUPE_WINDOW_SECONDS` ago (one GET of up to
:data:`DEDUPE_PAGE_SIZE` posts; more only for an author who posted more than that meanwhile), and
returns the URN of a post with the same author, text, content and reshare parent. The same check
runs before the create when an Airflow task is retried (``check_existing=True``). It reads the
whole window, not a fixed number of newest posts: other tasks of the same author may publish many
posts between a failed try and its retry.

A create that timed out may still be landing at LinkedIn: when the first look does not find it, the
hook looks again after a delay longer than the timeout before it sends the post again (see
:func:`~maton_linkedin_provider.linkedin.retry.settle_delay`).

LinkedIn's own guard backs ours: it answers a repeat of a recent post with 422 DUPLICATE_POST
naming the original. After an ambiguous create or on a retry (``check_existing``), that answer,
naming a post that exists and matches, means "it went through": the hook returns that URN. On a
first try it is the user's duplicate, and :class:`LinkedInDuplicatePostError` says so, unless
``if_duplicate="return_existing"``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Literal

from maton_linkedin_provider.constants import CONNECTION_MEMBER
from maton_linkedin_provider.exceptions import (
    LinkedInDuplicatePostError,
    LinkedInError,
    LinkedInInputError,
    LinkedInNotFoundError,
)
from maton_linkedin_provider.hooks._media import MediaMixin
from maton_linkedin_provider.inputs import input_errors
from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.posts import build_post, check_if_duplicate, signature
from maton_linkedin_provider.linkedin.urns import AUTHOR_TYPES, POST_TYPES, parse_urn

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

#: A post counts as "the one we meant to create" if it is at most this old (24 hours: covers
#: Airflow retry delays) ...
DEDUPE_WINDOW_SECONDS = 24 * 3600
#: ... looked for among the author's posts of that window, this many per read ...
DEDUPE_PAGE_SIZE = 100
#: ... and at most this many (LinkedIn lets a member publish about 150 posts a day).
DEDUPE_MAX_POSTS = 1000
#: Placeholder author to check a post's other fields before the member's URN is fetched.
_CHECK_AUTHOR = "urn:li:person:check"


class PostsMixin(MediaMixin):
    """Hook methods for ``/rest/posts`` (posts use the media of :class:`MediaMixin`)."""

    def _check_media_owners(self, author: str, media: Sequence[tuple[str, Any]]) -> None:
        """Refuse media whose owner this hook knows (:attr:`media_owners`) and which is not ``author``.

        LinkedIn lets a post use only media its author owns (403 otherwise, after the request).
        Costs no request: an owner not known, or the member's URN not yet read, is left to LinkedIn.
        """
        for field, urn in media:
            owner = self.media_owners.get(str(urn))
            if owner == CONNECTION_MEMBER:
                owner = self._person_urn or owner
            if owner is None or owner == author:
                continue
            if owner == CONNECTION_MEMBER and author.startswith("urn:li:person:"):
                continue  # the member is a person: which one is not known without a request
            raise InvalidValue(
                field,
                f"{urn} is owned by {owner}, but the post's author is {author}; a post can only use "
                "media its author owns (LinkedIn answers 403).",
                f"upload it with owner_urn={author}.",
            )

    def create_post(
        self,
        commentary: str = "",
        *,
        author: str | None = None,
        visibility: str = "PUBLIC",
        feed_distribution: str = "MAIN_FEED",
        article: str | Mapping[str, Any] | None = None,
        media: str | None = None,
        media_title: str | None = None,
        alt_text: str | Sequence[str] | None = None,
        images: Sequence[str] | None = None,
        poll: Mapping[str, Any] | None = None,
        reshare_of: str | None = None,
        reshare_disabled: bool = False,
        escape_commentary: bool = True,
        check_existing: bool = False,
        if_duplicate: Literal["fail", "return_existing"] = "fail",
    ) -> str:
        """Publish a post; return its URN (``urn:li:share:...`` or ``urn:li:ugcPost:...``).

        :param commentary: the text (Little Text Format; escaped unless ``escape_commentary=False``).
        :param author: person or organization URN; default the connection's member.
        :param article: a URL, or ``{"source", "title", "description", "thumbnail"}``.
        :param media: one image, video or document URN (AVAILABLE).
        :param images: 2 to 20 image URNs for a multi-image post.
        :param poll: ``{"question", "options": [2 to 4 strings], "duration": "THREE_DAYS"}``.
        :param reshare_of: the URN of a post to reshare.
        :param check_existing: look for this very post first (one read) and return it if found;
            the create operator sets it when Airflow retries the task.
        :param if_duplicate: when LinkedIn refuses the post as a duplicate of a recent one (422
            DUPLICATE_POST) on a first try: ``"fail"`` raises :class:`LinkedInDuplicatePostError`
            naming the existing post; ``"return_existing"`` returns the existing post's URN (one
            read, to check that it exists). After an ambiguous failure or with ``check_existing``,
            a DUPLICATE_POST naming a matching post is this very post and is returned either way.
        """
        fields: dict[str, Any] = {
            "visibility": visibility,
            "feed_distribution": feed_distribution,
            "article": article,
            "media": media,
            "media_title": media_title,
            "alt_text": alt_text,
            "images": images,
            "poll": poll,
            "reshare_of": reshare_of,
            "reshare_disabled": reshare_disabled,
            "escape_commentary": escape_commentary,
        }
        with input_errors():
            check_if_duplicate(if_duplicate)
            build_post(author or _CHECK_AUTHOR, commentary, **fields)  # all checks before any request
            author_urn = author or self.get_person_urn()
            body = build_post(author_urn, commentary, **fields)
            listed = list(enumerate(images)) if isinstance(images, (list, tuple)) else []
            named = [("media", media)] if media else []
            self._check_media_owners(str(body["author"]), named + [(f"images[{i}]", u) for i, u in listed])
        if check_existing:
            found = self.find_recent_post(body)
            if found:
                self.log.info("This post already exists (%s), from an earlier try: not posting again", found)
                return found
        ambiguous = False

        def reconcile() -> str | None:
            nonlocal ambiguous
            ambiguous = True
            return self.find_recent_post(body)

        try:
            result = self.call("POST", "/posts", json=body, reconcile=reconcile)
        except LinkedInDuplicatePostError as err:
            return self._existing_duplicate(
                err, body, ours=ambiguous or check_existing, if_duplicate=if_duplicate
            )
        urn = result.restli_id
        if not urn:
            raise LinkedInError("LinkedIn created the post but sent no x-restli-id header")
        self.log.info("Published %s", urn)
        return urn

    def _existing_duplicate(
        self, err: LinkedInDuplicatePostError, body: Mapping[str, Any], *, ours: bool, if_duplicate: str
    ) -> str:
        """Resolve LinkedIn's DUPLICATE_POST: the URN to return, or raise.

        :param ours: an earlier attempt of this very create may have gone through (an ambiguous
            failure, or an Airflow retry): a matching named post is that attempt's post.
        """
        urn = err.existing_urn
        if urn is None or not (ours or if_duplicate == "return_existing"):
            raise err
        try:
            post = self.get_post(urn)
        except LinkedInNotFoundError:
            raise LinkedInDuplicatePostError(
                err.status,
                err.method,
                err.path,
                code=err.code,
                service_message=err.service_message,
                request_id=err.request_id,
                input_errors=err.input_errors,
                existing_urn=urn,
                ghost=True,
            ) from None
        if signature(post) == signature(body):
            why = (
                "an earlier attempt of this create went through" if ours else "if_duplicate='return_existing'"
            )
            self.log.warning("LinkedIn already had this post (%s): %s; not posting again", urn, why)
            return urn
        if if_duplicate == "return_existing":
            self.log.warning(
                "LinkedIn refused this post as a duplicate of %s, which differs in some field; returning it "
                "(if_duplicate='return_existing')",
                urn,
            )
            return urn
        raise err

    def find_recent_post(
        self, body: Mapping[str, Any], window_seconds: float = DEDUPE_WINDOW_SECONDS
    ) -> str | None:
        """The URN of a post made in the last ``window_seconds`` equal to ``body`` (author, text,
        content, parent), or ``None``.

        Reads the author's posts newest first (by creation) until they are older than the window:
        one read unless the author made more than :data:`DEDUPE_PAGE_SIZE` posts in it.
        """
        wanted = signature(body)
        oldest_ms = (time.time() - window_seconds) * 1000
        seen = 0
        for post in self.paginate(
            "/posts",
            {"q": "author", "author": body["author"], "sortBy": "CREATED"},
            page_size=DEDUPE_PAGE_SIZE,
            max_items=DEDUPE_MAX_POSTS,
            restli_method="FINDER",
        ):
            seen += 1
            created = post.get("createdAt") or post.get("publishedAt")
            if created and created < oldest_ms:
                return None  # newest first: every post after this one is older still
            if signature(post) == wanted:
                return str(post.get("id"))
        if seen >= DEDUPE_MAX_POSTS:
            self.log.warning(
                "Looked for this post among %s's newest %d posts only; an older copy made in the last %d "
                "hours would not be found.",
                body["author"],
                DEDUPE_MAX_POSTS,
                window_seconds // 3600,
            )
        return None

    def get_post(self, urn: str) -> dict[str, Any]:
        """One post by URN."""
        post: dict[str, Any] = self.call("GET", f"/posts/{self._post_urn(urn)}").json() or {}
        return post

    def iter_posts(
        self, author: str | None = None, *, sort_by: str = "LAST_MODIFIED", max_items: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Posts of an author (default the connection's member), newest first, across pages."""
        if sort_by not in ("LAST_MODIFIED", "CREATED"):
            raise LinkedInInputError("sort_by", f"{sort_by!r} is not LAST_MODIFIED or CREATED.")
        with input_errors():
            who = str(parse_urn(author, field="author", types=AUTHOR_TYPES)) if author else None
        yield from self.paginate(
            "/posts",
            {"q": "author", "author": who or self.get_person_urn(), "sortBy": sort_by},
            page_size=50,
            max_items=max_items,
            restli_method="FINDER",
        )

    def delete_post(self, urn: str, *, missing_ok: bool = True) -> bool:
        """Delete a post; ``True`` if deleted, ``False`` if it was already gone (with ``missing_ok``)."""
        try:
            self.call("DELETE", f"/posts/{self._post_urn(urn)}", restli_method="DELETE")
        except LinkedInNotFoundError:
            if not missing_ok:
                raise
            self.log.info("%s was already deleted", urn)
            return False
        return True

    @staticmethod
    def _post_urn(urn: str) -> str:
        with input_errors():
            return str(parse_urn(urn, field="post_urn", types=POST_TYPES))
