def test_world_builds_and_roles(world):
    from udsatteraad.policy.roles import Role, roles_in

    assert roles_in(world.chair, world.council).roles == {Role.MEMBER, Role.CHAIR}
    assert roles_in(world.secretary, world.council).roles == {Role.SECRETARY}
    assert roles_in(world.other_secretary, world.council).roles == set()
    assert world.tor.seat_count == 5
