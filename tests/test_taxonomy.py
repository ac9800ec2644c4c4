from datetime import UTC

from newsdigest.models import Article, FrontMatter
from newsdigest.publish.taxonomy import build_months, build_tags
from newsdigest.tags import Aliases, fold_tags, tag_slug

NO_ALIASES = Aliases({})


def art(url, tags, date=None, aliases=NO_ALIASES):
    folded = fold_tags(tags, aliases)
    return Article(
        url,
        1,
        FrontMatter(title=url, tags=tuple(tags), date=date),
        "",
        "h",
        url,
        url,
        tuple(s for s, _ in folded),
        tuple(n for _, n in folded),
    )


def test_slugs_are_ascii_and_fold_case_accents_punctuation():
    assert tag_slug("Zürich!") == tag_slug("zurich") == "zurich"
    assert tag_slug("Peace Talks") == tag_slug("peace-talks") == tag_slug("PEACE, talks") == "peace-talks"
    assert tag_slug("Україна").isascii() and tag_slug("Україна")
    assert tag_slug("北京") == "bei-jing"


def test_aliases_fold_any_spelling():
    aliases = Aliases({"Zelensky": "Zelenskyy"})
    assert fold_tags(["zelensky", "ZELENSKY", "Zelenskyy", "Kyiv"], aliases) == [
        ("zelenskyy", "Zelenskyy"),
        ("kyiv", "Kyiv"),
    ]


def test_empty_slugs_dropped():
    assert fold_tags(["!!!", " "], Aliases({})) == []


def test_most_common_spelling_wins_and_order_is_kept():
    arts = [art("/a/", ["nato"]), art("/b/", ["NATO"]), art("/c/", ["NATO", "Kyiv"])]
    [kyiv, nato] = build_tags(arts)
    assert (nato.slug, nato.name) == ("nato", "NATO")
    assert [a.url for a in nato.articles] == ["/a/", "/b/", "/c/"]
    assert kyiv.name == "Kyiv"


def test_tie_is_stable():
    arts = [art("/a/", ["Nato"]), art("/b/", ["NATO"])]
    assert build_tags(arts)[0].name == "NATO"
    assert build_tags(list(reversed(arts)))[0].name == "NATO"


def test_months_newest_first():
    from datetime import datetime

    d = lambda y, m: datetime(y, m, 1, tzinfo=UTC)
    arts = [art("/c/", [], d(2024, 5)), art("/b/", [], d(2024, 5)), art("/a/", [], d(2023, 12)), art("/u/", [])]
    months = build_months(arts)
    assert [(m.year, m.month, len(m.articles)) for m in months] == [(2024, 5, 2), (2023, 12, 1)]
