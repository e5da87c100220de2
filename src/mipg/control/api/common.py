"""What every viewset of the Control interno API shares: the visibility gate for ids sent in a body, and
create/update that validate with the viewset's serializer and hand the data to a service."""

from django.http import Http404
from rest_framework import status
from rest_framework.response import Response

from mipg.organizations.models import Entity


def visible(model, user, pk):
    """The object if the user may see it; otherwise 404 (never a hint that it exists)."""
    if pk is None:
        return None
    manager = Entity.objects.visible_to(user) if model is Entity else model.objects.for_user(user)
    obj = manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


class ServiceWriteMixin:
    """POST and PUT/PATCH through a service. The viewset names the parent field it writes under
    (`parent_field`: taken from the object on update, checked visible on create) and the optional related
    objects to re-check (`related_fields`); `service_save(data, parent, obj)` calls the service and returns
    the saved object, answered with `serializer_class` (201 on create, 200 on update)."""

    parent_field = ""
    related_fields = ()

    def service_save(self, data: dict, parent, obj=None):
        raise NotImplementedError

    def _write(self, serializer, obj=None):
        data = dict(serializer.validated_data)
        sent_parent = data.pop(self.parent_field, None)
        user = self.request.user
        parent = getattr(obj, self.parent_field) if obj else visible(type(sent_parent), user, sent_parent.pk)
        for key in self.related_fields:
            if data.get(key) is not None:
                data[key] = visible(type(data[key]), user, data[key].pk)
        saved = self.service_save(data, parent, obj)
        return Response(
            self.serializer_class(saved).data, status=status.HTTP_200_OK if obj else status.HTTP_201_CREATED
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._write(serializer)

    def update(self, request, *args, **kwargs):
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self._write(serializer, obj)
