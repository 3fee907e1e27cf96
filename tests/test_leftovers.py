"""What schemathesis' engine created is removed after the run: only what a 201 created, newest first, not
what the engine deleted itself, and only under a path whose DELETE the docs document."""

from __future__ import annotations

from fixtures.servers.base import Server
from fixtures.servers.state import ADMIN, VIEWER, StateApp
from validator.contract import basic
from validator.contract.http import Call, Client
from validator.contract.leftovers import Created, remove_leftovers

SPEC = {"paths": {"/stores/{store}": {"put": {}, "delete": {}}, "/stores/{store}/orders": {"post": {}}}}


def test_only_what_a_201_created_and_was_not_deleted_since_is_left() -> None:
    created = Created()
    created.note("PUT", "http://h/stores/a?x=1", 201, {})
    created.note("PUT", "http://h/stores/b", 200, {})  # replaced what was there before the run: not ours
    created.note("PUT", "http://h/stores/c", 201, {})
    created.note("DELETE", "http://h/stores/c", 204, {})
    created.note("POST", "http://h/stores/a/orders", 201, {"Location": ["/stores/a/orders/7"]})
    created.note("PUT", "http://h/stores/c", 201, {})  # created again after its deletion
    assert created.urls == ["http://h/stores/a", "http://h/stores/a/orders/7", "http://h/stores/c"]


def test_leftovers_are_deleted_newest_first_where_a_delete_is_documented() -> None:
    app = StateApp("")
    headers = basic(ADMIN)
    with Server(app) as server:
        client = Client(server.url, 5.0)
        created = Created()
        for name in ("left-1", "left-2"):
            url = f"{server.url}/stores/{name}"
            response = client.send(Call("put", url, headers, {"region": "eu"}, True))
            created.note("PUT", url, response.status_code, response.headers)
        created.note("POST", f"{server.url}/stores/left-1/orders", 201, {"Location": ["/stores/left-1/orders/1"]})
        left = remove_leftovers(client, SPEC, created, headers)
    assert not app.stores and left == []  # the order URL has no documented DELETE: not touched


def test_what_cannot_be_deleted_is_listed() -> None:
    app = StateApp("")
    with Server(app) as server:
        client = Client(server.url, 5.0)
        url = f"{server.url}/stores/kept"
        response = client.send(Call("put", url, basic(ADMIN), {"region": "eu"}, True))
        created = Created()
        created.note("PUT", url, response.status_code, response.headers)
        left = remove_leftovers(client, SPEC, created, basic(VIEWER))  # the viewer may not delete
    assert left == [url] and "kept" in app.stores
