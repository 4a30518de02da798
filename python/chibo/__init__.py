"""chibo from Python: load a dataset (a folder of CSV files, an SQLite file or a postgresql://
URL), score a period and read the results, through libchibo's C API (include/chibo/chibo.h).

    import chibo
    with chibo.load("data/") as ds:
        report = chibo.score(ds, year=2025)
        print(report.summary())
        for unit in report.units():
            if unit.kind == "cell" and unit.weak:
                print(unit.id, unit.total, [p.rule for p in report.priorities(unit)])

The library is found from CHIBO_LIBRARY (a path), else the system's (libchibo.so.1).
"""
import ctypes
import ctypes.util
import math
import os
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence

__all__ = ["ChiboError", "Problem", "Dataset", "Policy", "Report", "Unit", "Meeting", "Priority",
           "Finding", "InputTable", "Provenance", "Verification", "load", "score", "read_provenance",
           "verify", "api_version", "version"]

_API_MAJOR = 1
_API_MINOR = 1  # provenance
RATINGS = {-1: None, 0: "tot", 1: "kha", 2: "trung_binh", 3: "kem"}
SEVERITIES = {0: "error", 1: "warning", 2: "info"}


class _Problem(ctypes.Structure):
    _fields_ = [("file", ctypes.c_char_p), ("line", ctypes.c_size_t), ("column", ctypes.c_size_t),
                ("row_key", ctypes.c_char_p), ("message", ctypes.c_char_p)]


class _LoadOptions(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("threads", ctypes.c_uint), ("keep_names", ctypes.c_int),
                ("max_problems", ctypes.c_size_t)]


class _Unit(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("id", ctypes.c_char_p), ("name", ctypes.c_char_p),
                ("kind", ctypes.c_char_p), ("parent_id", ctypes.c_char_p), ("total", ctypes.c_double),
                ("rating", ctypes.c_int), ("weak", ctypes.c_int), ("duty", ctypes.c_double),
                ("ratings", ctypes.c_uint32 * 4)]


class _Meeting(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("id", ctypes.c_char_p), ("cell_id", ctypes.c_char_p),
                ("year", ctypes.c_int), ("month", ctypes.c_int), ("day", ctypes.c_int),
                ("total", ctypes.c_double), ("rating", ctypes.c_int)]


class _Priority(ctypes.Structure):
    _fields_ = [("rule_id", ctypes.c_char_p), ("points", ctypes.c_double)]


class _Finding(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("rule_id", ctypes.c_char_p), ("severity", ctypes.c_int),
                ("meeting_id", ctypes.c_char_p), ("member_id", ctypes.c_char_p), ("score", ctypes.c_double)]


class _ProvenanceInfo(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("chibo_version", ctypes.c_char_p), ("policy", ctypes.c_char_p),
                ("policy_hash", ctypes.c_char_p), ("redacted", ctypes.c_int), ("table_count", ctypes.c_size_t)]


class _InputTable(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("name", ctypes.c_char_p), ("source", ctypes.c_char_p),
                ("rows", ctypes.c_uint64), ("bytes", ctypes.c_uint64), ("xxh128", ctypes.c_char_p)]


class _TableCheck(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("state", ctypes.c_int)]


