from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Development tools: benchmarks and load tests, not part of the product's commands. Installed
    when DEBUG is on, or with BENCH=1 (the gunicorn a load test starts)."""

    name = "bench"
    verbose_name = "Benchmarks"
