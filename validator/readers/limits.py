"""Bounds every reader enforces, so that no page can make a read unbounded in time, memory or depth.
What exceeds a bound becomes a diagnostic (``read.too-deep``, ``read.expansion-limit``,
``read.markup-limit``) and the read goes on without it."""

MAX_DEPTH = 32  # nested blocks, lists and definition lists (deeper content is dropped)
MAX_EXPANDED_LINE = 64 * 1024  # characters one line may grow to by attribute/substitution expansion
MAX_EXPANSION_DEPTH = 8  # attributes defined by attributes defined by …
MAX_EXPANDED_TOTAL = 2 * 1024 * 1024  # characters all expansions and includes of one page may add together
MAX_BLOCKS = 1_000  # RST blocks (directives, list items, fields, table rows) of one page; the corpora's densest has 299
MAX_NESTED_PARSES = 3_000  # RST blocks docutils parses nested (table cells, directive contents); the corpora: 841
MAX_TABLE_CELLS = 10_000  # cells of one AsciiDoc table (parameter tables have tens to hundreds)
MAX_INLINE_FAILURES = 500  # RST inline start-strings without an end-string on one page (~0.1 s of docutils)
MAX_INLINE_STARTS = 20_000  # RST inline start-strings of one page (~0.7 s and ~50 MB of docutils nodes)
MAX_INLINE_WORK = 20_000_000  # RST inline start-strings × characters of one paragraph (each may search the rest)
MAX_INCLUDED_LINES = 20_000  # lines all includes of one page may add (the corpora need 5,407; ~1.5 s of reading)


class Budget:
    """What a page's expansions may still add (characters or lines); once spent, it stays spent."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.spent = False

    def take(self, amount: int) -> bool:
        """Spend ``amount`` if it is still available; False (and spent for good) otherwise. Nothing
        (``amount`` <= 0) is always available."""
        if amount <= 0:
            return True
        if self.spent or amount > self.left:
            self.spent = True
            return False
        self.left -= amount
        return True