def _library():
    path = os.environ.get("CHIBO_LIBRARY") or ctypes.util.find_library("chibo") or "libchibo.so.1"
    lib = ctypes.CDLL(path)
    P, S, I, U, D = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_uint32, ctypes.c_double
    cs, ref = ctypes.c_char_p, ctypes.POINTER
    signatures = {
        "chibo_api_version": (U, []), "chibo_version": (cs, []), "chibo_last_error": (cs, []),
        "chibo_last_problem_count": (S, []), "chibo_last_problem": (I, [S, ref(_Problem)]),
        "chibo_dataset_load": (I, [cs, ref(_LoadOptions), ref(P)]),
        "chibo_dataset_release": (None, [P]), "chibo_dataset_rows": (S, [P, cs]),
        "chibo_policy_load": (I, [cs, ref(cs), S, ref(P)]), "chibo_policy_release": (None, [P]),
        "chibo_score": (I, [P, P, cs, cs, ref(P)]), "chibo_score_year": (I, [P, P, I, ref(P)]),
        "chibo_report_release": (None, [P]),
        "chibo_report_summary": (I, [P, I, ctypes.c_char_p, S, ref(S)]),
        "chibo_report_write_json": (I, [P, cs]),
        "chibo_report_unit_count": (S, [P]), "chibo_report_unit": (I, [P, S, ref(_Unit)]),
        "chibo_report_find_unit": (I, [P, cs, ref(S)]),
        "chibo_report_unit_measures": (I, [P, S, ref(D), S]),
        "chibo_report_meeting_count": (S, [P]), "chibo_report_meeting": (I, [P, S, ref(_Meeting)]),
        "chibo_report_priorities": (I, [P, S, ref(_Priority), S, ref(S)]),
        "chibo_report_findings": (I, [P, S, ref(P)]), "chibo_findings_count": (S, [P]),
        "chibo_findings_get": (I, [P, S, ref(_Finding)]),
        "chibo_findings_message": (I, [P, S, I, ctypes.c_char_p, S, ref(S)]),
        "chibo_findings_release": (None, [P]),
        "chibo_dataset_provenance": (I, [P, P, ref(P)]), "chibo_report_provenance": (I, [P, ref(P)]),
        "chibo_provenance_read": (I, [cs, ref(P)]),
        "chibo_provenance_get": (I, [P, ref(_ProvenanceInfo)]),
        "chibo_provenance_table": (I, [P, S, ref(_InputTable)]),
        "chibo_provenance_verify": (I, [P, P, ref(I), ref(I), ref(_TableCheck), S, ref(S)]),
        "chibo_provenance_release": (None, [P]),
    }
    for name, (restype, argtypes) in signatures.items():
        f = getattr(lib, name)
        f.restype, f.argtypes = restype, argtypes
    major, minor = lib.chibo_api_version() >> 16, lib.chibo_api_version() & 0xFFFF
    if major != _API_MAJOR or minor < _API_MINOR:
        raise ImportError(f"{path}: C API {major}.{minor}, this module needs {_API_MAJOR}.{_API_MINOR} or a later 1.x")
    return lib


_lib = _library()


def api_version():
    v = _lib.chibo_api_version()
    return v >> 16, v & 0xFFFF


def version():
    return _lib.chibo_version().decode()


@dataclass(frozen=True)
class Problem:
    """Where a rejected dataset is wrong: file:line:column, or a database's table[row key]."""
    file: str
    line: int
    column: int
    row_key: str
    message: str

    def __str__(self):
        if self.row_key:
            return f"{self.file}[{self.row_key}]: {self.message}"
        if self.line == 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ChiboError(Exception):
    """A call failed: `status` is the C API's code, `problems` a rejected dataset's problems."""

    def __init__(self, status, message, problems=()):
        super().__init__(message)
        self.status = status
        self.problems: List[Problem] = list(problems)


def _check(status):
    if status == 0:
        return
    problems = []
    for i in range(_lib.chibo_last_problem_count()):
        p = _Problem()
        if _lib.chibo_last_problem(i, ctypes.byref(p)) == 0:
            problems.append(Problem(p.file.decode(), p.line, p.column, p.row_key.decode(), p.message.decode()))
    raise ChiboError(status, _lib.chibo_last_error().decode(), problems)


def _text(call, *args):
    needed = ctypes.c_size_t(0)
    _check(call(*args, None, 0, ctypes.byref(needed)))
    buffer = ctypes.create_string_buffer(needed.value)
    _check(call(*args, buffer, needed.value, ctypes.byref(needed)))
    return buffer.value.decode()


def _rating(code):
    return RATINGS.get(code)


def _number(x):
    return None if math.isnan(x) else x


class _Handle:
    _release = None

    def __init__(self, pointer):
        self._p = pointer

    def close(self):
        if self._p:
            type(self)._release(self._p)
            self._p = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class Dataset(_Handle):
    """A loaded, checked dataset."""
    _release = _lib.chibo_dataset_release

    def rows(self, table: str) -> int:
        return _lib.chibo_dataset_rows(self._p, table.encode())


class Policy(_Handle):
    """Scoring settings: "default", a built-in profile or a TOML file, with plugin rules."""
    _release = _lib.chibo_policy_release

    def __init__(self, spec: str = "default", plugins: Sequence[str] = ()):
        paths = (ctypes.c_char_p * max(1, len(plugins)))(*[p.encode() for p in plugins])
        out = ctypes.c_void_p()
        _check(_lib.chibo_policy_load(spec.encode(), paths, len(plugins), ctypes.byref(out)))
        super().__init__(out.value)


