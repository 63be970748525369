"""Learning a team's routing history: importing it (`rfh learn`), evaluating and calibrating the router on it,
and keeping the router built from the database (history plus routing decisions) up to date."""
