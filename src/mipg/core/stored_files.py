"""Uploaded files named by a database row but absent from the storage (e.g. a database restored without
its `media/`): the reader gets a Spanish 404 page (or the API's 404 error shape), never a 500."""

import logging

from django.http import Http404
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class StoredFileMissing(Http404):
    """A 404 whose `user_message` (Spanish) is shown on the 404 page and in the API error."""

    def __init__(self, what: str):
        self.user_message = _(
            "El archivo de %(what)s no está disponible en el servidor. Pida al administrador del sistema que "
            "restaure los archivos cargados desde la copia de seguridad."
        ) % {"what": what}
        super().__init__(self.user_message)


def open_stored(field_file, *, what: str):
    """Open an uploaded file for reading, or raise StoredFileMissing (logged for the administrator)."""
    if not field_file:
        raise StoredFileMissing(what)
    try:
        return field_file.open("rb")
    except OSError:
        logger.error("Uploaded file missing from the storage: %s", field_file.name)
        raise StoredFileMissing(what) from None
