import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from newsdigest.publish.markdown import make_markdown, reading_minutes, render
from newsdigest.slugs import anchor
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


def _plain_ids(titles: list[str]) -> list[str]:
    """Heading ids read plainly: the anchor, else the first of anchor-1, anchor-2 ... not taken."""
    taken: set[str] = set()
    out = []
    for title in titles:
        base = slug = anchor(title)
        n = 1
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out.append(slug)
    return out


HEADINGS = {"Update": "Update", "Update 1": "Update 1", "update-1": "update-1", "Update-1-1": "Update-1-1"}
HEADINGS |= {"Київ": "Київ", "###": "", "`x`": "x"}  # Markdown -> the heading's text


@given(st.lists(st.sampled_from(sorted(HEADINGS)), max_size=12))
def test_heading_ids_are_unique_and_numbered_in_order(headings):
    body = "\n\n".join(f"## {h}" for h in headings)
    ids = re.findall(r'<h2 id="([^"]*)"', render(make_markdown(), body).html)
    assert ids == _plain_ids([HEADINGS[h] for h in headings])
    assert len(set(ids)) == len(ids)


def test_a_body_of_headings_alike_renders_in_moments():
    """200,000 headings alike numbered in one pass each (counting from 1 for each repeat took
    hours for a content file's 4 MB of them): a hang guard, not a timing (about 5 s)."""
    code = (
        "from newsdigest.publish.markdown import make_markdown, render\n"
        "html = render(make_markdown(), '## Update\\n' * 200_000).html\n"
        "print(html.count('<h2 id='), html.rsplit('id=', 1)[1].split('>')[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200000", '"update-199999"']


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
