"""PDF details that need no PDF library: the XMP metadata packet, and fixes to the saved bytes."""
