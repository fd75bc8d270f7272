"""Records in many scripts for export/import tests (built here, not copied from anywhere)."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import BUNDLED_LIBRARY


def seed() -> dict[str, Any]:
    """The bundled seed record."""
    return json.loads((BUNDLED_LIBRARY / "filippov1951ciphered.json").read_text("utf-8"))


def samples() -> list[dict[str, Any]]:
    """The seed plus records with diacritics, Cyrillic, Chinese and LaTeX's special characters."""
    return [
        seed(),
        {
            "id": "szalontai1955memorandum", "type": "manuscript",
            "title": "Memorandum of Conversation between Szalontai Balázs and Rezső Nyers",
            "genre": "memorandum of conversation",
            "author": [{"family": "Szalontai", "given": "Balázs"}],
            "issued": {"date-parts": [[1955, 3]]}, "language": "en",
            "custom": {"holdings": [{"archive": "MOL",
                                     "reference": "XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955"}],
                       "original-language": "Hungarian"},
        },
        {
            "id": "sluczanski1956letter", "type": "personal_communication", "genre": "letter",
            "title": "Letter from Łukasz Słuczański to Władysław Gomułka",
            "author": [{"family": "Słuczański", "given": "Łukasz"}],
            "recipient": [{"literal": "Władysław Gomułka"}],
            "issued": {"date-parts": [[1956, 10, 19]]}, "language": "pl",
            "custom": {"holdings": [{"archive": "AAN",
                                     "reference": "KC PZPR, 237/V-44, k. 12–14"}]},
        },
        {
            "id": "lotman1965pismo", "type": "personal_communication", "genre": "letter",
            "title": "Письмо Б. Ф. Егорову",
            "author": [{"family": "Лотман", "given": "Юрий Михайлович"}],
            "recipient": [{"literal": "Борис Егоров"}],
            "issued": {"date-parts": [[1965]]}, "language": "ru",
            "translator": [{"family": "Šťastný", "given": "Jiří"}],
            "custom": {"holdings": [{"archive": "RGALI", "levels": [
                ["fond", "2"], ["opis", "1"], ["delo", "5"], ["list", "5ob"]]}]},
        },
        {
            "id": "mao1951telegram", "type": "personal_communication", "genre": "telegram",
            "title": "关于朝鲜停战谈判的电报",
            "author": [{"literal": "毛泽东"}], "recipient": [{"literal": "Filippov [Stalin]"}],
            "issued": {"date-parts": [[1951, 7, 1]]}, "language": "zh",
            "URL": "https://digitalarchive.wilsoncenter.org/document/110375",
            "number": "110375", "source": "History and Public Policy Program Digital Archive",
            "publisher": "Wilson Center",
            "custom": {"holdings": [{"archive": "PRC FMA", "reference": "105-00051-07, 199–205"}]},
        },
        {
            "id": "cpsu1956minutes", "type": "manuscript", "genre": "minutes",
            "title": "Minutes #3: 50% of R&D_costs, {draft} ~ ^ \\ $5 — TsK KPSS",
            "author": [{"literal": "CC CPSU Presidium"}],
            "issued": {"date-parts": [[1956, 11, 4]]}, "note": "Obtained by A. B. & C. D.",
            "URL": "https://example.org/a_b?x=1&y=2%20z#top",
            "custom": {"holdings": [{"archive": "RGANI", "levels": [
                ["fond", "3"], ["opis", "12"], ["delo", "1005"], ["listy", "47-49"]]},
                {"archive": "AP RF", "levels": [["fond", "3"], ["opis", "64"],
                                                ["ed_khr", "484"], ["papka", "11"]]}],
                "tags": ["hungary", "1956"]},
        },
        {
            "id": "zubok2007failed", "type": "book", "title": "A Failed Empire",
            "author": [{"family": "Zubok", "given": "Vladislav M."}],
            "publisher": "University of North Carolina Press", "publisher-place": "Chapel Hill",
            "issued": {"date-parts": [[2007]]}, "language": "en-US",
        },
    ]
