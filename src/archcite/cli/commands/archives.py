"""``archcite archives``: the archive registry, bundled and the user's own file."""

from __future__ import annotations

import json

import click

from archcite.cli.options import json_option, pass_app
from archcite.context import AppContext

# How archcite reads an archive's references, in words (``--json`` keeps the grammar's name).
GRAMMAR_WORDS = {"russian": "fond, opis, delo, list read level by level",
                 "free": "references kept as written"}


@click.command("archives")
@json_option
@pass_app
def command(app: AppContext, as_json: bool) -> None:
    """List the archives archcite knows (aliases, names, places, grammar)."""
    from archcite.model.archives import load_registry

    bundled = {a.id: a for a in load_registry(None).archives}
    rows = []
    for archive in app.registry.archives:
        origin = "bundled" if bundled.get(archive.id) == archive else "user"
        rows.append({"id": archive.id, "aliases": list(archive.aliases), "name": archive.name,
                     "english": archive.english, "place": archive.place,
                     "grammar": archive.grammar, "origin": origin})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        aliases = ", ".join(a for a in row["aliases"] if a != row["id"])
        line = f"{row['id']}"
        if aliases:
            line += f" ({aliases})"
        line += f" — {row['name']}"
        if row["english"] and row["english"] != row["name"]:
            line += f"; {row['english']}"
        if row["place"]:
            line += f"; {row['place']}"
        reading = GRAMMAR_WORDS.get(str(row["grammar"]), str(row["grammar"]))
        line += f" [{reading}{'; your archives file' if row['origin'] == 'user' else ''}]"
        click.echo(line)
    click.echo(f"# user archives file: {app.archives_file}"
               f"{'' if app.archives_file.is_file() else ' (none yet)'}")
