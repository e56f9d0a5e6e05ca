"""`cocreate select`: a proven-optimal cohort under quotas, for operators and for benchmarks.

From a CSV: an id column, a score column and any attribute columns; quotas are given as
``ATTRIBUTE=VALUE:MIN:MAX`` (MIN or MAX may be empty).

On a campaign: ``--recruitment <org-slug>/<program-slug>/<id>`` takes the recruitment's own
applications and quotas (``recruiting.cohorts``), scores from ``--round N`` (its order number;
without it everyone scores 0 and the lottery decides), and prints the same report. ``--save``
stores the result as a proposed selection, as the selection page would."""

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
        parser.add_argument("csv", type=Path, nargs="?", help="a CSV pool (or use --recruitment)")
        parser.add_argument("-k", type=int, help="cohort size (default: the recruitment's target size)")
        parser.add_argument("--recruitment", help="ORG-SLUG/PROGRAM-SLUG/ID: run on a campaign with its quotas")
        parser.add_argument("--round", type=int, help="with --recruitment: scores from the round with this order")
        parser.add_argument("--correction", choices=["standardise", "offset_model"],
                            help="with --recruitment: reviewer leniency correction")
        parser.add_argument("--save", action="store_true", help="with --recruitment: store a proposed selection")
        parser.add_argument("--quota", action="append", default=[], help="ATTRIBUTE=VALUE:MIN:MAX, repeatable")
        parser.add_argument("--id-column", default="id")
        parser.add_argument("--score-column", default="score")
        parser.add_argument("--seed", type=int, help="lottery seed for near-ties, recorded (CSV default 0, "
                                                    "campaign default random)")
        parser.add_argument("--tie-window", type=float, default=0.0,
                            help="cohorts within this many points of the best are equal; the lottery picks (default 0)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, csv: Path | None = None, k: int | None = None, quota: list[str] = (),
               id_column: str = "id", score_column: str = "score", seed: int | None = None, json: bool = False,
               recruitment: str | None = None, tie_window: float = 0.0, **options):
        if recruitment:
            return self.campaign(recruitment, k=k, round_order=options.get("round"), seed=seed, json=json,
                                 correction=options.get("correction"), save=options.get("save", False),
                                 tie_window=tie_window)
        if csv is None or k is None:
            raise CommandError("give a CSV and -k, or --recruitment")
        seed = 0 if seed is None else seed
        quotas = [parse_quota(q) for q in quota]
        candidates = read_candidates(csv, id_column, score_column, sorted({q.attribute for q in quotas}))
        try:
            result = select_cohort(candidates, k, quotas, seed=seed, resolution=max(tie_window, 1e-6))
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
        self.report(report, json)

    def report(self, report: dict, json: bool) -> None:
        if json:
            self.stdout.write(_dumps(report))
            return
        self.stdout.write(f"cohort of {report['k']} · total {report['total']} · price of diversity "
                          f"{report['price_of_diversity']} · {report['method']} · seed {report['seed']}")
        for q in report["quotas"]:
            self.stdout.write(f"  {q['attribute']}={q['value']}: {q['count']} "
                              f"(min {q['min']}, max {q['max'] if q['max'] is not None else '-'}) {q['state']}")
        self.stdout.write("ids: " + ", ".join(str(i) for i in report["ids"]))
        if report.get("selection"):
            self.stdout.write(f"saved as proposed selection {report['selection']}")

    def campaign(self, address: str, *, k, round_order, seed, json, correction, save, tie_window=0.0) -> None:
        """The same report on a recruitment's own applications and quotas."""
        from django_scopes import scope, scopes_disabled

        from cocreate.core.errors import DomainError
        from cocreate.recruiting import cohorts
        from cocreate.recruiting.models import Recruitment

        try:
            org_slug, program_slug, pk = address.strip("/").split("/")
            pk = int(pk)
        except ValueError:
            raise CommandError(f"recruitment {address!r} is not ORG-SLUG/PROGRAM-SLUG/ID") from None
        with scopes_disabled():
            found = Recruitment.objects.select_related("program__organization").filter(
                pk=pk, program__slug=program_slug, program__organization__slug=org_slug).first()
        if found is None:
            raise CommandError(f"no recruitment {address}")
        with scope(organization=found.program.organization):
            round = None
            if round_order is not None:
                round = found.rounds.filter(order=round_order).first()
                if round is None:
                    raise CommandError(f"{address} has no round {round_order}")
            k = found.target_size if k is None else k
            try:
                if save:
                    selection = cohorts.selection_run(found, actor=None, size=k, round=round, correction=correction,
                                                      seed=seed, tie_window=tie_window)
                    data = selection.result
                else:
                    selection, data = None, cohorts.selection_preview(found, size=k, round=round,
                                                                      correction=correction, seed=seed,
                                                                      tie_window=tie_window)
            except DomainError as e:
                messages = [str(m) for m in e.messages]
                self.stdout.write(_dumps({"feasible": False, "reasons": messages[1:]}) if json else
                                  "infeasible:\n" + "\n".join(f"  {m}" for m in messages[1:]))
                raise CommandError("the quotas cannot be met") from None
        self.report({
            "feasible": True, "k": k, "seed": data["seed"], "method": data["method"], "total": data["total"],
            "unconstrained_total": data["unconstrained_total"], "price_of_diversity": data["price_of_diversity"],
            "ids": data["cohort"], "pool": data["pool_size"],
            "quotas": [{"attribute": q["attribute"], "value": q["value"], "min": q["minimum"], "max": q["maximum"],
                        "count": q["count"], "state": q["state"]} for q in data["quotas"]],
            "selection": selection.pk if selection else None,
        }, json)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)
