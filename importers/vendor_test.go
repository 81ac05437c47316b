package importers

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/otimpact/otimpact/graph"
)

// wantAsset is what an asset read from a vendor export must be; attrs is a
// subset of its attributes.
type wantAsset struct {
	id, kind string
	zones    []string
	ip       string
	owner    string
	safety   bool
	tags     []string
	attrs    map[string]string
	row      int // 0: not checked
}

// vendorCase is one vendor export in testdata/vendor and what reading it
// must give.
type vendorCase struct {
	name, file string
	format     string
	assets     []wantAsset
	zones      map[string]float64 // zone → level (graph.NoLevel: none)
	notes      []string           // lines the import summary holds
	warnings   []string           // substrings of warnings that must be there
}

var vendorCases = []vendorCase{
	{
		name: "NetBox device export with role, location, primary_ip4 and cf_* fields",
		file: "netbox_devices.csv", format: "NetBox device export",
		assets: []wantAsset{
			{id: "PLC-01", kind: graph.KindPLC, zones: []string{"Packaging Cell"}, ip: "10.10.1.10", owner: "OT Operations",
				tags: []string{"ot", "critical"}, row: 2, attrs: map[string]string{
					"id": "101", "site": "Plant North", "device_type": "SIMATIC S7-1500", "manufacturer": "Siemens",
					"cf_purdue_level": "1", "cf_criticality": "high", "description": "Line 1 controller", "serial": "S C-X4U12345"}},
			{id: "SIS-01", kind: graph.KindSIS, safety: true, zones: []string{"Packaging Cell"}, ip: "10.10.1.20", owner: "OT Operations",
				tags: []string{"ot", "safety"}, attrs: map[string]string{"role": "Safety automation system"}},
			{id: "HMI-01", kind: graph.KindOperatorStation, zones: []string{"Control Room"}, ip: "10.10.2.11", owner: "OT Operations",
				tags: []string{"ot"}, attrs: map[string]string{"platform": "Windows 10"}},
			{id: "HMI-02", kind: graph.KindOperatorStation, zones: []string{"Control Room"}, ip: "10.10.2.12", owner: "OT Operations",
				tags: []string{"ot"}, attrs: map[string]string{"role": "SCADA client"}},
			{id: "EWS-01", kind: graph.KindEngineeringStation, zones: []string{"Control Room"}, ip: "10.10.2.20", owner: "OT Operations", tags: []string{"ot"}},
			// No location: the site is the zone.
			{id: "HIST-01", kind: graph.KindHistorian, zones: []string{"Plant North"}, ip: "10.10.3.5", owner: "OT Operations"},
			{id: "DC-01", kind: graph.KindDomainController, zones: []string{"Server Room"}, ip: "10.10.3.10", owner: "IT", tags: []string{"it"}},
			// No name: the IP address is the id; an unknown role is kept.
			{id: "10.10.1.50", kind: "Badge reader", zones: []string{"Packaging Cell"}, ip: "10.10.1.50", owner: "OT Operations", row: 9,
				attrs: map[string]string{"description": "Door 4"}},
			{id: "BR-02", kind: "Badge reader", zones: []string{"Packaging Cell"}, ip: "10.10.1.51", owner: "OT Operations"},
			{id: "SW-CELL", kind: graph.KindSwitch, zones: []string{"Packaging Cell"}, ip: "10.10.1.2", owner: "OT Operations", tags: []string{"ot"}},
			{id: "FW-01", kind: graph.KindFirewall, zones: []string{"Server Room"}, ip: "10.10.0.1", owner: "IT", tags: []string{"it", "boundary"}},
		},
		zones: map[string]float64{"Packaging Cell": 1, "Control Room": 2, "Server Room": 3, "Plant North": 3},
		notes: []string{
			"as a NetBox device export: name → id, role → kind, location (else site) → zone, primary_ip4 (else primary_ip6) → ip, cf_purdue_level → zone level",
			`  role "Safety automation system" → sis (1 asset)`,
			`  role "SCADA client" → operator-station (1 asset)`,
			`  role "Badge reader" unknown (2 assets), kept as written`,
			"  1 asset without a name took the IP (or MAC) address as id",
		},
		warnings: []string{
			`row 9, column "role": unknown kind "Badge reader" is kept as written`,
			`row 9, column "name": 1 asset has no name: the IP address (else the MAC address) is the id (row 9)`,
			`zone "Packaging Cell": its assets' "cf_purdue_level" are 1 (4 assets), 2 (1 asset); the zone takes 1, the lowest`,
			`zone "Control Room" is not in the Zones sheet; created with level 2 from its assets' "cf_purdue_level"`,
		},
	},
	{
		name: "older NetBox export with device_role and primary_ip, saved by Excel: BOM, CRLF, blank rows, an added column, a cell spanning lines",
		file: "netbox_legacy.csv", format: "NetBox device export",
		assets: []wantAsset{
			{id: "RTU-07", kind: graph.KindRTU, zones: []string{"Substation 7"}, ip: "10.40.7.5", owner: "Grid Ops", tags: []string{"scada"}, row: 2,
				attrs: map[string]string{"description": "Feeder RTU\nreplaced 2023", "Notes": `checked "2024-05"`, "device_type": "RTU560"}},
			{id: "RELAY-07A", kind: graph.KindIED, zones: []string{"Substation 7"}, ip: "2001:db8:7::a", owner: "Grid Ops", row: 4,
				attrs: map[string]string{"device_role": "Protection relay"}},
			{id: "GW-07", kind: graph.KindRouter, zones: []string{"Substation 7"}, ip: "10.40.7.1", owner: "Grid Ops", row: 7},
		},
		zones: map[string]float64{"Substation 7": 1},
		notes: []string{
			"as a NetBox device export: name → id, device_role → kind, location (else site) → zone, primary_ip → ip",
			`  device_role "Protection relay" → ied (1 asset)`,
		},
	},
	{
		name: "Claroty export with class_type, virtual_zone_name and purdue_level",
		file: "claroty_assets.csv", format: "Claroty asset export",
		assets: []wantAsset{
			{id: "PLC-A1", kind: graph.KindPLC, zones: []string{"Line A Control"}, ip: "10.20.1.5", row: 2, attrs: map[string]string{
				"mac": "00:1b:1b:aa:01:05", "class_type": "OT", "purdue_level": "1", "site_name": "Springfield",
				"vendor": "Rockwell Automation", "model": "1756-L83E", "firmware": "33.011", "criticality": "High", "risk_score": "72"}},
			{id: "HMI-A1", kind: graph.KindOperatorStation, zones: []string{"Line A Supervisory"}, ip: "10.20.2.7"},
			// Two addresses: the first is the asset's, both are kept.
			{id: "EWS-A1", kind: graph.KindEngineeringStation, zones: []string{"Line A Supervisory"}, ip: "10.20.2.9",
				attrs: map[string]string{"ipv4": "10.20.2.9, 192.168.100.9", "asset_type": "Engineering Station"}},
			{id: "GW-A1", kind: graph.KindOther, zones: []string{"Line A Control"}, ip: "10.20.1.40", attrs: map[string]string{"asset_type": "Serial to Ethernet"}},
			{id: "VID-A1", kind: "Video Management Appliance", ip: "10.20.9.3", attrs: map[string]string{"class_type": "IT", "purdue_level": "N/A"}},
		},
		zones: map[string]float64{"Line A Control": 1, "Line A Supervisory": 2},
		notes: []string{
			"as a Claroty asset export: name → id, asset_type → kind, virtual_zone_name → zone, ipv4 → ip, purdue_level → zone level",
			`  asset_type "Serial to Ethernet" → other (1 asset)`,
			`  asset_type "Video Management Appliance" unknown (1 asset), kept as written`,
		},
		warnings: []string{
			`row 6, column "asset_type": unknown kind "Video Management Appliance" is kept as written`,
			`row 6, column "purdue_level": Purdue level "N/A" is not one of 0–5 (or 3.5 for the IT/OT DMZ): the asset's zones do not take it`,
		},
	},
	{
		name: "Nozomi Guardian export with mac_address, product_name and zones",
		file: "nozomi_assets.csv", format: "Nozomi Guardian asset export",
		assets: []wantAsset{
			{id: "plc-boiler-1", kind: graph.KindController, zones: []string{"Boiler"}, ip: "10.50.1.10", attrs: map[string]string{
				"mac_address": "00:80:f4:01:01:10", "product_name": "Modicon M580", "firmware_version": "3.20",
				"roles": "producer,slave", "protocols": "modbus,ethernetip", "level": "1", "vendor": "Schneider Electric"}},
			// A multi-homed node: two zones.
			{id: "hmi-boiler", kind: graph.KindOperatorStation, zones: []string{"Boiler", "Supervisory"}, ip: "10.50.2.20"},
			{id: "eng-laptop", kind: graph.KindEngineeringStation, zones: []string{"Supervisory"}, ip: "10.50.2.30"},
			{id: "10.50.1.77", kind: graph.KindOther, zones: []string{"Boiler"}, ip: "10.50.1.77", attrs: map[string]string{"type": "OT_device"}},
			// Neither name nor IP: the MAC address is the id.
			{id: "00:1d:9c:ff:00:01", kind: graph.KindSwitch, zones: []string{"Boiler"}},
			{id: "hist-01", kind: graph.KindHistorian, zones: []string{"Site Ops"}, ip: "10.50.3.5"},
		},
		zones: map[string]float64{"Boiler": 1, "Supervisory": 2, "Site Ops": 3},
		notes: []string{
			"as a Nozomi Guardian asset export: name → id, type → kind, zones → zone, ip → ip, level → zone level",
			`  type "controller" → controller (1 asset)`,
			`  type "OT_device" → other (1 asset)`,
			"  2 assets without a name took the IP (or MAC) address as id",
		},
		warnings: []string{`2 assets have no name: the IP address (else the MAC address) is the id (rows 5, 6)`},
	},
	{
		name: "Tenable OT export with segments, family and ips",
		file: "tenable_ot_assets.csv", format: "Tenable OT asset export",
		assets: []wantAsset{
			// ips in a cell spanning lines: the first is the asset's.
			{id: "Comm. Adapter #3", kind: graph.KindPLC, zones: []string{"Controllers Segment"}, ip: "10.30.1.10", row: 2, attrs: map[string]string{
				"ips": "10.30.1.10\n10.30.9.10", "category": "Controllers", "family": "ControlLogix", "model": "1756-L71",
				"firmware_version": "30.11", "criticality": "High", "location": "Hall 2", "purdue_level": "Level 1"}},
			// The row a spreadsheet shows: the cell spanning lines above is one row.
			{id: "Tank Farm HMI", kind: graph.KindOperatorStation, zones: []string{"HMI Segment"}, ip: "10.30.2.15", row: 3},
			{id: "Historian", kind: graph.KindHistorian, zones: []string{"Servers Segment"}, ip: "10.30.3.5"},
			// No type: the category stands in; no name: the IP address is the id.
			{id: "10.30.1.44", kind: graph.KindController, zones: []string{"Controllers Segment"}, ip: "10.30.1.44",
				attrs: map[string]string{"category": "Controllers", "model": "1756-EN2T"}},
			{id: "Core Switch", kind: graph.KindSwitch, zones: []string{"Controllers Segment", "HMI Segment"}, ip: "10.30.0.2"},
		},
		zones: map[string]float64{"Controllers Segment": 1, "HMI Segment": 2, "Servers Segment": 3},
		notes: []string{
			"as a Tenable OT asset export: name → id, type (else category) → kind, segments → zone, ips → ip, purdue_level → zone level",
			`  category "Controllers" → controller (1 asset)`,
			`  type "Network Switch" → switch (1 asset)`,
		},
		warnings: []string{`zone "Controllers Segment": its assets' "purdue_level" are 1 (2 assets), 2 (1 asset); the zone takes 1, the lowest`},
	},
}

func vendorFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "vendor", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestVendorExports(t *testing.T) {
	for _, tc := range vendorCases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Load(filepath.Join("testdata", "vendor", tc.file), Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			checkVendorModel(t, m, tc, true)
		})
	}
}

// checkVendorModel checks a model read from a vendor export against what
// the case wants; rows tells whether to check the rows the assets come from.
func checkVendorModel(t *testing.T, m *graph.Model, tc vendorCase, rows bool) {
	t.Helper()
	if len(m.Assets) != len(tc.assets) {
		t.Errorf("%d assets, want %d", len(m.Assets), len(tc.assets))
	}
	for _, w := range tc.assets {
		a := assetByID(m, w.id)
		if a == nil {
			t.Errorf("no asset %q; have %v", w.id, assetIDs(m))
			continue
		}
		got := wantAsset{id: a.ID, kind: a.Kind, zones: a.Zones, ip: a.IP, owner: a.Owner, safety: a.Safety, tags: a.Tags, row: w.row}
		if rows {
			got.row = a.Src.Row
		}
		if w.row == 0 {
			got.row = 0
		}
		got.attrs = map[string]string{}
		for k := range w.attrs {
			if v, ok := a.Attrs[k]; ok {
				got.attrs[k] = v
			}
		}
		if w.attrs == nil {
			got.attrs = nil
		}
		if diff := cmp.Diff(w, got, cmp.AllowUnexported(wantAsset{})); diff != "" {
			t.Errorf("asset %s (-want +got):\n%s", w.id, diff)
		}
	}
	levels := map[string]float64{}
	for _, z := range m.Zones {
		levels[z.ID] = z.Level
	}
	if diff := cmp.Diff(tc.zones, levels); diff != "" {
		t.Errorf("zone levels (-want +got):\n%s", diff)
	}
	if len(m.ImportNotes) == 0 || !strings.Contains(m.ImportNotes[0], tc.notes[0]) {
		t.Errorf("import summary starts %q, want it to say %q", m.ImportNotes, tc.notes[0])
	}
	for _, n := range tc.notes[1:] {
		if !slices.Contains(m.ImportNotes, n) {
			t.Errorf("import summary lacks %q:\n%s", n, strings.Join(m.ImportNotes, "\n"))
		}
	}
	warnings := m.Warnings.Error()
	for _, w := range tc.warnings {
		if !rows {
			// Rows move when rows are added above.
			w = rowNumbers.ReplaceAllString(w, "row N")
			warnings = rowNumbers.ReplaceAllString(warnings, "row N")
		}
		if !strings.Contains(warnings, w) {
			t.Errorf("no warning %q among:\n%s", w, warnings)
		}
	}
}

