"""The synthetic corpus generator: deterministic, varied in spelling and script, long-tailed."""

import json
import re
import statistics
from pathlib import Path

from bench.generate import (
    DEFAULT_SEED,
    HUGE_CHARS,
    document_path,
    document_text,
    generate,
    tail_for,
)

HANGUL = re.compile("[\uac00-\ud7a3]")
CJK = re.compile("[\u4e00-\u9fff]")
CYRILLIC = re.compile("[\u0400-\u04ff]")


def _texts(count: int, seed: int = DEFAULT_SEED) -> list[str]:
    return [document_text(seed, i) for i in range(count)]


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_writes_the_same_bytes(tmp_path):
    generate(40, tmp_path / "a", workers=1)
    generate(40, tmp_path / "b", workers=2)

    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_a_document_does_not_depend_on_the_corpus_size(tmp_path):
    generate(20, tmp_path / "small", workers=1)
    generate(60, tmp_path / "large", workers=1)

    small = _files(tmp_path / "small" / "docs")
    large = _files(tmp_path / "large" / "docs")
    assert len(small) == 20
    assert len(large) == 60
    assert all(large[path] == data for path, data in small.items())


def test_another_seed_gives_other_documents():
    assert _texts(5, seed=1) != _texts(5, seed=2)


def test_manifest_and_vocabulary_describe_the_files(tmp_path):
    manifest = generate(30, tmp_path, workers=1)

    on_disk = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    files = list((tmp_path / "docs").rglob("*.*"))
    assert on_disk == manifest
    assert manifest["docs"] == len(files) == 30
    assert manifest["bytes"] == sum(p.stat().st_size for p in files)
    names = (tmp_path / "vocabulary.txt").read_text("utf-8").splitlines()
    corpus = "".join(p.read_text("utf-8") for p in files)
    assert len(names) == manifest["names"] > 10
    assert all(name in corpus for name in names)


def test_names_recur_in_spelling_variants_accents_and_other_scripts():
    corpus = "\n".join(_texts(400))

    for variant in ("Kim Jong-un", "Kim Jong Un", "Muammar Gaddafi", "Muammar Qaddafi"):
        assert corpus.count(variant) >= 3, variant
    assert "São Paulo" in corpus
    assert "Sao Paulo" in corpus
    assert HANGUL.search(corpus)
    assert CJK.search(corpus)
    assert CYRILLIC.search(corpus)
    assert "“" in corpus
    assert "’" in corpus


def test_articles_have_a_headline_and_paragraphs():
    texts = _texts(50)

    assert all(t.endswith("\n") and "\n" in t.rstrip("\n") for t in texts)
    assert sum("\n\n" in t for t in texts) > 25


def test_sizes_average_about_five_thousand_characters_with_a_spread():
    sizes = [len(t) for t in _texts(600)]

    assert 4_000 < statistics.mean(sizes) < 6_000
    assert min(sizes) < 1_500
    assert max(sizes) > 15_000


def test_the_long_tail_grows_with_the_corpus():
    assert tail_for(500) == {}
    assert [t.chars for t in tail_for(1_000).values()] == [1_000_000]
    assert max(t.chars for t in tail_for(10_000).values()) == HUGE_CHARS
    assert max(t.chars for t in tail_for(5_000).values()) < HUGE_CHARS
    assert len(tail_for(100_000)) >= 5


def test_huge_forces_a_ten_megabyte_document_into_a_small_corpus():
    tail = tail_for(500, huge=True)

    assert [(t.index, t.chars) for t in tail.values()] == [(499, HUGE_CHARS)]
    assert tail_for(10_000, huge=True) == tail_for(10_000)


def test_a_long_tail_document_reaches_its_size():
    text = document_text(DEFAULT_SEED, 700, 200_000)

    assert 200_000 <= len(text) < 201_000
    assert text.count("\n") > 100


def test_one_line_documents_have_no_line_breaks_inside():
    text = document_text(DEFAULT_SEED, 3_000, 50_000, one_line=True)

    assert "\n" not in text.rstrip("\n")


def test_paths_spread_documents_over_folders():
    assert document_path(0) == "000/000000.txt"
    assert document_path(12_345) == "012/012345.txt"
    assert document_path(49).endswith(".md")
