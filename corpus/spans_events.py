"""Any YAML spans file, read one document at a time from the parser's events.

``yaml.safe_load`` builds the whole tree (and the node graph before it) before anything can be
checked: about 5 GB and minutes for a 63 MB file. This reader walks libyaml's events (the pure
parser's without libyaml) and builds each item of the top-level ``documents`` list on its own,
handing it out as soon as it ends, with the values ``safe_load`` gives: scalars are resolved and
constructed by PyYAML's own resolver and safe constructor.

What a spans file never needs is refused on the way, each as the YAML error or the exception
named: nesting deeper than ``MAX_DEPTH`` (NestedTooDeeply), an alias of a list or mapping
(AliasedCollection: the alias bomb), a key repeated in one mapping, more than one YAML document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode

from corpus_tui.corpus.spans_yaml import MAX_DEPTH, NestedTooDeeply

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
# Plain lists and mappings only: no sets, ordered maps or application objects.
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_TOO_DEEP = f"lists and mappings nested more than {MAX_DEPTH} deep"


class AliasedCollection(ValueError):
    """A YAML alias (``*name``) of a list or mapping: a spans file has none."""


class _Frame:
    """A list or mapping being built; for a mapping, the key waiting for its value."""

    __slots__ = ("container", "key", "key_lines", "streamed")

    def __init__(self, container: Any, streamed: bool = False) -> None:
        self.container = container
        self.streamed = streamed
        self.key: Any = _NO_KEY
        self.key_lines: dict[Any, int] = {}


_NO_KEY = object()


def read_documents(text: str, top: dict[str, Any]) -> Iterator[Any]:
    """Each item of the top-level ``documents`` list, in order; the file's other top-level
    keys go into ``top`` (``documents`` as an empty list when it was a list), complete once the
    iterator is exhausted.

    A file whose top level is not a mapping (or that is empty) leaves ``top`` with the single
    key ``None`` holding that value. Raises yaml.YAMLError for YAML that ``safe_load``
    refuses and for the refusals in the module's docstring.
    """
    constructor = SafeConstructor()
    resolver = yaml.resolver.Resolver()
    anchors: dict[str, Any] = {}
    collections: set[str] = set()
    stack: list[_Frame] = []
    documents = 0
    rooted = False
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            kind = type(event)
            if isinstance(event, ScalarEvent):
                value = _scalar(event, constructor, resolver)
                if event.anchor:
                    anchors[event.anchor] = value
                if stack and stack[-1].streamed:
                    yield value
                else:
                    rooted = rooted or not stack
                    _add(stack, value, event, top)
            elif isinstance(event, MappingStartEvent | SequenceStartEvent):
                if len(stack) >= MAX_DEPTH:
                    raise NestedTooDeeply(_TOO_DEEP)
                if event.tag not in _COLLECTION_TAGS:
                    raise ConstructorError(
                        None,
                        None,
                        f"could not determine a constructor for the tag {event.tag!r}",
                        _mark(event),
                    )
                if event.anchor:
                    collections.add(event.anchor)
                streamed = (
                    kind is SequenceStartEvent
                    and len(stack) == 1
                    and stack[0].key == "documents"
                    and isinstance(stack[0].container, dict)
                )
                stack.append(_Frame({} if kind is MappingStartEvent else [], streamed))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = stack.pop()
                if stack and stack[-1].streamed:
                    yield done.container
                else:
                    rooted = rooted or not stack
                    _add(stack, done.container, event, top)
            elif isinstance(event, AliasEvent):
                if event.anchor in collections:
                    raise AliasedCollection(event.anchor)
                if event.anchor not in anchors:
                    raise yaml.composer.ComposerError(
                        None, None, f"found undefined alias {event.anchor!r}", _mark(event)
                    )
                if stack and stack[-1].streamed:
                    yield anchors[event.anchor]
                else:
                    rooted = rooted or not stack
                    _add(stack, anchors[event.anchor], event, top)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        None,
                        "but found another document",
                        _mark(event),
                    )
        if not rooted:
            top[None] = None  # type: ignore[index]
    except yaml.YAMLError as error:
        _too_deep_first(text, error)
        raise


def check_syntax(text: str) -> None:
    """Raise the parser's yaml.YAMLError, or NestedTooDeeply, if ``text`` does not parse as
    YAML; builds nothing, so a broken file is refused in about a third of the time a full read
    takes."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            kind = type(event)
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    raise NestedTooDeeply(_TOO_DEEP)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
    except yaml.YAMLError as error:
        _too_deep_first(text, error)
        raise


def _too_deep_first(text: str, error: yaml.YAMLError) -> None:
    # libyaml reads ahead through "[[[[..." before yielding an event, and may stop at a
    # nesting limit of its own first: open brackets before the error mark tell that case.
    mark = getattr(error, "problem_mark", None)
    if mark is not None and mark.index is not None:
        before = text[: mark.index]
        opened = before.count("[") + before.count("{") - before.count("]") - before.count("}")
        if opened > MAX_DEPTH:
            raise NestedTooDeeply(_TOO_DEEP) from None


def _add(stack: list[_Frame], value: Any, event: Any, top: dict[str, Any]) -> None:
    if not stack:  # the document's root
        if isinstance(value, dict):
            top.update(value)
        else:
            top[None] = value  # type: ignore[index]
        return
    frame = stack[-1]
    container = frame.container
    if type(container) is list:
        container.append(value)
    elif frame.key is _NO_KEY:
        if isinstance(value, dict | list):
            raise ConstructorError(
                "while constructing a mapping", None, "found unhashable key", _mark(event)
            )
        line = _mark(event).line + 1
        first = frame.key_lines.get(value)
        if first is not None:
            raise ConstructorError(
                None, None, f"duplicate key {value!r} (first on line {first})", _mark(event)
            )
        frame.key_lines[value] = line
        frame.key = value
    else:
        container[frame.key] = value
        frame.key = _NO_KEY


def _mark(event: Event) -> Any:
    # libyaml's marks (yaml._yaml.Mark) serve wherever PyYAML's own do; the stubs type them apart.
    return event.start_mark


def _end_mark(event: Event) -> Any:
    return event.end_mark


def _scalar(event: ScalarEvent, constructor: SafeConstructor, resolver: Any) -> Any:
    value = event.value
    tag = event.tag
    if tag is None or tag == "!":
        if not event.implicit[0]:  # quoted, or a block scalar: a string
            return value
        tag = resolver.resolve(ScalarNode, value, (True, False))
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return constructor.bool_values[value.lower()]
    node = ScalarNode(tag, value, _mark(event), _end_mark(event), event.style)
    if tag == _INT:
        return constructor.construct_yaml_int(node)
    if tag == _TIMESTAMP:
        try:
            return constructor.construct_yaml_timestamp(node)
        except ValueError:
            return value  # an impossible date (2030-02-30) stays text, for the checker to name
    if tag == _MERGE:
        raise ConstructorError(
            None, None, "merge keys (<<) have no place in a spans file", _mark(event)
        )
    return constructor.construct_object(node, deep=True)
