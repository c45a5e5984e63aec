"""Account journeys in a real browser: staff two-factor set-up, password reset."""

from allauth.mfa.models import Authenticator
from browser_support import (
    PASSWORD,
    last_email_to,
    link_in,
    sign_in,
    sign_out,
    totp_code,
    wrong_code,
)
from playwright.sync_api import expect

from coalition.members.tests.factories import UserFactory


def test_staff_set_up_two_factor_then_sign_in_with_it(site):
    page = site.page
    user = UserFactory(is_staff=True, email="new.coordinator@example.org")

    # Signed in with a password only, staff are sent to set up an authenticator app.
    sign_in(site, user.email, PASSWORD)
    expect(page.get_by_role("status")).to_contain_text("must use two-factor authentication")
    # allauth asks for the password again before any change to two-factor settings.
    assert site.path.startswith("/accounts/reauthenticate/")
    page.get_by_label("Password").fill(PASSWORD)
    site.follow(page.get_by_role("button", name="Confirm"))
    assert site.path == "/accounts/2fa/totp/activate/?next=/staff/"
    # The back office stays closed until two-factor is set up.
    site.visit("/staff/")
    assert site.path == "/accounts/2fa/totp/activate/?next=/staff/"

    # They copy the secret into their app and type the code it shows.
    secret = page.get_by_label("Authenticator secret").input_value()
    assert len(secret) >= 16
    page.get_by_label("Authenticator code").fill(wrong_code(secret))
    site.follow(page.get_by_role("button", name="Activate"))
    expect(page.locator(".field--error")).to_contain_text("Incorrect code")
    assert not Authenticator.objects.filter(user=user).exists()
    assert page.get_by_label("Authenticator secret").input_value() == secret
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    site.follow(page.get_by_role("button", name="Activate"))
    assert site.path == "/accounts/2fa/recovery-codes/"
    expect(page.get_by_label("Unused codes")).not_to_be_empty()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    # The back office is open now.
    site.follow(page.get_by_role("link", name="Staff", exact=True))
    assert site.path == "/staff/"

    # Next time, the password alone is not enough: a wrong code is refused.
    sign_out(site)
    site.visit("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    site.follow(page.get_by_role("button", name="Sign in"))
    assert site.path == "/accounts/2fa/authenticate/"
    page.get_by_label("Code").fill(wrong_code(secret))
    site.follow(page.get_by_role("button", name="Sign in"))
    assert site.path == "/accounts/2fa/authenticate/"
    expect(page.locator(".field--error")).to_contain_text("Incorrect code")
    # The back office is still closed; the code is asked for again.
    site.visit("/staff/")
    assert site.path == "/accounts/2fa/authenticate/"
    page.get_by_label("Code").fill(totp_code(secret))
    site.follow(page.get_by_role("button", name="Sign in"))
    assert site.path == "/staff/"
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_member_resets_a_forgotten_password(site):
    page = site.page
    user = UserFactory(email="sam.member@example.org")
    new_password = "kettle-on-the-canal-boat-7"  # noqa: S105 (tests only)

    site.visit("/accounts/login/")
    site.follow(page.get_by_role("link", name="Forgot your password?"))
    assert site.path == "/accounts/password/reset/"
    page.get_by_label("Email").fill(user.email)
    site.follow(page.get_by_role("button", name="Reset my password"))
    assert site.path == "/accounts/password/reset/done/"

    site.visit(link_in(last_email_to(user.email), site.base_url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Password")
    page.get_by_label("New Password", exact=True).fill(new_password)
    page.get_by_label("New Password (again)").fill(new_password)
    site.follow(page.get_by_role("button", name="Change password"))
    assert site.path == "/accounts/password/reset/key/done/"

    # The old password no longer works; the new one does.
    site.visit("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    site.follow(page.get_by_role("button", name="Sign in"))
    assert site.path == "/accounts/login/"
    expect(page.get_by_role("main")).to_contain_text("not correct")

    sign_in(site, user.email, new_password)
    assert site.path == "/account/"
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    user.refresh_from_db()
    assert user.check_password(new_password)
