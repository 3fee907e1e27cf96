"""SourceText: normalised lines that remember the original path:line:column of each line."""

from __future__ import annotations

from dataclasses import dataclass

from validator.model import Location


@dataclass(frozen=True, slots=True)
class SourceLine:
    text: str
    location: Location  # where the first character of ``text`` came from

    def at(self, offset: int) -> Location:
        """The original location of character ``offset`` of this line (same original line)."""
        return Location(self.location.path, self.location.line, self.location.column + offset)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file's text as a sequence of located lines (like docutils' ViewList)."""

    path: str
    lines: tuple[SourceLine, ...]

    @classmethod
    def from_text(cls, path: str, text: str) -> SourceText:
        return cls(
            path,
            tuple(SourceLine(t, Location(path, n)) for n, t in enumerate(text.split("\n"), start=1)),
        )

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
