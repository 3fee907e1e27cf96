"""docutils' inline parser, bounded. Every inline start-string without its end-string costs docutils a
search through the rest of the paragraph, a warning, a problematic node and two ids; a page of unbalanced
``*``, backquotes and ``|`` (thousands per paragraph) takes it many seconds. Past the page's budget of
such failures, or for a paragraph whose start-strings times its length is past what a search per
start-string can follow quickly, the text is kept as plain text with a ``read.markup-limit`` diagnostic
(one per page and reason); everything else is parsed by docutils as usual."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from docutils.utils import escape2null

from validator.readers.limits import MAX_INLINE_FAILURES, MAX_INLINE_WORK


def bounded_inliner() -> Inliner:
    """docutils' Inliner, which reads a paragraph as plain text once the page's failures are spent or
    the paragraph is too big to parse in bounded time (only in documents our reader parses). Its
    ``parse`` is wrapped, not overridden: docutils builds its patterns from the attributes of the
    instance's own class, so a subclass would not initialise."""
    inliner = Inliner()
    unbounded = inliner.parse

    def parse(text, lineno, memo, parent):
        context = getattr(memo.document, "doccontract", None)
        if context is None:
            return unbounded(text, lineno, memo, parent)
        budget = context.inline_failures
        if budget.spent or _work(inliner.patterns.initial, text) > MAX_INLINE_WORK:
            _report_once(context, memo.document.reporter, lineno, text, "budget" if budget.spent else "work")
            return [nodes.Text(escape2null(text))], []
        processed, messages = unbounded(text, lineno, memo, parent)
        budget.take(len(messages))  # past it, the next paragraphs are plain text
        return processed, messages

    inliner.parse = parse
    return inliner


def _work(initial, text: str) -> int:
    """What parsing ``text`` may cost at most: its candidate start-strings times its length (counting
    stops as soon as the product is past the bound)."""
    count = 0
    for _ in initial.finditer(text):
        count += 1
        if count * len(text) > MAX_INLINE_WORK:
            break
    return count * len(text)


LIMITS = {  # why a paragraph is plain text → what its (once per page) read.markup-limit says
    "budget": f"more than {MAX_INLINE_FAILURES} inline start-strings without an end-string; from here on the "
              "page's inline markup is read as plain text",
    "work": "a paragraph with too many inline start-strings for its length is read as plain text",
}


def _report_once(context, reporter, lineno: int, text: str, why: str) -> None:
    """The page's one ``read.markup-limit`` diagnostic of each kind, at the first paragraph it applies to."""
    if why in context.inline_limited:
        return
    context.inline_limited.add(why)
    source, line = reporter.get_source_and_line(lineno)
    context.diagnostics.add("read.markup-limit", LIMITS[why], context.where(source, line),
                            expected="balanced inline markup", found=" ".join(text.split())[:80])
