"""Password hashing: Argon2id with OWASP's recommended cost instead of Django's heavier one."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class ShopArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with 46 MiB of memory, one pass, one lane (OWASP Password Storage Cheat Sheet).

    Django's default asks for 100 MiB and eight lanes: every log-in would lift a web worker
    past 300 MB for the hash alone. Hashes made with other parameters are redone at the
    owner's next log-in.
    """

    time_cost = 1
    memory_cost = 46 * 1024
    parallelism = 1
