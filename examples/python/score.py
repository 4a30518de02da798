#!/usr/bin/env python3
"""Scores a dataset through libchibo's C API with ctypes (the standard library alone) and prints
the summary `chibo score DATASET --year YEAR` prints.

    CHIBO_LIBRARY=build/src/libchibo.so python3 examples/python/score.py DATASET YEAR
"""
import ctypes
import ctypes.util
import os
import sys


def main(argv):
    if len(argv) != 3:
        print(f"usage: {argv[0]} DATASET YEAR", file=sys.stderr)
        return 2
    lib = ctypes.CDLL(os.environ.get("CHIBO_LIBRARY") or ctypes.util.find_library("chibo") or "libchibo.so.1")
    handle = ctypes.POINTER(ctypes.c_void_p)
    lib.chibo_last_error.restype = ctypes.c_char_p
    lib.chibo_dataset_load.argtypes = [ctypes.c_char_p, ctypes.c_void_p, handle]
    lib.chibo_policy_load.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t, handle]
    lib.chibo_score_year.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, handle]
    lib.chibo_report_summary.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t,
                                         ctypes.POINTER(ctypes.c_size_t)]
    for name in ("chibo_dataset_release", "chibo_policy_release", "chibo_report_release"):
        getattr(lib, name).argtypes = [ctypes.c_void_p]

    def check(status, what):
        if status != 0:
            print(f"{what}: {lib.chibo_last_error().decode()}", file=sys.stderr)
            sys.exit(2)

    dataset, policy, report = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    check(lib.chibo_dataset_load(argv[1].encode(), None, ctypes.byref(dataset)), argv[1])
    check(lib.chibo_policy_load(b"default", None, 0, ctypes.byref(policy)), "policy")
    check(lib.chibo_score_year(dataset, policy, int(argv[2]), ctypes.byref(report)), "score")
    needed = ctypes.c_size_t()
    check(lib.chibo_report_summary(report, 0, None, 0, ctypes.byref(needed)), "summary")
    text = ctypes.create_string_buffer(needed.value)
    check(lib.chibo_report_summary(report, 0, text, needed.value, ctypes.byref(needed)), "summary")
    sys.stdout.write(text.value.decode())
    for name, h in (("chibo_report_release", report), ("chibo_policy_release", policy),
                    ("chibo_dataset_release", dataset)):
        getattr(lib, name)(h)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
