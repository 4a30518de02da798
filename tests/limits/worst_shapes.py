#!/usr/bin/python3
"""Worst shapes of input cost work in proportion to their size, never more.

Each shape is built from the sample dataset at two sizes, n and 4n, and `chibo validate` is run
on it under Valgrind's callgrind, which counts the instructions executed: a count, not a time,
so the test is as exact on a busy machine as on an idle one. The work a shape adds is its count
less that of the unchanged sample; four times the shape must cost less than six times the work
(linear: 4; quadratic: 16).

usage: worst_shapes.py CHIBO SAMPLE_DATASET SCRATCH
"""
import os
import re
import shutil
import subprocess
import sys

chibo, sample, scratch = sys.argv[1:4]
LIMITS = ["--max-field", "64M", "--max-line", "64M", "--threads", "1"]


def instructions(folder, expect_code):
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", chibo, "validate", folder] + LIMITS,
        capture_output=True, text=True)
    if run.returncode != expect_code:
        sys.exit(f"chibo validate {folder}: exit {run.returncode}, expected {expect_code}\n{run.stdout}\n{run.stderr}")
    found = re.search(r"Collected : (\d+)", run.stderr)
    if not found:
        sys.exit(f"no instruction count from callgrind:\n{run.stderr}")
    return int(found.group(1))


def copy(name):
    folder = os.path.join(scratch, name)
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(sample, folder)
    return folder


def rewrite(folder, table, change):
    path = os.path.join(folder, table + ".csv")
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(change(text))


def first_row_fields(text):
    lines = text.split("\n")
    return lines[0].lstrip("\ufeff").split(","), lines[1]


# Each shape: (name, exit code of validate, function(folder, n) that makes the shape).
def escaped_quotes(folder, n):
    # One task whose description is n escaped quotes: the reader once searched each escaped
    # field for its end again, field by field.
    def change(text):
        header, _ = first_row_fields(text)
        lines = text.split("\n")
        cells = lines[1].split(",")
        cells[header.index("description")] = '"' + '""' * n + '"'
        lines[1] = ",".join(cells)
        return "\n".join(lines)
    rewrite(folder, "tasks", change)


def long_line(folder, n):
    def change(text):
        header, _ = first_row_fields(text)
        lines = text.split("\n")
        cells = lines[1].split(",")
        cells[header.index("description")] = "a" * (2 * n)
        lines[1] = ",".join(cells)
        return "\n".join(lines)
    rewrite(folder, "tasks", change)


def every_row_wrong(folder, n):
    # n attendance rows, each with a status that is not one: each fails the fast path, is read
    # again, and only the first problems are listed.
    def change(text):
        lines = text.rstrip("\n").split("\n")
        rows = [re.sub(r",(present|late|excused|absent),", ",co mat,", l, count=1) for l in lines[1:]]
        out = [lines[0]]
        while len(out) <= n:
            out.extend(rows)
        return "\n".join(out[: n + 1]) + "\n"
    rewrite(folder, "attendance", change)


def deep_chain(folder, n):
    # n grassroots committees each under the one before: a tree of depth n.
    def change(text):
        header, _ = first_row_fields(text)
        width = len(header)
        rows = []
        parent = "D1"
        for i in range(n):
            cells = [""] * width
            cells[header.index("id")] = f"X{i}"
            cells[header.index("parent_id")] = parent
            cells[header.index("kind")] = "grassroots"
            cells[header.index("name")] = f"Đảng ủy {i}"
            rows.append(",".join(cells))
            parent = f"X{i}"
        return text.rstrip("\n") + "\n" + "\n".join(rows) + "\n"
    rewrite(folder, "org_units", change)


def unclosed_quote(folder, n):
    # A quote opened in the first row and never closed, with n rows after it.
    def change(text):
        lines = text.rstrip("\n").split("\n")
        out = [lines[0], lines[1].replace(",", ',"', 1)]
        while len(out) < n:
            out.extend(lines[2:])
        return "\n".join(out[:n]) + "\n"
    rewrite(folder, "attendance", change)


def repeated_rows(folder, n):
    # The same attendance row n times: each is a repeated row to find and report.
    def change(text):
        lines = text.rstrip("\n").split("\n")
        return "\n".join([lines[0]] + [lines[1]] * n) + "\n"
    rewrite(folder, "attendance", change)


shapes = [
    ("escaped quotes", 0, escaped_quotes, 50_000),
    ("a long line", 0, long_line, 50_000),
    ("every row wrong", 2, every_row_wrong, 5_000),
    ("a deep chain of committees", None, deep_chain, 2_000),
    ("an unclosed quote", 2, unclosed_quote, 20_000),  # both sizes cut into parts
    ("repeated rows", 2, repeated_rows, 5_000),
]

base = instructions(copy("base"), 0)
print(f"unchanged sample: {base:,} instructions")
failed = []
for name, code, make, n in shapes:
    work = []
    for size in (n, 4 * n):
        folder = copy(f"shape-{size}")
        make(folder, size)
        if code is None:  # whatever the loader decides, the same for both sizes
            probe = subprocess.run([chibo, "validate", folder] + LIMITS, capture_output=True)
            code = probe.returncode
        work.append(instructions(folder, code) - base)
    ratio = work[1] / work[0] if work[0] > 0 else float("inf")
    print(f"{name}: n={n:,}: {work[0]:,} instructions; 4n: {work[1]:,}; ratio {ratio:.2f} (exit {code})")
    if work[0] < 100_000:
        failed.append(f"{name}: the shape added too little work to measure ({work[0]:,} instructions)")
    if ratio >= 6:
        failed.append(f"{name}: 4 times the input took {ratio:.1f} times the work")
if failed:
    sys.exit("\n".join(failed))
