"""Real-browser journeys: Playwright driving Debian's Chromium against a live server with the
demo loaded. Every page a journey visits is checked for JavaScript errors, Content Security
Policy violations, failed requests and serious accessibility violations (axe-core), and
screenshotted into artifacts/screenshots/."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "chitieu-demo"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)")
    # Playwright's sync API runs an event loop in this thread while it is open, which makes
    # Django refuse ORM calls from the thread; the tests' own calls (loading the demo,
    # flushing the database) are safe. Only for as long as the browser is open.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's address, with the demo data loaded."""
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url


class Visitor:
    """One person's browser window: logs in, goes to pages, and keeps what went wrong."""

    def __init__(self, browser, base: str, name: str, width: int = 1280):
        self.base = base
        self.name = name
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.shots = 0
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"JS error: {error}"))
        self.page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console on {self.page.url}: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.url}")

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")

    def log_in(self, username: str) -> None:
        self.goto("/login/")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(PASSWORD)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_load_state("networkidle")

    def log_in_speaking(self, username: str, language: str) -> None:
        """Log in with the pages in `language` (its cookie set first; the form's fields found by
        their ids, whatever the language)."""
        self.context.add_cookies([{"name": "django_language", "value": language, "url": self.base}])
        self.goto("/login/")
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(PASSWORD)
        self.page.locator("#id_password").press("Enter")
        self.page.wait_for_load_state("networkidle")

    def shoot(self, what: str) -> None:
        """A screenshot, then the page's accessibility check."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        self.page.screenshot(
            path=str(SCREENSHOTS / f"{self.name}-{self.shots:02d}-{what}.png"), full_page=True
        )
        self.check_accessibility(what)

    def check_accessibility(self, what: str) -> None:
        self.page.evaluate(AXE.read_text())
        violations = self.page.evaluate(
            """async () => {
                const result = await axe.run(document, {
                    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"]},
                });
                return result.violations
                    .filter(v => v.impact === "serious" || v.impact === "critical")
                    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target).join(" ")}`);
            }"""
        )
        self.problems += [f"axe on {what}: {violation}" for violation in violations]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, site):
    visitors = []

    def visit(name: str, width: int = 1280) -> Visitor:
        visitor = Visitor(browser, site, name, width)
        visitors.append(visitor)
        return visitor

    yield visit
    problems = [problem for visitor in visitors for problem in visitor.problems]
    for visitor in visitors:
        visitor.close()
    assert problems == [], "\n".join(problems)
