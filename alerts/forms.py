from django import forms

from . import addresses
from .models import Frequency, Target
from .targets import NotFollowable, resolve


class FollowForm(forms.Form):
    email = forms.EmailField(max_length=254, error_messages={"required": "Enter your email address."})
    frequency = forms.ChoiceField(
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        error_messages={"required": "Choose how often.", "invalid_choice": "Choose how often."},
    )
    target = forms.ChoiceField(choices=Target.choices)
    object = forms.IntegerField(required=False, min_value=1)
    query = forms.CharField(required=False, max_length=1000, strip=False)

    def clean_email(self):
        return addresses.clean(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        if "target" not in cleaned or "object" not in cleaned or "query" not in cleaned:
            raise forms.ValidationError("This page cannot be followed.")
        try:
            cleaned["followed"] = resolve(cleaned["target"], cleaned["object"], cleaned["query"])
        except NotFollowable as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(choices=Frequency.choices)
