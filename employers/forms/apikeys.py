from __future__ import annotations

from django import forms

KEY_NAME_MISSING = "Enter what the key is for, like the name of your recruitment system."


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label="What is the key for?",
        help_text="For example, the name of your recruitment system. Only your organisation "
        "sees it.",
        max_length=100,
        error_messages={"required": KEY_NAME_MISSING},
    )
