"""Turn the plain text of an establishing notice into a lianxi data directory.

* :mod:`.text`   — bytes (a file or standard input) → normalised lines (encoding detection,
  refusal of traditional characters and mojibake); :mod:`.office` reads .docx and PDF;
* :mod:`.parse`  — lines → a :class:`~.parse.Notice` (sections, people, units, duties,
  rules), every line of the notice accounted for in a ledger;
* :mod:`.build`  — Notice → YAML texts of ``members.yaml``, ``duties.yaml``,
  ``charter.yaml`` (unit ids, ties between departments and units, aliases);
* :mod:`.report` — the Chinese report: placed, not placed (with line numbers), to fill in.
* :mod:`.skeleton` — the empty data directory of ``lianxi init``.
* :mod:`.into` — a later notice for a joint meeting already kept (``import --into``): succession
  records through :mod:`lianxi.succession` and a renaming.
"""
