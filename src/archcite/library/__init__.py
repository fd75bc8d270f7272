"""The library: a folder of records, one UTF-8 JSON file per record (the source of truth)."""
