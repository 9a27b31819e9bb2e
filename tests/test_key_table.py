"""The README's key list is the one the bindings generate (one definition per action)."""

from scripts.readme_keys import README, markdown, readme_with_keys


def test_readme_lists_the_keys_the_bindings_define():
    readme = README.read_text("utf-8")
    assert readme_with_keys(readme) == readme, "run: python -m scripts.readme_keys"


def test_every_coding_action_is_listed_once_with_its_keys():
    table = markdown()
    for row in ("| `1-9` |", "| `s` |", "| `u`, `ctrl+z` |", "`shift+→` extends", "| `R` |"):
        assert table.count(row) == 1, row
