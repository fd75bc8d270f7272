"""Memoized lookups for citeproc-py: the same strings, several times faster.

citeproc-py walks the parsed style for every element of every entry: each macro, term,
name option, ancestor and formatting attribute is looked up again (an lxml XPath, a tree walk
or an attribute read per call), and those lookups are most of its time with a small style. Their
answers depend only on the parsed style, which rendering does not change, so they are
remembered here per element. The patches wrap methods of citeproc-py's classes in this process
(site-packages is never edited); :func:`install` puts them in (when a style is loaded, see
:func:`archcite.render.styles.memoize_lookups`) and :func:`install(False) <install>` restores
citeproc-py's own methods, which the equivalence tests render with to compare every string.
``ARCHCITE_RENDER_MEMO=0`` in the environment leaves citeproc-py untouched.

Why each memo is safe (what its answer depends on):

- ``xpath_search``, ``get_root``, ``get_layout``, ``get_macro``, ``calls_variable``: the
  style's tree. citeproc-py changes the tree in one place only: a ``<names>`` without a
  ``<name>`` gets an empty ``Name`` inserted on first use, after which every lookup sees it (the
  memo holds lookups from ``<names>``' children, whose answers that insertion does not change;
  ``Names.calls_variable`` is constantly true).
- ``get_formatter``: the formatter is read from the style root on every call (it changes per
  bibliography); only *which* object holds it (the style root, or the style of a locale root)
  is remembered.
- ``get_locale_option``, ``get_term``: the style's locales (fixed when the style is parsed) and
  the term's name and form; the term element is returned, its text is still formatted per call.
- ``Name.get_option``: the ``<name>`` element's own attributes and those of its
  ``<citation>``/``<bibliography>`` ancestor (per context element), unless a sort key overrides
  the option, which is never memoized.
- ``Formatted.format``, ``Affixed.wrap``: the element's formatting and affix attributes. An
  element whose attributes are all defaults returns its text as citeproc-py would (the same
  object); any other goes through citeproc-py's own method. ``<date-part>`` elements are never
  memoized: citeproc-py copies a style's date-part attributes onto a locale's date-parts while
  rendering, so theirs can change.
- child lookups (``element.name``, ``.label``, ``.terms``, … through ``__getattr__``): the
  tree, as above; a ``<names>`` element's missing ``name`` is never remembered (citeproc-py
  inserts a default ``Name`` there, on every use, as it would without the memo).
- ``Term.single``/``Term.multiple``: the term's text, preformatted by the active output format,
  remembered per (term, output format).
- ``Quoted.quote``: the element's ``quotes`` attribute; an element that does not quote returns
  its text, after the locale's punctuation-in-quote option was read once as citeproc-py reads
  it (so a style without one fails the same way).
- ``String.__add__``: the same concatenation (``MixedString([self]) + other``) without building
  the intermediate one-element list behind two decorator calls.
- ``normalize_seam``: the same comparison of the last character of the text so far with the
  first of the next piece, found without joining every segment into one string first.
- ``CustomDict.__getattr__``, ``CitationItem.reference``: the same dictionary reads without the
  chain of Python-level ``__getitem__`` calls; any miss goes through citeproc-py's own code.
"""

from __future__ import annotations

import os
from typing import Any

_MEMOS: list[dict[Any, Any]] = []
XPATH_MEMO: dict[tuple[Any, str], list[Any]] = {}
_ORIGINAL: dict[tuple[Any, str], Any] = {}  # (owner, attribute) -> citeproc-py's own
_MISSING = object()


def enabled_by_environment() -> bool:
    """False when ``ARCHCITE_RENDER_MEMO`` is 0/no/off/false (render with plain citeproc)."""
    return os.environ.get("ARCHCITE_RENDER_MEMO", "1").strip().lower() not in (
        "0", "no", "off", "false")


def _memo() -> dict[Any, Any]:
    memo: dict[Any, Any] = {}
    _MEMOS.append(memo)
    return memo


def _patch(owner: Any, name: str, value: Any) -> None:
    key = (owner, name)
    if key not in _ORIGINAL:
        _ORIGINAL[key] = owner.__dict__[name]
    setattr(owner, name, value)


def clear() -> None:
    """Forget every memoized answer (a style object that is garbage is released)."""
    XPATH_MEMO.clear()
    for memo in _MEMOS:
        memo.clear()


