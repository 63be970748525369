"""Who owns a request (handbook 004): the pure rules, the service that records events, re-routing."""
