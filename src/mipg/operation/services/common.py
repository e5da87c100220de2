from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from mipg.core.services import evidence_create

from ..permissions import can_manage_operation


def require_manager(user, entity) -> None:
    if not can_manage_operation(user, entity):
        raise PermissionDenied(_("Solo la oficina de planeación de la entidad puede hacer este cambio."))


def require_same_entity(entity, *objects, field: str = "__all__") -> None:
    for obj in objects:
        if obj is not None and obj.scope_entity_id != entity.pk:
            raise ValidationError({field: _("«%(obj)s» no pertenece a esta entidad.") % {"obj": obj}})


def attach_evidence(*, user, entity, target_m2m, title: str, files=(), links=(), existing=()) -> list:
    """Create evidence (files are checked by type, content and size; SHA-256 stored) and link it,
    together with evidence already stored for the same entity
    (one piece of evidence can support several items)."""
    existing = list(existing or ())
    for evidence in existing:
        if evidence.entity_id != entity.pk:
            raise ValidationError(
                {"evidence": _("La evidencia «%(ev)s» es de otra entidad.") % {"ev": evidence}}
            )
    created = []
    for upload in files or ():
        created.append(evidence_create(user=user, entity=entity, title=title, file=upload))
    for link in links or ():
        if link:
            created.append(evidence_create(user=user, entity=entity, title=title, url=link))
    if created or existing:
        target_m2m.add(*created, *existing)
    return created + existing


def bulk_log_created(*, user, objects: list) -> int:
    """Write one auditlog «create» entry per object saved with `bulk_create` (which sends no signals), in a
    single bulk insert, so each object's «Historial» shows how it was created and by whom."""
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_value
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType

    if not objects:
        return 0
    content_type = ContentType.objects.get_for_model(objects[0])
    context = auditlog_value.get(None) or {}
    actor = user if getattr(user, "is_authenticated", False) else None
    cid = get_cid()
    entries = []
    for obj in objects:
        if obj.pk is None:
            raise ValueError("bulk_log_created needs objects with their primary key set")
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=str(obj),
                action=LogEntry.Action.CREATE,
                changes=model_instance_diff(
                    None, obj, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
                ),
                actor=actor,
                actor_email=getattr(actor, "email", None) or None,
                remote_addr=context.get("remote_addr"),
                remote_port=context.get("remote_port"),
                cid=cid,
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)
