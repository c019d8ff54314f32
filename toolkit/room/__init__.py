"""The room server (``pertinence serve``): one laptop serves the questionnaire to every group
of a workshop on the local network, joined by QR code and workshop code, with a facilitator
screen. One module per job:

* ``codes`` — the workshop code, facilitator key and cookie secret, kept in the cohort folder;
* ``network`` — the laptop's local address, the join URL and its QR code;
* ``config`` — the room being served (cohort, secrets, language, addresses);
* ``gate`` — the door: nothing without the code, only what the pages need with it;
* ``joinpage`` — the join page and the refusal page (plain HTML, local CSS);
* ``shell`` — Solara's page in the group's language, never blank;
* ``page`` — what each virtual kernel shows: the questionnaire or the facilitator screen;
* ``facilitator`` — QR code, address, code, live counts and the dashboard;
* ``presence`` — groups with a page open, answering, submitted;
* ``server`` — Solara configured (no telemetry, offline, no banner) behind the gate, in uvicorn;
* ``serve`` — the command: checks the folder, prints the address, code and QR code, runs.
"""
