"""The query editor page (/editor): YASGUI served by the app, preloaded with queries/*.rq."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx
import pytest
from markupsafe import escape

from kg.queries import ExampleQuery, example_queries
from server import editor


class PageParser(HTMLParser):
    """Scripts, stylesheets and the JSON configuration block of a page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.json_blocks: dict[str, str] = {}
        self._json_id: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "script" and attrs.get("type") == "application/json":
            self._json_id = attrs.get("id", "")
            self.json_blocks[self._json_id] = ""
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])

    def handle_data(self, data):
        if self._json_id is not None:
            self.json_blocks[self._json_id] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._json_id = None


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    return parser


def yasgui_installed() -> bool:
    return editor.yasgui_version() is not None


needs_yasgui = pytest.mark.skipif(not yasgui_installed(),
                                  reason="YASGUI is not installed in node_modules (scripts/setup.sh runs npm ci)")


@pytest.fixture(scope="module")
def editor_response(live_server) -> httpx.Response:
    return httpx.get(live_server + "/editor", headers={"Accept": "text/html"}, timeout=30)


def test_editor_page_is_html_with_title_and_explanation(editor_response):
    assert editor_response.status_code == 200
    assert editor_response.headers["content-type"] == "text/html; charset=utf-8"
    page = editor_response.text
    assert "<title>SPARQL query editor" in page
    assert '<meta charset="utf-8">' in page
    assert "SPARQL&nbsp;1.1" in page and "kg:evidence" in page


def test_every_example_title_appears_escaped(editor_response):
    page = editor_response.text
    examples = example_queries()
    assert len(examples) >= 4
    for example in examples:
        assert str(escape(example.title)) in page, example.title
        assert f"queries/{example.name}.rq" in page


@needs_yasgui
def test_yasgui_assets_are_served_by_the_app(live_server, editor_response):
    parsed = parse(editor_response.text)
    version = editor.yasgui_version()
    assert f"/static/yasgui/yasgui.min.js?v={version}" in parsed.scripts
    assert f"/static/yasgui/yasgui.min.css?v={version}" in parsed.stylesheets
    # nothing comes from another host at run time
    for url in parsed.scripts + parsed.stylesheets:
        assert not urlsplit(url).netloc and url.startswith("/"), url
    for url in parsed.scripts:
        response = httpx.get(live_server + url, timeout=30)
        assert response.status_code == 200, url
        assert response.headers["content-type"].split(";")[0] in ("text/javascript", "application/javascript"), url
        assert len(response.content) > 100
    for url in parsed.stylesheets:
        response = httpx.get(live_server + url, timeout=30)
        assert response.status_code == 200, url
        assert response.headers["content-type"].split(";")[0] == "text/css", url
    bundle = httpx.get(live_server + f"/static/yasgui/yasgui.min.js?v={version}", timeout=30)
    assert b"Yasgui" in bundle.content
    assert "etag" in bundle.headers or "last-modified" in bundle.headers


def test_content_security_policy_keeps_the_page_on_this_server(editor_response):
    csp = editor_response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert editor_response.headers["x-content-type-options"] == "nosniff"


def test_json_block_configures_endpoint_method_and_examples(live_server, editor_response):
    parsed = parse(editor_response.text)
    config = json.loads(parsed.json_blocks["kg-editor-config"])
    assert config["endpoint"] == live_server + "/sparql"
    assert config["method"] in ("GET", "POST")
    assert [(e["name"], e["title"], e["query"]) for e in config["examples"]] == \
        [(q.name, q.title, q.text) for q in example_queries()]
    assert "PREFIX kg: <http://127.0.0.1:8000/ontology/>" in config["new_tab_query"]


def test_configured_method_reaches_the_endpoint(live_server, editor_response):
    """What YASGUI will send (the configured method, SPARQL JSON accepted) gets results today."""
    config = json.loads(parse(editor_response.text).json_blocks["kg-editor-config"])
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    headers = {"Accept": "application/sparql-results+json,*/*;q=0.9"}
    if config["method"] == "POST":
        response = httpx.post(config["endpoint"], data={"query": query}, headers=headers, timeout=30)
    else:
        response = httpx.get(config["endpoint"], params={"query": query}, headers=headers, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 1000


# In-process (editor_page called as the /sparql route calls it): hostile titles, missing assets,
# the endpoint behind another host name or a mount prefix.

@pytest.fixture(scope="module")
def app(built_store):
    from server.app import create_app
    from server.settings import Settings

    return create_app(Settings(store=str(built_store.path)), store=built_store)


def render(app, host: str = "127.0.0.1:8000", root_path: str = ""):
    """editor_page for a GET /editor as it reaches the app (through any mount prefix)."""
    from starlette.requests import Request

    scope = {"type": "http", "method": "GET", "path": root_path + "/editor", "root_path": root_path,
             "scheme": "http", "server": ("127.0.0.1", 8000), "query_string": b"", "app": app,
             "headers": [(b"host", host.encode()), (b"accept", b"text/html")]}
    return editor.editor_page(Request(scope))


def test_hostile_titles_and_queries_cannot_break_out(app, monkeypatch):
    evil = '</script><script>alert("x")</script><!--'
    monkeypatch.setattr(editor, "example_queries",
                        lambda: [ExampleQuery("evil", f"Who said {evil} & why?", f"# {evil}\nASK {{}}\n")])
    page = render(app).body.decode()
    assert "<script>alert" not in page
    assert "Who said &lt;/script&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;!-- &amp; why?" in page
    config = json.loads(parse(page).json_blocks["kg-editor-config"])
    assert config["examples"][0]["title"] == f"Who said {evil} & why?"
    assert config["examples"][0]["query"] == f"# {evil}\nASK {{}}\n"


def test_page_without_assets_says_so_and_offers_a_form(app, monkeypatch, tmp_path):
    monkeypatch.setattr(editor, "YASGUI_BUILD", tmp_path / "missing")
    response = render(app)
    assert response.status_code == 200
    page = response.body.decode()
    assert "assets are missing" in page and "scripts/setup.sh" in page
    assert '<form method="get" action="/sparql">' in page
    assert "yasgui.min.js" not in page
    for example in example_queries():  # the examples are plain links to the endpoint then
        assert str(escape(example.title)) in page


def test_endpoint_follows_the_request_host_and_mount_prefix(app):
    page = render(app, host="kg.example.org:8443").body.decode()
    assert json.loads(parse(page).json_blocks["kg-editor-config"])["endpoint"] == "http://kg.example.org:8443/sparql"
    page = render(app, root_path="/kg").body.decode()
    config = json.loads(parse(page).json_blocks["kg-editor-config"])
    assert config["endpoint"] == "http://127.0.0.1:8000/kg/sparql"
    if yasgui_installed():
        assert '"/kg/static/yasgui/yasgui.min.js' in page


def test_method_follows_what_the_endpoint_takes(app):
    takes_post = any(getattr(r, "path", None) == "/sparql" and "POST" in (getattr(r, "methods", None) or ())
                     for r in app.routes)
    config = json.loads(parse(render(app).body.decode()).json_blocks["kg-editor-config"])
    assert config["method"] == ("POST" if takes_post else "GET")
