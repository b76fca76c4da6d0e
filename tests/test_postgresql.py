"""Django's PostgreSQL backend as the project configures it (config/postgresql): the reads every
request makes are prepared once per connection, and a connection is spared its health check only
while it was used a moment ago and the server has said nothing since; a connection the server
closed is still replaced before the next request's first statement."""

import time

import pytest
from django.db import connection, connections

from tests.factories import make_user

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_page_s_session_and_committee_reads_are_prepared(client, tayho_term):
    client.force_login(make_user("admin", is_superuser=True))
    assert client.get("/committees/TAYHO/").status_code == 200
    statements = prepared_statements()
    assert any("districts_session" in sql for sql in statements)
    assert any("'page'" in sql for sql in statements)
    # Nothing else is prepared: the ORM's statements bind on the client, as Django's do.
    assert all("districts_session" in sql or "'page'" in sql for sql in statements)
    assert client.get("/committees/TAYHO/").status_code == 200
    assert len(prepared_statements()) == len(statements)  # prepared once, used again


@pytest.fixture
def other():
    """A second connection to the test database, as an app server's."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def next_request(wrapper) -> None:
    """What Django does to a kept connection when a request starts."""
    wrapper.close_if_unusable_or_obsolete()


def prepared_pid(wrapper) -> int:
    """The backend's pid, read as a request's first read (the session's) is."""
    return wrapper.prepared_rows("SELECT pg_backend_pid()", [])[0][0]


def test_a_connection_used_a_moment_ago_is_not_checked(other, monkeypatch):
    prepared_pid(other)
    checks = []
    monkeypatch.setattr(other, "is_usable", lambda: checks.append(1) or True)
    next_request(other)
    prepared_pid(other)
    assert checks == []
    other._used_at -= 2  # quiet for two seconds
    next_request(other)
    prepared_pid(other)
    assert checks == [1]
    next_request(other)
    backend_pid(other)  # Django's own cursor first: Django's check
    assert checks == [1, 1]


def test_a_connection_the_server_closed_is_replaced(other):
    before = backend_pid(other)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [before])
    time.sleep(0.2)  # the server's goodbye reaches the socket
    next_request(other)
    assert backend_pid(other) != before  # a new connection, the request never failed


@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_just_before_a_request_does_not_fail_it(
    client, tayho_term, monkeypatch
):
    # The server closes the connection a moment after its last use, and its goodbye has not
    # reached the socket when the next request looks (pg_terminate_backend returns before the
    # backend has gone): the request's first read must not fail, as after Django's check.
    from django.db import close_old_connections

    from config.postgresql import base

    client.force_login(make_user("admin", is_superuser=True))
    assert client.get("/committees/TAYHO/").status_code == 200
    before = backend_pid(connection)
    monkeypatch.setattr(base, "_has_input", lambda _connection: False)  # not yet arrived
    killer = connections.create_connection("default")
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [before])
    killer.close()
    time.sleep(0.2)
    close_old_connections()  # what the app server does when the request starts
    assert client.get("/committees/TAYHO/").status_code == 200
    assert backend_pid(connection) != before


def test_a_transaction_pooler_prepares_nothing_and_every_page_still_works(
    client, tayho_term, tayho_editor, monkeypatch
):
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    client.force_login(tayho_editor)
    for url in ("/committees/TAYHO/", "/committees/TAYHO/", "/committees/HANOI/overview/"):
        assert client.get(url).status_code in (200, 404)
    assert client.get("/committees/TAYHO/").wsgi_request.user == tayho_editor
    assert prepared_statements() == []


@pytest.mark.django_db(transaction=True)
def test_a_table_altered_under_a_prepared_read_does_not_fail_the_next_request(client, tayho_term):
    # A migration run while the app serves (before its restart) changes a column that a
    # prepared read returns: PostgreSQL refuses to run the statement prepared before it
    # ("cached plan must not change result type") on every kept connection.
    client.force_login(make_user("admin", is_superuser=True))
    assert client.get("/committees/TAYHO/").status_code == 200
    alter = "ALTER TABLE auth_user ALTER COLUMN first_name TYPE varchar({})"
    with connections.create_connection("default").cursor() as cursor:
        cursor.execute(alter.format(200))
    try:
        assert client.get("/committees/TAYHO/").status_code == 200
    finally:
        with connection.cursor() as cursor:
            cursor.execute(alter.format(150))
