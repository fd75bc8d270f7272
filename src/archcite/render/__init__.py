"""Rendering records as citations (citeproc-py with archcite's own CSL styles)."""
