"""The tree ensembles the learned cleaner and the headline ranker read (trees.py)."""

from __future__ import annotations

import pytest

from newsdigest.ingest.trees import Forest

# One tree: x0 <= 0.5 ? (x1 <= 2 ? 1.0 : 2.0) : -3.0 ; nodes 0 (root), 1 (x1 split), 2, 3 (leaves), 4 (leaf)
TREE = {"feature": [0, 1, -1, -1, -1], "threshold": [0.5, 2.0, 0, 0, 0], "left": [1, 2, 0, 0, 0],
        "right": [4, 3, 0, 0, 0], "value": [0, 0, 1.0, 2.0, -3.0]}  # fmt: skip
LEAF = {"feature": [-1], "threshold": [0], "left": [0], "right": [0], "value": [0.25]}


def test_forest_sums_the_leaves_each_row_reaches():
    forest = Forest([TREE, LEAF])
    assert forest.walk([0.0, 1.0]) == 1.25
    assert forest.walk([0.5, 3.0]) == 2.25  # <= goes left
    assert forest.walk([0.6, 0.0]) == -2.75
    for row in ([0.0, 1.0], [0.5, 3.0], [0.6, 0.0], [0.5, 2.0]):
        assert forest.raw(row) == forest.walk(row)  # the compiled function agrees
    assert forest.probability([0.6, 0.0]) == pytest.approx(1 / (1 + 2.718281828459045**2.75))


def test_a_tree_too_deep_to_compile_is_walked():
    depth = Forest.MAX_DEPTH + 5
    feature = list(range(depth)) + [-1] * (depth + 1)
    n = len(feature)
    left = [i + 1 if i < depth - 1 else depth for i in range(depth)] + [0] * (depth + 1)
    right = [depth + 1 + i for i in range(depth)] + [0] * (depth + 1)
    value = [0.0] * depth + [float(i) for i in range(depth + 1)]
    tree = {"feature": feature, "threshold": [0.5] * n, "left": left, "right": right, "value": value}
    forest = Forest([tree])
    row = [0.0] * depth
    assert forest.raw(row) == forest.walk(row) == 0.0
    assert forest.raw([1.0] + [0.0] * (depth - 1)) == float(1)
