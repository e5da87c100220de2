from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mipg.core.xlsx import build_workbook
from mipg.measurement.questionnaires.importer import ALL_COLUMNS, SHEET
from mipg.measurement.questionnaires.models import Answer, Campaign, Question, Questionnaire
from mipg.measurement.questionnaires.services import (
    answer_review,
    answer_save,
    campaign_create,
    questionnaire_import,
)
from mipg.measurement.questionnaires.synthetic import furag_workbook

from .conftest import answer_of, as_file, option_id, upload

pytestmark = pytest.mark.django_db


def test_pages_answer_for_members_and_404_for_foreigners(world, assigned, login):
    campaign = assigned
    answer = answer_of(campaign, "DTH100")
    urls = [
        reverse("questionnaires:campaign_detail", args=[campaign.pk]),
        reverse("questionnaires:campaign_questions", args=[campaign.pk]),
        reverse("questionnaires:campaign_compare", args=[campaign.pk]),
        reverse("questionnaires:campaign_transcription", args=[campaign.pk]),
        reverse("questionnaires:answer_detail", args=[answer.pk]),
    ]
    for user in (world.head_planner, world.control, world.reader, world.sector_planner):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)
    client = login(world.outsider)
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("questionnaires:index")).status_code == 200
    assert (
        client.get(
            reverse("questionnaires:questionnaire_detail", args=[campaign.questionnaire_id])
        ).status_code
        == 200
    )


def test_assign_page_only_for_planning(world, campaign, people, login):
    dependencia, _r, person, _s = people
    url = reverse("questionnaires:campaign_assign", args=[campaign.pk])
    assert login(world.reader).get(url).status_code == 403
    assert login(world.control).get(url).status_code == 403
    client = login(world.head_planner)
    module = campaign.questionnaire.modules.order_by("order")[1]
    response = client.post(
        url, {"modules": [module.pk], "dependencia": dependencia.pk, "question_codes": "DCI310"}
    )
    assert response.status_code == 302
    assert Answer.objects.filter(campaign=campaign, assigned_dependencia=dependencia).count() == 4
    response = client.post(url, {"question_codes": "NOEXISTE", "dependencia": dependencia.pk})
    assert "No existen las preguntas: NOEXISTE." in response.content.decode()


def test_answer_page_saves_and_rejects_bad_input(world, assigned, people, login):
    _dep, respondent, _person, _s = people
    answer = answer_of(assigned, "DTH130")
    client = login(respondent)
    url = reverse("questionnaires:answer_detail", args=[answer.pk])
    response = client.post(url, {"action": "save", "number": "muchos"})
    assert response.status_code == 400
    assert "«muchos» no es un número válido." in response.content.decode()
    assert answer_of(assigned, "DTH130").status == Answer.Status.PENDING
    response = client.post(url, {"action": "save", "number": "42"})
    assert response.status_code == 302
    assert answer_of(assigned, "DTH130").number == 42
    # the reader cannot post
    assert login(world.reader).post(url, {"action": "save", "number": "1"}).status_code == 403


