"""The renderer stage: records → citation strings through citeproc-py and archcite's CSL styles.

``engine.render`` is the entry point; ``cache.render_cached`` wraps it with a rendered-string
cache. Importing this package is cheap: citeproc (and lxml) are imported only when a style is
loaded.
"""
