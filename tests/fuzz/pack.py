#!/usr/bin/python3
"""Packs a dataset folder into one fuzz input for fuzz_dataset: each table after a line "##NAME".

usage: pack.py FOLDER OUTPUT
"""
import os
import sys

folder, output = sys.argv[1:3]
with open(output, "wb") as out:
    for name in sorted(os.listdir(folder)):
        if name.endswith(".csv"):
            out.write(b"##" + name[:-4].encode() + b"\n")
            with open(os.path.join(folder, name), "rb") as f:
                body = f.read()
            out.write(body if body.endswith(b"\n") else body + b"\n")
