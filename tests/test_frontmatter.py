import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsdigest import frontmatter
from newsdigest.errors import SourceError
from newsdigest.models import FrontMatter, Provenance, Source

P = Path("content/x.md")
UTC = UTC


def parse(yaml_text: str, tz=UTC):
    return frontmatter.parse(yaml_text, P, tz)


def errors(yaml_text: str) -> list[SourceError]:
    result = parse(yaml_text)
    assert isinstance(result, list), result
    return result


def test_split_finds_header_and_body_line():
    s = frontmatter.split("---\ntitle: A\ndate: 2024-01-01\n---\nBody\n")
    assert s.yaml_text == "title: A\ndate: 2024-01-01"
    assert s.body == "Body\n" and s.body_line == 5


def test_split_without_front_matter_hints():
    with pytest.raises(frontmatter.SplitError) as info:
        frontmatter.split("title: A\n\nBody")
    assert info.value.line == 1 and "must start with a line '---'" in info.value.message
    assert "title: Your headline" in info.value.hint


def test_split_unclosed():
    with pytest.raises(frontmatter.SplitError) as info:
        frontmatter.split("---\ntitle: A\nBody\n")
    assert "not closed" in info.value.message


def test_minimal():
    assert parse("title: Hello") == FrontMatter(title="Hello")


