"""The widget, the source viewer and the chat page in a real browser.

Playwright drives Debian's Chromium (/usr/bin/chromium, installed by `make browser-deps`)
headless against a real `kommunrag serve` on 127.0.0.1 over the sample corpus plus a hostile
protocol (tests/data/widget/). Host pages are served from other ports, so the widget runs
cross-origin as on a real intranet. Screenshots go to out/browser/ (README: docs/screenshots/).
The tests of this module share one browser and run in order.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from browser import CHROMIUM, axe_violations, page_server
from helpers import kommunrag_server

from assistant.web.demo_host import host_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
HOSTILE = ROOT / "tests" / "data" / "widget" / "byggnadsnamnden-xss.txt"
SHOTS = ROOT / "out" / "browser"
IT_QUESTION = "Vilka nämnder tog upp IT-säkerhet?"
IT_ORGANS = (
    "Individ- och familjenämnden",
    "Kulturnämnden",
    "Nämnden för idrott, fritid och förebyggande",
    "Äldrenämnden",
)
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 360, "height": 740}
pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def widget_index(tmp_path_factory, sample_index, embedder, settings_factory):
    """The sample corpus plus the hostile protocol; the sample's vectors come from the
    sample index's embedding cache, so only the new file is embedded."""
    from ingest.pipeline import Ingester

    settings = settings_factory(tmp_path_factory.mktemp("widget-index") / "index")
    settings.index.embed_cache_path = sample_index.index.cache_file()
    Ingester(settings.ingest, settings.index, embedder).run([SAMPLE, HOSTILE], progress=False)
    return settings


@pytest.fixture(scope="module")
def sites(widget_index):
    """{'kommunrag', 'host', 'third'}: the server, the intranet page embedding it (allowed to
    frame it) and a third origin that is not."""
    host_pages: dict[str, str] = {}
    third_pages: dict[str, str] = {}
    with page_server(host_pages) as host, page_server(third_pages) as third:
        env = {
            "KOMMUNRAG_INDEX__DIR": str(widget_index.index.dir),
            "KOMMUNRAG_WEB__EMBED_ORIGINS": json.dumps([host]),
            # The host's tokenProvider hands the widget this token; the server knows it (as
            # an API key's hash), so the requests run in its scope. An unknown token is 401.
            "KOMMUNRAG_AUTH__API_KEYS": json.dumps(
                [
                    {
                        "name": "intranat",
                        "sha256": hashlib.sha256(b"tok-123").hexdigest(),
                        "grants": [{"classes": ["public"], "municipalities": ["*"]}],
                    }
                ]
            ),
        }
        with kommunrag_server(env=env) as base:
            setup = (
                "window.answers = []; kommunrag('on', 'answer', function (d) {"
                " window.answers.push(d); });"
                " kommunrag('tokenProvider', function () { return 'tok-123'; });"
            )
            host_pages["/"] = host_page(base, "sv", setup)
            host_pages["/custom"] = host_page(
                base,
                "en",
                launcher="none",
                color="#6b2c91",
                greeting="Welcome to the intranet assistant.",
                filters=json.dumps({"municipality": "Arboga kommun"}),
                suggestions=json.dumps(["One", "Two", "Three", "Four", "Five"]),
            )
            host_pages["/open"] = host_page(
                base, "sv", open="", position="bottom-left", color="#7fb2e5"
            )
            third_pages["/"] = (
                '<!doctype html><html lang="en"><title>Elsewhere</title><body>'
                f'<iframe title="stolen" src="{base}/embed/?origin={third}"></iframe></body></html>'
            )
            yield {"kommunrag": base, "host": host, "third": third}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: run make browser-deps"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def new_page(browser, viewport=DESKTOP, **options):
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(60_000)
    return context.new_page()


def widget_frame(page):
    page.wait_for_function("() => !!document.querySelector('kommunrag-widget')")
    handle = page.wait_for_selector("kommunrag-widget iframe", state="attached")
    frame = handle.content_frame()
    frame.wait_for_selector("#question")
    return frame


def ask(frame, question: str):
    """Type a question, send it, and return the locator of its finished answer."""
    before = frame.locator(".msg.assistant").count()
    frame.fill("#question", question)
    frame.press("#question", "Enter")
    frame.wait_for_function(
        "n => document.querySelectorAll('.msg.assistant').length > n"
        " && !document.querySelector('.msg[aria-busy]')",
        arg=before,
    )
    return frame.locator(".msg.assistant").last


