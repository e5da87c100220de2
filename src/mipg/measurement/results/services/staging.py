"""Writes: staged imports of shared data. Upload → checked and stored server-side with its SHA-256 and a
preview of the differences → the uploader confirms (once) → applied. A staged import expires."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.organizations.models import Entity

from ..diff import parsed_results, recommendation_rows, recommendations_diff, results_diff
from ..models import Recommendation, ResultImport, StagedImport
from ..permissions import can_administer_results
from .official_results import _read_bytes, results_import, results_parse
from .recommendations import parsed_recommendation_rows, recommendations_import, recommendations_parse
from .versions import (
    StaleData,
    check_recommendations_replaceable,
    lock_recommendations,
    lock_vigencia,
    recommendations_marker,
    results_marker,
)


def staging_ttl() -> timedelta:
    return timedelta(hours=settings.MIPG_STAGED_IMPORT_HOURS)


def _check(user) -> None:
    if not can_administer_results(user):
        raise PermissionDenied(
            _("Solo un administrador de resultados oficiales o del sistema importa estos datos.")
        )


def _purge_expired() -> None:
    StagedImport.objects.filter(expires_at__lt=timezone.now()).delete()
    # Applied imports keep their record (who, when, SHA-256), not the file.
    StagedImport.objects.filter(status=StagedImport.Status.APPLIED).exclude(content=b"").update(content=b"")


def _file_name(file, file_name: str, default: str) -> str:
    return (file_name or getattr(file, "name", "") or default).rsplit("/", 1)[-1][-250:]


@service
def results_stage(*, user, file, vigencia, sheet: str | None = None, file_name: str = "") -> StagedImport:
    """Read the workbook (every problem reported, nothing changed) and keep it with the preview of what
    replacing the vigencia would change."""
    _check(user)
    year, data, parsed = results_parse(file=file, vigencia=vigencia, sheet=sheet)
    _purge_expired()
    staged = StagedImport(
        kind=StagedImport.Kind.RESULTS,
        user=user,
        vigencia=year,
        sheet=parsed.sheet,
        file_name=_file_name(file, file_name, "resultados.xlsx"),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        preview={
            **results_diff(year, parsed_results(parsed)),
            "codes": [column.code for column in parsed.columns],
            "synthetic": parsed.synthetic,
        },
        base_marker=results_marker(year),
        expires_at=timezone.now() + staging_ttl(),
    )
    staged.full_clean(exclude=["content"])
    staged.save()
    return staged


@service
def recommendations_stage(*, user, entity: Entity, vigencia, file, file_name: str = "") -> StagedImport:
    _check(user)
    from ..importer import check_vigencia

    year = check_vigencia(vigencia)
    data = _read_bytes(file)
    items = recommendations_parse(data)
    check_recommendations_replaceable(entity, year)
    _purge_expired()
    staged = StagedImport(
        kind=StagedImport.Kind.RECOMMENDATIONS,
        user=user,
        vigencia=year,
        entity=entity,
        file_name=_file_name(file, file_name, "recomendaciones.xlsx"),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
        preview=recommendations_diff(recommendation_rows(entity, year), parsed_recommendation_rows(items)),
        base_marker=recommendations_marker(entity, year),
        expires_at=timezone.now() + staging_ttl(),
    )
    staged.full_clean(exclude=["content"])
    staged.save()
    return staged


@service
def staged_import_confirm(*, user, staged: StagedImport) -> ResultImport | list[Recommendation]:
    """Apply a staged import once. A second confirmation, an expired one, a file that no longer matches its
    SHA-256 or data in force that changed since the preview raise StaleData; nothing changes."""
    _check(user)
    staged = StagedImport.objects.select_for_update().get(pk=staged.pk)
    if staged.user_id != user.pk:
        raise PermissionDenied
    if staged.status == StagedImport.Status.APPLIED:
        raise StaleData(
            _("Esta importación ya se aplicó el %(when)s: no se aplica dos veces.")
            % {"when": timezone.localtime(staged.applied_at).strftime("%d/%m/%Y %H:%M")}
        )
    if staged.expires_at < timezone.now():
        raise StaleData(_("La vista previa venció: cargue el archivo de nuevo."))
    data = bytes(staged.content)
    if hashlib.sha256(data).hexdigest() != staged.sha256:
        raise StaleData(_("El archivo guardado no coincide con su SHA-256: cárguelo de nuevo."))
    if staged.kind == StagedImport.Kind.RESULTS:
        lock_vigencia(staged.vigencia)
        if results_marker(staged.vigencia) != staged.base_marker:
            raise StaleData(
                _(
                    "Los resultados de la vigencia %(year)s cambiaron desde la vista previa: cargue el "
                    "archivo de nuevo para ver los cambios actuales."
                )
                % {"year": staged.vigencia}
            )
        outcome = results_import(
            user=user,
            file=data,
            vigencia=staged.vigencia,
            sheet=staged.sheet or None,
            file_name=staged.file_name,
            replace=True,
        )
    else:
        lock_recommendations(staged.entity, staged.vigencia)
        if recommendations_marker(staged.entity, staged.vigencia) != staged.base_marker:
            raise StaleData(
                _("Las recomendaciones cambiaron desde la vista previa: cargue el archivo de nuevo.")
            )
        outcome = recommendations_import(
            user=user, entity=staged.entity, vigencia=staged.vigencia, file=data, replace=True
        )
    staged.status = StagedImport.Status.APPLIED
    staged.applied_at = timezone.now()
    staged.content = b""
    staged.save(update_fields=["status", "applied_at", "content"])
    record_event(
        user=user,
        obj=staged,
        verb="importación confirmada",
        description=_("%(kind)s %(year)s: %(file)s (SHA-256 %(sha)s)")
        % {
            "kind": staged.get_kind_display(),
            "year": staged.vigencia,
            "file": staged.file_name,
            "sha": staged.sha256[:16],
        },
        data={"kind": staged.kind, "vigencia": staged.vigencia, "sha256": staged.sha256},
    )
    return outcome
