"""The digest in a real browser (Debian's Chromium through Playwright, conftest.py's `browser`):
axe-core's WCAG A/AA rules plus our own checks on the web page and the e-mail, the preview
inside the editors' UI under its sandboxing policy, and the README's two screenshots.

axe-core's script comes with the axe-playwright-python package (no download at run time).
TRACKER_UPDATE_SCREENSHOTS=1 writes docs/screenshots/digest-web.png and digest-email.png;
otherwise they go to a temporary folder.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

import digestdata
import pytest
from browserkit import TIMEOUT_MS, unavailable

from tracker.digest import build
from tracker.store import open_db
from tracker.web import create_app

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CFG = digestdata.config()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Our own rules, in the page: one h1, headings in order, lang set, links that say where they go.
OWN_CHECKS = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
  const h1s = headings.filter(h => h.tagName === 'H1');
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
  if (headings.length && headings[0].tagName !== 'H1') problems.push('the first heading is not the h1');
  let level = 0;
  for (const h of headings) {
    const next = Number(h.tagName[1]);
    if (next > level + 1) problems.push(`heading skips from h${level} to h${next}: ${h.textContent.trim()}`);
    level = next;
  }
  const vague = /^(click here|here|read more|more|link|this|learn more)$/i;
  for (const a of document.querySelectorAll('a[href]')) {
    const text = (a.textContent || '').trim();
    if (!text) problems.push(`a link with no text: ${a.href}`);
    else if (vague.test(text)) problems.push(`a link that does not say where it goes: ${text}`);
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push(`an image without alt text: ${img.src}`);
  }
  return problems;
}"""


def axe_script() -> str:
    try:
        return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        unavailable("axe-playwright-python (it ships axe-core) is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("digest-browser")
    cfg = digestdata.config(logo_url=None)
    digestdata.build(folder / "tracker.db", cfg, site=folder / "site")
    build(open_db(folder / "tracker.db"), cfg, digestdata.EDITION, folder / "site")
    return folder


def new_page(browser, width: int = 1000, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def audit(page, disable=()) -> list[str]:
    page.evaluate(axe_script())
    result = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"],
         "rules": {rule: {"enabled": False} for rule in disable}})
    found = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in result["violations"]]
    return found + page.evaluate(OWN_CHECKS)


def screenshot_path(name: str, tmp_path: Path) -> Path:
    return SCREENSHOTS / name if os.environ.get("TRACKER_UPDATE_SCREENSHOTS") == "1" else tmp_path / name


def test_the_web_page_passes_axe_and_our_own_checks_and_is_photographed(browser, site, tmp_path):
    page = new_page(browser)
    page.goto((site / "site" / digestdata.EDITION / "index.html").as_uri())
    assert page.locator("h1").inner_text() == CFG.digest.title
    assert audit(page) == []
    # The callout and the label box are visibly styled: the CSS in the page applies.
    background = page.eval_on_selector(".takeaway", "el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(237, 246, 239)"
    shot = screenshot_path("digest-web.png", tmp_path)
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 900, "height": 1400})
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    page.context.close()


def test_the_email_passes_axe_and_our_own_checks_with_its_css_inlined(browser, site, tmp_path):
    page = new_page(browser, width=700)
    page.goto((site / "site" / digestdata.EDITION / "email.html").as_uri())
    # An e-mail has no landmarks (mail programs wrap it in their own page): that rule does not apply.
    assert audit(page, disable=("region", "landmark-one-main")) == []
    assert page.eval_on_selector("table.container", "el => el.getBoundingClientRect().width") == 600
    # With <style> elements removed, as some mail programs do, the styling stays (it is inline).
    page.evaluate("document.querySelectorAll('style').forEach(s => s.remove())")
    assert page.eval_on_selector("h1", "el => getComputedStyle(el).fontSize") == "28px"
    shot = screenshot_path("digest-email.png", tmp_path)
    page.set_viewport_size({"width": 700, "height": 1400})
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    page.context.close()


