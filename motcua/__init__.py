"""motcua: one-stop desk and administrative-reform management (Bộ phận Một cửa, CCHC)."""

__version__ = "0.1.0"
