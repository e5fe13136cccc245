"""Layout: the content model and theme become PDF pages with ReportLab.

This package is the only place that imports ReportLab.
"""
