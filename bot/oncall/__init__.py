"""On-call rotations: who is on call when, and the ping that starts a request's SLA clock."""
