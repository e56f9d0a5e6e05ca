import json

import pytest
from django.core.management import CommandError, call_command


@pytest.fixture
def pool_csv(tmp_path):
    # 4320 SYD in miniature: the three best are all from one city; a quota asks for two Busan.
    rows = [("a", 9, "Seoul"), ("b", 8, "Seoul"), ("c", 7, "Seoul"), ("d", 6, "Busan"), ("e", 5, "Busan")]
    path = tmp_path / "pool.csv"
    path.write_text("id,score,region\n" + "".join(f"{i},{s},{r}\n" for i, s, r in rows), encoding="utf-8")
    return path


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("select", *args, stdout=out)
    return out.getvalue()


def test_best_cohort_under_a_quota_and_its_price(pool_csv):
    report = json.loads(run(str(pool_csv), "-k", "3", "--quota", "region=Busan:2:", "--json", "--seed", "7"))
    assert report["ids"] == ["a", "d", "e"]
    assert (report["total"], report["unconstrained_total"], report["price_of_diversity"]) == (20.0, 24.0, 4.0)
    assert report["quotas"] == [{"attribute": "region", "value": "Busan", "min": 2, "max": None,
                                 "count": 2, "state": "at_min"}]
    assert report["seed"] == 7


def test_infeasible_quotas_say_why(pool_csv):
    with pytest.raises(CommandError):
        run(str(pool_csv), "-k", "3", "--quota", "region=Busan:3:", "--json")


def test_bad_quota_and_missing_column_are_clear(pool_csv):
    with pytest.raises(CommandError, match="ATTRIBUTE=VALUE:MIN:MAX"):
        run(str(pool_csv), "-k", "2", "--quota", "region")
    with pytest.raises(CommandError, match="no column gender"):
        run(str(pool_csv), "-k", "2", "--quota", "gender=female:1:")
