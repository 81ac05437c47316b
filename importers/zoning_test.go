package importers

import (
	"slices"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
)

// subnetSite is a plant's own model whose asset register gives IP addresses
// but not every zone.
var subnetSite = site{
	"assets.csv": `id,kind,zone,ip
PLC-01,PLC,,10.1.2.3
PLC-02,PLC,,10.1.2.4/24
HMI-01,HMI,,10.1.9.9
HIST-01,historian,L3,10.3.0.5
EWS-06,EWS,,2001:db8:1::6
MH-01,server,,"10.1.9.10, 10.3.0.10"
LAPTOP-7,workstation,,172.16.0.7
ODD-01,other,,n/a
NOIP-01,other,,
`,
	"zones.csv": "id,level\nL3,3\nCell-A,\n",
	"Subnets.csv": `cidr,zone,level
10.1.0.0/16,Cell-A,2
10.1.2.0/24,Cell-A-Safety,1
10.3.0.0/16,L3,3.5
2001:db8:1::/48,Cell-A-v6,2
`,
}

func TestSubnetsPlaceAssetsWithoutZone(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			m := mustLoad(t, f.read, subnetSite)
			zones := map[string][]string{}
			for _, a := range m.Assets {
				zones[a.ID] = a.Zones
			}
			want := map[string][]string{
				"PLC-01":   {"Cell-A-Safety"}, // the most specific prefix
				"PLC-02":   {"Cell-A-Safety"}, // the prefix length of the address is no matter
				"HMI-01":   {"Cell-A"},
				"HIST-01":  {"L3"}, // a zone given stays
				"EWS-06":   {"Cell-A-v6"},
				"MH-01":    {"Cell-A", "L3"}, // each address its subnet: multi-homed
				"LAPTOP-7": nil,
				"ODD-01":   nil,
				"NOIP-01":  nil,
			}
			for id, w := range want {
				if got := zones[id]; !slices.Equal(got, w) {
					t.Errorf("%s in zones %q, want %q", id, got, w)
				}
			}
			levels := map[string]float64{}
			for _, z := range m.Zones {
				levels[z.ID] = z.Level
			}
			wantLevels := map[string]float64{
				"L3":            3, // the Zones sheet's level stands
				"Cell-A":        2, // left blank in the Zones sheet: the subnet's
				"Cell-A-Safety": 1, // not in the Zones sheet: created with the subnet's level
				"Cell-A-v6":     2,
			}
			for id, w := range wantLevels {
				if got, ok := levels[id]; !ok || got != w {
					t.Errorf("zone %s level %v (%v), want %v", id, got, ok, w)
				}
			}
			wantProblems(t, "warnings", m.Warnings, []string{
				`Subnets: 2 assets have an IP address in no subnet, so without a zone: LAPTOP-7 (172.16.0.7), ODD-01 ("n/a" is no IP address)`,
				`Subnets row 3, column "zone": zone "Cell-A-Safety" is not in the Zones sheet; created with level 1 from the Subnets sheet`,
				`Subnets row 4, column "level": zone "L3" is level 3 in the Zones sheet and level 3.5 here; it stays 3`,
				`Subnets row 5, column "zone": zone "Cell-A-v6" is not in the Zones sheet; created with level 2 from the Subnets sheet`,
				`zones row 3, column "level": zone "Cell-A" has no level in the Zones sheet: it takes level 2 from the Subnets sheet`,
			})
			if want := ": 5 assets placed in a zone by IP address, 2 in no subnet left without a zone"; len(m.ImportNotes) != 1 ||
				!strings.HasPrefix(m.ImportNotes[0], "Subnets from ") || !strings.HasSuffix(m.ImportNotes[0], want) {
				t.Errorf("notes %q, want Subnets from …%s", m.ImportNotes, want)
			}
			if !slices.ContainsFunc(m.Sheets, func(s graph.SheetStat) bool { return s.Sheet == "Subnets" && s.Used == 4 }) {
				t.Errorf("rows used %+v: want Subnets 4", m.Sheets)
			}
		})
	}
}