def no_serious_violations(target, where: str) -> None:
    found = axe_violations(target)
    assert not found, f"{where}: {found}"


@pytest.fixture(scope="module")
def widget(browser, sites):
    """The host page with the widget open and the IT-security question answered."""
    page = new_page(browser)
    requests: list = []
    page.on("request", lambda r: requests.append(r))
    page.goto(sites["host"] + "/")
    assert page.locator("kommunrag-widget iframe").count() == 0, "the iframe is made on first open"
    page.locator("kommunrag-widget button.launch").click()
    frame = widget_frame(page)
    frame.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'question'"
    )
    answer = ask(frame, IT_QUESTION)
    yield page, frame, answer, requests
    page.context.close()


def test_widget_streams_the_answer_with_four_cited_organs(widget):
    page, frame, answer, requests = widget
    text = answer.locator(".answer-text").inner_text()
    for organ in IT_ORGANS:
        assert organ in text, organ
    assert answer.locator(".sources-title").inner_text() == "4 källor"
    assert answer.locator(".answer-text .chip").count() == 4
    labels = answer.locator(".source-list .chip").all_inner_texts()
    assert all(re.search(r"Dnr \w+ \d{4}/\d+", label) for label in labels), labels
    frame.wait_for_function(
        "() => document.querySelector('[role=status]').textContent === 'Svar klart'"
    )
    assert page.evaluate("window.answers") == [{"supported": True, "sources": 4, "degraded": False}]
    chat = [r for r in requests if r.url.endswith("/v1/chat")]
    assert chat and chat[0].headers.get("authorization") == "Bearer tok-123"
    assert chat[0].headers.get("accept") == "text/event-stream"
    hidden = page.evaluate(
        "() => document.querySelector('kommunrag-widget').shadowRoot"
        ".querySelector('iframe').contentDocument"
    )
    assert hidden is None, "the host page must not reach into the chat"
    assert frame.locator(".disclosure").inner_text().startswith("Du chattar med en AI-assistent")
    page.screenshot(path=SHOTS / "widget-sv-desktop.png")
    no_serious_violations(frame, "widget iframe")
    no_serious_violations(page, "host page with launcher")


