"""archcite: a citation manager for archival sources.

Data flows one way: source → parser (``archcite.sources``) → record (``archcite.model``) →
library (``archcite.library``) → renderer (``archcite.render``, ``archcite.formats``) → output.
This module stays import-free so that ``archcite --version`` starts fast.
"""

__version__ = "0.1.0"
