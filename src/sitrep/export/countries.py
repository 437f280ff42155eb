"""ISO 3166 look-ups for export formats that want alpha-2 codes or country names."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=512)
def _country(alpha3: str) -> tuple[str, str] | None:
    import pycountry

    found = pycountry.countries.get(alpha_3=alpha3)
    if found is None:
        return None
    return str(found.alpha_2), str(getattr(found, "common_name", None) or found.name)


def alpha2(alpha3: str | None) -> str | None:
    """The ISO alpha-2 code of an alpha-3 country code; None for IGO/NGO/... or unknown."""
    found = _country(alpha3.upper()) if alpha3 else None
    return found[0] if found else None


def country_name(alpha3: str | None) -> str | None:
    """The country's common English name (pycountry), None for IGO/NGO/... or unknown."""
    found = _country(alpha3.upper()) if alpha3 else None
    return found[1] if found else None
