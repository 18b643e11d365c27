"""Browser journeys: Debian's Chromium driven by Playwright against a live Django server.

Playwright's sync API runs an event loop in the test thread; Django must be told that the
synchronous ORM calls made by the test itself are fine there.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run `make system-deps` (Debian package 'chromium').")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1280, "height": 900}}


_AXE = Axe()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the current page and fail with its report on any violation."""

    def check(page):
        results = _AXE.run(page)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check
