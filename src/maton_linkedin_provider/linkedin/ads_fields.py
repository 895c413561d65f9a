"""What may be written on an ad object: the value checks, LinkedIn's enumerations, the catalogue type.

Each writable field has a *check*: ``check(value, field) -> value to send`` that accepts friendly
input (``"en_US"``, an id for a URN, ``"paused"``) and raises :class:`InvalidValue` naming the
field, with a fix, for anything LinkedIn would refuse. A :class:`Catalogue` groups one kind's
checks; each kind's catalogue is part of its spec (:mod:`.adspec`). Pure Python, no I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from maton_linkedin_provider.linkedin.ads_money import shown_value
from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.urns import Urn, coerce_urn, parse_urn

Check = Callable[[Any, str], Any]

# --- enumerations ----------------------------------------------------------------------------------

#: Statuses LinkedIn sets by itself: never accepted in a write.
SYSTEM_STATUSES = frozenset({"COMPLETED", "REMOVED"})

ACCOUNT_TYPES = ("BUSINESS", "ENTERPRISE")
CAMPAIGN_TYPES = ("TEXT_AD", "SPONSORED_UPDATES", "SPONSORED_INMAILS", "DYNAMIC")
OBJECTIVE_TYPES = (
    "BRAND_AWARENESS",
    "WEBSITE_VISIT",
    "ENGAGEMENT",
    "VIDEO_VIEW",
    "LEAD_GENERATION",
    "WEBSITE_CONVERSION",
    "JOB_APPLICANT",
    "TALENT_LEAD",
    "CREATIVE_ENGAGEMENT",
)
#: The plural spellings on Maton's page; LinkedIn answers 422 "is not an enum symbol" to them.
PLURAL_OBJECTIVES = {
    "WEBSITE_VISITS": "WEBSITE_VISIT",
    "VIDEO_VIEWS": "VIDEO_VIEW",
    "WEBSITE_CONVERSIONS": "WEBSITE_CONVERSION",
    "JOB_APPLICANTS": "JOB_APPLICANT",
    "TALENT_LEADS": "TALENT_LEAD",
    "LEAD_GENERATIONS": "LEAD_GENERATION",
    "ENGAGEMENTS": "ENGAGEMENT",
}
COST_TYPES = ("CPM", "CPC", "CPV")
CREATIVE_SELECTIONS = ("OPTIMIZED", "ROUND_ROBIN")
POLITICAL_INTENTS = ("NOT_POLITICAL", "POLITICAL", "NOT_DECLARED")

# --- small checks ---------------------------------------------------------------------------------


def suggest(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not close:
        lowered = {k.lower(): k for k in known}
        hit = lowered.get(name.lower().replace("_", ""))
        close = [hit] if hit else []
    return f"did you mean {close[0]!r}? " if close else ""


def choice(value: Any, allowed: Sequence[str], field: str) -> str:
    """``value`` if it is one of ``allowed`` (exact spelling), else :class:`InvalidValue`."""
    if isinstance(value, str) and value in allowed:
        return value
    if isinstance(value, str) and value.strip().upper() in allowed:
        return value.strip().upper()
    raise InvalidValue(
        field,
        f"{shown_value(value)} is not one of {', '.join(allowed)}.",
        f"use one of {', '.join(allowed)}.",
    )


def check_status_value(
    value: Any, statuses: Sequence[str], noun: str, field: str = "status", *, writing: bool = True
) -> str:
    """One of ``statuses``; with ``writing``, one a client may set (not COMPLETED or REMOVED)."""
    status = choice(value, statuses, field)
    if writing and status in SYSTEM_STATUSES:
        raise InvalidValue(
            field,
            f"{status} is set by LinkedIn only; a {noun} cannot be given that status.",
            "use PAUSED or ARCHIVED to stop serving.",
        )
    return status


def entity_id(value: Any, entity: str, noun: str, field: str) -> str:
    """The numeric id of an object given as a number, digits, or a URN of type ``entity``."""
    if isinstance(value, str):
        value = value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, (str, int, Urn)) or isinstance(value, bool):
        raise InvalidValue(
            field,
            f"expected a {noun} id, got {type(value).__name__}.",
            f"use the number or urn:li:{entity}:{{id}}.",
        )
    fix = f"use the number or urn:li:{entity}:{{id}}."
    if isinstance(value, int) and not 0 <= value < 2**63:
        # LinkedIn's ids are positive 64-bit numbers; str() of an int past 4,300 digits would fail.
        raise InvalidValue(field, f"{shown_value(value)} is not a {noun} id.", fix)
    if isinstance(value, str):
        no_text(value, field)
    return coerce_urn(value, entity, field=field).id


def no_text(value: str, field: str) -> None:
    """Refuse a lone surrogate (U+D800..U+DFFF): it has no UTF-8 form, so it can be neither sent
    nor percent-encoded."""
    if not value.isascii():
        for index, char in enumerate(value):
            if "\ud800" <= char <= "\udfff":
                raise InvalidValue(
                    field,
                    f"holds a lone surrogate (U+{ord(char):04X} at position {index}), which is not "
                    "Unicode text.",
                    "fix the text's decoding (e.g. bytes.decode('utf-8', errors='replace')).",
                )


def urn_check(entity: str, noun: str) -> Check:
    """A check that turns an id or a URN of ``entity`` into ``urn:li:{entity}:{id}``."""

    def check(value: Any, field: str) -> str:
        return f"urn:li:{entity}:{entity_id(value, entity, noun, field)}"

    return check


# --- value checks ------------------------------------------------------------------------------------


def text(limit: int) -> Check:
    def check(value: Any, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue(field, "must be a non-empty string.")
        no_text(value, field)
        if len(value) > limit:
            raise InvalidValue(field, f"is {len(value)} characters; LinkedIn allows at most {limit}.")
        return value

    return check


def enum(allowed: Sequence[str], hints: Mapping[str, str] | None = None) -> Check:
    def check(value: Any, field: str) -> str:
        if hints and isinstance(value, str) and value.strip().upper() in hints:
            right = hints[value.strip().upper()]
            raise InvalidValue(
                field,
                f"{value!r} is not a LinkedIn value (the plural forms on Maton's page get 422 "
                '"is not an enum symbol").',
                f"use {right} (singular).",
            )
        return choice(value, allowed, field)

    return check


def boolean(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(field, f"expected true or false, got {shown_value(value)}.")
    return value


def record(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidValue(field, f"expected an object, got {type(value).__name__}.")
    return dict(value)


def string(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(field, "must be a non-empty string.")
    no_text(value, field)
    return value


def locale(value: Any, field: str) -> dict[str, str]:
    if isinstance(value, str):  # "en_US"
        language, _, country = value.partition("_")
        value = {"language": language, "country": country}
    if not isinstance(value, Mapping) or set(value) != {"country", "language"}:
        raise InvalidValue(
            field, f"{shown_value(value)} is not a locale.", '{"country": "US", "language": "en"} or "en_US".'
        )
    country, language = value["country"], value["language"]
    if not (
        isinstance(country, str)
        and isinstance(language, str)
        and all(len(part) == 2 and part.isascii() and part.isalpha() for part in (country, language))
    ):
        raise InvalidValue(
            field, f"{shown_value(dict(value))} is not a locale.", '{"country": "US", "language": "en"}.'
        )
    return {"country": country.upper(), "language": language.lower()}


def org_urn(value: Any, field: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"urn:li:organization:{entity_id(value, 'organization', 'organization', field)}"
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return f"urn:li:organization:{entity_id(value, 'organization', 'organization', field)}"
    return str(parse_urn(_urn_text(value, field), field=field, types=("organization",)))


def _urn_text(value: Any, field: str) -> Any:
    """``value`` for :func:`parse_urn`, refused first if it is a string with a lone surrogate."""
    if isinstance(value, str):
        no_text(value, field)
    return value


def any_urn(value: Any, field: str) -> str:
    return str(parse_urn(_urn_text(value, field), field=field))


#: The posts a Sponsored Content creative may reference.
POST_URN_TYPES = ("share", "ugcPost")


def post_reference(value: Any, field: str) -> dict[str, str]:
    """A creative's ``content``: ``{"reference": post URN}`` (an existing post to sponsor)."""
    if isinstance(value, str):
        value = {"reference": value}
    if not isinstance(value, Mapping) or set(value) != {"reference"}:
        raise InvalidValue(
            field,
            f"{shown_value(value)} is not a content reference; this provider sponsors existing posts only.",
            '{"reference": "urn:li:share:..."} (text ads, spotlight and other formats are not supported).',
        )
    where = f"{field}.reference"
    return {
        "reference": str(parse_urn(_urn_text(value["reference"], where), field=where, types=POST_URN_TYPES))
    }


@dataclass(frozen=True)
class Catalogue:
    """What may be written on one kind of object.

    :param fields: field name -> check/normalizer, for creates and updates.
    :param create_only: fields given at creation and immutable afterwards.
    :param read_only: fields LinkedIn sets (refused in writes, with that reason).
    :param required: fields a create needs and an update cannot ``$delete``.
    :param draft_only: fields that may change only while the object is a DRAFT.
    """

    fields: Mapping[str, Check]
    create_only: Mapping[str, Check] = field(default_factory=dict)
    read_only: frozenset[str] = frozenset()
    required: frozenset[str] = frozenset()
    draft_only: frozenset[str] = frozenset()

    def known(self, purpose: str) -> list[str]:
        names = list(self.fields) + (list(self.create_only) if purpose == "create" else [])
        return sorted(names)
