from pathlib import Path

import pytest

from newsdigest.config import SiteConfig, load_config, parse_config
from newsdigest.errors import ConfigError


def parse(text: str) -> SiteConfig:
    return parse_config(text, Path("/site"))


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse(text)
    return info.value.problems


def test_empty_file_gives_defaults():
    cfg = parse("")
    assert cfg.site.permalink == "/{year}/{month}/{slug}/"
    assert cfg.site.per_page == 10
    assert cfg.feed.items == 20 and cfg.feed.full_content is True
    assert cfg.markdown.unsafe_html is False
    assert cfg.path("output") == Path("/site/output")


def test_values_are_read():
    cfg = parse('[site]\ntitle = "X"\nbase_url = "https://ex.org/news"\nper_page = 3\n[tags.aliases]\nA = "B"\n')
    assert cfg.site.title == "X" and cfg.site.per_page == 3
    assert cfg.base_path == "/news/"
    assert cfg.absolute_url("/news/a/") == "https://ex.org/news/a/"
    assert cfg.tags.aliases == {"A": "B"}


def test_unknown_key_suggests_nearest():
    [msg] = problems('[site]\ntitel = "X"\n')
    assert msg == "site.toml:2: [site] unknown key 'titel'; did you mean 'title'?"


def test_unknown_section_suggests_nearest():
    [msg] = problems("# comment\n[feeds]\nitems = 3\n")
    assert msg.startswith("site.toml:2: unknown section [feeds]") and "did you mean 'feed'?" in msg


def test_wrong_type_names_key_and_expectation():
    [msg] = problems('[site]\ntitle = "T"\n\n[feed]\nitems = "ten"\n')
    assert msg == "site.toml:5: [feed] items: expected an integer, got 'ten'"


def test_bool_is_not_an_integer():
    [msg] = problems("[site]\nper_page = true\n")
    assert "per_page: expected an integer" in msg


def test_all_problems_reported_together():
    found = problems('[site]\ntitel = "X"\nper_page = "x"\n[feed]\nitems = 0\n')
    assert len(found) == 3
    assert any("titel" in p for p in found) and any("per_page" in p for p in found)


def test_range_and_semantic_checks():
    found = problems(
        '[site]\nbase_url = "example.org"\ntimezone = "Mars/Olympus"\n'
        'permalink = "/{year}/{title}/"\n[feed]\nitems = 0\n'
    )
    text = "\n".join(found)
    assert "base_url: expected an absolute http(s) URL" in text
    assert "unknown time zone 'Mars/Olympus'" in text
    assert "must contain {slug}" in text and "unknown placeholder {title}" in text
    assert "[feed] items: must be at least 1" in text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('base_url = "https://ex.org/a b/"', "base_url: expected an absolute http(s) URL (no spaces"),
        ('base_url = "https://ex.org/\\"><script>"', "base_url: expected an absolute http(s) URL (no spaces"),
        ('language = "<script>"', "language: expected a language tag such as 'en' or 'pt-BR', got '<script>'"),
        ('language = "en us"', "language: expected a language tag"),
        ('permalink = "/../{slug}/"', "permalink: must be a plain path, without '.', '..'"),
        ('permalink = "/{year}/./{slug}/"', "permalink: must be a plain path"),
        ('permalink = "/{year} {slug}/"', "permalink: must be a plain path"),
    ],
)
def test_values_written_into_every_page_are_checked(line, message):
    """A site-wide value goes into every page's <html lang>, every URL and every feed: one
    that is no URL, no language tag or no plain path is refused at its line, not escaped
    into a page nobody can use."""
    [found] = problems(f"[site]\n{line}\n")
    assert found.startswith("site.toml:2: [site] ") and message in found, found


@pytest.mark.parametrize("language", ["en", "pt-BR", "zh-Hant-TW", "fil"])
def test_language_tags_are_accepted(language):
    assert parse(f'[site]\nlanguage = "{language}"\n').site.language == language


def test_toml_syntax_error_keeps_line():
    [msg] = problems('[site]\ntitle = "unterminated\n')
    assert msg.startswith("site.toml:2:22: not valid TOML: Illegal character"), msg


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "site.toml")
    assert "no such file" in info.value.format_message()


def test_fingerprint_changes_with_values():
    assert parse('[site]\ntitle = "A"\n').fingerprint != parse('[site]\ntitle = "B"\n').fingerprint
    assert parse('[site]\ntitle = "A"\n').fingerprint == parse('[site]\ntitle = "A"\n').fingerprint


def test_unknown_cleaning_rule_is_a_config_error_with_a_suggestion():
    [msg] = problems('[site]\ntitle = "T"\n[ingest]\nend_markers = []\ndisable_rules = ["call_to_actoin"]\n')
    assert msg.startswith(
        "site.toml:5: [ingest] disable_rules: unknown cleaning rule 'call_to_actoin'; did you mean 'call_to_action'?"
    )


def test_problem_lines_come_from_section_and_key():
    from newsdigest.config import Problem

    text = '[site]\ntitle = "T"\n\n[tags.aliases]\nA = "B"\n[feed]\n"items" = 0\n'
    assert Problem("feed", "items", "x").line_in(text) == 7
    assert Problem("tags", "aliases", "x").line_in(text) == 4
    assert Problem("site", "", "x").line_in(text) == 1
    assert Problem("site", "per_page", "x").line_in(text) == 1  # a default: the section's header
    assert Problem("ingest", "end_markers", "x").line_in(text) == 0
    assert (
        Problem("feed", "items", "must be at least 1").format(text) == "site.toml:7: [feed] items: must be at least 1"
    )


def test_outlets_and_tag_settings_are_read_and_checked():
    cfg = parse(
        '[outlets.eu-today]\nname = "EU Today"\nurl = "https://eu.example/"\ndescription = "Weekly."\n'
        '[tags]\nindex_min = 1\n[tags.descriptions]\nUkraine = "The war."\n'
    )
    assert cfg.outlets["eu-today"].name == "EU Today" and cfg.outlets["eu-today"].description == "Weekly."
    assert cfg.tags.index_min == 1 and cfg.tags.descriptions == {"Ukraine": "The war."}
    assert parse("").fingerprint != parse('[outlets.x]\nname = "X"\n').fingerprint  # outlets change the site
    assert problems('[outlets.x]\nurl = "javascript:alert(1)"\n') == [
        "site.toml:2: [outlets.x] url: expected an http(s) URL, got 'javascript:alert(1)'"
    ]
    assert problems('[outlets."EU Today"]\nname = "x"\n') == [
        "site.toml:1: [outlets.EU Today]: expected the outlet's slug, got 'EU Today'; write [outlets.eu-today]"
    ]
    unknown = problems('[outlets.x]\nnmae = "X"\n')
    assert unknown == ["site.toml:2: [outlets.x] unknown key 'nmae'; did you mean 'name'?"]
    assert problems("[tags]\nindex_min = 0\n") == ["site.toml:2: [tags] index_min: must be at least 1, got 0"]