def test_a_citation_opens_the_viewer_at_the_highlighted_sentence(widget):
    page, frame, answer, _ = widget
    quote_line = answer.locator(".answer-text p").nth(1).inner_text()
    chip = answer.locator(".answer-text .chip").first
    chip.click()
    mark = frame.locator(".viewer mark#quote")
    mark.wait_for()
    marked = " ".join(mark.inner_text().split())
    assert len(marked) > 40 and marked in " ".join(quote_line.split())
    in_view = frame.evaluate(
        "() => { const r = document.querySelector('#quote').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    assert in_view
    meta = frame.locator(".viewer .meta").inner_text()
    assert "Dnr" in meta and "Individ- och familjenämnden" in meta
    page.screenshot(path=SHOTS / "viewer-sv-desktop.png")
    no_serious_violations(frame, "viewer in the widget")
    heading = frame.locator(".viewer h2").inner_text()
    frame.locator(".section-nav button").last.click()
    assert frame.locator(".viewer h2").inner_text() != heading
    assert frame.locator("mark#quote").count() == 0
    frame.locator(".section-nav button").first.click()
    assert frame.locator("mark#quote").count() == 1
    frame.locator(".viewer .back").click()
    assert frame.evaluate("document.activeElement.classList.contains('chip')")


def test_a_follow_up_carries_the_conversation(widget):
    page, frame, _, requests = widget
    answer = ask(frame, "och vad sa äldrenämnden?")
    assert "Äldrenämnden" in answer.locator(".answer-text").inner_text()
    body = json.loads([r for r in requests if r.url.endswith("/v1/chat")][-1].post_data)
    assert [m["role"] for m in body["messages"]] == ["user", "assistant", "user"]


def test_stop_and_retry_after_a_dropped_stream(widget):
    page, frame, _, _ = widget
    held: list = []
    page.route("**/v1/chat", lambda route: held.append(route))
    frame.fill("#question", "Vad kostar STARK-avtalet Arboga kommun per år?")
    frame.press("#question", "Enter")
    frame.locator(".ask button.secondary").click()  # stop
    frame.locator(".notice", has_text="Stoppat").wait_for()
    page.unroute("**/v1/chat")
    page.route("**/v1/chat", lambda route: route.abort())
    answer = ask(frame, "Vad kostar STARK-avtalet Arboga kommun per år?")
    assert "Anslutningen bröts" in answer.inner_text()
    page.unroute("**/v1/chat")
    answer.get_by_role("button", name="Försök igen").click()
    frame.wait_for_function(
        "() => !document.querySelector('.msg[aria-busy]')"
        " && document.querySelector('.msg.assistant:last-child .sources')"
    )
    assert "69 000" in frame.locator(".msg.assistant").last.inner_text()


def test_hostile_document_text_never_runs_or_loads(widget):
    page, frame, _, requests = widget
    answer = ask(frame, "Vad beslutade byggnadsnämnden om digitala sammanträdeshandlingar?")
    assert "Byggnadsnämnden" in answer.inner_text()
    answer.locator(".answer-text .chip").first.click()
    section = frame.locator(".viewer .section-text")
    section.wait_for()
    shown = section.inner_text()
    assert (
        "<script>" in shown
        and "onerror" in shown
        and "javascript:" in shown
        and "![logga]" in shown
    )
    for where in (frame, page):
        assert where.evaluate("typeof window.__xss") == "undefined"
    assert frame.locator(".log img, .log script, .viewer img, .viewer script, .log a").count() == 0
    assert not [r.url for r in requests if "leak.png" in r.url or r.url.startswith("javascript:")]
    frame.locator(".viewer .back").click()


def test_a_third_origin_cannot_frame_the_embed(browser, sites):
    page = new_page(browser)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(sites["third"] + "/")
    page.wait_for_timeout(1500)
    child = page.frames[1]
    try:
        loaded = child.evaluate("!!document.getElementById('kommunrag')")
    except Exception:  # noqa: BLE001 - an error page cannot be evaluated: blocked too
        loaded = False
    assert not loaded and refused, refused
    page.context.close()


def test_keyboard_only_walkthrough_without_a_focus_trap(browser, sites):
    page = new_page(browser)
    page.goto(sites["host"] + "/")
    page.wait_for_selector("kommunrag-widget", state="attached")
    on_launcher = (
        "() => document.activeElement.tagName === 'KOMMUNRAG-WIDGET' && document"
        ".activeElement.shadowRoot.activeElement?.classList.contains('launch')"
    )
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(on_launcher):
            break
    assert page.evaluate(on_launcher), "the launcher is reachable by Tab"
    outline = page.evaluate(
        "() => getComputedStyle(document.querySelector('kommunrag-widget')"
        ".shadowRoot.activeElement).outlineStyle"
    )
    assert outline != "none", "focus is visible"
    page.keyboard.press("Enter")
    frame = widget_frame(page)
    frame.wait_for_function("() => document.activeElement.id === 'question'")
    page.keyboard.type(IT_QUESTION)
    page.keyboard.press("Enter")
    frame.wait_for_selector(".sources")
    for _ in range(30):
        page.keyboard.press("Tab")
        if frame.evaluate("document.activeElement.classList.contains('chip')"):
            break
    assert frame.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    frame.wait_for_function("() => document.activeElement.id === 'viewer-title'")
    left = False
    for _ in range(40):  # no focus trap (WCAG 2.1.2): Tab leaves the panel
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.tagName === 'KOMMUNRAG-WIDGET'"):
            left = True
            break
    assert left, "Tab never left the chat panel"
    frame.focus("button.close")  # back in the panel: Esc closes it, focus returns to the launcher
    page.keyboard.press("Escape")
    page.wait_for_function(on_launcher)
    assert page.locator("kommunrag-widget .panel").is_hidden()
    page.context.close()


def test_host_options_language_colour_filters_and_own_button(browser, sites):
    page = new_page(browser)
    requests: list = []
    page.on("request", lambda r: requests.append(r))
    page.goto(sites["host"] + "/custom")
    page.wait_for_selector("kommunrag-widget", state="attached")
    assert page.locator("kommunrag-widget button.launch").is_hidden()
    page.click("#host-button")
    frame = widget_frame(page)
    frame.wait_for_selector(".suggestions")
    assert "Welcome to the intranet assistant." in frame.locator(".log").inner_text()
    assert frame.locator(".suggestions button").count() == 4
    assert (
        frame.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--c')")
        == "#6b2c91"
    )
    assert frame.locator("button.primary").inner_text() == "Send"
    answer = ask(frame, "Vad kostar STARK-avtalet per år?")
    assert re.match(r"\d+ sources?$", answer.locator(".sources-title").inner_text())
    assert "Arboga" in answer.inner_text()
    body = json.loads([r for r in requests if r.url.endswith("/v1/chat")][-1].post_data)
    assert body["filters"] == {"municipality": "Arboga kommun"}
    page.screenshot(path=SHOTS / "widget-en-desktop.png")
    no_serious_violations(frame, "widget in English")
    page.context.close()


def test_open_on_load_left_corner_and_a_low_contrast_colour_refused(browser, sites):
    page = new_page(browser)
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text))
    page.goto(sites["host"] + "/open")
    frame = widget_frame(page)
    frame.wait_for_function("() => document.activeElement.id === 'question'")
    panel = page.locator("kommunrag-widget .panel").bounding_box()
    assert panel["x"] == 20, "bottom-left"
    background = page.evaluate(
        "() => getComputedStyle(document.querySelector('kommunrag-widget').shadowRoot"
        ".querySelector('.launch')).backgroundColor"
    )
    assert background == "rgb(27, 94, 140)", "the default colour, not #7fb2e5 (2.3:1)"
    assert any("4.5:1" in w for w in warnings), warnings
    page.context.close()


