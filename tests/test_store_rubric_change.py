"""A rubric changed under a draft: answers matched by item id, answers to vanished items kept and
reported, never dropped."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from store_support import write_rubric

from checklist.assessment import Answer
from checklist.rubric import load_rubric
from checklist.scoring import score
from checklist.store import Store, StoreError, StoreLocked


def test_rubric_changed_under_a_draft(tmp_path: Path) -> None:
    old = write_rubric(tmp_path, "1", ["a", "b", "c"], profiles=True)
    with Store.open(tmp_path / "s.sqlite3") as store:
        aid = store.create(old, profile="accelerated", village="北湾村", township="新丰镇", year=2026, assessor="甲")
        store.acquire(aid)
        store.set_answer(aid, "a", Answer(value=True))
        store.set_answer(aid, "b", Answer(value=False, note="b 的备注", evidence=["会议记录"]))
        store.set_answer(aid, "c", Answer(note="只有备注"))
        store.set_answer(aid, "area", Answer(value=Decimal("150.5")))
        old_text = store.rubric_text(aid)

        # the organiser drops b and c, adds d, and raises the version
        new = write_rubric(tmp_path, "2", ["a", "d"], profiles=True)
        assert store.orphans(aid, new.rubric) == ["b", "c"]
        store.update_rubric(aid, new)

        assert store.rubric_text(aid) != old_text and 'version: "2"' in store.rubric_text(aid)
        draft = store.drafts()[0]
        assert (draft.rubric_version, draft.rubric_sha256) == ("2", new.sha256)
        assert draft.items == 3 and draft.answered == 2  # a and area; b is kept but not counted
        assert store.orphans(aid, new.rubric) == ["b", "c"]
        a = store.assessment(aid)
        assert list(a.answers) == ["a", "area", "b", "c"]  # rubric order, then the vanished ones
        assert a.answers["b"] == Answer(value=False, note="b 的备注", evidence=["会议记录"])
        assert a.rubric.version == "2" and a.rubric.sha256 == new.sha256
        result = score(new.rubric, a)
        assert result.item("a").points == 10 and result.item("area").points == 10  # accelerated: ≥100㎡
        assert result.item("d").status == "unanswered"

        # going back to the old rubric finds the answers again
        again = write_rubric(tmp_path, "1", ["a", "b", "c"], name="old.yaml", profiles=True)
        store.update_rubric(aid, again)
        assert store.orphans(aid, again.rubric) == []
        assert store.drafts()[0].answered == 3


def test_update_rubric_refuses_another_rubric_or_a_missing_profile(tmp_path: Path) -> None:
    first = write_rubric(tmp_path, "1", ["a"], profiles=True)
    with Store.open(tmp_path / "s.sqlite3") as store:
        aid = store.create(first, profile="accelerated", village="村", township="镇", year=2026, assessor="甲")
        other = tmp_path / "other.yaml"
        other.write_text(
            Path(first.path).read_text(encoding="utf-8").replace("id: tiny", "id: other"), encoding="utf-8"
        )
        with pytest.raises(StoreError, match="另一份细则"):
            store.update_rubric(aid, load_rubric(other))
        no_profiles = write_rubric(tmp_path, "2", ["a"], name="plain.yaml")
        with pytest.raises(StoreError, match="地区档位"):
            store.update_rubric(aid, no_profiles)
        assert store.drafts()[0].rubric_version == "1"


def test_update_rubric_while_another_window_edits(tmp_path: Path) -> None:
    first = write_rubric(tmp_path, "1", ["a"])
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as editor, Store.open(path) as other:
        aid = editor.create(first, profile=None, village="村", township="镇", year=2026, assessor="甲")
        assert editor.acquire(aid)
        newer = write_rubric(tmp_path, "2", ["a", "b"], name="newer.yaml")
        with pytest.raises(StoreLocked):
            other.update_rubric(aid, newer)
        editor.update_rubric(aid, newer)  # the editing window may
        assert editor.drafts()[0].rubric_version == "2"


def test_import_keeps_answers_the_rubric_lacks(tmp_path: Path) -> None:
    from checklist.assessment import Assessment, RubricRef

    loaded = write_rubric(tmp_path, "1", ["a"])
    a = Assessment(
        rubric=RubricRef(id="tiny", version="0"),
        village="村",
        year=2026,
        answers={"a": Answer(value=True), "zz": Answer(value="old")},
    )
    text = Path(loaded.path).read_text(encoding="utf-8")
    with Store.open(tmp_path / "s.sqlite3") as store:
        aid = store.import_assessment(a, text, loaded.path, loaded.sha256)
        assert store.orphans(aid, loaded.rubric) == ["zz"]
        back = store.assessment(aid)
        assert back.answers == a.answers and back.rubric.version == "1"
        assert [c.item_id for c in store.history(aid)] == ["a", "zz"]
        with pytest.raises(StoreError, match="评分细则有误"):
            store.import_assessment(a, "id: [", "bad.yaml", "")
        wrong = a.model_copy(update={"rubric": RubricRef(id="village-star")})
        with pytest.raises(StoreError, match="village-star"):
            store.import_assessment(wrong, text, loaded.path, loaded.sha256)
        assert len(store.drafts()) == 1
