"""The SPARQL query editor for browsers: YASGUI, preloaded with the example queries.

YASGUI comes from the npm registry (``@zazuko/yasgui``, pinned in package.json and
installed into node_modules/ by ``scripts/setup.sh``); the app serves its built
browser bundle itself, so the page loads nothing from other hosts at run time.
``install(app)`` mounts the assets and registers ``/editor``; the /sparql route
calls ``editor_page(request)`` for a browser's bare GET.

When the assets are missing (npm was not available at set-up) the page still
renders: it says so, and offers a plain form that sends the query to /sparql.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader

from kg.queries import example_queries

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
YASGUI_PACKAGE = ROOT / "node_modules" / "@zazuko" / "yasgui"
YASGUI_BUILD = YASGUI_PACKAGE / "build"
YASGUI_JS = "yasgui.min.js"
YASGUI_CSS = "yasgui.min.css"
EDITOR_STATIC = HERE / "static" / "editor"

YASGUI_URL = "/static/yasgui"
NEW_TAB_QUERY = """PREFIX kg: <{base}ontology/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# Instances per class
SELECT ?class (COUNT(?s) AS ?n) WHERE {{
  ?s a ?class
}}
GROUP BY ?class
ORDER BY DESC(?n)
"""
EDITOR_URL = "/static/editor"


@lru_cache(maxsize=1)
def _templates() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)


def yasgui_version() -> str | None:
    """The installed YASGUI version, or None when its built bundle is missing."""
    if not ((YASGUI_BUILD / YASGUI_JS).is_file() and (YASGUI_BUILD / YASGUI_CSS).is_file()):
        return None
    try:
        return json.loads((YASGUI_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "unknown"


def _sparql_accepts_post(app: FastAPI) -> bool:
    """True when the /sparql route takes POST (the SPARQL 1.1 form-encoded query)."""
    return any(getattr(route, "path", None) == "/sparql" and "POST" in (getattr(route, "methods", None) or ())
               for route in app.routes)


def _absolute(request: Request, path: str) -> str:
    """PATH on this server as the browser reached it (host, port and any mount prefix)."""
    return str(request.base_url).rstrip("/") + path


def editor_page(request: Request) -> Response:
    """The query editor's HTML page, with YASGUI pointed at this server's /sparql."""
    version = yasgui_version()
    root = request.scope.get("root_path", "").rstrip("/")
    endpoint = _absolute(request, "/sparql")
    examples = example_queries()
    config = {
        "endpoint": endpoint,
        # POST form-encoded is the SPARQL 1.1 Protocol's usual way for long queries; fall back to
        # GET ?query= while the endpoint does not take POST.
        "method": "POST" if _sparql_accepts_post(request.app) else "GET",
        "examples": [{"name": q.name, "title": q.title, "query": q.text} for q in examples],
        "new_tab_query": NEW_TAB_QUERY.format(base=request.app.state.settings.base_iri),
    }
    html = _templates().get_template("editor.html").render(
        config=config,
        examples=examples,
        endpoint=endpoint,
        yasgui_version=version,
        yasgui_js=f"{root}{YASGUI_URL}/{YASGUI_JS}?v={version}" if version else None,
        yasgui_css=f"{root}{YASGUI_URL}/{YASGUI_CSS}?v={version}" if version else None,
        editor_js=f"{root}{EDITOR_URL}/editor.js",
        editor_css=f"{root}{EDITOR_URL}/editor.css",
        sparql_path=f"{root}/sparql",
    )
    base = request.base_url
    origin = f"{base.scheme}://{base.netloc}"
    return HTMLResponse(html, headers={
        # Everything the page needs comes from this server; YASGUI sets inline styles.
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data:; font-src 'self' data:; connect-src 'self' {origin}; "
            "object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
        ),
        "X-Content-Type-Options": "nosniff",
    })


def install(app: FastAPI) -> None:
    # Without node_modules the app still starts: the asset URLs answer 404 and the page says why.
    if YASGUI_BUILD.is_dir():
        app.mount(YASGUI_URL, StaticFiles(directory=YASGUI_BUILD), name="yasgui")
    app.mount(EDITOR_URL, StaticFiles(directory=EDITOR_STATIC), name="editor-static")

    @app.api_route("/editor", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def editor(request: Request) -> Response:
        return editor_page(request)
