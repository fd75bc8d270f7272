"""``archcite check [--json] [--fix]``: find what is wrong in the library; fix what is safe."""

from __future__ import annotations

import json

import click

from archcite.cli.options import json_option, pass_app
from archcite.context import AppContext
from archcite.library.checks import CheckReport, run_checks, with_fix_summary


@click.command("check")
@json_option
@click.option("--fix", is_flag=True,
              help="Fix what is safe: re-derive archive fields, delete a stale index, remove "
                   "temporary files and stale locks.")
@pass_app
def command(app: AppContext, as_json: bool, fix: bool) -> None:
    """Check every record and the library folder; exit code 1 when anything is wrong."""
    report = run_checks(app.library, fix=fix)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    if not report.ok:
        raise click.exceptions.Exit(1)


def _print_report(report: CheckReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=False)
    console.print(f"Library: {report.library}")
    if report.fixed:
        for finding in report.fixed:
            console.print(f"[green]fixed[/green] {finding.fixed}")
    if report.problems:
        table = Table(show_lines=False, expand=False)
        table.add_column("check", style="bold")
        table.add_column("file")
        table.add_column("field")
        table.add_column("problem", overflow="fold")
        table.add_column("fix")
        for p in report.problems:
            fix_text = ("--fix" if p.fixable else "") + (
                f" (failed: {p.fix_error})" if p.fix_error else "")
            table.add_row(p.check, p.path or "", ", ".join(p.fields), p.message, fix_text)
        console.print(table)
        console.print(f"[red]{with_fix_summary(report)}[/red]")
    else:
        console.print(f"[green]{with_fix_summary(report)}[/green]")
