"""Writes: archived versions of shared data and their restoration.

Replacing a vigencia of official results archives the data in force first (set-based INSERT … SELECT:
the national dataset is about 5,400 entities × 97 codes, never looped over in Python). Restoring a version
is itself a replacement: what is in force is archived, then the version's rows are copied back."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.translation import gettext as _

from mipg.catalog.models import Policy
from mipg.catalog.selectors import current_version
from mipg.core.audit import record_event, service
from mipg.core.imports import ImportRejected
from mipg.organizations.models import Entity

from ..diff import recommendation_rows
from ..models import (
    ArchivedScore,
    ArchivedSubject,
    Recommendation,
    RecommendationVersion,
    ResultImport,
    ResultSubject,
    ResultVersion,
    Score,
)
from ..permissions import can_administer_results
from .official_results import SUBJECT_FIELDS, vigencia_in_force


class StaleData(Exception):
    """The data in force changed since the preview the user confirmed (answered 409 / a message)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


IDENTITY = ["name", "legal_nature", "departamento", "municipio", "peer_group", "form_type"]


def archive_vigencia(*, user, vigencia: int, reason: str) -> ResultVersion:
    """Copy the scores of the vigencia and the identification of their entities into a new version
    (inside the caller's transaction). Two INSERT … SELECT statements."""
    source = vigencia_in_force(vigencia)
    version = ResultVersion.objects.create(
        vigencia=vigencia,
        source_import=source,
        file_name=source.file_name if source else "",
        sha256=source.sha256 if source else "",
        imported_by=source.imported_by if source else None,
        imported_at=source.imported_at if source else None,
        archived_by=user if getattr(user, "is_authenticated", False) else None,
        reason=reason,
        codes=source.codes if source else [],
        is_demo=source.is_demo if source else False,
        synthetic=source.synthetic if source else False,
    )
    subjects, scores = _table(ResultSubject), _table(Score)
    columns = ", ".join(IDENTITY)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(ArchivedSubject)} (version_id, sigep_code, {columns}) "
            f"SELECT %s, s.sigep_code, {', '.join('s.' + c for c in IDENTITY)} FROM {subjects} s "
            f"WHERE s.id IN (SELECT DISTINCT subject_id FROM {scores} WHERE vigencia = %s)",
            [version.pk, vigencia],
        )
        subject_count = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {_table(ArchivedScore)} (version_id, sigep_code, code, value) "
            f"SELECT %s, s.sigep_code, sc.code, sc.value FROM {scores} sc "
            f"JOIN {subjects} s ON s.id = sc.subject_id WHERE sc.vigencia = %s",
            [version.pk, vigencia],
        )
        score_count = cursor.rowcount
    ResultVersion.objects.filter(pk=version.pk).update(subject_count=subject_count, score_count=score_count)
    version.subject_count, version.score_count = subject_count, score_count
    record_event(
        user=user,
        obj=version,
        verb="versión de resultados archivada",
        description=_("Vigencia %(year)s: %(subjects)s entidades y %(scores)s puntajes archivados")
        % {"year": vigencia, "subjects": subject_count, "scores": score_count},
        data={"vigencia": vigencia, "subjects": subject_count, "scores": score_count, "reason": reason},
    )
    return version


def lock_vigencia(vigencia: int) -> None:
    """Serialise replacements of one vigencia: lock its import rows until the transaction ends
    (PostgreSQL; SQLite already runs one writer at a time)."""
    list(ResultImport.objects.select_for_update().filter(vigencia=vigencia).values_list("pk", flat=True))


def results_marker(vigencia: int) -> str:
    """What is in force for the vigencia, to tell whether it changed since a preview."""
    current = vigencia_in_force(vigencia)
    return str(current.pk) if current else ""


@service
def results_version_restore(
    *, user, version: ResultVersion, expected_marker: str | None = None
) -> ResultImport:
    """Put an archived version back in force; what is in force now is archived first. `expected_marker`
    (from the preview) refuses a restore when the data changed meanwhile (for example a second submit)."""
    if not can_administer_results(user):
        raise PermissionDenied(_("Solo un administrador de resultados oficiales restaura versiones."))
    # Lock the version row: two restores of the same version cannot interleave (PostgreSQL).
    version = ResultVersion.objects.select_for_update().get(pk=version.pk)
    year = version.vigencia
    lock_vigencia(year)
    if expected_marker is not None and expected_marker != results_marker(year):
        raise StaleData(
            _(
                "Los resultados de la vigencia %(year)s cambiaron desde la vista previa (quizá la "
                "restauración ya se aplicó): revise de nuevo antes de restaurar."
            )
            % {"year": year}
        )
    if Score.objects.filter(vigencia=year).exists() or ResultImport.objects.filter(vigencia=year).exists():
        archive_vigencia(user=user, vigencia=year, reason=ResultVersion.Reason.RESTORE)
    Score.objects.filter(vigencia=year).delete()
    _restore_subjects(version)
    subjects, scores = _table(ResultSubject), _table(Score)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {scores} (vigencia, subject_id, code, value) "
            f"SELECT %s, s.id, a.code, a.value FROM {_table(ArchivedScore)} a "
            f"JOIN {subjects} s ON s.sigep_code = a.sigep_code WHERE a.version_id = %s",
            [year, version.pk],
        )
        count = cursor.rowcount
    from .peer_stats import peer_stats_recompute

    peer_stats_recompute(year)  # dashboards' peer statistics, in this transaction; invalidates caches
    record = ResultImport(
        vigencia=year,
        file_name=(version.file_name or _("versión %(id)s") % {"id": version.pk})[-250:],
        sha256=version.sha256,
        imported_by=user if getattr(user, "is_authenticated", False) else None,
        row_count=version.subject_count,
        column_count=len(version.codes),
        score_count=count,
        codes=version.codes,
        replaced_previous=True,
        restored_from=version,
        is_demo=version.is_demo,
        synthetic=version.synthetic,
    )
    record.full_clean()
    record.save()
    record_event(
        user=user,
        obj=record,
        verb="versión de resultados restaurada",
        description=_("Vigencia %(year)s: restaurada la versión %(id)s (%(file)s), %(n)s puntajes")
        % {"year": year, "id": version.pk, "file": version.file_name or "—", "n": count},
        data={"vigencia": year, "version": version.pk, "sha256": version.sha256, "scores": count},
    )
    return record


