"""Reading and writing files: text and YAML with positions (and a fast path without), atomic writes."""
