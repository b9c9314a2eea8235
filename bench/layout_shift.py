"""Cumulative layout shift of the portal's pages, measured as Lighthouse's mobile profile does.

    .venv/bin/python -m bench.layout_shift --base-url http://127.0.0.1:8765 \
        --email resident@example.com --password good-work-demo-2026

Each page is loaded in Chromium at 412 x 823 (device scale 1.75, touch), with the CPU slowed
four times and the network at Lighthouse's "slow 4G" figures, from a cold cache. A
PerformanceObserver registered before any of the page's own code runs collects every
'layout-shift' entry without recent input; the score is Lighthouse's: the largest session window
(shifts less than 1 s apart, a window at most 5 s long). The script exits non-zero when a page
scores more than --budget (0.1, the "good" threshold).
"""

from __future__ import annotations

import argparse
import json
import sys
from urllib.parse import urljoin

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Lighthouse's mobile defaults (moto g power): the viewport, and its throttling figures.
VIEWPORT = {"width": 412, "height": 823}
DEVICE_SCALE_FACTOR = 1.75
CPU_SLOWDOWN = 4
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
    "uploadThroughput": 750 * 1024 / 8 * 0.9,
}
SETTLE_MS = 3000

OBSERVER = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      window.__shifts.push({
        value: entry.value,
        time: entry.startTime,
        sources: (entry.sources || []).map((s) => {
          const n = s.node;
          const name = n && n.nodeType === 1
            ? n.tagName.toLowerCase() + (n.id ? "#" + n.id : "")
              + (n.className && typeof n.className === "string"
                ? "." + n.className.trim().split(/\\s+/).join(".") : "")
            : String(n && n.nodeName);
          return {node: name, before: s.previousRect.height, after: s.currentRect.height,
                  top_before: s.previousRect.y, top_after: s.currentRect.y};
        }),
      });
    }
  }
}).observe({type: "layout-shift", buffered: true});
"""

DEFAULT_PAGES = ["/", "/jobs/", "{job}"]


def session_score(shifts: list[dict]) -> float:
    """Lighthouse's CLS: the sum of the worst session window."""
    best = current = 0.0
    start = last = None
    for shift in sorted(shifts, key=lambda s: s["time"]):
        t = shift["time"]
        if start is None or t - last > 1000 or t - start > 5000:
            start, current = t, 0.0
        current += shift["value"]
        last = t
        best = max(best, current)
    return best


def measure(browser: Browser, url: str, storage_state: dict | None) -> dict:
    context = browser.new_context(
        viewport=VIEWPORT,
        device_scale_factor=DEVICE_SCALE_FACTOR,
        is_mobile=True,
        has_touch=True,
        storage_state=storage_state,
    )
    context.add_init_script(OBSERVER)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(SETTLE_MS)
    shifts = page.evaluate("window.__shifts")
    landed = page.url
    context.close()
    return {"url": url, "landed": landed, "cls": round(session_score(shifts), 4), "shifts": shifts}


def sign_in(browser: Browser, base_url: str, email: str, password: str) -> dict:
    context = browser.new_context(viewport=VIEWPORT)
    page: Page = context.new_page()
    page.goto(urljoin(base_url, "/accounts/login/"))
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("main form[method=post] button[type=submit], main form[method=post] "
                 "input[type=submit]").first.click()
    page.wait_for_load_state("load")
    state = context.storage_state()
    context.close()
    return state


def first_job(browser: Browser, base_url: str) -> str:
    context = browser.new_context()
    page = context.new_page()
    page.goto(urljoin(base_url, "/jobs/"))
    href = page.locator("main a[href^='/jobs/'][href$='/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href')).filter(h => /^\\/jobs\\/\\d+/.test(h))"
    )[0]
    context.close()
    return href


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--page", action="append", dest="pages",
                        help="a path to measure ({job} is the first job in search)")
    parser.add_argument("--signed-in-page", default="/your-job-search/",
                        help="measured signed in, when --email is given")
    parser.add_argument("--email")
    parser.add_argument("--password")
    parser.add_argument("--runs", type=int, default=3, help="the worst of this many loads")
    parser.add_argument("--budget", type=float, default=0.1)
    parser.add_argument("--verbose", action="store_true", help="print each shift's sources")
    args = parser.parse_args(argv)
    pages = args.pages or DEFAULT_PAGES

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        job = first_job(browser, args.base_url)
        targets: list[tuple[str, dict | None]] = [
            (path.replace("{job}", job), None) for path in pages
        ]
        if args.email:
            state = sign_in(browser, args.base_url, args.email, args.password)
            targets.append((args.signed_in_page, state))
        worst = 0.0
        for path, state in targets:
            results = [
                measure(browser, urljoin(args.base_url, path), state) for _ in range(args.runs)
            ]
            result = max(results, key=lambda r: r["cls"])
            worst = max(worst, result["cls"])
            signed = " (signed in)" if state else ""
            landed = "" if result["landed"] == result["url"] else f" -> {result['landed']}"
            print(f"{result['cls']:.3f}  {path}{signed}{landed}")
            if args.verbose:
                for shift in result["shifts"]:
                    print("       ", json.dumps(shift))
        browser.close()
    print(f"worst: {worst:.3f} (budget {args.budget})")
    return 0 if worst <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
