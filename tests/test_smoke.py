def test_world_builds_and_roles(world):
    from udsatteraad.accounts.access import Role, council_roles

    assert council_roles(world.chair, world.council) == {Role.MEMBER, Role.CHAIR}
    assert council_roles(world.secretary, world.council) == {Role.SECRETARY}
    assert council_roles(world.other_secretary, world.council) == set()
    assert world.tor.seat_count == 5
