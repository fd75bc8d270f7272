"""Sources: turning what a researcher saved (a page, a citation string, an address) into a record.

The stages are one module each: ``reading`` (bytes → text), ``layouts`` (text → labelled page
fields), ``citation`` (the printed citation string), ``locators`` (archival references → ordered
holdings), ``credits`` (translators and provenance), ``headings`` (title → genre, sender,
recipient), ``dates``, ``addresses`` (every Wilson Center address form), ``fetch`` (HTTP with a
cache) and ``wilson`` (the whole page → a record dict, ready for ``Library.add``).
"""
