"""The static intranet site: HTML pages built from a data directory (``lianxi site build``).

One joint meeting's pages come from :func:`lianxi.site.pages.meeting_files`, which returns
the files as ``{relative path: bytes}`` and writes nothing. It is the hook a workspace
build (many joint meetings) calls once per meeting::

    from lianxi.site.pages import asset_files, meeting_files
    from lianxi.site.output import write_site

    files = asset_files()                                  # assets/site.css, assets/site.js
    for slug, ds in meetings:                              # e.g. slug "tuoyu"
        files |= meeting_files(ds, today=day, prefix=f"{slug}/",
                               home=("全部联席会议", "../index.html"))
    files["index.html"] = ...                              # the workspace's own index
    write_site(files, out, data_roots=[ds.root for _, ds in meetings], force=force)

``prefix`` is the folder the meeting's pages go in (``""``: the site's root); their links to
``assets/`` and between pages are relative, so the site works from any folder, ``file://``
included. Everything is deterministic: the same data and the same ``today`` give the same
bytes (sorted output, no clock; documents dated by :mod:`lianxi.render_docx` from ``today``).

:mod:`.workspace` does exactly this for a workspace (``lianxi site build`` in one, no
``--meeting``): each meeting in the folder of its key, plus an index of the joint meetings
and a page per unit and per person across them.

Modules: :mod:`.pages` (page contexts and rendering, Jinja with autoescape on),
:mod:`.svg` (structure chart and seat-history timeline, drawn here, no JS library),
:mod:`.documents` (each meeting's notice and minutes as .docx, .pdf where LibreOffice is),
:mod:`.output` (where a site may be written, dry run, replacing a previous build).
"""
