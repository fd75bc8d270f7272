"""``archcite rm KEY...``: move records to the library's trash (asks first unless ``--yes``).

``archcite restore KEY`` brings one back; ``archcite trash --empty`` deletes them for good.
"""

from __future__ import annotations

import click

from archcite.cli.options import current_keys, pass_app
from archcite.context import AppContext
from archcite.errors import KeyNotFoundError, LibraryError


@click.command(name="rm")
@click.argument("keys", nargs=-1, required=True)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def command(app: AppContext, keys: tuple[str, ...], yes: bool) -> None:
    """Move the records KEY... to the trash (archcite restore KEY brings one back)."""
    unique = list(dict.fromkeys(current_keys(app, keys)))
    for key in unique:  # all keys must exist before anything is removed
        try:
            app.library.get(key)
        except KeyNotFoundError:
            raise
        except LibraryError as exc:
            # A damaged record file (broken JSON, conflict markers) can still be removed:
            # removing it is one way to repair the library. Say what is being removed.
            click.echo(f"archcite: warning: {exc}", err=True)
    if not yes:
        listed = ", ".join(unique[:5]) + (f" and {len(unique) - 5} more" if len(unique) > 5
                                          else "")
        if not click.confirm(f"Remove {len(unique)} record{'s' * (len(unique) != 1)}"
                             f" ({listed}) to the trash?", default=False, err=True):
            # Declining is an answer, not a failure: nothing changed, as asked.
            click.echo("nothing removed", err=True)
            return
    for key in unique:
        app.library.remove(key)
        click.echo(f"removed {key} (to the trash: archcite restore {key} brings it back)")
