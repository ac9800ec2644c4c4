"""The golden site: tests/sites/basic/ built, and every file of its output compared with
tests/sites/basic/expected/. Regenerate after an intended change of the output with

    python -m pytest tests/test_golden.py --update-goldens

and review the diff of expected/ like any other change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import tree

from newsdigest.config import load_config
from newsdigest.publish.pipeline import BuildOptions, build

SITE = Path(__file__).parent / "sites" / "basic"
EXPECTED = SITE / "expected"


def test_golden_site(tmp_path, request):
    site = tmp_path / "basic"
    shutil.copytree(SITE, site, ignore=shutil.ignore_patterns("expected"))
    build(load_config(site / "site.toml"), BuildOptions(jobs=1))
    built = tree(site / "output")
    if request.config.getoption("--update-goldens"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(site / "output", EXPECTED)
    expected = tree(EXPECTED)
    assert sorted(built) == sorted(expected), "files added or missing (--update-goldens after an intended change)"
    for rel in expected:
        if rel.endswith((".png", ".jpg", ".gif", ".webp")):
            assert built[rel] == expected[rel], rel
        else:  # as text: a failure shows the lines that differ
            assert built[rel].decode("utf-8") == expected[rel].decode("utf-8"), rel
