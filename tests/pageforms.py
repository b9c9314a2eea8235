"""What a browser would send back from a form on a page: every field's current value."""

from __future__ import annotations

from html.parser import HTMLParser

TEXT_TYPES = {"text", "email", "url", "number", "tel", "hidden", "search", "date"}


class _FormValues(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def _add(self, name: str | None, value: str) -> None:
        if name and name != "csrfmiddlewaretoken":
            self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in TEXT_TYPES:
                self._add(a.get("name"), a.get("value", ""))
            elif kind in ("radio", "checkbox") and "checked" in a:
                self._add(a.get("name"), a.get("value", "on"))
            elif kind in ("radio", "checkbox"):
                self.values.setdefault(a.get("name", ""), [])
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._add(self._textarea, "")
        elif tag == "select":
            self._select = a.get("name")
            self.values.setdefault(self._select or "", [])
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def form_values(html: str) -> dict[str, list[str]]:
    """name -> the values the page's POST form holds (a ticked box's value, a typed value)."""
    parser = _FormValues()
    parser.feed(html)
    parser.close()
    # A textarea's first newline is not part of its value, as browsers read it.
    return {
        name: [value.removeprefix("\n") for value in values]
        for name, values in parser.values.items()
        if name
    }


def as_post(values: dict[str, list[str]]) -> dict[str, str | list[str]]:
    """The values as the test client posts them: one value as itself, several as a list;
    a group of boxes with none ticked is left out, as a browser leaves it out."""
    return {name: v[0] if len(v) == 1 else v for name, v in values.items() if v}
