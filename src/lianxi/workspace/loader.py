"""Finding and reading a workspace; one summary per joint meeting, cached.

A cross-meeting query (``lianxi unit 公安`` over sixty joint meetings) needs a little of
every meeting: its roster, its duties, its meetings, tasks and reports. Parsing all of
that on every run would cost as much as validating the workspace, so each joint meeting
is reduced to a :func:`summary` of plain values (dicts, tuples, dates) and the summaries
of a workspace are kept in one pickle in lianxi's cache folder
(``~/.cache/lianxi/workspace/``).

An entry is used while the meeting's files are unchanged: its key is the name, size,
modification time, change time and inode of every file of the meeting folder and of
its ``meetings/`` folder (any write — lianxi's atomic rename or an editor's — changes the
change time, which no tool sets back), together with the lianxi version and the source
of the modules the summary is built from. A meeting whose files changed is summarised
again (through :class:`lianxi.dataset.Dataset`, so the validated-model cache still
helps); the others come from the pickle. ``LIANXI_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Optional

from ..errors import DataErrors, LianxiError, Problem, UsageProblem
from ..store import WORKSPACE_FILE, display_path, find_workspace, load_valid, present

REGISTER_FILE = "units.yaml"
SUMMARY_VERSION = 4


@dataclass
class MeetingRef:
    """One joint meeting of the workspace: its entry in workspace.yaml and its folder."""

    key: str
    dir: str
    root: Path
    units: dict[str, str] = field(default_factory=dict)  # local unit id → register id, where they differ
    index: int = 0  # place in workspace.yaml

    def register_id(self, local_id: Optional[str]) -> Optional[str]:
        if local_id is None:
            return None
        return self.units.get(local_id, local_id)


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def open(cls, option: str | Path | None = None) -> "Workspace":
        root = find_workspace(option)
        if root is None:
            raise UsageProblem("当前目录不在工作区中（找不到 workspace.yaml）",
                               hint="用 --workspace 目录 指明工作区，或在工作区目录中运行；"
                                    "建立工作区：lianxi workspace init 目录")
        return cls(root)

    @cached_property
    def file(self):
        from .model import WorkspaceFile

        return load_valid(self.root, WORKSPACE_FILE, WorkspaceFile)

    @cached_property
    def register(self):
        from .model import RegisterFile

        if not present(self.root / REGISTER_FILE):
            return RegisterFile()
        return load_valid(self.root, REGISTER_FILE, RegisterFile)

    @cached_property
    def register_units(self) -> dict:
        return {u.id: u for u in self.register.units}

    @cached_property
    def meetings(self) -> list[MeetingRef]:
        return [MeetingRef(e.key, e.dir, self.root / e.dir, dict(e.units), i)
                for i, e in enumerate(self.file.meetings)]

    def find(self, name: str) -> MeetingRef:
        """A joint meeting by its key, folder or full name (exactly); a fragment lists candidates."""
        from ..errors import Ambiguous, NotFound
        from ..query import norm

        q = norm(name)
        if not q:
            raise UsageProblem("--meeting 不能为空")
        for ref in self.meetings:
            if q in (norm(ref.key), norm(ref.dir), norm(ref.dir.rstrip("/").split("/")[-1])):
                return ref
        full = {ref.key: full_name(ref.root) for ref in self.meetings}
        exact = [ref for ref in self.meetings if full[ref.key] and norm(full[ref.key]) == q]
        if len(exact) == 1:
            return exact[0]
        close = [ref for ref in self.meetings if q in norm(ref.key) or (full[ref.key] and q in norm(full[ref.key]))]
        if len(close) > 1:
            raise Ambiguous(f"“{name}”对应工作区中的多个联席会议，请写全简称",
                            candidates=[f"{r.key}（{full[r.key] or r.dir}）" for r in close])
        if len(close) == 1:
            ref = close[0]
            raise NotFound(f"工作区中没有联席会议“{name}”", suggestions=[ref.key],
                           hint=f"--meeting 须写简称、文件夹名或全称，如 --meeting {ref.key}")
        raise NotFound(f"工作区中没有联席会议“{name}”",
                       hint="工作区中的联席会议：" + ("、".join(r.key for r in self.meetings) or "（尚无）"))

    def summaries(self, *, records: bool = True) -> list["Summary"]:
        return summaries(self, records=records)


def full_name(root: Path) -> Optional[str]:
    """The joint meeting's full name from its charter.yaml (None when it cannot be read)."""
    from ..model import Charter

    try:
        return load_valid(root, "charter.yaml", Charter).name
    except LianxiError:
        return None


