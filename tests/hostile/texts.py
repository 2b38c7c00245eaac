"""Hostile and careless text, by class, for names in contracts and values in logs.

Each class is a name for a kind of trouble (markup, escape sequences, formulas …) with a few
payloads a careless or hostile user would type. :func:`hostile_text` draws from every class
not held back in :data:`tests.hostile.known.KNOWN_UNTIL_MERGED`, sometimes wrapped in
ordinary text, sometimes as arbitrary Unicode.
"""

from __future__ import annotations

from hypothesis import strategies as st

from tests.hostile.known import allowed

TEXT_CLASSES: dict[str, tuple[str, ...]] = {
    "unicode": ("Überprüfung", "確認済み", "🚀 deal", "\u202eevil\u202c", "e\u0301", "a\u200bb"),
    "rich-markup": (
        "[/]",
        "[bold]loud[/bold]",
        "[link=https://example.com]click[/link]",
        "[/bold",
        "[red",
        "a]b[c",
    ),
    "html": ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&amp; &lt;", "</td>"),
    "markdown": ("| a | b |", "*bold* _it_", "`code`", "# title", "[x](javascript:alert(1))"),
    "terminal-escapes": (
        "\x1b[2J\x1b[H",
        "\x1b]0;pwned\x07",
        "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
        "bell\x07",
        "back\x08space",
    ),
    "whitespace-controls": ("\r", "\t", "line\nbreak", "\x7f", "\x0b\x0c", "  padded  "),
    "nul": ("a\x00b", "\x00"),
    "spreadsheet-formula": ('=HYPERLINK("https://example.com","x")', "+cmd", "-1+2", "@SUM(A1)"),
    "long": ("x" * 5000, "é" * 2000),
    "empty-like": ("", " ", "null", "~", "NaN", "None", "N/A"),
    "yaml-like": ("yes", "no", "on", "1e3", "0x1F", "2025-01-01", "- item", "key: value", "&a *a"),
    "format-directives": ("%", "%d/%m/%Y", "%Q", "{}", "{0}", "%s%s%s"),
}
"""Payloads by class; a class named in KNOWN_UNTIL_MERGED is never drawn."""


def text_classes() -> list[str]:
    """The classes the strategies may draw from on this branch."""
    return [name for name in TEXT_CLASSES if allowed(name)]


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    """A hostile payload, possibly wrapped in ordinary text, or arbitrary Unicode."""
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        alphabet = st.characters(codec="utf-8")
        if not allowed("nul"):
            alphabet = st.characters(codec="utf-8", exclude_characters="\x00")
        return draw(st.text(alphabet=alphabet, max_size=30))
    payload = draw(st.sampled_from(TEXT_CLASSES[draw(st.sampled_from(text_classes()))]))
    prefix = draw(st.sampled_from(("", "Deal ", "North ")))
    suffix = draw(st.sampled_from(("", " closed", "]")))
    if suffix == "]" and not allowed("rich-markup"):
        suffix = ""
    return f"{prefix}{payload}{suffix}"
