package discover

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
)

// The site of testdata/conn.log: domain controllers and DNS in IT, the
// SCADA server, its operator stations, a historian and the NTP and license
// servers in OPS, one field device of each industrial protocol in CTRL, a
// vendor in VENDOR, and a host in no subnet.
const (
	dc1, dc2, dns2, fileServer, admin        = "10.10.1.10", "10.10.1.11", "10.10.1.53", "10.10.1.30", "10.10.1.50"
	scada, hmi1, hmi2, historian, ntp, lic   = "10.20.1.10", "10.20.1.21", "10.20.1.22", "10.20.1.30", "10.20.1.5", "10.20.1.6"
	jump, ews                                = "10.20.1.50", "10.20.1.40"
	plcModbus, plcS7, plcENIP, ioAdapter     = "10.30.1.11", "10.30.1.12", "10.30.1.13", "10.30.1.14"
	rtuDNP3, rtu104, opcServer, bacnetDevice = "10.30.1.15", "10.30.1.16", "10.30.1.17", "10.30.1.18"
	vendor, stray, absent                    = "10.40.1.5", "192.168.99.7", "10.30.1.99"
)

func TestKindsFromPorts(t *testing.T) {
	m, _ := propose(t, Options{Subnets: testSubnets(t)}, "conn.log")
	cases := []struct {
		name, addr, kind, confidence string
	}{
		{"a server of Kerberos, LDAP and the global catalog is a domain controller", dc1, graph.KindDomainController, ConfidenceMedium},
		{"a server of LDAP over TLS alone is a domain controller too", dc2, graph.KindDomainController, ConfidenceMedium},
		{"a server of 53 is a DNS server", dns2, graph.KindDNS, ConfidenceMedium},
		{"a server of 123 is an NTP server", ntp, graph.KindNTP, ConfidenceMedium},
		{"a license server is a server", lic, graph.KindServer, ConfidenceMedium},
		{"a server of SQL and PI is a historian", historian, graph.KindHistorian, ConfidenceMedium},
		{"a server of Modbus 502 is a PLC", plcModbus, graph.KindPLC, ConfidenceMedium},
		{"a server of S7 102 is a PLC, even when Zeek took it for the originator", plcS7, graph.KindPLC, ConfidenceMedium},
		{"a server of EtherNet/IP 44818 is a PLC", plcENIP, graph.KindPLC, ConfidenceMedium},
		{"a server of EtherNet/IP I/O 2222 is a PLC", ioAdapter, graph.KindPLC, ConfidenceMedium},
		{"a server of DNP3 20000 is an RTU", rtuDNP3, graph.KindRTU, ConfidenceMedium},
		{"a server of IEC-104 2404 is an RTU", rtu104, graph.KindRTU, ConfidenceMedium},
		{"a server of OPC UA 4840 is a server", opcServer, graph.KindServer, ConfidenceMedium},
		{"a BACnet device is a controller", bacnetDevice, graph.KindController, ConfidenceMedium},
		{"the host that polls field devices is a SCADA server", scada, graph.KindSCADAServer, ConfidenceMedium},
		{"a host that talks to the SCADA server on its own port is its operator station", hmi1, graph.KindOperatorStation, ConfidenceLow},
		{"so is the other one", hmi2, graph.KindOperatorStation, ConfidenceLow},
		{"a remote desktop and SSH server tells nothing of its kind", jump, "unknown", ConfidenceNone},
		{"a file server (SMB alone) tells nothing of its kind", fileServer, "unknown", ConfidenceNone},
		{"an address that never answered is an asset of kind unknown", absent, "unknown", ConfidenceNone},
		{"a link-local address is a host", "fe80::1", "unknown", ConfidenceNone},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := findAsset(m, tc.addr)
			if a == nil {
				t.Fatalf("no asset %s", tc.addr)
			}
			if a.Kind != tc.kind || a.Attrs[colConfidence] != tc.confidence {
				t.Errorf("%s is %s (%s: %s), want %s (%s)", tc.addr, a.Kind, a.Attrs[colConfidence], a.Attrs[colBasis], tc.kind, tc.confidence)
			}
			if a.Attrs[colBasis] == "" || a.Attrs[colDiscovered] != "seen in the logs" {
				t.Errorf("%s: basis %q, discovered %q", tc.addr, a.Attrs[colBasis], a.Attrs[colDiscovered])
			}
		})
	}
}

