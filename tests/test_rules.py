import pytest

from newsdigest.ingest.rules import RULE_NAMES, active_rules, match

RULES = active_rules()


def rule_of(line: str) -> str | None:
    hit = match(RULES, line)
    return hit[0].name if hit else None


@pytest.mark.parametrize(
    "line, name",
    [
        ("expr:class='data:blog.pageType'>", "template_debris"),
        ('<div class="share">', "template_debris"),
        ("Meta Description: Amidst continued missile strikes.", "seo_description"),
        ("Keywords: Putin, Ukraine, NATO", "seo_keywords"),
        ("by Chief Editor", "byline"),
        ("Von Anna Müller | 12.03.2024", "byline"),
        ("Post a Comment", "comment_widget"),
        ("0 Comments", "comment_widget"),
        ("Leave a Comment", "comment_widget"),
        ("You may also like", "related_box"),
        ("Editors' Picks", "related_box"),
        ("Latest Posts", "related_box"),
        ("Das könnte Sie auch interessieren", "related_box"),
        ("Call to Action: What are your thoughts on this?", "call_to_action"),
        ("What are your thoughts? Share your perspectives on the future in the comments below.", "call_to_action"),
        ("Explore further: Read our in-depth analysis.", "call_to_action"),
        ("Click here for more News & Current Affairs at EU Today", "call_to_action"),
        ("YouTube:  https://www.youtube.com/@eutoday1049", "social_links"),
        ("Share Tweet Email", "social_links"),
        ("______________________", "separator"),
        ("© 2024 Example Media. All rights reserved.", "copyright"),
        ("We use cookies to improve your experience. Accept", "cookie_notice"),
        ("Advertisement", "advertisement"),
        ("READ MORE: Another story entirely", "read_more"),
        ("Photo: Reuters", "photo_credit"),
        ("5 min read", "reading_time"),
        ("Home > World > Europe", "breadcrumb"),
        ("Your email address will not be published.", "comment_form"),
        ("Jede kleine Spende hilft den notleidenden Menschen dieser Welt!", "prompt"),
        ("Escucha esta nota aquí", "prompt"),
        ("11 responses to “The Loneliest Woman in the World”", "responses"),
        ("TEMAS RELACIONADOS", "related_box"),
        ("Photograph by Ed Marshall, Redonda Restoration Programme", "photo_credit"),
        ("We want to hear what you think about this article. Submit a letter to the editor.", "call_to_action_inline"),
        ("No spam, we promise.", "newsletter"),
        ("Para comentar debes registrarte y completar los datos generales.", "comment_form"),
        (
            "GIS NOW Grenada is not responsible for the opinions, statements or media content presented.",
            "paywall_prompt",
        ),
        ("Some rights reserved 2017-2023 by Heartland Newsfeed.", "copyright"),
        ("Das Hermelin ist im Winter gut getarnt. (mlharing / iStock.com)", "caption_credit"),
        ("La bendición se realizará mañana. Foto: LN", "photo_credit"),
        ("Dein Browser ist leider veraltet. Lade für ein besseres Erlebnis eine neue Version.", "site_notice"),
        ("Warning: Use of undefined constant comments - assumed 'comments' in /var/www/x.php on line 3", "site_notice"),
        ("Dieses Werk ist unter einer Creative Commons-Lizenz lizenziert.", "site_notice"),
        ("Wir verwenden Cookies, um unsere Website zu verbessern.", "cookie_notice"),
        ("https://example.org/a/b?c=d", "url_only"),
        ("redaktion@example.org", "url_only"),
        ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk", "url_only"),
        ("iVBORw0KGgoAAAANSUhEUgAAA" * 10 + "==", "inline_data"),
        (
            "A version of this article appeared in print on July 24, 2012, on page A9 of the New York edition "
            "with the headline: Talks Resume.",
            "print_notice",
        ),
        ("A version of this article first appeared in The Conversation.", "print_notice"),
        (
            "This copy is for your personal, non-commercial use only. To order presentation-ready copies for "
            "distribution to your colleagues, use the Order Reprints tool.",
            "print_notice",
        ),
        ("Dieser Artikel ist in der gedruckten Ausgabe vom 3. Mai erschienen.", "print_notice"),
    ],
)
def test_rule_recognises(line, name):
    assert rule_of(line) == name


