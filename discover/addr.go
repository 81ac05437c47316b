package discover

import (
	"net/netip"

	"github.com/otimpact/otimpact/importers"
)

// Why an address is no asset.
const (
	exUnspecified = "unspecified"
	exMulticast   = "multicast"
	exBroadcast   = "broadcast"
	exLoopback    = "loopback"
	exReserved    = "reserved"
)

var limitedBroadcast = netip.AddrFrom4([4]byte{255, 255, 255, 255})

// exclusion says why an address names no host, or "" when it may: an
// unspecified address (0.0.0.0/8, ::), multicast (224.0.0.0/4, ff00::/8),
// the limited broadcast 255.255.255.255 and the rest of 240.0.0.0/4, and
// loopback (it never crosses a wire; seen in a capture of a host's own
// traffic). Link-local unicast (169.254.0.0/16, fe80::/10) names a host
// and is kept: on a plant network it may be the only address of a device
// that lost its configuration, or the IPv6 address of a Windows host.
func exclusion(a netip.Addr) string {
	switch {
	case !a.IsValid() || a.IsUnspecified() || a.Is4() && a.As4()[0] == 0:
		return exUnspecified
	case a.IsMulticast():
		return exMulticast
	case a == limitedBroadcast:
		return exBroadcast
	case a.Is4() && a.As4()[0] >= 240:
		return exReserved
	case a.IsLoopback():
		return exLoopback
	}
	return ""
}

// subnetExclusion adds the broadcast address of an IPv4 subnet (its last
// address; subnets of /31 and /32 have none) to exclusion. Which x.x.x.255
// is a broadcast only a subnet can tell: 10.0.0.255 is a host in a /16.
func subnetExclusion(a netip.Addr, subnets *importers.Subnets) string {
	if why := exclusion(a); why != "" {
		return why
	}
	if !a.Is4() {
		return ""
	}
	sn, ok := subnets.Lookup(a)
	if !ok || sn.Prefix.Bits() > 30 {
		return ""
	}
	if a == lastAddr(sn.Prefix) {
		return exBroadcast
	}
	return ""
}

// lastAddr is the last address of an IPv4 prefix.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v |= 1<<(32-p.Bits()) - 1
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
