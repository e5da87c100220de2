"""The upload's size (without reading it) and its bytes, refused before reading when over the limit."""

import os

from .common import Limits, limits, too_large


def upload_size(uploaded) -> int:
    """Size of bytes, a path or a file object, without reading it."""
    if isinstance(uploaded, (bytes, bytearray)):
        return len(uploaded)
    if isinstance(uploaded, str) or hasattr(uploaded, "__fspath__"):
        return os.path.getsize(uploaded)
    size = getattr(uploaded, "size", None)
    if isinstance(size, int):
        return size
    position = uploaded.tell()
    uploaded.seek(0, os.SEEK_END)
    size = uploaded.tell()
    uploaded.seek(position)
    return size


def check_size(uploaded, lim: Limits | None = None) -> None:
    """Refuse (without reading it) a file, path or bytes over MIPG_MAX_UPLOAD_BYTES."""
    lim = lim or limits()
    size = upload_size(uploaded)
    if size > lim.max_bytes:
        raise too_large(size, lim.max_bytes)


def read_bounded(uploaded, lim: Limits) -> bytes:
    """The upload's bytes, refusing (before reading) anything over the size limit."""
    check_size(uploaded, lim)
    if isinstance(uploaded, (bytes, bytearray)):
        return bytes(uploaded)
    if isinstance(uploaded, str) or hasattr(uploaded, "__fspath__"):
        with open(uploaded, "rb") as handle:
            data = handle.read(lim.max_bytes + 1)
    else:
        uploaded.seek(0)
        data = uploaded.read(lim.max_bytes + 1)
    if len(data) > lim.max_bytes:  # the object lied about its size
        raise too_large(len(data), lim.max_bytes)
    return data
