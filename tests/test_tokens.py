"""Hint and text tokens, and the columns a token table gives a block."""

from __future__ import annotations

import math

import numpy as np
import pytest

from khabar.label.scorer import models
from khabar.label.tokens import TOKEN_NAMES, TokenTable, hint_tokens, log_odds, text_tokens


def test_hint_tokens_are_the_nearest_elements_class_and_id_words() -> None:
    hints = "body > div page-wrap > main > div entry-content post_body > p lead"
    toks = hint_tokens(hints)
    # the three nearest elements only (main has no class: its tag is not a token)
    assert "c:page-wrap" not in toks and "p:page" not in toks
    assert {"c:entry-content", "p:entry", "p:content", "c:post_body", "p:post", "p:body", "c:lead", "p:lead"} <= set(
        toks
    )
    assert not any(t in ("p:div", "c:div", "p:p") for t in toks)
    assert hint_tokens("") == ()


def test_text_tokens_are_the_opening_words() -> None:
    assert text_tokens("Posted by Jane on 12 May 2024, in News and everything else that follows here") == (
        "w:posted", "w:by", "w:jane", "w:on", "w:may", "w:in", "w:news", "w:and", "w:everything", "w:else",
    )  # fmt: skip
    assert text_tokens("اقرأ أيضا: خبر") == ("w:اقرأ", "w:أيضا", "w:خبر")


def test_log_odds_starts_from_the_prior() -> None:
    assert log_odds(0.0, 0.0, 0.3) == pytest.approx(0.0)
    assert log_odds(10.0, 10.0, 0.3) > 1.0 > 0.0 > log_odds(0.0, 10.0, 0.3)


def test_columns_from_a_table() -> None:
    table = {"p:footer": -2.0, "p:nav": -1.0, "p:content": 1.5, "w:posted": -0.5, "w:the": 0.1}
    hints = ["body > footer site-footer > nav > ul", "body > div content > p", "body > div > p"]
    texts = ["Posted by the editor", "unknown words only", ""]
    cols = TokenTable(table).columns(hints, texts)
    assert cols.shape == (3, len(TOKEN_NAMES))
    got = dict(zip(TOKEN_NAMES, cols[0]))
    # footer: c:site-footer unknown, p:site unknown, p:footer -2 (the nav element has no class)
    assert got["tok_hint_mean"] == pytest.approx(-2.0) and got["tok_hint_known"] == 1
    assert got["tok_text_mean"] == pytest.approx(-0.2) and got["tok_text_known"] == pytest.approx(2 / 4)
    assert dict(zip(TOKEN_NAMES, cols[1]))["tok_hint_max"] == pytest.approx(1.5)
    assert np.all(cols[2] == 0.0)


def test_the_shipped_table_knows_template_words() -> None:
    table = models().tokens.logodds
    assert len(table) > 1000
    assert all(math.isfinite(v) for v in table.values())
    # what every site's templates say, whatever the retraining
    assert table["p:footer"] < 0 and table["p:menu"] < 0 and table["p:copyright"] < 0


def test_the_run_time_text_columns_read_the_words_training_counted(example_text: str) -> None:
    """What TokenTable reads from a block's opening is what text_tokens, which the training
    script counts, gives."""
    table = models().tokens.logodds
    fresh = TokenTable(table)
    for line in [*example_text.splitlines(), "Posted by Jane on 12 May 2024", "123 456", ""]:
        words = text_tokens(line)
        said = [table[w] for w in words if w in table]
        expected = (sum(said) / len(said) if said else 0.0, len(said) / len(words) if words else 0.0)
        assert fresh.text_columns(line) == pytest.approx(expected)


def test_a_table_that_hides_some_tokens_is_read_as_a_mapping(train_script) -> None:
    """The training script scores each page with the table as it would be without the page's
    site (its LeaveSiteOut): a Mapping that raises KeyError for the tokens only that site had."""
    table = {"w:posted": -0.5, "w:the": 0.1, "p:footer": -2.0, "p:nav": -1.0}
    without = train_script.LeaveSiteOut(table, {"w:the": None, "p:nav": None})
    cols = TokenTable(without).columns(["body > footer site-footer > nav"], ["Posted by the editor"])
    got = dict(zip(TOKEN_NAMES, cols[0]))
    assert got["tok_text_mean"] == pytest.approx(-0.5) and got["tok_text_known"] == pytest.approx(1 / 4)
    assert got["tok_hint_mean"] == pytest.approx(-2.0) and got["tok_hint_known"] == 1