@dataclass(frozen=True)
class Unit:
    index: int
    id: str
    name: str
    kind: str
    parent_id: Optional[str]
    total: Optional[float]
    rating: Optional[str]
    weak: bool
    duty: Optional[float]
    ratings: tuple


@dataclass(frozen=True)
class Meeting:
    id: str
    cell_id: str
    date: str
    total: Optional[float]
    rating: Optional[str]


@dataclass(frozen=True)
class Priority:
    rule: str
    points: float


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    meeting_id: Optional[str]
    member_id: Optional[str]
    score: float
    message: str


@dataclass(frozen=True)
class InputTable:
    name: str
    source: Optional[str]  # where it was read ("members.csv", "data.sqlite:members"); None if not read
    rows: int
    bytes: int
    xxh128: Optional[str]  # XXH3-128 of its bytes, 32 hex digits


@dataclass(frozen=True)
class Provenance:
    """Which data and rules a report came from (docs/provenance.md)."""
    chibo_version: str
    policy: str
    policy_hash: str
    redacted: bool
    tables: tuple


@dataclass(frozen=True)
class Verification:
    """A report's record against a dataset: `tables` pairs each table's name with "same",
    "differs", "not_in_data" or "not_recorded"."""
    data_same: bool
    same_version: bool
    tables: tuple


TABLE_STATES = {0: "same", 1: "differs", 2: "not_in_data", 3: "not_recorded"}


def _record(make, *args):
    """Calls a C function that makes a provenance record, returns the record's handle."""
    out = ctypes.c_void_p()
    _check(make(*args, ctypes.byref(out)))
    return out


def _provenance(handle) -> Provenance:
    try:
        info = _ProvenanceInfo(size=ctypes.sizeof(_ProvenanceInfo))
        _check(_lib.chibo_provenance_get(handle, ctypes.byref(info)))
        tables = []
        for i in range(info.table_count):
            t = _InputTable(size=ctypes.sizeof(_InputTable))
            _check(_lib.chibo_provenance_table(handle, i, ctypes.byref(t)))
            tables.append(InputTable(t.name.decode(), t.source.decode() or None, t.rows, t.bytes,
                                     t.xxh128.decode() or None))
        return Provenance(info.chibo_version.decode(), info.policy.decode(), info.policy_hash.decode(),
                          bool(info.redacted), tuple(tables))
    finally:
        _lib.chibo_provenance_release(handle)


class Report(_Handle):
    """Scores of every meeting, cell and committee over a period."""
    _release = _lib.chibo_report_release

    def summary(self, lang: str = "vi") -> str:
        return _text(_lib.chibo_report_summary, self._p, 1 if lang == "en" else 0)

    def write_json(self, path: str) -> None:
        _check(_lib.chibo_report_write_json(self._p, os.fspath(path).encode()))

    def provenance(self) -> Provenance:
        """The record a written report of this one carries."""
        return _provenance(_record(_lib.chibo_report_provenance, self._p))

    def __len__(self):
        return _lib.chibo_report_unit_count(self._p)

    def unit(self, index: int) -> Unit:
        u = _Unit(size=ctypes.sizeof(_Unit))
        _check(_lib.chibo_report_unit(self._p, index, ctypes.byref(u)))
        return Unit(index, u.id.decode(), u.name.decode(), u.kind.decode(), u.parent_id.decode() or None,
                    _number(u.total), _rating(u.rating), bool(u.weak), _number(u.duty), tuple(u.ratings))

    def units(self) -> Iterator[Unit]:
        for i in range(len(self)):
            yield self.unit(i)

    def find(self, unit_id: str) -> Unit:
        at = ctypes.c_size_t()
        _check(_lib.chibo_report_find_unit(self._p, unit_id.encode(), ctypes.byref(at)))
        return self.unit(at.value)

    def measures(self, unit) -> List[Optional[float]]:
        values = (ctypes.c_double * 7)()
        _check(_lib.chibo_report_unit_measures(self._p, _index(unit), values, 7))
        return [_number(v) for v in values]

    def meetings(self) -> Iterator[Meeting]:
        for i in range(_lib.chibo_report_meeting_count(self._p)):
            m = _Meeting(size=ctypes.sizeof(_Meeting))
            _check(_lib.chibo_report_meeting(self._p, i, ctypes.byref(m)))
            yield Meeting(m.id.decode(), m.cell_id.decode(), f"{m.year:04d}-{m.month:02d}-{m.day:02d}",
                          _number(m.total), _rating(m.rating))

    def priorities(self, unit, n: int = 3) -> List[Priority]:
        out, count = (_Priority * max(1, n))(), ctypes.c_size_t()
        _check(_lib.chibo_report_priorities(self._p, _index(unit), out, n, ctypes.byref(count)))
        return [Priority(out[k].rule_id.decode(), out[k].points) for k in range(count.value)]

    def findings(self, unit, lang: str = "vi") -> Iterator[Finding]:
        handle = ctypes.c_void_p()
        _check(_lib.chibo_report_findings(self._p, _index(unit), ctypes.byref(handle)))
        try:
            for i in range(_lib.chibo_findings_count(handle)):
                f = _Finding(size=ctypes.sizeof(_Finding))
                _check(_lib.chibo_findings_get(handle, i, ctypes.byref(f)))
                message = _text(_lib.chibo_findings_message, handle, i, 1 if lang == "en" else 0)
                yield Finding(f.rule_id.decode(), SEVERITIES[f.severity], f.meeting_id.decode() or None,
                              f.member_id.decode() or None, f.score, message)
        finally:
            _lib.chibo_findings_release(handle)