func TestSubnetSheetProblemsAreModelErrors(t *testing.T) {
	s := site{
		"assets.csv":  "id,ip\nPLC-01,10.1.2.3\nPLC-02,10.2.0.1\n",
		"subnets.csv": "network,zone\n10.1.0.0/16,Cell-A\n10.2.0.0/33,Cell-B\n10.1.0.0/16,Cell-C\n",
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			_, err := f.read(t, s, Options{})
			wantProblems(t, "errors", problems(t, err), []string{
				`subnets row 3, column "network": "10.2.0.0/33" is not a subnet`,
				`subnets row 4, column "network": subnet 10.1.0.0/16 is zone "Cell-C" here and zone "Cell-A" at row 2`,
			})
			m, err := f.read(t, s, Options{SkipInvalid: true})
			if err != nil {
				t.Fatalf("with SkipInvalid: %v", err)
			}
			if m.Skipped != 2 {
				t.Errorf("skipped %d rows, want 2", m.Skipped)
			}
			if a := assetByID(m, "PLC-01"); a == nil || !slices.Equal(a.Zones, []string{"Cell-A"}) {
				t.Errorf("PLC-01 = %+v, want it in Cell-A", a)
			}
		})
	}
}

func TestSecondSubnetSheetIsIgnored(t *testing.T) {
	s := site{
		"assets.csv":    "id,ip\nPLC-01,10.1.2.3\n",
		"Networks.csv":  "cidr,zone\n10.1.0.0/16,From-Networks\n",
		"Subnets.csv":   "cidr,zone\n10.1.0.0/16,Cell-A\n",
		"IP Ranges.csv": "cidr,zone\n10.1.0.0/16,From-IP-Ranges\n",
	}
	for _, f := range formats {
		m := mustLoad(t, f.read, s)
		if a := assetByID(m, "PLC-01"); a == nil || !slices.Equal(a.Zones, []string{"Cell-A"}) {
			t.Errorf("%s: PLC-01 = %+v, want it in Cell-A", f.name, a)
		}
		ignored := 0
		for _, w := range m.Warnings {
			if strings.Contains(w.Msg, `"Subnets" is the Subnets sheet; this one is ignored`) {
				ignored++
			}
		}
		if ignored != 2 {
			t.Errorf("%s: warnings %v, want the two other sheets ignored", f.name, m.Warnings)
		}
	}
}

// A vendor export gives some assets no zone; a Subnets sheet beside it in
// the workbook places them, and the subnet's level wins over the assets'.
func TestVendorExportWithSubnets(t *testing.T) {
	s := site{
		"Assets.csv": `name,ip,mac_address,type,level,zones,vendor,product_name,firmware_version
plc-1,10.50.1.10,00:80:f4:01:01:10,controller,1,,Schneider Electric,Modicon M580,3.20
plc-2,10.50.1.11,00:80:f4:01:01:11,controller,1,,Schneider Electric,Modicon M580,3.20
hmi-1,10.50.2.20,00:0c:29:01:02:20,HMI,2,,AVEVA,InTouch,2020 R2
sw-1,10.60.0.1,00:1d:9c:ff:00:01,switch,2,Backbone,Cisco,IE-4000,15.2
`,
		"Subnets.csv": "cidr,zone,level\n10.50.1.0/24,Boiler Control,\n10.50.2.0/24,Supervisory,2\n",
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			m := mustLoad(t, f.read, s)
			levels := map[string]float64{}
			for _, z := range m.Zones {
				levels[z.ID] = z.Level
			}
			want := map[string]float64{"Boiler Control": 1, "Supervisory": 2, "Backbone": 2}
			for id, w := range want {
				if levels[id] != w {
					t.Errorf("zone %s level %v, want %v (all: %v)", id, levels[id], w, levels)
				}
			}
			if a := assetByID(m, "plc-2"); a == nil || !slices.Equal(a.Zones, []string{"Boiler Control"}) || a.Kind != graph.KindController {
				t.Errorf("plc-2 = %+v", a)
			}
			if len(m.ImportNotes) < 2 || !strings.Contains(m.ImportNotes[0], "Nozomi Guardian") ||
				!strings.HasSuffix(m.ImportNotes[len(m.ImportNotes)-1], ": 3 assets placed in a zone by IP address") {
				t.Errorf("notes:\n%s", strings.Join(m.ImportNotes, "\n"))
			}
		})
	}
}
