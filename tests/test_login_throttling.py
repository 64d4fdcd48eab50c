"""Signing in: one address trying many accounts (password spraying) is locked out, an editor who mistypes is not."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"
PROXY = "10.0.0.2"


@pytest.fixture
def editors():
    """Twelve editors' accounts, as a spraying attacker would list them."""
    model = get_user_model()
    return [model.objects.create_user(f"editor{n}", password=PASSWORD, is_staff=True) for n in range(12)]


def sign_in(client, username, password, **meta):
    return client.post(
        f"{reverse('admin:login')}?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        **meta,
    )


def spray(client, usernames, **meta):
    """One common password tried against each account, each refused as a plain wrong password."""
    for username in usernames:
        response = sign_in(client, username, "Summer2024!", **meta)
        assert response.status_code == 200, username
        assert "correct username and password" in response.content.decode()


def test_one_wrong_password_for_each_of_ten_accounts_locks_the_address_out(editors, settings):
    assert settings.LOGIN_ADDRESS_USERNAME_LIMIT == 10
    client = Client()
    usernames = [editor.username for editor in editors[:10]]
    spray(client, usernames[:-1], REMOTE_ADDR=ATTACKER)

    tenth = sign_in(client, usernames[-1], "Summer2024!", REMOTE_ADDR=ATTACKER)
    assert tenth.status_code == 429
    # The eleventh request, with a right password, is refused too, and signs nobody in.
    eleventh = sign_in(client, editors[0].username, PASSWORD, REMOTE_ADDR=ATTACKER)
    assert eleventh.status_code == 429
    assert "different accounts from your address" in eleventh.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302
    # Accounts that were never tried are refused from that address as well: it is the address that is paused.
    assert sign_in(client, editors[11].username, PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429

    # The editors themselves, elsewhere, are not locked out.
    assert sign_in(Client(), editors[0].username, PASSWORD, REMOTE_ADDR=OFFICE).status_code == 302


def test_an_editor_who_mistypes_signs_in_as_before(editors, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, editors[0].username, "wrong", REMOTE_ADDR=OFFICE).status_code == 200
    assert sign_in(client, editors[0].username, PASSWORD, REMOTE_ADDR=OFFICE).status_code == 302


def test_an_office_of_editors_behind_one_address_is_not_locked_out_by_their_own_typos(editors, settings):
    # Nine editors at one address each get their password wrong a few times, one also misspells their name.
    for editor in editors[:8]:
        spray(Client(), [editor.username] * (settings.AXES_FAILURE_LIMIT - 1), REMOTE_ADDR=OFFICE)
    spray(Client(), ["edtor8"], REMOTE_ADDR=OFFICE)
    for editor in editors[:9]:
        assert sign_in(Client(), editor.username, PASSWORD, REMOTE_ADDR=OFFICE).status_code == 302, editor


def test_behind_a_proxy_the_address_counted_is_the_one_the_proxy_saw(editors, settings):
    settings.BEHIND_PROXY = True
    client = Client()
    # Every request comes through our proxy; the attacker varies the address it claims, our proxy appends the real one.
    for n, editor in enumerate(editors[:10]):
        sign_in(
            client, editor.username, "Summer2024!", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}"
        )

    forged = f"192.0.2.99, {ATTACKER}"
    assert (
        sign_in(client, editors[0].username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged).status_code
        == 429
    )
    # Someone else behind the same proxy signs in: the proxy's own address is not what was locked.
    assert (
        sign_in(Client(), editors[0].username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE).status_code
        == 302
    )


def test_an_administrator_can_lift_an_address_lockout(editors):
    spray(Client(), [editor.username for editor in editors[:9]], REMOTE_ADDR=ATTACKER)
    assert sign_in(Client(), editors[9].username, "Summer2024!", REMOTE_ADDR=ATTACKER).status_code == 429

    call_command("axes_reset_ip", ATTACKER, verbosity=0)
    assert sign_in(Client(), editors[0].username, PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 302


@pytest.mark.parametrize("accounts", [1, 10], ids=["one-account", "many-accounts"])
def test_the_locked_out_page_is_in_the_admins_look_and_says_what_to_do(editors, settings, accounts):
    client = Client()
    attempts = [editor.username for editor in editors[:accounts]]
    if accounts == 1:
        attempts *= settings.AXES_FAILURE_LIMIT
    for username in attempts:
        response = sign_in(client, username, "wrong", REMOTE_ADDR=ATTACKER)

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    page = response.content.decode()
    assert "<title>Signing in is paused | filmsite editorial</title>" in page
    assert '<a href="/admin/">filmsite editorial</a>' in page
    assert "/static/admin/css/base.css" in page and "/static/admin/css/login.css" in page
    assert "Too many failed sign-in attempts" in page
    assert "paused for 60 minutes" in page
    assert "ask an administrator" in page
