"""Where the room joins: the laptop's address on the local network, the join URL and its QR code.

No request leaves the machine: the local address is what the system would use to reach a
private address (a UDP "connect" sends no packet), then the host name's address, then
127.0.0.1.
"""

from __future__ import annotations

import io
import ipaddress
import socket
from urllib.parse import quote

import segno

# Private addresses to "connect" a UDP socket to: nothing is sent, the system only picks the
# interface (and so the local address) it would use to reach them.
_PROBES = ("10.255.255.255", "192.168.255.255", "172.31.255.255")
WILDCARDS = ("0.0.0.0", "::", "")


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local)


def lan_address() -> str:
    """The laptop's IPv4 address on the local network, or ``127.0.0.1`` when it has none."""
    for probe in _PROBES:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                address = str(sock.getsockname()[0])
        except OSError:
            continue
        if _usable(address):
            return address
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        address = ""
    return address if _usable(address) else "127.0.0.1"


def public_host(bind_host: str) -> str:
    """The host name people type: the LAN address when the server listens everywhere."""
    return lan_address() if bind_host in WILDCARDS else bind_host


def base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def join_url(host: str, port: int, code: str) -> str:
    """What the QR code encodes: the address with the workshop code."""
    return f"{base_url(host, port)}/?code={quote(code)}"


def facilitator_url(host: str, port: int, key: str) -> str:
    return f"{base_url(host, port)}/facilitator?key={quote(key)}"


def qr_terminal(url: str) -> str:
    """The QR code of ``url`` drawn with block characters, for the terminal."""
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def qr_svg(url: str, title: str) -> str:
    """The QR code of ``url`` as inline SVG (scales to its box: ``width``/``height`` 100 %)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, title=title, border=4, svgclass="pertinence-qr", omitsize=True
    )
    return str(svg)
