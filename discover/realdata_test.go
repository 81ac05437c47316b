package discover

import (
	"bufio"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
)

// realData holds public Zeek logs of industrial networks, read where they
// are; the tests skip when it is absent.
const realData = "/work/shared/realdata/zeek"

func realLogs(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(realData, dir)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no real logs at %s", path)
	}
	return path
}

// scadaSubnets are one /24 a zone for scada-site-mb.
func scadaSubnets(t *testing.T) *importers.Subnets {
	t.Helper()
	sn, err := importers.NewSubnets([]importers.Subnet{
		{Prefix: netip.MustParsePrefix("141.81.0.0/24"), Zone: "PLANT", Level: 2},
		{Prefix: netip.MustParsePrefix("142.81.0.0/24"), Zone: "OFFICE", Level: 4},
		{Prefix: netip.MustParsePrefix("192.168.113.0/24"), Zone: "REMOTE", Level: 5},
	})
	if err != nil {
		t.Fatal(err)
	}
	return sn
}

// connLines reads a conn.log the plain way, to hold discover to it: each
// line's originator, responder and their ports.
func connLines(t *testing.T, path string) [][4]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var col map[string]int
	var out [][4]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "\t")
		if cells[0] == "#fields" {
			col = map[string]int{}
			for i, name := range cells[1:] {
				col[name] = i
			}
			continue
		}
		if strings.HasPrefix(cells[0], "#") {
			continue
		}
		out = append(out, [4]string{cells[col["id.orig_h"]], cells[col["id.orig_p"]], cells[col["id.resp_h"]], cells[col["id.resp_p"]]})
	}
	return out
}

// TestRealSCADASite holds discover to the scada-site-mb capture: its assets
// are exactly the unicast addresses of conn.log, and the SCADA server at
// 141.81.0.10 is the hop of a feed from every Modbus, S7 and EtherNet/IP
// device it polls, all lost when it is shut down.
func TestRealSCADASite(t *testing.T) {
	dir := realLogs(t, "scada-site-mb")
	conn := filepath.Join(dir, "conn.log")
	subnets := scadaSubnets(t)
	m, rep := propose(t, Options{Subnets: subnets}, conn)

	var want []string
	polled := map[string]string{} // device → protocol
	protocols := map[string]string{"502": "modbus", "102": "s7comm", "44818": "enip"}
	for _, l := range connLines(t, conn) {
		for _, h := range []string{l[0], l[2]} {
			a := netip.MustParseAddr(h)
			broadcast := false
			if sn, ok := subnets.Lookup(a); ok && a.Is4() {
				broadcast = a == lastAddr(sn.Prefix)
			}
			if !a.IsMulticast() && !a.IsUnspecified() && !broadcast && !slices.Contains(want, h) {
				want = append(want, h)
			}
		}
		switch {
		case l[0] == "141.81.0.10" && protocols[l[3]] != "":
			polled[l[2]] = protocols[l[3]]
		case l[2] == "141.81.0.10" && protocols[l[1]] != "":
			polled[l[0]] = protocols[l[1]] // seen midway: the device spoke first
		}
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, assetIDs(m)); diff != "" {
		t.Errorf("assets are not the unicast addresses of conn.log (-want +got):\n%s", diff)
	}
	if len(polled) != 29 || len(want) != 51 {
		t.Errorf("conn.log has %d unicast addresses and %d devices polled by 141.81.0.10; want 51 and 29", len(want), len(polled))
	}
	if f := rep.Files[0]; f.Malformed != 0 || f.Records != 160 {
		t.Errorf("conn.log: %+v", f)
	}
	if a := findAsset(m, "141.81.0.10"); a.Kind != graph.KindSCADAServer {
		t.Errorf("141.81.0.10 is %s: %s", a.Kind, a.Attrs[colBasis])
	}

	// The model as written loads, and simulates.
	path := filepath.Join(t.TempDir(), "site.xlsx")
	if err := importers.WriteXLSX(m, path); err != nil {
		t.Fatal(err)
	}
	loaded, err := importers.Load(path, importers.Options{})
	if err != nil {
		t.Fatalf("the model does not load: %v", err)
	}
	if got := lost(t, loaded); len(got) != 0 {
		t.Errorf("feeds lost with no action: %v", got)
	}
	gone := lost(t, loaded, graph.Action{Verb: graph.Shutdown, Target: "asset:141.81.0.10"})
	for device, protocol := range polled {
		id := "F-" + device + "-" + protocol + "-141.81.0.10"
		f := findFeed(loaded, id)
		if f == nil {
			t.Errorf("no feed %s", id)
			continue
		}
		if !slices.Equal(f.Source, []string{device}) || hops(f) != "141.81.0.10" {
			t.Errorf("%s: source %v via %q", id, f.Source, hops(f))
		}
		if !gone[id] {
			t.Errorf("%s is not lost when 141.81.0.10 is shut down", id)
		}
		if a := findAsset(loaded, device); a.Kind != graph.KindPLC {
			t.Errorf("%s polled over %s is %s", device, protocol, a.Kind)
		}
	}
	if len(gone) != len(polled) {
		t.Errorf("%d feeds lost, want the %d of the polled devices", len(gone), len(polled))
	}
}

