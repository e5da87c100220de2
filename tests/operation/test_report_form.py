"""QA fixes on the progress report form of the activity page: locked periods, kept inputs, messages."""

import re

import pytest
from django.contrib.messages import SUCCESS
from django.urls import reverse

from mipg.operation import services
from mipg.operation.models import Activity, ProgressReport

from .conftest import pdf_upload


@pytest.fixture
def activity(plan):
    return Activity.objects.get(goal__plan=plan, code="M1.1")


def period_options(html: str) -> list[str]:
    select = re.search(r'<select name="period"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


def test_report_period_select_leaves_out_approved_periods(activity, login, ops, world):
    url = reverse("operation:activity_detail", args=[activity.pk])
    client = login(ops.leader)
    assert "T1" in period_options(client.get(url).content.decode())
    report = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=20, narrative="Primer trimestre"
    )
    # Pending (not yet approved) periods are still offered: the service explains why they cannot be repeated.
    assert "T1" in period_options(client.get(url).content.decode())
    services.progress_report_review(user=world.head_planner, report=report, approve=True, comment="")
    options = period_options(client.get(url).content.decode())
    assert "T1" not in options
    assert "T2" in options
    # Posting a locked period anyway is refused by the form and nothing changes.
    response = client.post(url, {"period": "T1", "percent": "30", "narrative": "otra vez"})
    assert response.status_code == 200
    assert ProgressReport.objects.filter(activity=activity).count() == 1


def test_report_form_keeps_inputs_and_asks_for_the_file_again(activity, login, ops):
    url = reverse("operation:activity_detail", args=[activity.pk])
    response = login(ops.leader).post(
        url,
        {
            "period": "T2",
            "percent": "120",
            "narrative": "Lo que hice en el trimestre",
            "backward_reason": "ninguno",
            "evidence_url": "https://example.org/acta",
            "evidence_file": pdf_upload(),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "El avance no puede superar el 100 %." in html
    assert "Lo que hice en el trimestre" in html
    assert 'value="120' in html
    assert "https://example.org/acta" in html
    assert re.search(r'<option value="T2"[^>]*selected', html)
    assert "vuelva a elegir el archivo de evidencia" in html
    assert not ProgressReport.objects.exists()


def test_report_error_without_file_does_not_mention_the_file(activity, login, ops):
    url = reverse("operation:activity_detail", args=[activity.pk])
    response = login(ops.leader).post(url, {"period": "T1", "percent": "120", "narrative": "x"})
    assert "vuelva a elegir el archivo" not in response.content.decode()


def test_report_success_is_a_success_message_not_a_form_error(activity, login, ops):
    url = reverse("operation:activity_detail", args=[activity.pk])
    response = login(ops.leader).post(
        url, {"period": "T1", "percent": "25", "narrative": "Primer trimestre"}, follow=True
    )
    text = "Se envió el reporte de avance para revisión de planeación."
    html = response.content.decode()
    assert [(m.level, str(m)) for m in response.context["messages"]] == [(SUCCESS, text)]
    assert f'<li class="msg-success">{text}</li>' in html
    assert not re.search(r'class="errorlist[^"]*"[^>]*>(?:(?!</ul>).)*Se envió', html, re.S)
    assert not response.context["form"].is_bound


def test_report_form_replaced_by_notice_when_every_period_is_approved(activity, login, ops, world):
    for number, period in enumerate(("T1", "T2", "T3", "T4"), start=1):
        report = services.progress_report_submit(
            user=ops.leader, activity=activity, period=period, percent=25 * number, narrative=period
        )
        services.progress_report_review(user=world.head_planner, report=report, approve=True, comment="")
    html = login(ops.leader).get(reverse("operation:activity_detail", args=[activity.pk])).content.decode()
    assert "no quedan periodos por reportar" in html
    assert 'name="period"' not in html
