"""Word documents (.docx): citation markers become footnotes or parentheticals, kept as fields.

:func:`archcite.formats.word.document.process` is the whole job; :mod:`.package` reads and
writes the zip package (copying every part it did not change), :mod:`.markers` reads the
pandoc-style markers a writer types, :mod:`.ooxml` builds WordprocessingML.
"""
