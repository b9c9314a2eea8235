"""Walk every page a person can reach by following links, as that person, and try everything on
each page: every form with good data and with bad, every button.

On each page: the status of the navigation, axe-core, the cumulative layout shift on load, and
no sideways scroll at 1280 and at 320 CSS pixels. Forms: a good submission must not fail and
must lead somewhere (a redirect, or a page without an error summary); a bad one must show an
error summary that has focus or sits at the top of the page. Anything that would end the walk
(signing out, deleting, withdrawing, closing, removing) is kept back and done last.

What fails is written as it is found to a findings file (CRAWL_FINDINGS, by default under
test-artifacts/), and the test fails at the end with the full list.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import NARROW, WIDE, audit
from tests.conftest import ARTIFACTS

MAX_CLS = 0.1
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# The axe rules whose result depends on the width of the screen.
NARROW_RULES = ["target-size", "meta-viewport", "scrollable-region-focusable"]
# A closed job's page answers 410 Gone and still shows the job, saying it has closed.
GONE = 410
LOGS = ARTIFACTS / "crawl"
FINDINGS = Path(os.environ.get("CRAWL_FINDINGS", ARTIFACTS / "crawl" / "findings.md"))

# Links that are not pages to walk: assets, other sites' schemes, the debug toolbar.
NOT_PAGES = re.compile(r"^/(static|media|__debug__)/|^/favicon")
# Downloads are requested (they must answer 200) but not opened as pages.
DOWNLOADS = re.compile(r"\.(csv|json|txt|xml|ics|pdf)$|^/jobs/feed/")
SIGN_OUT = re.compile(r"/(accounts|admin)/logout/")
# Forms whose submission takes away something the rest of the walk needs.
DESTRUCTIVE_ACTION = re.compile(
    r"/(logout|delete|delete-account|withdraw|close|remove|unsubscribe|deactivate|end)/?$"
    r"|/consent/withdraw/|/recovery-codes/generate/|/transfer/$"
)
DESTRUCTIVE_BUTTON = re.compile(
    r"\b(sign out|log out|delete|withdraw|close|remove|unsubscribe|deactivate|stop|end"
    r"|yes, i.m sure)\b",
    re.I,
)
# Forms after which the walker can no longer open what they acted on: removing a member of an
# organisation (the walker themselves, perhaps), a resident moving to another coach.
LOSES_ACCESS = re.compile(r"/members/[^/]+/remove/$|/transfer/$|/move/$")
ACCOUNT_DELETION = re.compile(r"/delete-account/|/accounts/2fa/totp/deactivate/")

# A path with its ids and tokens taken out: pages of one kind share a shape.
ID_SEGMENT = re.compile(r"/(\d+(-[\w-]+)?|[\w:-]{24,})(?=/)")

# Where to go back to after a page: the same page for the walk's purposes.
RETURN_TO = {"next", "back", "_changelist_filters", "_to_field", "_popup"}

ERROR_SUMMARY = ".govuk-error-summary, .errornote"

CLS_SCRIPT = """() => new Promise(resolve => {
  let total = 0;
  const observer = new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  });
  observer.observe({type: 'layout-shift', buffered: true});
  setTimeout(() => { observer.disconnect(); resolve(total); }, 50);
})"""

WIDE_ELEMENTS = """() => {
  const w = window.innerWidth;
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > w + 1 && e.getClientRects().length)
    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > w + 1))
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
              + (e.className && typeof e.className === 'string'
                 ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))
    .slice(0, 3);
}"""

LINKS = """() => [...document.querySelectorAll('a[href]')].map(a => ({
  href: a.href, text: (a.innerText || a.getAttribute('aria-label') || '').trim().slice(0, 60),
  button: a.matches('.govuk-button, [role=button], .button, .govuk-button--secondary'),
  download: a.hasAttribute('download'),
}))"""

# Every form on the page, with an identity that survives a reload (method, action, field
# names) and its submit buttons.
SUBMIT_BUTTONS = """const submitButtons = form =>
  [...form.querySelectorAll('button, input[type=submit], input[type=image]')]
    .concat(form.id ? [...document.querySelectorAll(`button[form="${form.id}"]`)] : [])
    .filter(b => (b.type || 'submit') === 'submit');"""

FORMS = "() => { " + SUBMIT_BUTTONS + """ return [...document.forms].map((form, index) => {
  const names = [...new Set([...form.elements].map(e => e.name)
      .filter(n => n && n !== 'csrfmiddlewaretoken'))].sort();
  const buttons = submitButtons(form).map((b, position) => ({position,
                text: (b.innerText || b.value || b.getAttribute('aria-label') || '').trim(),
                name: b.name || '', value: b.value || '',
                visible: !!b.getClientRects().length}));
  return {index, method: (form.getAttribute('method') || 'get').toLowerCase(),
          action: new URL(form.getAttribute('action') || '', location.href).href,
          names, buttons, visible: !!form.getClientRects().length};
}); }"""

BUTTON_AT = "([index, position]) => { " + SUBMIT_BUTTONS + """
  return submitButtons(document.forms[index])[position]; }"""

# Buttons outside forms: disclosure widgets, print and copy buttons.
LOOSE_BUTTONS = """() => [...document.querySelectorAll('button:not([form])')]
  .filter(b => !b.closest('form') && b.getClientRects().length && !b.disabled)
  .map((b, i) => ({text: (b.innerText || b.getAttribute('aria-label') || '').trim(),
                   index: i}))"""

# Fill a form for a good submission ("valid") or a bad one ("bad"). Returns what it changed,
# so that a form with nothing that can be made wrong is known to have no bad submission.
FILL = r"""([index, mode, values, dates]) => {
  const form = document.forms[index];
  form.noValidate = true;
  const changed = [];
  const label = el => {
    const own = el.labels && el.labels[0] ? el.labels[0].innerText : '';
    const legend = el.closest('fieldset')?.querySelector('legend')?.innerText || '';
    // A question tucked into a disclosure ("Add a note (optional)") says so on its summary.
    const summary = el.closest('details')?.querySelector('summary')?.textContent || '';
    return (own + ' ' + legend + ' ' + summary + ' ' + (el.getAttribute('aria-label') || ''))
      .toLowerCase();
  };
  const shown = el => !!el.getClientRects().length && !el.disabled && !el.readOnly;
  // Django's admin marks the labels of required fields; GOV.UK forms mark optional ones.
  const marksRequired = !!form.querySelector('label.required');
  const optional = el => !el.required && (marksRequired
      ? !(el.labels && el.labels[0] && el.labels[0].classList.contains('required'))
      : /optional/.test(label(el)));
  const set = (el, value) => {
    el.value = value;
    el.dispatchEvent(new Event('input', {bubbles: true}));
    el.dispatchEvent(new Event('change', {bubbles: true}));
  };
  const controls = () => [...form.elements].filter(e => e.name && e.name !== 'csrfmiddlewaretoken');
  const texts = () => controls().filter(e => shown(e) && (e.tagName === 'TEXTAREA' ||
      (e.tagName === 'INPUT' && !['hidden', 'radio', 'checkbox', 'submit', 'button', 'file',
                                  'image', 'reset'].includes(e.type))));
  const PAST = new RegExp('contact|when did|started|start(ed)? on|date of|earlier|previous|'
                          + 'last|happened|joined|made on|sent on|left|ended|birth');
  const past = el => PAST.test(label(el) + ' ' + el.name)
      && !/closing|due|review|next/.test(label(el) + ' ' + el.name);
  const guess = el => {
    const name = el.name.toLowerCase(), text = label(el) + ' ' + name;
    if (name in values) return values[name];
    const part = name.match(/_(day|month|year)$/);
    if (part) return dates[past(el) ? 'past' : 'future'][part[1]];
    if (el.type === 'date') return dates[past(el) ? 'past' : 'future'].iso;
    if (el.type === 'email' || /email/.test(name)) {
      return `walk${Date.now() % 1e8}${Math.floor(Math.random() * 1e4)}@example.com`;
    }
    if (el.type === 'password') return values.__password;
    if (el.type === 'url' || /(^|_)(url|website|link)(_|$)/.test(name)) {
      return 'https://example.org/';
    }
    if (el.type === 'tel' || /phone|telephone/.test(name)) return '020 7974 4444';
    if (/postcode/.test(text)) return 'NW1 2DB';
    if (/weeks/.test(text)) return '4';
    if (/pay|salary|wage|rate|earn|£/.test(text)) {
      return /max|most|highest/.test(name) ? '16.50' : '15.00';
    }
    if (/hours|hour/.test(text)) return /max|most/.test(text) ? '30' : '16';
    if (el.type === 'number' || ['numeric', 'decimal'].includes(el.inputMode)) return '2';
    if (/first.?name|given/.test(text)) return 'Amina';
    if (/last.?name|surname|family/.test(text)) return 'Begum';
    if (/full name|your name|signatory|signing/.test(text)) return 'Amina Begum';
    if (/role|job title/.test(text) && el.tagName !== 'TEXTAREA') return 'Manager';
    if (el.tagName === 'TEXTAREA') return 'Talked about part-time work near home.';
    return 'Camden test ' + el.name.replace(/[^a-z]/gi, ' ').trim();
  };
  if (mode === 'valid') {
    // Choices first: a radio may reveal the fields that go with it.
    const groups = {};
    for (const el of controls()) {
      if (el.type === 'radio' && shown(el)) (groups[el.name] ||= []).push(el);
    }
    for (const [name, radios] of Object.entries(groups)) {
      if (!radios.some(r => r.checked)) {
        const wanted = values[name] && radios.find(r => r.value === values[name]);
        (wanted || radios[0]).click(); changed.push(name);
      }
    }
    for (const el of controls()) {
      if (el.type === 'checkbox' && shown(el) && !el.checked &&
          (el.required || /i confirm|i agree|i understand|i have read|commits/.test(label(el)))) {
        el.click(); changed.push(el.name);
      }
      if (el.tagName === 'SELECT' && shown(el) && !el.value && !el.multiple) {
        const option = [...el.options].find(o => o.value && !o.disabled);
        if (option) { set(el, option.value); changed.push(el.name); }
      }
    }
    const prefilled = texts().some(e => e.value) ||
        controls().some(e => e.tagName === 'SELECT' && e.value && e.name !== 'action');
    for (const el of texts()) {
      if (el.value && !(el.name.toLowerCase() in values)) continue;
      if (prefilled && optional(el)) continue;
      if (el.type === 'search' || el.name === 'q') continue;
      set(el, guess(el)); changed.push(el.name + '=' + el.value);
    }
  } else {
    for (const el of texts()) {
      const name = el.name.toLowerCase(), text = label(el) + ' ' + name;
      if (/_year$/.test(name)) { set(el, '9999'); changed.push(el.name); }
      else if (el.type !== 'number' && (/_(day|month)$/.test(name) || el.type === 'date' ||
               /postcode/.test(text) || /^[\d.]+$/.test(guess(el)))) {
        set(el, 'NOPE'); changed.push(el.name);
      } else if (el.type === 'number') {
        // A number box cannot hold letters: a browser sends it empty.
        set(el, '-1'); changed.push(el.name);
      } else if (!optional(el) && el.value !== '' && el.type !== 'search') {
        set(el, ''); changed.push(el.name);
      } else if (!optional(el) && el.type !== 'search') {
        // Left empty: a question not marked as optional must be answered.
        changed.push(el.name);
      }
    }
    for (const el of controls()) {
      if (el.type === 'checkbox' && el.required && el.checked) {
        el.click(); changed.push(el.name);
      }
    }
  }
  return changed;
}"""

SUMMARY_PLACE = """(selector) => {
  const summary = document.querySelector(selector);
  if (!summary || !summary.getClientRects().length) return null;
  const focused = summary.contains(document.activeElement);
  const top = summary.getBoundingClientRect().top;
  return {focused, top, text: summary.innerText.trim().replace(/\\s+/g, ' ').slice(0, 160)};
}"""


def shape(path: str) -> str:
    return ID_SEGMENT.sub("/{id}", path)


@dataclass
class FormSeen:
    page: str
    identity: tuple
    info: dict


@dataclass
class Tally:
    pages: int = 0
    audits: int = 0
    forms_valid: int = 0
    forms_bad: int = 0
    forms_without_bad_data: int = 0
    buttons: set = field(default_factory=set)
    buttons_pressed: set = field(default_factory=set)
    downloads: int = 0

    def summary(self) -> str:
        return (f"{self.pages} pages ({self.audits} kinds audited by axe), "
                f"{self.forms_valid} good and {self.forms_bad} bad form "
                f"submissions ({self.forms_without_bad_data} forms with nothing to get wrong), "
                f"{len(self.buttons_pressed & self.buttons)}/{len(self.buttons)} buttons pressed, "
                f"{self.downloads} downloads")


class Crawl:
    """One person's walk through the portal, in one browser page."""

    def __init__(self, page, role: str, *, values: dict[str, str | Callable[[], str]] | None = None,
                 per_shape: int = 1, per_path_queries: int = 2, stay_anonymous: bool = False,
                 skip: re.Pattern | None = None, shared_forms: re.Pattern | None = None,
                 sign_in_again: Callable[[], None] | None = None,
                 only_bad_data: re.Pattern | None = None, same_buttons: re.Pattern | None = None,
                 rare: dict[re.Pattern, int] | None = None,
                 same_forms: tuple[re.Pattern, str] | None = None, max_pages: int = 400):
        self.page, self.role = page, role
        self.values = values or {}
        self.per_shape, self.per_path_queries = per_shape, per_path_queries
        self.stay_anonymous, self.skip, self.max_pages = stay_anonymous, skip, max_pages
        # Forms that behave the same for everyone (the job search, say): another walk tries them.
        self.shared_forms, self.sign_in_again = shared_forms, sign_in_again
        # Pages whose empty forms the walk cannot know good answers for (a new row of any
        # model in the admin): they get the bad submission only.
        self.only_bad_data, self.same_buttons = only_bad_data, same_buttons
        # Kinds of page that look alike across shapes (the admin's history of any object):
        # a few of each kind in all, matched against the shape of the path and its query.
        self.rare = rare or {}
        # Forms that are one kind on many pages (the admin's search and actions on every
        # changelist): the shape of their action is rewritten so that one of them is tried.
        self.same_forms = same_forms
        self.rare_seen: Counter[str] = Counter()
        # Shapes of path already audited by axe: a template is audited once, not per object.
        self.audited: set[str] = set()
        self.origin = ""
        self.started = time.monotonic()
        self.failures: list[str] = []
        self.tally = Tally()
        self.seen: set[str] = set()
        self.shapes: Counter[str] = Counter()
        self.queries: Counter[str] = Counter()
        self.paths: set[str] = set()
        self.forms_done: set[tuple] = set()
        self.loose_done: set[tuple] = set()
        self.held_back: list[FormSeen] = []
        self.sign_out_pages: list[str] = []
        self.navigation: dict = {}
        self.page_errors: list[str] = []
        self.downloaded: list[str] = []
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("download", lambda download: self.downloaded.append(download.url))

    # -- Recording ---------------------------------------------------------------------------

    def _on_response(self, response) -> None:
        try:
            if response.request.is_navigation_request() and response.frame == self.page.main_frame:
                self.navigation = {"status": response.status, "url": response.url}
        except PlaywrightError:
            pass

    def fail(self, url: str, what: str) -> None:
        path = self.relative(url)
        line = f"| {self.role} | {path} | {what} |"
        self.failures.append(line)
        FINDINGS.parent.mkdir(parents=True, exist_ok=True)
        new = not FINDINGS.exists()
        with FINDINGS.open("a") as findings:
            if new:
                findings.write("| role | URL | what failed |\n| --- | --- | --- |\n")
            findings.write(line + "\n")

    def log(self, line: str) -> None:
        LOGS.mkdir(parents=True, exist_ok=True)
        with (LOGS / f"{re.sub(r'[^a-z]+', '-', self.role)}.log").open("a") as log:
            log.write(f"{time.monotonic() - self.started:7.1f}s {line}\n")

    def relative(self, url: str) -> str:
        parts = urllib.parse.urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    # -- URLs ----------------------------------------------------------------------------------

    def key(self, url: str) -> str | None:
        """The URL as the walk knows it (path and sorted, non-empty query), or None when the
        link goes somewhere the walk does not follow."""
        parts = urllib.parse.urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            return None
        if NOT_PAGES.search(parts.path):
            return None
        query = sorted(
            (k, v) for k, v in urllib.parse.parse_qsl(parts.query) if v and k not in RETURN_TO
        )
        return parts.path + (f"?{urllib.parse.urlencode(query)}" if query else "")

    def admit(self, key: str) -> bool:
        """Cap the kinds of page: a few of each shape of path, a few queries of each path."""
        if key in self.seen:
            return False
        path, _, query = key.partition("?")
        for pattern, most in self.rare.items():
            if pattern.search(shape(path) + (f"?{query}" if query else "")):
                if self.rare_seen[pattern.pattern] >= most:
                    return False
                self.rare_seen[pattern.pattern] += 1
                break
        if path not in self.paths:
            if self.shapes[shape(path)] >= self.per_shape:
                return False
            self.shapes[shape(path)] += 1
            self.paths.add(path)
        if query:
            if self.queries[path] >= self.per_path_queries:
                return False
            self.queries[path] += 1
        self.seen.add(key)
        return True

    # -- Visiting ----------------------------------------------------------------------------

    def goto(self, url: str) -> int | None:
        self.navigation = {}
        try:
            response = self.page.goto(url, wait_until="load")
        except PlaywrightError as error:
            self.fail(url, f"did not load: {str(error).splitlines()[0]}")
            return None
        return response.status if response else self.navigation.get("status")

    def check_page(self, url: str, status: int | None) -> None:
        page = self.page
        here = page.url
        self.log(f"{status} {self.relative(here)}")
        if status is not None and status >= 400 and status != GONE:
            self.fail(here, f"status {status}")
            return
        cls = page.evaluate(CLS_SCRIPT)
        if cls > MAX_CLS:
            self.fail(here, f"layout shift on load {cls:.3f} (most 0.1)")
        self.check_width(here, "1280")
        template = shape(urllib.parse.urlsplit(here).path)
        if template not in self.audited:
            # axe once per kind of page: its rules look at markup a template produces.
            self.audited.add(template)
            self.tally.audits += 1
            try:
                audit(page, f"crawl-{self.role}-{template}", screenshot=False)
            except AssertionError as error:
                rules = re.findall(r'"id": "([\w-]+)"', str(error))
                self.fail(here, f"axe: {', '.join(rules)}")
        # Reflow on every page: what a query opens (a filter group, say) can push it sideways.
        page.set_viewport_size(NARROW)
        self.check_width(here, "320")
        if f"{template} 320" not in self.audited:
            # What a small screen changes for axe: the size and spacing of what is pressed.
            self.audited.add(f"{template} 320")
            try:
                audit(page, f"crawl-{self.role}-{template}-320", screenshot=False,
                      rules=NARROW_RULES)
            except AssertionError as error:
                rules = sorted(set(re.findall(r'"id": "([\w-]+)"', str(error))))
                self.fail(here, f"axe at 320px: {', '.join(rules)}")
        page.set_viewport_size(WIDE)
        # Scripts that follow the width (the menu button hides on a wide screen) catch up
        # in the next frames.
        page.evaluate(NEXT_FRAME)

    def check_width(self, url: str, width: str) -> None:
        scroll, inner = self.page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll > inner:
            wide = self.page.evaluate(WIDE_ELEMENTS)
            self.fail(
                url, f"scrolls sideways at {width}px: scrollWidth {scroll} ({', '.join(wide)})"
            )

    def links(self) -> list[dict]:
        return self.page.evaluate(LINKS)

    def download(self, url: str) -> None:
        response = self.page.request.get(url)
        self.tally.downloads += 1
        if response.status != 200:
            self.fail(url, f"download answered {response.status}")

    # -- The walk ----------------------------------------------------------------------------

    def run(self, start: str | None = None, also: tuple[str, ...] = ()) -> Crawl:
        """Walk from `start` (or the page the browser is on), and from `also`: pages reached
        from outside the portal, such as links in emails."""
        page = self.page
        page.set_viewport_size(WIDE)
        (LOGS / f"{re.sub(r'[^a-z]+', '-', self.role)}.log").unlink(missing_ok=True)
        if start is not None:
            page.goto(start)
        self.origin = re.match(r"https?://[^/]+", page.url).group(0)
        queue = [page.url]
        self.admit(self.key(page.url))
        for url in also:
            if self.admit(self.key(self.origin + url)):
                queue.append(self.origin + url)
        first = True
        while queue and self.tally.pages < self.max_pages:
            url = queue.pop(0)
            status = None if first else self.goto(url)
            if first:
                status = self.navigation.get("status", 200)
                first = False
            here_key = self.key(page.url)
            if here_key and here_key != self.key(url):
                self.seen.add(here_key)
            self.tally.pages += 1
            self.check_page(url, status)
            if status is not None and status >= 400 and status != GONE:
                continue
            for link in self.links():
                key = self.key(link["href"])
                if key is None:
                    continue
                if link["button"]:
                    self.tally.buttons.add(("link", shape(key.partition("?")[0]), link["text"]))
                if SIGN_OUT.search(key):
                    if key not in self.sign_out_pages:
                        self.sign_out_pages.append(key)
                    continue
                if self.skip is not None and self.skip.search(key):
                    continue
                if DOWNLOADS.search(key.partition("?")[0]) or link["download"]:
                    if key not in self.seen:
                        self.seen.add(key)
                        self.download(self.origin + key)
                        self.log(f"  download {key}")
                    self.pressed_link(link, key)
                    continue
                if self.admit(key):
                    queue.append(self.origin + key)
                self.pressed_link(link, key)
            self.try_forms(page.url)
            self.try_loose_buttons(page.url)
        self.run_held_back()
        return self

    def pressed_link(self, link: dict, key: str) -> None:
        if link["button"]:
            self.tally.buttons_pressed.add(("link", shape(key.partition("?")[0]), link["text"]))

    # -- Forms ---------------------------------------------------------------------------------

    def identity(self, info: dict) -> tuple:
        action = shape((self.key(info["action"]) or info["action"]).partition("?")[0])
        if self.same_forms is not None:
            action = self.same_forms[0].sub(self.same_forms[1], action)
        return (info["method"], action, tuple(info["names"]))

    def button_id(self, identity: tuple, button: dict) -> tuple:
        if self.same_buttons is not None and self.same_buttons.search(identity[1]):
            # One kind of button throughout (the admin's Save, Save and continue editing):
            # pressed once is pressed.
            return ("form", identity[0], button["name"] or button["text"], button["value"])
        return ("form", *identity, button["name"], button["value"], button["position"])

    def destructive(self, info: dict) -> bool:
        action = urllib.parse.urlsplit(info["action"]).path
        texts = " ".join(b["text"] for b in info["buttons"])
        return bool(DESTRUCTIVE_ACTION.search(action) or DESTRUCTIVE_BUTTON.search(texts)
                    or SIGN_OUT.search(action))

    def try_forms(self, url: str) -> None:
        for info in self.page.evaluate(FORMS):
            if not info["visible"] or not info["buttons"]:
                continue
            identity = self.identity(info)
            if self.shared_forms is not None and self.shared_forms.search(
                f"{info['method']} {identity[1]}"
            ):
                continue
            for button in info["buttons"]:
                if button["visible"]:
                    self.tally.buttons.add(self.button_id(identity, button))
            if identity in self.forms_done:
                # One kind of form repeated down a page can offer other buttons on another
                # row (pause one alert, resume the next): those are pressed too, but for the
                # ones that take something away (stop), which wait for the end.
                for position, button in enumerate(info["buttons"]):
                    if (button["visible"] and not DESTRUCTIVE_BUTTON.search(button["text"])
                            and self.button_id(identity, button)
                            not in self.tally.buttons_pressed):
                        self.submit(url, identity, "valid", position, index=info["index"])
                continue
            self.forms_done.add(identity)
            if self.destructive(info):
                self.held_back.append(FormSeen(url, identity, info))
                continue
            self.exercise(url, identity, info)

    def exercise(self, url: str, identity: tuple, info: dict) -> None:
        distinct = {}
        for position, button in enumerate(info["buttons"]):
            if button["visible"]:
                distinct.setdefault(self.button_id(identity, button), position)
        positions = [
            position for key, position in distinct.items()
            if key not in self.tally.buttons_pressed
        ] or [0]
        if self.only_bad_data is not None and self.only_bad_data.search(self.relative(url)):
            for position in positions:
                self.submit(url, identity, "bad", position)
            return
        if self.submit(url, identity, "bad", 0) is False:
            self.tally.forms_without_bad_data += 1
        for position in positions:
            self.submit(url, identity, "valid", position)

    def find_form(self, identity: tuple, index: int | None = None) -> dict | None:
        for info in self.page.evaluate(FORMS):
            if (self.identity(info) == identity and info["visible"]
                    and index in (None, info["index"])):
                return info
        return None

    def submit(self, url: str, identity: tuple, mode: str, position: int,
               index: int | None = None) -> bool | None:
        """Open the page afresh, fill the form and press one of its buttons. False when the form
        has nothing that could be got wrong."""
        page = self.page
        status = self.goto(url)
        if status is None or status >= 400:
            self.log(f"  gone ({status}): {self.relative(url)}")
            return None
        info = self.find_form(identity, index)
        if info is None:
            # An earlier submission changed the page (a job now on the shortlist, say).
            self.log(f"  form gone: {identity}")
            return None
        values = {k.lower(): (v() if callable(v) else v) for k, v in self.values.items()}
        values.setdefault("__password", "a-Long-test-passw0rd")
        changed = page.evaluate(FILL, [info["index"], mode, values, self.dates()])
        self.log(f"  fill ({mode}): {', '.join(changed)}")
        if mode == "bad" and (not changed or info["method"] == "get"):
            if info["method"] == "get" and changed:
                return self.press(url, identity, info, position, "bad-get")
            return False
        return self.press(url, identity, info, position, mode)

    def press(self, url: str, identity: tuple, info: dict, position: int, mode: str) -> bool:
        page = self.page
        button = info["buttons"][position] if info["buttons"] else None
        target = (
            page.evaluate_handle(BUTTON_AT, [info["index"], position]).as_element()
            if button else None
        )
        self.navigation, self.page_errors, self.downloaded = {}, [], []
        before = page.url
        what = f"{info['method'].upper()} {self.relative(info['action'])}"
        if button:
            what += f" [{button['text'] or button['name']}]"
        navigated = True
        try:
            with page.expect_navigation(timeout=20_000, wait_until="load"):
                if target is not None:
                    target.click(timeout=5_000)
                else:
                    page.evaluate("i => document.forms[i].requestSubmit()", info["index"])
        except PlaywrightTimeout:
            navigated = False
        except PlaywrightError as error:
            # A form that answers with a file aborts the navigation it started.
            if "ERR_ABORTED" in str(error):
                page.wait_for_timeout(500)
            if not self.downloaded:
                self.fail(url, f"{what}: could not press: {str(error).splitlines()[0]}")
                return True
            navigated = False
        if button:
            self.tally.buttons_pressed.add(self.button_id(identity, button))
        if mode == "valid":
            self.tally.forms_valid += 1
        else:
            self.tally.forms_bad += 1
        status = self.navigation.get("status")
        self.log(f"  {mode}: {what} -> {status} {self.relative(page.url)}"
                 + (" (download)" if self.downloaded else ""))
        if not navigated:
            if self.downloaded:
                return True
            self.fail(url, f"{what} ({mode}): nothing happened")
            return True
        if self.page_errors:
            self.fail(page.url, f"{what} ({mode}): script error {self.page_errors[0][:120]}")
        if status is not None and status >= 400:
            self.fail(url, f"{what} ({mode}): status {status}")
        elif mode == "valid":
            summary = page.evaluate(SUMMARY_PLACE, ERROR_SUMMARY)
            if summary is not None:
                self.fail(url, f"{what}: good data refused: {summary['text']}")
        elif mode == "bad":
            summary = page.evaluate(SUMMARY_PLACE, ERROR_SUMMARY)
            if summary is None:
                where = "" if page.url == before else f" (went to {self.relative(page.url)})"
                self.fail(url, f"{what}: bad data gave no error summary{where}")
            elif not summary["focused"] and not 0 <= summary["top"] < self.half_height():
                self.fail(url, f"{what}: error summary neither focused nor at the top of the "
                               f"window ({summary['top']:.0f}px down)")
        if self.stay_anonymous:
            page.context.clear_cookies()
        return True

    def half_height(self) -> float:
        return self.page.viewport_size["height"] / 2

    def dates(self) -> dict:
        today = datetime.date.today()
        future, past = today + datetime.timedelta(days=45), today - datetime.timedelta(days=7)
        return {
            name: {"day": str(d.day), "month": str(d.month), "year": str(d.year),
                   "iso": d.isoformat()}
            for name, d in (("future", future), ("past", past))
        }

    # -- Buttons outside forms -----------------------------------------------------------------

    def try_loose_buttons(self, url: str) -> None:
        for button in self.page.evaluate(LOOSE_BUTTONS):
            text = re.sub(r"\d+", "N", button["text"])
            identity = ("button", text)
            self.tally.buttons.add(identity)
            if identity in self.loose_done:
                continue
            self.loose_done.add(identity)
            self.page_errors = []
            if self.page.url != url:
                self.goto(url)
            target = self.page.get_by_role("button", name=button["text"], exact=True).first
            try:
                target.click(timeout=5_000)
                self.page.wait_for_timeout(100)
            except PlaywrightError as error:
                self.fail(url, f"button {button['text']!r}: {str(error).splitlines()[0]}")
                continue
            self.tally.buttons_pressed.add(identity)
            self.log(f"  button {button['text']!r}")
            if self.page_errors:
                self.fail(url, f"button {button['text']!r}: script error "
                               f"{self.page_errors[0][:120]}")
        if self.page.url != url:
            self.goto(url)

    # -- Last of all ---------------------------------------------------------------------------

    def run_held_back(self) -> None:
        def order(seen: FormSeen) -> int:
            action = urllib.parse.urlsplit(seen.info["action"]).path
            if ACCOUNT_DELETION.search(action):
                return 3
            if SIGN_OUT.search(action):
                return 2
            return 1 if LOSES_ACCESS.search(action) else 0

        def depth(seen: FormSeen) -> tuple[int, bool]:
            # What acts on everything ("stop all") goes after what acts on one.
            action = urllib.parse.urlsplit(seen.info["action"]).path
            return (order(seen), bool(re.search(r"-all/?$", action)))

        for key in self.sign_out_pages:
            status = self.goto(self.origin + key)
            self.tally.pages += 1
            self.check_page(self.origin + key, status)
            for info in self.page.evaluate(FORMS):
                identity = self.identity(info)
                if info["visible"] and info["buttons"] and identity not in self.forms_done:
                    self.forms_done.add(identity)
                    self.held_back.append(FormSeen(self.page.url, identity, info))
        for seen in sorted(self.held_back, key=depth):
            self.exercise(seen.page, seen.identity, seen.info)
            if order(seen) == 2 and self.sign_in_again is not None:
                # Signed out: back in for what is left (deleting the account, say).
                self.sign_in_again()

    # -- The verdict ---------------------------------------------------------------------------

    def report(self) -> str:
        return f"{self.role}: {self.tally.summary()}, {len(self.forms_done)} kinds of form"

    def assert_clean(self) -> None:
        unpressed = self.tally.buttons - self.tally.buttons_pressed
        for button in sorted(unpressed, key=str):
            self.failures.append(
                f"| {self.role} | - | button never pressed: {json.dumps(button)} |"
            )
        assert not self.failures, "\n".join([self.report(), *self.failures])
