"""The pages as a browser renders them: headless Chromium against the real server.

Chromium (Debian package ``chromium``, /usr/bin/chromium) is run twice the simple
way (``--dump-dom`` and ``--screenshot``) and once driven over the DevTools
protocol, to read what only a rendering engine knows: the computed direction
of the Arabic label, the font stack it gets, the scroll to and highlight of the
sentence named by ``#char=start,end``. Screenshots go to a temporary directory
and are copied to bench/out/screenshots/ (git-ignored) for people to look at.
"""
from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from .test_pages import parse_html

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "bench" / "out" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="headless Chromium not installed: apt-get install -y chromium (/usr/bin/chromium)")


def chromium(tmp_path: Path, *args: str, timeout: float = 90) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(dir=tmp_path, prefix="profile-")
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, timeout=timeout, check=False)


def keep(png: Path) -> None:
    """Copy a screenshot where people can look at it (bench/out/ is git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, SCREENSHOTS / png.name)


def is_png(path: Path) -> bool:
    return path.exists() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000


class DevTools:
    """Just enough of the Chrome DevTools protocol: navigate, evaluate, screenshot."""

    def __init__(self, tmp_path: Path, width: int = 1280, height: int = 2000):
        from websockets.sync.client import connect

        profile = tempfile.mkdtemp(dir=tmp_path, prefix="devtools-")
        self.proc = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
             "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        endpoint = None
        deadline = time.time() + 60
        while time.time() < deadline and endpoint is None:
            line = self.proc.stderr.readline().decode(errors="replace")
            if not line and self.proc.poll() is not None:
                break
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            endpoint = found.group(1) if found else None
        if endpoint is None:
            self.close()
            raise RuntimeError("Chromium did not open its DevTools endpoint")
        port = re.search(r"ws://[^:/]+:(\d+)/", endpoint).group(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
            page = next(t for t in json.load(resp) if t["type"] == "page")
        self._connection = connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=20)
        self.ws = self._connection.__enter__()
        self.counter = 0
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method: str, **params):
        self.counter += 1
        ident = self.counter
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=60))
            if msg.get("id") == ident:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg["result"]

    def eval(self, expression: str, await_promise: bool = False):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=await_promise)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.eval("document.readyState") == "complete" and self.eval("location.href") == url:
                break
            time.sleep(0.05)
        self.eval("document.fonts.ready.then(() => true)", await_promise=True)

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        params = {"format": "png"}
        if full_page:
            width, height = self.eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params |= {"clip": {"x": 0, "y": 0, "width": width, "height": min(height, 16000), "scale": 1},
                       "captureBeyondViewport": True}
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", **params)["data"]))

    def close(self) -> None:
        ws = getattr(self, "ws", None)
        if ws is not None:
            try:
                self.call("Browser.close")
            except Exception:  # noqa: BLE001 -- the browser may already be gone
                pass
            self._connection.__exit__(None, None, None)
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture(scope="module")
def devtools(tmp_path_factory):
    pytest.importorskip("websockets", reason="websockets (a test dependency) drives Chromium's DevTools protocol")
    browser = DevTools(tmp_path_factory.mktemp("chromium"))
    yield browser
    browser.close()


def test_entity_page_dom_and_screenshot(live_server, tmp_path):
    url = live_server + "/id/microsoft"
    dumped = chromium(tmp_path, "--dump-dom", url)
    assert dumped.returncode == 0, dumped.stderr.decode(errors="replace")[-2000:]
    doc = parse_html(dumped.stdout.decode("utf-8"))
    h1 = doc.find("h1")
    assert any(el.attrs.get("dir") == "rtl" and el.attrs.get("lang") == "ar" and el.text() == "مايكروسوفت" for el in h1.iter())
    quotes = doc.find_all("blockquote", cls="evidence-quote")
    assert len(quotes) >= 10 and all("#char=" in q.find("a").attrs["href"] for q in quotes)
    assert doc.find("svg", cls="neighbourhood") is not None
    png = tmp_path / "entity-microsoft.png"
    shot = chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,2000", url)
    assert shot.returncode == 0, shot.stderr.decode(errors="replace")[-2000:]
    assert is_png(png)
    keep(png)


def test_arabic_label_is_rendered_right_to_left(live_server, devtools, tmp_path):
    devtools.goto(live_server + "/id/microsoft")
    label = devtools.eval("""(() => {
        const ar = document.querySelector('h1 [lang="ar"]'), en = document.querySelector('h1 [lang="en"]');
        const s = getComputedStyle(ar);
        return {text: ar.textContent, direction: s.direction, font: s.fontFamily,
                enDirection: getComputedStyle(en).direction, width: ar.getBoundingClientRect().width};
    })()""")
    assert label["text"] == "مايكروسوفت"
    assert label["direction"] == "rtl" and label["enDirection"] == "ltr"
    assert label["font"].startswith('"Noto Naskh Arabic"') and "Amiri" in label["font"] and "Tahoma" in label["font"]
    assert label["width"] > 50
    quotes = devtools.eval("""[...document.querySelectorAll('blockquote.evidence-quote[lang="ar"]')]
        .map(q => getComputedStyle(q).direction)""")
    assert quotes and set(quotes) == {"rtl"}  # dir="auto" resolves Arabic quotes to rtl
    svg = devtools.eval("""(() => { const b = document.querySelector('svg.neighbourhood').getBoundingClientRect();
        return [b.width, b.height, document.querySelectorAll('svg.neighbourhood a').length]; })()""")
    assert svg[0] > 500 and svg[1] > 200 and svg[2] >= 5
    png = tmp_path / "entity-microsoft-full.png"
    devtools.screenshot(png, full_page=True)
    assert is_png(png)
    keep(png)


def test_evidence_link_scrolls_to_and_highlights_the_sentence(live_server, devtools, tmp_path):
    entity = parse_html(urllib.request.urlopen(urllib.request.Request(
        live_server + "/id/unit-8200", headers={"Accept": "text/html"}), timeout=30).read().decode())
    href = entity.find("blockquote", cls="evidence-quote").find("a").attrs["href"]
    article, start, end = re.fullmatch(r"\.\./article/([^#]+)#char=(\d+),(\d+)", href).groups()
    devtools.goto(f"{live_server}/article/{article}#char={start},{end}")
    state = devtools.eval(f"""(() => {{
        const el = document.getElementById('char-{start}-{end}');
        const r = el.getBoundingClientRect();
        return {{outline: getComputedStyle(el).outlineStyle, top: r.top, bottom: r.bottom, scrollY: window.scrollY,
                 height: window.innerHeight, direction: getComputedStyle(el.closest('p')).direction,
                 marks: el.querySelectorAll('mark.ent').length}};
    }})()""")
    assert state["outline"] == "solid"  # :target highlight
    assert state["scrollY"] > 0 and 0 <= state["top"] < state["height"]  # scrolled into view
    assert state["direction"] == "rtl" and state["marks"] >= 2
    png = tmp_path / "article-sentence.png"
    devtools.screenshot(png)
    assert is_png(png)
    keep(png)
    devtools.goto(live_server + "/id/unit-8200")
    png = tmp_path / "entity-unit-8200.png"
    devtools.screenshot(png, full_page=True)
    assert is_png(png)
    keep(png)


def test_home_page_renders_counts_and_the_articles(live_server, devtools, tmp_path):
    devtools.goto(live_server + "/")
    page = devtools.eval("""(() => {
        const rows = [...document.querySelectorAll('section.articles tbody tr')];
        const arabic = rows.map(r => r.querySelector('td')).filter(td => /[\u0600-\u06FF]/.test(td.textContent));
        return {counts: document.querySelectorAll('section.counts li').length,
                rows: rows.length,
                arabicDirections: arabic.map(td => getComputedStyle(td).direction),
                links: rows.map(r => r.querySelector('a').getAttribute('href'))};
    })()""")
    assert page["counts"] >= 10
    assert page["rows"] == len(list((ROOT / "corpus").glob("*.md")))
    assert page["arabicDirections"] and set(page["arabicDirections"]) == {"rtl"}  # Arabic headlines read right to left
    assert all(link.startswith("./article/") for link in page["links"])
    png = tmp_path / "home.png"
    devtools.screenshot(png, full_page=True)
    assert is_png(png)
    keep(png)
