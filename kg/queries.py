"""The example research queries in queries/: reading them and their titles."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"


@dataclass(frozen=True)
class ExampleQuery:
    name: str
    title: str  # the first comment line: what the query answers
    text: str


def read_query(query_or_path: str) -> str:
    """A query given inline, or the contents of a .rq file."""
    path = Path(query_or_path)
    if query_or_path.endswith(".rq") or (len(query_or_path) < 4096 and "\n" not in query_or_path and path.is_file()):
        return path.read_text(encoding="utf-8")
    return query_or_path


def example_queries(directory: Path = QUERIES_DIR) -> list[ExampleQuery]:
    out = []
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comments = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
        out.append(ExampleQuery(path.stem, comments[0] if comments else path.stem, text))
    return out
