"""`manage.py bench_search`, which `make bench` can call."""

import json
from io import StringIO

from django.core.management import CommandError, call_command

import pytest


def test_prints_and_writes_p50_and_p99_for_each_kind_of_query(make_article, tmp_path):
    for n in range(3):
        make_article(title=f"Walrus colony report {n}")
    out = StringIO()
    call_command("bench_search", repeat=2, json_path=str(tmp_path / "search.json"), stdout=out)
    figures = json.loads((tmp_path / "search.json").read_text())
    assert figures["articles"] == 3
    queries = [row["query"] for row in figures["results"]]
    assert "one word" in queries
    assert "live: word being typed" in queries
    assert all(row["p99_ms"] >= row["p50_ms"] > 0 for row in figures["results"])
    assert "p99" in out.getvalue()


def test_refuses_to_run_without_articles(home):
    with pytest.raises(CommandError, match="No published articles"):
        call_command("bench_search", repeat=1, stdout=StringIO())
