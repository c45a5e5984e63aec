def test_it_shows_the_staff_dashboard_to_staff_with_two_factor(client, staff):
    client.force_login(staff)
    response = client.get("/staff/")
    assert response.status_code == 200
    assert b"Staff dashboard" in response.content


def test_it_sends_staff_without_two_factor_to_set_it_up(client, staff_without_2fa):
    client.force_login(staff_without_2fa)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")
