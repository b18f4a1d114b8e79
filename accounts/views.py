"""Sign-up, profile, address book and privacy pages; log-in and passwords use Django's auth
views."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import RedirectURLMixin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import FormView

from accounts import privacy as privacy_services
from accounts import selectors, services
from accounts.forms import AccountDeleteForm, AddressForm, LoginForm, ProfileForm, SignUpForm
from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class SignUpView(RedirectURLMixin, FormView):
    """Create an account, log it in, and go on to `next` if it is safe, else the profile."""

    form_class = SignUpForm
    template_name = "accounts/signup.html"
    next_page = settings.LOGIN_REDIRECT_URL

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if request.user.is_authenticated:
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: SignUpForm) -> HttpResponse:
        try:
            user = services.user_create(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, _("Welcome! Your account has been created."))
        return super().form_valid(form)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["next"] = self.get_redirect_url()
        return context


class LoginView(auth_views.LoginView):
    """Log in by username or e-mail address; a logged-in visitor goes on to `next`."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        # Django answers a `next` back to this very page with an error (a redirect loop for
        # a logged-in user): go to the default page instead.
        return self.get_default_redirect_url() if url == self.request.path else url


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form, beside the field when the form has it."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, field_messages in by_field.items():
        form.add_error(field if field in form.fields else None, field_messages)


# Pages that show a form answer GET and take POST; no other method means anything here.
require_page_or_form = require_http_methods(["GET", "HEAD", "POST"])


@login_required
@require_page_or_form
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show the account and let its owner edit name, e-mail address and phone."""
    form = ProfileForm(_posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "default_address": selectors.address_default(user=request.user)},
    )


@login_required
@require_safe
def address_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """List the user's addresses, the default first."""
    addresses = selectors.address_list(user=request.user)
    return render(request, "accounts/address_list.html", {"addresses": addresses})


@login_required
@require_page_or_form
def address_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add an address to the user's address book."""
    form = AddressForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.address_create(
            user=request.user,
            data=form.cleaned_data,
            make_default=form.cleaned_data["make_default"],
        )
        messages.success(request, _("The address has been added."))
        return redirect("accounts:addresses")
    return render(request, "accounts/address_form.html", {"form": form})


@login_required
@require_page_or_form
def address_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit one of the user's addresses."""
    address = get_object_or_404(selectors.address_list(user=request.user), pk=pk)
    form = AddressForm(_posted(request), instance=address)
    if request.method == "POST" and form.is_valid():
        services.address_update(
            address=address,
            data=form.cleaned_data,
            make_default=form.cleaned_data.get("make_default", False),
        )
        messages.success(request, _("The address has been saved."))
        return redirect("accounts:addresses")
    return render(request, "accounts/address_form.html", {"form": form, "address": address})


@login_required
@require_page_or_form
def address_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask to confirm, then delete one of the user's addresses."""
    address = get_object_or_404(selectors.address_list(user=request.user), pk=pk)
    if request.method == "POST":
        services.address_delete(address=address)
        messages.success(request, _("The address has been deleted."))
        return redirect("accounts:addresses")
    return render(request, "accounts/address_confirm_delete.html", {"address": address})


@login_required
@require_POST
def address_default(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Make one of the user's addresses the default."""
    address = get_object_or_404(selectors.address_list(user=request.user), pk=pk)
    services.address_set_default(address=address)
    messages.success(request, _("The default address has been changed."))
    return redirect("accounts:addresses")


@login_required
@require_safe
def privacy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Offer the user's data as a download, and the closing of the account."""
    return render(request, "accounts/privacy.html", {"form": AccountDeleteForm(user=request.user)})


@login_required
@require_safe
def privacy_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send everything the shop keeps about the user as a JSON file."""
    data = privacy_services.user_export_data(user=request.user)
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    filename = f"my-data-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_page_or_form
def privacy_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Confirm with the password, then erase the account and log out."""
    form = AccountDeleteForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy_services.user_erase(user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("catalog:home")
    status = 400 if form.errors else 200
    return render(request, "accounts/privacy.html", {"form": form}, status=status)
