"""Score the recommendation models offline: Recall@K, NDCG@K and catalogue coverage."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from tqdm import tqdm

from recommend.evaluate import TEST_DAYS, evaluate, split_last, split_time
from recommend.offline import InteractionsError, csv_log, rankers, shop_log
from shop.commands import OneLineCommand


class Command(OneLineCommand):
    help = (
        "Evaluate the recommendation models offline. By default on the shop's paid orders: "
        f"train on all but the last {TEST_DAYS} days and test on those. With --interactions "
        "FILE.csv (columns user,item,timestamp) on that log instead. Prints Recall@K, "
        "NDCG@K and catalogue coverage per model. Changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interactions", type=Path, help="a CSV file of user,item,timestamp rows"
        )
        parser.add_argument(
            "--split",
            choices=["time", "last"],
            default="time",
            help=f"time: hold out the last {TEST_DAYS} days; last: each user's last item",
        )

    def handle(self, *args: Any, interactions: Path | None, split: str, **options: Any) -> None:
        if interactions is not None:
            try:
                log, catalogue = csv_log(interactions), None
            except InteractionsError as error:
                raise CommandError(str(error)) from None
            ks: tuple[int, ...] = (10, 20)
        else:
            log, catalogue = shop_log()
            ks = (10,) if split == "time" else (10, 20)
        if not len(log.items):
            raise CommandError("No paid orders to evaluate on.")
        held_out = split_time(log) if split == "time" else split_last(log)
        if not held_out.relevant:
            raise CommandError("No user bought anything new in the test period.")
        models = rankers(held_out, catalogue)
        scores = []
        for name in tqdm(models, desc="evaluating", unit=" models"):
            scores += evaluate(held_out, {name: models[name]}, ks=ks)
        self.stdout.write(
            f"{len(held_out.relevant):,} test users, {log.n_items:,} items, split={split}"
        )
        self.stdout.write(f"{'model':<26}{'K':>4}{'Recall':>10}{'NDCG':>10}{'coverage':>10}")
        for score in scores:
            self.stdout.write(
                f"{score.model:<26}{score.k:>4}{score.recall:>10.4f}{score.ndcg:>10.4f}"
                f"{score.coverage:>10.1%}"
            )