def test_mobile_width_keeps_the_input_above_the_keyboard(browser, sites):
    page = new_page(browser, MOBILE, is_mobile=True, has_touch=True)
    page.goto(sites["host"] + "/")
    page.locator("kommunrag-widget button.launch").click()
    frame = widget_frame(page)
    panel = page.locator("kommunrag-widget .panel").bounding_box()
    assert panel["width"] == MOBILE["width"] and panel["height"] == MOBILE["height"]
    page.screenshot(path=SHOTS / "widget-sv-mobile.png")
    page.set_viewport_size({"width": 360, "height": 400})  # as an on-screen keyboard shrinks it
    page.wait_for_function(
        "() => document.querySelector('kommunrag-widget').shadowRoot"
        ".querySelector('.panel').getBoundingClientRect().height <= 400"
    )
    box = frame.locator("#question").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 400
    page.context.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_chat_page_with_filters_about_and_viewer(browser, sites, lang):
    base = sites["kommunrag"]
    page = new_page(browser)
    page.goto(f"{base}/?lang={lang}")
    page.wait_for_selector("#filter-organs option >> nth=1", state="attached")
    options = page.locator("#filter-organs option").all_inner_texts()
    assert any(re.match(r"Äldrenämnden \(\d+\)$", o) for o in options), options
    page.select_option("#filter-organs", "Äldrenämnden")
    assert page.locator("details.about summary").inner_text() in (
        "Om tjänsten",
        "About the service",
    )
    answer = ask(page.main_frame, "Vem reserverade sig mot beslutet?")
    assert "Äldrenämnden" in answer.inner_text() and "reserverar sig" in answer.inner_text()
    page.screenshot(path=SHOTS / f"page-{lang}-desktop.png")
    no_serious_violations(page, f"chat page ({lang})")
    answer.locator(".answer-text .chip").first.click()
    link = page.locator(".viewer .links a").last
    view = new_page(browser)
    view.goto(base + link.get_attribute("href"))
    view.locator("mark#quote").wait_for()
    assert "reserverar sig" in view.locator("mark#quote").inner_text()
    view.screenshot(path=SHOTS / f"view-{lang}-desktop.png")
    no_serious_violations(view, f"viewer page ({lang})")
    view.context.close()
    mobile = new_page(browser, MOBILE, is_mobile=True, has_touch=True)
    mobile.goto(f"{base}/?lang={lang}")
    mobile.wait_for_selector("#filter-organs option >> nth=1", state="attached")
    scroll = mobile.evaluate("document.documentElement.scrollWidth")
    assert scroll <= MOBILE["width"], "no horizontal scrolling at 360 px"
    mobile.screenshot(path=SHOTS / f"page-{lang}-mobile.png")
    no_serious_violations(mobile, f"chat page on a phone ({lang})")
    mobile.set_viewport_size({"width": 320, "height": 640})  # WCAG 1.4.10 reflow
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 320
    mobile.context.close()
    page.context.close()
