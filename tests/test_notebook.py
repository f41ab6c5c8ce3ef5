"""The notebook API from the README: kg.load() and kg.query_df()."""
from __future__ import annotations

import kg

QUERY = """
PREFIX kg: <http://127.0.0.1:8000/ontology/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?supplier (COUNT(?c) AS ?contracts) WHERE {
  ?c a kg:Contract ; kg:supplier/skos:prefLabel ?supplier . FILTER(lang(?supplier) = "en")
} GROUP BY ?supplier ORDER BY DESC(?contracts)
"""


def test_query_df_returns_a_dataframe(built_store):
    df = kg.query_df(QUERY, store=str(built_store.path))
    assert list(df.columns) == ["supplier", "contracts"]
    counts = dict(zip(df["supplier"], df["contracts"].astype(int)))
    assert counts["Microsoft"] >= 3 and counts["Elbit Systems"] == 1
    assert list(df["contracts"].astype(int)) == sorted(counts.values(), reverse=True)


def test_load_gives_a_union_dataset_running_in_oxigraph(built_store):
    ds = kg.load(str(built_store.path))
    try:
        rows = list(ds.query("SELECT (COUNT(?a) AS ?n) WHERE { ?a a <http://127.0.0.1:8000/ontology/Article> }"))
        assert int(rows[0][0]) == 5
        assert len(ds) > 1000  # the union of all named graphs
    finally:
        ds.close()


def test_load_without_store_is_a_clear_error(tmp_path):
    import pytest

    with pytest.raises(FileNotFoundError, match="kg build"):
        kg.load(str(tmp_path / "none"))
