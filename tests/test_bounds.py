"""Readers are bounded by construction: nesting depth, expansion and time per line have limits that
give diagnostics (read.too-deep, read.expansion-limit), never a RecursionError, a hang or a blow-up."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from validator.diagnostics import Diagnostics
from validator.document import ListBlock, Paragraph, walk
from validator.pipeline import ExtractOptions, extract_paths
from validator.readers import ReadOptions, asciidoc
from validator.readers.asciidoc.blocks import BLOCK_RULES, Parser
from validator.readers.asciidoc.inline import inline
from validator.readers.limits import MAX_DEPTH
from validator.sourcemap import SourceText

BAD = FIXTURES / "bad"


def read_adoc(text: str, tmp_path: Path) -> tuple:
    path = tmp_path / "page.asciidoc"
    path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    return asciidoc.read(text, path, "page.asciidoc", ReadOptions(roots=(tmp_path,)), diagnostics), diagnostics


def test_block_rules_are_ordered_and_the_paragraph_is_last() -> None:
    names = [rule.name for rule in BLOCK_RULES]
    assert names[-1] == "paragraph" and names.index("heading") < names.index("delimited") < names.index("list")
    lines = list(SourceText.from_text("p", "[[a]]\n== Title\n\ntext\n* item\n").lines)
    flat = Parser(lines, Diagnostics()).blocks(until=None)
    assert flat[0][:3] == ("heading", 2, "Title") and flat[0][4] == "a"
    assert isinstance(flat[1], Paragraph) and isinstance(flat[2], ListBlock)  # a bullet ends the paragraph


@pytest.mark.parametrize("name", ["deep-open-blocks.asciidoc", "deep-example-blocks.asciidoc"])
def test_deep_nesting_is_cut_at_the_limit(name: str) -> None:
    text = (BAD / name).read_text(encoding="utf-8")
    diagnostics = Diagnostics()
    document = asciidoc.read(text, BAD / name, name, ReadOptions(roots=(BAD,)), diagnostics)
    assert [d.code for d in diagnostics] == ["read.too-deep"]
    assert str(MAX_DEPTH) in diagnostics.items[0].message
    depth, blocks = 0, document.blocks[0].blocks if document.blocks else ()
    while blocks and isinstance(blocks[0], ListBlock):
        depth, blocks = depth + 1, blocks[0].items[0].blocks[1:]
    assert depth <= MAX_DEPTH


def test_nesting_within_the_limit_is_read(tmp_path: Path) -> None:
    text = "".join(f"* item {i}\n+\n--\n" for i in range(5)) + "innermost\n" + "--\n" * 5
    document, diagnostics = read_adoc(text, tmp_path)
    assert list(diagnostics) == []
    assert "innermost" in [p.text for p in walk(document.blocks) if isinstance(p, Paragraph)]


LONG_LINES = {
    "token": "-" * 1_000_000 + "[x]",  # a macro target run without / : . (the look-ahead scanned it per start)
    "spaces-in-xref": "<<a," + " " * 1_000_000 + "x",
    "heading": "== a" + " " * 1_000_000 + "x",
    "stars": "*a " * 300_000,
    "links": "a/[ " * 250_000,
    "term": "a" + " " * 1_000_000 + "b::",
    "gutter": "|" + " " * 1_000_000 + "x",  # a squashed page's line-number gutter
    "include": "include::" + "[" * 1_000_000,
    "conditional": "ifdef::" + "[" * 1_000_000,
    "attribute-lists": "[role" * 200_000,
}


@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_one_megabyte_lines_read_in_linear_time(name: str, tmp_path: Path) -> None:
    started = time.perf_counter()
    read_adoc(LONG_LINES[name] + "\n", tmp_path)
    assert time.perf_counter() - started < 5


def test_inline_links_and_references_keep_their_labels() -> None:
    assert inline("see <<anchor, the label >>x and link:https://a.b/c[the docs] or {x}/p.html[page]") == \
        "see the label x and the docs or page"
    assert inline("`a.b[c]` x[y] word/x.y[label] foo`bar.baz[q]") == "`a.b[c]` x[y] label foo`bar.baz[q]"


EXPANSIONS = {  # fixtures/bad page → the message its read.expansion-limit diagnostic names
    "attribute-doubling.asciidoc": "grows past its size limit",
    "attribute-loop.asciidoc": "grows past its size limit",
    "substitution-loop.rst": "refers to itself",
    "substitution-doubling.rst": "nests deeper",
}


@pytest.mark.parametrize("name", sorted(EXPANSIONS))
def test_expansion_is_bounded_in_time_and_size(name: str) -> None:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    extraction = extract_paths([BAD / name], ExtractOptions())
    assert time.perf_counter() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KiB: under 200 MB more
    limits = [d for d in extraction.diagnostics if d.code == "read.expansion-limit"]
    assert len(limits) == 1 and EXPANSIONS[name] in limits[0].message


def test_attribute_chains_within_the_limits_expand(tmp_path: Path) -> None:
    text = ":a: x\n:b: {a}{a}\n:c: {b}-{b}\n\n{c} and {undefined}\n"
    document, diagnostics = read_adoc(text, tmp_path)
    assert list(diagnostics) == []
    assert [p.text for p in walk(document.blocks) if isinstance(p, Paragraph)] == ["xx-xx and {undefined}"]


def test_substitutions_within_the_limits_expand(tmp_path: Path) -> None:
    from validator.readers import rst

    text = ".. |a| replace:: x\n.. |b| replace:: |a| |a|\n\n|b| and |b|\n"
    diagnostics = Diagnostics()
    document = rst.read(text, tmp_path / "p.rst", "p.rst", ReadOptions(roots=(tmp_path,)), diagnostics)
    assert [p.text for p in walk(document.blocks) if isinstance(p, Paragraph)] == ["x x and x x"]
    assert [d.code for d in diagnostics] == []


@pytest.mark.parametrize("name", ["deep-blockquotes.rst", "deep-lists.rst"])
def test_deep_rst_is_too_deep_not_a_crash(name: str) -> None:
    extraction = extract_paths([BAD / name], ExtractOptions())
    assert "read.too-deep" in {d.code for d in extraction.diagnostics}


def test_rst_nesting_past_the_limit_is_cut(tmp_path: Path) -> None:
    from validator.readers import rst

    text = "".join(" " * i + f"level {i}\n\n" for i in range(MAX_DEPTH + 8))
    diagnostics = Diagnostics()
    document = rst.read(text, tmp_path / "p.rst", "p.rst", ReadOptions(roots=(tmp_path,)), diagnostics)
    texts = [p.text for p in walk(document.blocks) if isinstance(p, Paragraph)]
    assert "level 0" in texts and f"level {MAX_DEPTH + 7}" not in texts
    assert [d.code for d in diagnostics] == ["read.too-deep"]


def test_rst_lines_over_docutils_default_limit_are_refused_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    extraction = extract_paths([BAD / "long-inline-line.rst"], ExtractOptions())
    assert time.perf_counter() - started < 5
    assert any("line-length-limit" in d.message for d in extraction.diagnostics)


def test_rst_unbalanced_inline_markup_past_the_page_budget_is_read_as_plain_text(tmp_path: Path) -> None:
    """Fuzz class: 26 paragraphs of 4,200 characters of unbalanced ``*a `b |c`` made docutils write 36,000
    warnings and 218,000 nodes (over 5 s). Past the page's budget of inline failures the rest of the page's
    inline markup is plain text, with one read.markup-limit; the operations on both sides are still read."""
    from validator.readers import rst
    from validator.readers.limits import MAX_INLINE_FAILURES

    page = BAD / "unbalanced-inline-markup.rst"
    diagnostics = Diagnostics()
    document = rst.read(page.read_text(encoding="utf-8"), page, "p.rst", ReadOptions(roots=(BAD,)), diagnostics)
    limited = [d for d in diagnostics if d.code == "read.markup-limit"]
    assert [(d.location.line, d.found[:9]) for d in limited] == [(10, "*a `b |c ")]
    assert str(MAX_INLINE_FAILURES) in limited[0].message
    texts = [p.text for p in walk(document.blocks) if isinstance(p, Paragraph)]
    assert "List all widgets." in texts  # before the budget was spent: emphasis parsed
    assert "A closing paragraph with *emphasis*, read as plain text." in texts  # after: as written
    extraction = extract_paths([page], ExtractOptions())
    assert [op.key for op in extraction.operations] == [("/widgets", "get"), ("/widgets/{id}", "delete")]


