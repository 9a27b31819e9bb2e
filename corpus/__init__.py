"""The text domain: reading files into documents, text units, names, fuzzy matching, anchoring.

Nothing here touches SQLite or the terminal.
"""