// TestRealSCADASiteModbusWrites adds modbus.log: every Modbus device the
// SCADA server writes coils or registers of gets a control feed.
func TestRealSCADASiteModbusWrites(t *testing.T) {
	dir := realLogs(t, "scada-site-mb")
	m, _ := propose(t, Options{Subnets: scadaSubnets(t)}, filepath.Join(dir, "conn.log"), filepath.Join(dir, "modbus.log"), filepath.Join(dir, "dns.log"))
	var control []string
	for _, f := range m.Feeds {
		if f.Kind == graph.FeedControl {
			control = append(control, f.To[0])
			if hops(&f) != "141.81.0.10" || f.Attrs[colWrites] == "0" {
				t.Errorf("%s: via %q, writes %s", f.ID, hops(&f), f.Attrs[colWrites])
			}
		}
	}
	slices.Sort(control)
	want := []string{"141.81.0.104", "141.81.0.143", "141.81.0.144", "141.81.0.163", "141.81.0.164", "141.81.0.24",
		"141.81.0.26", "141.81.0.44", "141.81.0.46", "141.81.0.64", "141.81.0.66", "141.81.0.84", "141.81.0.86"}
	if diff := cmp.Diff(want, control); diff != "" {
		t.Errorf("control feeds (-want +got):\n%s", diff)
	}
	if got := lost(t, m, graph.Action{Verb: graph.Shutdown, Target: "asset:141.81.0.10"}); len(got) != 29+13 {
		t.Errorf("%d feeds lost, want 42", len(got))
	}
}

// TestRealLogs reads every folder of real logs whole: each gives a model
// that resolves and loses nothing with no action.
func TestRealLogs(t *testing.T) {
	realLogs(t, "")
	dirs, err := os.ReadDir(realData)
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]func(t *testing.T, m *graph.Model){
		"enip-basic": func(t *testing.T, m *graph.Model) {
			// cip_identity.log comes without its header and with masked times.
			a := findAsset(m, "10.1.1.164")
			if a.Attrs["vendor"] != "Rockwell Automation/Allen-Bradley" || a.Attrs["product"] != "1756-ENBT/A" || a.Kind != graph.KindPLC {
				t.Errorf("10.1.1.164: %s %v", a.Kind, a.Attrs)
			}
			if findFeed(m, "F-192.168.1.22-cip-io-192.168.1.24") == nil {
				t.Error("no feed of the implicit I/O on udp/2222")
			}
		},
		"dnp3-malformed": func(t *testing.T, m *graph.Model) {
			// The master's OPERATE requests are logged, the outstation never
			// answers: commands, but no view.
			f := findFeed(m, "C-192.168.0.2-dnp3-192.168.0.1")
			if f == nil || f.Attrs[colConfidence] != ConfidenceMedium || findFeed(m, "F-192.168.0.2-dnp3-192.168.0.1") != nil {
				t.Errorf("feeds %+v", m.Feeds)
			}
			if a := findAsset(m, "192.168.0.2"); a.Kind != graph.KindRTU {
				t.Errorf("the DNP3 outstation is %s", a.Kind)
			}
		},
		"4sics-geeklounge-151020": func(t *testing.T, m *graph.Model) {
			if findFeed(m, "F-10.10.10.10-s7comm-10.10.10.30") == nil {
				t.Error("no S7 feed from 10.10.10.10")
			}
		},
		"tridium-jace2": func(t *testing.T, m *graph.Model) {
			if len(m.Feeds) == 0 {
				t.Error("no BACnet feed")
			}
		},
	}
	for _, dir := range dirs {
		if !dir.IsDir() {
			continue
		}
		t.Run(dir.Name(), func(t *testing.T) {
			files, err := os.ReadDir(filepath.Join(realData, dir.Name()))
			if err != nil {
				t.Fatal(err)
			}
			var logs []string
			for _, f := range files {
				logs = append(logs, filepath.Join(realData, dir.Name(), f.Name()))
			}
			m, rep := propose(t, Options{}, logs...)
			for _, f := range rep.Files {
				if f.Malformed > 0 || f.Err != nil {
					t.Errorf("%s: %d malformed lines %v, error %v", f.Name, f.Malformed, f.Problems, f.Err)
				}
			}
			if got := lost(t, m); len(got) != 0 {
				t.Errorf("feeds lost with no action: %v", got)
			}
			if check := checks[dir.Name()]; check != nil {
				check(t, m)
			}
			t.Logf("%d assets, %d dependencies, %d feeds, %d conduits from %s", len(m.Assets), len(m.Dependencies), len(m.Feeds), len(m.Conduits), strconv.Quote(dir.Name()))
		})
	}
}
