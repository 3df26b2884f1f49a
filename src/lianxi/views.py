"""Read-only views of a data directory, as plain dicts: the stable ``--json`` output.

The CLI prints these as text or JSON; other code (renderers, checks) can use them too.
Unknown values are ``null`` in JSON and shown as 待报送/未载明 in text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from .dataset import Dataset
from .model import Department, Holder, Seat, UNKNOWN

PENDING = "待报送"  # a value the units still have to report (liaisons)
NOT_STATED = "未载明"  # a value the establishing notice does not give
VACANT = "空缺·待报送"  # a seat whose holder left (succession vacate), no successor recorded yet


def vacant_since(seat: Optional[Seat], day: dt.date) -> Optional[str]:
    """The day a seat fell vacant, when its last holder left before ``day`` and nobody followed."""
    if seat is None or not seat.holders or seat.holder_on(day) is not None:
        return None
    last = seat.holders[-1]
    if last.end is None or last.end >= day:
        return None
    return (last.end + dt.timedelta(days=1)).isoformat()


def iso(value: Any) -> Optional[str]:
    if isinstance(value, dt.date):
        return value.isoformat()
    return None if value in (None, UNKNOWN) else str(value)


def person(holder: Optional[Holder]) -> Optional[dict]:
    if holder is None:
        return None
    return {
        "name": holder.name,
        "post": holder.post,
        "start": iso(holder.start),
        "end": iso(holder.end),
        "phone": holder.phone,
    }


def unit_ref(ds: Dataset, unit_id: Optional[str]) -> Optional[dict]:
    unit = ds.unit(unit_id)
    if unit is None:
        return None
    return {"id": unit.id, "name": unit.name, "short_name": unit.short_name}


def seat_view(ds: Dataset, seat: Seat, day: dt.date) -> dict:
    return {
        "seat": seat.id,
        "role": seat.role,
        "unit": unit_ref(ds, seat.unit),
        "post": seat.post,
        "holder": person(seat.holder_on(day)),
        "vacant_since": vacant_since(seat, day) or _new_unit_seat(ds, seat, day),
    }


def _new_unit_seat(ds: Dataset, seat: Seat, day: dt.date) -> Optional[str]:
    """A seat of a unit that joined later (member add) with nobody recorded yet: empty since it joined."""
    unit = ds.unit(seat.unit)
    if seat.holder_on(day) is None and unit is not None and unit.joined is not None and unit.joined <= day:
        return unit.joined.isoformat()
    return None


def department_view(ds: Dataset, dept: Department, day: dt.date) -> dict:
    member = ds.seat_of(dept.unit, "成员") if dept.unit else None
    liaison = ds.seat_of(dept.unit, "联络员") if dept.unit else None
    return {
        "id": dept.id,
        "name": dept.name,
        "duties": list(dept.duties),
        "unit": unit_ref(ds, dept.unit),
        "unit_note": dept.unit_note,
        "member": person(ds.holder(member, day)),
        "member_vacant_since": vacant_since(member, day),
        "liaison": person(ds.holder(liaison, day)),
        "as_of": day.isoformat(),
    }


def grep_duties(ds: Dataset, word: str) -> list[dict]:
    """Every duty sentence containing ``word``, with the character spans of each occurrence."""
    hits = []
    for dept in ds.duties.departments:
        for index, text in enumerate(dept.duties, 1):
            spans = []
            start = text.find(word)
            while start >= 0 and word:
                spans.append([start, start + len(word)])
                start = text.find(word, start + len(word))
            if spans:
                hits.append({
                    "department": dept.name,
                    "department_id": dept.id,
                    "unit": unit_ref(ds, dept.unit),
                    "item": index,
                    "text": text,
                    "spans": spans,
                })
    return hits


def roster_view(ds: Dataset, day: dt.date, *, liaisons: bool = False) -> dict:
    seats = [seat_view(ds, s, day) for s in ds.members.seats
             if (s.role == "联络员") == liaisons and ds.active_on(s.unit, day)]  # retired units' seats: history only
    return {"name": ds.charter.name, "as_of": day.isoformat(), "seats": seats}


def info_view(ds: Dataset) -> dict:
    charter = ds.charter
    data = charter.model_dump(mode="json")
    if charter.office and charter.office.director_seat:
        seat = ds.seats.get(charter.office.director_seat)
        data["office"]["director"] = seat_view(ds, seat, ds_today()) if seat else None
    return data


def ds_today() -> dt.date:
    from .dates import today

    return today()
