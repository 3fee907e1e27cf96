"""True lifecycles only: operations that undo each other on the same resource — create ⇄ delete, start ⇄
stop, open ⇄ close, enable ⇄ disable — found by the path and the verb's meaning (never two creates). Each
pair is run through twice on a resource this run created; after a delete the resource must be gone."""

from __future__ import annotations

import re
from typing import Any

from validator.contract.calls import Context, build_call, foreign_references
from validator.contract.cases import send
from validator.contract.http import curl
from validator.contract.outcome import INCONCLUSIVE, SERVER_DEVIATION, Finding, OperationResult
from validator.contract.prereq import path_params, replaces, resource_prefixes, shape
from validator.contract.scope import Scope, send_as_documented, step
from validator.contract.testers import CONFLICT_REASON, state_conflict
from validator.model import Location

ANTONYMS = [("start", "stop"), ("open", "close"), ("enable", "disable"), ("activate", "deactivate"),
            ("pause", "resume"), ("suspend", "resume"), ("lock", "unlock"), ("attach", "detach"),
            ("mount", "unmount"), ("subscribe", "unsubscribe"), ("follow", "unfollow"), ("block", "unblock"),
            ("mute", "unmute"), ("publish", "unpublish"), ("archive", "unarchive"), ("freeze", "unfreeze"),
            ("connect", "disconnect"), ("install", "uninstall"), ("register", "unregister"),
            ("subscribe", "cancel"), ("approve", "revoke")]
Pair = tuple[tuple[str, str], tuple[str, str]]


def _verb(segment: str) -> str:
    return re.sub(r"[^a-z]", "", segment.lower())


def lifecycle_pairs(spec: dict) -> list[Pair]:
    """(doing, undoing) operation pairs: a creating PUT (or POST on the collection) with the DELETE of the
    same resource, and sibling actions with opposite verbs on the same resource (`…/{id}/_start` ⇄
    `…/{id}/_stop`)."""
    ops = [(path, method) for path, methods in sorted(spec.get("paths", {}).items())
           for method in methods if method in ("put", "post", "delete", "patch")]
    by_shape = {(shape(p), m): (p, m) for p, m in ops}
    pairs: list[Pair] = []
    for path, method in ops:
        if method != "delete" or not shape(path).endswith("/{}"):
            continue
        creator = by_shape.get((shape(path), "put"))
        if creator is None or replaces(spec, creator[0]):
            creator = by_shape.get((shape(path)[: -len("/{}")], "post"))
        if creator is not None:
            pairs.append((creator, (path, method)))
    for path, method in ops:
        parent, _, last = shape(path).rpartition("/")
        if not resource_prefixes(path) or not parent.endswith("{}"):
            continue
        for do, undo in ANTONYMS:
            if _verb(last) == do:
                for other, other_method in ops:
                    other_parent, _, other_last = shape(other).rpartition("/")
                    if other_parent == parent and _verb(other_last) == undo and other_method == method:
                        pairs.append(((path, method), (other, other_method)))
    return pairs


def check_lifecycle(ctx: Context, pair: Pair, results: dict[str, OperationResult]) -> None:
    """Run do, undo, do, undo on one fresh resource (for action pairs: undo first, to set a known state,
    its answer not judged); every judged step must succeed. After a delete, a documented GET of the
    resource must answer 404 or 410."""
    (do_path, do_method), (undo_path, undo_method) = pair
    labels = [f"{do_method.upper()} {do_path}", f"{undo_method.upper()} {undo_path}"]
    checks = [results[label].check("lifecycle") for label in labels]
    source = results[labels[0]].source
    creating = undo_method == "delete"
    with Scope(ctx, do_path, do_method) as scope:  # a creator's scope holds its parents only
        if scope.chain.failed:
            for check in checks:
                check.record(False, Finding(scope.chain.failed, "", source, INCONCLUSIVE, scope.chain.how()))
            return
        steps = list(scope.chain.how())
        sequence = [(do_path, do_method), (undo_path, undo_method)] * 2
        if not creating:
            sequence.insert(0, (undo_path, undo_method))
        values, mapping = scope.values()
        response = None
        made: tuple[dict, Any] = ({}, None)  # the values and answer of the last creation
        for index, (path, method) in enumerate(sequence):
            if creating and method == "delete" and do_method == "post":
                created = scope.created_id(response, shape(undo_path)) if response is not None else None
                values = {**values, path_params(undo_path)[-1]: created or ""}
            sent = values if method != "post" or not creating else scope.values()[0]
            call, response, anonymous = send_as_documented(ctx, path, method, sent, mapping, lambda c: send(ctx, c))
            scope.chain.anonymous |= anonymous
            steps.append(step(ctx, call, response))
            made = (sent, response) if creating and method != "delete" else made
            if (creating or index > 0) and (response is None or not 200 <= response.status_code < 300):
                message = f"lifecycle {labels[0]} ⇄ {labels[1]} broke at step {len(steps) - len(scope.chain.how())}"
                refused = response is not None and response.status_code in (401, 403)
                # a conflict at the first step is the example's assumed state; after the run's own steps, the server's
                conflict = index == 0 and state_conflict(ctx.spec["paths"][path][method], response)
                foreign = foreign_references(call.body, set(sent.values()), ctx.collections) \
                    if response is not None and 400 <= response.status_code < 500 and not refused else []
                if refused:  # our identity may not act on this resource: the precondition is not established
                    message += f": refused ({response.status_code}) to the identity the run has"
                elif conflict:  # nor when the resource's state is not what the docs' example assumed
                    message += f": {CONFLICT_REASON}"
                elif foreign:  # nor when the body names resources this run never created
                    message += f": the body names resources this run did not create ({', '.join(foreign[:3])})"
                for check in checks:
                    check.record(False, Finding(message, curl(call, ctx.mask), source,
                                                INCONCLUSIVE if refused or conflict or foreign else SERVER_DEVIATION,
                                                steps))
                if made[1] is not None:  # what the broken cycle created is the scope's to clean up
                    scope.adopt(*made)
                return
        if creating and not _gone(ctx, undo_path, values, mapping, checks, steps, source):
            return
    for check in checks:
        check.record(True)


def _gone(ctx: Context, path: str, values: dict, mapping: dict, checks: list, steps: list[str],
          source: Location | None) -> bool:
    """After the delete, a documented GET of the same resource no longer succeeds (404, 410, or a 403 that
    hides whether it exists)."""
    operation = ctx.spec["paths"].get(path, {}).get("get")
    if operation is None:
        return True
    call = build_call(ctx, path, "get", operation, ctx.identity(), values=values, mapping=mapping)
    response = send(ctx, call)
    if response is None or response.status_code >= 300:
        return True
    for check in checks:
        check.record(False, Finding(f"the deleted resource is still there: GET answered {response.status_code}",
                                    curl(call, ctx.mask), source, how=steps + [step(ctx, call, response)]))
    return False
