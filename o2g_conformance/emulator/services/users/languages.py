"""Language tables of user preferences: OXE languages, GUI language codes and the supported GUI languages."""

from __future__ import annotations

#: OXE language -> GUI language code, the correspondence table of o2g-rest-api-reference.txt L1366-1422.
#: "Cantonese -> ca-?" (L1375) is kept as printed; it is not a supported GUI language.
OXE_TO_GUI: dict[str, str] = {
    "Arabic_D": "ar",
    "Arabic_FV": "ar-fv",
    "Australian": "en-au",
    "Austrian": "de-at",
    "Bahasa_Malay": "id",
    "Brazilian": "br",
    "Bulgarian": "bg",
    "Canadian_French": "fr-ca",
    "Cantonese": "ca-?",
    "Catalonian": "ca",
    "Croat": "hr",
    "Czech": "cs",
    "Danish": "da",
    "Egyptian_FV": "eg-fv",
    "Egyptian_MV": "eg-mv",
    "English_Africa": "en-af",
    "English_UK": "en-gb",
    "Estonian": "et",
    "Finnish": "fi",
    "Flemish": "nl-be",
    "French": "fr",
    "French_Swiss": "fr-ch",
    "Generic_English": "en",
    "German": "de",
    "German_Swiss": "de-ch",
    "Greek": "el",
    "Hebrew": "he",
    "Holland": "nl",
    "Hungarian": "hu",
    "Icelandic": "is",
    "Irish": "ga",
    "Italian": "it",
    "Italian_Swiss": "it-ch",
    "Japanese": "ja",
    "Korean": "ko",
    "Latvian": "lv",
    "Lithuanian": "lt",
    "Malay": "ms",
    "Mandarin_China": "zh",
    "Mandarin_Taiwan": "zh-tw",
    "Norwegian": "no",
    "Persian": "fa",
    "Polish": "pl",
    "Portuguese": "pt",
    "Rumanian": "ro",
    "Russian": "ru",
    "Slovene": "si",
    "Spanish": "es",
    "Spanish_America": "es-us",
    "Swedish": "sv",
    "Thai": "th",
    "Turkish": "tr",
    "US_English": "en-us",
    "Valenciano": "ca-es",
    "Vietnamese": "vi",
    "Yugoslav": "yu",
}
GUI_TO_OXE: dict[str, str] = {gui: oxe for oxe, gui in OXE_TO_GUI.items()}

#: The GUI languages this emulated O2G offers: the reference example (L1530: fr, en-gb, de, es, pt, it) plus
#: "en" and "en-us", so that every language of the bundled topology is a valid preference.
SUPPORTED_GUI_LANGUAGES: tuple[str, ...] = ("fr", "en-gb", "de", "es", "pt", "it", "en", "en-us")
DEFAULT_GUI_LANGUAGE = "en"


def normalize_gui_language(value: str) -> str:
    """The canonical form of a GUI language code.

    Reading: the example answers and sends "en_GB" (L1454, L1492) while the correspondence table and the
    supported-languages example use "en-gb" (L1383, L1530). The emulator accepts both spellings (any case,
    '_' or '-') and answers in the table's form, the one `supportedLanguages` lists.
    """
    return value.strip().replace("_", "-").lower()


def initial_languages(topology_language: str) -> tuple[str, str]:
    """(guiLanguage, oxeLanguage) of a user whose topology language is `topology_language` (e.g. "fr")."""
    gui = normalize_gui_language(topology_language)
    if gui not in SUPPORTED_GUI_LANGUAGES:
        gui = DEFAULT_GUI_LANGUAGE
    return gui, GUI_TO_OXE.get(gui, "Generic_English")