def test_rst_paragraph_too_long_for_its_markup_is_plain_text(tmp_path: Path) -> None:
    """Each start-string may make docutils search the rest of its paragraph: a paragraph whose start-strings
    times its length is past MAX_INLINE_WORK is kept as written, even with the page's budget unspent."""
    from validator.readers import rst
    from validator.readers.limits import MAX_INLINE_WORK

    para = "\n".join(" ".join(["*a*"] * 1000) for _ in range(4))  # 4,000 start-strings in 16,000 characters
    assert len(para) * para.count("*a*") > MAX_INLINE_WORK
    diagnostics = Diagnostics()
    document = rst.read(f"Title\n=====\n\n{para}\n\nShort *one*.\n", tmp_path / "p.rst", "p.rst",
                        ReadOptions(roots=(tmp_path,)), diagnostics)
    texts = [p.text for p in walk(document.blocks) if isinstance(p, Paragraph)]
    assert texts[0].startswith("*a* *a*") and texts[1] == "Short one."
    assert [d.code for d in diagnostics] == ["read.markup-limit"]


def test_rst_inline_markup_past_the_page_budget_of_start_strings_is_plain_text(tmp_path: Path) -> None:
    """Dense valid markup costs docutils nodes too: 108 kB of ``|a| `d`_ e_ [#]_`` took 3.8 s and 217 MB.
    Past MAX_INLINE_STARTS start-strings on a page, the paragraphs that have any are kept as written."""
    from validator.readers import rst
    from validator.readers.limits import MAX_INLINE_STARTS

    paragraphs = MAX_INLINE_STARTS // 10 + 10
    text = "Title\n=====\n\n" + "".join(" ".join(["*a*"] * 10) + "\n\n" for _ in range(paragraphs))
    diagnostics = Diagnostics()
    document = rst.read(text + "Plain text.\n", tmp_path / "p.rst", "p.rst", ReadOptions(roots=(tmp_path,)),
                        diagnostics)
    texts = [p.text for p in walk(document.blocks) if isinstance(p, Paragraph)]
    first_plain = MAX_INLINE_STARTS // 10  # the paragraph holding start-string MAX_INLINE_STARTS + 1
    assert texts[first_plain - 1] == " ".join(["a"] * 10) and texts[first_plain] == " ".join(["*a*"] * 10)
    assert texts[-1] == "Plain text."
    limited = [(d.code, d.location.line) for d in diagnostics]
    assert limited == [("read.markup-limit", 4 + 2 * first_plain)]
    assert str(MAX_INLINE_STARTS) in diagnostics.items[0].message


