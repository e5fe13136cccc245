"""The content model and how an article's text becomes it: Markdown and inline HTML -> blocks.

`model` holds what an issue says, independent of layout; `markdown` reads an article's body,
`inline` and `htmlblocks` its inline text and HTML, `images` and `links` check what it names.
Nothing here imports ReportLab or reads the manifest.
"""
