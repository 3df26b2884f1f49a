"""Headless Chromium for the site tests (Debian's ``chromium`` and ``chromium-driver``), driven by
selenium. :func:`chromium` returns None with the reason when the browser cannot be used."""

from __future__ import annotations

import shutil
from typing import Optional

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
DRIVER = ("chromedriver",)


def _which(names) -> Optional[str]:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing() -> Optional[str]:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "未安装 selenium（pip install -e '.[test]'）"
    if _which(CHROMIUM) is None:
        return "没有 Chromium（Debian：apt-get install chromium chromium-driver）"
    if _which(DRIVER) is None:
        return "没有 chromedriver（Debian：apt-get install chromium-driver）"
    return None


def chromium(width: int = 1100, height: int = 900):
    """A headless Chromium session that records the console (caller quits it)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _which(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=zh-CN", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", "--allow-file-access-from-files"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=_which(DRIVER)), options=options)


def console_errors(driver) -> list[str]:
    """Console messages of level SEVERE since the last call (JS errors, failed loads)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
