"""Opening a corpus store: one SQLite file in WAL mode, migrated to the current schema.

WAL lets readers (``hadath search``, a web server, Datasette) query while an ingest
writes, and a writer killed at any moment leaves the file at its last commit.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from hadath.errors import HadathError
from hadath.store.schema import migrate

__all__ = ["Store", "open_store"]


class Store:
    """A corpus store file. ``Store(path)`` opens (creating and migrating) it for writing;
    ``Store(path, readonly=True)`` opens an existing one for queries only."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            if not self.path.is_file():
                raise HadathError(f"{self.path}: no such store (create it with hadath ingest)")
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                        check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Transactions are explicit (BEGIN ... COMMIT in the writer), never implicit.
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                # In WAL mode NORMAL still survives a killed process; only power loss may
                # drop the last commits, which a rerun of the ingest then redoes.
                self.conn.execute("PRAGMA synchronous = NORMAL")
                migrate(self.conn)
            else:
                self._check_version()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise HadathError(f"{self.path}: not a hadath store: {exc}") from exc

    def _check_version(self) -> None:
        from hadath.store.schema import SCHEMA_VERSION

        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:
            raise HadathError(f"{self.path}: not a hadath store (no schema)")
        if version > SCHEMA_VERSION:
            raise HadathError(f"{self.path}: store schema {version} is newer than this hadath's")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def count(self, table: str) -> int:
        """Rows in ``table`` (one of the store's own tables)."""
        if table not in {"articles", "actors", "entities", "events", "clusters", "cluster_events"}:
            raise HadathError(f"no table {table!r} in a hadath store")
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_store(path: str | Path, *, readonly: bool = False) -> Store:
    """Open the store at ``path`` (see ``Store``)."""
    return Store(path, readonly=readonly)
