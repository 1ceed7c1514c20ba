"""HTTP: the JSON API (and, later, the web page) over an archive built by `khabar index`."""

from khabar.serve.api import create_app

__all__ = ["create_app"]
