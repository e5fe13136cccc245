"""Layout: the content model and theme become PDF pages with ReportLab.

This package is the only place that imports ReportLab.
"""

from newsletter_cli.layout.rlconfig import quiet_import

quiet_import()  # before any module of the package imports ReportLab: see rlconfig.py
