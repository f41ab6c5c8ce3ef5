"""The query editor in a real browser: headless Chromium (Debian's /usr/bin/chromium).

One test dumps the DOM after a virtual-time budget (YASGUI rendered, one tab per example).
The others drive the page as a person would, through the Chrome DevTools Protocol over a
pipe (``--remote-debugging-pipe``; no extra package): click an example's tab, click the run
button, wait for the results table. Screenshots go to a temporary directory and are copied
to bench/out/screenshots/ (git-ignored) for a person to look at.
"""
from __future__ import annotations

import base64
import fcntl
import html
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from kg.queries import example_queries

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "bench" / "out" / "screenshots"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--mute-audio")

pytestmark = [
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"{CHROMIUM} is missing (scripts/setup.sh --test installs Debian's chromium as root)"),
    pytest.mark.skipif(not (ROOT / "node_modules" / "@zazuko" / "yasgui" / "build" / "yasgui.min.js").is_file(),
                       reason="YASGUI is not installed in node_modules (scripts/setup.sh runs npm ci)"),
]


class CDPError(RuntimeError):
    pass


class Browser:
    """Headless Chromium driven through the DevTools Protocol on fds 3/4 (NUL-separated JSON)."""

    def __init__(self, user_data_dir: Path, width: int = 1400, height: int = 1000):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # the child's ends move above fd 9 first, so that placing them on 3 and 4 cannot clobber them
        to_chrome_r, from_chrome_w = (self._above_9(fd) for fd in (to_chrome_r, from_chrome_w))
        args = [*FLAGS, f"--user-data-dir={user_data_dir}", f"--window-size={width},{height}",
                "--remote-debugging-pipe", "about:blank"]
        # Chromium reads commands on fd 3 and writes answers on fd 4; bash moves our pipe ends there.
        script = f'exec "$0" "$@" 3<&{to_chrome_r} 4>&{from_chrome_w} {to_chrome_r}<&- {from_chrome_w}>&-'
        self.log = Path(f"{user_data_dir}.log")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(["bash", "-c", script, CHROMIUM, *args],
                                         pass_fds=(to_chrome_r, from_chrome_w),
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        self.session: str | None = None
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True},
                                 session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Log.enable")
        self.send("Network.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    @staticmethod
    def _above_9(fd: int) -> int:
        high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
        os.close(fd)
        return high

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], remaining)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    tail = self.log.read_text(errors="replace")[-2000:]
                    raise CDPError(f"Chromium closed the DevTools pipe; its log ends:\n{tail}")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, session: bool = True, timeout: float = 30) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise CDPError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def evaluate(self, expression: str, timeout: float = 30):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in result:
            raise CDPError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30, what: str = ""):
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {what or expression}")
            time.sleep(0.2)

    def navigate(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete'", what="page load")

    def click(self, selector: str) -> None:
        """A real mouse click (press and release) in the middle of the first element matching SELECTOR."""
        box = self.wait_for(
            f"""(() => {{ const el = document.querySelector({json.dumps(selector)});
                 if (!el) return null; el.scrollIntoView({{block: 'center'}});
                 const r = el.getBoundingClientRect();
                 return r.width && r.height ? {{x: r.x + r.width / 2, y: r.y + r.height / 2}} : null; }})()""",
            what=f"a visible {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"],
                                                   "button": "left", "clickCount": 1})

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def console_errors(self) -> list[str]:
        out = []
        for event in self.events:
            if event.get("method") == "Runtime.exceptionThrown":
                out.append(json.dumps(event["params"]["exceptionDetails"])[:500])
            elif event.get("method") == "Runtime.consoleAPICalled" and event["params"]["type"] == "error":
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in event["params"]["args"]))
            elif event.get("method") == "Log.entryAdded" and event["params"]["entry"]["level"] == "error":
                entry = event["params"]["entry"]
                out.append(f"{entry['text']} {entry.get('url', '')}".strip())  # CSP violations, failed loads
        return out

    def requested_urls(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, timeout=5)
        except (CDPError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass


def keep(path: Path) -> None:
    """Copy a screenshot to bench/out/screenshots/ (git-ignored) for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENSHOTS / path.name)


@pytest.fixture
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    try:
        yield b
    finally:
        b.close()


def _tab_names(browser: Browser) -> list[str]:
    return browser.evaluate(
        "Array.from(document.querySelectorAll('.yasgui .tabsList .tab a[role=tab] > span')).map(s => s.textContent)")


def test_dump_dom_shows_yasgui_with_example_tabs(live_server, tmp_path):
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000",
         "--dump-dom", live_server + "/editor"],
        capture_output=True, timeout=120, check=True)
    dom = result.stdout.decode("utf-8")
    assert 'class="yasgui' in dom
    assert "CodeMirror" in dom
    assert "yasr" in dom
    for example in example_queries():
        # each example is a tab, named by its title (and listed again under the editor)
        assert f"<span dir=\"auto\">{html.escape(example.title, quote=False)}</span>" in dom, example.title


def test_running_an_example_shows_results(live_server, browser, tmp_path):
    examples = {q.name: q for q in example_queries()}
    example = examples["contracts_by_supplier"]
    browser.navigate(live_server + "/editor")
    browser.wait_for("!!(window.kgEditor && document.querySelector('.yasgui .CodeMirror'))", what="YASGUI")
    names = _tab_names(browser)
    assert names == [q.title for q in example_queries()]
    keep(browser.screenshot(tmp_path / "editor-loaded.png"))

    # pick the example's tab by its title, as a person would, and press the run button
    index = names.index(example.title)
    browser.click(f".yasgui .tabsList .tab:nth-child({index + 1}) a[role=tab]")
    browser.wait_for(f"window.kgEditor.yasgui.getTab().getName() === {json.dumps(example.title)}",
                     what="the example's tab to be selected")
    assert browser.evaluate("window.kgEditor.yasgui.getTab().getQuery()") == example.text
    endpoint = browser.evaluate("window.kgEditor.yasgui.getTab().getEndpoint()")
    assert endpoint == live_server + "/sparql"
    browser.click(".tabPanel.active .yasqe_queryButton")
    browser.wait_for("""(() => { const t = document.querySelector('.tabPanel.active .yasr_results table');
                                  return t && t.textContent.includes('Microsoft'); })()""",
                     timeout=60, what="a results table naming Microsoft")
    rows = browser.evaluate("document.querySelectorAll('.tabPanel.active .yasr_results table tbody tr').length")
    assert rows >= 1
    headers = browser.evaluate(
        "Array.from(document.querySelectorAll('.tabPanel.active .yasr_results table thead th')).map(t => t.textContent)")
    assert any("supplierName" in h for h in headers), headers
    assert browser.console_errors() == []
    # everything came from this server (YASGUI from node_modules, no CDN), the query included
    urls = browser.requested_urls()
    assert any(url.startswith(live_server + "/static/yasgui/yasgui.min.js") for url in urls)
    assert any(url.startswith(live_server + "/sparql") for url in urls)
    assert [url for url in urls if not url.startswith((live_server + "/", "data:"))] == []
    keep(browser.screenshot(tmp_path / "editor-results.png"))


def test_arabic_results_get_their_own_direction(live_server, browser, tmp_path):
    browser.navigate(live_server + "/editor")
    browser.wait_for("!!(window.kgEditor && document.querySelector('.yasgui .CodeMirror'))", what="YASGUI")
    query = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX kg: <http://127.0.0.1:8000/ontology/>
SELECT DISTINCT ?ar ?en WHERE {
  ?e a kg:Company ; skos:prefLabel ?ar, ?en .
  FILTER(lang(?ar) = "ar" && lang(?en) = "en" && ?en = "Microsoft"@en)
}"""
    # a new tab (the + button), the query typed in, then run
    browser.click(".yasgui .tabsList .addTab")
    browser.wait_for("window.kgEditor.yasgui.getTab().getQuery().length > 0", what="a new tab")
    assert "kg:" in browser.evaluate("window.kgEditor.yasgui.getTab().getQuery()")  # the new-tab query has our prefix
    browser.evaluate(f"window.kgEditor.yasgui.getTab().setQuery({json.dumps(query)}), true")
    browser.click(".tabPanel.active .yasqe_queryButton")
    cell = browser.wait_for(
        """(() => { const values = Array.from(document.querySelectorAll('.tabPanel.active .yasr_results td .kg-value'));
                    const v = values.find(v => /[\\u0600-\\u06FF]/.test(v.textContent));
                    if (!v) return null;
                    const lang = v.parentElement.querySelector('sup');
                    return {dir: v.getAttribute('dir'), text: v.textContent, cellDirection: getComputedStyle(v.closest('td')).direction,
                            valueRight: v.getBoundingClientRect().right,
                            langLeft: lang ? lang.getBoundingClientRect().left : null, lang: lang ? lang.textContent : null}; })()""",
        timeout=60, what="an Arabic label in the results")
    assert cell["dir"] == "auto"  # the value finds its own direction ...
    assert cell["text"] == "مايكروسوفت"
    assert cell["cellDirection"] == "ltr"  # ... inside a left-to-right table,
    assert cell["lang"] == "@ar" and cell["langLeft"] >= cell["valueRight"] - 1  # so its @ar tag stays after it
    keep(browser.screenshot(tmp_path / "editor-arabic.png"))
