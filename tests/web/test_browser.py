"""The web front end in a real browser: Debian's chromium, driven by Playwright, against
`peercoach serve` on a free localhost port. Walks a dialogue end to end by keyboard, pauses and
carries on in a new browser context, reaches the crisis page, downloads the summary; takes
screenshots at 360 px and desktop widths (kept as artefacts) and runs axe-core on every page kind
(no violation of serious or critical impact)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, axe_script, chromium_missing, free_port, serious, serve

from engine.store.sqlite import SqliteStore

pytestmark = pytest.mark.slow

# A 1280 x 900 window at 200% zoom lays out like 640 x 450.
SIZES = {"phone": {"width": 360, "height": 740}, "zoom200": {"width": 640, "height": 450},
         "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def browser():
    missing = chromium_missing()
    if missing:
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def axe():
    found = axe_script()
    if found is None:
        pytest.skip("axe-core could not be had: `npm pack axe-core` needs npm and the npm registry")
    return found


@pytest.fixture
def server(tmp_path, folder):
    store_path = tmp_path / "served.db"
    SqliteStore(store_path).close()
    port = free_port()
    process = serve(store_path, folder, port, tmp_path / "server.log")
    yield f"http://127.0.0.1:{port}", store_path, tmp_path / "server.log"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def artefacts():
    """tests/web/artefacts, kept after the run for a person to look at, and ignored by git (its own .gitignore)."""
    folder = Path(__file__).resolve().parent / "artefacts"
    folder.mkdir(exist_ok=True)
    (folder / ".gitignore").write_text("# screenshots from the browser tests: kept for looking at, never committed\n*\n")
    print(f"\nscreenshots of the web pages: {folder}")
    return folder


def code_for(store_path, name="Sam"):
    store = SqliteStore(store_path)
    try:
        return store.add_code(name)
    finally:
        store.close()


class Checks:
    """axe-core on each page kind and a screenshot at each size."""

    def __init__(self, browser, axe, artefacts):
        self.browser, self.axe, self.artefacts = browser, axe, artefacts
        self.found: dict[str, list[str]] = {}

    def page(self, page, kind):
        page.add_script_tag(path=str(self.axe))
        results = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']})")
        self.found[kind] = serious(results)
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            page.screenshot(path=str(self.artefacts / f"{kind}-{size}.png"), full_page=True)
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            assert wide <= viewport["width"], f"{kind} scrolls sideways at {size} ({wide} px)"
        page.set_viewport_size(SIZES["phone"])


def where(page):
    """The page's address as the document has it (Playwright's page.url can lag after a redirect)."""
    return page.evaluate("() => location.pathname")


def arrive(page, pattern):
    page.wait_for_function("p => new RegExp(p).test(location.pathname)", arg=pattern)
    return where(page)


def sign_in(page, base, code):
    page.goto(base + "/")
    assert arrive(page, "^/sign-in$")
    page.keyboard.type(code)  # the code field has the focus
    page.keyboard.press("Enter")
    arrive(page, "^/$")


def test_a_client_dialogue_in_the_browser(browser, axe, server, artefacts):
    base, store_path, log = server
    code = code_for(store_path)
    checks = Checks(browser, axe, artefacts)
    context = browser.new_context(bypass_csp=True, viewport=SIZES["phone"], accept_downloads=True)
    page = context.new_page()
    page.goto(base + "/sign-in")
    checks.page(page, "sign-in")
    sign_in(page, base, code)
    checks.page(page, "home")
    page.get_by_role("button", name="A walk for the web").click()
    session_url = arrive(page, "^/s/[^/]+$")
    assert page.evaluate("() => document.activeElement.id") == "answer"  # the focus is on the new prompt
    checks.page(page, "turn-text")
    page.keyboard.type("Up and down this week")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("radio", name="Friends").wait_for()
    checks.page(page, "turn-choice")
    page.get_by_role("radio", name="Friends").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("radio", name="7").wait_for()
    checks.page(page, "turn-scale")
    page.get_by_role("button", name="Pause and save").click()
    arrive(page, "/paused$")
    checks.page(page, "paused")
    context.close()

    # A new browser (no cookie): sign in again and carry on where it stopped.
    context = browser.new_context(bypass_csp=True, viewport=SIZES["phone"], accept_downloads=True)
    page = context.new_page()
    sign_in(page, base, code)
    page.get_by_role("link", name="A walk for the web").click()
    assert arrive(page, "^/s/[^/]+$") == session_url
    page.get_by_role("radio", name="7").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Or pick a day").wait_for()
    checks.page(page, "turn-date")
    page.get_by_label("When will you try it?").fill("next Friday")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Who helps you?").fill("my sister")
    page.get_by_role("button", name="Next").click()
    page.get_by_text("That is the end of the walk.").wait_for()
    checks.page(page, "finished")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download it (text)").click()
    saved = download.value.path().read_text(encoding="utf-8")
    assert "Up and down this week" in saved and "my sister" in saved
    page.get_by_role("link", name="See your summary").click()
    checks.page(page, "summary")
    page.goto(base + "/goals")
    checks.page(page, "goals")
    page.goto(base + "/no/such/page")
    checks.page(page, "problem")
    context.close()
    assert {kind: found for kind, found in checks.found.items() if found} == {}
    assert "Up and down" not in log.read_text(errors="replace")  # no answer text in the server's log


def test_the_crisis_page_in_the_browser(browser, axe, server, artefacts):
    base, store_path, _ = server
    checks = Checks(browser, axe, artefacts)
    context = browser.new_context(bypass_csp=True, viewport=SIZES["phone"])
    page = context.new_page()
    sign_in(page, base, code_for(store_path))
    page.get_by_role("button", name="A walk for the web").click()
    page.keyboard.type("I want to kill myself tonight")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Next, by keyboard alone
    page.get_by_role("link", name="Call 911").wait_for()
    links = page.eval_on_selector_all("main a[href^='tel:'], main a[href^='sms:']", "els => els.map(e => e.href)")
    assert links[0] == "tel:911" and "tel:988" in links and "sms:988" in links
    checks.page(page, "crisis")
    page.get_by_role("button", name="Carry on with this conversation").click()
    page.get_by_text("How are you feeling right now?").wait_for()
    context.close()
    assert {kind: found for kind, found in checks.found.items() if found} == {}


def test_the_axe_check_finds_what_it_should(browser, axe):
    # The check itself can fail: an input without a label and text too faint to read.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content('<html lang="en"><title>t</title><main><input type="text">'
                     '<p style="color:#ddd;background:#fff">faint</p></main></html>')
    page.add_script_tag(path=str(axe))
    found = serious(page.evaluate("() => axe.run(document)"))
    context.close()
    assert any(line.startswith("label") for line in found) and any("color-contrast" in line for line in found)