var rowNumbers = regexp.MustCompile(`rows? [0-9]+(, [0-9]+)*`)

func assetIDs(m *graph.Model) []string {
	var ids []string
	for _, a := range m.Assets {
		ids = append(ids, a.ID)
	}
	return ids
}

// mess rewrites a CSV file the ways exports reach us after passing through
// a spreadsheet or a mail client.
type mess struct {
	name string
	// records rewrites the records; nil keeps them.
	records func([][]string) [][]string
	// added are the columns records adds, which every asset must keep.
	added    []string
	comma    rune
	quoteAll bool
	crlf     bool
	bom      bool
	// text rewrites the file's text last; nil keeps it.
	text func(string) string
}

var messes = []mess{
	{name: "UTF-8 byte order mark and CRLF line ends", bom: true, crlf: true},
	{name: "blank rows, empty and all commas, between the rows", text: func(s string) string {
		var b strings.Builder
		for i, rec := range splitRecords(s) {
			b.WriteString(rec)
			if i%2 == 0 {
				b.WriteString("\n,,,,\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		return b.String()
	}},
	{name: "a title row and a blank row above the header", text: func(s string) string {
		return "Asset export 2024-05-02\n\n" + s
	}},
	{
		name:  "extra columns before, among and after the export's, one with quoted cells spanning lines",
		added: []string{"Reviewed", "Ticket", "Comment"},
		records: func(recs [][]string) [][]string {
			for i, r := range recs {
				a, b, c := "Reviewed", "Ticket", "Comment"
				if i > 0 {
					a, b, c = "yes", "CHG-1", "see\n\"change\" log"
				}
				r = append([]string{a}, r...)
				r = slices.Insert(r, 3, b)
				recs[i] = append(r, c)
			}
			return recs
		},
	},
	{name: "semicolons, as a European Excel saves CSV", comma: ';'},
	{name: "every cell quoted, CRLF line ends", quoteAll: true, crlf: true},
}

// splitRecords splits CSV text into its records' text, keeping quoted line
// breaks inside.
func splitRecords(s string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case '\n':
			if !quoted {
				out = append(out, strings.TrimSuffix(s[start:i], "\r"))
				start = i + 1
			}
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// apply writes the CSV data again, messed up.
func (ms mess) apply(t *testing.T, data []byte) []byte {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, bomUTF8)))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if ms.records != nil {
		recs = ms.records(recs)
	}
	var buf bytes.Buffer
	if ms.quoteAll {
		for _, rec := range recs {
			for i, c := range rec {
				if i > 0 {
					buf.WriteByte(',')
				}
				buf.WriteString(`"` + strings.ReplaceAll(c, `"`, `""`) + `"`)
			}
			buf.WriteByte('\n')
		}
	} else {
		w := csv.NewWriter(&buf)
		if ms.comma != 0 {
			w.Comma = ms.comma
		}
		w.WriteAll(recs)
	}
	text := buf.String()
	if ms.text != nil {
		text = ms.text(text)
	}
	if ms.crlf {
		text = crlf(text)
	}
	if ms.bom {
		text = "\ufeff" + text
	}
	return []byte(text)
}

// TestVendorExportsMessy reads every vendor export again after the things
// that happen to CSV files on the way: each must give the same model.
func TestVendorExportsMessy(t *testing.T) {
	for _, tc := range vendorCases {
		for _, ms := range messes {
			t.Run(tc.file+"/"+ms.name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), tc.file)
				if err := os.WriteFile(path, ms.apply(t, vendorFile(t, tc.file)), 0o644); err != nil {
					t.Fatal(err)
				}
				m, err := Load(path, Options{})
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				checkVendorModel(t, m, tc, false)
				for _, a := range m.Assets {
					for _, col := range ms.added {
						if _, ok := a.Attrs[col]; !ok {
							t.Errorf("asset %s lost the added column %q: %v", a.ID, col, a.Attrs)
						}
					}
				}
			})
		}
	}
}

