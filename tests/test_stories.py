"""Stories: the five seeds are one story with five sources, no distractor joins it, copies
are published once, story URLs never break, ``story:`` forces and refuses."""

from __future__ import annotations

import random
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import tree
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdigest.config import parse_config
from newsdigest.ingest.pipeline import Cleaner, IngestOptions
from newsdigest.publish import stories

HERE = Path(__file__).parent
SEEDS = sorted((HERE / "fixtures" / "seeds").glob("*.txt"))
DISTRACTORS = sorted((HERE / "fixtures" / "stories").glob("*.md"))
OUTLETS = ["EU Today", "World Affairs Blog", "Kyiv Post Online", "Global Wire", "The Daily Brief"]


@pytest.fixture(scope="module")
def seed_files() -> dict[str, str]:
    """The seeds ingested (each with an outlet), as content files: name -> text."""
    config = parse_config("", HERE)
    out = {}
    for seed, outlet in zip(SEEDS, OUTLETS, strict=True):
        options = IngestOptions(
            into=HERE, date=datetime(2024, 6, 1).date(), source_name=outlet, source_url=f"https://{seed.stem}.example/"
        )
        done = Cleaner(config, options, now=datetime(2024, 6, 1, tzinfo=UTC)).clean(seed.read_bytes(), seed.name)
        out[f"content/{done.slug}.md"] = done.text
    return out


def distractors() -> dict[str, str]:
    return {f"content/{p.name}": p.read_text(encoding="utf-8") for p in DISTRACTORS}


def story_dirs(out: Path) -> list[Path]:
    return sorted(p.parent for p in (out / "stories").glob("*/index.html"))


def real_stories(out: Path) -> list[Path]:
    return [d for d in story_dirs(out) if "http-equiv" not in (d / "index.html").read_text(encoding="utf-8")]


def test_the_seeds_are_one_story_with_five_sources_and_nothing_else(make_site, seed_files):
    site = make_site({**seed_files, **distractors()})
    assert site.build() == 0
    [story] = real_stories(site.out)
    page = (story / "index.html").read_text(encoding="utf-8")
    assert page.count('<li>\n        <h3><a href="') == 5
    for outlet in OUTLETS:
        assert outlet in page
    for p in DISTRACTORS:  # other subjects, and other Ukraine war news: not in it
        title = re.search(r"^title: (.*)$", p.read_text(encoding="utf-8"), re.M).group(1)
        assert title.replace("'", "&#39;") not in page
    # Every article's slug answers under /stories/: the other seeds' redirect to the story.
    assert len(story_dirs(site.out)) == len(seed_files) + len(DISTRACTORS)
    for name in seed_files:
        if Path(name).stem != story.name:
            assert (
                f'url={"/stories/" + story.name + "/"}"' in (story.parent / Path(name).stem / "index.html").read_text()
            )
    # The front page shows the story once, as a card with its sources.
    front = (site.out / "index.html").read_text(encoding="utf-8")
    assert front.count("5 sources</a>") == 1
    assert sum(front.count(f"/{slug.stem}/") for slug in map(Path, seed_files)) <= 2  # one card: title link (+story)
    # Each seed's page says who else covered it.
    for name in seed_files:
        slug = Path(name).stem
        [article] = list(site.out.glob(f"2024/06/{slug}/index.html"))
        text = article.read_text(encoding="utf-8")
        assert "Also covered by" in text
        also = text.split("Also covered by", 1)[1].split("</section>", 1)[0]
        assert also.count('<li><a href="/2024/06/') == 4


def test_story_false_keeps_an_article_out_and_story_slug_forces_one_in(make_site, seed_files):
    files = dict(seed_files)
    first = sorted(files)[0]
    files[first] = files[first].replace("\n---\n", "\nstory: false\n---\n", 1)
    files["content/ecb-rates.md"] = distractors()["content/ecb-rates.md"].replace(
        "\n---\n", "\nstory: putin-and-the-talks\n---\n", 1
    )
    files["content/sanctions-package.md"] = distractors()["content/sanctions-package.md"].replace(
        "\n---\n", "\nstory: putin-and-the-talks\n---\n", 1
    )
    site = make_site(files)
    assert site.build() == 0
    forced = (site.out / "stories/putin-and-the-talks/index.html").read_text(encoding="utf-8")
    assert "European Central Bank" in forced and "Fourteenth Sanctions" in forced
    [auto] = [d for d in real_stories(site.out) if d.name != "putin-and-the-talks"]
    text = (auto / "index.html").read_text(encoding="utf-8")
    assert text.count('<li>\n        <h3><a href="') == 4  # the refused one is not in it
    assert Path(first).stem not in text


def test_a_bad_story_value_is_a_located_error(make_site, capsys):
    from conftest import article

    site = make_site({"content/a.md": article("A", story="'Not A Slug!'")})
    assert site.build() == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "content/a.md:4:8: front matter 'story': expected a story slug or false, got 'Not A Slug!'\n"
        "    hint: use story: not-a-slug (or story: false)\n"
    ), err


