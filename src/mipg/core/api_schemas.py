"""Documented shapes of API answers shared by several apps (issue 13 item 2)."""

from rest_framework import serializers


class ImportProblemSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()
    text = serializers.CharField()


class ImportProblemsDetailsSerializer(serializers.Serializer):
    problems = ImportProblemSerializer(many=True)


class ImportProblemsErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = ImportProblemsDetailsSerializer()


class ImportProblemsSerializer(serializers.Serializer):
    error = ImportProblemsErrorSerializer()
