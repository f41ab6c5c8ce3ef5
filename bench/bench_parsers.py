"""Benchmark: the amount and date parsers alone, on the corpus articles.

    .venv/bin/python bench/bench_parsers.py

They run on every article, so together they must stay well under 2 µs per token
(the whole extraction targets >= 150k tokens/s). Best of 5 runs.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.corpus import iter_articles  # noqa: E402
from kg.extract.amounts import find_amounts, fold  # noqa: E402
from kg.extract.dates import find_dates  # noqa: E402
from kg.model import DateValue  # noqa: E402


def main() -> None:
    articles = [a.text for a in iter_articles([ROOT / "corpus"]) if not isinstance(a, Exception)]
    ref = DateValue("2025-01-25")
    for label, texts in (("articles concatenated x20", ["\n\n".join(articles) * 20]),
                         ("each article, x20", [a + " " * i for i in range(20) for a in articles])):
        find_amounts(texts[0][:1000]), find_dates(texts[0][:1000], ref)
        best = [9.0, 9.0]
        counts = [0, 0]
        for _ in range(5):
            fold.cache_clear()
            t_a = t_d = 0.0
            counts = [0, 0]
            for text in texts:
                t0 = time.perf_counter()
                counts[0] += len(find_amounts(text))
                t1 = time.perf_counter()
                counts[1] += len(find_dates(text, ref))
                t2 = time.perf_counter()
                t_a, t_d = t_a + t1 - t0, t_d + t2 - t1
            best = [min(best[0], t_a), min(best[1], t_d)]
        n_chars = sum(map(len, texts))
        n_tok = sum(len(t.split()) for t in texts)
        total = best[0] + best[1]
        print(f"{label}: {n_chars:,} chars, {n_tok:,} tokens")
        print(f"  find_amounts: {counts[0]} found, {best[0] * 1e3:.1f} ms (incl. folding and the shared scan)")
        print(f"  find_dates:   {counts[1]} found, {best[1] * 1e3:.1f} ms")
        print(f"  both: {n_chars / total:,.0f} chars/s, {total / n_tok * 1e6:.3f} µs/token")


if __name__ == "__main__":
    main()
