"""Tolerant stand-ins for what Sphinx adds to reStructuredText: roles show their text, unknown directives
keep their content as ordinary text, ``code-block`` is a literal block with its language, and the
httpdomain directives (``.. http:get:: /path``) become ``endpoint_node`` elements."""

from __future__ import annotations

import re

import docutils.nodes as nodes
from docutils.parsers.rst import Directive, directives

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace", "connect", "copy", "any")


class AnyOptions(dict):
    """An option_spec accepting every option (Sphinx directives have many we do not need)."""

    def __missing__(self, key):
        return directives.unchanged

    def __bool__(self) -> bool:
        return True  # docutils parses a directive's options only when its option_spec is truthy




def text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Sphinx roles (``:ref:``, ``:doc:``, ``:http:statuscode:``, ``:mailheader:`` …): their visible text.
    A cross reference remembers its target so tables can follow ``:ref:`JobParam <label>``` links."""
    found = _explicit_target(text)
    explicit, target = found if found else ("", text.strip())
    title = (explicit or target if found else text).lstrip("~!")
    method = re.fullmatch(r"http:(get|post|put|patch|delete|head|options|trace|connect|copy|any)", name)
    if method and not explicit:
        title = f"{method.group(1).upper()} {title}"  # Sphinx renders :http:post:`/x` as "POST /x"
    node = nodes.literal(rawtext, title) if name in ("command", "file", "samp", "kbd", "code") else \
        nodes.inline(rawtext, title)
    node["reftarget"] = nodes.fully_normalize_name(target.lstrip("~!"))
    node["explicit_title"] = bool(explicit)
    return [node], []


def _explicit_target(text: str) -> tuple[str, str] | None:
    """(title, target) of role text written ``Title <target>`` (title may be empty); None otherwise.
    Found from the last ``<``, so that it stays linear in the length of the text."""
    start = text.rfind("<")
    if start < 0 or not text.endswith(">") or len(text) - start < 3 or ">" in text[start + 1:-1]:
        return None
    return text[:start].strip(), text[start + 1:-1].strip()


class Tolerant(Directive):
    """A directive accepting any options and content (Sphinx directives have many we do not need)."""

    final_argument_whitespace = True
    has_content = True
    option_spec = AnyOptions()


class CodeBlock(Tolerant):
    """``code-block`` / ``sourcecode`` / ``code`` / ``code-tab``: a literal block with its language."""

    optional_arguments = 1

    def run(self):
        text = "\n".join(self.content)
        node = nodes.literal_block(text, text)
        node["language"] = (self.arguments[0] if self.arguments else self.options.get("language", "")).strip()
        # the first content line, in its own file (included files too)
        node.source, node.line = self.state_machine.get_source_and_line(self.content_offset + 1)
        return [node]


class Transparent(Tolerant):
    """Directives whose content is ordinary text (``only``, ``versionadded``, ``tabs``, unknown ones …)."""

    optional_arguments = 10

    def run(self):
        container = nodes.container()
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, container)
        return [container]


class VersionNote(Transparent):
    """``versionadded``/``versionchanged``/``deprecated``: a version, then text (on the directive's
    own lines or as content)."""

    def run(self):
        out = []
        words = " ".join(self.arguments).split(None, 1)
        if len(words) > 1:
            paragraph = nodes.paragraph(words[1], words[1])
            on_first_line = words[1].split()[0] in self.block_text.split("\n")[0]
            paragraph.source, paragraph.line = self.state_machine.get_source_and_line(
                self.lineno + (0 if on_first_line else 1))
            out.append(paragraph)
        return out + super().run()


class Ignored(Transparent):
    """Directives that carry no API content (``toctree``, ``autoflask``, ``index`` …)."""

    def run(self):
        return []


class Raw(Ignored):
    """``raw``: markup for one output format (HTML snippets, often in substitutions such as ``.. |br| raw::
    html``): no API content, an empty raw node so that a substitution defined by it stays valid."""

    def run(self):
        return [nodes.raw("", "", format=" ".join(self.arguments))]


class endpoint_node(nodes.Element):  # noqa: N801 - docutils' node naming
    """A parsed ``.. http:<method>:: /path`` directive (method and path attributes)."""


class HttpDirective(Tolerant):
    """Sphinx httpdomain's ``.. http:get:: /path`` with its field list and prose. Several signature lines
    (``/users/(id)`` and ``/users/(id)/posts`` under one directive) declare one endpoint each."""

    required_arguments = 1

    def run(self):
        node = endpoint_node()
        node["method"] = self.name.split(":", 1)[1].lower()
        node["options"] = tuple(sorted((k, str(v if v is not None else "")) for k, v in self.options.items()))
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        self.state.nested_parse(self.content, self.content_offset, node)
        out = []
        for signature in (s.strip() for s in self.arguments[0].split("\n")):
            if signature and not signature.startswith(":"):
                copy = node.deepcopy()
                copy["path"] = " ".join(signature.split())
                copy.source, copy.line = node.source, node.line
                out.append(copy)
        return out


