"""The Dask engine: a LocalCluster of two workers builds the same store as the local engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import sibling

from hadath.engine import PipelineSpec, open_engine
from hadath.ingest import IngestOptions, ingest

pytest.importorskip("dask.distributed")




def test_dask_engine_store_equals_local_engine_store(tmp_path: Path) -> None:
    from hadath.engine.dask_engine import DaskEngine

    helpers = sibling("test_ingest")
    corpus = helpers.write_corpus(tmp_path)
    local = ingest([corpus], tmp_path / "local.db", IngestOptions(workers=1, batch_size=7))
    # Threads, not processes, keep the test quick; the code path (submit, stream, gather) is the same.
    engine = DaskEngine(PipelineSpec(), workers=2, processes=False, chunk_size=3)
    try:
        assert engine.workers == 2
        distributed = ingest([corpus], tmp_path / "dask.db", IngestOptions(batch_size=5),
                             engine=engine)
        rerun = ingest([corpus], tmp_path / "dask.db", IngestOptions(batch_size=5), engine=engine)
    finally:
        engine.close()
    assert (local.stored, distributed.stored, rerun.skipped) == (30, 30, 30)
    assert helpers.store_snapshot(tmp_path / "local.db") == helpers.store_snapshot(tmp_path / "dask.db")


def test_dask_engine_broken_pipeline_factory_fails_the_run(tmp_path: Path) -> None:
    # A pipeline that cannot be built is not a per-article problem: every article would fail.
    (tmp_path / "a.jsonl").write_text('{"text": "افتتح الوزير المعرض اليوم."}\n', encoding="utf-8")
    from hadath.engine.dask_engine import DaskEngine

    engine = DaskEngine(PipelineSpec(factory="hadath.no_such_module:build"), workers=1,
                        processes=False)
    try:
        with pytest.raises(ModuleNotFoundError, match="no_such_module"):
            ingest([tmp_path / "a.jsonl"], tmp_path / "d.db", engine=engine)
    finally:
        engine.close()


def test_dask_engine_refuses_scheduler_with_local_engine() -> None:
    from hadath.errors import HadathError

    with pytest.raises(HadathError, match="--engine dask"):
        open_engine("local", PipelineSpec(), scheduler="tcp://127.0.0.1:8786")