def test_a_copy_is_published_once_and_its_url_redirects(make_site, seed_files):
    files = dict(seed_files)
    name = sorted(files)[1]
    copy = re.sub(r"(?m)^  name: .*$", "  name: Syndicated Daily", files[name], count=1)
    copy = copy.replace("\ntitle: ", "\nslug: syndicated-copy\ntitle: ", 1)
    files["content/syndicated-copy.md"] = copy
    site = make_site(files)
    assert site.build() == 0
    redirect = (site.out / "2024/06/syndicated-copy/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in redirect and f"/2024/06/{Path(name).stem}/" in redirect
    [story] = real_stories(site.out)
    assert "Syndicated Daily" in (story / "index.html").read_text(encoding="utf-8")  # listed as a source
    feed = (site.out / "feed.xml").read_text(encoding="utf-8")
    assert "syndicated-copy" not in feed
    assert "syndicated-copy" not in (site.out / "sitemap.xml").read_text(encoding="utf-8")


def test_story_urls_never_break_as_articles_arrive_in_any_order(make_site, seed_files):
    everything = {**seed_files, **distractors()}
    for seed in (1, 2):
        names = sorted(everything)
        random.Random(seed).shuffle(names)
        site = make_site({})
        ever: set[str] = set()
        for name in names:
            site.write(name, everything[name])
            assert site.build() == 0
            ever |= {d.name for d in story_dirs(site.out)}
            missing = [s for s in ever if not (site.out / "stories" / s / "index.html").is_file()]
            assert missing == []
        assert len(ever) >= 1
        shutil.rmtree(site.root, ignore_errors=True)  # an old tree may still be going in the background


def test_daily_digest_pages_and_feed(make_site, seed_files):
    import feedparser

    site = make_site({**seed_files, **distractors()})
    assert site.build() == 0
    days = sorted(p.name for p in (site.out / "digest").iterdir() if p.is_dir())
    assert days == ["2024-05-31", "2024-06-01", "2024-06-02"]
    day = (site.out / "digest/2024-06-01/index.html").read_text(encoding="utf-8")
    assert day.count("5 sources</a>") == 1  # the story once, with its sources
    assert "Late Header Wins the Cup Final" in day and "EU Agrees Fourteenth" not in day  # that day only
    index = (site.out / "digest/index.html").read_text(encoding="utf-8")
    assert 'href="/digest/2024-06-02/"' in index
    feed = feedparser.parse((site.out / "digest/feed.xml").read_bytes())
    assert not feed.bozo
    assert [e.id for e in feed.entries] == [f"https://example.org/digest/{d}/" for d in reversed(days)]
    atom = feedparser.parse((site.out / "digest/atom.xml").read_bytes())
    assert len(atom.entries) == 3 and not atom.bozo
    assert "https://example.org/digest/" in (site.out / "sitemap.xml").read_text(encoding="utf-8")


def test_source_pages_with_their_own_feeds(make_site, seed_files):
    site = make_site({**seed_files, **distractors()})
    assert site.build() == 0
    page = (site.out / "sources/eu-today/index.html").read_text(encoding="utf-8")
    assert "EU Today" in page and page.count('<article class="card"') == 1
    assert (site.out / "sources/eu-today/feed.xml").is_file() and (site.out / "sources/eu-today/atom.xml").is_file()
    index = (site.out / "sources/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<li><a href="/sources/[a-z]', index)) == len(OUTLETS) + len(DISTRACTORS)


def test_related_reading_is_other_stories_and_stable(make_site, seed_files):
    site = make_site({**seed_files, **distractors()})
    assert site.build() == 0
    first = {p: p.read_text(encoding="utf-8") for p in site.out.rglob("*.html")}
    related = [t for t in first.values() if "Related reading" in t]
    assert related
    for text in related:
        block = text.split("Related reading", 1)[1].split("</aside>", 1)[0]
        own = re.search(r'<link rel="canonical" href="https://example.org(/[^"]*)"', text).group(1)
        assert own not in block
    shutil.rmtree(site.out)
    assert site.build("--no-cache") == 0
    assert {p: p.read_text(encoding="utf-8") for p in site.out.rglob("*.html")} == first


def test_an_edit_grouping_does_not_read_keeps_the_grouping_and_equals_a_cold_build(make_site, seed_files, monkeypatch):
    """A rebuild in a fresh process groups again only when something grouping reads changed
    (the kept grouping is used otherwise); either way the site is the cold build's."""
    import newsdigest.publish.assemble as assemble

    calls = []
    real_group = assemble.group
    monkeypatch.setattr(assemble, "group", lambda *a: calls.append(1) or real_group(*a))
    site = make_site({**seed_files, **distractors()})
    assert site.build() == 0 and calls == [1]
    name = sorted(seed_files)[2]
    path = site.root / name
    # Tags and a description: read by the pages, not by grouping.
    text = re.sub(r"(?m)^description: .*$", "description: A new one.", path.read_text(encoding="utf-8"), count=1)
    path.write_text(re.sub(r"(?m)^tags:", "tags:\n- Edited tag", text, count=1))
    assert site.build() == 0 and calls == [1]
    edited = site.snapshot()
    assert site.build("--no-cache", "--out", str(site.root / "cold")) == 0 and calls == [1, 1]
    assert edited == tree(site.root / "cold")
    assert "A new one." in "".join(t.decode() for k, t in edited.items() if k.startswith("stories/"))
    # Words of the text's lead: grouping reads them (and only the lead), so it groups again.
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    path.write_text(f"{head}\n---\nOfficials in Brussels and Warsaw welcomed the move.\n\n{body}")
    assert site.build() == 0 and calls == [1, 1, 1]
    assert site.build("--no-cache", "--out", str(site.root / "cold2")) == 0
    assert site.snapshot() == tree(site.root / "cold2")


def _brief(slug: str, title: str, date: str, outlet: str, body: str) -> str:
    return (
        f"---\ntitle: {title}\nslug: {slug}\ndate: {date}\nsource:\n  name: {outlet}\n"
        f"  url: https://{outlet.lower()}.example/{slug}\n---\n\n{body}\n"
    )


def test_a_short_brief_two_feeds_carry_is_published_once_with_both_outlets(make_site):
    """A wire brief too short to group by its words (a feed's summary) is still one article
    when two feeds carry it; two briefs alike but for their numbers (a day's weather) or for a
    word (a notice's weekday) are two."""
    brief = (
        "The city council approved the new budget on Tuesday after a long debate about schools and roads. "
        "Members said the plan would fund repairs for years, and the mayor welcomed the vote."
    )
    weather = (
        "Temperatures will reach {} degrees in the city today with light rain in the afternoon and wind "
        "from the west, forecasters said on the morning bulletin."
    )
    notice = (
        "The town library and the swimming pool will be closed on {} because of the annual staff training "
        "day, the town hall said in a statement, and both will open again at the usual hours the next "
        "morning for all visitors and members of the public."
    )
    site = make_site(
        {
            "content/a.md": _brief(
                "wire-budget", "Council approves budget", "2024-03-05T10:00:00+00:00", "Wire", brief
            ),
            "content/b.md": _brief("local-budget", "City passes budget", "2024-03-05T12:00:00+00:00", "Local", brief),
            "content/c.md": _brief("weather-5", "Weather", "2024-03-05T06:00:00+00:00", "Wire", weather.format(12)),
            "content/d.md": _brief("weather-6", "Weather", "2024-03-06T06:00:00+00:00", "Wire", weather.format(15)),
            "content/e.md": _brief(
                "closed-mon", "Closed", "2024-03-04T08:00:00+00:00", "Town", notice.format("Monday")
            ),
            "content/f.md": _brief(
                "closed-tue", "Closed", "2024-03-05T08:00:00+00:00", "Town", notice.format("Tuesday")
            ),
        }
    )
    assert site.build() == 0
    copy = (site.out / "2024/03/local-budget/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in copy and "/2024/03/wire-budget/" in copy
    kept = (site.out / "2024/03/wire-budget/index.html").read_text(encoding="utf-8")
    assert "Also covered by" in kept and "Local: City passes budget" in kept
    assert 'href="https://local.example/local-budget" rel="nofollow noopener"' in kept and "The whole story" not in kept
    for day in ("weather-5", "weather-6", "closed-mon", "closed-tue"):  # alike, not the same
        assert 'http-equiv="refresh"' not in (site.out / f"2024/03/{day}/index.html").read_text(encoding="utf-8")
    assert "local-budget" not in (site.out / "feed.xml").read_text(encoding="utf-8")


# What grouping reads of a text: the fast readers find exactly what the plain patterns do.
_TEXT = st.text(
    st.sampled_from(list("abcXYZ éÉßçØ_0129²½三 -'’.,;:!?()\"“”«»—–…\n\t*#[]")) | st.characters(), max_size=300
)
_PLAIN_WORD = re.compile(r"[^\W\d_]{3,}")
_PLAIN_NAME = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+)*")


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_words_are_the_word_patterns_matches(text):
    assert stories.words(text) == _PLAIN_WORD.findall(text)
    assert stories.words(text.casefold()) == _PLAIN_WORD.findall(text.casefold())


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_names_are_the_boundary_patterns_matches(text):
    assert stories.NAME.findall(text) == _PLAIN_NAME.findall(text)


def test_what_words_strips_or_blanks_is_never_part_of_a_word():
    assert all(not re.match(r"\w", c) for c in stories._PUNCTUATION)
    blanked = [c for c in map(chr, range(128)) if c.translate(stories._NOT_LETTERS) == " "]
    assert blanked and all(not re.match(r"[^\W\d_]", c) for c in blanked)


def test_words_of_real_texts_are_the_word_patterns_matches():
    texts = [p.read_text(encoding="utf-8") for p in (*SEEDS, *DISTRACTORS)]
    assert any(not t.isascii() for t in texts)  # both of words' paths are taken
    for t in texts:
        for text in (t, t.casefold(), t.encode("ascii", "replace").decode()):
            assert stories.words(text) == _PLAIN_WORD.findall(text)
            assert stories.NAME.findall(text) == _PLAIN_NAME.findall(text)
