"""Generate and load a synthetic network of any size, with the same loader as the demo.

    DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python -m benchmarks.synthetic_network --structures 3000

Names, kinds, sectors and publics are drawn from the reference lists with a fixed seed, so two
runs build the same network. The national tier of the quality bar is 3,000 structures.
"""

import argparse
import random
import time

import django


def synthetic_spec(structures: int, *, seed: int = 2026, actions_per_structure: int = 3):
    from utilite.organisations.demo import ActionSpec, NetworkSpec, OrganisationSpec, UserSpec
    from utilite.organisations.enums import MembershipRole, OrganisationKind, Visibility
    from utilite.organisations.vocabularies import rows

    rng = random.Random(seed)
    sectors = [row["slug"] for row in rows("Sector")]
    publics = [row["slug"] for row in rows("PublicGroup")]
    users = [UserSpec(email="coordination@synthetic.example", full_name="Coordination", network_role="coordinator")]
    organisations = []
    for number in range(structures):
        admin = UserSpec(email=f"admin{number}@synthetic.example", full_name=f"Admin {number}")
        users.append(admin)
        organisations.append(
            OrganisationSpec(
                slug=f"synthetic-{number}",
                name=f"Structure {number:05d}",
                kind=rng.choice(OrganisationKind.values),
                description="Structure générée pour les mesures de performance.",
                sectors=rng.sample(sectors, 2),
                publics=rng.sample(publics, 3),
                district=f"Quartier {number % 40}",
                city="Ville",
                members=[{"email": admin.email, "role": MembershipRole.ADMIN}],
                actions=[
                    ActionSpec(
                        title=f"Action {a}",
                        publics=rng.sample(publics, 2),
                        visibility=rng.choice(Visibility.values),
                    )
                    for a in range(actions_per_structure)
                ],
            )
        )
    return NetworkSpec(
        slug="synthetic",
        name="Réseau synthétique",
        is_demo=True,
        password="",
        users=users,
        organisations=organisations,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--structures", type=int, default=100)
    args = parser.parse_args()
    django.setup()
    from utilite.organisations.demo import load_network

    started = time.perf_counter()
    network = load_network(synthetic_spec(args.structures))
    print(f"{network.organisations.count()} structures loaded in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
