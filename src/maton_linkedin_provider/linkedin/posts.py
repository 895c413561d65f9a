"""Post bodies for ``POST /rest/posts``: built and checked before anything is sent.

Also the "same post?" test used to avoid duplicates: LinkedIn has no idempotency key, so after an
ambiguous failure (or an Airflow retry) the hook compares recent posts with the one it meant to make.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal
from urllib.parse import urlsplit

from maton_linkedin_provider.linkedin import text as little
from maton_linkedin_provider.linkedin.errors import InvalidValue, shown
from maton_linkedin_provider.linkedin.urns import AUTHOR_TYPES, MEDIA_TYPES, POST_TYPES, parse_urn

VISIBILITIES = ("PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER")
FEED_DISTRIBUTIONS = ("MAIN_FEED", "NONE")
POLL_DURATIONS = ("ONE_DAY", "THREE_DAYS", "SEVEN_DAYS", "FOURTEEN_DAYS")
MIN_IMAGES, MAX_IMAGES = 2, 20
MIN_POLL_OPTIONS, MAX_POLL_OPTIONS = 2, 4

#: What a create does when LinkedIn answers DUPLICATE_POST on a first try (``if_duplicate``).
IfDuplicate = Literal["fail", "return_existing"]
IF_DUPLICATE: tuple[IfDuplicate, ...] = ("fail", "return_existing")


def check_if_duplicate(value: Any) -> IfDuplicate:
    """``value`` if it is one of :data:`IF_DUPLICATE`; else :class:`InvalidValue` naming ``if_duplicate``."""
    if value not in IF_DUPLICATE:
        raise InvalidValue(
            "if_duplicate",
            f"{shown(value)} is not one of {', '.join(IF_DUPLICATE)}.",
            "use 'fail' or 'return_existing'.",
        )
    return next(choice for choice in IF_DUPLICATE if choice == value)


def _choice(value: Any, allowed: Sequence[str], field: str) -> str:
    if value not in allowed:
        raise InvalidValue(
            field, f"{shown(value)} is not one of {', '.join(allowed)}.", f"use one of {allowed}."
        )
    return str(value)


def rendered(value: Any, field: str, kind: type, opener: str) -> Any:
    """``value``, or what a rendered template's text of a dict or list stands for.

    A templated argument that renders to text (``"{'question': ...}"``, JSON, ``"['urn:li:image:1']"``)
    is read back with :func:`json.loads`, else :func:`ast.literal_eval` (literals only: nothing is
    run), as ``object_ids`` reads a rendered list. Text that does not start with ``opener`` is
    returned as it is.

    :raises InvalidValue: naming ``field`` when the text is not a literal of ``kind``.
    """
    if not isinstance(value, str) or not value.strip().startswith(opener):
        return value
    text = value.strip()
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            parsed = None
    if not isinstance(parsed, kind):
        what = "a dict" if kind is dict else "a list"
        raise InvalidValue(field, f"{shown(value)} is text, not {what}.", f"pass {what} (or its JSON text)")
    return parsed


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue(field, f"must be a string, got {type(value).__name__}.")
    return value


def _article(article: Any) -> dict[str, Any]:
    article = rendered(article, "article", dict, "{")
    if isinstance(article, str):
        spec: dict[str, Any] = {"source": article}
    elif isinstance(article, Mapping):
        spec = dict(article)
    else:
        raise InvalidValue("article", f"expected a URL or a dict, got {type(article).__name__}.")
    source = spec.get("source")
    try:
        parts = urlsplit(source) if isinstance(source, str) else None
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidValue(
            "article.source", f"{shown(source)} is not an http(s) URL.", "give the article's URL."
        )
    unknown = set(spec) - {"source", "title", "description", "thumbnail", "thumbnailAltText"}
    if unknown:
        raise InvalidValue(
            "article", f"unknown keys {sorted(unknown)}.", "use source, title, description, thumbnail."
        )
    for key in ("title", "description", "thumbnailAltText"):
        if spec.get(key) is not None:
            _text(spec[key], f"article.{key}")
    if spec.get("thumbnail") is not None:
        spec["thumbnail"] = str(parse_urn(spec["thumbnail"], field="article.thumbnail", types=("image",)))
    return {k: v for k, v in spec.items() if v is not None}


def _images(images: Any, alt_text: Any) -> dict[str, Any]:
    images = rendered(images, "images", list, "[")
    if not isinstance(images, (str, list, tuple)):
        raise InvalidValue("images", f"expected a list of image URNs, got {type(images).__name__}.")
    if isinstance(images, str) or not MIN_IMAGES <= len(images) <= MAX_IMAGES:
        count = 1 if isinstance(images, str) else len(images)
        raise InvalidValue(
            "images",
            f"a multi-image post takes {MIN_IMAGES} to {MAX_IMAGES} images, got {count}.",
            "pass one image as media=..., or 2 to 20 image URNs as images=[...].",
        )
    alt_text = rendered(alt_text, "alt_text", list, "[")
    if alt_text is None or isinstance(alt_text, str):
        alts: list[str | None] = [alt_text] * len(images)
    elif isinstance(alt_text, (list, tuple)):
        alts = [None if alt is None else _text(alt, f"alt_text[{i}]") for i, alt in enumerate(alt_text)]
    else:
        raise InvalidValue("alt_text", f"expected a string or one per image, got {type(alt_text).__name__}.")
    if len(alts) != len(images):
        raise InvalidValue(
            "alt_text", f"{len(alts)} alt texts for {len(images)} images.", "give one per image."
        )
    out = []
    for i, (urn, alt) in enumerate(zip(images, alts, strict=True)):
        entry: dict[str, Any] = {"id": str(parse_urn(urn, field=f"images[{i}]", types=("image",)))}
        if alt:
            entry["altText"] = alt
        out.append(entry)
    return {"multiImage": {"images": out}}


def _poll(poll: Any) -> dict[str, Any]:
    poll = rendered(poll, "poll", dict, "{")
    if not isinstance(poll, Mapping):
        raise InvalidValue(
            "poll",
            f"expected a dict, got {type(poll).__name__}.",
            "poll={'question': ..., 'options': [...]}.",
        )
    question = poll.get("question")
    if not isinstance(question, str) or not question.strip():
        raise InvalidValue("poll.question", "is required.", "poll={'question': ..., 'options': [...]}.")
    options = poll.get("options")
    if not isinstance(options, (list, tuple)):
        raise InvalidValue("poll.options", "must be a list of 2 to 4 strings.")
    if not MIN_POLL_OPTIONS <= len(options) <= MAX_POLL_OPTIONS:
        raise InvalidValue("poll.options", f"a poll takes 2 to 4 options, got {len(options)}.")
    texts = []
    for i, option in enumerate(options):
        text = option.get("text") if isinstance(option, Mapping) else option
        if not isinstance(text, str) or not text.strip():
            raise InvalidValue(f"poll.options[{i}]", "must be a non-empty string.")
        texts.append({"text": text})
    duration = _choice(poll.get("duration", "THREE_DAYS"), POLL_DURATIONS, "poll.duration")
    return {"poll": {"question": question, "options": texts, "settings": {"duration": duration}}}


def build_post(
    author: str,
    commentary: str = "",
    *,
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
) -> dict[str, Any]:
    """The JSON body of a new post, checked as LinkedIn would (and more: Little Text escaping).

    :param commentary: the text. Escaped for Little Text Format unless ``escape_commentary=False``;
        markup made with :func:`~maton_linkedin_provider.linkedin.text.mention` /
        :func:`~maton_linkedin_provider.linkedin.text.hashtag` is kept.
    :raises InvalidValue: naming the field at fault.
    """
    body: dict[str, Any] = {"author": str(parse_urn(author, field="author", types=AUTHOR_TYPES))}
    if commentary is None:
        commentary = ""
    if not isinstance(commentary, str):
        raise InvalidValue("commentary", f"must be a string, got {type(commentary).__name__}.")
    sent = little.escape(commentary) if escape_commentary else commentary
    little.check_length(sent, "commentary")
    kinds = [k for k, v in (("article", article), ("media", media), ("images", images), ("poll", poll)) if v]
    if len(kinds) > 1:
        raise InvalidValue(kinds[1], f"a post has one kind of content; got {' and '.join(kinds)}.")
    if not sent.strip() and not kinds and not reshare_of:
        raise InvalidValue(
            "commentary", "is empty and nothing else is posted.", "give text, content or reshare_of."
        )
    body["commentary"] = sent
    body["visibility"] = _choice(visibility, VISIBILITIES, "visibility")
    body["distribution"] = {
        "feedDistribution": _choice(feed_distribution, FEED_DISTRIBUTIONS, "feed_distribution"),
        "targetEntities": [],
        "thirdPartyDistributionChannels": [],
    }
    body["lifecycleState"] = "PUBLISHED"
    body["isReshareDisabledByAuthor"] = bool(reshare_disabled)
    if article:
        body["content"] = {"article": _article(article)}
    elif media:
        entry: dict[str, Any] = {"id": str(parse_urn(media, field="media", types=MEDIA_TYPES))}
        if media_title:
            entry["title"] = _text(media_title, "media_title")
        if alt_text:
            if not isinstance(alt_text, str):
                raise InvalidValue("alt_text", "one media takes one alt text string.")
            entry["altText"] = alt_text
        body["content"] = {"media": entry}
    elif images:
        body["content"] = _images(images, alt_text)
    elif poll:
        body["content"] = _poll(poll)
    if reshare_of:
        body["reshareContext"] = {"parent": str(parse_urn(reshare_of, field="reshare_of", types=POST_TYPES))}
    return body


def signature(post: Mapping[str, Any]) -> tuple[Any, ...]:
    """What makes two posts "the same post" for duplicate detection: author, text, content, parent."""
    content = post.get("content") or {}
    key: Any = None
    if "article" in content:
        key = ("article", content["article"].get("source"))
    elif "media" in content:
        key = ("media", content["media"].get("id"))
    elif "multiImage" in content:
        key = ("multiImage", tuple(i.get("id") for i in content["multiImage"].get("images", [])))
    elif "poll" in content:
        poll = content["poll"]
        key = ("poll", poll.get("question"), tuple(o.get("text") for o in poll.get("options", [])))
    parent = (post.get("reshareContext") or {}).get("parent")
    return (post.get("author"), post.get("commentary") or "", key, parent)
