"""The text cleaner's context step and link reading: the same answers as the plain reading,
in linear time on hostile lines and pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdigest.ingest.blocks import Block
from newsdigest.ingest.boilerplate import BAD, GOOD, NEAR, SHORT, URL, Classified, resolve_context
from newsdigest.ingest.rules import active_rules

ROOT = Path(__file__).resolve().parent.parent
RULE = active_rules()[0]


def _plain_resolve(items: list[Classified]) -> None:
    """jusText's context step read plainly: each block's neighbours looked for by walking
    from it (what resolve_context must agree with)."""

    def neighbour(i: int, step: int) -> str:
        j = i + step
        while 0 <= j < len(items):
            if items[j].cls != SHORT:
                return items[j].cls
            j += step
        return BAD

    for i, c in enumerate(items):
        if c.cls == NEAR and c.rule is None:
            prev, nxt = neighbour(i, -1), neighbour(i, 1)
            c.cls = BAD if prev == BAD and nxt == BAD else GOOD
    for i, c in enumerate(items):
        if c.cls == SHORT:
            prev, nxt = neighbour(i, -1), neighbour(i, 1)
            if prev == GOOD and nxt == GOOD:
                c.cls = GOOD
            elif prev == BAD and nxt == BAD:
                c.cls = BAD


def _items(spec: list[tuple[str, bool]]) -> list[Classified]:
    return [
        Classified(Block(i, f"line {i}", i + 1), cls, cls, RULE if ruled else None)
        for i, (cls, ruled) in enumerate(spec)
    ]


@given(st.lists(st.tuples(st.sampled_from([GOOD, NEAR, SHORT, BAD]), st.booleans()), max_size=40))
def test_context_step_agrees_with_walking_to_each_neighbour(spec):
    fast, plain = _items(spec), _items(spec)
    resolve_context(fast)
    _plain_resolve(plain)
    assert [c.cls for c in fast] == [c.cls for c in plain]


def test_context_step_examples():
    items = _items([(GOOD, False), (SHORT, False), (SHORT, False), (GOOD, False), (NEAR, False), (BAD, False)])
    resolve_context(items)
    assert [c.cls for c in items] == [GOOD, GOOD, GOOD, GOOD, GOOD, BAD]
    lonely = _items([(BAD, False), (SHORT, False), (NEAR, False), (SHORT, False), (BAD, False)])
    resolve_context(lonely)
    assert [c.cls for c in lonely] == [BAD, BAD, BAD, BAD, BAD]


def test_links_and_addresses_in_a_line():
    line = "Mail john@example.com or (jane@x.org), see www.x.de/a and http://a.b/c?d; not foo@bar or a@b@c.de"
    assert URL.findall(line) == ["john@example.com", "(jane@x.org", "www.x.de/a", "http://a.b/c?d;"]


@pytest.mark.parametrize("rules_off", [False, True])
def test_a_megabyte_of_inline_data_or_code_is_read_in_moments(tmp_path, rules_off):
    """A scraped text with an inline image and a minified script written out (lines of a
    megabyte, no spaces): the article comes through without them (the named rules drop
    them). With those rules off the lines reach the statistics, which read them in linear
    time: before, ``\\S+@`` was tried from each of a line's positions and the ingest did not
    end (a hang guard, not a timing: it takes about a second)."""
    blob = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB" * 32_000
    script = "function(e){return!e.ok&&window.x(e)};" * 25_000
    raw = tmp_path / "budget.txt"
    raw.write_text(
        "Council approves the new budget\n\n"
        "The city council approved the new budget on Tuesday after a long debate about schools and roads.\n\n"
        "Members said the plan would fund repairs for years to come, and the mayor welcomed the vote.\n\n"
        f"data:image/png;base64,{blob}\n\n{script}\n\n"
        "The budget takes effect in January, officials said in a statement after the meeting.\n",
        encoding="utf-8",
    )
    toml = (ROOT / "site.toml").read_text(encoding="utf-8")
    if rules_off:
        toml += '\n[ingest]\ndisable_rules = ["url_only", "inline_data"]\n'
    (tmp_path / "site.toml").write_text(toml, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "ingest", "--dry-run", str(raw)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "takes effect in January" in done.stdout
    if not rules_off:
        assert "base64" not in done.stdout and "iVBORw0KGgo" not in done.stdout and "window.x" not in done.stdout
