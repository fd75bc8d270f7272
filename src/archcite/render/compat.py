"""CSL 1.0.2 behaviour citeproc-py 0.11 lacks, added to it inside archcite's process.

Official styles (the citation-style-language/styles repository, which ``--style NAME`` and
``--style PATH`` render) are written for CSL 1.0.2; citeproc-py implements CSL 1.0.1 and
misses two things those styles rely on. Both are patched here, on citeproc-py's module lists
and classes in this process only (site-packages is never edited), by :func:`install`, which
loading a style calls once.

1. **CSL 1.0.2 variables.** citeproc-py's variable lists (``citeproc.NAMES``, ``DATES``,
   ``NUMBERS``, ``VARIABLES``) stop at CSL 1.0.1. A record holding ``compiler``, ``curator``,
   ``chair``, ``contributor``, ``available-date``, … was read as plain strings, and a style that
   renders such a name then failed with ``AttributeError: 'String' object has no attribute
   'parts'`` (one bad entry aborting a whole bibliography). The lists are extended with every
   variable of the CSL 1.0.2 specification, so the names and dates are read as names and dates
   and the styles print them with their own terms ("comp.", "curated by").

2. **Substitution suppresses what it printed.** CSL says that a variable printed through
   ``<substitute>`` (an editor, a translator or the title standing in for a missing author) is
   suppressed in the rest of the entry. citeproc-py only remembers a ``<text variable>`` child
   of ``<substitute>`` and only ``<text variable>`` elements consult that memory: a title
   substituted through ``<text macro="title"/>`` and a translator substituted through
   ``<names variable="translator"/>`` print twice ("Doe, Jane, trans. Title. Translated by
   Jane Doe."). Here, every variable a ``<substitute>`` child actually rendered (text, names,
   dates and numbers, through macros and groups; a variable only tested by a condition is not
   "rendered") is removed from the item's reference until the entry is rendered, so later
   elements and conditions see it empty, as the reference CSL processors (citeproc-js, pandoc's
   citeproc) do. The reference is restored after each entry, citation item and sort key.

3. **Crashes on valid styles.** Run over every official style (``benchmarks/official_styles.py``),
   citeproc-py 0.11 failed inside on about 3 % of them: ``text-case`` and ``strip-periods`` on a
   name part (a plain ``str``, or None for a literal name's missing given name) or on a number
   (``citation-number`` is an int) call methods only its own ``String`` has; and
   ``position="near-note"`` reads ``near-note-distance`` from the ``<style>`` element, where it
   has no default, instead of ``<citation>``. Text casing and period stripping here take any
   value (None passes through, other values become ``String``), and near-note reads the
   ``<citation>`` option with CSL's default of 5.

Limitations that remain (citeproc-py's, not patched): ``initialize="false"`` is ignored
(given names become initials), ``subsequent-author-substitute`` and disambiguation are not
implemented, and CSL 1.0.2's ``<text variable>`` forms beyond "short" are unknown to it.
"""

from __future__ import annotations

import contextvars
from typing import Any

# The CSL 1.0.2 specification's variables citeproc-py 0.11 does not list, in its spelling
# (hyphens as underscores). Standard and number variables it does not know were already
# looked up as strings; they are listed so that the renderer's view passes them on.
NAME_VARIABLES = (
    "chair", "compiler", "contributor", "curator", "director", "editor_translator",
    "executive_producer", "guest", "host", "narrator", "organizer", "performer", "producer",
    "reviewed_author", "script_writer", "series_creator",
)
DATE_VARIABLES = ("available_date",)
NUMBER_VARIABLES = ("citation_number", "first_reference_note_number", "part_number",
                    "printing_number", "supplement_number")
TEXT_VARIABLES = (
    "archive_collection", "citation_key", "division", "event_title", "license", "part_title",
    "reviewed_genre", "reviewed_title", "scale", "volume_title",
)

_STATE: dict[str, bool] = {"installed": False}
# The variables rendered so far by the <substitute> children being rendered (a stack: a
# substitute can render a names element that has its own substitute).
_RECORDING: contextvars.ContextVar[tuple[set[str], ...]] = contextvars.ContextVar(
    "archcite_substitute_recording", default=())
# The <names> elements whose <substitute> is being rendered (innermost last).
_SUBSTITUTING: contextvars.ContextVar[tuple[Any, ...]] = contextvars.ContextVar(
    "archcite_substitute_parents", default=())
# (reference, key, value) removed by substitution, restored when the entry is done.
_REMOVED: list[tuple[dict[str, Any], str, Any]] = []


def _extend(target: list[str], names: tuple[str, ...]) -> None:
    target.extend(name for name in names if name not in target)


def install() -> None:
    """Add the CSL 1.0.2 variables and the substitution rule to citeproc-py (once a process)."""
    if _STATE["installed"]:
        return
    import citeproc
    import citeproc.model as model

    _extend(citeproc.NAMES, NAME_VARIABLES)
    _extend(citeproc.DATES, DATE_VARIABLES)
    _extend(citeproc.NUMBERS, NUMBER_VARIABLES)
    _extend(citeproc.VARIABLES, NAME_VARIABLES + DATE_VARIABLES + NUMBER_VARIABLES
            + TEXT_VARIABLES)
    _patch_substitution(model)
    _patch_crashes(model)
    _STATE["installed"] = True


def _record(variables: list[str]) -> None:
    """Note ``variables`` as rendered, for every substitute being rendered."""
    for rendered in _RECORDING.get():
        rendered.update(variables)


