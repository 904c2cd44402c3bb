"""Playwright harness: Debian's Chromium (never `playwright install`), one browser per session, a fresh
context per test, screenshots under test-artifacts/<test>/, and axe-core accessibility checks."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

# Playwright's sync API keeps an asyncio event loop running in this thread, and Django refuses ORM
# calls from a thread with a running loop (SynchronousOnlyOperation). The loop never runs our code
# concurrently, so the check is a false alarm here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_ROOT = REPO_ROOT / "test-artifacts"
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("DALA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BLOCKING_IMPACTS = {"serious", "critical"}
CONTEXT_DEFAULTS: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}, "bypass_csp": True}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Let the `page` fixture know whether the test body failed, to keep a screenshot of the moment.
    report = yield
    if report.when == "call":
        item.stash[_failed_key] = report.failed
    return report


_failed_key = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (not `playwright install`)")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _browser_test(transactional_db: None, browser: Browser, request: pytest.FixtureRequest) -> Iterator[None]:
    """Around every browser test: committed data (the live server answers from another thread); after
    it, a screenshot of each open page if the test failed, and every context the test opened closed,
    even one it made itself and left open."""
    yield
    failed = request.node.stash.get(_failed_key, False)
    shots = 0
    for context in list(browser.contexts):
        for page in context.pages if failed else []:
            shots += 1
            name = "failure.png" if shots == 1 else f"failure-{shots}.png"
            try:
                page.screenshot(path=str(_artifacts_for(request.node) / name), full_page=True)
            except Exception:  # a failed screenshot must not hide the real failure
                pass
        context.close()
    _wait_for_live_server_requests()


@pytest.fixture
def new_page(browser: Browser) -> Callable[..., Page]:
    """`new_page(**context_options)` opens a page in a fresh context with `page`'s defaults and any
    options of `browser.new_context` (e.g. `java_script_enabled=False`); closed after the test."""

    def open_page(**options: Any) -> Page:
        context = browser.new_context(**{**CONTEXT_DEFAULTS, **options})
        context.set_default_timeout(10_000)
        return context.new_page()

    return open_page


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A page in a fresh browser context (own cookies and storage), 1280×900, 10 s default timeout."""
    return new_page()


def _wait_for_live_server_requests() -> None:
    # Chromium keeps connections alive; once its context is closed, the live server's request threads
    # close their database connections. Let them finish before the next test flushes the database
    # (and before the session's live server stops sharing its in-memory SQLite connection).
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(timeout=5)


def _artifacts_for(node: pytest.Item) -> Path:
    name = re.sub(r"[^\w.-]+", "_", node.name).strip("_")
    folder = ARTIFACTS_ROOT / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def artifacts_dir(request: pytest.FixtureRequest) -> Path:
    """test-artifacts/<test name>/ under the repository root: save each checked page's screenshot here."""
    return _artifacts_for(request.node)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return all its violations."""
    if not AXE_PATH.exists():
        pytest.fail(f"{AXE_PATH} is missing: run `npm ci` in the repository root")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )


#: The password every UserFactory user has.
PASSWORD = "correct-horse-battery"


def english(path_of: Callable[[], str]) -> str:
    """A reversed URL with the /en/ prefix (the site's default language is Kazakh)."""
    with translation.override("en"):
        return path_of()


def log_in(page: Page, live_server: Any, email: str) -> None:
    """Log in through the English login page and wait until the menu shows the user logged in."""
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def check_accessibility(page: Page) -> list[dict[str, Any]]:
    """Fail the test if axe-core finds a serious or critical violation; return all violations."""
    violations = axe_violations(page)
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{len(blocking)} serious/critical accessibility violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']} "
                         f"({violation.get('helpUrl', '')})")
            for node in violation.get("nodes", [])[:10]:
                summary = " ".join(str(node.get("failureSummary", "")).split())
                lines.append(f"    at {json.dumps(node.get('target'))}: {summary}")
            if len(violation.get("nodes", [])) > 10:
                lines.append(f"    … and {len(violation['nodes']) - 10} more")
        pytest.fail("\n".join(lines), pytrace=False)
    return violations


@pytest.fixture(name="check_accessibility")
def check_accessibility_fixture() -> Any:
    """The `check_accessibility(page)` helper, for tests that prefer a fixture to an import."""
    return check_accessibility
