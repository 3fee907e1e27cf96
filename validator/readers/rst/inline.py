"""docutils' inline parser, bounded. Every inline construct costs docutils nodes and ids (~35 µs), every
start-string without its end-string a search through the rest of the paragraph, a warning, a problematic
node and two ids (~200 µs): a page of dense or unbalanced ``*``, backquotes and ``|`` takes it many seconds
and hundreds of MB. Past the page's budgets (start-strings, start-strings without an end-string), or for a
paragraph whose start-strings times its length is past what a search per start-string can follow quickly,
the text is kept as plain text with a ``read.markup-limit`` diagnostic (one per page and reason);
everything else is parsed by docutils as usual. The densest page of the corpora has 271 start-strings."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from docutils.utils import escape2null

from validator.readers.limits import MAX_INLINE_FAILURES, MAX_INLINE_STARTS, MAX_INLINE_WORK


def bounded_inliner() -> Inliner:
    """docutils' Inliner, which reads a paragraph as plain text once a budget of the page is spent or the
    paragraph is too big to parse in bounded time (only in documents our reader parses). Its ``parse`` is
    wrapped, not overridden: docutils builds its patterns from the attributes of the instance's own
    class, so a subclass would not initialise."""
    inliner = Inliner()
    unbounded = inliner.parse

    def parse(text, lineno, memo, parent):
        context = getattr(memo.document, "doccontract", None)
        if context is None:
            return unbounded(text, lineno, memo, parent)
        why = _plain_because(context, inliner.patterns.initial, text)
        if why:
            _report_once(context, memo.document.reporter, lineno, text, why)
            return [nodes.Text(escape2null(text))], []
        processed, messages = unbounded(text, lineno, memo, parent)
        context.inline_failures.take(len(messages))  # past it, the next paragraphs are plain text
        return processed, messages

    inliner.parse = parse
    return inliner


def _plain_because(context, initial, text: str) -> str:
    """Why ``text`` is not given to docutils' inliner ("" when it is; its start-strings are then taken
    from the page's budget). Counting stops as soon as a bound is passed."""
    if context.inline_failures.spent:
        return "failures"
    budget = context.inline_starts
    most = min(budget.left, MAX_INLINE_WORK // max(len(text), 1))
    count = 0
    for _ in initial.finditer(text):
        count += 1
        if count > most:
            break
    if count * len(text) > MAX_INLINE_WORK:
        return "work"
    return "" if budget.take(count) else "starts"


LIMITS = {  # why a paragraph is plain text → what its (once per page) read.markup-limit says
    "failures": f"more than {MAX_INLINE_FAILURES} inline start-strings without an end-string; from here on the "
                "page's inline markup is read as plain text",
    "starts": f"more than {MAX_INLINE_STARTS} inline start-strings; from here on the page's inline markup is "
              "read as plain text",
    "work": "a paragraph with too many inline start-strings for its length is read as plain text",
}


def _report_once(context, reporter, lineno: int, text: str, why: str) -> None:
    """The page's one ``read.markup-limit`` diagnostic of each kind, at the first paragraph it applies to."""
    if why in context.limits_reported:
        return
    context.limits_reported.add(why)
    source, line = reporter.get_source_and_line(lineno)
    context.diagnostics.add("read.markup-limit", LIMITS[why], context.where(source, line),
                            expected="balanced inline markup", found=" ".join(text.split())[:80])
