"""A workspace: many joint meetings' data directories and one county unit register.

Layout (docs/工作区.md)::

    工作区/
      workspace.yaml    the marker: the workspace's name and its joint meetings, in order
                        (key, folder, and each meeting's unit ids that differ from the register's)
      units.yaml        the county unit register: one id per unit, full name, short names, aliases
      婴幼儿照护/        one joint meeting's data directory (members.yaml, duties.yaml, …)
      消防/              …

Modules: :mod:`.model` (the two files' pydantic models), :mod:`.loader` (finding and
reading a workspace, the per-meeting summaries and their cache), :mod:`.register`
(``workspace init`` / ``add``: reconciling a meeting's units with the register),
:mod:`.queries` (``unit``, ``person``, ``who``, ``check --all``, ``overview``),
:mod:`.transfer` (succession in every joint meeting at once) and :mod:`.checks`
(``validate`` of the whole workspace).
"""
