"""The store says what changed, so that views follow it instead of re-reading everything."""

from __future__ import annotations

from archive_gui.core.facts.editing import RecordChange, apply_edit
from archive_gui.core.facts.records import Company, Deal, FactStore, StoreChange


def listened() -> tuple[FactStore, list[StoreChange]]:
    store = FactStore([Company(id="sfr", name="SFR"), Company(id="numergy", name="Numergy")])
    heard: list[StoreChange] = []
    store.subscribe(heard.append)
    return store, heard


def test_each_change_is_told_once_after_it_is_made() -> None:
    store, heard = listened()
    store.add(Company(id="atos", name="Atos"), position=0)
    assert heard == [StoreChange(inserted=frozenset(["atos"]))]
    assert store.position("atos") == 0
    store.replace(Company(id="atos", name="Atos SE"))
    store.remove("numergy")
    assert heard[1:] == [
        StoreChange(changed=frozenset(["atos"])),
        StoreChange(removed=frozenset(["numergy"])),
    ]


def test_an_edit_of_many_records_is_told_once() -> None:
    store, heard = listened()
    deal = Deal(id="sfr-numergy", kind="takeover", acquirer="sfr", target="numergy")
    edit = [
        RecordChange("sfr-numergy", None, deal),
        RecordChange("sfr", store["sfr"], Company(id="sfr", name="SFR", country="France")),
    ]
    apply_edit(store, edit)
    assert heard == [StoreChange(inserted=frozenset(["sfr-numergy"]), changed=frozenset(["sfr"]))]
    apply_edit(store, edit, forward=False)
    assert heard[1] == StoreChange(removed=frozenset(["sfr-numergy"]), changed=frozenset(["sfr"]))


def test_a_reload_is_a_reset_and_a_listener_can_leave() -> None:
    store, heard = listened()
    store.reset([Company(id="orange", name="Orange")])
    assert len(heard) == 1
    assert heard[0].reset
    store.unsubscribe(heard.append)
    store.add(Company(id="ovh", name="OVH"))
    assert len(heard) == 1
