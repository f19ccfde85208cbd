"""The address a request came from: one answer for the sign-in lockout and the audit trail.

``X-Forwarded-For`` is a list anyone can write to: a client may send one with any addresses in it,
and each proxy on the way appends the address it was reached from. So the header is read only
when the request reached us from a proxy in ``TRUSTED_PROXIES``, and then from the right: the
first address that is not one of our own proxies is the one our proxies saw, the client. Anything
further left was written by the client and is ignored. Without a trusted proxy the address is the
connection's own (``REMOTE_ADDR``), so nobody can choose the address their failures count
against, and one person cannot lock everyone else out from the proxy's address.
"""

from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest

Network = IPv4Network | IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as text, or None if the connection gave none."""
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    trusted = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))

    def is_ours(address: IPv4Address | IPv6Address) -> bool:
        return any(address in network for network in trusted)

    nearest = peer
    if is_ours(peer):
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                # A proxy of ours wrote something that is not an address: nothing to its left
                # can be vouched for, so the last address we can vouch for stands.
                break
            nearest = address
            if not is_ours(address):
                break
    return str(nearest)
