"""What lianxi does, callable from Python: each command of ``lianxi.cli`` is one call here.

Services take a :class:`lianxi.dataset.Dataset` (and plain values), return data or raise a
:class:`lianxi.errors.LianxiError`; they never print and never import ``lianxi.cli``.
Warnings a user should see travel back in the result (``warnings``), not on stderr.

* :mod:`.meetings` — a meeting record from particulars, its sequence, registering it;
* :mod:`.issuing` — notices and minutes drafted and issued, document numbers reserved;
* :mod:`.minutes` — minutes drafted from the replies, agreed by the attending units;
* :mod:`.reports` — a member unit's report on its work or on an agreed matter.
"""
