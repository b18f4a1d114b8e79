"""Shapes shared by every endpoint."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """Every error: a sentence for people and a stable code for programs."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        required=False, help_text="Per field messages, when fields were not valid."
    )


class MessageSerializer(serializers.Serializer):
    detail = serializers.CharField()
