"""Writes sent together (mipg.core.batch; issue 14 item 2): the same rows, primary keys, signals and audit
entries as `save()`, one round trip on PostgreSQL, and nothing written when one of the statements fails."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext

from mipg.core.audit import acting_as, record_event, save_with_audit
from mipg.core.batch import write_batch
from mipg.core.models import DomainEvent
from mipg.organizations.models import Entity

pytestmark = pytest.mark.django_db


def _event(world, verb="prueba", **extra) -> DomainEvent:
    return DomainEvent(
        actor=world.head_planner,
        entity=world.head,
        content_type=ContentType.objects.get_for_model(Entity),
        object_id=str(world.head.pk),
        object_repr=str(world.head),
        verb=verb,
        data={"a": 1, "texto": "año"},
        **extra,
    )


def test_inserts_and_updates_write_the_same_rows_as_save(world):
    by_save = _event(world)
    by_save.save()
    inserted = _event(world)
    other = _event(world, verb="otra")
    with write_batch() as batch:
        batch.insert(inserted)
        batch.insert(other)
        assert inserted.pk is None  # nothing is sent before the block ends
    assert inserted.pk and other.pk and other.pk != inserted.pk
    assert not inserted._state.adding and inserted._state.db == "default"
    row = DomainEvent.objects.values().get(pk=inserted.pk)
    expected = DomainEvent.objects.values().get(pk=by_save.pk)
    for name in ("actor_id", "entity_id", "content_type_id", "object_id", "object_repr", "verb", "data"):
        assert row[name] == expected[name], name
    assert row["created_at"] is not None  # auto_now_add is filled as save() would
    assert DomainEvent.objects.get(pk=other.pk).verb == "otra"

    inserted.description = "cambiada"
    inserted.verb = "no se escribe"  # not among the fields to update
    inserted.actor = None  # None values are written too
    with write_batch() as batch:
        batch.update(inserted, ["description", "actor"])
    fresh = DomainEvent.objects.get(pk=inserted.pk)
    assert (fresh.description, fresh.verb, fresh.actor_id) == ("cambiada", "prueba", None)


def test_postgresql_gets_one_round_trip_and_sqlite_one_statement_each(world):
    events = [_event(world, verb=f"e{n}") for n in range(3)]
    existing = _event(world, verb="existente")
    existing.save()
    existing.description = "actualizada en lote"
    with CaptureQueriesContext(connection) as ctx:
        with write_batch() as batch:
            for event in events:
                batch.insert(event)
            batch.update(existing, ["description"])
    expected = 1 if connection.vendor == "postgresql" else 4
    assert len(ctx.captured_queries) == expected
    verbs = DomainEvent.objects.filter(pk__in=[e.pk for e in events]).values_list("verb", flat=True)
    assert sorted(verbs) == ["e0", "e1", "e2"]
    assert DomainEvent.objects.get(pk=existing.pk).description == "actualizada en lote"


def test_signals_are_sent_as_save_sends_them(world):
    seen = []

    def before(sender, instance, update_fields, **kwargs):
        seen.append(("pre", instance.pk, update_fields))

    def after(sender, instance, created, update_fields, **kwargs):
        seen.append(("post", instance.pk, created, update_fields))

    pre_save.connect(before, sender=DomainEvent)
    post_save.connect(after, sender=DomainEvent)
    try:
        event = _event(world)
        with write_batch() as batch:
            batch.insert(event)
            assert seen == [("pre", None, None)]
        assert seen[1] == ("post", event.pk, True, None)
        with write_batch() as batch:
            batch.update(event, ["description"])
        assert seen[2:] == [
            ("pre", event.pk, frozenset({"description"})),
            ("post", event.pk, False, frozenset({"description"})),
        ]
    finally:
        pre_save.disconnect(before, sender=DomainEvent)
        post_save.disconnect(after, sender=DomainEvent)


def test_a_failing_statement_leaves_nothing_written(world):
    entity = world.head
    original = entity.name
    entity.name = "No debe quedar"
    broken = _event(world)
    broken.object_repr = None  # NOT NULL: the statement fails when it runs
    with pytest.raises((IntegrityError, DatabaseError)):
        with transaction.atomic():
            with write_batch() as batch:
                batch.update(entity, ["name"])
                batch.insert(_event(world, verb="buena"))
                batch.insert(broken)
    assert Entity.objects.get(pk=entity.pk).name == original
    assert not DomainEvent.objects.filter(verb="buena").exists()


def test_an_error_in_the_block_sends_nothing(world):
    with pytest.raises(RuntimeError):
        with write_batch() as batch:
            batch.insert(_event(world, verb="no enviada"))
            raise RuntimeError("falla antes del envío")
    assert not DomainEvent.objects.filter(verb="no enviada").exists()


def test_an_update_that_reaches_no_row_is_an_error_like_save(world):
    event = _event(world)
    event.save()
    DomainEvent.objects.filter(pk=event.pk).delete()
    event.description = "x"
    with pytest.raises(DatabaseError, match="did not affect any rows"):
        with transaction.atomic(), write_batch() as batch:
            batch.update(event, ["description"])
            batch.insert(_event(world, verb="junto a la fallida"))
    assert not DomainEvent.objects.filter(verb="junto a la fallida").exists()


def test_expressions_and_existing_objects_are_refused(world):
    event = _event(world)
    event.save()
    event.object_repr = F("verb")
    with write_batch() as batch:
        with pytest.raises(ValueError, match="expressions"):
            batch.update(event, ["object_repr"])
        with pytest.raises(ValueError, match="new objects"):
            batch.insert(event)
    assert DomainEvent.objects.get(pk=event.pk).object_repr == str(world.head)  # nothing was written


def test_the_audit_entry_and_event_through_a_batch_match_the_orm_path(world):
    """save_with_audit and record_event with a batch write what they write without one: the actor (set by
    auditlog's own context), the changes, the correlation id's absence or presence, the event's data."""
    entity = world.head
    user = world.head_planner
    written = {}
    for name, use_batch in (("orm", False), ("batch", True)):
        before = {"name": entity.name}
        entity.name = f"Entidad {name}"
        with transaction.atomic(), acting_as(user):
            if use_batch:
                with write_batch() as batch:
                    save_with_audit(entity, before=before, fields=["name"], batch=batch)
                    event = record_event(user=user, obj=entity, verb=f"v-{name}", data={"n": 1}, batch=batch)
            else:
                save_with_audit(entity, before=before, fields=["name"])
                event = record_event(user=user, obj=entity, verb=f"v-{name}", data={"n": 1})
        entry = LogEntry.objects.get_for_object(entity).filter(action=LogEntry.Action.UPDATE).latest("pk")
        written[name] = (entry, DomainEvent.objects.get(pk=event.pk))
    orm_entry, orm_event = written["orm"]
    batch_entry, batch_event = written["batch"]
    assert batch_entry.pk != orm_entry.pk
    assert batch_entry.actor == orm_entry.actor == user
    assert batch_entry.changes_dict["name"] == ["Entidad orm", "Entidad batch"]
    for name in ("content_type_id", "object_pk", "object_id", "action", "remote_addr", "actor_email"):
        assert getattr(batch_entry, name) == getattr(orm_entry, name), name
    assert batch_entry.object_repr == "Entidad batch"
    assert (batch_event.actor, batch_event.data, batch_event.verb) == (user, {"n": 1}, "v-batch")
    assert batch_event.entity_id == orm_event.entity_id
    assert Entity.objects.get(pk=entity.pk).name == "Entidad batch"


def test_unknown_fields_and_the_primary_key_are_refused_in_updates_before_any_signal(world):
    event = _event(world)
    event.save()
    unsaved = _event(world)
    signals = []

    def before(sender, instance, **kwargs):
        signals.append(instance)

    pre_save.connect(before, sender=DomainEvent)
    try:
        with write_batch() as batch:
            for obj, fields in ((event, ["no_such_field"]), (event, ["id", "verb"]), (unsaved, ["verb"])):
                with pytest.raises(ValueError):
                    batch.update(obj, fields)
    finally:
        pre_save.disconnect(before, sender=DomainEvent)
    assert signals == []  # a receiver such as auditlog's saw no write that never ran


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_batch_is_still_all_or_nothing(world):
    """Without a transaction of the caller (autocommit), a failing statement leaves none of the others."""
    broken = _event(world)
    broken.object_repr = None
    with pytest.raises((IntegrityError, DatabaseError)):
        with write_batch() as batch:
            batch.insert(_event(world, verb="sin transacción"))
            batch.insert(broken)
    assert not DomainEvent.objects.filter(verb="sin transacción").exists()
    with write_batch() as batch:
        batch.insert(_event(world, verb="sin transacción"))
    assert DomainEvent.objects.filter(verb="sin transacción").count() == 1
