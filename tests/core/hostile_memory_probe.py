"""Run by tests/core/test_hostile_uploads.py in a fresh process: feed every bomb to the guarded reader
and a 120 MiB upload to Django's multipart parser, then print the peak resident memory as JSON."""

import io
import json
import os
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mipg.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIRequest  # noqa: E402

from mipg.core.imports import ImportRejected  # noqa: E402
from mipg.core.uploads import OversizeUploadedFile  # noqa: E402
from mipg.core.xlsx import open_workbook  # noqa: E402
from tests.core import bombs  # noqa: E402

UPLOAD = 120 * 1024 * 1024


class StreamedBody(io.RawIOBase):
    """A multipart body produced on the fly: the test itself never holds the 120 MiB."""

    def __init__(self, boundary: bytes, size: int):
        self.parts = [
            b"--" + boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="grande.xlsx"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\nPK\x03\x04",
        ]
        self.remaining = size - 4
        self.tail = b"\r\n--" + boundary + b"--\r\n"
        self.length = len(self.parts[0]) + self.remaining + len(self.tail)

    def readable(self):
        return True

    def read(self, size=-1):
        size = 65536 if size is None or size < 0 else size
        if self.parts:
            return self.parts.pop(0)
        if self.remaining:
            chunk = bytes(min(size, self.remaining))
            self.remaining -= len(chunk)
            return chunk
        chunk, self.tail = self.tail[:size], self.tail[size:]
        return chunk


def main():
    refused = []
    for name, data in bombs.all_bombs(settings.MIPG_MAX_UPLOAD_BYTES).items():
        try:
            open_workbook(data)
        except ImportRejected:
            refused.append(name)
        del data
    body = StreamedBody(b"limite", UPLOAD)
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "CONTENT_TYPE": "multipart/form-data; boundary=limite",
            "CONTENT_LENGTH": str(body.length),
            "wsgi.input": body,
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
        }
    )
    upload = request.FILES["file"]
    try:
        open_workbook(upload)
    except ImportRejected:
        if isinstance(upload, OversizeUploadedFile) and upload.size == UPLOAD:
            refused.append("upload_120_mib")
    print(json.dumps({"refused": sorted(refused), "peak_rss_mb": round(peak_rss_mb(), 1)}))


def peak_rss_mb() -> float:
    """This process image's peak resident memory. Linux keeps `ru_maxrss` across fork and exec, so a
    probe started from a large test process would report that process's size: VmHWM belongs to this
    image alone."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


main()
