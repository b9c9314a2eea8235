from __future__ import annotations

from django import forms

from employers.models import Membership, Organisation

ORGANISATION_NAME_MISSING = "Enter the name of your organisation."
SECTOR_MISSING = "Select your organisation's sector."
SIZE_BAND_MISSING = "Select how many people work for your organisation."
WEBSITE_INVALID = "Enter a website address in the correct format, like https://www.example.org."
INVITE_EMAIL_MISSING = "Enter the email address of the person you want to invite."
INVITE_EMAIL_INVALID = "Enter an email address in the correct format, like name@example.org."
SIGNATORY_NAME_MISSING = "Enter the name of the person signing the pledge."
SIGNATORY_ROLE_MISSING = "Enter the job title of the person signing the pledge."
PLEDGE_CONFIRM_MISSING = "Confirm that your organisation commits to the pledge."


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "companies_house_number",
            "sector",
            "size_band",
            "address",
            "postcode",
            "ward",
            "website",
            "living_wage_accredited",
            "disability_confident",
            "flexible_working_statement",
        ]
        labels = {
            "name": "Organisation name",
            "companies_house_number": "Companies House number (optional)",
            "size_band": "How many people work for your organisation?",
            "address": "Address (optional)",
            "postcode": "Postcode (optional)",
            "ward": "Ward (optional)",
            "website": "Website (optional)",
            "living_wage_accredited": "We are an accredited Living Wage employer",
            "disability_confident": "Disability Confident level",
            "flexible_working_statement": "Flexible working at your organisation (optional)",
        }
        help_texts = {
            "companies_house_number": "8 characters, like 01234567 or SC123456.",
            "living_wage_accredited": "Accredited by the Living Wage Foundation.",
            "flexible_working_statement": (
                "Tell residents how your organisation makes work fit around people's lives."
            ),
        }
        widgets = {
            "size_band": forms.RadioSelect,
            "disability_confident": forms.RadioSelect,
            "flexible_working_statement": forms.Textarea(attrs={"rows": 5}),
            "companies_house_number": forms.TextInput(attrs={"spellcheck": "false"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "website": forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
        }
        error_messages = {
            "name": {"required": ORGANISATION_NAME_MISSING},
            "sector": {"required": SECTOR_MISSING},
            "size_band": {"required": SIZE_BAND_MISSING},
            "website": {"invalid": WEBSITE_INVALID},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("size_band", "disability_confident"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={"required": INVITE_EMAIL_MISSING, "invalid": INVITE_EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="What can they do?",
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choice_hints = {
            Membership.Role.MEMBER: "Post and manage vacancies.",
            Membership.Role.OWNER: "Also manage members and sign the pledge.",
        }


class PledgeSignForm(forms.Form):
    signatory_name = forms.CharField(
        label="Full name of the person signing",
        max_length=200,
        error_messages={"required": SIGNATORY_NAME_MISSING},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    signatory_role = forms.CharField(
        label="Their job title",
        max_length=200,
        error_messages={"required": SIGNATORY_ROLE_MISSING},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    confirm = forms.BooleanField(
        label="I confirm my organisation commits to these commitments",
        error_messages={"required": PLEDGE_CONFIRM_MISSING},
    )
