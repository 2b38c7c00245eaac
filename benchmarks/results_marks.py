"""Generated blocks of ``benchmarks/RESULTS.md``: a script's text between its two marks.

A benchmark that writes its results replaces only the text between
``<!-- <script>: start -->`` and ``<!-- <script>: end -->``, so the hand-written reading
around it, and every other section, stays as it is.

>>> page = "intro\\n" + marked_block("x.py", "old") + "\\nafter\\n"
>>> print(replace_marked(page, "x.py", "new"))
intro
<!-- x.py: start -->
new
<!-- x.py: end -->
<BLANKLINE>
after
<BLANKLINE>
"""

from __future__ import annotations


def marks(script: str) -> tuple[str, str]:
    """The start and end marks of ``script``'s block."""
    return f"<!-- {script}: start -->", f"<!-- {script}: end -->"


def marked_block(script: str, text: str) -> str:
    """``text`` between ``script``'s marks, ending with a newline."""
    start, end = marks(script)
    return f"{start}\n{text.rstrip(chr(10))}\n{end}\n"


def replace_marked(content: str, script: str, text: str) -> str | None:
    """``content`` with ``script``'s block holding ``text``; ``None`` when it has no block."""
    start, end = marks(script)
    if start not in content or end not in content:
        return None
    head, rest = content.split(start, 1)
    tail = rest.split(end, 1)[1]
    return head + marked_block(script, text) + tail.removeprefix("\n")