def _recording(method: Any, variables: Any) -> Any:
    """``method`` that, when it renders something, records the variables it rendered."""

    def wrapper(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
        text = method(self, item, *args, **kwargs)
        if text is not None and _RECORDING.get():
            _record(variables(self, item, args, kwargs))
        return text

    wrapper.__wrapped__ = method  # type: ignore[attr-defined]
    return wrapper


def _restoring(method: Any) -> Any:
    """``method`` (one entry's or sort key's rendering) that puts back, when done, what
    substitution removed from the references during it."""

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        mark = len(_REMOVED)
        try:
            return method(self, *args, **kwargs)
        finally:
            restore(mark)

    wrapper.__wrapped__ = method  # type: ignore[attr-defined]
    return wrapper


def restore(mark: int = 0) -> None:
    """Put back every variable substitution removed after position ``mark``."""
    while len(_REMOVED) > mark:
        reference, key, value = _REMOVED.pop()
        dict.__setitem__(reference, key, value)


def _patch_substitution(model: Any) -> None:
    from citeproc.source import VariableError

    def text_variables(self: Any, item: Any, args: Any, kwargs: Any) -> list[str]:
        variable = self.get("variable")
        return [variable] if variable and variable != "locator" else []

    def date_variables(self: Any, item: Any, args: Any, kwargs: Any) -> list[str]:
        variable = args[0] if args else kwargs.get("variable")
        variable = variable or self.get("variable")
        return [variable] if variable else []

    def names_variables(self: Any, item: Any, args: Any, kwargs: Any) -> list[str]:
        reference = item.reference
        return [role for role in str(self.get("variable", "")).split()
                if role.replace("-", "_") in reference]

    model.Text.process = _recording(model.Text.process, text_variables)
    model.Number.process = _recording(model.Number.process, text_variables)
    model.Date.process = _recording(model.Date.process, date_variables)
    names_process = _recording(model.Names.process, names_variables)

    def inheriting_names_process(self: Any, item: Any, names_context: Any = None,
                                 context: Any = None, **kwargs: Any) -> Any:
        # A shorthand <names variable="translator"/> anywhere inside a <substitute> (also
        # inside its <choose>) takes the <name> and <label> of the <names> being substituted
        # for, as CSL says: "Jane Doe, trans.", not a bare "J. Doe".
        parents = _SUBSTITUTING.get()
        if names_context is None and parents and _shorthand(self):
            names_context = parents[-1]
        return names_process(self, item, names_context=names_context, context=context,
                             **kwargs)

    model.Names.process = inheriting_names_process
    model.Layout.render_children = _restoring(model.Parent.render_children)
    model.Key.sort_keys = _restoring(model.Key.sort_keys)

    def substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
        """The first child that renders, as citeproc-py's own; then every variable that child
        rendered is removed from the item's reference for the rest of the entry."""
        parent = self.getparent()
        for child in self.getchildren():
            rendered: set[str] = set()
            token = _RECORDING.set((*_RECORDING.get(), rendered))
            inherit = _SUBSTITUTING.set((*_SUBSTITUTING.get(), parent))
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                _SUBSTITUTING.reset(inherit)
                _RECORDING.reset(token)
            if text:
                self.add_to_repressed_list(child, context)
                _record(sorted(rendered))  # an enclosing substitute rendered them too
                _suppress(item.reference, rendered)
                return text
        return None

    model.Substitute.render = substitute_render


def _shorthand(names: Any) -> bool:
    """Whether a <names> element is the shorthand form (no child in the style file; citeproc-py
    may have inserted a default <name>, which has no source line)."""
    return all(getattr(child, "sourceline", None) is None for child in names)


def _patch_crashes(model: Any) -> None:
    from citeproc.string import MixedString, String

    def as_string(text: Any) -> Any:
        """``text`` as citeproc-py's own string types all the way down (a MixedString can
        hold plain ``str`` pieces, on which its casing methods fail)."""
        if text is None or isinstance(text, String):
            return text
        if isinstance(text, MixedString):
            return MixedString(as_string(piece) for piece in text)
        return String(str(text))

    case = model.TextCased.case

    def text_case(self: Any, text: Any, language: Any = None) -> Any:
        if text is None or self.get("text-case") is None or str(text) == "":
            return text  # citeproc-py's capitalize-first fails on an empty string
        if isinstance(text, String | MixedString):
            return case(self, as_string(text), language)
        # a plain value (a name part, a number) stays plain: citeproc-py joins name parts
        # with str.join, which refuses its MixedString
        return str(case(self, String(str(text)), language))

    strip_periods = model.StrippedPeriods.strip_periods

    def stripped_periods(self: Any, string: Any) -> Any:
        if string is None or isinstance(string, str | MixedString):
            return strip_periods(self, string)
        return strip_periods(self, as_string(string))

    style_option = model.Style.get_option

    def get_option(self: Any, name: str) -> Any:
        if name != "near-note-distance":
            return style_option(self, name)
        citation = self.find("cs:citation", self.nsmap)
        value = citation.get(name) if citation is not None else None
        try:
            return int(value) if value is not None else 5
        except ValueError:
            return 5

    model.TextCased.case = text_case
    model.StrippedPeriods.strip_periods = stripped_periods
    model.Style.get_option = get_option


def _suppress(reference: Any, variables: set[str]) -> None:
    """Remove ``variables`` and their short forms (a substituted title takes "title-short"
    with it, as in pandoc: an MLA in-text citation of an authorless document prints its title
    once) from ``reference``, remembering them for :func:`restore`."""
    for variable in variables:
        base = variable.replace("-", "_")
        for key in (base, f"{base}_short"):
            if dict.__contains__(reference, key):
                _REMOVED.append((reference, key, dict.__getitem__(reference, key)))
                dict.__delitem__(reference, key)


__all__ = ["install", "restore"]
