"""The committed catalogs are complete and compiled, and templates keep no untranslated text."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["zh_Hans", "en"]
PYTHON_FORMAT = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
BRACE_FORMAT = re.compile(r"\{[\w.]*\}")
# Attributes whose text a shopper reads or hears as well as an element's content.
VISIBLE_ATTRIBUTES = re.compile(r'\b(?:alt|title|placeholder|aria-label)="([^"]*)"')


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _mo(language: str) -> polib.MOFile:
    return polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))


def _placeholders(text: str) -> list[str]:
    python = [match for match in PYTHON_FORMAT.findall(text) if match != "%%"]
    return sorted(python + BRACE_FORMAT.findall(text))


def _translations(entry: polib.POEntry | polib.MOEntry) -> dict[int, str]:
    if entry.msgid_plural:
        return {int(index): text for index, text in entry.msgstr_plural.items()}
    return {0: entry.msgstr}


def test_every_chinese_entry_is_translated_and_checked():
    po = _po("zh_Hans")
    assert len(po) > 0
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_fuzzy_or_obsolete_entries(language):
    po = _po(language)
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_source(language):
    po = _po(language)
    plural_forms = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    mismatches = []
    for entry in po.translated_entries():
        for index, text in _translations(entry).items():
            singular = index == 0 and plural_forms > 1
            source = entry.msgid if singular or not entry.msgid_plural else entry.msgid_plural
            if _placeholders(text) != _placeholders(source):
                mismatches.append((source, text))
    assert mismatches == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language):
    expected = {
        (entry.msgctxt, entry.msgid): _translations(entry)
        for entry in _po(language).translated_entries()
    }
    compiled = {
        (entry.msgctxt, entry.msgid): _translations(entry) for entry in _mo(language) if entry.msgid
    }
    assert compiled == expected, "run `make messages` and commit the .mo files"


@pytest.mark.django_db
def test_default_pages_speak_chinese(client):
    page = client.get("/").content.decode()
    assert "购物车" in page
    assert "登录" in page
    assert "Log in" not in page


@pytest.mark.django_db
def test_english_pages_speak_english(client):
    page = client.get("/en/").content.decode()
    assert "Cart" in page
    assert "Log in" in page
    assert "购物车" not in page


def _template_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    folders = [base / "templates"] + [
        folder for folder in base.glob("*/templates") if not folder.parent.name.startswith(".")
    ]
    return sorted(
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in {".html", ".txt"} and path.is_file()
    )


def _blank(match: re.Match[str]) -> str:
    """Replace a match by spaces of the same length, so offsets keep their line."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _untranslated_text(source: str) -> list[tuple[int, str]]:
    """Return (line, text) for each run of visible text with letters outside translate tags."""
    dotall = re.DOTALL
    for pattern, flags in (
        (r"\{#.*?#\}", 0),
        (r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", dotall),
        (r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", dotall),
        (r"<(script|style)\b.*?</\1>", dotall),
        (r"\{%.*?%\}", dotall),
        (r"\{\{.*?\}\}", dotall),
        (r"&#?\w+;", 0),
    ):
        source = re.sub(pattern, _blank, source, flags=flags)
    found = []
    for tag in re.finditer(r"<[^>]*>", source):
        for value in VISIBLE_ATTRIBUTES.finditer(tag.group(0)):
            if re.search(r"[A-Za-z]", value.group(1)):
                found.append((tag.start() + value.start(1), value.group(1).strip()))
    text = re.sub(r"<[^>]*>", _blank, source)
    for run in re.finditer(r"[^\s<>]+(?:[ \t]+[^\s<>]+)*", text):
        if re.search(r"[A-Za-z]", run.group(0)):
            found.append((run.start(), run.group(0)))
    return sorted((source.count("\n", 0, offset) + 1, words) for offset, words in found)


def test_template_scan_spots_literal_text():
    source = (
        '{% load i18n %}<p title="Hello">{% translate "Cart" %} ¥ 12.00</p>\n'
        "{% blocktranslate %}Only {{ n }} left{% endblocktranslate %}\n"
        "<span>Sold out</span> {{ product.name }}"
    )
    assert _untranslated_text(source) == [(1, "Hello"), (3, "Sold out")]


@pytest.mark.parametrize(
    "path", _template_files(), ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_templates_show_no_untranslated_text(path):
    found = _untranslated_text(path.read_text(encoding="utf-8"))
    assert [f"{path.name}:{line}: {text}" for line, text in found] == []
