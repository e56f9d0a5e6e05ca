"""`cocreate select`: a proven-optimal cohort under quotas from a CSV, for operators and for
benchmarks. (Selection on a campaign's own applications arrives with the selection page.)

The CSV has an id column, a score column and any attribute columns; quotas are given as
``ATTRIBUTE=VALUE:MIN:MAX`` (MIN or MAX may be empty)."""

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cocreate.recruiting.selection import Candidate, InfeasibleQuotas, Quota, select_cohort


def parse_quota(text: str) -> Quota:
    try:
        target, low, high = text.rsplit(":", 2)
        attribute, value = target.split("=", 1)
        return Quota(attribute.strip(), value.strip(), int(low or 0), int(high) if high else None)
    except ValueError:
        raise CommandError(f"quota {text!r} is not ATTRIBUTE=VALUE:MIN:MAX") from None


def read_candidates(path: Path, id_column: str, score_column: str, attributes: list[str]) -> list[Candidate]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = {id_column, score_column, *attributes} - set(reader.fieldnames or [])
        if missing:
            raise CommandError(f"{path}: no column {', '.join(sorted(missing))}")
        out = []
        for line, row in enumerate(reader, start=2):
            try:
                score = float(row[score_column])
            except ValueError:
                raise CommandError(f"{path}:{line}: score {row[score_column]!r} is not a number") from None
            out.append(Candidate(row[id_column], score, {a: row[a] for a in attributes if row[a] != ""}))
    return out


class Command(BaseCommand):
    help = "Choose the best cohort of size k under min/max quotas (HiGHS, proven optimum) from a CSV."

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path)
        parser.add_argument("-k", type=int, required=True, help="cohort size")
        parser.add_argument("--quota", action="append", default=[], help="ATTRIBUTE=VALUE:MIN:MAX, repeatable")
        parser.add_argument("--id-column", default="id")
        parser.add_argument("--score-column", default="score")
        parser.add_argument("--seed", type=int, default=0, help="lottery seed for near-ties (recorded)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, csv: Path, k: int, quota: list[str], id_column: str, score_column: str,
               seed: int, json: bool = False, **options):
        quotas = [parse_quota(q) for q in quota]
        candidates = read_candidates(csv, id_column, score_column, sorted({q.attribute for q in quotas}))
        try:
            result = select_cohort(candidates, k, quotas, seed=seed)
        except InfeasibleQuotas as e:
            reasons = [{"code": r.code, **dict(r.params)} for r in e.reasons]
            self.stdout.write(_dumps({"feasible": False, "reasons": reasons}) if json else
                              "infeasible:\n" + "\n".join(f"  {r}" for r in reasons))
            raise CommandError("the quotas cannot be met") from None
        report = {
            "feasible": True, "k": k, "seed": result.seed, "method": result.method,
            "total": round(result.total, 6), "unconstrained_total": round(result.unconstrained_total, 6),
            "price_of_diversity": round(result.price_of_diversity, 6), "ids": list(result.ids),
            "quotas": [{"attribute": s.quota.attribute, "value": s.quota.value, "min": s.quota.min,
                        "max": s.quota.max, "count": s.count, "state": s.state} for s in result.quotas],
        }
        if json:
            self.stdout.write(_dumps(report))
            return
        self.stdout.write(f"cohort of {k} · total {report['total']} · price of diversity "
                          f"{report['price_of_diversity']} · {result.method} · seed {seed}")
        for q in report["quotas"]:
            self.stdout.write(f"  {q['attribute']}={q['value']}: {q['count']} "
                              f"(min {q['min']}, max {q['max'] if q['max'] is not None else '-'}) {q['state']}")
        self.stdout.write("ids: " + ", ".join(str(i) for i in result.ids))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)
