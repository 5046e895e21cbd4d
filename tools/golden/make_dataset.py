#!/usr/bin/env python3
"""Builds the golden report dataset (tests/fixtures/report/dataset.json).

Runs `sos simulate` with fixed seeds on the standard survey for each team,
wave and role, adds the teams up into their region and the company (as the
endpoint does when it releases subtree figures), and withholds with a plain
k rule: figures of fewer than k respondents entirely, and every other cell
counted by fewer than k. That is a simpler rule than the endpoint's (docs/
anonymity.md): the report reads whatever it is given, and this dataset only
has to be fixed and realistic.

Usage: tools/golden/make_dataset.py SOS_TOOL [OUTPUT]
"""
import json
import os
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SURVEY = "surveys/standard/survey.json"
K = 5
WAVES = ["2025", "2026"]
# The cells kept: everything the golden figures read, and the distributions
# of two items (the whole survey's option cells would make a large file).
KEPT_QUESTIONS = ["co_regular", "jv_regular"]

# group id, parent, attributes, sellers, managers
TEAMS = [
    ("team_n1", "north", {"performance_pay": True, "selling": "complex", "field_visits": True}, 9, 2),
    ("team_n2", "north", {"performance_pay": False, "selling": "complex", "field_visits": False}, 7, 2),
    ("team_s1", "south", {"performance_pay": True, "selling": "volume", "field_visits": True}, 3, 1),
    ("team_s2", "south", {"performance_pay": False, "selling": "volume", "field_visits": True}, 12, 2),
]
GROUPS = [("acme", ""), ("north", "acme"), ("south", "acme")] + [(t[0], t[1]) for t in TEAMS]
ROLES = ["seller", "manager"]


def simulate(tool, attributes, role, n, seed):
    out = subprocess.run(
        [tool, "simulate", os.path.join(ROOT, SURVEY), "--respondents", str(n), "--seed", str(seed),
         "--group", json.dumps(attributes), "--roles", role + "=1"],
        check=True, capture_output=True, text=True).stdout
    doc = json.loads(out)
    return {key: cell for key, cell in doc["cells"].items() if kept(key)}, doc


def kept(key):
    if key == "respondents" or key.startswith("dimension/"):
        return True
    parts = key.split("/")
    return parts[0] in ("question", "option") and parts[1] in KEPT_QUESTIONS


def add(into, cells):
    for key, cell in cells.items():
        target = into.setdefault(key, {})
        for field, value in cell.items():
            target[field] = target.get(field, 0) + value


def subtree(group):
    children = [g for g, parent in GROUPS if parent == group]
    return [group] if not children else [t for c in children for t in subtree(c)]


def release(cells, role, survey_id, version, left_out_role=""):
    respondents = cells.get("respondents", {}).get("n", 0)
    if respondents < K:
        withheld = sorted(set(cells) | {"respondents"})
    else:
        withheld = sorted(key for key, cell in cells.items() if 0 < cell.get("n", 0) < K)
    shown = {key: cell for key, cell in sorted(cells.items()) if key not in withheld}
    aggregate = {"format": "sos-aggregate/1", "survey": survey_id, "version": version, "role": role, "cells": shown}
    entry = {"role": role, "aggregate": aggregate, "withheld": withheld}
    if left_out_role:
        entry["leftOutRole"] = left_out_role
    return entry


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
    tool = sys.argv[1]
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "tests/fixtures/report/dataset.json")
    direct = {}  # (wave, team, role) -> cells
    survey_id = version = None
    seed = 1000
    for wave in WAVES:
        for team, _parent, attributes, sellers, managers in TEAMS:
            for role, n in (("seller", sellers), ("manager", managers)):
                seed += 1
                cells, doc = simulate(tool, attributes, role, n, seed)
                survey_id, version = doc["survey"], doc["version"]
                direct[(wave, team, role)] = cells
    figures = []
    for wave in WAVES:
        for group, _parent in GROUPS:
            by_role = {}
            for role in ROLES:
                cells = {}
                for team in subtree(group):
                    add(cells, direct[(wave, team, role)])
                by_role[role] = cells
            entries = [release(by_role[role], role, survey_id, version) for role in ROLES]
            # All roles: managers only where at least k of them answered.
            managers = by_role["manager"].get("respondents", {}).get("n", 0)
            everyone = {}
            add(everyone, by_role["seller"])
            if managers >= K:
                add(everyone, by_role["manager"])
            entries.insert(0, release(everyone, "", survey_id, version, "" if managers >= K else "manager"))
            for entry in entries:
                figures.append(dict({"wave": wave, "group": group}, **entry))
    dataset = {
        "about": "Golden report dataset: made by tools/golden/make_dataset.py with sos simulate (fixed seeds); "
                 "expected figures in expected.json come from tools/golden/expected.py",
        "survey": SURVEY,
        "surveyId": survey_id,
        "version": version,
        "k": K,
        "waves": WAVES,
        "groups": [{"id": g, "parent": p} for g, p in GROUPS],
        # An invented benchmark: 3.65 and 3.75 sit on rounding edges, and
        # one dimension has none (fewer than five organisations).
        "benchmark": {"source": "golden fixture", "date": "2026-01-31", "dimensions": [
            {"dimension": "customer_responsibility", "mean": 3.65},
            {"dimension": "goals_follow_up", "mean": 3.4},
            {"dimension": "visibility", "mean": 3.75},
            {"dimension": "forecasting", "mean": 3.2},
            {"dimension": "business_opportunities", "mean": None},
            {"dimension": "coaching", "mean": 3.35},
            {"dimension": "planning", "mean": 3.55},
            {"dimension": "joint_visits", "mean": 3.1},
            {"dimension": "improvement_programmes", "mean": 3.0},
        ]},
        "figures": figures,
    }
    with open(output, "w", encoding="utf-8") as f:
        f.write(dump_lines(dataset))


if __name__ == "__main__":
    main()
