"""Output formats (BibTeX, BibLaTeX, CSL-JSON), citation scanning and import."""
