"""newsletter: compose a branded PDF newsletter from a YAML manifest and Markdown articles."""

__version__ = "0.1.0"
