"""A service's ValidationError shown on a form: on the field it names, else at the top."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from goodwork.core.forms import add_service_errors


class EmailForm(forms.Form):
    email = forms.EmailField()


def bound() -> EmailForm:
    form = EmailForm({"email": "a@example.com"})
    assert form.is_valid()
    return form


def test_an_error_about_a_field_the_form_has_goes_on_that_field():
    form = bound()
    taken = ValidationError("Already a member.", code="taken")
    add_service_errors(form, ValidationError({"email": taken}))
    assert form.errors == {"email": ["Already a member."]}
    assert form.has_error("email", "taken")
    assert "email" not in form.cleaned_data


def test_an_error_about_another_field_goes_to_the_top_of_the_form():
    form = bound()
    add_service_errors(
        form,
        ValidationError({"health_condition": "Consent is needed.", "email": ["Too many."]}),
    )
    assert form.non_field_errors() == ["Consent is needed."]
    assert form.errors["email"] == ["Too many."]


def test_a_plain_message_or_list_goes_to_the_top_of_the_form():
    form = bound()
    add_service_errors(form, ValidationError("The closing date has passed."))
    add_service_errors(form, ValidationError(["First.", "Second."]))
    assert form.errors[NON_FIELD_ERRORS] == ["The closing date has passed.", "First.", "Second."]
