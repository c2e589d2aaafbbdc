"""Stage 1, extraction: article files to the tables in :mod:`briefing.tables`.

One module per kind of fact (``segment``, ``figures``, ``dates``, ``quotes``, ``entities``,
``themes``, ``stance``), the corpus folder reader (``corpus``) and the orchestrating pipeline
(``extract``). Modules here import only each other and the shared ``config``, ``errors``,
``paths`` and ``tables``.
"""