func TestAssetsAreTheUnicastAddresses(t *testing.T) {
	m, rep := propose(t, Options{Subnets: testSubnets(t)}, "conn.log")
	want := []string{admin, dc1, dc2, fileServer, dns2, scada, hmi1, hmi2, historian, jump, ews, ntp, lic,
		plcModbus, plcS7, plcENIP, ioAdapter, rtuDNP3, rtu104, opcServer, bacnetDevice, absent, vendor, stray, "fe80::1"}
	slices.Sort(want)
	if diff := cmp.Diff(want, assetIDs(m)); diff != "" {
		t.Errorf("assets (-want +got):\n%s", diff)
	}
	excluded := map[string][]string{}
	for _, e := range rep.Excluded {
		excluded[e.Reason] = e.Addrs
	}
	wantExcluded := map[string][]string{
		exBroadcast:   {"10.20.1.255", "255.255.255.255"},
		exMulticast:   {"224.0.0.251", "ff02::1:2"},
		exUnspecified: {"0.0.0.0"},
	}
	if diff := cmp.Diff(wantExcluded, excluded); diff != "" {
		t.Errorf("excluded addresses (-want +got):\n%s", diff)
	}

	// Without the subnets nothing says 10.20.1.255 is a broadcast address:
	// it is an asset, and a warning says what would leave it out.
	m, rep = propose(t, Options{}, "conn.log")
	if findAsset(m, "10.20.1.255") == nil {
		t.Error("without subnets, 10.20.1.255 is not an asset")
	}
	if findAsset(m, "255.255.255.255") != nil || findAsset(m, "224.0.0.251") != nil {
		t.Error("the limited broadcast or a multicast address is an asset")
	}
	if !slices.ContainsFunc(rep.Warnings, func(w string) bool { return strings.Contains(w, "10.20.1.255 is in no subnet") }) {
		t.Errorf("no warning about 10.20.1.255: %q", rep.Warnings)
	}
}

