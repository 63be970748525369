"""The queues and the RFH priorities lists (handbook 002, step 5): the list rules and storage, the queue queries, the
App Home overview, and the lead-only actions. No Slack or GitHub imports: views in bot/blocks, listeners in handlers."""