def install(enabled: bool = True) -> None:
    """Put the memoized methods into citeproc-py's classes (default) or take them out."""
    import citeproc.model as model
    import citeproc.source as source
    import citeproc.string as string

    clear()
    if not enabled:
        for (owner, name), original in _ORIGINAL.items():
            setattr(owner, name, original)
        return
    for (owner, name), original in _ORIGINAL.items():  # start from citeproc-py's own
        setattr(owner, name, original)

    element = model.CitationStylesElement
    orig_xpath = element.__dict__["xpath_search"]
    orig_root = element.__dict__["get_root"]
    roots, layouts, macros, owners = _memo(), _memo(), _memo(), _memo()
    locale_options, terms, calls, name_options = _memo(), _memo(), _memo(), _memo()
    formats, affixes = _memo(), _memo()
    children, singles, multiples, quotes = _memo(), _memo(), _memo(), _memo()
    Locale, DatePart = model.Locale, model.Date_Part
    MixedString = string.MixedString
    xpath_memo = XPATH_MEMO

    def get_root(self: Any) -> Any:
        root = roots.get(self)
        if root is None:
            root = roots[self] = orig_root(self)
        return root

    def xpath_search(self: Any, expression: str) -> list[Any]:
        key = (self, expression)
        found = xpath_memo.get(key)
        if found is None:
            found = xpath_memo[key] = orig_xpath(self, expression)
        return list(found)  # callers may index or iterate; never share the memo's list

    def get_layout(self: Any) -> Any:
        layout = layouts.get(self)
        if layout is None:
            layout = layouts[self] = xpath_search(self, "./ancestor-or-self::cs:layout[1]")[0]
        return layout

    def get_macro(self: Any, name: str) -> Any:
        root = get_root(self)
        key = (root, name)
        macro = macros.get(key)
        if macro is None:
            macro = macros[key] = xpath_search(root, f"cs:macro[@name='{name}'][1]")[0]
        return macro

    def get_formatter(self: Any) -> Any:
        holder = owners.get(self)
        if holder is None:
            root = get_root(self)
            holder = owners[self] = root.style if isinstance(root, Locale) else root
        return holder.formatter

    orig_locale_option = element.__dict__["get_locale_option"]

    def get_locale_option(self: Any, name: str) -> Any:
        key = (get_root(self), name)
        value = locale_options.get(key, _MISSING)
        if value is _MISSING:
            value = locale_options[key] = orig_locale_option(self, name)
        return value

    orig_get_term = element.__dict__["get_term"]

    def get_term(self: Any, name: str, form: Any = None, fallback_locale: bool = True,
                 zero_padded: bool = False) -> Any:
        key = (get_root(self), name, form, fallback_locale, zero_padded)
        term = terms.get(key, _MISSING)
        if term is _MISSING:
            term = terms[key] = orig_get_term(self, name, form, fallback_locale, zero_padded)
        return term

    def memo_calls(cls: Any) -> None:
        orig = cls.__dict__["calls_variable"]

        def calls_variable(self: Any) -> Any:
            found = calls.get(self)
            if found is None:
                found = calls[self] = orig(self)
            return found

        _patch(cls, "calls_variable", calls_variable)

    orig_name_option = model.Name.__dict__["get_option"]

    def name_get_option(self: Any, name: str, context: Any = None,
                        sort_options: Any = None) -> Any:
        if sort_options is not None and (type(sort_options) is not dict
                                         or name in sort_options):
            return orig_name_option(self, name, context, sort_options)
        key = (self, name, context)
        value = name_options.get(key, _MISSING)
        if value is _MISSING:
            value = name_options[key] = orig_name_option(self, name, context, None)
        return value

    orig_format = model.Formatted.__dict__["format"]
    format_defaults = (("font-style", "normal"), ("font-variant", "normal"),
                       ("font-weight", "normal"), ("text-decoration", "none"),
                       ("vertical-align", "baseline"))

    def format_(self: Any, text: Any) -> Any:
        plain = formats.get(self)
        if plain is None:
            plain = not isinstance(self, DatePart) and all(
                self.get(attr, default) == default for attr, default in format_defaults)
            formats[self] = plain
        if not plain:
            return orig_format(self, text)
        if isinstance(text, int | float):
            return str(text)
        return text

    orig_wrap = model.Affixed.__dict__["wrap"]

    def wrap(self: Any, text: Any) -> Any:
        bare = affixes.get(self)
        if bare is None:
            bare = affixes[self] = (not isinstance(self, DatePart)
                                    and self.get("prefix", "") == ""
                                    and self.get("suffix", "") == "")
        if bare and isinstance(text, str | MixedString):
            return text
        return orig_wrap(self, text)

    def last_char(value: Any) -> str:
        """The last character of ``str(value)`` ("" when empty), without joining segments."""
        if isinstance(value, str):
            return value[-1:]
        if isinstance(value, MixedString):
            for segment in reversed(value):
                edge = segment[-1:] if isinstance(segment, str) else last_char(segment)
                if edge:
                    return edge
            return ""
        return str(value)[-1:]

    def first_char(value: Any) -> str:
        """The first character of ``str(value)`` ("" when empty)."""
        if isinstance(value, str):
            return value[:1]
        if isinstance(value, MixedString):
            for segment in value:
                edge = segment[:1] if isinstance(segment, str) else first_char(segment)
                if edge:
                    return edge
            return ""
        return str(value)[:1]

    punctuation = string.SEAM_PUNCTUATION
    strip_first = string._strip_first_char

    def normalize_seam(left: Any, other: Any) -> Any:
        last = left[-1:] if isinstance(left, str) else last_char(left)
        if not last:
            return other
        first = other[:1] if isinstance(other, str) else first_char(other)
        if not first:
            return other
        if (last == " " and first == " ") or (last == first and first in punctuation):
            return strip_first(other)
        return other

    dict_get = dict.__getitem__
    variable_error = source.VariableError

    def custom_getattr(self: Any, name: str) -> Any:
        try:
            return dict_get(self, name)
        except KeyError:
            raise variable_error from None

    orig_reference = source.CitationItem.__dict__["reference"]

    def reference(self: Any) -> Any:
        try:
            bibliography = dict_get(dict_get(self, "citation"), "bibliography")
            key = dict_get(self, "key")
        except (KeyError, TypeError):
            return orig_reference.fget(self)
        return bibliography.source[key]

    orig_child = model.SomewhatObjectifiedElement.__dict__["__getattr__"]

    def child(self: Any, name: str) -> Any:
        key = (self, name)
        found = children.get(key, _MISSING)
        if found is _MISSING:
            found = orig_child(self, name)
            # ``names.name`` can gain an element (the inserted default Name): never remember
            # that one missing; any other answer stays.
            if found is not None or name != "name":
                children[key] = found
        return found

    orig_single = model.Term.__dict__["single"]
    orig_multiple = model.Term.__dict__["multiple"]

    def term_text(original: Any, memo: dict[Any, Any]) -> Any:
        def text(self: Any) -> Any:
            key = (self, get_formatter(self))  # the text is preformatted per output format
            found = memo.get(key)
            if found is None:
                found = memo[key] = original.fget(self)
            return found

        return property(text)

    orig_quote = model.Quoted.__dict__["quote"]

    def quote(self: Any, text: Any) -> Any:
        quoted = quotes.get(self)
        if quoted is None:
            # citeproc-py reads the locale's punctuation-in-quote first (and fails without one)
            self.get_locale_option("punctuation-in-quote").lower()
            quoted = quotes[self] = self.get("quotes", "false").lower() == "true"
        return orig_quote(self, text) if quoted else text

    String = string.String

    def string_add(self: Any, other: Any) -> Any:
        # String.__add__ is MixedString([self]) + other, each behind discard_empty_other.
        if other == "":
            return self
        other = normalize_seam(self, other)
        if other == "" or other == []:
            return MixedString([self])
        if isinstance(other, list):
            return MixedString([self, *other])
        return MixedString([self, other])

    _patch(element, "xpath_search", xpath_search)
    _patch(element, "get_root", get_root)
    _patch(element, "get_layout", get_layout)
    _patch(element, "get_macro", get_macro)
    _patch(element, "get_formatter", get_formatter)
    _patch(element, "get_locale_option", get_locale_option)
    _patch(element, "get_term", get_term)
    for cls in (model.Parent, model.Text):
        memo_calls(cls)
    _patch(model.Name, "get_option", name_get_option)
    _patch(model.SomewhatObjectifiedElement, "__getattr__", child)
    _patch(model.Term, "single", term_text(orig_single, singles))
    _patch(model.Term, "multiple", term_text(orig_multiple, multiples))
    _patch(model.Quoted, "quote", quote)
    _patch(String, "__add__", string_add)
    _patch(model.Formatted, "format", format_)
    _patch(model.Affixed, "wrap", wrap)
    _patch(model, "normalize_seam", normalize_seam)
    _patch(string, "normalize_seam", normalize_seam)
    _patch(source.CustomDict, "__getattr__", custom_getattr)
    _patch(source.CitationItem, "reference", property(reference))
