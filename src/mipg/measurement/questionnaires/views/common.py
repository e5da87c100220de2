"""Helpers the questionnaire views share: pagination, error text and the campaign a user may see."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from .. import selectors


def _page(request, items, size=50, max_size=1000):
    try:
        size = min(max_size, max(1, int(request.GET.get("page_size", size))))
    except ValueError:
        pass
    return Paginator(items, size).get_page(request.GET.get("page"))


def _error_text(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


def _campaign(request, pk):
    return get_object_or_404(selectors.campaigns_for(request.user), pk=pk)
