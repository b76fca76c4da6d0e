import pytest


@pytest.fixture
def logged_in(client, tayho_term, tayho_editor):
    """Tây Hồ's editor, logged in, has opened the dashboard once."""
    client.force_login(tayho_editor)
    assert client.get("/committees/TAYHO/").status_code == 200
    return client
