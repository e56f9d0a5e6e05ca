"""Files attached to mission submissions: recognised by content, limited in size and number,
stored under random names, downloaded only by those who may see the idea."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cocreate.core.errors import DomainError
from cocreate.ideas.attachments import MAX_FILES, attachment_problems
from cocreate.ideas.models import Attachment, Idea
from cocreate.missions.submissions import submission_save
from tests import factories as f
from tests.roles import ROLES, user_of

pytestmark = pytest.mark.django_db


def png(name="sketch.png", size=(4, 4), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="spec.pdf", extra=b""):
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n" + extra, content_type="application/pdf")


def save(lab, files, **kwargs):
    return submission_save(lab.mission, author=lab.users["partner"], title="With files", body="See attached",
                           files=files, **kwargs)


def test_real_images_and_pdfs_are_stored_under_random_names(lab):
    result = save(lab, [png(), png("photo.jpg", fmt="JPEG"), png("anim.gif", fmt="GIF"),
                        png("x.webp", fmt="WEBP"), pdf()])
    files = list(result.idea.attachments.order_by("id"))
    assert [(a.name, a.content_type) for a in files] == [
        ("sketch.png", "image/png"), ("photo.jpg", "image/jpeg"), ("anim.gif", "image/gif"),
        ("x.webp", "image/webp"), ("spec.pdf", "application/pdf")]
    for a in files:
        assert a.file.name.startswith(f"attachments/{lab.org.pk}/") and a.name not in a.file.name
        assert a.uploaded_by == lab.users["partner"]


def test_a_text_file_named_png_is_refused(lab):
    fake = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(DomainError) as err:
        save(lab, [fake])
    assert err.value.error_list[0].code == "file_type"
    assert err.value.messages == ["“evil.png” is not an accepted file: attach images (PNG, JPEG, GIF, WebP) or PDF."]
    assert not Idea.objects.exists()


def test_an_other_image_format_is_refused(lab):
    with pytest.raises(DomainError) as err:
        save(lab, [png("pic.bmp", fmt="BMP")])
    assert err.value.error_list[0].code == "file_type"


def test_an_oversized_file_is_refused_with_the_limit(lab, settings):
    settings.COCREATE_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(DomainError) as err:
        save(lab, [pdf(extra=b"x" * 2000)])
    assert err.value.error_list[0].code == "file_too_large"
    assert err.value.messages == ["“spec.pdf” is 2.0\xa0KB; files can be at most 1.0\xa0KB."]


def test_at_most_ten_files(lab):
    problems = attachment_problems(lab.mission, [pdf(f"{i}.pdf") for i in range(MAX_FILES + 1)])
    assert [p.code for p in problems] == ["too_many_files"]
    first = save(lab, [pdf(f"{i}.pdf") for i in range(MAX_FILES)])
    with pytest.raises(DomainError):
        submission_save(lab.mission, author=lab.users["partner"], title="With files", body="x",
                        idea=first.idea, files=[pdf("one-more.pdf")])
    assert Attachment.objects.count() == MAX_FILES


def test_types_without_attachments_refuse_files(lab):
    lab.mission.kind = "survey"
    lab.mission.save()
    assert [p.code for p in attachment_problems(lab.mission, [pdf()])] == ["attachments_not_accepted"]


def _submitted_with_files(lab):
    idea = save(lab, [png(), pdf()], submit=True).idea
    return idea, *idea.attachments.order_by("id")


@pytest.mark.parametrize("role", [*ROLES, "author"])
def test_download_permission_matrix(client, lab, role):
    idea, image, document = _submitted_with_files(lab)
    user = lab.users["partner"] if role == "author" else user_of(lab, role)
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    allowed = user.has_perm("ideas.view_idea", idea)
    # Staff, the author (who is the partner) and partners behind the agreement may see it.
    assert allowed is (role in {"org_admin", "program_manager", "reviewer", "judge", "executive",
                                "internal_partner", "partner", "author"})
    for attachment in (image, document):
        response = client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/files/{attachment.pk}/")
        assert response.status_code == (200 if allowed else 404)
        if allowed:
            assert response["Content-Type"] == attachment.content_type
            assert response["X-Content-Type-Options"] == "nosniff"
            disposition = response["Content-Disposition"]
            expected = "inline" if attachment.content_type.startswith("image/") else "attachment"
            assert disposition.startswith(expected) and attachment.name in disposition
            assert b"".join(response.streaming_content)[:4] in (b"\x89PNG", b"%PDF")


def test_download_of_a_missing_file_or_another_ideas_file_is_404(client, lab):
    idea, image, _doc = _submitted_with_files(lab)
    other = f.IdeaFactory(organization=lab.org)
    client.force_login(lab.users["org_admin"])
    assert client.get(f"/o/{lab.org.slug}/ideas/{idea.pk}/files/999999/").status_code == 404
    assert client.get(f"/o/{lab.org.slug}/ideas/{other.pk}/files/{image.pk}/").status_code == 404


def test_download_through_another_organization_is_404(client, labs):
    lab, other = labs
    idea, image, _doc = _submitted_with_files(lab)
    client.force_login(other.users["org_admin"])
    assert client.get(f"/o/{other.org.slug}/ideas/{idea.pk}/files/{image.pk}/").status_code == 404


def test_the_form_uploads_files(client, lab):
    client.force_login(lab.users["partner"])
    response = client.post(f"/o/{lab.org.slug}/programs/{lab.program.slug}/missions/{lab.mission.pk}/ideas/new/",
                           {"title": "Pic", "body": "b", "client_key": "k", "submit": "1", "files": [png(), pdf()]})
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert [a.name for a in idea.attachments.order_by("id")] == ["sketch.png", "spec.pdf"]
    assert "sketch.png" in client.get(response["Location"]).text


def test_the_form_explains_a_refused_file(client, lab):
    client.force_login(lab.users["partner"])
    fake = SimpleUploadedFile("evil.png", b"hello", content_type="image/png")
    response = client.post(f"/o/{lab.org.slug}/programs/{lab.program.slug}/missions/{lab.mission.pk}/ideas/new/",
                           {"title": "Pic", "body": "b", "client_key": "k", "submit": "1", "files": [fake]})
    assert response.status_code == 200
    assert "“evil.png” is not an accepted file" in response.text
    assert not Idea.objects.exists()
