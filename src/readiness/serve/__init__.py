"""`readiness serve`: the profile form and the results pages in a browser (the ``serve`` extra).

The top layer beside the CLI. ``form`` is the one module that knows where facts are declared;
``io.roundtrip`` keeps a profile's comments and order (ruamel.yaml); ``workspace`` holds one
browser's profile server-side; ``app`` has the routes (Flask); ``server`` runs them (Waitress).
This module imports nothing heavy, so the CLI can ask whether the extra is installed.
"""
from __future__ import annotations

from importlib.util import find_spec

REQUIRED = ("flask", "waitress")
INSTALL = "pip install 'readiness[serve]'"


def missing() -> list[str]:
    """The libraries of the ``serve`` extra that are not installed."""
    out = []
    for name in REQUIRED:
        try:
            found = find_spec(name) is not None
        except ModuleNotFoundError:  # a dotted name whose parent is missing: find_spec imports the parent first
            found = False
        if not found:
            out.append(name)
    return out