// TestVendorExportAsSheet reads each export as assets.csv of a folder and
// as the Assets sheet of a workbook.
func TestVendorExportAsSheet(t *testing.T) {
	for _, tc := range vendorCases {
		text := string(bytes.TrimPrefix(vendorFile(t, tc.file), bomUTF8))
		text = strings.ReplaceAll(text, "\r\n", "\n")
		s := site{"assets.csv": text}
		for _, f := range formats {
			t.Run(f.name+"/"+tc.file, func(t *testing.T) {
				m, err := f.read(t, s, Options{})
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				checkVendorModel(t, m, tc, f.name == "csv")
			})
		}
	}
}

func TestVendorRecognition(t *testing.T) {
	tests := []struct {
		name, header, format string
	}{
		{"NetBox by role, device_type, site and primary_ip4", "name,role,site,device_type,primary_ip4", "NetBox device export"},
		{"NetBox by device_role, manufacturer, location and tenant", "id,name,device_role,manufacturer,location,tenant", "NetBox device export"},
		{"NetBox with the headers its web table shows", "Name,Status,Tenant,Site,Location,Role,Manufacturer,Type,IP Address", "NetBox device export"},
		{"role, device type and site alone are a plant's register", "name,role,device type,site,ip", ""},
		{"an id without a name is a plant's register", "id,role,device_type,site,tenant", ""},
		{"Claroty by class_type and virtual_zone_name", "name,ipv4,class_type,virtual_zone_name", "Claroty asset export"},
		{"Nozomi by mac_address, product_name and zones", "name,ip,mac_address,product_name,zones", "Nozomi Guardian asset export"},
		{"Tenable OT by segments, family and ips", "name,type,segments,family,ips", "Tenable OT asset export"},
		{"a plant register with Asset ID is no export", "Asset ID,name,role,site,device_type", ""},
		{"a plant register with role and site alone is no export", "id,name,role,site", ""},
		{"the ordinary Assets sheet is no export", "id,name,kind,zone,owner,safety,tags,ip", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := recognise(foldAll(strings.Split(tt.header, ",")))
			got := ""
			if f != nil {
				got = f.name
			}
			if got != tt.format {
				t.Errorf("recognise(%s) = %q, want %q", tt.header, got, tt.format)
			}
		})
	}
}