func TestDependenciesByServicePort(t *testing.T) {
	m, _ := propose(t, Options{Subnets: testSubnets(t)}, "conn.log")
	cases := []struct {
		name, consumer, service string
		providers               [][]string // one list a row
		ports                   string
	}{
		{"Kerberos, LDAP, LDAPS, the global catalog and SMB to a domain controller are one auth row over both controllers",
			hmi1, "auth", [][]string{{dc1, dc2}}, "tcp/88 kerberos, tcp/445 smb, tcp/636 ldaps, tcp/3268 gc, udp/389 ldap"},
		{"two DNS servers are alternatives", hmi1, "dns", [][]string{{dc1, dns2}}, "udp/53 dns"},
		{"NTP", hmi2, "ntp", [][]string{{ntp}}, "udp/123 ntp"},
		{"a host in no subnet needs DNS all the same", stray, "dns", [][]string{{dc1}}, "udp/53 dns"},
		{"remote desktop: the vendor needs the jump host", vendor, "remote-access", [][]string{{jump}}, "tcp/3389 rdp"},
		{"SSH, VNC and TeamViewer: one row a server", admin, "remote-access", [][]string{{hmi1}, {hmi2}, {jump}}, ""},
		{"SQL to the historian is data", scada, "data", [][]string{{historian}}, "tcp/1433 mssql"},
		{"PI is data", hmi1, "data", [][]string{{historian}}, "tcp/5450 pi"},
		{"PI AF is data", hmi2, "data", [][]string{{historian}}, "tcp/5457 pi-af"},
		{"FlexNet and Sentinel HASP of one server are one license row", ews, "license", [][]string{{lic}}, "tcp/1947 sentinel-hasp, tcp/27000 flexnet"},
		{"Sentinel RMS is a license", scada, "license", [][]string{{lic}}, "udp/5093 sentinel-rms"},
		{"CodeMeter is a license", hmi1, "license", [][]string{{lic}}, "tcp/22350 codemeter"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows := findDeps(m, tc.consumer, tc.service)
			var got [][]string
			for _, r := range rows {
				got = append(got, r.Providers)
				if r.Need != 1 || r.GraceMS != 0 {
					t.Errorf("need %d grace %d, want 1 and 0", r.Need, r.GraceMS)
				}
				for _, col := range []string{colBasis, colConfidence, colConnections, colBytes, colFirstSeen, colLastSeen, colPorts} {
					if r.Attrs[col] == "" {
						t.Errorf("row %s %s %v has no %s", r.Consumer, r.Service, r.Providers, col)
					}
				}
			}
			if diff := cmp.Diff(tc.providers, got); diff != "" {
				t.Errorf("providers (-want +got):\n%s", diff)
			}
			if tc.ports != "" && len(rows) == 1 && rows[0].Attrs[colPorts] != tc.ports {
				t.Errorf("ports %q, want %q", rows[0].Attrs[colPorts], tc.ports)
			}
		})
	}
	for _, d := range m.Dependencies {
		if slices.Contains(d.Providers, fileServer) {
			t.Errorf("SMB to a file server proposed a dependency: %+v", d)
		}
		if d.Consumer == hmi1 && d.Service == "remote-access" {
			t.Errorf("a refused connection (REJ) proposed a dependency: %+v", d)
		}
	}
}

func TestFeedsThroughThePoller(t *testing.T) {
	m, _ := propose(t, Options{Subnets: testSubnets(t)}, "conn.log")
	for _, tc := range []struct{ device, protocol string }{
		{plcModbus, "modbus"}, {plcS7, "s7comm"}, {plcENIP, "enip"}, {ioAdapter, "cip-io"},
		{rtuDNP3, "dnp3"}, {rtu104, "iec104"}, {opcServer, "opcua"}, {bacnetDevice, "bacnet"},
	} {
		t.Run(tc.protocol+" feeds from the device through the SCADA server to its operator stations", func(t *testing.T) {
			f := findFeed(m, "F-"+tc.device+"-"+tc.protocol+"-"+scada)
			if f == nil {
				t.Fatal("no feed")
			}
			got := []string{strings.Join(f.Source, "|"), hops(f), strings.Join(f.To, "|"), f.Kind}
			want := []string{tc.device, scada, hmi1 + "|" + hmi2, graph.FeedView}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("source, via, to, kind (-want +got):\n%s", diff)
			}
			if f.Attrs[colConnections] == "" || f.Attrs[colBasis] == "" || f.Attrs[colConfidence] != ConfidenceLow {
				t.Errorf("evidence %v", f.Attrs)
			}
		})
	}
	for _, f := range m.Feeds {
		if slices.Contains(f.Source, absent) || f.Kind == graph.FeedControl {
			t.Errorf("feed %s: no unanswered connection and no conn.log write makes a feed", f.ID)
		}
	}
	if n := len(m.Feeds); n != 8 {
		t.Errorf("%d feeds, want 8", n)
	}

	// The SCADA server shut down, every feed is lost; with no action none.
	if got := lost(t, m); len(got) != 0 {
		t.Errorf("lost with no action: %v", got)
	}
	got := lost(t, m, graph.Action{Verb: graph.Shutdown, Target: "asset:" + scada})
	for _, f := range m.Feeds {
		if !got[f.ID] {
			t.Errorf("%s not lost when the SCADA server is shut down", f.ID)
		}
	}
}

