"""Server settings: one table feeds the CLI options, the environment variables and the docs.

Modelled on datasette's SETTINGS: each setting has a name, the environment
variable that sets it, a default, a type and a line of help. ``kg serve``
turns every row into an option; worker processes read the environment.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields

from kg.iri import DEFAULT_BASE


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: object
    type: type
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "KG_STORE", None, str, "Store directory (default: data/store in the project)."),
    Setting("base_iri", "KG_BASE_IRI", DEFAULT_BASE, str,
            "Public base IRI of this deployment; entity, article and ontology IRIs live under it."),
    Setting("query_timeout", "KG_QUERY_TIMEOUT", 30.0, float,
            "Seconds a query may run before it is stopped (the response says so)."),
    Setting("result_limit", "KG_RESULT_LIMIT", 100_000, int,
            "Most result rows (or triples) returned; a cut response says so."),
    Setting("update_token", "KG_UPDATE_TOKEN", None, str,
            "Enables SPARQL Update at /update for requests with 'Authorization: Bearer TOKEN'."),
    Setting("allow_service", "KG_ALLOW_SERVICE", False, bool,
            "Allow SERVICE calls to other SPARQL endpoints (off: such queries are refused)."),
    Setting("workers", "KG_WORKERS", 2, int, "HTTP worker processes sharing the store."),
    Setting("query_processes", "KG_QUERY_PROCESSES", 2, int,
            "Query processes per worker (a runaway query is killed without stopping the others)."),
    Setting("fast_path", "KG_FAST_PATH", True, bool,
            "Run a query that already proved cheap (under 2 ms) in a query process again directly in the "
            "HTTP worker; off: every query runs in the killable pool."),
)


@dataclass(frozen=True)
class Settings:
    store: str | None = None
    base_iri: str = DEFAULT_BASE
    query_timeout: float = 30.0
    result_limit: int = 100_000
    update_token: str | None = None
    allow_service: bool = False
    workers: int = 2
    query_processes: int = 2
    fast_path: bool = True

    def to_env(self) -> dict[str, str]:
        """Environment variables that reproduce these settings in a worker process."""
        out = {}
        for setting in SETTINGS:
            value = getattr(self, setting.name)
            if value is not None:
                out[setting.env] = ("1" if value else "0") if setting.type is bool else str(value)
        return out


def _parse(setting: Setting, raw: str):
    if setting.type is bool:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return setting.type(raw)


def settings_from_env(environ: dict[str, str] | None = None, **overrides) -> Settings:
    """Settings from the environment, with explicit OVERRIDES (None = not given) winning."""
    environ = os.environ if environ is None else environ
    values = {}
    for setting in SETTINGS:
        if overrides.get(setting.name) is not None:
            values[setting.name] = overrides[setting.name]
        elif setting.env in environ and environ[setting.env] != "":
            values[setting.name] = _parse(setting, environ[setting.env])
    base = values.get("base_iri")
    if base and not base.endswith("/"):
        values["base_iri"] = base + "/"
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in values.items() if k in known})