def _restore_subjects(version: ResultVersion) -> None:
    """Create the measured entities the platform no longer has, and when the vigencia is the newest
    one take back the identification (name, grupo par…) the version recorded, as an import does."""
    archived = {a.sigep_code: a for a in ArchivedSubject.objects.filter(version=version)}
    existing = {s.sigep_code: s for s in ResultSubject.objects.filter(sigep_code__in=list(archived))}
    newest = Score.objects.order_by("-vigencia").values_list("vigencia", flat=True).first()
    refresh = newest is None or version.vigencia >= newest
    entities = dict(Entity.objects.filter(sigep_code__in=list(archived)).values_list("sigep_code", "pk"))
    to_create, to_update = [], []
    for sigep, item in archived.items():
        values = {field: getattr(item, field) for field in IDENTITY}
        subject = existing.get(sigep)
        if subject is None:
            to_create.append(
                ResultSubject(
                    sigep_code=sigep, entity_id=entities.get(sigep), is_demo=version.is_demo, **values
                )
            )
        elif refresh and any(getattr(subject, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(subject, field, value)
            to_update.append(subject)
    ResultSubject.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        ResultSubject.objects.bulk_update(to_update, SUBJECT_FIELDS, batch_size=500)


# ---------------------------------------------------------------- recommendations


def archive_recommendations(*, user, entity, vigencia: int, reason: str) -> RecommendationVersion | None:
    rows = recommendation_rows(entity, vigencia)
    if not rows:
        return None
    version = RecommendationVersion.objects.create(
        entity=entity,
        vigencia=vigencia,
        archived_by=user if getattr(user, "is_authenticated", False) else None,
        reason=reason,
        count=len(rows),
        rows=rows,
        is_demo=Recommendation.objects.filter(entity=entity, vigencia=vigencia, is_demo=True).exists(),
    )
    record_event(
        user=user,
        obj=entity,
        verb="versión de recomendaciones archivada",
        description=_("%(n)s recomendaciones de la vigencia %(year)s archivadas")
        % {"n": len(rows), "year": vigencia},
        data={"vigencia": vigencia, "count": len(rows), "version": version.pk},
    )
    return version


def lock_recommendations(entity, vigencia: int) -> None:
    list(
        Recommendation.objects.select_for_update()
        .filter(entity=entity, vigencia=vigencia)
        .values_list("pk", flat=True)
    )


def recommendations_marker(entity, vigencia: int) -> str:
    ids = Recommendation.objects.filter(entity=entity, vigencia=vigencia).order_by("pk")
    listed = ",".join(str(pk) for pk in ids.values_list("pk", flat=True))
    return hashlib.sha256(listed.encode()).hexdigest() if listed else ""


def check_recommendations_replaceable(entity, vigencia: int) -> None:
    if Recommendation.objects.filter(entity=entity, vigencia=vigencia, findings__isnull=False).exists():
        raise ImportRejected.single(
            _(
                "Las recomendaciones de la vigencia %(year)s ya alimentan acciones de mejora: no se pueden "
                "reemplazar. Importe solo recomendaciones nuevas en otra vigencia o retire las acciones."
            )
            % {"year": vigencia}
        )


@service
def recommendations_version_restore(
    *, user, version: RecommendationVersion, expected_marker: str | None = None
) -> list[Recommendation]:
    if not can_administer_results(user):
        raise PermissionDenied(_("Solo un administrador de resultados oficiales restaura versiones."))
    version = RecommendationVersion.objects.select_for_update().select_related("entity").get(pk=version.pk)
    entity, year = version.entity, version.vigencia
    lock_recommendations(entity, year)
    if expected_marker is not None and expected_marker != recommendations_marker(entity, year):
        raise StaleData(
            _("Las recomendaciones cambiaron desde la vista previa: revise de nuevo antes de restaurar.")
        )
    check_recommendations_replaceable(entity, year)
    archive_recommendations(
        user=user, entity=entity, vigencia=year, reason=RecommendationVersion.Reason.RESTORE
    )
    Recommendation.objects.filter(entity=entity, vigencia=year).delete()
    policies = {p.code: p for p in Policy.objects.filter(version=current_version())}
    missing = sorted({r["policy"] for r in version.rows} - set(policies))
    if missing:
        raise ImportRejected.single(
            _("La versión cita políticas que ya no están en el catálogo: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    created = Recommendation.objects.bulk_create(
        [
            Recommendation(
                entity=entity,
                vigencia=year,
                policy=policies[row["policy"]],
                text=row["text"],
                related_policy=policies.get(row.get("related_policy") or ""),
                status=row.get("status") or Recommendation.Status.PENDING,
                source_row=row.get("source_row"),
                is_demo=version.is_demo,
            )
            for row in version.rows
        ]
    )
    record_event(
        user=user,
        obj=entity,
        verb="versión de recomendaciones restaurada",
        description=_("%(n)s recomendaciones de la vigencia %(year)s restauradas (versión %(id)s)")
        % {"n": len(created), "year": year, "id": version.pk},
        data={"vigencia": year, "count": len(created), "version": version.pk},
    )
    return created
