"""A PEP 517 build backend of the standard library alone: a wheel of the pure-Python `chibo`
package (it calls libchibo.so through ctypes), built without downloading anything."""
import base64
import hashlib
import os
import zipfile

NAME, VERSION = "chibo", "0.1.0"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIST_INFO = f"{NAME}-{VERSION}.dist-info"


def _metadata():
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            "Summary: Scores Vietnamese party-cell meetings against the seven measures\n"
            "Requires-Python: >=3.8\n")


def _files():
    package = os.path.join(HERE, NAME)
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            with open(os.path.join(package, name), "rb") as f:
                yield f"{NAME}/{name}", f.read()
    yield f"{DIST_INFO}/METADATA", _metadata().encode()
    yield f"{DIST_INFO}/WHEEL", (b"Wheel-Version: 1.0\nGenerator: chibo_build\n"
                                 b"Root-Is-Purelib: true\nTag: py3-none-any\n")


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    os.makedirs(os.path.join(metadata_directory, DIST_INFO), exist_ok=True)
    with open(os.path.join(metadata_directory, DIST_INFO, "METADATA"), "w") as f:
        f.write(_metadata())
    return DIST_INFO


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    wheel = f"{NAME}-{VERSION}-py3-none-any.whl"
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in _files():
            z.writestr(zipfile.ZipInfo(path, (1980, 1, 1, 0, 0, 0)), data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(data)}")
        record.append(f"{DIST_INFO}/RECORD,,")
        z.writestr(zipfile.ZipInfo(f"{DIST_INFO}/RECORD", (1980, 1, 1, 0, 0, 0)), "\n".join(record) + "\n")
    return wheel
