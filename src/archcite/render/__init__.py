"""The renderer stage: records → citation strings through citeproc-py and archcite's CSL styles.

The commands render through ``cache.render_library``: it renders with ``engine.render_entries``
(one entry per record) only what its rendered-string cache lacks, on every core, and sorts a
bibliography by ``engine.entry_sort_key``. ``engine.render`` renders a list of records in one
go, as citeproc does (a sorted bibliography). Importing this package is cheap: citeproc (and
lxml) are imported only when a style is loaded.
"""
