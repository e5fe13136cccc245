"""PDF details that need no PDF library: the XMP metadata packet, fixes to the saved bytes, and
the atomic write of the finished file (`write`)."""
