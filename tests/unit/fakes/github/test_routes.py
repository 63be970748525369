"""The route table: every route answers its own paths and no other route does (so the table's order is free)."""

from __future__ import annotations

from fakes.github import routes

SAMPLES = {
    "/repos/o/r": "GET", "/repos/o/r/issues": "POST", "/repos/o/r/issues/comments/7": "PATCH",
    "/repos/o/r/issues/3": "PATCH", "/repos/o/r/issues/3/comments": "POST", "/repos/o/r/issues/3/labels": "PUT",
    "/repos/o/r/issues/3/labels/ce%2Fp0": "DELETE", "/repos/o/r/labels": "POST", "/repos/o/r/labels/ce%2Fp0": "GET",
    "/repos/o/r/assignees/ana": "GET", "/repos/o/r/issues/3/assignees": "POST", "/repos/o/r/hooks": "POST",
    "/repos/o/r/hooks/9": "PATCH", "/users/ana": "GET", "/user": "GET", "/rate_limit": "GET",
    "/search/issues": "GET",
}


def test_each_path_has_exactly_one_route() -> None:
    for path, method in SAMPLES.items():
        matching = [pattern.pattern for pattern, _ in routes.TABLE if pattern.match(path)]
        assert len(matching) == 1, (path, matching)
        found = routes.find(path)
        assert found is not None and method in found[0], path


def test_every_route_is_sampled_and_parameters_are_decoded() -> None:
    sampled = {pattern.pattern for pattern, _ in routes.TABLE for path in SAMPLES if pattern.match(path)}
    assert sampled == {pattern.pattern for pattern, _ in routes.TABLE}
    found = routes.find("/repos/sourcegraph/customer/issues/3/labels/ce%2Fp0")
    assert found is not None and found[1] == {"owner": "sourcegraph", "repo": "customer", "number": "3",
                                              "name": "ce/p0"}
    assert routes.find("/repos/o/r/pulls") is None