def _index(unit):
    return unit.index if isinstance(unit, Unit) else int(unit)


def load(location, threads: int = 0, keep_names: bool = True) -> Dataset:
    """Loads and checks a dataset; a rejected one raises ChiboError with its problems."""
    options = _LoadOptions(size=ctypes.sizeof(_LoadOptions), threads=threads, keep_names=int(keep_names))
    out = ctypes.c_void_p()
    _check(_lib.chibo_dataset_load(os.fspath(location).encode(), ctypes.byref(options), ctypes.byref(out)))
    return Dataset(out.value)


def score(dataset: Dataset, policy: Optional[Policy] = None, year: Optional[int] = None,
          start: Optional[str] = None, end: Optional[str] = None) -> Report:
    """Scores a calendar year, or the days from `start` to `end` (YYYY-MM-DD)."""
    own = policy is None
    policy = policy or Policy()
    out = ctypes.c_void_p()
    try:
        if year is not None:
            _check(_lib.chibo_score_year(dataset._p, policy._p, year, ctypes.byref(out)))
        elif start and end:
            _check(_lib.chibo_score(dataset._p, policy._p, start.encode(), end.encode(), ctypes.byref(out)))
        else:
            raise ValueError("score: give a year, or start and end")
    finally:
        if own:
            policy.close()
    return Report(out.value)


def read_provenance(report) -> Provenance:
    """The record a written report holds: a JSON report, a CSV report folder or an HTML page."""
    return _provenance(_record(_lib.chibo_provenance_read, os.fspath(report).encode()))


def verify(report, dataset: Dataset, policy: Optional[Policy] = None) -> Verification:
    """Whether a written report was computed from a dataset, table by table (`chibo verify`)."""
    own = policy is None
    policy = policy or Policy()
    recorded = found = None
    try:
        recorded = _record(_lib.chibo_provenance_read, os.fspath(report).encode())
        found = _record(_lib.chibo_dataset_provenance, dataset._p, policy._p)
        data_same, same_version, count = ctypes.c_int(), ctypes.c_int(), ctypes.c_size_t()
        args = (ctypes.byref(data_same), ctypes.byref(same_version))
        _check(_lib.chibo_provenance_verify(recorded, found, *args, None, 0, ctypes.byref(count)))
        checks = (_TableCheck * max(1, count.value))()
        _check(_lib.chibo_provenance_verify(recorded, found, *args, checks, count.value, ctypes.byref(count)))
        tables = tuple((c.name.decode(), TABLE_STATES[c.state]) for c in checks[:count.value])
        return Verification(bool(data_same.value), bool(same_version.value), tables)
    finally:
        for handle in (recorded, found):
            if handle:
                _lib.chibo_provenance_release(handle)
        if own:
            policy.close()
