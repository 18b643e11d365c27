"""Write use cases for accounts."""

from django.db import transaction

from .models import User


@transaction.atomic
def create_account(*, email: str, full_name: str, password: str) -> User:
    return User.objects.create_user(email=email, full_name=full_name, password=password)


@transaction.atomic
def update_profile(user: User, *, full_name: str, email: str) -> User:
    user.full_name = full_name
    user.email = email
    user.save(update_fields=["full_name", "email"])
    return user
