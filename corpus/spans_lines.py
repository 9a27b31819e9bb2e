"""A fast reader for spans files as our own emitter writes them, one document at a time.

``corpus.spans_yaml.dump_yaml`` writes a small, regular subset of YAML: block mappings and
sequences indented by two spaces, one ``key: value`` a line, values that are identifiers,
decimal integers, double-quoted strings on one line, or flow lists of those. This module reads
exactly that subset, line by line with regular expressions, and hands out each item of the
top-level ``documents`` list as soon as it is complete, so a 1,000,000-span file is never held
as one tree. It is several times faster than walking libyaml's events from Python.

Every line it accepts means to it what it means to ``yaml.safe_load``; anything else (comments,
other quoting or layouts, anchors, a repeated key, a date written plain) raises NotOurLayout,
and the caller reads the file again with the YAML library.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import yaml

from corpus_tui.corpus.spans_yaml import MAX_DEPTH, NestedTooDeeply


class NotOurLayout(ValueError):
    """Text outside the subset this reader knows; read it with the YAML library instead."""


# A character YAML takes as it is inside double quotes on one line: printable, not a quote, a
# backslash or a line break (NEL, LS, PS), not a BOM or a surrogate.
_DQ_CHAR = '[^"\\\\\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]'
_ESCAPE = r"\\(?:[0abtnvfre\"\\N_LP]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})"
_DQ = f'"(?:{_DQ_CHAR}|{_ESCAPE})*"'
_IDENT = r"[A-Za-z_][A-Za-z0-9_-]*"
_INT = r"-?(?:0|[1-9][0-9]*)"
_SCALAR = f"{_DQ}|{_INT}|{_IDENT}"
_VALUE = rf"\[\]|\{{\}}|\[(?:{_SCALAR})(?:, (?:{_SCALAR}))*\]|{_SCALAR}"
_LINE = re.compile(rf"^( *)(- )?({_IDENT}):(?: ({_VALUE}))?$", re.MULTILINE)
_SCALAR_ITEM = re.compile(_SCALAR)
_ESCAPES = re.compile(_ESCAPE)
_IS_INT = re.compile(_INT)

_NAMED = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}


def read_documents(text: str, top: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each item of the top-level ``documents`` list, in order, as ``safe_load`` builds it.

    The other top-level keys are put in ``top`` (``documents`` as an empty list when its items
    were handed out), which is complete once the iterator is exhausted. Raises NotOurLayout,
    possibly after handing out some documents, for text outside the subset (a line, a repeated
    key, an indentation our emitter never writes), and NestedTooDeeply past ``MAX_DEPTH``.
    """
    # Frames: [indent, container, streamed]; a mapping's indent is its keys', a sequence's
    # its dashes'. ``opened`` is the (mapping, key, indent) of a "key:" line awaiting a block.
    stack: list[list[Any]] = [[0, top, False]]
    opened: tuple[dict[str, Any], str, int] | None = None
    if not text.endswith("\n"):
        raise NotOurLayout("no final line break")
    # Line by line without a list of every line: each match must begin where the last ended.
    expected = 0
    number = 0
    for found in _LINE.finditer(text):
        number += 1
        if found.start() != expected:
            raise NotOurLayout(f"line {number}")
        expected = found.end() + 1
        indent_text, dash, key, raw = found.groups()
        indent = len(indent_text)
        if opened is not None:
            parent, parent_key, parent_indent = opened
            opened = None
            if indent != parent_indent + 2:
                raise NotOurLayout(f"line {number}: indentation")
            block: Any = [] if dash else {}
            parent[parent_key] = block
            streamed = parent is top and parent_key == "documents"
            stack.append([indent, block, streamed])
            if len(stack) > MAX_DEPTH:
                raise NestedTooDeeply(f"lists and mappings nested more than {MAX_DEPTH} deep")
        while stack[-1][0] > indent:
            done = stack.pop()
            if stack[-1][2] and isinstance(done[1], dict):
                yield done[1]
        frame = stack[-1]
        if dash:
            if frame[0] != indent or not isinstance(frame[1], list):
                raise NotOurLayout(f"line {number}: indentation")
            item: dict[str, Any] = {}
            if not frame[2]:
                frame[1].append(item)
            stack.append([indent + 2, item, False])
            if len(stack) > MAX_DEPTH:
                raise NestedTooDeeply(f"lists and mappings nested more than {MAX_DEPTH} deep")
            mapping = item
        else:
            if frame[0] != indent or not isinstance(frame[1], dict):
                raise NotOurLayout(f"line {number}: indentation")
            mapping = frame[1]
        name = _key(key)
        if name in mapping:
            raise NotOurLayout(f"line {number}: {key!r} repeated")
        if raw is None:
            mapping[name] = None
            opened = (mapping, name, indent)
        else:
            mapping[name] = _value(raw)
    if expected != len(text):
        raise NotOurLayout(f"line {number + 1}")
    if opened is not None:
        raise NotOurLayout("a key without a value at the end")
    while len(stack) > 1:
        done = stack.pop()
        if stack[-1][2] and isinstance(done[1], dict):
            yield done[1]


def _value(raw: str) -> Any:
    first = raw[0]
    if first == '"':
        return _unquote(raw)
    if first == "[":
        if raw == "[]":
            return []
        items = _SCALAR_ITEM.findall(raw[1:-1])
        values = [_scalar(item) for item in items]
        if "[" + ", ".join(items) + "]" != raw:
            raise NotOurLayout(raw[:40])  # a comma inside an item the regex split wrongly
        return values
    if first == "{":
        return {}
    return _scalar(raw)


def _scalar(raw: str) -> Any:
    if raw[0] == '"':
        return _unquote(raw)
    if _IS_INT.fullmatch(raw):
        return int(raw)
    return _word(raw)


def _unquote(raw: str) -> str:
    inner = raw[1:-1]
    if "\\" not in inner:
        return inner
    return _ESCAPES.sub(_unescape, inner)


def _unescape(match: re.Match[str]) -> str:
    code = match.group()[1:]
    named = _NAMED.get(code)
    return named if named is not None else chr(int(code[1:], 16))


@lru_cache(maxsize=4096)
def _word(word: str) -> Any:
    """An identifier written plain: a string, or what YAML 1.1 takes it for (null, a boolean)."""
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, word, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return word
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return yaml.constructor.SafeConstructor.bool_values[word.lower()]
    raise NotOurLayout(word)


@lru_cache(maxsize=1024)
def _key(word: str) -> str:
    value = _word(word)
    if not isinstance(value, str):
        raise NotOurLayout(word)  # a key YAML reads as null or a boolean
    return value
