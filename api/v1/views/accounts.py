"""Sign-in for apps (a token) and the shopper's address book."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts.models import Address
from accounts.selectors import address_list
from accounts.services import address_create, address_delete, address_update

from ..serializers.accounts import (
    AddressSerializer,
    AddressUpdateSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from ..serializers.common import ErrorSerializer


@extend_schema(tags=["auth"])
class TokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_scope = "auth"

    @extend_schema(
        request=TokenRequestSerializer, responses={200: TokenSerializer, 400: ErrorSerializer}
    )
    def post(self, request: Request) -> Response:
        """Exchange a username and password for the user's API token."""
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            raise exceptions.ValidationError(
                {"detail": _("The username or password is not correct."), "code": "credentials"}
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenSerializer({"token": token.key}).data)


@extend_schema(tags=["auth"])
class TokenRevokeView(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        """Revoke the user's API token; a new sign-in issues another."""
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["addresses"])
class AddressListView(generics.ListCreateAPIView):
    """List the shopper's addresses, the default first; add one."""

    serializer_class = AddressSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return address_list(user=self.request.user)

    def perform_create(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        make_default = data.pop("make_default", False)
        serializer.instance = address_create(
            user=self.request.user, data=data, make_default=make_default
        )


@extend_schema(tags=["addresses"])
class AddressDetailView(generics.RetrieveUpdateDestroyAPIView):
    """Show, change or delete one of the shopper's addresses."""

    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return address_list(user=self.request.user)

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return AddressUpdateSerializer if self.request.method == "PATCH" else AddressSerializer

    def perform_update(self, serializer: BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        make_default = data.pop("make_default", False)
        serializer.instance = address_update(
            address=serializer.instance, data=data, make_default=make_default
        )

    def perform_destroy(self, instance: Address) -> None:
        address_delete(address=instance)
