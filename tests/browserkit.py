"""What the browser tests share besides the `browser` fixture (in conftest.py): where Debian's
Chromium is, how it is started, how long a step may wait, and how a missing browser is reported.

Skipped, with the reason, where Chromium or Playwright is missing; with TRACKER_REQUIRE_BROWSER=1
(set by .ci/run) a missing browser fails the run instead.
"""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 10_000


def unavailable(reason: str):
    """Skip the test for want of the browser or its tools (fail it in CI)."""
    if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}; TRACKER_REQUIRE_BROWSER=1 requires the browser tests to run")
    pytest.skip(f"{reason}; browser tests skipped")
