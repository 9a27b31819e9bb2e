"""The benchmark report: ratios, missing parts, the Markdown table and the JSON shape."""

import sys

from bench import minimal_app
from bench.metrics import MISSING, Metric, markdown_table, percentile, report_json
from bench.paint import first_paint, visible_text
from bench.searching import _mentions, _spellings, load_queries


def test_ratio_is_ours_over_peer_and_absent_when_a_side_is_missing():
    assert Metric("import_s", 6.0, 2.0, "s").ratio == 3.0
    assert Metric("search_p95_vs_rg", MISSING, 12.0, "ms").ratio is None
    assert Metric("reader_open_10mb", 40.0, None, "ms").ratio is None


def test_json_has_the_agreed_shape():
    metrics = [Metric("import_s", 6.0, 2.0, "s"), Metric("export_spans", MISSING, None, "ms")]

    assert report_json(500, metrics) == {
        "docs": 500,
        "metrics": {
            "import_s": {"ours": 6.0, "peer": 2.0, "ratio": 3.0, "unit": "s"},
            "export_spans": {"ours": "missing", "peer": None, "ratio": None, "unit": "ms"},
        },
    }


def test_markdown_table_has_one_row_per_metric_and_says_missing():
    table = markdown_table(
        [
            Metric("import_s", 61.5, 20.5, "s", "≤ 3× peer", "sqlite-utils"),
            Metric("search_found_vs_rg", 35, MISSING, "of 36 queries"),
        ]
    ).splitlines()

    assert table[0].startswith("| metric | ours | peer | ratio | unit |")
    assert table[2] == "| import_s | 61.5 | 20.5 | 3.00× | s | sqlite-utils | ≤ 3× peer |"
    assert table[3] == "| search_found_vs_rg | 35 | missing | — | of 36 queries |  |  |"


def test_percentiles_interpolate_between_samples():
    values = [float(v) for v in range(1, 101)]

    assert percentile(values, 50) == 50.5
    assert percentile(values, 95) == 95.05
    assert percentile([7.0], 95) == 7.0


def test_the_query_set_covers_exact_variant_and_typo_queries():
    kinds = [q.kind for q in load_queries()]

    assert {kinds.count(k) for k in ("exact", "variant", "typo")} == {12}


def test_visible_text_drops_escape_sequences():
    raw = "\x1b[?1049h\x1b[1;1H\x1b[38;2;1;2;3mKim \x1b[0m김정은\x1b]0;title\x07 ok".encode()

    assert visible_text(raw) == "Kim 김정은 ok"


def test_first_paint_times_an_app_in_a_terminal_until_its_text_shows():
    run = first_paint([sys.executable, minimal_app.__file__], minimal_app.READY, timeout=60)

    assert run.seconds > 0
    assert run.peak_mb > 1


def test_a_mention_is_a_spelling_a_part_of_one_or_one_edit_off():
    spellings = _spellings("Kim Jong-un")

    assert _mentions(["Kim Jong Un", "KIM JONG-UN", "Kim Jonh Un", "김정은"], spellings) == {
        "kim jong un",
        "kim jong-un",
        "kim jonh un",
        "김정은",
    }
    assert _mentions(["Kim Jong Il", "Kim", "Shenyang"], spellings) == set()
    assert _mentions(["Gadhafi"], _spellings("Muammar Gaddafi")) == {"gadhafi"}