func TestFeedToThePollerWithoutClients(t *testing.T) {
	const log = "#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state\n" +
		"1714521600.0\t10.0.0.5\t40000\t10.0.0.9\t502\ttcp\tSF\n"
	d := New(Options{})
	d.Read("conn.log", strings.NewReader(log))
	m, _, err := d.Propose()
	if err != nil {
		t.Fatal(err)
	}
	f := findFeed(m, "F-10.0.0.9-modbus-10.0.0.5")
	if f == nil || len(f.Via) != 0 || !slices.Equal(f.To, []string{"10.0.0.5"}) || f.Attrs[colConfidence] != ConfidenceMedium {
		t.Fatalf("feed %+v, want from 10.0.0.9 to 10.0.0.5 with no hop", f)
	}
}

func TestControlFromProtocolLogs(t *testing.T) {
	m, _ := propose(t, Options{Subnets: testSubnets(t)}, "conn.log", "modbus.log", "dnp3.log", "s7comm.log")
	cases := []struct {
		name, device, protocol string
		control                bool
		writes                 string
	}{
		{"Modbus writes (5, 16, an exception too) make a control feed", plcModbus, "modbus", true, "2"},
		{"a Modbus device only read has none", "10.30.1.21", "modbus", false, "0"},
		{"DNP3 select and operate make a control feed; its WRITE does not", rtuDNP3, "dnp3", true, "2"},
		{"a DNP3 outstation only read has none", "10.30.1.25", "dnp3", false, "0"},
		{"S7 write variable makes a control feed", plcS7, "s7comm", true, "1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			view := findFeed(m, "F-"+tc.device+"-"+tc.protocol+"-"+scada)
			if view == nil {
				t.Fatal("no view feed")
			}
			if view.Attrs[colWrites] != tc.writes {
				t.Errorf("writes %q, want %s (%s)", view.Attrs[colWrites], tc.writes, view.Attrs[colFunctions])
			}
			c := findFeed(m, "C-"+tc.device+"-"+tc.protocol+"-"+scada)
			if (c != nil) != tc.control {
				t.Fatalf("control feed %v, want %v", c != nil, tc.control)
			}
			if c == nil {
				return
			}
			got := []string{strings.Join(c.Source, "|"), hops(c), strings.Join(c.To, "|"), c.Kind, c.Attrs[colConfidence]}
			want := []string{hmi1 + "|" + hmi2, scada, tc.device, graph.FeedControl, ConfidenceHigh}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("source, via, to, kind, confidence (-want +got):\n%s", diff)
			}
		})
	}
	if f := findFeed(m, "F-10.30.1.21-modbus-"+scada); f.Attrs[colConnections] != "0" || f.Attrs[colRequests] != "2" {
		t.Errorf("a feed only modbus.log shows: %v", f.Attrs)
	}
	if fn := findFeed(m, "F-"+plcModbus+"-modbus-"+scada).Attrs[colFunctions]; fn != "READ_HOLDING_REGISTERS 2, READ_COILS 1, WRITE_MULTIPLE_REGISTERS_EXCEPTION 1, WRITE_SINGLE_COIL 1" {
		t.Errorf("functions %q", fn)
	}
}

func TestIdentityLogs(t *testing.T) {
	m, _ := propose(t, Options{Subnets: testSubnets(t)}, "conn.log", "cip_identity.log", "s7comm_known_devices.log")
	enip := findAsset(m, plcENIP)
	want := map[string]string{"vendor": "Rockwell Automation/Allen-Bradley", "product": "1756-L83E/B", "firmware": "33.11",
		"serial": "0x00c0ffee", "device_class": "Programmable Logic Controller", colConfidence: ConfidenceHigh}
	for k, v := range want {
		if enip.Attrs[k] != v {
			t.Errorf("cip_identity: %s = %q, want %q", k, enip.Attrs[k], v)
		}
	}
	s7 := findAsset(m, plcS7)
	if s7.Attrs["product"] != "CPU 315-2 PN/DP" || s7.Attrs["system_name"] != "Line 3 packaging" || s7.Attrs["serial"] != "S C-C2UR28922012" ||
		s7.Kind != graph.KindPLC || s7.Attrs[colConfidence] != ConfidenceHigh {
		t.Errorf("s7comm_known_devices: %s %v", s7.Kind, s7.Attrs)
	}
}

