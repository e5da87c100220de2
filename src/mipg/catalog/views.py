from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import selectors


@login_required
def dimension_list(request):
    return render(
        request,
        "catalog/dimension_list.html",
        {"version": selectors.current_version(), "dimensions": selectors.dimensions_with_policies()},
    )


@login_required
def dimension_detail(request, code: str):
    dimension = selectors.dimensions_with_policies().filter(code=code.upper()).first()
    if dimension is None:
        raise Http404
    return render(request, "catalog/dimension_detail.html", {"dimension": dimension})


@login_required
def policy_detail(request, code: str):
    policy = selectors.policy_by_code(code)
    if policy is None:
        raise Http404
    return render(
        request,
        "catalog/policy_detail.html",
        {"policy": policy, "subindices": policy.subindices.order_by("code")},
    )
