"""The record: CSL-JSON objects with structured archival holdings in ``custom``."""
