"""Persistence in SQLite through sqlite-utils: documents, tags, highlights, indexes, spans YAML."""
