"""`innobridge import-article FILE_OR_DIR [--json]`: saved web pages as drafts in moderation.

Each page (HTML or text, any charset) becomes a draft article; spam and damaged runs are
flagged, left out of the text, and wait for the secretariat's decision. With a folder, every
file in it (and below it) is imported; a file that fails is reported with its reason and
the others go on. With --json, one JSON object a line is printed for each imported page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from innobridge.accounts.selectors import secretariat_actor
from innobridge.news import services
from innobridge.news.models import Article
from innobridge.search.progress import ProgressBar


def article_json(article: Article, *, file: str = "") -> dict[str, Any]:
    """The import's result as the command prints it; offsets index the page text."""
    published = article.local_published_at
    return {
        "id": article.pk,
        "file": file,
        "title": article.title,
        "subtitle": article.subtitle,
        "published_at": published.isoformat() if published else None,
        "time_zone": article.time_zone,
        "source": article.source,
        "author": article.author,
        "editor": article.editor,
        "language": article.language,
        "body": article.body_text,
        "flags": [
            {key: flag[key] for key in ("kind", "start", "end", "text")} for flag in article.flags
        ],
        "organizations": [
            {"id": organization.pk, "name": organization.name}
            for organization in article.organizations.order_by("pk")
        ],
    }


def page_files(path: Path) -> list[Path]:
    """The file itself, or every visible file below the folder, in name order."""
    if path.is_file():
        return [path]
    return sorted(
        file
        for file in path.rglob("*")
        if file.is_file() and not any(part.startswith(".") for part in file.relative_to(path).parts)
    )


class Command(BaseCommand):
    help = "Import saved web pages (HTML or text, any charset) as news drafts in moderation."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="a saved page, or a folder of them")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object a page"
        )
        parser.add_argument("--user", help="e-mail of the secretariat account importing")
        parser.add_argument(
            "--time-zone", help="time zone of publish times the pages give without one"
        )

    def handle(self, *args, path: Path, as_json: bool, user: str | None, **options) -> None:
        if not path.exists():
            raise CommandError(f"No such file or folder: {path}")
        actor = self._actor(user)
        files = page_files(path)
        if not files:
            raise CommandError(f"No files in {path}")
        bar = None
        if not as_json and len(files) > 1:
            bar = ProgressBar(len(files), "importing", stream=self.stderr._out)
        imported: list[Article] = []
        failures: list[tuple[Path, str]] = []
        for file in files:
            try:
                article = self._import(file, actor, options.get("time_zone"))
            except _Failed as failure:
                failures.append((file, str(failure)))
            else:
                imported.append(article)
                if as_json:
                    self.stdout.write(_dumps(article_json(article, file=str(file))))
            if bar:
                bar.advance()
        if bar:
            bar.close()
        if not as_json:
            flagged = sum(1 for article in imported if article.flags)
            self.stdout.write(
                f"{len(imported)} imported as drafts ({flagged} with flagged spans), "
                f"{len(failures)} failed."
            )
        for file, reason in failures:
            self.stderr.write(f"{file}: {reason}")
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} files could not be imported.")

    def _import(self, file: Path, actor: Any, time_zone: str | None) -> Article:
        try:
            content = file.read_bytes()
        except OSError as error:
            raise _Failed(f"cannot be read: {error.strerror or error}") from error
        try:
            return services.article_import(
                actor=actor, content=content, filename=file.name, time_zone=time_zone
            )
        except ValidationError as error:
            raise _Failed(" ".join(error.messages)) from error

    def _actor(self, email: str | None):
        actor = secretariat_actor(email)
        if actor is None:
            raise CommandError(
                "No secretariat account to import as: create one with createsecretariat."
            )
        return actor


class _Failed(Exception):
    """One file could not be imported; the message says why."""


def _dumps(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)