func TestOrdinaryModelHasNoImportNotes(t *testing.T) {
	for _, f := range formats {
		m := mustLoad(t, f.read, site{"assets.csv": "id,name,role,site,tenant,ip\nHMI-01,Console 1,HMI,North,OT,10.0.0.1\n"})
		if len(m.ImportNotes) != 0 {
			t.Errorf("%s: notes %q for a plant's own register", f.name, m.ImportNotes)
		}
		if a := assetByID(m, "HMI-01"); a == nil || a.Kind != graph.KindOperatorStation || a.Attrs["site"] != "North" {
			t.Errorf("%s: HMI-01 = %+v", f.name, a)
		}
	}
}

// TestVocabularyCoversMalcolmRoles reads the NetBox device roles CISA
// Malcolm seeds (when this checkout sits beside the shared real data): each
// maps to a kind.
func TestVocabularyCoversMalcolmRoles(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "realdata", "malcolm-netbox", "device_roles.yml"))
	if err != nil {
		t.Skipf("Malcolm's role list is not here: %v", err)
	}
	n := 0
	for line := range strings.Lines(string(data)) {
		role, ok := strings.CutPrefix(strings.TrimSpace(line), "- name: ")
		if !ok {
			continue
		}
		n++
		if kind, ok := vendorKind(role); !ok {
			t.Errorf("role %q maps to no kind (kept as %q)", role, kind)
		}
	}
	if n < 50 {
		t.Errorf("read %d roles, want the whole list", n)
	}
}

