"""Measure ``lianxi who`` on the question sets of tests/who_questions.py.

    python scripts/who_eval.py [--misses] [--calibration]

Prints, per joint meeting and category: top-1 and top-3 accuracy, refusals of in-scope
questions, and (for out-of-scope questions) refusals; with --calibration the share of
right answers at each confidence level. The tests assert the same numbers with margins.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from who_questions import CATEGORIES, SETS  # noqa: E402

DATA = {"bundled": None, "bundled-notable": None, "qianxin": REPO / "tests" / "fixtures" / "qianxin"}
QUESTIONS = {"bundled": "bundled", "bundled-notable": "bundled", "qianxin": "qianxin"}
OWN_TABLE = {"bundled-notable": False}  # the bundled data with its office table switched off
NAMES = tuple(DATA)


def open_dataset(name: str):
    from lianxi.dataset import Dataset
    from lianxi.store import bundled_dir

    return Dataset.open(DATA[name] or bundled_dir("data"))


def outcome(ds, question: str, expected, own_table: bool = True) -> dict:
    """One question: what came back and whether it was right."""
    from lianxi import who

    answer = who.ask(ds, question, own_table=own_table)
    ids = [h.department.id for h in answer.ranking]
    refused = not answer.found or not getattr(answer, "in_scope", True)
    shown = [h.department.id for h in ([answer.ranking[0]] + list(answer.runners_up))] if answer.ranking else []
    shown = list(getattr(answer, "shown_ids", lambda: shown)())
    level = getattr(answer, "confidence", None)
    if expected is None:
        return {"question": question, "expected": None, "refused": refused, "right": refused,
                "top1": refused, "top3": refused, "shown": shown, "level": level, "got": ids[:3]}
    want = expected if isinstance(expected, tuple) else (expected,)
    top1 = not refused and bool(ids) and ids[0] in want
    top3 = all(w in ids[:3] for w in want) if isinstance(expected, tuple) else expected in ids[:3]
    both = all(w in shown for w in want) and not refused
    return {"question": question, "expected": expected, "refused": refused, "right": top1, "top1": top1,
            "top3": top3, "both": both, "shown": shown, "level": level, "got": ids[:3]}


def evaluate(name: str) -> dict:
    ds = open_dataset(name)
    own = OWN_TABLE.get(name, True)
    return {cat: [outcome(ds, q, e, own) for q, e in SETS[QUESTIONS[name]][cat]] for cat in CATEGORIES}


def summary(results: dict) -> dict:
    out = {}
    for cat, rows in results.items():
        n = len(rows)
        if cat == "out_of_scope":
            out[cat] = {"n": n, "refused": sum(r["refused"] for r in rows)}
        else:
            out[cat] = {"n": n, "top1": sum(r["top1"] for r in rows), "top3": sum(r["top3"] for r in rows),
                        "refused": sum(r["refused"] for r in rows)}
            if cat == "shared":
                out[cat]["both"] = sum(r["both"] for r in rows)
    return out


def calibration(all_results: list) -> dict:
    """level → (right, total) over the questions answered (refusals are counted apart, as "拒答")."""
    table: dict = {}
    for results in all_results:
        for rows in results.values():
            for r in rows:
                level = "拒答" if r["refused"] else (r["level"] or "—")
                right, total = table.get(level, (0, 0))
                table[level] = (right + bool(r["right"]), total + 1)
    return table


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="list the questions answered wrongly")
    parser.add_argument("--calibration", action="store_true")
    args = parser.parse_args()
    everything = []
    for name in NAMES:
        results = evaluate(name)
        everything.append(results)  # calibration over all three: with and without an office table
        print(f"\n{name}")
        for cat, s in summary(results).items():
            if cat == "out_of_scope":
                print(f"  {cat:<13} n={s['n']:<3} refused {s['refused']}/{s['n']}")
            else:
                extra = f"  both shown {s['both']}/{s['n']}" if "both" in s else ""
                print(f"  {cat:<13} n={s['n']:<3} top1 {s['top1']}/{s['n']}  top3 {s['top3']}/{s['n']}"
                      f"  refused {s['refused']}{extra}")
        if args.misses:
            for cat, rows in results.items():
                for r in rows:
                    if not r["right"] or (cat == "shared" and not r.get("both")):
                        print(f"    MISS {cat}: {r['question'][:40]} want {r['expected']} got {r['got']}"
                              f" refused={r['refused']} shown={r['shown']} level={r['level']}")
    if args.calibration:
        print("\nconfidence  right/total")
        for level, (right, total) in sorted(calibration(everything).items()):
            print(f"  {level}  {right}/{total} = {right / total:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
