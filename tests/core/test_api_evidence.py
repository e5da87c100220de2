"""/api/v1/evidence/ (issue 13 item 2): any role that writes in an entity uploads evidence there (a file,
checked as on the pages, or a link); only control interno verifies or rejects it; another entity's user
gets 404; bad input answers 400 in Spanish and stores nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from mipg.core.models import DomainEvent, Evidence
from tests.factories import minimal_pdf

PDF = minimal_pdf()


def test_evidence_upload_and_verification_through_the_api(world, api):
    planner, control = api(world.head_planner), api(world.control)
    link = planner.post(
        "/api/v1/evidence/",
        {"entity": world.head.pk, "title": "Acta", "url": "https://example.gov.co/acta.pdf"},
        format="json",
    )
    assert link.status_code == 201, link.content
    assert link.json()["kind"] == "link" and link.json()["status"] == "pending"
    upload = planner.post(
        "/api/v1/evidence/",
        {"entity": world.head.pk, "file": SimpleUploadedFile("informe.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert upload.status_code == 201, upload.content
    assert upload.json()["original_name"] == "informe.pdf" and len(upload.json()["sha256"]) == 64
    rejected = control.post(
        f"/api/v1/evidence/{link.json()['id']}/verify/", {"verified": False}, format="json"
    )
    assert rejected.status_code == 400 and Evidence.objects.get(pk=link.json()["id"]).status == "pending"
    verified = control.post(
        f"/api/v1/evidence/{link.json()['id']}/verify/", {"verified": True}, format="json"
    )
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    assert DomainEvent.objects.filter(verb="evidencia verificada", actor=world.control).count() == 1
    listed = planner.get("/api/v1/evidence/", {"entity": world.head.pk, "status": "verified"}).json()
    assert [e["id"] for e in listed["results"]] == [link.json()["id"]]


def test_evidence_is_scoped_needs_the_role_and_refuses_bad_input(world, api):
    planner = api(world.head_planner)
    evidence = planner.post(
        "/api/v1/evidence/", {"entity": world.head.pk, "url": "https://example.gov.co/a.pdf"}, format="json"
    ).json()
    count = Evidence.objects.count()
    outsider = api(world.outsider)
    assert outsider.get(f"/api/v1/evidence/{evidence['id']}/").status_code == 404
    assert (
        outsider.post(
            f"/api/v1/evidence/{evidence['id']}/verify/", {"verified": True}, format="json"
        ).status_code
        == 404
    )
    body = {"entity": world.head.pk, "url": "https://example.gov.co/b.pdf"}
    assert outsider.post("/api/v1/evidence/", body, format="json").status_code == 404
    # Control interno verifies but does not produce evidence; planeación does not verify its own.
    assert api(world.control).post("/api/v1/evidence/", body, format="json").status_code == 403
    assert (
        planner.post(
            f"/api/v1/evidence/{evidence['id']}/verify/", {"verified": True}, format="json"
        ).status_code
        == 403
    )
    both = planner.post(
        "/api/v1/evidence/",
        {**body, "file": SimpleUploadedFile("x.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert both.status_code == 400 and "uno de los dos" in both.json()["error"]["message"]
    fake = planner.post(
        "/api/v1/evidence/",
        {"entity": world.head.pk, "file": SimpleUploadedFile("x.pdf", b"MZ not a pdf", "application/pdf")},
        format="multipart",
    )
    assert fake.status_code == 400, fake.content
    assert planner.post("/api/v1/evidence/", {"entity": world.head.pk, "url": "nota"}).status_code == 400
    assert Evidence.objects.count() == count
