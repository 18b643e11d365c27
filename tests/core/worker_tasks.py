"""A task for the test of several workers on one queue: it writes down that it ran."""

from django.tasks import task


@task()
def record(path: str, number: int) -> int:
    with open(path, "a", encoding="utf-8") as ledger:  # one short append: atomic between processes
        ledger.write(f"{number}\n")
    return number
