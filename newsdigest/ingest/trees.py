"""Boosted tree ensembles as plain data, scored in pure Python (the learned cleaner's two
stages and the headline ranker). ``bench/`` fits them with LightGBM and stores each tree as
flat arrays in a JSON file; nothing here needs LightGBM or numpy."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence


class Forest:
    """A boosted tree ensemble. In the file each tree is flat arrays: node ``i`` splits on
    ``feature[i]`` at ``threshold[i]`` (``<=`` goes to ``left[i]``, else ``right[i]``) or, when
    ``feature[i] < 0``, is a leaf worth ``value[i]``. In memory each node is one tuple
    (feature, threshold or leaf value, left, right). On first use the trees are also written
    out as one Python function of nested comparisons (numbers only, from ``int``/``float``),
    the row's features read once into locals, three times as fast to run as walking the
    tuples, which remain the reference (``walk``)."""

    __slots__ = ("_compiled", "trees")

    MAX_DEPTH = 60
    """Deeper trees are walked, not compiled (Python limits how deep blocks may nest)."""

    def __init__(self, trees: Sequence[dict[str, list[float]]]) -> None:
        self.trees = tuple(
            tuple(
                (int(f), float(v) if f >= 0 else float(leaf), int(a), int(b))
                for f, v, a, b, leaf in zip(
                    t["feature"], t["threshold"], t["left"], t["right"], t["value"], strict=True
                )
            )
            for t in trees
        )
        self._compiled: Callable[[Sequence[float]], float] | None = None

    def walk(self, row: Sequence[float]) -> float:
        """The ensemble's raw score for a row, node by node."""
        total = 0.0
        for nodes in self.trees:
            f, t, left, right = nodes[0]
            while f >= 0:
                f, t, left, right = nodes[left if row[f] <= t else right]
            total += t
        return total

    def raw(self, row: Sequence[float]) -> float:
        if self._compiled is None:
            self._compiled = self._compile()
        return self._compiled(row)

    def probability(self, row: Sequence[float]) -> float:
        z = self.raw(row)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def _compile(self) -> Callable[[Sequence[float]], float]:
        lines = ["def raw(r):", " s = 0.0"]

        def number(v: float) -> str:
            return repr(v) if math.isfinite(v) else ("1e308" if v > 0 else "-1e308")

        def emit(nodes: tuple[tuple[int, float, int, int], ...], i: int, depth: int) -> None:
            f, t, left, right = nodes[i]
            pad = " " * depth
            if f < 0:
                lines.append(f"{pad}s += {number(t)}")
                return
            if depth > self.MAX_DEPTH:
                raise RecursionError
            lines.append(f"{pad}if v{f} <= {number(t)}:")
            emit(nodes, left, depth + 1)
            lines.append(f"{pad}else:")
            emit(nodes, right, depth + 1)

        try:
            for nodes in self.trees:
                emit(nodes, 0, 1)
        except RecursionError:
            return self.walk
        # Each feature the trees read, read from the row once into a local (a comparison of
        # two locals is cheaper than indexing the row at every node): the same comparisons.
        used = sorted({f for nodes in self.trees for f, _, _, _ in nodes if f >= 0})
        lines[1:1] = [f" v{f} = r[{f}]" for f in used]
        lines.append(" return s")
        namespace: dict[str, Callable[[Sequence[float]], float]] = {}
        exec(compile("\n".join(lines), "<cleaner model>", "exec"), namespace)
        return namespace["raw"]