func TestConduitsFromCrossZoneTraffic(t *testing.T) {
	m, _ := propose(t, Options{Subnets: testSubnets(t)}, "conn.log")
	cases := []struct{ from, to string }{
		{"OPS", "CTRL"},   // the SCADA server polls the field devices
		{"OPS", "IT"},     // auth and DNS; the admin's SSH and VNC the other way
		{"VENDOR", "OPS"}, // remote desktop to the jump host
		{"UNZONED", "IT"}, // the host in no subnet asks for names
	}
	for _, tc := range cases {
		c := findConduit(m, tc.from, tc.to)
		if c == nil {
			t.Errorf("no conduit %s-%s", tc.from, tc.to)
			continue
		}
		if c.From != tc.from || c.OneWay || c.ID != tc.from+"-"+tc.to || c.Attrs[colConfidence] != ConfidenceHigh || c.Attrs[colConnections] == "" {
			t.Errorf("conduit %+v", c)
		}
	}
	if len(m.Conduits) != len(cases) {
		t.Errorf("%d conduits, want %d: %+v", len(m.Conduits), len(cases), m.Conduits)
	}
	levels := map[string]float64{}
	for _, z := range m.Zones {
		levels[z.ID] = z.Level
	}
	if diff := cmp.Diff(map[string]float64{"IT": 4, "OPS": 3, "CTRL": 2, "VENDOR": 5, UnzonedZone: graph.NoLevel}, levels); diff != "" {
		t.Errorf("zone levels (-want +got):\n%s", diff)
	}
}

func TestOneWayConduitFromDatagrams(t *testing.T) {
	const log = "#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state\torig_bytes\tresp_bytes\n" +
		"1714521600.0\t10.20.1.30\t40000\t10.10.1.77\t514\tudp\tS0\t300\t-\n" +
		"1714521601.0\t10.20.1.30\t40000\t10.10.1.78\t6000\ttcp\tS0\t0\t0\n"
	d := New(Options{Subnets: testSubnets(t)})
	d.Read("conn.log", strings.NewReader(log))
	m, rep, err := d.Propose()
	if err != nil {
		t.Fatal(err)
	}
	c := findConduit(m, "OPS", "IT")
	if c == nil || !c.OneWay || c.From != "OPS" {
		t.Fatalf("conduit %+v, want one-way OPS-IT", c)
	}
	if rep.Unanswered != 1 || len(m.Conduits) != 1 {
		t.Errorf("unanswered %d, conduits %d: a TCP attempt nobody answered proves no path", rep.Unanswered, len(m.Conduits))
	}
}

