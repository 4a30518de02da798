#!/usr/bin/python3
"""Cuts a dataset folder down to one cell and its first meetings, references kept whole, so that
the dataset fuzz target starts from a small valid input.

usage: trim.py FOLDER OUT_FOLDER [MEETINGS]
"""
import csv
import os
import sys

src, out = sys.argv[1:3]
keep_meetings = int(sys.argv[3]) if len(sys.argv) > 3 else 2
os.makedirs(out, exist_ok=True)


def read(name):
    path = os.path.join(src, name + ".csv")
    if not os.path.exists(path):
        return None, []
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def col(header, name):
    return header.index(name) if name in header else None


tables = {n[:-4]: read(n[:-4]) for n in os.listdir(src) if n.endswith(".csv")}
mh, meetings = tables["meetings"]
cell = meetings[0][col(mh, "cell_id")]
meetings = [m for m in meetings if m[col(mh, "cell_id")] == cell][:keep_meetings]
kept = {"meeting_id": {m[col(mh, "id")] for m in meetings}, "cell_id": {cell}}
memh, members = tables["members"]
kept["member_id"] = {m[col(memh, "id")] for m in members if m[col(memh, "cell_id")] == cell}
for name, (header, rows) in tables.items():
    if header is None:
        continue
    if name == "meetings":
        rows = meetings
    elif name != "org_units" and name != "cadres" and name != "briefings":
        for key in ("meeting_id", "member_id", "cell_id"):
            i = col(header, key)
            if i is not None and not (name == "meetings"):
                rows = [r for r in rows if r[i] == "" or r[i] in kept[key]]
        if name == "members":
            rows = [r for r in rows if r[col(header, "id")] in kept["member_id"]]
    with open(os.path.join(out, name + ".csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([header] + rows)
