"""``archcite open KEY``: the document's page (or an attached file) in the browser.

Python's ``webbrowser`` chooses the program, so ``$BROWSER`` is honoured as everywhere else.
"""

from __future__ import annotations

import click

from archcite.cli.options import pass_app
from archcite.context import AppContext
from archcite.errors import LibraryError


@click.command(name="open")
@click.argument("key")
@click.option("--file", "file_name", default=None, metavar="NAME", is_flag=False,
              flag_value="", help="Open an attached file instead of the URL (NAME: which one; "
                                  "the only one without NAME).")
@click.option("--print", "print_only", is_flag=True,
              help="Print the address instead of opening it.")
@pass_app
def command(app: AppContext, key: str, file_name: str | None, print_only: bool) -> None:
    """Open the record KEY's URL (or an attached file) with the system's browser."""
    from archcite.library.attachments import attachment_path, attachments_of

    record = app.library.get(key)
    if file_name is not None:
        files = attachments_of(record)
        if not files:
            raise LibraryError(f"{key} has no attached files (archcite attach {key} FILE)")
        names = [f.name for f in files]
        if not file_name and len(names) > 1:
            raise LibraryError(f"{key} has {len(names)} attached files: say which with "
                               f"--file NAME ({', '.join(names)})")
        chosen = file_name or names[0]
        if chosen not in names:
            raise LibraryError(f"{key} has no attached file {chosen!r} "
                               f"(it has {', '.join(names)})")
        path = attachment_path(app.library, key, chosen)
        if not path.is_file():
            raise LibraryError(f"attached file {path} is missing (see archcite check)")
        address = path.absolute().as_uri()
    else:
        address = str(record.get("URL") or "")
        if not address:
            hint = " (open an attached file with --file)" if attachments_of(record) else ""
            raise LibraryError(f"{key} has no URL{hint}")
    if print_only:
        click.echo(address)
        return
    import webbrowser

    try:
        opened = webbrowser.open(address)
    except webbrowser.Error as exc:
        raise LibraryError(f"cannot open {address}: {exc}") from exc
    if not opened:
        raise LibraryError(f"no browser could open {address} (set $BROWSER)")
    click.echo(f"opened {address}", err=True)
