"""A data directory, loaded on demand and indexed for queries.

A query reads only the files it needs: ``Dataset.members`` reads ``members.yaml`` the
first time it is asked for, and never again; a file whose exact text was validated
before comes from the validated-model cache (:func:`lianxi.store.load_valid`).
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Optional

from .dates import today
from .model import Charter, Department, DutiesFile, Holder, MembersFile, Seat, Unit
from .store import load_valid, resolve_data_dir


class Dataset:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def open(cls, option: str | Path | None = None) -> "Dataset":
        return cls(resolve_data_dir(option))

    # ---- files (each parsed at most once)
    @cached_property
    def members(self) -> MembersFile:
        return load_valid(self.root, "members.yaml", MembersFile)

    @cached_property
    def duties(self) -> DutiesFile:
        return load_valid(self.root, "duties.yaml", DutiesFile)

    @cached_property
    def charter(self) -> Charter:
        return load_valid(self.root, "charter.yaml", Charter)

    # ---- indexes
    @cached_property
    def units(self) -> dict[str, Unit]:
        return {unit.id: unit for unit in self.members.units}

    @cached_property
    def seats(self) -> dict[str, Seat]:
        return {seat.id: seat for seat in self.members.seats}

    def unit(self, unit_id: Optional[str]) -> Optional[Unit]:
        return self.units.get(unit_id) if unit_id else None

    def unit_name(self, unit_id: Optional[str]) -> str:
        unit = self.unit(unit_id)
        return unit.display_name if unit else "（无对应成员单位）"

    def seats_of(self, unit_id: str, role: Optional[str] = None) -> list[Seat]:
        return [s for s in self.members.seats
                if s.unit == unit_id and (role is None or s.role == role)]

    def seat_of(self, unit_id: str, role: str) -> Optional[Seat]:
        found = self.seats_of(unit_id, role)
        return found[0] if found else None

    def holder(self, seat: Optional[Seat], day: Optional[dt.date] = None) -> Optional[Holder]:
        if seat is None:
            return None
        return seat.holder_on(day or today())

    def departments_of(self, unit_id: str) -> list[Department]:
        return [d for d in self.duties.departments if d.unit == unit_id]

    def member_units(self, day: Optional[dt.date] = None) -> list[Unit]:
        """The member units; given ``day``, those that were members on it (joined, not yet retired)."""
        return [u for u in self.members.units if u.member and (day is None or u.active_on(day))]

    def active_on(self, unit_id: Optional[str], day: dt.date) -> bool:
        """Whether a unit is part of the joint meeting on ``day`` (a seat without a unit always is)."""
        unit = self.unit(unit_id)
        return unit is None or unit.active_on(day)
