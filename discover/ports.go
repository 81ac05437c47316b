package discover

import "github.com/otimpact/otimpact/graph"

// Transport protocols, as IANA numbers them.
const (
	protoOther uint8 = 0
	protoICMP  uint8 = 1
	protoTCP   uint8 = 6
	protoUDP   uint8 = 17
)

func protoName(p uint8) string {
	switch p {
	case protoTCP:
		return "tcp"
	case protoUDP:
		return "udp"
	case protoICMP:
		return "icmp"
	}
	return "other"
}

// class is what a service port says about the two ends of a connection.
type class uint8

const (
	classNone     class = iota
	classIdentity       // Kerberos, LDAP, global catalog: the server is a domain controller
	classFile           // SMB and NetBIOS sessions: identity only toward a domain controller
	classDNS
	classNTP
	classRemote    // remote desktop, SSH, VNC, TeamViewer
	classHistorian // historian and SQL data
	classLicense
	classField // industrial protocols: the server is a field device, the client polls it
)

// service is a well-known port: what it is called and what it tells.
type service struct {
	port  uint16
	tcp   bool
	udp   bool
	name  string // protocol, as the evidence names it
	label string // as a person reads it
	class class
	// kind is the kind guessed for the server side; "" when the port
	// says nothing about it.
	kind string
	// dependency is the service a client needs from the server, in the
	// words of the Dependencies sheet; "" when none is proposed.
	dependency string
}

// services are the ports discover understands. License servers are those
// whose ports are fixed by their vendor; others are configured per site.
var services = func() []service {
	list := []service{
		{port: 88, tcp: true, udp: true, name: "kerberos", label: "Kerberos", class: classIdentity, kind: graph.KindDomainController, dependency: "auth"},
		{port: 389, tcp: true, udp: true, name: "ldap", label: "LDAP", class: classIdentity, kind: graph.KindDomainController, dependency: "auth"},
		{port: 636, tcp: true, name: "ldaps", label: "LDAP over TLS", class: classIdentity, kind: graph.KindDomainController, dependency: "auth"},
		{port: 3268, tcp: true, name: "gc", label: "global catalog", class: classIdentity, kind: graph.KindDomainController, dependency: "auth"},
		{port: 3269, tcp: true, name: "gc-tls", label: "global catalog over TLS", class: classIdentity, kind: graph.KindDomainController, dependency: "auth"},
		{port: 445, tcp: true, name: "smb", label: "SMB", class: classFile, dependency: "auth"},
		{port: 139, tcp: true, name: "netbios-ssn", label: "NetBIOS session", class: classFile},
		{port: 53, tcp: true, udp: true, name: "dns", label: "DNS", class: classDNS, kind: graph.KindDNS, dependency: "dns"},
		{port: 123, udp: true, name: "ntp", label: "NTP", class: classNTP, kind: graph.KindNTP, dependency: "ntp"},
		{port: 3389, tcp: true, udp: true, name: "rdp", label: "remote desktop", class: classRemote, dependency: "remote-access"},
		{port: 22, tcp: true, name: "ssh", label: "SSH", class: classRemote, dependency: "remote-access"},
		{port: 5900, tcp: true, name: "vnc", label: "VNC", class: classRemote, dependency: "remote-access"},
		{port: 5938, tcp: true, udp: true, name: "teamviewer", label: "TeamViewer", class: classRemote, dependency: "remote-access"},
		{port: 1433, tcp: true, name: "mssql", label: "SQL Server (historian data)", class: classHistorian, kind: graph.KindHistorian, dependency: "data"},
		{port: 5450, tcp: true, name: "pi", label: "PI Data Archive", class: classHistorian, kind: graph.KindHistorian, dependency: "data"},
		{port: 5457, tcp: true, name: "pi-af", label: "PI AF", class: classHistorian, kind: graph.KindHistorian, dependency: "data"},
		{port: 1947, tcp: true, udp: true, name: "sentinel-hasp", label: "Sentinel HASP license manager", class: classLicense, kind: graph.KindServer, dependency: "license"},
		{port: 5093, udp: true, name: "sentinel-rms", label: "Sentinel RMS license manager", class: classLicense, kind: graph.KindServer, dependency: "license"},
		{port: 22350, tcp: true, name: "codemeter", label: "CodeMeter license server", class: classLicense, kind: graph.KindServer, dependency: "license"},
		{port: 502, tcp: true, name: "modbus", label: "Modbus/TCP", class: classField, kind: graph.KindPLC},
		{port: 102, tcp: true, name: "s7comm", label: "S7comm (ISO-TSAP)", class: classField, kind: graph.KindPLC},
		{port: 44818, tcp: true, udp: true, name: "enip", label: "EtherNet/IP", class: classField, kind: graph.KindPLC},
		{port: 2222, udp: true, name: "cip-io", label: "EtherNet/IP implicit I/O", class: classField, kind: graph.KindPLC},
		{port: 20000, tcp: true, udp: true, name: "dnp3", label: "DNP3", class: classField, kind: graph.KindRTU},
		{port: 2404, tcp: true, name: "iec104", label: "IEC 60870-5-104", class: classField, kind: graph.KindRTU},
		{port: 4840, tcp: true, name: "opcua", label: "OPC UA", class: classField, kind: graph.KindServer},
		{port: 47808, udp: true, name: "bacnet", label: "BACnet/IP", class: classField, kind: graph.KindController},
	}
	// FlexNet (FlexLM) answers on 27000-27009: Rockwell FactoryTalk
	// Activation, AVEVA, Schneider and many engineering tools use it.
	for p := uint16(27000); p <= 27009; p++ {
		list = append(list, service{port: p, tcp: true, name: "flexnet", label: "FlexNet license server", class: classLicense, kind: graph.KindServer, dependency: "license"})
	}
	return list
}()

// tcpServices and udpServices find a port's service at once: the index in
// services plus one, 0 for none.
var tcpServices, udpServices = func() (tcp, udp *[65536]uint8) {
	tcp, udp = new([65536]uint8), new([65536]uint8)
	for i, s := range services {
		if s.tcp {
			tcp[s.port] = uint8(i + 1)
		}
		if s.udp {
			udp[s.port] = uint8(i + 1)
		}
	}
	return tcp, udp
}()

// lookupService returns the service on a port, or nil.
func lookupService(proto uint8, port uint16) *service {
	var i uint8
	switch proto {
	case protoTCP:
		i = tcpServices[port]
	case protoUDP:
		i = udpServices[port]
	}
	if i == 0 {
		return nil
	}
	return &services[i-1]
}

// serviceIndex is lookupService's answer as a small number, 0 for none.
func serviceIndex(proto uint8, port uint16) uint8 {
	switch proto {
	case protoTCP:
		return tcpServices[port]
	case protoUDP:
		return udpServices[port]
	}
	return 0
}