def test_each_rst_parse_has_its_own_inliner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """docutils' Inliner adds its implicit patterns (standalone URIs) on every parse it starts: one shared
    inliner searched each paragraph with one more URI pattern per page read before, until pages ran out of
    their time budget in long runs."""
    from validator.readers import rst
    from validator.readers.rst import hooks

    made = []
    original = hooks.bounded_inliner
    monkeypatch.setattr(hooks, "bounded_inliner", lambda: made.append(original()) or made[-1])
    for _ in range(3):
        document = rst.read("Title\n=====\n\nSee https://example.com.\n", tmp_path / "p.rst", "p.rst",
                            ReadOptions(roots=(tmp_path,)), Diagnostics())
        assert [p.text for p in walk(document.blocks) if isinstance(p, Paragraph)] == ["See https://example.com."]
    assert len({id(inliner) for inliner in made}) == 3
    assert [len(inliner.implicit_dispatch) for inliner in made] == [1, 1, 1]


def test_asciidoc_table_cells_past_the_limit_are_not_read(tmp_path: Path) -> None:
    """Fuzz class: a 1 MB line of ``|a| `` in a table made 262,000 cells (5.8 s CPU). Past MAX_TABLE_CELLS
    the rest of the table is not read, with one diagnostic at the cell; the page after it is."""
    from validator.readers.limits import MAX_TABLE_CELLS

    page = tmp_path / "p.asciidoc"
    page.write_text("= Pools\n\n`POST /pools/<pool_id>/_resize`\n\n[cols=\"1,1,3\"]\n|===\n"
                    "|Name |Type |Description\n" + "|a " * (MAX_TABLE_CELLS * 3)
                    + "\n|===\n\n== Next\n\n`GET /pools/<pool_id>`\n",
                    encoding="utf-8")
    extraction = extract_paths([page], ExtractOptions())
    limited = [(d.location.line, d.location.column) for d in extraction.diagnostics
               if d.code == "read.markup-limit"]
    assert limited == [(8, 3 * (MAX_TABLE_CELLS - 3) + 1)]  # the first cell past the header's 3
    assert sorted(op.key for op in extraction.operations) == [("/pools/{pool_id}", "get"),
                                                              ("/pools/{pool_id}/_resize", "post")]


