"""Crash safety: ``hadath ingest`` killed (SIGKILL) at random points, then rerun, builds the
same store as one clean run: no article lost, none stored twice, no half-written batch."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import sibling

from hadath.engine import PipelineSpec
from hadath.ingest import IngestOptions, ingest

# Slowed down a little so kills land while batches are being analysed and written.
_SLOW_PIPELINE = '''
import time
from hadath.pipeline import Pipeline

def build():
    pipeline = Pipeline.default()
    def run(doc):
        time.sleep(0.02)
        return pipeline(doc)
    return run
'''




def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet, or the schema is being written
        return 0


def _consistent(db: Path) -> None:
    """Every batch is whole: each article has its FTS row, cluster and derived rows."""
    conn = sqlite3.connect(db)
    try:
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM articles WHERE cluster_id IS NULL").fetchone()[0] == 0
        assert conn.execute("SELECT COALESCE(SUM(num_articles), 0) FROM clusters").fetchone()[0] == articles
        assert conn.execute(
            "SELECT COUNT(*) FROM events e LEFT JOIN articles a ON a.id = e.article_id "
            "WHERE a.id IS NULL").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH '\"اليوم\"'"
                            ).fetchone()[0] == conn.execute(
            "SELECT COUNT(*) FROM articles WHERE body LIKE '%اليوم%'").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_ingest_kill_at_random_points_then_rerun_equals_clean_run(tmp_path: Path) -> None:
    helpers = sibling("test_ingest")
    corpus = helpers.write_corpus(tmp_path)
    (tmp_path / "slow_pipeline.py").write_text(_SLOW_PIPELINE, encoding="utf-8")
    clean = tmp_path / "clean.db"
    ingest([corpus], clean, IngestOptions(workers=1, batch_size=3, spec=PipelineSpec()))

    db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(tmp_path), *filter(None, [os.environ.get("PYTHONPATH")])])}
    command = [sys.executable, "-m", "hadath", "ingest", str(corpus), "--db", str(db),
               "--workers", "1", "--batch-size", "3", "--pipeline", "slow_pipeline:build"]
    rng = random.Random(20160301)
    kills = mid_run = 0
    while kills < 5:
        target = _stored(db) + rng.randint(1, 8)
        if target >= 30:
            break
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while proc.poll() is None and _stored(db) < target and time.monotonic() < deadline:
            time.sleep(0.005)
        # A little more so the kill lands anywhere in the next batch, not just at a commit.
        time.sleep(rng.uniform(0, 0.06))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        count = _stored(db)
        mid_run += 0 < count < 30
        _consistent(db)
    assert mid_run >= 2, "the kills should have landed while the ingest was running"
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    _consistent(db)
    assert helpers.store_snapshot(db) == helpers.store_snapshot(clean)
