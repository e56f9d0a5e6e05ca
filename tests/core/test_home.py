import pytest

from tests import factories as f


@pytest.mark.django_db
def test_home_lists_organizations_in_both_languages(client):
    f.OrganizationFactory(name="Lynx Lab")
    for lang, phrase in (("en", "Organizations"), ("ko", "조직")):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200
        assert "Lynx Lab" in response.text
        assert phrase in response.text


@pytest.mark.django_db
def test_home_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(3):
        f.OrganizationFactory()
    with django_assert_max_num_queries(3):
        client.get("/")
    for _ in range(30):
        f.OrganizationFactory()
    with django_assert_max_num_queries(3):
        client.get("/")


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.django_db
def test_staff_written_help_text_is_escaped_in_forms():
    """includes/form.html never trusts help texts: criteria descriptions come from managers."""
    from django import forms
    from django.template.loader import render_to_string

    class F(forms.Form):
        x = forms.IntegerField(label="<b>Creativity</b>", help_text="<script>alert(1)</script>")

    html = render_to_string("includes/form.html", {"form": F()})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Creativity</b>" not in html