func TestInventoryMerge(t *testing.T) {
	inv, err := importers.Load(filepath.Join("testdata", "inventory.csv"), importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, rep := propose(t, Options{Subnets: testSubnets(t), Inventory: inv}, "conn.log", "modbus.log")
	cases := []struct {
		name, id, kind, discovered string
	}{
		{"an inventory asset seen keeps its kind", "SCADA-01", graph.KindSCADAServer, "in the inventory, seen"},
		{"an inventory asset without a kind takes the one its ports tell", "PLC-MB-01", graph.KindPLC, "in the inventory, seen; kind from the logs"},
		{"an inventory kind alias stands", "HMI-01", graph.KindOperatorStation, "in the inventory, seen"},
		{"an inventory asset not seen is flagged", "SPARE-01", graph.KindPLC, "in the inventory, not seen in the logs"},
		{"an address not in the inventory is a new asset", hmi2, graph.KindOperatorStation, "new: not in the inventory"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := findAsset(m, tc.id)
			if a == nil {
				t.Fatal("no asset")
			}
			if a.Kind != tc.kind || a.Attrs[colDiscovered] != tc.discovered {
				t.Errorf("%s: kind %s, discovered %q; want %s, %q", tc.id, a.Kind, a.Attrs[colDiscovered], tc.kind, tc.discovered)
			}
		})
	}
	if a := findAsset(m, scada); a != nil {
		t.Errorf("%s is an asset of its own besides SCADA-01", scada)
	}
	if a := findAsset(m, "SCADA-01"); a.Attrs[colConnections] == "" || a.Owner != "OT" || !slices.Equal(a.Zones, []string{"OPS"}) {
		t.Errorf("SCADA-01: %+v", a)
	}
	if f := findFeed(m, "C-PLC-MB-01-modbus-SCADA-01"); f == nil || !slices.Equal(f.Source, []string{hmi2, "HMI-01"}) {
		t.Errorf("control feed by inventory ids: %+v", f)
	}
	if d := findDeps(m, "HMI-01", "auth"); len(d) != 1 || !slices.Equal(d[0].Providers, []string{dc2, "DC-01"}) {
		t.Errorf("auth by inventory ids: %+v", d)
	}
	if rep.Unseen != 1 || rep.Seen != 26 || rep.New != 22 {
		t.Errorf("seen %d, new %d, unseen %d", rep.Seen, rep.New, rep.Unseen)
	}

	// A second run on the model it wrote proposes nothing again.
	again, rep := propose(t, Options{Subnets: testSubnets(t), Inventory: m}, "conn.log", "modbus.log")
	if rep.Dependencies+rep.ViewFeeds+rep.ControlFeeds+rep.Conduits != 0 || len(again.Feeds) != len(m.Feeds) {
		t.Errorf("second run proposed %d dependencies, %d+%d feeds, %d conduits again", rep.Dependencies, rep.ViewFeeds, rep.ControlFeeds, rep.Conduits)
	}
}

func TestSince(t *testing.T) {
	all, _ := propose(t, Options{Subnets: testSubnets(t)}, "conn.log")
	// Line 30 is the first of the field devices.
	since := lineTimeOf(t, 30)
	m, rep := propose(t, Options{Subnets: testSubnets(t), Since: since}, "conn.log")
	if f := rep.Files[0]; f.Early != 29 || f.Records != 56-29 {
		t.Errorf("early %d, used %d", f.Early, f.Records)
	}
	if len(findDeps(m, hmi1, "auth")) != 0 || len(findDeps(all, hmi1, "auth")) != 1 {
		t.Error("a dependency seen only before --since is proposed")
	}
	if findFeed(m, "F-"+plcModbus+"-modbus-"+scada) == nil {
		t.Error("a feed seen after --since is not proposed")
	}
	if findAsset(m, dc2) != nil {
		t.Error("an address seen only before --since is an asset")
	}
}

func TestMinConnections(t *testing.T) {
	m, rep := propose(t, Options{Subnets: testSubnets(t), MinConnections: 2}, "conn.log")
	if findFeed(m, "F-"+plcModbus+"-modbus-"+scada) == nil {
		t.Error("the Modbus PLC polled twice has no feed")
	}
	if findFeed(m, "F-"+plcENIP+"-enip-"+scada) != nil {
		t.Error("the EtherNet/IP PLC polled once has a feed under --min-connections 2")
	}
	if rep.Sparse == 0 || findAsset(m, plcENIP) == nil {
		t.Errorf("sparse %d; the address seen is an asset all the same", rep.Sparse)
	}
}

