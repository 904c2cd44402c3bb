"""The notification settings form."""

from __future__ import annotations

from django import forms

from .models import SocialSettings


class SocialSettingsForm(forms.ModelForm[SocialSettings]):
    class Meta:
        model = SocialSettings
        fields = ["email_delivery", "email_market", "email_reviews", "email_follows", "email_searches",
                  "email_programmes",
                  "follows_public",
                  "saves_public"]
        widgets = {"email_delivery": forms.RadioSelect}
