"""The client's Rest.li encoder read back by the sandbox's own decoder: a property test.

The two are written independently on purpose (DESIGN.md), so a value that survives
``decode(encode(value))`` is one LinkedIn reads as meant. The decoder returns every leaf as text, so
the value is compared with its normalised form: numbers and bools as their text, a date as its
record, a :class:`Urn` as its string, ``None`` record values left out. Lone surrogates are not
text that can be sent (how the encoder refuses them: ``test_fuzz_builders.py``), so they are left
out of the unicode here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from maton_linkedin_provider.linkedin.restli import encode, encode_key, encode_query
from maton_linkedin_provider.linkedin.urns import Urn
from maton_linkedin_provider.sandbox.restli import decode, parse_query

#: Any unicode but lone surrogates, with the characters that matter to Rest.li and URLs weighted in.
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=20) | st.text(
    alphabet="(),:'%&=+ /?#[]List''", max_size=10
)
URNS = st.builds(
    Urn,
    st.just("li"),
    st.sampled_from(["person", "organization", "sponsoredCampaign", "image", "adTargetingFacet"]),
    st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True),
)
LEAVES = (
    TEXT
    | st.just("")
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | URNS
    | st.dates()
)
KEYS = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=10)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner | st.none(), max_size=4),
    max_leaves=12,
)


def normal(value: Any) -> Any:
    """What the sandbox's decoder should read back for ``value``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Urn):
        return str(value)
    if isinstance(value, date):
        return {"year": str(value.year), "month": str(value.month), "day": str(value.day)}
    if isinstance(value, list):
        return [normal(item) for item in value]
    if isinstance(value, dict):
        return {key: normal(item) for key, item in value.items() if item is not None}
    return value


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_decode_reads_back_what_encode_wrote(value: Any) -> None:
    assert decode(encode(value)) == normal(value)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT | st.just(""), max_size=5))
def test_lists_of_text_and_empty_strings(items: list[str]) -> None:
    assert decode(encode(items)) == items


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, TEXT | st.just("") | st.lists(st.just("")), max_size=5))
def test_records_of_text_and_empty_values(record: dict[str, Any]) -> None:
    assert decode(encode(record)) == record


@settings(max_examples=200, deadline=None)
@given(URNS)
def test_urns_whole_and_inside_lists(urn: Urn) -> None:
    assert decode(encode(urn)) == str(urn)
    assert decode(encode([urn, str(urn)])) == [str(urn)] * 2
    assert "%3A" in encode_key(urn) and ":" not in encode_key(urn)


#: Query parameter names: anything but the Rest.li 1.0 forms (``a.b``, ``a[0]``) and the projection.
PARAM_NAMES = KEYS.filter(lambda k: not ({".", "[", "]"} & set(k)) and k != "fields")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(PARAM_NAMES, VALUES, max_size=4))
def test_parse_query_reads_back_encode_query(params: dict[str, Any]) -> None:
    assert parse_query(encode_query(params)) == {key: normal(value) for key, value in params.items()}
