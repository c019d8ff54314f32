"""Colours shared by the charts and the app: the Okabe–Ito palette, safe for colour-blind readers.

Okabe, M. & Ito, K. (2008), *Color Universal Design*. Plain data, so the app can use the
colours without importing matplotlib.
"""

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
RECOMMENDATION_COLOURS = {
    "abstain": OKABE_ITO["vermillion"],
    "one_off": OKABE_ITO["orange"],
    "prepare": OKABE_ITO["sky_blue"],
    "go": OKABE_ITO["bluish_green"],
}
