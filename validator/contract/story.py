"""Example replay as one story: a page's example requests that act on the same resources (create, read,
update, delete) are replayed in page order in a fresh context of their own — the docs' concrete identifiers
mapped onto resources this run creates, each example seeing the state the earlier ones left, everything
deleted afterwards. A failure is the example's (and its doc line's); a later example whose precondition an
earlier one failed to establish is not exercised."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from validator.contract.calls import Context, anonymous_may_help, build_call, foreign_references, fresh_name
from validator.contract.cases import UNSAFE, send, successes
from validator.contract.cleanup import delete_created
from validator.contract.http import Call
from validator.contract.outcome import INCONCLUSIVE, NOT_APPLICABLE, SERVER_DEVIATION, Finding, OperationResult
from validator.contract.owner import as_owner, note_made_anonymously, self_credentials
from validator.contract.prereq import Chain, creates_itself, path_params, shape, substitute
from validator.contract.scope import Scope, step, without_references
from validator.contract.shown import Shown, examples
from validator.contract.testers import CONFLICT_REASON, NOT_OURS, state_conflict

CHECK = "doc_story"
MISSING = object()


def stories(spec: dict) -> list[list[Shown]]:
    """Per page, the example requests on concrete resources that share a resource with another example
    of the page, in page order — when one of them changes something (else there is no story to tell)."""
    pages: dict[str, list[Shown]] = {}
    for item in examples(spec):
        if item.keys():
            pages.setdefault(item.source.path if item.source else "", []).append(item)
    out = []
    for steps in pages.values():
        touched = [{key for _, key in s.keys()} for s in steps]
        kept = [s for n, s in enumerate(steps) if any(touched[n] & t for m, t in enumerate(touched) if m != n)]
        if len(kept) >= 2 and any(s.method in UNSAFE for s in kept):
            out.append(kept)
    return out


def run_stories(ctx: Context, results: dict[str, OperationResult], progress: Callable[[str], None]) -> None:
    """Replay every story of the spec; operations in none get ``doc_story`` not applicable."""
    for steps in stories(ctx.spec):
        progress(f"doc story: {len(steps)} examples of {steps[0].where.rpartition(':')[0]}")
        Story(ctx, results).play(steps)
    for result in results.values():
        if CHECK not in result.checks:
            shown = ctx.spec["paths"][result.path][result.method].get("x-example-requests")
            result.check(CHECK).skip(NOT_APPLICABLE, "its page's examples tell no story (no two requests on one "
                                     "resource, one of them changing it)" if shown else "the docs show no example "
                                     "request line")


def leaves(value: Any, pointer: tuple = ()) -> dict[tuple, Any]:
    """JSON object members by pointer (arrays and scalars are leaves)."""
    if isinstance(value, dict) and value:
        out: dict[tuple, Any] = {}
        for key, member in value.items():
            out.update(leaves(member, (*pointer, key)))
        return out
    return {pointer: value}


def _at(value: Any, pointer: tuple) -> Any:
    for key in pointer:
        if not isinstance(value, dict) or key not in value:
            return MISSING
        value = value[key]
    return value


def unseen(sent: Any, echoed: Any, read: Any) -> list[str]:
    """Members a write sent, whose answer confirmed them, that a later read shows otherwise."""
    problems = []
    for pointer, value in leaves(sent).items():
        if not pointer or _at(echoed, pointer) != value:
            continue  # not confirmed by the write's own answer (write-only, transformed): nothing promised
        now = _at(read, pointer)
        if now is not MISSING and now != value:
            problems.append(f"{'/'.join(map(str, pointer))} is {now!r}, the earlier example set {value!r}")
    return problems


def _json(response: requests.Response | None) -> Any:
    try:
        return response.json() if response is not None else None
    except ValueError:
        return None


class Story:
    """One story's fresh context: this run's values for the docs' resources, what it created, what
    broke, and what each write left."""

    def __init__(self, ctx: Context, results: dict[str, OperationResult]) -> None:
        self.ctx, self.results = ctx, results
        self.scope = Scope(ctx, "", "")
        self.run: dict[str, str] = {}  # concrete resource of the docs → this run's value
        self.doc: dict[str, str] = {}  # the docs' identifier → this run's
        # (shape, values by shape, (body sent, without credentials)) to delete afterwards
        self.created: list[tuple[str, dict[str, str], tuple[Any, bool]]] = []
        self.anonymous: set[str] = set()  # resources created without credentials
        self.prerequisites: set[str] = set()  # resources created for the story, not by its examples
        self.foreign: set[str] = set()  # the docs' values used as they are (nothing of this run's)
        self.broken: dict[str, str] = {}  # docs' path → why what is under it cannot be exercised
        self.pending: dict[str, str] = {}  # docs' collection path → the identifier its POST got
        self.written: dict[str, tuple[Any, Any, Shown]] = {}  # docs' path → (sent, answer, the example)
        self.deleted: dict[str, Shown] = {}
        self.how: list[str] = []

    def play(self, steps: list[Shown]) -> None:
        try:
            for item in steps:
                if item.label in self.results:
                    self.step(item, self.results[item.label])
        finally:
            self.cleanup()

    def step(self, item: Shown, result: OperationResult) -> None:
        check = result.check(CHECK)
        blocker = next((why for path, why in self.broken.items() if _under(item.relative, path)), "")
        problem = blocker or self.gone(item) or self.resolve(item)
        if problem:
            check.record(False, Finding(f"the example {item.line} ({item.where}) not exercised: {problem}", "",
                                        item.source, INCONCLUSIVE, self.how[-6:]))
            return
        operation = self.ctx.spec["paths"][item.path][item.method]
        call, response, anonymous = self.send(item, operation)
        line = step(self.ctx, call, response) + (" (without credentials)" if anonymous else "")
        how, self.how = self.how[-6:], self.how + [line]
        problems, verdict = self.judge(item, operation, call, response, anonymous)
        if not problems:
            check.record(True)
            self.remember(item, call, response, anonymous)
            return
        check.record(False, Finding(f"the example {item.line} ({item.where}): " + "; ".join(problems)[:300],
                                    line.rpartition(" → ")[0], item.source, verdict, how + [line],
                                    response.status_code if response is not None else None))
        if item.method in UNSAFE:
            self.broken[item.relative] = f"the earlier example {item.line} ({item.where}) failed " \
                                         f"({response.status_code if response is not None else 'no answer'})"

    def gone(self, item: Shown) -> str:
        """Why the example cannot be replayed: an earlier example deleted what it acts on ("" if not). An
        example creating it again runs, and so does a read of the deleted path itself (judged)."""
        for path, deleter in self.deleted.items():
            if not _under(item.relative, path) or creates_itself(self.ctx.spec, item.path, item.method):
                continue
            if path == item.relative and item.method in ("get", "head", "post"):
                continue
            return f"the earlier example {deleter.line} ({deleter.where}) deleted it"
        return ""

    def resolve(self, item: Shown) -> str:
        """This run's value for each resource the example names, creating what the story has not ("" when
        all exist, else why not)."""
        keys, names = item.keys(), path_params(item.path)
        creates = creates_itself(self.ctx.spec, item.path, item.method)
        for n, (prefix, key) in enumerate(keys):
            if key in self.prerequisites and n == len(keys) - 1 and creates:
                del self.run[key]  # the docs' example creates it here: a name of its own, not the prerequisite's
            if key in self.run:
                continue
            parent = key.rpartition("/")[0]
            if n == len(keys) - 1 and creates:
                self.run[key] = fresh_name(self.ctx, _schema(self.ctx, item, names[n]))
            elif parent in self.pending:
                self.run[key] = self.pending.pop(parent)
            elif prefix not in self.ctx.producers:
                self.run[key] = item.values.get(names[n], "")  # not creatable: the docs' own value
                self.foreign.add(self.run[key])
            else:
                ancestors = {s: self.run[k] for s, k in keys[:n]}
                self.scope.chain = Chain(values=dict(ancestors))
                if not self.scope.create(prefix):
                    return self.scope.chain.failed
                self.run[key] = self.scope.chain.values[prefix]
                made = self.scope.chain.created[-1]
                self.created.append((prefix, {**ancestors, prefix: self.run[key]}, (made.body, made.anonymous)))
                self.prerequisites.add(key)
                self.how += self.scope.chain.how()
                if self.scope.chain.anonymous:
                    self.anonymous.add(key)
            self.doc[item.values.get(names[n], "")] = self.run[key]
        return ""

    def send(self, item: Shown, operation: dict) -> tuple[Call, requests.Response | None, bool]:
        """The example as the docs show it: without credentials when it shows none, with --auth when it shows
        them (as the resource itself when it shows that resource's credentials and this run created it without
        credentials: owner.py); when it shows no header at all, with --auth and (refused, unrestricted) again
        without."""
        mapping = {doc: run for doc, run in self.doc.items() if doc and doc != run}
        values = {name: substitute(value, mapping) for name, value in item.values.items()}
        values.update({name: self.run[key] for (_, key), name in zip(item.keys(), path_params(item.path),
                                                                      strict=False)})
        has, body, media = item.body
        extra = {"body": substitute(body, mapping), "has_body": True} if has else {}

        def call_as(headers: dict[str, str]) -> Call:
            call = build_call(self.ctx, item.path, item.method, operation, headers, values=values, mapping=mapping,
                              **extra)
            call.content_type = media or call.content_type
            return call

        anonymous = item.credentials is False
        owner = None if anonymous else as_owner(self.ctx, item.path, item.method, values, self_credentials(item))
        call = call_as(self.ctx.headers if anonymous else owner or self.ctx.identity())
        response = send(self.ctx, call)
        if owner is None and item.credentials is None and anonymous_may_help(self.ctx, operation, response):
            retry = call_as(self.ctx.headers)
            answer = send(self.ctx, retry)
            if answer is not None and 200 <= answer.status_code < 300:
                call, response, anonymous = retry, answer, True
        ours = set(self.run.values()) | set(self.doc.values())
        retried = without_references(self.ctx, call, response, item.path, item.method, ours,
                                     lambda again: send(self.ctx, again))
        if retried and retried[1] is not None and 200 <= retried[1].status_code < 300:
            call, response = retried  # the example without the resources it names that this run did not create
        note_made_anonymously(self.ctx, item.path, item.method, values, call.body, response, anonymous)
        return call, response, anonymous

    def judge(self, item: Shown, operation: dict, call: Call, response: requests.Response | None,
              anonymous: bool) -> tuple[list[str], str]:
        """(what contradicts the docs' story, the verdict class)."""
        if response is None:
            return ["no complete answer"], INCONCLUSIVE
        status, documented = response.status_code, successes(operation)
        gone = self.deleted.get(item.relative)
        if gone is not None and item.method in ("get", "head") and shape(gone.path).endswith("/{}"):
            return ([] if status in (404, 410) else [f"answered {status}, but the earlier example {gone.line} "
                                                      f"({gone.where}) deleted it"]), SERVER_DEVIATION
        if not 200 <= status < 300 or (documented and str(status) not in documented):
            problem = [f"answered {status} (documented: {', '.join(documented) or 'a success'})"]
            if 400 <= status < 500 and any(key in self.anonymous for _, key in item.keys()) and not anonymous:
                return [problem[0] + f": {NOT_OURS}"], INCONCLUSIVE
            if state_conflict(operation, response) and item.relative not in self.deleted:  # (after our delete:
                # the server's) a generation or version the docs' example carries, which this run's state lacks
                return [problem[0] + f": {CONFLICT_REASON}"], INCONCLUSIVE
            if status in (401, 403) and not anonymous and not operation.get("x-privileges"):
                return [problem[0] + ": --auth was refused and the docs state no privilege for it"], INCONCLUSIVE
            foreign = sorted({v for v in item.values.values() if v not in self.doc or v in self.foreign} |
                             set(foreign_references(call.body, set(self.run.values()), self.ctx.collections)))
            if 400 <= status < 500 and foreign:
                return [problem[0] + f": the docs' value(s) {', '.join(foreign)} name what this run did not "
                        "create"], INCONCLUSIVE
            return problem, SERVER_DEVIATION
        written = self.written.get(item.relative)
        if written is not None and item.method == "get":
            sent, echoed, writer = written
            return [f"{p} ({writer.line}, {writer.where})" for p in unseen(sent, echoed, _json(response))], \
                SERVER_DEVIATION
        return [], SERVER_DEVIATION

    def remember(self, item: Shown, call: Call, response: requests.Response | None, anonymous: bool) -> None:
        """What a successful example changed: a resource it created, an identifier its POST got, a write
        a later read must show, a deletion."""
        keys = item.keys()
        by_shape = {prefix: self.run[key] for prefix, key in keys}
        if item.method == "delete":
            self.deleted[item.relative] = item
            self.written = {path: w for path, w in self.written.items() if not _under(path, item.relative)}
            return
        self.deleted = {path: d for path, d in self.deleted.items() if not _under(item.relative, path)}
        if keys and creates_itself(self.ctx.spec, item.path, item.method) and keys[-1][1] == item.relative:
            self.created.append((keys[-1][0], by_shape, (call.body, anonymous)))
            if anonymous:
                self.anonymous.add(item.relative)
        collection = shape(item.path) + "/{}"
        if item.method == "post" and collection in self.ctx.producers:
            value = self.scope.created_id(response, collection) if response is not None else None
            if value:
                self.pending[item.relative] = value
                self.created.append((collection, {**by_shape, collection: value}, (call.body, anonymous)))
        if item.method in ("put", "patch") and call.has_body and isinstance(call.body, dict):
            self.written[item.relative] = (call.body, _json(response), item)

    def cleanup(self) -> None:
        """Delete what the story created, innermost first, where a documented delete exists."""
        for prefix, values, created in reversed(self.created):
            delete_created(self.ctx, self.scope.send, prefix, values, created)
        self.created = []


def _under(path: str, ancestor: str) -> bool:
    return path == ancestor or path.startswith(ancestor.rstrip("/") + "/")


def _schema(ctx: Context, item: Shown, name: str) -> dict:
    for param in ctx.spec["paths"][item.path][item.method].get("parameters", []):
        if isinstance(param, dict) and param.get("in") == "path" and param.get("name") == name:
            return param.get("schema") or {}
    return {}
