"""A test client that posts forms the way a browser does.

Django's test client skips CSRF checks unless told otherwise, so a form rendered without its
token (an include with ``only`` drops it) still "works" in a test and answers 403 to a
person. This client enforces CSRF, and a POST carries the token of the form it came from:

- the form on the page the test last opened (``client.get(page)`` then ``client.post(url)``),
- else the form on the page given as ``from_page=``,
- else the form on the page at the POST's own URL (a form view renders its form there).

The form is found by its ``action`` (an empty action is the page itself) and its ``method``.
Where no page holds a form posting to the URL, the POST goes without a token and gets the 403
a person would get. A test that means to post without a form says so with
``csrfmiddlewaretoken`` in its data, or by using ``Client(enforce_csrf_checks=True)``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.test.client import MULTIPART_CONTENT

TOKEN_FIELD = "csrfmiddlewaretoken"


class _Forms(HTMLParser):
    """(action, method, token) for each form on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str | None]] = []
        self._current: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._current = {
                "action": attributes.get("action") or "",
                "method": (attributes.get("method") or "get").lower(),
                "token": None,
            }
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and attributes.get("name") == TOKEN_FIELD:
            self._current["token"] = attributes.get("value")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def _path(url: str) -> str:
    return urlsplit(url).path


def form_token(html: str, *, page_url: str, post_url: str) -> str | None:
    """The CSRF token of a POST form on the page whose action is post_url, if there is one."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] != "post":
            continue
        action = urljoin(page_url, form["action"] or page_url)
        if _path(action) == _path(post_url):
            return form["token"]
    return None


class FormClient(Client):
    def __init__(self, **defaults: Any) -> None:
        super().__init__(enforce_csrf_checks=True, **defaults)
        self.last_page: tuple[str, str] | None = None

    def get(self, path: str, *args: Any, **kwargs: Any):
        response = super().get(path, *args, **kwargs)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            url = response.request.get("PATH_INFO", path)
            query = response.request.get("QUERY_STRING")
            self.last_page = (f"{url}?{query}" if query else url, response.content.decode())
        return response

    def post(self, path: str, data: Any = None, *args: Any, from_page: str | None = None, **kwargs: Any):
        if self._wants_token(data, kwargs):
            token = self._token_for(path, from_page)
            if token is not None:
                data = self._with_token(data, token)
        return super().post(path, data, *args, **kwargs)

    def _wants_token(self, data: Any, kwargs: dict[str, Any]) -> bool:
        if "HTTP_X_CSRFTOKEN" in kwargs or "headers" in kwargs and "X-CSRFToken" in kwargs["headers"]:
            return False
        if isinstance(data, dict) and TOKEN_FIELD in data:
            return False
        content_type = kwargs.get("content_type", MULTIPART_CONTENT)
        if content_type not in (MULTIPART_CONTENT, "application/x-www-form-urlencoded"):
            return False  # not a form: a browser sends no form token with it
        return data is None or isinstance(data, dict)

    def _token_for(self, path: str, from_page: str | None) -> str | None:
        if from_page is None and self.last_page is not None:
            token = form_token(self.last_page[1], page_url=self.last_page[0], post_url=path)
            if token is not None:
                return token
        page = from_page or path
        response = Client.get(self, page)
        if response.status_code != 200:
            return None
        return form_token(response.content.decode(), page_url=page, post_url=path)

    @staticmethod
    def _with_token(data: dict | None, token: str) -> dict:
        return {**(data or {}), TOKEN_FIELD: token}