@pytest.mark.parametrize(
    "line",
    [
        "The ongoing Russo-Ukrainian war has entered a new, potentially pivotal phase.",
        "By the end of the week, negotiators had agreed on a ceasefire along the current lines.",
        "Did you know? The amount of Russian assets frozen globally is estimated to be over $300 billion.",
        "Global Reactions:",
        "Zelenskyy has also highlighted the importance of continuing the flow of Western aid.",
        "Ich backe heute Cookies mit meiner Tochter, und der Hund schaut zu.",
        "Write to redaktion@example.org with your questions about the new budget.",
        "Donaudampfschifffahrtsgesellschaftskapitän",
        "A version of this story might be news to some readers, who appeared at the meeting.",
        "This article is about the print industry and the people who still work in it.",
        "การประชุมสภาเมืองอนุมัติงบประมาณใหม่หลังจากการอภิปรายอันยาวนานเกี่ยวกับโรงเรียนและถนนในเขตพื้นที่" * 3,
    ],
)
def test_prose_is_not_boilerplate(line):
    hit = match(RULES, line)
    assert hit is None or (hit[0].kind == "meta" and hit[0].name != "byline"), hit


def test_rules_switch_off_and_extend():
    rules = active_rules(
        disabled=["call_to_action"], drop_patterns=["sponsored by .*"], end_markers=["more from eu today"]
    )
    assert match(rules, "Click here for more") is None
    assert match(rules, "Sponsored by Acme")[0].name == "site_drop_1"
    assert match(rules, "More from EU Today")[0].kind == "end"


def test_unknown_rule_name_is_an_error():
    with pytest.raises(ValueError, match="unknown cleaning rule"):
        active_rules(disabled=["no_such_rule"])


def test_names_unique():
    assert len(RULE_NAMES) == len(set(RULE_NAMES))


FITTED_WITH = [
    "seo_description",
    "seo_keywords",
    "byline",
    "template_debris",
    "separator",
    "comment_widget",
    "responses",
    "related_box",
    "comment_form",
    "paywall_prompt",
    "site_notice",
    "caption_credit",
    "call_to_action",
    "call_to_action_inline",
    "prompt",
    "social_links",
    "url_only",
    "inline_data",
    "copyright",
    "cookie_notice",
    "newsletter",
    "advertisement",
    "read_more",
    "photo_credit",
    "reading_time",
    "navigation",
    "breadcrumb",
]


def test_the_rules_the_cleaner_was_fitted_with_keep_their_numbers():
    """The learned cleaner reads a line's rule as its place in the table: a rule added since
    goes after these, or every line those rules match would read as another rule to it."""
    assert RULE_NAMES[: len(FITTED_WITH)] == tuple(FITTED_WITH)


def test_long_prose_mentioning_donations_is_kept():
    line = (
        "The charity said the donation drive, which began in March, had raised twice what organisers "
        "expected, and that volunteers would keep collecting in the capital's markets until the end of the year."
    )
    assert match(RULES, line) is None


def test_inline_data_of_any_length_is_dropped_and_read_in_linear_time():
    """An inline image kept as text (megabytes, no spaces) goes like any data line; the
    patterns tried on it are linear (``\\S+@`` from each position took minutes a line)."""
    blob = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB" * 40_000  # 1.28 million characters
    assert rule_of("data:image/png;base64," + blob) == "url_only"
    assert rule_of(blob) == "inline_data"
    assert rule_of("function(e){return!e.ok&&window.x(e)};" * 25_000) == "inline_data"
    assert rule_of("@" * 200_000) == "inline_data"
    assert rule_of("a@" * 100_000) == "inline_data"
