"""The YAML emitter: hostile text round-trips exactly through both PyYAML loaders."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_tui.corpus.spans_yaml import dump_yaml, load_yaml

# Both loaders users may have: libyaml's and the pure-Python one.
LOADERS = [yaml.SafeLoader, yaml.CSafeLoader]

HOSTILE = [
    'say "hi"',
    "it's",
    "key: value",
    "# not a comment",
    "a # b",
    "  leading",
    "trailing  ",
    " ",
    "",
    "tab\there",
    "\ttab first",
    "yes",
    "no",
    "No",
    "y",
    "off",
    "null",
    "~",
    "true",
    "1",
    "0x1f",
    "1e3",
    ".inf",
    "2026-11-22",
    "2026-11-22T09:15:02Z",
    "line one\nline two\n",
    "\n\nblank lines\n\n",
    "crlf\r\nline",
    "line\u2028separator",
    "para\u2029separator",
    "next\x85line",
    "\x85",
    "\ufeffbom at start",
    "bom\ufeff inside",
    "emoji 😀👍🏽 and family 👨‍👩‍👧",
    "Hangul 강 and jamo 강",
    "“curly” ‘quotes’",
    "\x00\x07\x1b\x7f\x9f",
    "nbsp\xa0here",
    "- dash",
    "? question",
    "[flow]",
    "{flow}",
    "&anchor *alias !tag |pipe >fold %percent @at `tick",
    "back\\slash",
    "e\u0301 combining",
    "\ue000 private use",
    "\U0010ffff last",
    "\ufffe\uffff",
]


@pytest.mark.parametrize("loader", LOADERS, ids=["pure", "libyaml"])
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_round_trip(text: str, loader: type) -> None:
    data = {"text": text, "list": [text, {"note": text}], "tags": [text, text]}
    assert yaml.load(dump_yaml(data), Loader=loader) == data


def test_every_string_is_written_on_one_line() -> None:
    out = dump_yaml({"text": "a\nb\rc\x85d\u2028e\u2029f"})
    assert out == 'text: "a\\nb\\rc\\Nd\\Le\\Pf"\n'


def test_plain_style_only_for_words_that_read_back_as_strings() -> None:
    out = dump_yaml({"a": "place", "b": "yes", "c": "2026", "d": "Tumen River", "e": "on"})
    assert out == 'a: place\nb: "yes"\nc: "2026"\nd: "Tumen River"\ne: "on"\n'


def test_layout_of_nested_lists_and_empty_values() -> None:
    data = {"version": 1, "tags": [], "documents": [{"id": "d1", "spans": [{"x": None}]}]}
    assert dump_yaml(data) == (
        "version: 1\ntags: []\ndocuments:\n  - id: d1\n    spans:\n      - x: null\n"
    )


def test_load_yaml_is_safe() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.parametrize("loader", LOADERS, ids=["pure", "libyaml"])
@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(st.text(), json_like, max_size=5))
def test_any_json_like_tree_round_trips(data: dict, loader: type) -> None:
    assert yaml.load(dump_yaml(data), Loader=loader) == data
