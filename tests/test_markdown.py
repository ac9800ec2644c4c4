from newsdigest.publish.markdown import make_markdown, reading_minutes, render
from newsdigest.text import cut


def test_raw_html_is_escaped_by_default():
    r = render(make_markdown(), "Hi <script>alert(1)</script> <img src=x onerror=alert(1)>")
    assert "<script>" not in r.html and "&lt;script&gt;" in r.html
    assert "<img" not in r.html


def test_unsafe_html_is_opt_in():
    assert "<b>x</b>" in render(make_markdown(unsafe_html=True), "<b>x</b>").html


def test_dangerous_links_are_not_links():
    html = render(make_markdown(), "[a](javascript:alert(1)) [b](https://ok.org)").html
    assert 'href="javascript' not in html and 'href="https://ok.org"' in html


def test_tables_strikethrough_and_heading_ids():
    html = render(
        make_markdown(), "## Global Reactions\n\n~~old~~\n\n| a |\n|---|\n| 1 |\n\n## Global Reactions\n"
    ).html
    assert '<h2 id="global-reactions">' in html and '<h2 id="global-reactions-1">' in html
    assert "<s>old</s>" in html and "<table>" in html


def test_lead_is_first_paragraph_plain_text():
    r = render(make_markdown(), "## Head\n\nFirst *para* with [link](https://x.org).\n\nSecond.")
    assert r.lead == "First para with link."
    assert r.words == 1 + 4 + 1


def test_cut_on_word_boundary():
    text = "word " * 100
    out = cut(text, 50)
    assert len(out) <= 51 and out.endswith("…") and not out[:-1].endswith(" ")
    assert out[:-1].split() == ["word"] * len(out[:-1].split())
    assert cut("short text", 50) == "short text"


def test_reading_minutes():
    assert reading_minutes(0) == 1
    assert reading_minutes(1150) == 5


def test_standfirst_not_repeated_when_body_opens_with_it():
    from newsdigest.publish.markdown import standfirst

    assert standfirst("Putin signals talks.", "Putin signals talks. More text follows.") == ""
    assert standfirst("A cut description…", "A cut description that goes on") == ""
    assert standfirst("Different dek.", "The body starts here.") == "Different dek."
    assert standfirst("", "Anything") == ""


def test_characters_xml_forbids_are_dropped():
    md = make_markdown()
    r = render(md, "A\x01B\x0bC &#1; \ufffe.\n\nTab\there.")
    assert "AB" in r.html and "C" in r.html
    assert not any(ch in r.html for ch in "\x01\x0b\ufffe")
    assert "\t" in r.html  # tab is allowed in XML and kept
