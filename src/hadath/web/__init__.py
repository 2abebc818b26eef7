"""The HTTP API and Arabic web UI of ``hadath serve`` (needs the ``web`` extra).

``create_app(store, kb)`` builds the FastAPI application; ``hadath serve`` runs it
under uvicorn. FastAPI, uvicorn and Jinja2 are optional dependencies: importing this
package without them works, and ``create_app`` then says how to install them.
"""

from __future__ import annotations

from typing import Any

from hadath.errors import HadathError

__all__ = ["WEB_EXTRA_HINT", "create_app", "missing_web_dependency"]

WEB_EXTRA_HINT = "the web server needs the web extra: pip install 'hadath[web]'"


def missing_web_dependency() -> str | None:
    """The name of the first web dependency that is not installed, or None."""
    import importlib.util

    for module in ("fastapi", "uvicorn", "jinja2"):
        if importlib.util.find_spec(module) is None:
            return module
    return None


def create_app(store: Any, kb: Any = None, **options: Any) -> Any:
    """Build the web application (see ``hadath.web.app.create_app``)."""
    missing = missing_web_dependency()
    if missing is not None:
        raise HadathError(f"{WEB_EXTRA_HINT} ({missing} is not installed)")
    from hadath.web.app import create_app as build

    return build(store, kb, **options)