def meeting_dir(name: str, workspace: str | Path | None = None) -> Path:
    """``--meeting NAME``: the data directory of that joint meeting of the workspace in use."""
    ws = Workspace.open(workspace)
    ref = ws.find(name)
    if not (ref.root / "members.yaml").is_file():
        raise UsageProblem(f"联席会议“{ref.key}”的数据目录 {display_path(ref.root)} 不存在或其中没有 members.yaml"
                           f"（见 {display_path(ws.root / WORKSPACE_FILE)}）")
    return ref.root


# ------------------------------------------------------------------ summaries


@dataclass
class Summary:
    """What cross-meeting queries need of one joint meeting, as plain values."""

    ref: MeetingRef
    data: Optional[dict]  # None: the meeting's data has problems
    problems: list[Problem] = field(default_factory=list)
    sig: tuple = ()  # the files' signature the summary was made from

    @property
    def ok(self) -> bool:
        return self.data is not None

    @property
    def name(self) -> str:
        return self.data["name"] if self.data else self.ref.key

    def unit(self, local_id: Optional[str]) -> Optional[dict]:
        return self.data["units"].get(local_id) if self.data and local_id else None

    def unit_name(self, local_id: Optional[str]) -> str:
        unit = self.unit(local_id)
        return (unit["short_name"] or unit["name"]) if unit else "（无对应成员单位）"


def _day(value) -> Optional[int]:
    """Dates are kept as day numbers (``date.toordinal()``): unpickled as ints, not date objects."""
    return value.toordinal() if isinstance(value, dt.date) else None


def _holder(h) -> tuple:
    return (h.name, h.post, _day(h.start), _day(h.end), h.phone)


def summary(root: Path) -> dict:
    """One joint meeting as plain values; raises DataErrors when its data has problems."""
    from ..dataset import Dataset
    from ..followup import load_reports, meetings_for_check, tasks_from_meetings
    from ..who import subject_of

    ds = Dataset(root)
    charter = ds.charter
    units = {u.id: {"id": u.id, "name": u.name, "short_name": u.short_name, "aliases": list(u.aliases),
                    "member": u.member} for u in ds.members.units}
    seats = [{"id": s.id, "role": s.role, "unit": s.unit, "post": s.post,
              "holders": [_holder(h) for h in s.holders]} for s in ds.members.seats]
    departments = [{"id": d.id, "name": d.name, "aliases": list(d.aliases), "unit": d.unit,
                    "unit_note": d.unit_note, "duties": list(d.duties)} for d in ds.duties.departments]
    reports, _ = load_reports(root)
    by_task: dict[str, list] = {}
    unit_reports: dict[str, list] = {}
    for r in reports.reports:
        if r.task is not None:
            by_task.setdefault(r.task, []).append((_day(r.date), r.status))
        unit_reports.setdefault(r.unit, []).append(_day(r.date))
    tasks = [{"id": t.id, "title": t.title, "lead": t.lead, "cooperating": list(t.cooperating),
              "deadline": _day(t.deadline), "example": t.example, "meeting_date": _day(t.meeting_date),
              "reports": sorted(by_task.get(t.id, []), key=lambda x: x[0])}
             for t in tasks_from_meetings(root)]
    meetings = []
    for m in meetings_for_check(root):
        meetings.append({"id": m["id"], "kind": m["kind"], "date": _day(m["date"]), "example": m["example"],
                         "minutes": m["minutes"]})
    return {
        "name": charter.name, "region": charter.region, "subject": subject_of(charter),
        "units": units, "seats": seats, "departments": departments, "tasks": tasks,
        "meetings": meetings, "unit_reports": unit_reports,
        "per_year": {r.kind: r.per_year for r in charter.work_rules.meetings if r.per_year},
    }


