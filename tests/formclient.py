"""A test client that posts forms the way a browser does.

Django's test client skips CSRF checks unless told otherwise, so a form rendered without its
token (an include with ``only`` drops it) still "works" in a test and answers 403 to a
person. This client enforces CSRF, and a POST carries the token of the form it came from:

- the form on the page given as ``from_page=``, when the test names one;
- else the form on the page the person is on: the page the test last opened, or the page a
  POST answered with (a form shown again with its errors), or the page a POST redirected to
  (after adding an action the coach is back on the record, where its "done" button is);
- else the form on the page at the POST's own URL (a form view renders its form there).

The form is found by its ``action`` (an empty action is the page itself) and its ``method``.
Where the page shows no form posting to the URL, the POST goes without a token and gets the
403 a person would get.

A request no form could make (someone posting to a page they cannot open, or to another
person's record) is made by hand with the session's own valid token: that is what an
attacker signed in to the portal could send, so the view's own answer is what is tested.
The client does this when the page it looks at answers anything but 200 or 405 (the person
could not have seen a form there), or when the test says ``forged=True``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django.utils.crypto import get_random_string

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
        defaults["enforce_csrf_checks"] = True
        super().__init__(**defaults)
        self.last_page: tuple[str, str] | None = None
        self.next_page: str | None = None

    def get(self, path: str, *args: Any, **kwargs: Any):
        response = super().get(path, *args, **kwargs)
        self._now_on(response, path)
        return response

    def _now_on(self, response, path: str) -> None:
        """Remember the page a browser would now show."""
        self.next_page = None
        if response.status_code in (301, 302, 303) and response.has_header("Location"):
            self.last_page, self.next_page = None, response["Location"]
        elif (
            response.status_code == 200
            and "html" in response.get("Content-Type", "")
            and not response.has_header("Content-Encoding")
        ):
            url = response.request.get("PATH_INFO", path)
            query = response.request.get("QUERY_STRING")
            self.last_page = (f"{url}?{query}" if query else url, response.content.decode())

    def post(
        self,
        path: str,
        data: Any = None,
        *args: Any,
        from_page: str | None = None,
        forged: bool = False,
        **kwargs: Any,
    ):
        if self._wants_token(data, kwargs):
            token = self.session_token() if forged else self._token_for(path, from_page)
            if token is not None:
                data = self._with_token(data, token)
            if kwargs.get("secure") and "HTTP_REFERER" not in kwargs:
                # Over HTTPS Django also checks that the form came from this site, as the
                # browser's Referer says.
                page = from_page or (self.last_page[0] if self.last_page else path)
                kwargs["HTTP_REFERER"] = f"https://testserver{page}"
        response = super().post(path, data, *args, **kwargs)
        if not kwargs.get("follow"):
            self._now_on(response, path)
        return response

    def session_token(self) -> str:
        """A valid token for this client's session, as any page's form would carry."""
        cookie = self.cookies.get(settings.CSRF_COOKIE_NAME)
        if cookie is None or not cookie.value:
            self.cookies[settings.CSRF_COOKIE_NAME] = get_random_string(
                CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS
            )
            cookie = self.cookies[settings.CSRF_COOKIE_NAME]
        return cookie.value

    def _wants_token(self, data: Any, kwargs: dict[str, Any]) -> bool:
        headers = kwargs.get("headers") or {}
        if "HTTP_X_CSRFTOKEN" in kwargs or "X-CSRFToken" in headers:
            return False
        if isinstance(data, dict) and TOKEN_FIELD in data:
            return False
        content_type = kwargs.get("content_type", MULTIPART_CONTENT)
        if content_type not in (MULTIPART_CONTENT, "application/x-www-form-urlencoded"):
            return False  # not a form: a browser sends no form token with it
        return data is None or isinstance(data, dict)

    def _token_for(self, path: str, from_page: str | None) -> str | None:
        if from_page is not None:
            return self._token_on(from_page, path)
        if self.last_page is None and self.next_page is not None:
            page, self.next_page = self.next_page, None
            response = Client.get(self, page)
            if response.status_code == 200:
                self.last_page = (page, response.content.decode())
        if self.last_page is not None:
            token = form_token(self.last_page[1], page_url=self.last_page[0], post_url=path)
            if token is not None:
                return token
        return self._token_on(path, path)

    def _token_on(self, page: str, post_url: str) -> str | None:
        response = Client.get(self, page)
        if response.status_code == 405:
            return None  # a button's URL: the test says which page the button is on
        if response.status_code != 200:
            return self.session_token()  # nobody could have seen a form there
        return form_token(response.content.decode(), page_url=page, post_url=post_url)

    @staticmethod
    def _with_token(data: dict | None, token: str) -> dict:
        return {**(data or {}), TOKEN_FIELD: token}
