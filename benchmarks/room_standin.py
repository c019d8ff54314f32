"""Stand-in for ``pertinence serve`` while it is being built: Solara serving the participants'
app, one virtual kernel (and one app) per page, every page in one process.

    PERTINENCE_COHORT=DIR solara run benchmarks/room_standin.py:app --production \
        --host 127.0.0.1 --port P --no-open

``bench_room.py --host room-standin`` starts it; ``--host room`` uses ``pertinence serve`` when
the command exists and this file otherwise. It has no join code and no facilitator screen.
"""

import os

from toolkit.app import Questionnaire

app = Questionnaire(os.environ["PERTINENCE_COHORT"], lang="fr")