func TestFlowCSV(t *testing.T) {
	m, rep := propose(t, Options{Subnets: testSubnets(t)}, "flows.csv", "flows-noheader.csv")
	f := findFeed(m, "F-"+plcModbus+"-modbus-"+scada)
	if f == nil || f.Attrs[colConnections] != "120" || f.Attrs[colBytes] != "500000" || f.Attrs[colFirstSeen] != "2024-05-01T00:00:00Z" ||
		!slices.Equal(f.To, []string{hmi1}) {
		t.Errorf("feed from a flow CSV: %+v", f)
	}
	if findFeed(m, "F-"+plcS7+"-s7comm-"+scada) == nil {
		t.Error("a flow CSV without a header: no feed")
	}
	if d := findDeps(m, hmi1, "dns"); len(d) != 1 || d[0].Attrs[colConnections] != "400" {
		t.Errorf("dns from a flow CSV: %+v", d)
	}
	if d := findDeps(m, hmi2, "ntp"); len(d) != 1 {
		t.Errorf("ntp from a flow CSV without a header: %+v", d)
	}
	if rep.Files[0].Kind != "flows" || rep.Files[0].Records != 3 || rep.Files[1].Records != 2 {
		t.Errorf("files %+v %+v", rep.Files[0], rep.Files[1])
	}
}

// TestTheModelLoadsIntoSimulate writes the model of every test log, merged
// with the inventory, as a workbook and as CSV files: each loads as it was
// proposed, evidence and all, and simulates.
func TestTheModelLoadsIntoSimulate(t *testing.T) {
	inv, err := importers.Load(filepath.Join("testdata", "inventory.csv"), importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := propose(t, Options{Subnets: testSubnets(t), Inventory: inv},
		"conn.log", "modbus.log", "dnp3.log", "s7comm.log", "cip_identity.log", "s7comm_known_devices.log", "flows.csv")
	dir := t.TempDir()
	for _, out := range []string{filepath.Join(dir, "site.xlsx"), filepath.Join(dir, "site")} {
		var err error
		if filepath.Ext(out) == ".xlsx" {
			err = importers.WriteXLSX(m, out)
		} else {
			err = importers.WriteCSVDir(m, out)
		}
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := importers.Load(out, importers.Options{})
		if err != nil {
			t.Fatalf("%s does not load: %v", out, err)
		}
		for i, a := range m.Assets {
			b := loaded.Assets[i]
			if a.ID != b.ID || a.Kind != b.Kind || !slices.Equal(a.Zones, b.Zones) || !maps.Equal(nonEmpty(a.Attrs), b.Attrs) {
				t.Errorf("%s: asset %s read back as %s %s %v", out, a.ID, b.ID, b.Kind, b.Attrs)
			}
		}
		if len(loaded.Feeds) != len(m.Feeds) || len(loaded.Dependencies) != len(m.Dependencies) || len(loaded.Conduits) != len(m.Conduits) {
			t.Errorf("%s: %d feeds, %d dependencies, %d conduits read back; proposed %d, %d, %d", out,
				len(loaded.Feeds), len(loaded.Dependencies), len(loaded.Conduits), len(m.Feeds), len(m.Dependencies), len(m.Conduits))
		}
		if got := lost(t, loaded); len(got) != 0 {
			t.Errorf("%s: lost with no action: %v", out, got)
		}
		gone := lost(t, loaded, graph.Action{Verb: graph.Shutdown, Target: "asset:SCADA-01"})
		for _, f := range loaded.Feeds {
			if !gone[f.ID] {
				t.Errorf("%s: %s not lost when SCADA-01 is shut down", out, f.ID)
			}
		}
	}
}

// nonEmpty is attrs without blank values, as a sheet reads them back.
func nonEmpty(attrs map[string]string) map[string]string {
	out := maps.Clone(attrs)
	maps.DeleteFunc(out, func(_, v string) bool { return v == "" })
	return out
}
