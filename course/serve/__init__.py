"""course serve: the live preview (preview.py) and its hardened HTTP server (http.py)."""