def test_an_article_page_passes_axe_fits_a_phone_and_prints_without_its_share_links(browser, site, tmp_path):
    [path] = (site / "site" / "articles").glob("couples-*/index.html")
    page = new_page(browser)
    page.goto(path.as_uri())
    assert page.locator("h1").inner_text() == digestdata.SUMMARIES["couples"]["headline"]
    assert audit(page) == []
    assert page.eval_on_selector(".takeaway", "el => getComputedStyle(el).backgroundColor") == "rgb(237, 246, 239)"
    shot = screenshot_path("digest-article.png", tmp_path)
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 900, "height": 1400})
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    # A 375 px phone: nothing wider than the screen, so no sideways scrolling.
    page.set_viewport_size({"width": 375, "height": 800})
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]")
    assert widths[0] <= 375 and widths[1] <= 375, widths
    # Printed: the share links and the skip link go, the rest stays.
    page.emulate_media(media="print")
    assert page.eval_on_selector(".share", "el => getComputedStyle(el).display") == "none"
    assert page.eval_on_selector(".takeaway", "el => getComputedStyle(el).display") != "none"
    page.pdf(path=str(tmp_path / "article.pdf"))  # prints at all
    assert (tmp_path / "article.pdf").stat().st_size > 5_000
    page.context.close()
    # Also the edition page on a phone, with its new links.
    page = new_page(browser, width=375, height=800)
    page.goto((site / "site" / digestdata.EDITION / "index.html").as_uri())
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.context.close()


def test_a_long_word_or_pasted_address_wraps_on_a_phone_and_in_the_email(browser, tmp_path):
    """Only the article pages wrapped a word wider than the screen: a pasted address in a summary
    made the edition page and the site index scroll sideways on a phone, and widened the e-mail
    past its 600 px."""
    from tracker import review

    cfg = digestdata.config(logo_url=None)
    ids = digestdata.build(tmp_path / "tracker.db", cfg)
    db = open_db(tmp_path / "tracker.db")
    long = "https://example.org/" + "very-long-path-segment" * 6
    word = "Paartherapiewirksamkeitsuntersuchungsteilnehmerinnen"  # a headline's one long word
    fields = {**digestdata.SUMMARIES["couples"], "headline": f"{word} tried psilocybin", "dek": f"See {long}.",
              "summary": digestdata.SUMMARIES["couples"]["summary"] + f" Details: {long}."}
    review.save_summary(db, ids["couples"], fields, "sam")
    # a listed paper's title ("Also this week") and a correction notice quoting an earlier headline
    with db.conn:
        db.execute("UPDATE papers SET title = title || ' ' || ? WHERE status = 'approved'", [word * 2])
    for key in digestdata.SUMMARIES:
        if key != "couples" and key in ids:
            current = review.lay_summary(db, ids[key])
            if current:
                review.save_summary(db, ids[key], {**{k: current[k] for k in review.lay.NAMES},
                                                   "headline": f"{word}{word} {current['headline']}"}, "sam")
    build(db, cfg, digestdata.EDITION, tmp_path / "site")
    for path in (tmp_path / "site" / digestdata.EDITION / "index.html", tmp_path / "site" / "index.html"):
        page = new_page(browser, width=375, height=800)
        page.goto(path.as_uri())
        assert word in page.content()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, path
        page.context.close()
    page = new_page(browser, width=700)
    page.goto((tmp_path / "site" / digestdata.EDITION / "email.html").as_uri())
    assert page.eval_on_selector("table.container", "el => el.getBoundingClientRect().width") == 600
    page.context.close()


def test_the_site_index_passes_axe(browser, site):
    page = new_page(browser)
    page.goto((site / "site" / "index.html").as_uri())
    assert audit(page) == []
    page.context.close()


def test_the_preview_in_the_editors_ui_renders_styled_under_its_sandbox_policy(browser, site, serve_app):
    base = serve_app(create_app(site / "tracker.db", CFG, secret_key="digest-browser-secret-" + "q" * 32))
    page = new_page(browser)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base + "/login")
    page.fill("input[name=username]", digestdata.EDITOR)
    page.fill("input[name=password]", digestdata.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(base) + r"/(#.*)?$"))
    page.goto(f"{base}/editions/{digestdata.EDITION}")
    page.click("a.button >> text=Web page")
    page.wait_for_url(f"{base}/editions/{digestdata.EDITION}/preview")
    assert page.locator("h1").inner_text() == CFG.digest.title
    assert page.eval_on_selector(".takeaway", "el => getComputedStyle(el).backgroundColor") == "rgb(237, 246, 239)"
    # Sandboxed: the page has an opaque origin, so it cannot reach the UI's cookies.
    assert page.evaluate("() => self.origin") == "null"
    assert refused == []
    page.goto(f"{base}/editions/{digestdata.EDITION}/preview/email")
    assert page.eval_on_selector("h1", "el => getComputedStyle(el).fontSize") == "28px"
    assert refused == []
    page.context.close()