def test_all_fields():
    meta = parse(
        "title: T\ndate: 2024-05-01T09:30:00+02:00\nupdated: 2024-05-02\nauthor: A\n"
        "description: D\ntags: [x, 'y z', 3]\nsection: S\nsource: {name: N, url: 'https://n.org/a'}\n"
        "slug: my-slug\ndraft: true\nlang: pt-BR\nimage: /img/a.jpg\n"
        "provenance: {file: a.txt, sha256: abc}\nextra: {k: v}\n",
        tz=ZoneInfo("Europe/Brussels"),
    )
    assert meta.date == datetime(2024, 5, 1, 9, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    assert meta.updated == datetime(2024, 5, 2, tzinfo=ZoneInfo("Europe/Brussels"))
    assert meta.tags == ("x", "y z", "3")
    assert meta.source == Source("N", "https://n.org/a")
    assert meta.provenance == Provenance("a.txt", "abc")
    assert (meta.slug, meta.draft, meta.lang, meta.image, meta.extra) == (
        "my-slug",
        True,
        "pt-BR",
        "/img/a.jpg",
        {"k": "v"},
    )


def test_naive_date_takes_site_zone():
    meta = parse("title: T\ndate: '2024-05-01 10:00'", tz=ZoneInfo("America/New_York"))
    assert meta.date.utcoffset().total_seconds() == -4 * 3600


def test_missing_title_points_at_header():
    [e] = errors("date: 2024-01-01")
    assert "front matter 'title': required" in e.message and e.hint


def test_bad_date_has_line_and_hint():
    [e] = errors("title: T\nauthor: A\ndate: 05/01/24")
    assert e.line == 4  # file line: '---' is line 1, YAML starts on 2
    assert e.message == "front matter 'date': expected an ISO 8601 date, got '05/01/24'"
    assert "2024-05-01" in e.hint
    assert str(e).startswith("content/x.md:4:7: front matter 'date'")


@pytest.mark.parametrize("when", ["9999-12-31T23:30:00-05:00", "0001-01-01T00:30:00+05:00", "0001-01-01", "9999-06-01"])
def test_a_date_at_the_calendars_ends_is_refused_with_its_place(when):
    """Shown in another zone, or a day added (the digest's days, the feeds), such a date
    leaves Python's calendar: an OverflowError deep in the build, not a located message."""
    [e] = errors(f"title: T\ndate: {when}")
    assert (e.line, e.column) == (3, 7) and e.message.endswith("is out of range") and "9998" in e.hint


def test_dates_just_inside_the_range_are_kept():
    assert parse("title: T\ndate: 9998-12-30T23:00:00-05:00").date.year == 9998
    assert parse("title: T\ndate: 0002-01-01T12:00:00+05:00").date.year == 2


def test_a_problem_with_a_value_points_at_the_value():
    [e] = errors("title: T\ntags:\n  - a\n  - {b: c}\n")
    assert (e.line, e.column) == (4, 3) and "'tags'" in e.message  # the list starts on the line after the key


def test_tags_not_a_list():
    [e] = errors("title: T\ntags: Ukraine, Russia")
    assert (e.line, e.column) == (3, 7) and "expected a list" in e.message and "tags: [" in e.hint


def test_yaml_syntax_error_line():
    [e] = errors("title: T\ndate: [2024\nauthor: x")
    assert str(e).startswith("content/x.md:4:7: front matter is not valid YAML: did not find expected ',' or ']'")


def test_unknown_field_suggests():
    [e] = errors("title: T\nauthr: A")
    assert (e.line, e.column) == (3, 1) and "unknown field" in e.message and "did you mean 'author'?" in e.hint


def test_every_problem_reported():
    found = errors("date: nope\ntags: x\ndraft: maybe")
    assert {e.message.split("'")[1] for e in found} == {"title", "date", "tags", "draft"}


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,x", "//evil.org/x", "/a/../../etc"])
def test_unsafe_urls_refused(value):
    assert errors(f"title: T\nimage: '{value}'")
    assert errors(f"title: T\nsource: {{name: N, url: '{value}'}}")


@pytest.mark.parametrize("slug", ["../etc", "A B", "x/y", ""])
def test_unsafe_slugs_refused(slug):
    [e] = errors(f"title: T\nslug: '{slug}'")
    assert "slug" in e.message


def test_dump_round_trips():
    meta = FrontMatter(
        title='Quote "this": a # b',
        date=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        author="Ö",
        description="Line: with colon",
        tags=("Putin", "peace talks"),
        section="S",
        source=Source("N", "https://n.org/a?b=1"),
        provenance=Provenance("a.txt", "ff"),
    )
    text = frontmatter.dump(meta)
    split = frontmatter.split(text + "body")
    assert parse(split.yaml_text) == meta


def test_yes_no_on_off_are_text_not_booleans():
    meta = parse("title: T\ntags: [Norway, NO, yes, On]\ndraft: false")
    assert meta.tags == ("Norway", "NO", "yes", "On") and meta.draft is False
    [e] = errors("title: T\ndraft: yes")
    assert "expected true or false" in e.message


@pytest.mark.parametrize(
    ("yaml_text", "title", "tags"),
    [
        ("title: 12:30", "12:30", ()),  # YAML 1.1: 750 (base 60)
        ("title: 0x1F\ntags: [012, 1_000, 1e3]", "0x1F", ("012", "1_000", "1e3")),  # 1.1: 31, 10, 1000, 1000.0
        ("title: NO\ntags: [Norway, NO, off]", "NO", ("Norway", "NO", "off")),
    ],
)
def test_scalars_stay_the_text_that_was_written(yaml_text, title, tags):
    meta = parse(yaml_text)
    assert (meta.title, meta.tags) == (title, tags)


def test_numbers_in_extra_reach_templates_as_text():
    assert parse("title: T\nextra: {n: 3, ok: true}").extra == {"n": "3", "ok": True}


def test_an_alias_is_refused_where_it_is_and_never_expanded():
    bomb = "title: A\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    bomb += "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi", strict=True))
    bomb += "tags: [*i, *i, *i]\n"  # 9**9 * 3 items if expanded
    [e] = errors(bomb)
    assert str(e).startswith("content/x.md:4:8: front matter uses a YAML alias (*name), which newsdigest does not")
    assert len(str(e)) < 300


def test_a_star_inside_quotes_or_text_is_no_alias():
    assert parse("title: 'Tom & Jerry * 2'\ntags: ['*x']").tags == ("*x",)


def test_messages_quote_a_value_cut_short():
    [e] = errors("title: T\ntags: " + "x" * 5000)
    assert "got 'xxxx" in e.message and e.message.endswith("…") and len(e.message) < 200


@pytest.mark.parametrize("url", ["/\\evil.example/x", "https://good.example\\@evil.example/", "/a b", "/a\tb"])
def test_urls_a_browser_would_read_otherwise_are_refused(url):
    [e] = errors(f"title: T\nsource: {{name: X, url: {json.dumps(url)}}}")
    assert "url: expected an http(s) URL" in e.message
    [e] = errors(f"title: T\nimage: {json.dumps(url)}")
    assert "'image': expected an http(s) URL or a /site/path" in e.message


def test_xml_forbidden_characters_leave_every_text_field():
    meta = parse('title: "A\\u0001B"\nauthor: "x\\u000by"\ntags: ["k\\u0002"]\nsource: {name: "S\\u0003"}')
    assert (meta.title, meta.author, meta.tags, meta.source.name) == ("AB", "xy", ("k",), "S")
    [e] = errors('title: "\\u0001\\u0002"')
    assert "'title': required" in e.message
