package graph

import "strings"

// Asset kinds.
const (
	KindOperatorStation    = "operator-station"
	KindEngineeringStation = "engineering-workstation"
	KindPLC                = "plc"
	KindRTU                = "rtu"
	KindIED                = "ied"
	KindSIS                = "sis"
	KindController         = "controller"
	KindSCADAServer        = "scada-server"
	KindHistorian          = "historian"
	KindDomainController   = "domain-controller"
	KindDNS                = "dns"
	KindNTP                = "ntp"
	KindJumpHost           = "jump-host"
	KindRemoteAccess       = "remote-access"
	KindVendorGateway      = "vendor-gateway"
	KindFirewall           = "firewall"
	KindSwitch             = "switch"
	KindRouter             = "router"
	KindDataDiode          = "data-diode"
	KindServer             = "server"
	KindWorkstation        = "workstation"
	KindOther              = "other"
)

// Kinds lists every known kind with the aliases a plant's spreadsheet may use.
var Kinds = []struct {
	Kind    string
	Aliases []string
}{
	{KindOperatorStation, []string{"HMI", "OWS", "operator workstation", "operator console", "SCADA client", "operator station"}},
	{KindEngineeringStation, []string{"EWS", "engineering station", "engineering workstation"}},
	{KindPLC, []string{"PLC"}},
	{KindRTU, []string{"RTU", "remote terminal unit"}},
	{KindIED, []string{"IED", "protection relay"}},
	{KindSIS, []string{"safety controller", "safety PLC", "SIS controller", "SIS"}},
	{KindController, []string{"DCS controller", "controller"}},
	{KindSCADAServer, []string{"SCADA", "SCADA server", "master station"}},
	{KindHistorian, []string{"data historian", "historian"}},
	{KindDomainController, []string{"DC", "AD", "Active Directory", "domain controller"}},
	{KindDNS, []string{"DNS server", "DNS"}},
	{KindNTP, []string{"NTP server", "time server", "NTP"}},
	{KindJumpHost, []string{"jump server", "bastion", "jump host"}},
	{KindRemoteAccess, []string{"VPN", "remote access gateway", "RDS gateway", "remote access"}},
	{KindVendorGateway, []string{"vendor remote access", "vendor VPN", "vendor gateway"}},
	{KindFirewall, nil},
	{KindSwitch, nil},
	{KindRouter, nil},
	{KindDataDiode, []string{"unidirectional gateway", "diode"}},
	{KindServer, nil},
	{KindWorkstation, nil},
	{KindOther, nil},
}

var kindByNorm = func() map[string]string {
	m := make(map[string]string)
	for _, k := range Kinds {
		m[Norm(k.Kind)] = k.Kind
		for _, a := range k.Aliases {
			m[Norm(a)] = k.Kind
		}
	}
	return m
}()

// Norm folds a header, sheet or kind name for matching: lower case, without
// spaces, '_' and '-'.
func Norm(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '_', '-', '\t', '\n', '\r', '\u00a0':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CanonicalKind maps a kind as written to a known kind. ok is false when the
// kind is unknown; the text is then returned trimmed, as written.
func CanonicalKind(s string) (kind string, ok bool) {
	if k, found := kindByNorm[Norm(s)]; found {
		return k, true
	}
	return strings.TrimSpace(s), s == ""
}

// IsBoundaryKind reports whether assets of the kind carry traffic between
// zones rather than run a service: firewalls, routers, switches, data diodes.
func IsBoundaryKind(kind string) bool {
	switch kind {
	case KindFirewall, KindRouter, KindSwitch, KindDataDiode:
		return true
	}
	return false
}

// IsControlKind reports whether assets of the kind control the process
// directly: PLCs, RTUs, SIS, controllers, IEDs. They are protected from an
// attacker's reach.
func IsControlKind(kind string) bool {
	switch kind {
	case KindPLC, KindRTU, KindSIS, KindController, KindIED:
		return true
	}
	return false
}
