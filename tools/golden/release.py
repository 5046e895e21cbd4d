#!/usr/bin/env python3
"""Writes the golden dataset's figures as released figures: one
"sos-release/1" file per wave and the benchmark as "sos-benchmark/1"
(tests/fixtures/report/release-WAVE.json, benchmark.json), for the
`sos report` tests, which read release files as the endpoint keeps them.

A plain format conversion of tests/fixtures/report/dataset.json, no
arithmetic: each (wave, group, role) figure becomes one role's cells, in the
order of the release's keys. The keys are those the dataset keeps
(respondents, the dimensions, two items' distributions); a kept key a figure
neither has nor withholds is a released zero, [0, 0, 0], as in the dataset.

Usage: tools/golden/release.py [DATASET] [FOLDER]
"""
import json
import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def keys_of(dataset):
    """respondents, the dimensions in survey order, then each kept item and its options."""
    dimensions = ["dimension/" + d["dimension"] for d in dataset["benchmark"]["dimensions"]]
    seen = set()
    for f in dataset["figures"]:
        seen.update(f["aggregate"]["cells"])
        seen.update(f["withheld"])
    questions = sorted({k.split("/")[1] for k in seen if k.startswith(("question/", "option/"))})
    items = []
    for q in questions:
        items.append("question/" + q)
        items.extend(sorted(k for k in seen if k.startswith("option/" + q + "/")))
    return ["respondents"] + dimensions + items


def cell(figure, key):
    if key in figure["withheld"]:
        return None
    c = figure["aggregate"]["cells"].get(key, {})
    return [c.get("n", 0), c.get("sum", 0), c.get("sumsq", 0)]


def release(dataset, wave, keys):
    groups = []
    for g in dataset["groups"]:
        figures = {f["role"]: f for f in dataset["figures"] if f["wave"] == wave and f["group"] == g["id"]}
        everyone = figures[""]
        respondents = cell(everyone, "respondents")
        groups.append({
            "id": g["id"], "parent": g["parent"], "headcount": 0,
            "respondents": None if respondents is None else respondents[0],
            "managersIncluded": not everyone.get("leftOutRole"),
            "comments": False,
            "roles": [{"role": role, "cells": [cell(figures[role], k) for k in keys]}
                      for role in ("", "seller", "manager")],
        })
    return {"format": "sos-release/1", "survey": dataset["surveyId"], "version": dataset["version"],
            "state": "closed", "k": dataset["k"], "managerRole": "manager", "keys": keys, "groups": groups}


def benchmark(dataset):
    b = dataset["benchmark"]
    return {"format": "sos-benchmark/1", "survey": dataset["surveyId"], "source": b["source"], "date": b["date"],
            "k": dataset["k"], "minOrganisations": 5,
            "dimensions": [{"id": d["dimension"], "mean": d["mean"], "organisations": 0 if d["mean"] is None else 5}
                           for d in b["dimensions"]]}


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests/fixtures/report/dataset.json")
    folder = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "tests/fixtures/report")
    with open(source, encoding="utf-8") as f:
        dataset = json.load(f)
    keys = keys_of(dataset)
    for wave in dataset["waves"]:
        with open(os.path.join(folder, "release-%s.json" % wave), "w", encoding="utf-8") as f:
            json.dump(release(dataset, wave, keys), f, separators=(",", ":"))
            f.write("\n")
    with open(os.path.join(folder, "benchmark.json"), "w", encoding="utf-8") as f:
        json.dump(benchmark(dataset), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
