"""Importing contributions: Word documents (.docx) -> articles of this project\x27s Markdown."""