DEEP_KINDS = {  # 1,000 levels each, all of which docutils would parse with a nested state machine
    "block quotes": lambda d: " " * d + f"level {d}\n\n",
    "bullet lists": lambda d: "  " * d + f"- item {d}\n\n",
    "directives": lambda d: "   " * d + ".. note::\n\n",
    "markers on one line": lambda d: "- " * 1000 + "x\n\n" if d == 0 else "",
}
DEEP_PAGE = """Widgets
=======

.. http:get:: /widgets

   List widgets.

{deep}
.. http:delete:: /widgets/{{id}}

   Delete a widget.
"""
MEASURE = """import json, resource, sys
from pathlib import Path
from validator.pipeline import ExtractOptions, extract_paths
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
extraction = extract_paths([Path(sys.argv[1])], ExtractOptions())
print(json.dumps({"grown_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base,
                  "operations": [" ".join(op.key) for op in extraction.operations],
                  "deep": [d.location.line for d in extraction.diagnostics if d.code == "read.too-deep"]}))
"""


@pytest.mark.parametrize("kind", DEEP_KINDS)
def test_rst_nested_1000_deep_is_read_in_bounded_memory(kind: str, tmp_path: Path) -> None:
    """docutils needed 160-450 MB (and then hit its recursion limit, losing the whole page) on these; the
    pre-scan cuts the lines past the bound before docutils, and the operations around them are read."""
    import json
    import subprocess
    import sys

    deep = "".join(DEEP_KINDS[kind](d) for d in range(1000))
    page = tmp_path / "deep.rst"
    page.write_text(DEEP_PAGE.format(deep=deep), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", MEASURE, str(page)], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    result = json.loads(run.stdout)
    assert result["grown_kb"] < 40 * 1024
    assert result["operations"] == ["/widgets get", "/widgets/{id} delete"]
    assert len(result["deep"]) == 1 and 8 <= result["deep"][0] < 8 + 2 * (MAX_DEPTH + 1)


def test_rst_pre_scan_cuts_only_past_the_bound() -> None:
    from validator.readers.rst.nesting import cut_deep

    text = "".join(" " * d + f"level {d}\n" for d in range(MAX_DEPTH + 3)) + "back\n"
    cut, first = cut_deep(text)
    assert first == MAX_DEPTH + 2  # the line of level MAX_DEPTH + 1
    assert cut.split("\n")[:MAX_DEPTH + 1] == text.split("\n")[:MAX_DEPTH + 1]
    assert cut.split("\n")[MAX_DEPTH + 1:] == ["", "", "back", ""]
    assert cut_deep("- " * MAX_DEPTH + "x\n- " + "- " * MAX_DEPTH + "y\n") == ("- " * MAX_DEPTH + "x\n\n", 2)
    ordinary = (FIXTURES / "seeds").glob("*.rst")
    assert all(cut_deep(p.read_text(encoding="utf-8")) == (p.read_text(encoding="utf-8"), 0) for p in ordinary)


def test_a_long_status_statement_is_read_in_linear_time(tmp_path: Path) -> None:
    """Every code of a status statement is located once: a rendered line listing a code 20,000 times
    took half a minute when each mention looked up its sentence again."""
    page = tmp_path / "page.txt"
    page.write_text("Get a widget\n\nGET /widgets\n\nStatus code 200. " + "404 , " * 20_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    extract_paths([page], ExtractOptions(input_format="text"))
    assert time.perf_counter() - started < 5


def test_includes_count_against_the_pages_expansion_budget(tmp_path: Path) -> None:
    """Fuzz class: a page including a file of 1 MB lines again and again grew past what a page may be;
    included characters are taken from the page's expansion budget like attribute expansions."""
    from validator.readers.limits import MAX_EXPANDED_TOTAL

    (tmp_path / "big.adoc").write_text(("x" * 60_000 + "\n") * 8, encoding="utf-8")
    text = "= Page\n\n" + "include::big.adoc[]\n\n" * 6 + "== After\n\nkept\n"
    document, diagnostics = read_adoc(text, tmp_path)
    limited = [d for d in diagnostics if d.code == "read.expansion-limit"]
    assert [(d.location.line, d.message.split(";")[0]) for d in limited] == \
        [(11, f"expansions and includes add more than {MAX_EXPANDED_TOTAL} characters")]
    assert "kept" in str(document.blocks[-1])  # the rest of the page is read


def test_the_failure_sentence_is_found_in_linear_time() -> None:
    """Fuzz class: a 570 kB page whose failure statement shared a long line without full stops took 20 s:
    '[^.]*on failure' was tried from every start. It is now searched piece by piece between full stops."""
    from validator.extract.operations import _failure_sentence

    assert _failure_sentence("The job runs. An error code is returned on failure. More.") == \
        "An error code is returned on failure."
    started = time.perf_counter()
    assert _failure_sentence("word " * 200_000 + "on failure").endswith("on failure")
    assert time.perf_counter() - started < 2


def test_prose_past_the_mining_limit_is_not_mined(tmp_path: Path) -> None:
    """Fuzz class: a field whose description ran 1.8 MB without a sentence break (an unclosed block
    joined the rest of the page into it), mined once per URL form of the page: 6 s CPU. The prose
    rules read a description's first MAX_MINED_PROSE characters, with one diagnostic at the field."""
    from validator.model import MAX_MINED_PROSE

    filler = "word " * (MAX_MINED_PROSE // 5)
    page = tmp_path / "p.asciidoc"
    page.write_text("= Get models\n\n`GET _models` +\n\n`GET _models/<model_id>`\n\n"
                    "==== {api-query-parms-title}\n\n`size`::\n(Optional, integer) Defaults to `10`. "
                    + filler + "Defaults to `20`.\n\n`from`::\n(Optional, integer) " + filler
                    + "The maximum value is 99.\n", encoding="utf-8")
    extraction = extract_paths([page], ExtractOptions())
    limited = {(d.location.line, d.found) for d in extraction.diagnostics if d.code == "extract.prose-limit"}
    assert limited == {(10, f"{MAX_MINED_PROSE + 17 + 18:,}"), (13, f"{MAX_MINED_PROSE + 24:,}")}
    for operation in extraction.operations:
        size, start = operation.parameters[-2:]
        assert (size.name, size.schema.default, start.name, start.schema.maximum) == ("size", 10, "from", None)


def test_rst_blocks_past_the_page_budget_are_not_read(tmp_path: Path) -> None:
    """Fuzz class: a 528 kB page of duplicated directives and fields (2,118 blocks, each a nested docutils
    state machine) took 6.8 s CPU. Past MAX_BLOCKS blocks the rest of the page is not read, with one
    diagnostic at the first block past it; a page within the budget is read whole."""
    from validator.readers.limits import MAX_BLOCKS

    def page(notes: int) -> Path:
        path = tmp_path / f"p{notes}.rst"
        path.write_text(".. http:get:: /first\n\n   First.\n\n" + ".. note::\n\n   - a\n\n" * (notes // 2)
                        + ".. http:get:: /last\n\n   Last.\n", encoding="utf-8")
        return path

    within = extract_paths([page(MAX_BLOCKS - 2)], ExtractOptions())
    assert sorted(op.path for op in within.operations) == ["/first", "/last"]
    assert "read.markup-limit" not in {d.code for d in within.diagnostics}
    past = extract_paths([page(MAX_BLOCKS)], ExtractOptions())
    assert [op.path for op in past.operations] == ["/first"]
    first_past = 5 + 4 * (MAX_BLOCKS // 2 - 1) + 2  # the "- a" of the last note
    assert [d.location.line for d in past.diagnostics if d.code == "read.markup-limit"] == [first_past]


def test_a_description_past_the_limit_is_written_cut(tmp_path: Path) -> None:
    """Fuzz class: a 1 MB operation description with replacement characters (invalid UTF-8), written
    once per URL form through YAML's pure-Python emitter: 5.8 s CPU. The spec carries the first
    MAX_MINED_PROSE characters of any description and says how many more there were."""
    from validator.model import MAX_MINED_PROSE
    from validator.openapi import build_spec

    page = tmp_path / "p.asciidoc"
    page.write_text("= Get info\n\nRetrieves info.\n\n" + "<id>/\ufffd\t" * MAX_MINED_PROSE
                    + "\n\n== {api-request-title}\n\n`GET _info`\n", encoding="utf-8")
    extraction = extract_paths([page], ExtractOptions())
    spec = build_spec(extraction.operations, diagnostics=extraction.diagnostics)
    description = spec["paths"]["/_info"]["get"]["description"]
    head, _, note = description.rpartition(" … [")
    assert len(head) == MAX_MINED_PROSE and head.startswith("Retrieves info.\n\n<id>/\ufffd")
    assert note.endswith(" more characters not written]") and int(note.split()[0].replace(",", "")) > 100_000
    assert [d.location.line for d in extraction.diagnostics if d.code == "extract.prose-limit"] == [9]
