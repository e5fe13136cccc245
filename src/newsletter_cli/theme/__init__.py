"""The theme: the brand's fonts, colours, type scale and page grid (`brand`), and what its fonts
can draw (`fontcheck`, `undrawn`). Read from YAML data; nothing here imports ReportLab."""
