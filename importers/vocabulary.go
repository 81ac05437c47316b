package importers

import "github.com/otimpact/otimpact/graph"

// vocabulary maps the roles and types that asset inventories and OT
// monitoring tools use (NetBox device roles — CISA Malcolm's list among
// them —, Claroty asset types, Nozomi node types, Tenable OT types and
// categories) to kinds, beyond the aliases of graph.Kinds. A role maps to
// the kind that does the same job in the simulation; roles with no
// counterpart among the kinds (printers, cameras, building systems, field
// devices, rack modules) map to "other". Matched like kinds: ignoring case,
// spaces, '_' and '-'. Vendor exports only: a plant's own Assets sheet
// keeps to the kinds and aliases design.md lists.
var vocabulary = []struct {
	kind  string
	roles []string
}{
	{graph.KindOperatorStation, []string{"Human Machine Interface", "Operator Panel", "Operator Terminal",
		"Operator Interface", "HMI Panel", "HMI Server", "HMI Workstation", "Operator"}},
	{graph.KindEngineeringStation, []string{"Engineering WS", "Engineering Workstaion", "Programming Station",
		"Programming Terminal", "Engineering"}},
	{graph.KindPLC, []string{"Programmable Logic Controller", "PAC", "Soft PLC", "Programmable Controller"}},
	{graph.KindRTU, []string{"Remote Telemetry Unit", "Remote Terminal"}},
	{graph.KindIED, []string{"Intelligent Electronic Device", "Relay", "Protective Relay", "Merging Unit",
		"Bay Controller", "Power Meter", "Smart Meter"}},
	{graph.KindSIS, []string{"Safety automation system", "Safety System", "Safety Instrumented System",
		"Safety Controller", "ESD", "ESD Controller", "Emergency Shutdown", "Emergency Shutdown System",
		"Fire and Gas", "F&G", "Fire & Gas", "HIPPS", "Safety"}},
	{graph.KindController, []string{"DCS", "Distributed Control System", "Process Controller", "CNC",
		"Motion Controller", "Controllers"}},
	{graph.KindSCADAServer, []string{"SCADA Master", "Data Acquisition Server", "I/O Server", "IO Server",
		"Front End Processor", "FEP"}},
	{graph.KindHistorian, []string{"Historian Server", "Process Historian", "PI Server"}},
	{graph.KindDomainController, []string{"AD DC", "Windows Domain Controller", "AD Server"}},
	{graph.KindDNS, []string{"Name Server", "DNS Resolver"}},
	{graph.KindNTP, []string{"GPS Clock", "Master Clock", "Grandmaster Clock", "PTP Grandmaster", "Time Source"}},
	{graph.KindJumpHost, []string{"Jump Box", "Jumpbox", "Bastion Host"}},
	{graph.KindRemoteAccess, []string{"VPN server", "VPN Gateway", "VPN Concentrator", "Remote Access Server", "RAS"}},
	{graph.KindVendorGateway, []string{"Vendor Access Gateway", "Vendor Remote Access Gateway"}},
	{graph.KindFirewall, []string{"IPS", "Intrusion prevention system", "NGFW", "UTM", "Security Appliance"}},
	{graph.KindSwitch, []string{"Switch L2", "Switch L3", "Network Switch", "Ethernet Switch", "Industrial Switch",
		"Managed Switch", "Hub", "Bridge", "Repeater", "Access point", "Wireless Access Point"}},
	{graph.KindRouter, []string{"Gateway", "Modem", "Cellular Router", "Cellular Gateway", "Network Gateway"}},
	{graph.KindDataDiode, []string{"Unidirectional Security Gateway"}},
	{graph.KindServer, []string{"Application server", "Authentication server", "Cloud server", "Collaboration server",
		"Database server", "DHCP server", "File server", "Mail server", "Media server", "Print server", "Proxy server",
		"Real-time communication server", "Web server", "Hypervisor", "Virtual Machine Server", "NAS", "SIEM", "MES",
		"PLM", "VCS", "Load balancer", "OT Server", "IT Server", "OT Servers", "IT Servers", "OPC Server",
		"Backup Server", "Antivirus Server", "Patch Server", "WSUS", "License Server"}},
	{graph.KindWorkstation, []string{"Computer", "PC", "Desktop", "Laptop", "Endpoint", "Endpoints", "Kiosk",
		"IT Workstation"}},
	{graph.KindOther, []string{"Printer", "Photocopier", "Scanner", "Fax", "Telephony", "IP Phone", "VoIP Phone",
		"Camera", "IP Camera", "IoT", "IIoT", "IoT Device", "Lighting", "HVAC", "BAS", "BMS", "EACS", "KVM",
		"Actuator", "Physical sensor", "Sensor", "VFD", "Drive", "Variable Frequency Drive", "Gateway Coupler",
		"Protocol Converter", "Serial to Ethernet", "Communication Module", "Comm Module", "I/O Module", "IO Module",
		"Backplane", "Power Supply", "UPS", "IDS", "Network sensor", "Mobile", "Broadcast", "OT Device",
		"Field Device", "Field Devices", "Unknown"}},
}

var vocabularyByNorm = func() map[string]string {
	m := make(map[string]string)
	for _, v := range vocabulary {
		for _, r := range v.roles {
			m[graph.Norm(r)] = v.kind
		}
	}
	return m
}()

// vendorKind maps a role or type from a vendor export to a kind: a kind or
// one of its aliases, else a word of the vocabulary. ok is false when it is
// neither; the text is then returned trimmed, as written.
func vendorKind(s string) (kind string, ok bool) {
	if k, ok := graph.CanonicalKind(s); ok {
		return k, true
	}
	if k, ok := vocabularyByNorm[graph.Norm(s)]; ok {
		return k, true
	}
	return graph.CanonicalKind(s)
}
