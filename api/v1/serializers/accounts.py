"""Addresses: the fields a shopper may set; the owner is always the signed-in user."""

from django_countries import countries
from rest_framework import serializers

from accounts.models import Address
from accounts.services import ADDRESS_FIELDS


class AddressSerializer(serializers.ModelSerializer):
    country = serializers.ChoiceField(choices=list(countries), default="CN")
    make_default = serializers.BooleanField(
        write_only=True, default=False, help_text="Make this the default address."
    )

    class Meta:
        model = Address
        fields = ["id", *ADDRESS_FIELDS, "is_default", "make_default"]
        read_only_fields = ["id", "is_default"]


class AddressUpdateSerializer(AddressSerializer):
    country = serializers.ChoiceField(choices=list(countries), required=False)
    make_default = serializers.BooleanField(write_only=True, required=False)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, write_only=True)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