func TestVocabulary(t *testing.T) {
	for role, want := range map[string]string{
		"PLC": graph.KindPLC, "HMI": graph.KindOperatorStation, "SCADA client": graph.KindOperatorStation,
		"Historian": graph.KindHistorian, "EWS": graph.KindEngineeringStation, "engineering_station": graph.KindEngineeringStation,
		"SCADA": graph.KindSCADAServer, "Domain controller": graph.KindDomainController, "Active Directory": graph.KindDomainController,
		"RTU": graph.KindRTU, "IED": graph.KindIED, "Protection relay": graph.KindIED, "DCS": graph.KindController,
		"Safety automation system": graph.KindSIS, "Safety PLC": graph.KindSIS, "safety-controller": graph.KindSIS,
		"VPN server": graph.KindRemoteAccess, "Switch L3": graph.KindSwitch, "Firewall": graph.KindFirewall,
		"Unidirectional Gateway": graph.KindDataDiode, "OT Server": graph.KindServer, "Printer": graph.KindOther,
		"NTP server": graph.KindNTP, "computer": graph.KindWorkstation,
	} {
		if got, ok := vendorKind(role); !ok || got != want {
			t.Errorf("vendorKind(%q) = %q, %v; want %q", role, got, ok, want)
		}
	}
	if got, ok := vendorKind("  Badge reader "); ok || got != "Badge reader" {
		t.Errorf("vendorKind(Badge reader) = %q, %v; want it kept as written, unknown", got, ok)
	}
}

// assetByID finds an asset of a model by its id as written; nil when none.
func assetByID(m *graph.Model, id string) *graph.Asset {
	for i := range m.Assets {
		if m.Assets[i].ID == id {
			return &m.Assets[i]
		}
	}
	return nil
}

// FuzzVendorExport reads anything as a vendor export beside a Subnets
// sheet: the readers never panic, and every problem is located.
func FuzzVendorExport(f *testing.F) {
	for _, tc := range vendorCases {
		f.Add(vendorFile(f, tc.file), []byte("cidr,zone,level\n10.0.0.0/8,Plant,3\n10.10.1.0/24,Cell,1\n"))
	}
	f.Add([]byte("name,ips,segments,family\n,\"1.2.3.4\n::ffff:1.2.3.4\",a|b,x\n"), []byte("cidr,zone\n::ffff:1.2.3.0/120,A\n1.2.3.4,B\n"))
	f.Fuzz(func(t *testing.T, assets, subnets []byte) {
		defer watchdog()()
		dir := t.TempDir()
		for name, data := range map[string][]byte{"assets.csv": assets, "subnets.csv": subnets} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		m, err := Load(dir, Options{})
		checkLoaded(t, m, err)
		m, err = Load(dir, Options{SkipInvalid: true})
		checkLoaded(t, m, err)
		s, err := ReadSubnets(filepath.Join(dir, "subnets.csv"))
		for _, sn := range s.All() {
			if !sn.Prefix.IsValid() || sn.Prefix != sn.Prefix.Masked() || sn.Prefix.Addr().Is4In6() || sn.Zone == "" {
				t.Fatalf("subnet %+v read from %q", sn, subnets)
			}
			if got, ok := s.Lookup(sn.Prefix.Addr()); !ok || got.Prefix.Bits() < sn.Prefix.Bits() {
				t.Fatalf("Lookup(%s) = %v, %v: not the most specific", sn.Prefix.Addr(), got.Prefix, ok)
			}
		}
		_ = err
	})
}