def _signature(root: Path) -> tuple:
    out = []
    for folder in (root, root / "meetings"):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            out.append((str(folder), None))
            continue
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith((".yaml", ".yml")):
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            out.append((entry.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return tuple(out)


def _code_key() -> str:
    from .. import __version__

    parts = [str(SUMMARY_VERSION), __version__]
    package = Path(__file__).resolve().parent.parent
    for source in (Path(__file__).resolve(), package / "followup.py", package / "meetings.py", package / "model.py",
                   package / "dataset.py"):
        try:
            st = os.stat(source)
            parts.append(f"{source}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(source)
    return "\0".join(parts)


def _cache_path(root: Path) -> Path:
    try:  # the C module behind hashlib.blake2b (as modelcache.key)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover
        from hashlib import blake2b

    from ..modelcache import cache_root

    digest = blake2b(os.path.abspath(root).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return cache_root() / "workspace" / f"{digest}.pickle"


def _read_cache(path: Path) -> dict:
    from ..modelcache import enabled

    if not enabled():
        return {}
    import gc

    paused = gc.isenabled()
    gc.disable()  # tens of thousands of small containers, none cyclic: no collection passes while loading
    try:
        with open(path, "rb") as handle:
            from _pickle import load

            value = load(handle)
    except Exception:  # noqa: BLE001 - a missing or unreadable cache is empty
        return {}
    finally:
        if paused:
            gc.enable()
    return value if isinstance(value, dict) and value.get("_code") == _code_key() else {}


def _write_cache(path: Path, value: dict) -> None:
    from ..modelcache import enabled

    if not enabled():
        return
    import pickle

    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(tmp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - a cache that cannot be written only costs speed
        try:
            tmp.unlink()
        except OSError:
            pass


RECORDS = ("tasks", "meetings", "unit_reports")  # kept apart: only unit, overview need them


def summaries(ws: Workspace, *, records: bool = True) -> list[Summary]:
    """Every joint meeting of the workspace, summarised (from the cache where unchanged).

    The roster and duties of every summary are one cache file, the meetings, tasks and
    reports another (``records=False``: ``person`` and ``who`` read only the first)."""
    core_path = _cache_path(ws.root)
    rec_path = core_path.with_name(f"records-{core_path.name}")
    core = _read_cache(core_path)
    rec = _read_cache(rec_path) if records else {}
    out = []
    for ref in ws.meetings:
        where = os.path.abspath(ref.root)
        sig = _signature(ref.root)
        hit = core.get(where)
        if hit is None or hit[0] != sig:
            break
        data = hit[1]
        if records:
            more = rec.get(where)
            if more is None or more[0] != sig:
                break
            data = {**data, **more[1]}
        out.append(Summary(ref, data, sig=sig))
    else:
        if len(core) == len(ws.meetings) + 1:  # nothing changed, nothing removed
            return out
    return _rebuild(ws, core, rec if records else _read_cache(rec_path), core_path, rec_path)


def _rebuild(ws: Workspace, core: dict, rec: dict, core_path: Path, rec_path: Path) -> list[Summary]:
    """Summarise the joint meetings whose files changed; keep the others; write both cache files."""
    fresh_core: dict[str, Any] = {"_code": _code_key()}
    fresh_rec: dict[str, Any] = {"_code": fresh_core["_code"]}
    out = []
    for ref in ws.meetings:
        where = os.path.abspath(ref.root)
        sig = _signature(ref.root)
        hit, more = core.get(where), rec.get(where)
        if hit is not None and more is not None and hit[0] == sig and more[0] == sig:
            fresh_core[where], fresh_rec[where] = hit, more
            out.append(Summary(ref, {**hit[1], **more[1]}, sig=sig))
            continue
        if not (ref.root / "members.yaml").is_file():
            out.append(Summary(ref, None, [Problem(f"联席会议“{ref.key}”的数据目录不存在或其中没有 members.yaml",
                                                   file=display_path(ref.root))]))
            continue
        try:
            data = summary(ref.root)
        except DataErrors as exc:
            out.append(Summary(ref, None, exc.problems))
            continue
        except LianxiError as exc:
            out.append(Summary(ref, None, [Problem(exc.message, file=display_path(ref.root))]))
            continue
        fresh_core[where] = (sig, {k: v for k, v in data.items() if k not in RECORDS})
        fresh_rec[where] = (sig, {k: data[k] for k in RECORDS})
        out.append(Summary(ref, data, sig=sig))
    _write_cache(core_path, fresh_core)
    _write_cache(rec_path, fresh_rec)
    return out


class IndexedDepartment:
    """A department as the cross-meeting ``who`` index keeps it: what ranking reads of
    :class:`lianxi.model.Department`, as a plain object (unpickled much faster than a model)."""

    __slots__ = ("id", "name", "aliases", "unit", "duties")

    def __init__(self, id: str, name: str, aliases: tuple, unit: Optional[str], duties: tuple) -> None:
        self.id, self.name, self.aliases, self.unit, self.duties = id, name, aliases, unit, duties

    def __getstate__(self):
        return (self.id, self.name, self.aliases, self.unit, self.duties)

    def __setstate__(self, state) -> None:
        self.id, self.name, self.aliases, self.unit, self.duties = state

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


def _digest(ws: Workspace, *extra: str) -> str:
    """A key for what is derived from every joint meeting: the code, the register, each meeting's
    entry and the signature of its files (no summary read)."""
    try:  # the C module behind hashlib.blake2b (as modelcache.key)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    parts = [_code_key(), *extra, repr([(u.id, u.all_names()) for u in ws.register.units])]
    parts += [repr((r.key, r.dir, sorted(r.units.items()), _signature(r.root))) for r in ws.meetings]
    return blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def who_index(ws: Workspace):
    """One ``who`` index (:class:`lianxi.who.Index`) over the departments of every joint meeting,
    with what an answer shows of each department (its joint meeting, unit, member and liaison
    seats), the names the departments go by (:func:`lianxi.who.department_names`) and the joint
    meetings left out (data with problems); cached under :func:`_digest` and the lexicon's sources,
    so that ``who`` reads no summary while nothing changed."""
    from ..modelcache import enabled
    from ..relate import INDEX_VERSION, _pinyin_source, _stamp, cilin_file
    from ..who import Index, department_names, load_lexicon

    package = Path(__file__).resolve().parent.parent
    digest = _digest(ws, str(INDEX_VERSION), _stamp(cilin_file()), _stamp(_pinyin_source()),
                     _stamp(package / "who.py"), _stamp(package / "who_synonyms.yaml"),
                     _stamp(Path(__file__).resolve().parent / "queries.py"))
    path = _cache_path(ws.root).with_name(f"who-{_cache_path(ws.root).stem}.pickle")
    if enabled():
        stored = _load_pickle(path)
        if isinstance(stored, tuple) and len(stored) == 6 and stored[0] == digest:
            return stored[1:]
    from types import SimpleNamespace

    sums = ws.summaries(records=False)
    departments, owners, units = [], [], {}
    for k, s in enumerate(sums):
        if not s.ok:
            continue
        units.update({f"{k}:{lid}": SimpleNamespace(**u) for lid, u in s.data["units"].items()})
        for d in s.data["departments"]:
            departments.append(IndexedDepartment(f"{k}:{d['id']}", d["name"], tuple(d["aliases"]),
                                                 f"{k}:{d['unit']}" if d["unit"] else None, tuple(d["duties"])))
            local = d["unit"]
            seats = [x for x in s.data["seats"] if local and x["unit"] == local]
            owners.append({
                "k": k, "meeting": {"key": s.ref.key, "name": s.name, "dir": s.ref.dir},
                "department": {"id": d["id"], "name": d["name"]}, "local": local,
                "register_id": s.ref.register_id(local), "unit_name": (s.unit(local) or {}).get("name"),
                "unit_here": s.unit_name(local),
                "member": next((x for x in seats if x["role"] == "成员"), None),
                "liaison": next((x for x in seats if x["role"] == "联络员"), None),
            })
    index = Index(departments, load_lexicon(None))
    index.related  # built now, so that it is stored with the index
    for sentence in index.sentences:  # plain dicts load faster than Counters (only .get is used)
        sentence.tf = dict(sentence.tf)
        sentence.spans = None  # recomputed for the few sentences shown (who._sentence_spans)
    names = department_names(departments, units)  # how a caller may name each department (negations)
    skipped = [{"meeting": s.ref.key, "dir": s.ref.dir, "problems": [p.text() for p in s.problems[:3]],
                "count": len(s.problems)} for s in sums if not s.ok]
    value = (index, owners, names, skipped, len(sums))
    _write_cache(path, (digest, *value))
    return value


# ------------------------------------------------------------------ per-unit slices (lianxi unit)


def _slice_dir(ws: Workspace) -> Path:
    path = _cache_path(ws.root)
    return path.with_name(f"units-{path.stem}")


def _load_pickle(path: Path):
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as handle:
            from _pickle import load

            return load(handle)
    except Exception:  # noqa: BLE001 - a missing or unreadable entry is a cache miss
        return None
    finally:
        if paused:
            gc.enable()


def read_slices(ws: Workspace, digest: str):
    """(matcher entries, skipped meetings, rid → [Summary]) stored for ``digest``, else None."""
    from ..modelcache import enabled

    if not enabled():
        return None
    folder = _slice_dir(ws)
    stored = _load_pickle(folder / "names.pickle")
    if not isinstance(stored, tuple) or len(stored) != 4 or stored[0] != digest:
        return None
    _, entries, skipped, files = stored
    refs = {r.dir: r for r in ws.meetings}

    def load(rid: str) -> list[Summary]:
        value = _load_pickle(folder / files[rid]) if rid in files else None
        if not isinstance(value, tuple) or value[0] != digest:
            raise LianxiError("工作区缓存在查询途中被改写，请再运行一次")
        return [Summary(refs[d], data) for d, data in value[1] if d in refs]

    return entries, skipped, load


def write_slices(ws: Workspace, digest: str, entries: list, skipped: list, slices: dict) -> None:
    from ..modelcache import enabled

    if not enabled():
        return
    folder = _slice_dir(ws)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in folder.glob("*.pickle"):
            old.unlink()
    except OSError:
        return
    files = {}
    for n, (rid, sums) in enumerate(slices.items()):
        files[rid] = f"u{n}.pickle"
        _write_cache(folder / files[rid], (digest, [(s.ref.dir, s.data) for s in sums]))
    _write_cache(folder / "names.pickle", (digest, entries, skipped, files))
