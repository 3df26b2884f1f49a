"""lianxi — a county joint meeting system (联席会议制度) kept as validated data."""

__version__ = "0.1.0"
