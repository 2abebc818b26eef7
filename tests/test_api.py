"""The public API: what ``import hadath`` offers and the hadath/1 field names.

These names are a contract with users and with tools that parse the JSON; a change
here is a breaking change and needs a new schema version, not a quiet edit.
"""

from __future__ import annotations

import inspect

import pytest

import hadath
from hadath.doc import Actor, Doc, Event, Mention
from hadath.errors import PipelineError
from hadath.pipeline import DEFAULT_STAGES, Pipeline

TOP_LEVEL = {"schema", "title", "published", "body", "url", "dateline", "subheadings", "dates",
             "entities", "events", "warnings"}
ENTITY = {"text", "start", "end", "type", "actor"}
ACTOR = {"id", "name_en", "name_ar", "country", "agent", "code", "wikidata"}
# DESIGN.md's event fields, plus the ones Doc.to_dict() adds beyond it.
EVENT_DESIGN = {"source", "target", "cameo", "root", "plover", "quad_class", "goldstein", "date",
                "location", "sentence", "trigger", "evidence", "negated", "confidence"}
EVENT = EVENT_DESIGN | {"plover_mode", "trigger_start", "trigger_end", "evidence_spans", "coordinates"}

EGYPT = Actor("EGY", "Egypt", "مصر", country="EGY", code="EGY", kind="country")
SISI = Actor("Q57336", "Abdel Fattah el-Sisi", "عبد الفتاح السيسي", country="EGY", agent="GOV",
             code="EGYGOV", wikidata="Q57336", kind="person")


def _sample_doc() -> Doc:
    body = "استقبل الرئيس عبد الفتاح السيسي اليوم وفدا من مصر."
    start = body.index("عبد الفتاح السيسي")
    doc = Doc(body=body, title="السيسي يستقبل وفدا")
    doc.mentions.append(Mention("عبد الفتاح السيسي", start, start + 17, "PER", SISI))
    doc.mentions.append(Mention("الرئيس", 8, 14, "TITLE", SISI, agent="GOV"))
    doc.events.append(Event(SISI, EGYPT, "043", "04", "CONSULT", 1, 2.8, 0, "استقبل", body))
    return doc


def _isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 keeps: CONSTANTS, then Classes, then everything else.
    if name.isupper():
        return 0, name
    if name[:1].isupper():
        return 1, name
    return 2, name


def test_api_all_is_sorted_and_importable():
    assert hadath.__all__ == sorted(hadath.__all__, key=_isort_key)
    for name in hadath.__all__:
        assert hasattr(hadath, name), name


def test_api_exports_the_documented_names():
    for name in ("Doc", "Pipeline", "analyze", "HadathError", "__version__", "SCHEMA"):
        assert name in hadath.__all__
    assert hadath.SCHEMA == "hadath/1"


def test_api_analyze_signature():
    parameters = inspect.signature(hadath.analyze).parameters
    assert list(parameters) == ["source", "published", "fetched", "url"]
    assert parameters["source"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    for name in ("published", "fetched", "url"):
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters[name].default is None


def test_api_doc_to_dict_field_names():
    data = _sample_doc().to_dict()
    assert set(data) == TOP_LEVEL
    assert data["schema"] == "hadath/1"
    assert [e["text"] for e in data["entities"]] == ["عبد الفتاح السيسي"]  # TITLE is internal
    assert set(data["entities"][0]) == ENTITY
    assert set(data["entities"][0]["actor"]) == ACTOR
    event = data["events"][0]
    assert set(event) == EVENT
    assert set(event["source"]) == ACTOR


def test_api_entity_offsets_point_into_body():
    data = _sample_doc().to_dict()
    for entity in data["entities"]:
        assert data["body"][entity["start"] : entity["end"]] == entity["text"]


def test_api_doc_round_trips_through_its_dict():
    data = _sample_doc().to_dict()
    assert Doc.from_dict(data).to_dict() == data


def _tag(label: str):
    def stage(doc: Doc) -> Doc:
        doc.meta.setdefault("ran", []).append(label)
        return doc

    return stage


def test_api_pipeline_lists_drops_replaces_and_inserts_stages():
    pipeline = Pipeline([("a", _tag("a")), ("b", _tag("b")), ("c", _tag("c"))])
    assert pipeline.names == ["a", "b", "c"]
    pipeline.remove("b").replace("c", _tag("c2")).insert("d", _tag("d"), after="a")
    assert pipeline.names == ["a", "d", "c"]
    assert pipeline(Doc()).meta["ran"] == ["a", "d", "c2"]


def test_api_pipeline_refuses_unknown_and_duplicate_stages():
    with pytest.raises(PipelineError):
        Pipeline([("a", _tag("a")), ("a", _tag("a"))])
    with pytest.raises(PipelineError):
        Pipeline([("a", _tag("a"))]).remove("nope")
    with pytest.raises(PipelineError):
        Pipeline([("a", _tag("a"))]).insert("a", _tag("a"))


def test_api_default_pipeline_names_the_stages_in_order():
    assert Pipeline.default().names == list(DEFAULT_STAGES)
    assert list(DEFAULT_STAGES) == ["read", "clean", "dates", "segment", "entities", "link", "events"]
    with pytest.raises(PipelineError):
        Pipeline.default(stages=["read", "translate"])