def test_import_page_lists_every_problem_and_imports_nothing(world, login):
    assert login(world.head_planner).get(reverse("questionnaires:questionnaire_import")).status_code == 403
    client = login(world.admin)
    url = reverse("questionnaires:questionnaire_import")
    bad = build_workbook(
        [(SHEET, list(ALL_COLUMNS), [["A1", "M", "POL99", "¿?", "Rara", "", "No", "", "", "", "", ""]])]
    )
    response = client.post(url, {"file": upload(bad)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "No se importó nada" in text and "fila 2, columna «Política»" in text and "columna «Tipo»" in text
    assert Questionnaire.objects.count() == 0
    response = client.post(url, {"file": upload(b"no soy excel")})
    assert "El archivo no es un libro de Excel (.xlsx) válido." in response.content.decode()
    response = client.post(url, {"file": upload(furag_workbook(30, 3)), "name": "FURAG chico"})
    assert response.status_code == 302 and Questionnaire.objects.get().name == "FURAG chico"
    assert login(world.reader).get(url).status_code == 403


def test_campaign_questions_query_count_is_fixed(world, login, django_assert_max_num_queries):
    counts = []
    for size in (40, 200):
        q = questionnaire_import(user=world.admin, file=as_file(furag_workbook(size, 4)), name=f"F{size}")
        campaign = campaign_create(
            user=world.head_planner,
            questionnaire=q,
            entity=world.head,
            vigencia=2000 + size // 10,
            deadline=date(2030, 1, 1),
        )
        client = login(world.head_planner)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        url = reverse("questionnaires:campaign_questions", args=[campaign.pk]) + "?page_size=1000"
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("/medicion/cuestionarios/respuestas/") >= size - size // 7
        counts.append(len(ctx.captured_queries))
        with django_assert_max_num_queries(15):
            client.get(reverse("questionnaires:campaign_detail", args=[campaign.pk]))
    assert counts[0] == counts[1] and counts[0] <= 15


def test_saving_an_answer_is_bounded(world, django_assert_max_num_queries):
    for size in (40, 400):
        q = questionnaire_import(user=world.admin, file=as_file(furag_workbook(size, 4)), name=f"F{size}")
        campaign = campaign_create(
            user=world.head_planner,
            questionnaire=q,
            entity=world.head,
            vigencia=2000 + size // 10,
            deadline=date(2030, 1, 1),
        )
        first = answer_of(campaign, "Q0001")  # has dependents
        with django_assert_max_num_queries(14):
            answer_save(user=world.head_planner, answer=first, choices=[option_id(first, "Sí")])
        plain = answer_of(campaign, "Q0007")
        with django_assert_max_num_queries(10):
            answer_save(user=world.head_planner, answer=plain, number="80")


def test_api_questionnaires_export_and_import(world, furag, api):
    client = api(world.head_planner)
    listing = client.get("/api/v1/questionnaires/")
    assert listing.status_code == 200 and listing.json()["count"] == 2
    detail = client.get(f"/api/v1/questionnaires/{furag.pk}/").json()
    assert len(detail["questions"]) == 9
    exported = client.get(f"/api/v1/questionnaires/{furag.pk}/export.xlsx")
    assert exported.status_code == 200 and exported.content.startswith(b"PK")
    assert api(world.reader).get(f"/api/v1/questionnaires/{furag.pk}/export.xlsx/").status_code == 200
    refused = client.post(
        "/api/v1/questionnaires/import/", {"file": upload(exported.content), "name": "X"}, format="multipart"
    )
    assert refused.status_code == 403  # planning offices do not import shared question banks
    client = api(world.admin)
    created = client.post(
        "/api/v1/questionnaires/import/",
        {"file": upload(exported.content), "name": "Copia"},
        format="multipart",
    )
    assert created.status_code == 201
    assert Question.objects.filter(questionnaire_id=created.json()["id"]).count() == 9
    bad = client.post("/api/v1/questionnaires/import/", {"file": upload(b"nada")}, format="multipart")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "import_rejected"
    assert (
        api(world.reader)
        .post("/api/v1/questionnaires/import/", {"file": upload(exported.content)}, format="multipart")
        .status_code
        == 403
    )
    assert api().get("/api/v1/questionnaires/").status_code in (401, 403)


def test_api_campaigns_and_answers(world, assigned, people, api):
    _dep, respondent, _person, _s = people
    campaign = assigned
    answer = answer_of(campaign, "DTH100")
    assert api(world.outsider).get(f"/api/v1/campaigns/{campaign.pk}/").status_code == 404
    assert api(world.outsider).get(f"/api/v1/answers/{answer.pk}/").status_code == 404
    assert (
        api(world.outsider)
        .patch(f"/api/v1/answers/{answer.pk}/", {"choices": [1]}, format="json")
        .status_code
        == 404
    )
    assert api(world.control).get("/api/v1/campaigns/").json()["count"] == 1
    client = api(respondent)
    yes = option_id(answer, "Sí")
    no = option_id(answer, "No")
    two = client.patch(f"/api/v1/answers/{answer.pk}/", {"choices": [yes, no]}, format="json")
    assert two.status_code == 400 and two.json()["error"]["message"] == "Elija una sola opción."
    ok = client.patch(
        f"/api/v1/answers/{answer.pk}/", {"choices": [yes], "justification": "Aprobado"}, format="json"
    )
    assert (
        ok.status_code == 200
        and ok.json()["status"] == "respondida"
        and ok.json()["internal_estimate"] == "100.0"
    )
    numeric = answer_of(campaign, "DTH130")
    bad = client.post(f"/api/v1/answers/{numeric.pk}/answer/", {"number": "doce"}, format="json")
    assert bad.status_code == 400 and "número" in bad.json()["error"]["message"]
    assert (
        api(world.reader)
        .patch(f"/api/v1/answers/{answer.pk}/", {"choices": [yes]}, format="json")
        .status_code
        == 403
    )
    review = api(world.head_planner).post(
        f"/api/v1/answers/{answer.pk}/transition/", {"action": "review"}, format="json"
    )
    assert review.status_code == 400 and "exige evidencia" in review.json()["error"]["message"]
    ret = api(world.head_planner).post(
        f"/api/v1/answers/{answer.pk}/transition/",
        {"action": "return", "note": "Adjunte el acta"},
        format="json",
    )
    assert ret.json()["status"] == "devuelta"
    estimate = api(world.reader).get(f"/api/v1/campaigns/{campaign.pk}/estimate/").json()
    assert "estimación interna" in estimate["label"]
    assert api(world.head_planner).get("/api/v1/answers/?campaign=x").status_code == 400


def test_send_reminders_emails_respondents(world, assigned, people, settings):
    """Campaign questions reach their respondents through the digest of `mipg send-reminders`
    (mipg.inbox.digest; the full behaviour is tested in tests/inbox/test_reminders.py)."""
    from mipg.inbox.digest import send_digests

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _dependencia, respondent, _person, _stranger = people
    campaign = assigned
    campaign.deadline = timezone.localdate() + timedelta(days=1)
    campaign.save()
    call_command("send-reminders")
    recipients = sorted(r for m in mail.outbox for r in m.to)
    # the respondent for the assigned module; planning for the questions nobody was assigned
    assert respondent.email in recipients
    assert "head_planner@example.gov.co" in recipients
    body = next(m.body for m in mail.outbox if respondent.email in m.to)
    assert "preguntas de «" in body
    mail.outbox.clear()
    campaign.deadline = timezone.localdate() + timedelta(days=30)
    campaign.save()
    send_digests(today=timezone.localdate() + timedelta(days=1))
    assert [m for m in mail.outbox if respondent.email in m.to] == []


def test_compare_with_previous_vigencia(world, furag, login):
    old = campaign_create(
        user=world.head_planner,
        questionnaire=furag,
        entity=world.head,
        vigencia=2024,
        deadline=date(2024, 12, 1),
    )
    new = campaign_create(
        user=world.head_planner,
        questionnaire=furag,
        entity=world.head,
        vigencia=2025,
        deadline=date(2025, 12, 1),
    )
    a = answer_of(old, "DTH100")
    answer_save(user=world.head_planner, answer=a, choices=[option_id(a, "No")])
    b = answer_of(new, "DTH100")
    answer_save(user=world.head_planner, answer=b, choices=[option_id(b, "Sí")])
    page = (
        login(world.head_planner)
        .get(reverse("questionnaires:campaign_compare", args=[new.pk]))
        .content.decode()
    )
    assert "cambió" in page and str(old) in page


def test_review_needs_state(world, campaign):
    a = answer_of(campaign, "DPL210")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Solo se revisan"):
        answer_review(user=world.head_planner, answer=a)


def test_creation_pages_permissions_and_bad_input(world, furag, login):
    for user in (world.reader, world.control):
        assert login(user).get(reverse("questionnaires:campaign_create")).status_code == 403
    client = login(world.head_planner)
    url = reverse("questionnaires:campaign_create")
    assert client.get(url).status_code == 200
    data = {"questionnaire": furag.pk, "entity": world.head.pk, "vigencia": 2025, "deadline": "2025-12-01"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert "ya tiene una campaña" in again.content.decode()
    foreign = client.post(url, data | {"entity": world.other.pk, "vigencia": 2026})
    assert foreign.status_code == 200 and not Campaign.objects.filter(entity=world.other).exists()
    assert Campaign.objects.count() == 1
    sector_url = reverse("questionnaires:sector_campaign_create")
    client = login(world.sector_planner)
    response = client.post(
        sector_url,
        {"questionnaire": furag.pk, "sector": world.sector.pk, "vigencia": 2026, "deadline": "01/12/2026"},
    )
    assert response.status_code == 302 and Campaign.objects.filter(vigencia=2026).count() == 2


def test_history_transcription_and_admin(world, assigned, login):
    import io

    from python_calamine import CalamineWorkbook

    from mipg.measurement.questionnaires.exporter import questionnaire_rows

    campaign = assigned
    answer = answer_of(campaign, "DTH100")
    answer_save(user=world.head_planner, answer=answer, choices=[option_id(answer, "Sí")])
    client = login(world.head_planner)
    for model, pk in (
        ("questionnaire", campaign.questionnaire_id),
        ("campaign", campaign.pk),
        ("answer", answer.pk),
    ):
        assert client.get(reverse("object_history", args=["questionnaires", model, pk])).status_code == 200
    assert (
        login(world.outsider)
        .get(reverse("object_history", args=["questionnaires", "campaign", campaign.pk]))
        .status_code
        == 404
    )
    client = login(world.head_planner)
    response = client.get(reverse("questionnaires:campaign_transcription", args=[campaign.pk]))
    assert response.status_code == 200, response.content[:300]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows[1:]] == [r[0] for r in questionnaire_rows(campaign.questionnaire)]
    assert rows[1][4] == "Sí" and "no es el índice oficial" in rows[0][8]
    admin_client = login(world.admin)
    assert admin_client.get("/admin/questionnaires/answer/").status_code == 200
    assert admin_client.get("/admin/questionnaires/question/").status_code == 200


def test_api_campaign_create_and_index_lists(world, furag, api, login, django_assert_max_num_queries):
    payload = {"questionnaire": furag.pk, "entity": world.head.pk, "vigencia": 2025, "deadline": "2025-12-01"}
    assert api(world.reader).post("/api/v1/campaigns/", payload, format="json").status_code == 403
    foreign = api(world.outsider).post("/api/v1/campaigns/", payload, format="json")
    assert foreign.status_code == 400 and "no existen" in foreign.json()["error"]["message"]
    created = api(world.head_planner).post("/api/v1/campaigns/", payload, format="json")
    assert created.status_code == 201
    again = api(world.head_planner).post("/api/v1/campaigns/", payload, format="json")
    assert again.status_code == 400 and "ya tiene una campaña" in again.json()["error"]["message"]
    assert Campaign.objects.count() == 1
    client = login(world.head_planner)
    # 13: one query checks whether the user may open a sector campaign (planeación over the whole sector)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("questionnaires:index")).status_code == 200
    export = client.get(reverse("questionnaires:index") + "?format=campaigns-xlsx")
    assert export.status_code == 200 and export.content.startswith(b"PK")


def test_garbage_choice_on_the_page_is_a_clear_400(world, campaign, login):
    answer = answer_of(campaign, "DPL210")
    response = login(world.head_planner).post(
        reverse("questionnaires:answer_detail", args=[answer.pk]), {"action": "save", "choice": "abc"}
    )
    assert response.status_code == 400
    assert "La opción elegida no pertenece a esta pregunta." in response.content.decode()
    assert answer_of(campaign, "DPL210").status == Answer.Status.PENDING


def test_index_and_detail_pages_have_the_same_query_count_at_two_sizes(world, furag, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.head_planner)
    counts = []
    for year in (2021, 2022, 2023):
        campaign = campaign_create(
            user=world.head_planner,
            questionnaire=furag,
            entity=world.head,
            vigencia=year,
            deadline=date(2030, 1, 1),
        )
        with CaptureQueriesContext(connection) as index_ctx:
            assert client.get(reverse("questionnaires:index")).status_code == 200
        with CaptureQueriesContext(connection) as detail_ctx:
            assert (
                client.get(reverse("questionnaires:campaign_detail", args=[campaign.pk])).status_code == 200
            )
        counts.append((len(index_ctx.captured_queries), len(detail_ctx.captured_queries)))
    assert counts[0] == counts[1] == counts[2]
