from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    PasswordResetForm,
    SetPasswordForm,
    UserChangeForm,
)
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from udsatteraad.lib import mail

from .models import User


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    # One answer for every failure (unknown address, wrong password, too many attempts), so
    # the page never tells which it was.
    error_messages = {
        "invalid_login": _(
            "E-mail eller adgangskode er forkert, eller der har været for mange forsøg. "
            "Tjek stavningen og prøv igen. Efter mange forsøg skal du vente et kvarter, "
            "eller du kan nulstille din adgangskode."
        ),
        "inactive": _("Din konto er lukket. Kontakt sekretariatet."),
    }

    def __init__(self, request=None, *args, throttled: bool = False, **kwargs):
        self.request = request
        self.throttled = throttled
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = self.cleaned_data.get("email")
        password = self.cleaned_data.get("password")
        if self.throttled:
            # The password is not even checked while throttled.
            raise forms.ValidationError(self.error_messages["invalid_login"], code="throttled")
        if email and password:
            # Addresses are stored in lower case, but older rows may not be: look up without
            # regard to case, then authenticate against the stored spelling.
            existing = User.objects.filter(email__iexact=email).only("email").first()
            login_email = existing.email if existing else email.lower()
            self.user = authenticate(self.request, email=login_email, password=password)
            if self.user is None:
                if existing is not None and not existing.is_active:
                    # Only said after a correct password, so it reveals nothing new.
                    if existing.check_password(password):
                        raise forms.ValidationError(
                            self.error_messages["inactive"], code="inactive"
                        )
                raise forms.ValidationError(
                    self.error_messages["invalid_login"], code="invalid_login"
                )
        return self.cleaned_data


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kode fra din godkendelses-app"),
        help_text=_("6 cifre, f.eks. 123456."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Koden skal være 6 cifre."), code="format")
        return token


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        # Django's own message, sent through lib.mail like every e-mail (From, headers, log).
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        message = EmailMultiAlternatives(
            subject, render_to_string(email_template_name, context), from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html")
        mail.queue([message], what=f"password reset for user {context['user'].pk}")


class ResetSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Ny adgangskode")
        self.fields["new_password2"].label = _("Gentag den nye adgangskode")
        self.fields["new_password1"].help_text = _(
            "Mindst 10 tegn. Undgå almindelige ord og adgangskoder, der kun består af tal."
        )


class AdminUserAddForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")

    def clean_email(self) -> str:
        # Logins compare addresses in lower case; store them that way too.
        return self.cleaned_data["email"].lower()


class AdminUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
