"""SLA timers: business time, deadlines, re-pings, escalations, stale-owner nudges and the digest."""
