#!/usr/bin/env python3
"""Computes the expected report figures of the golden dataset, independently
of the engine (Python standard library only, exact fractions), as
docs/report.md defines them.

Reads tests/fixtures/report/dataset.json and the standard survey, writes
tests/fixtures/report/expected.json. tests/engine/report_golden_test.cpp
checks that the engine's report gives exactly these figures.

Usage: tools/golden/expected.py [DATASET] [OUTPUT]
"""
import json
import math
import os
import sys
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
GREEN_ABOVE = Fraction(37, 10)
MAX_LISTED = 3  # strengths and improvement areas
Z95 = Fraction(196, 100)


def round_half_up(value):
    """A Fraction to the nearest integer, halves towards +infinity."""
    return math.floor(value + Fraction(1, 2))


def score(cell):
    """Mean, displayed value and sample standard deviation of a score cell."""
    n, total, squares = cell["n"], cell.get("sum", 0), cell.get("sumsq", 0)
    mean = Fraction(total, n * 10000)  # on 1-5
    out = {"n": n, "meanE4": round_half_up(mean * 10000), "tenths": round_half_up(mean * 10), "sdE4": None}
    if n >= 2:
        spread = n * squares - total * total  # n^2 * variance(population), in 1/10^8ths
        # sd in 1/10,000ths = sqrt(spread / (n (n - 1))); half up via the integer root of 4x.
        out["sdE4"] = (math.isqrt(4 * spread // (n * (n - 1))) + 1) // 2
    return out


def likert_items(elements):
    """(id, offers "don't know") of every likert item and matrix row."""
    for e in elements:
        if e.get("type") == "likert":
            yield e["id"], e.get("notApplicable", False)
        elif e.get("type") == "matrix":
            for row in e["rows"]:
                yield row["id"], e.get("notApplicable", False)
        elif e.get("type") == "panel":
            yield from likert_items(e["elements"])


def exact_mean(cell):
    return Fraction(cell["sum"], cell["n"])


def benchmark_tenths(mean):
    if mean is None:
        return None
    e4 = Decimal(repr(mean)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) * 10000
    return round_half_up(Fraction(int(e4), 1000))


def colour(tenths, bench):
    if Fraction(tenths, 10) > GREEN_ABOVE:
        return "green"
    if bench is None:
        return "neutral"
    return "red" if tenths < bench else "yellow"


def band(survey, tenths):
    for b in survey.get("scoreBands", []):
        if "max" not in b or Fraction(tenths, 10) <= Fraction(Decimal(repr(b["max"]))):
            return b["id"]
    return ""


def group_report(survey, benchmark, kept_questions, figure):
    cells, withheld = figure["aggregate"]["cells"], set(figure["withheld"])
    respondents = None if "respondents" in withheld else cells.get("respondents", {}).get("n", 0)
    dims = []
    for d in survey["dimensions"]:
        key = "dimension/" + d["id"]
        bench = benchmark_tenths(benchmark.get(d["id"]))
        entry = {"id": d["id"], "benchmarkTenths": bench}
        released = key not in withheld
        scored = released and cells.get(key, {}).get("n", 0) > 0
        if scored:
            s = score(cells[key])
            entry.update(state="shown", **s)
            entry["colour"] = colour(s["tenths"], bench)
            entry["band"] = band(survey, s["tenths"])
            entry["exact"] = exact_mean(cells[key])
        elif released and (respondents or 0) > 0:
            entry.update(state="not_applicable", colour="none", band="")
        else:
            entry.update(state="withheld", colour="none", band="")
        dims.append(entry)
    shown = [d for d in dims if d["state"] == "shown"]
    ranked = sorted(shown, key=lambda d: -d["exact"])  # stable: ties keep survey order
    for i, d in enumerate(ranked):
        d["rank"] = i + 1
    for d in dims:
        d.setdefault("rank", 0)
    strengths = [d["id"] for d in ranked if d["colour"] == "green"][:MAX_LISTED]
    improvements = [d["id"] for d in reversed(ranked) if d["colour"] != "green"][:MAX_LISTED]
    questions = []
    for qid, not_applicable in kept_questions:
        answered = None if "question/" + qid in withheld else cells.get("question/" + qid, {}).get("n", 0)
        options = []
        for value in ["1", "2", "3", "4", "5"] + (["na"] if not_applicable else []):
            key = "option/%s/%s" % (qid, value)
            count = None if key in withheld else cells.get(key, {}).get("n", 0)
            percent = None
            if count is not None and answered:
                percent = round_half_up(Fraction(count * 100, answered))
            options.append({"value": value, "count": count, "percent": percent})
        questions.append({"id": qid, "answered": answered, "options": options})
    for d in dims:
        d.pop("exact", None)
    return {"wave": figure["wave"], "group": figure["group"], "role": figure["role"], "respondents": respondents,
            "dimensions": dims, "ranking": [d["id"] for d in ranked], "strengths": strengths,
            "improvements": improvements, "questions": questions}


def change(before, after):
    """The change of one dimension between two waves (both shown)."""
    n1, s1, q1 = before["n"], before.get("sum", 0), before.get("sumsq", 0)
    n2, s2, q2 = after["n"], after.get("sum", 0), after.get("sumsq", 0)
    difference = Fraction(s2, n2) - Fraction(s1, n1)  # 1/10,000ths
    out = {"tenths": score(after)["tenths"] - score(before)["tenths"],
           "differenceE4": round_half_up(difference), "marginE4": None, "withinChance": None}
    if n1 >= 2 and n2 >= 2:
        # Variance of each mean: s^2 / n with s^2 = (n sumsq - sum^2) / (n (n - 1)).
        var = Fraction(n1 * q1 - s1 * s1, n1 * (n1 - 1) * n1) + Fraction(n2 * q2 - s2 * s2, n2 * (n2 - 1) * n2)
        out["marginE4"] = math.floor(float(Z95) * math.sqrt(float(var)) + 0.5)
        bound = Z95 * Z95 * var
        out["withinChance"] = difference * difference <= bound
        # The engine decides in double precision: keep the dataset clear of ties.
        if bound > 0 and abs(difference * difference - bound) / bound < Fraction(1, 10 ** 9):
            sys.exit("the dataset has a change on the edge of the 95%% interval: change a seed")
    return out


def dump_lines(doc):
    """JSON with one line per entry of each top-level list: short and diffable."""
    parts = []
    for key, value in doc.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            inner = ",\n  ".join(json.dumps(v, ensure_ascii=False) for v in value)
            parts.append("%s: [\n  %s\n ]" % (json.dumps(key), inner))
        else:
            parts.append("%s: %s" % (json.dumps(key), json.dumps(value, ensure_ascii=False)))
    return "{\n " + ",\n ".join(parts) + "\n}\n"


def main():
    dataset_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests/fixtures/report/dataset.json")
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "tests/fixtures/report/expected.json")
    with open(dataset_path, encoding="utf-8") as f:
        dataset = json.load(f)
    with open(os.path.join(ROOT, dataset["survey"]), encoding="utf-8") as f:
        survey = json.load(f)
    benchmark = {d["dimension"]: d["mean"] for d in dataset["benchmark"]["dimensions"]}
    figures = {(f["wave"], f["group"], f["role"]): f for f in dataset["figures"]}
    in_dataset = {k.split("/")[1] for f in dataset["figures"] for k in list(f["aggregate"]["cells"]) + f["withheld"]
                  if k.startswith(("question/", "option/"))}
    items = [item for page in survey["pages"] for item in likert_items(page["elements"])]
    kept_questions = [item for item in items if item[0] in in_dataset]  # survey order
    reports = [group_report(survey, benchmark, kept_questions, f) for f in dataset["figures"]]

    def shown_cell(wave, group, role, dimension):
        f = figures[(wave, group, role)]
        key = "dimension/" + dimension
        cells = f["aggregate"]["cells"]
        if key in f["withheld"] or cells.get(key, {}).get("n", 0) == 0:
            return None
        return cells[key]

    trends = []
    first, last = dataset["waves"][0], dataset["waves"][-1]
    previous = dataset["waves"][-2]
    for (wave, group, role) in figures:
        if wave != last:
            continue
        dims = []
        for d in survey["dimensions"]:
            now = shown_cell(last, group, role, d["id"])
            before = shown_cell(previous, group, role, d["id"])
            since = change(before, now) if now and before else None
            start = next((shown_cell(w, group, role, d["id"]) for w in dataset["waves"][:-1]
                          if shown_cell(w, group, role, d["id"])), None)
            dims.append({"id": d["id"], "sincePrevious": since, "overAll": change(start, now) if now and start else None})
        trends.append({"group": group, "role": role, "waves": dataset["waves"], "dimensions": dims})

    parents = {g["id"]: g["parent"] for g in dataset["groups"]}
    by_key = {(r["wave"], r["group"], r["role"]): r for r in reports}
    comparisons = []
    for (wave, group, role), report in by_key.items():
        if not parents[group] or wave != last:
            continue
        chain = []
        p = parents[group]
        while p:
            chain.append(p)
            p = parents[p]
        dims = []
        for i, d in enumerate(report["dimensions"]):
            diffs = []
            for ref in chain:
                other = by_key[(wave, ref, role)]["dimensions"][i]
                both = d["state"] == "shown" and other["state"] == "shown"
                diffs.append(d["tenths"] - other["tenths"] if both else None)
            dims.append({"id": d["id"], "differences": diffs})
        comparisons.append({"wave": wave, "subject": group, "role": role, "references": chain, "dimensions": dims})

    gaps = []
    for (wave, group, role), sellers in by_key.items():
        if role != "seller":
            continue
        ranked, missing = [], []
        for d in survey["dimensions"]:
            a = shown_cell(wave, group, "seller", d["id"])
            b = shown_cell(wave, group, "manager", d["id"])
            if not a or not b:
                missing.append(d["id"])
                continue
            exact = exact_mean(a) - exact_mean(b)
            ranked.append({"id": d["id"], "tenths": score(a)["tenths"] - score(b)["tenths"],
                           "differenceE4": round_half_up(exact), "size": abs(exact)})
        ranked.sort(key=lambda g: -g["size"])
        for g in ranked:
            g.pop("size")
        gaps.append({"wave": wave, "group": group, "ranked": ranked, "missing": missing})

    expected = {"about": "Expected report figures of dataset.json, computed by tools/golden/expected.py",
                "greenAboveTenths": 37, "reports": reports, "trends": trends,
                "comparisons": comparisons, "gaps": gaps}
    with open(output, "w", encoding="utf-8") as f:
        f.write(dump_lines(expected))


if __name__ == "__main__":
    main()
