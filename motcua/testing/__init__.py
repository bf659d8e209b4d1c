"""Test support shared by every area's tests: factories and personas (``factories``), the
browser-test helpers (``browser``). A plain package, not an app: runtime code never imports
it (motcua/layers.py checks)."""
