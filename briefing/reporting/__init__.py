"""Stage 3, reporting: what the notebooks show and how a report becomes HTML and PDF.

``report`` (the sections the notebooks call), ``present`` (HTML blocks), ``charts`` (the house
style), ``render`` (nbconvert export, WeasyPrint PDF, the pack) with ``templates/`` and ``assets/``.
"""
