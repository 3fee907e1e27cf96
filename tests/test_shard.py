"""`test --shard K/N`: a partition of the operations (every path in exactly one shard), the same on every
machine (sha256, not Python's salted hash), keeping linked and nested operations together."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from validator.cli import UsageError
from validator.shard import parse_shard, shard_spec, units


def _spec() -> dict:
    ok = {"responses": {"200": {"description": "ok"}}}
    linked = {"responses": {"200": {"description": "ok", "links": {"stop": {"operationId": "stopJob"}}}}}
    paths = {f"/things{i}": {"get": ok} for i in range(40)}
    paths["/jobs/{id}/_start"] = {"post": linked}
    paths["/jobs/{id}/_stop"] = {"post": {**ok, "operationId": "stopJob"}}
    paths["/buckets/{b}"] = {"put": ok}
    paths["/buckets/{b}/items/{i}"] = {"put": ok}
    return {"openapi": "3.1.0", "paths": paths}


def test_shards_partition_the_operations() -> None:
    spec = _spec()
    parts = [set(shard_spec(spec, k, 4)["paths"]) for k in range(1, 5)]
    assert set().union(*parts) == set(spec["paths"]) and sum(map(len, parts)) == len(spec["paths"])
    assert all(parts), "40 independent paths over 4 shards leave none empty"


def test_linked_and_nested_operations_stay_together() -> None:
    groups = units(_spec())
    assert ["/jobs/{id}/_start", "/jobs/{id}/_stop"] in groups
    assert ["/buckets/{b}", "/buckets/{b}/items/{i}"] in groups


def test_the_partition_is_stable_across_processes() -> None:
    here = [sorted(shard_spec(_spec(), k, 3)["paths"]) for k in (1, 2, 3)]
    code = ("import json, sys; sys.path.insert(0, 'tests'); from test_shard import _spec; "
            "from validator.shard import shard_spec; "
            "print(json.dumps([sorted(shard_spec(_spec(), k, 3)['paths']) for k in (1, 2, 3)]))")
    for seed in ("0", "12345"):
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert json.loads(done.stdout) == here
    assert "/things0" in here[0] and "/things1" in here[1]  # fixed by sha256: a change here is a breaking change


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "a/b", "2", "1/3/4", "-1/3"])
def test_bad_shards_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        parse_shard(text)
    assert parse_shard("2/3") == (2, 3)
