"""Uploads larger than MIPG_MAX_UPLOAD_BYTES are never stored whole, in memory or on disk.

`LimitedUploadHandler` runs first in FILE_UPLOAD_HANDLERS. It passes each file's chunks on to Django's
usual handlers while the file is within the limit; past it, it swallows the rest of the stream (only
counting it) and hands the form an `OversizeUploadedFile`: empty, with the real size. `validate_upload`
and the guarded workbook reader refuse it by its size with a Spanish message, and reading it raises
the same refusal, so that no importer can mistake it for an empty file."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from .imports import ImportRejected


class UploadTooLarge(ImportRejected):
    pass


def too_large_message(size: int, limit: int) -> str:
    from .xlsx_guard import too_large

    return str(too_large(size, limit).problems[0].message)


class OversizeUploadedFile(UploadedFile):
    """Stands in for a file that went past the limit: its name and real size, no content."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        super().__init__(None, name, content_type, size, charset, content_type_extra)

    def open(self, mode=None):
        return self

    def read(self, *args, **kwargs):
        raise UploadTooLarge.single(too_large_message(self.size, settings.MIPG_MAX_UPLOAD_BYTES))

    def chunks(self, chunk_size=None):
        self.read()
        yield b""  # pragma: no cover - read() raised

    def multiple_chunks(self, chunk_size=None):
        return True

    def seek(self, *args):
        return 0

    def tell(self):
        return 0

    def close(self):
        pass


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MIPG_MAX_UPLOAD_BYTES:
            self.over = True
        return None if self.over else raw_data  # None: later handlers never see the chunk

    def file_complete(self, file_size):
        if not self.over:
            return None  # the next handler (memory or temporary file) builds the file as usual
        return OversizeUploadedFile(
            self.file_name, self.content_type, self.received, self.charset, self.content_type_extra
        )
