"""The published JSON Schema of one `sitrep annotate` output line."""
