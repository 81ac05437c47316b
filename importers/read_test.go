package importers

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/otimpact/otimpact/graph"
)

func TestSheetAndColumnAliases(t *testing.T) {
	tests := []struct {
		name  string
		site  site
		check func(t *testing.T, m *graph.Model)
	}{
		{
			name: "Asset Register with Asset ID, Type, Segment, Owned By and IP Address is the asset register",
			site: site{"Asset Register.csv": "Asset ID,Type,Segment,Owned By,IP Address\nHMI-01,HMI,L2,OT,10.0.0.1\n"},
			check: func(t *testing.T, m *graph.Model) {
				want := graph.Asset{ID: "HMI-01", Kind: graph.KindOperatorStation, Zones: []string{"L2"}, Owner: "OT", IP: "10.0.0.1"}
				checkAsset(t, m, want)
			},
		},
		{
			name: "Asset Inventory with Asset, Device Type, Network Zone, Responsible and IPv4 is the asset register",
			site: site{"Asset Inventory.csv": "Asset,Device Type,Network Zone,Responsible,IPv4\nPLC-01,PLC,L1,Vendor A,10.0.1.1\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkAsset(t, m, graph.Asset{ID: "PLC-01", Kind: graph.KindPLC, Zones: []string{"L1"}, Owner: "Vendor A", IP: "10.0.1.1"})
			},
		},
		{
			name: "Inventory with Asset Tag, Asset Type and Zones is the asset register",
			site: site{"Inventory.csv": "Asset Tag,Asset Type,Zones\nDC-01,Active Directory,L3|L3.5\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkAsset(t, m, graph.Asset{ID: "DC-01", Kind: graph.KindDomainController, Zones: []string{"L3", "L3.5"}})
			},
		},
		{
			name: "Role and Zone ID name an asset's kind and zone",
			site: site{"assets.csv": "id,Role,Zone ID\nSIS-01,safety PLC,L1\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkAsset(t, m, graph.Asset{ID: "SIS-01", Kind: graph.KindSIS, Zones: []string{"L1"}})
			},
		},
		{
			name: "Zones answers to Zone ID, Purdue Level and Owned By",
			site: site{"assets.csv": assets, "zones.csv": "Zone ID,Purdue Level,Owned By\nL3,3,IT\nDMZ,3.5,IT\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkZones(t, m, []graph.Zone{{ID: "L3", Level: 3, Owner: "IT"}, {ID: "DMZ", Level: 3.5, Owner: "IT"}})
			},
		},
		{
			name: "Zones answers to Zone, Purdue and Responsible",
			site: site{"assets.csv": assets, "zones.csv": "Zone,Purdue,Responsible\nL2,L2,OT\nL1,Level 1,OT\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkZones(t, m, []graph.Zone{{ID: "L2", Level: 2, Owner: "OT"}, {ID: "L1", Level: 1, Owner: "OT"}})
			},
		},
		{
			name: "Conduits answer to Conduit, From Zone, To Zone and Hops",
			site: site{"assets.csv": assets, "conduits.csv": "Conduit,From Zone,To Zone,Hops,Direction\nC1,L2,L3,FW-01,one-way\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkConduit(t, m, graph.Conduit{ID: "C1", From: "L2", To: "L3", Via: []string{"FW-01"}, OneWay: true})
			},
		},
		{
			name: "Conduits answer to Through, and a missing id becomes FROM-TO",
			site: site{"assets.csv": assets, "conduits.csv": "from,to,Through\nL2,L3,FW-01\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkConduit(t, m, graph.Conduit{ID: "L2-L3", From: "L2", To: "L3", Via: []string{"FW-01"}})
			},
		},
		{
			name: "Dependencies answer to Asset, Depends On and Tolerance",
			site: site{"assets.csv": assets, "dependencies.csv": "Asset,Depends On,Tolerance\nHMI-01,DC-01|DC-02,8h\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkDependency(t, m, graph.Dependency{Consumer: "HMI-01", Providers: []string{"DC-01", "DC-02"}, Need: 1, GraceMS: 8 * 3600e3})
			},
		},
		{
			name: "Dependencies answer to Dependent, Providers and Ride Through",
			site: site{"assets.csv": assets, "dependencies.csv": "Dependent,Providers,service,Ride Through\nHMI-01,DC-01;DC-02,auth,3d\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkDependency(t, m, graph.Dependency{Consumer: "HMI-01", Providers: []string{"DC-01", "DC-02"}, Service: "auth", Need: 1, GraceMS: 3 * 86400e3})
			},
		},
		{
			name: "Dependencies answer to Service Provider",
			site: site{"assets.csv": assets, "dependencies.csv": "consumer,Service Provider,need\nHMI-01,\"DC-01,DC-02\",2\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkDependency(t, m, graph.Dependency{Consumer: "HMI-01", Providers: []string{"DC-01", "DC-02"}, Need: 2})
			},
		},
		{
			name: "Flows is the Feeds sheet, with Flow, From, Through and Consumers",
			site: site{"assets.csv": assets, "Flows.csv": "Flow,From,Through,Consumers\nF-1,PLC-01,SCADA-1|SCADA-2,HMI-01|HMI-02\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkFeed(t, m, graph.Feed{ID: "F-1", Source: []string{"PLC-01"}, Via: [][]string{{"SCADA-1", "SCADA-2"}},
					To: []string{"HMI-01", "HMI-02"}, Kind: graph.FeedView})
			},
		},
		{
			name: "Data Flows is the Feeds sheet, with Feed, Hops and Destination",
			site: site{"assets.csv": assets, "Data Flows.csv": "Feed,source,Hops,Destination,kind,safety,Owned By\nF-2,PLC-01,SCADA-1 > FW-01,HMI-01,control,yes,OT\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkFeed(t, m, graph.Feed{ID: "F-2", Source: []string{"PLC-01"}, Via: [][]string{{"SCADA-1"}, {"FW-01"}},
					To: []string{"HMI-01"}, Kind: graph.FeedControl, Safety: true, Owner: "OT"})
			},
		},
		{
			name: "Scenarios answer to Name and Selector",
			site: site{"assets.csv": assets, "scenarios.csv": "Name,Action,Selector\nDC outage,shutdown,asset:DC-01\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkScenarios(t, m, []graph.Scenario{{Name: "DC outage", Actions: []graph.Action{{Verb: graph.Shutdown, Target: "asset:DC-01", Scenario: "DC outage"}}}})
			},
		},
		{
			name: "Scenarios answer to Scenario Name and Targets",
			site: site{"assets.csv": assets, "scenarios.csv": "Scenario Name,Action,Targets\nCut L3,isolate,zone:L3\n"},
			check: func(t *testing.T, m *graph.Model) {
				checkScenarios(t, m, []graph.Scenario{{Name: "Cut L3", Actions: []graph.Action{{Verb: graph.Isolate, Target: "zone:L3", Scenario: "Cut L3"}}}})
			},
		},
	}
	for _, tt := range tests {
		for _, f := range formats {
			t.Run(f.name+"/"+tt.name, func(t *testing.T) {
				tt.check(t, mustLoad(t, f.read, tt.site))
			})
		}
	}
}

// The check helpers compare the model's elements without their sources and
// with the fields a test leaves out ignored when blank.
var ignoreSrc = cmp.FilterPath(func(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	return ok && (sf.Name() == "Src" || sf.Name() == "Name" || sf.Name() == "Attrs")
}, cmp.Ignore())

func checkAsset(t *testing.T, m *graph.Model, want graph.Asset) {
	t.Helper()
	if len(m.Assets) != 1 {
		t.Fatalf("got %d assets, want 1", len(m.Assets))
	}
	if diff := cmp.Diff(want, m.Assets[0], ignoreSrc); diff != "" {
		t.Errorf("asset (-want +got):\n%s", diff)
	}
}

func checkZones(t *testing.T, m *graph.Model, want []graph.Zone) {
	t.Helper()
	got := m.Zones[:0:0]
	for _, z := range m.Zones {
		if !z.Implicit {
			got = append(got, z)
		}
	}
	if diff := cmp.Diff(want, got, ignoreSrc); diff != "" {
		t.Errorf("zones (-want +got):\n%s", diff)
	}
}

func checkConduit(t *testing.T, m *graph.Model, want graph.Conduit) {
	t.Helper()
	if diff := cmp.Diff([]graph.Conduit{want}, m.Conduits, ignoreSrc); diff != "" {
		t.Errorf("conduits (-want +got):\n%s", diff)
	}
}

func checkDependency(t *testing.T, m *graph.Model, want graph.Dependency) {
	t.Helper()
	if diff := cmp.Diff([]graph.Dependency{want}, m.Dependencies, ignoreSrc); diff != "" {
		t.Errorf("dependencies (-want +got):\n%s", diff)
	}
}

func checkFeed(t *testing.T, m *graph.Model, want graph.Feed) {
	t.Helper()
	if diff := cmp.Diff([]graph.Feed{want}, m.Feeds, ignoreSrc); diff != "" {
		t.Errorf("feeds (-want +got):\n%s", diff)
	}
}

func checkScenarios(t *testing.T, m *graph.Model, want []graph.Scenario) {
	t.Helper()
	if diff := cmp.Diff(want, m.Scenarios, ignoreSrc); diff != "" {
		t.Errorf("scenarios (-want +got):\n%s", diff)
	}
}

func TestHeaderIsTheFirstRowWithTheRequiredColumns(t *testing.T) {
	s := site{
		"assets.csv": "Refinery North — asset register,,\nRevision 7,,\n,,\nid,kind,zone\nHMI-01,HMI,L2\n,,\nDC-01,DC,L3\n",
		// "Asset" alone is the consumer column of Dependencies, but the
		// provider column is missing from the title row: it is not the header.
		"dependencies.csv": "Asset dependencies\n\nAsset,Depends On\nHMI-01,DC-01\n",
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			m := mustLoad(t, f.read, s)
			var rows []int
			for _, a := range m.Assets {
				rows = append(rows, a.Src.Row)
			}
			if diff := cmp.Diff([]int{5, 7}, rows); diff != "" {
				t.Errorf("asset rows (-want +got):\n%s", diff)
			}
			if len(m.Dependencies) != 1 || m.Dependencies[0].Src.Row != 4 {
				t.Errorf("dependencies = %+v, want one at row 4", m.Dependencies)
			}
			wantSheets(t, m, []graph.SheetStat{{Sheet: "assets", Read: 2, Used: 2}, {Sheet: "dependencies", Read: 1, Used: 1}})
		})
	}
}

func TestNamesMatchIgnoringCaseSpacesUnderscoresAndDashes(t *testing.T) {
	s := site{
		"ASSET_register.csv": "  ASSET-ID , asset type ,NETWORK_ZONE\n  HMI-01  ,  hmi , L2  \nDC-01,AD,L3\n",
		"Depen-dencies.csv":  "DEPENDS ON,dependent,ride_through\nDC-01 ,  HMI-01, 1D12H\n",
		" data flows .csv":   "FEED,from,CONSUMERS,KIND\nF-1,hmi-01,HMI-01,Telemetry\n",
		"DC.csv":             "id\nDC-01\n", // no sheet of the model
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			m := mustLoad(t, f.read, s)
			checkAssetIDs(t, m, "HMI-01", "DC-01")
			if k := m.Assets[0].Kind; k != graph.KindOperatorStation {
				t.Errorf("kind = %q, want %q", k, graph.KindOperatorStation)
			}
			d := m.Dependencies[0]
			if d.Consumer != "HMI-01" || d.Providers[0] != "DC-01" || d.GraceMS != 36*3600e3 {
				t.Errorf("dependency = %+v, want HMI-01 needs DC-01 with 1d12h grace", d)
			}
			if len(m.Feeds) != 1 || m.Feeds[0].Source[0] != "HMI-01" {
				t.Errorf("feeds = %+v, want F-1 from HMI-01 (named as the asset register spells it)", m.Feeds)
			}
			wantProblems(t, "warnings", m.Warnings, []string{
				`ASSET_register row 2, column "NETWORK_ZONE": zone "L2" is not in the Zones sheet`,
				`ASSET_register row 3, column "NETWORK_ZONE": zone "L3" is not in the Zones sheet`,
				`DC: not a sheet of the model`,
			})
		})
	}
}

// wantSheets checks the rows read and used of each sheet.
func wantSheets(t *testing.T, m *graph.Model, want []graph.SheetStat) {
	t.Helper()
	if diff := cmp.Diff(want, m.Sheets, cmpopts.IgnoreFields(graph.SheetStat{}, "File")); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
}

func checkAssetIDs(t *testing.T, m *graph.Model, ids ...string) {
	t.Helper()
	var got []string
	for _, a := range m.Assets {
		got = append(got, a.ID)
	}
	if diff := cmp.Diff(ids, got); diff != "" {
		t.Errorf("asset ids (-want +got):\n%s", diff)
	}
}

func TestColumnsTheModelDoesNotKnowAreKeptAsAttributes(t *testing.T) {
	s := site{"assets.csv": "" +
		"Asset,id,Serial Number,kind,Type,Notes,Notes\n" +
		"Boiler HMI,HMI-01,SN-1,HMI,Windows 10,,second\n" +
		"Turbine PLC,PLC-01,,PLC,S7-1500,,\n"}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			m := mustLoad(t, f.read, s)
			// "id" is the canonical name: it wins over the alias "Asset",
			// which is kept, like the second kind column "Type".
			want := []map[string]string{
				{"Asset": "Boiler HMI", "Serial Number": "SN-1", "Type": "Windows 10", "Notes (2)": "second"},
				{"Asset": "Turbine PLC", "Type": "S7-1500"},
			}
			var got []map[string]string
			for _, a := range m.Assets {
				got = append(got, a.Attrs)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("attributes (-want +got):\n%s", diff)
			}
			if c := m.Assets[0].Src.Origin.Cols; c["id"] != "id" || c["kind"] != "kind" {
				t.Errorf("Src.Cols = %v, want id and kind mapped to themselves", c)
			}
		})
	}
}

func TestValuesInAColumnWithoutAHeaderAreReportedOnce(t *testing.T) {
	s := site{"assets.csv": "id,,kind\nHMI-01,x,HMI\nHMI-02,,HMI,stray\n"}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			m := mustLoad(t, f.read, s)
			wantProblems(t, "warnings", m.Warnings, []string{
				`assets row 2: column B has values but no header; its values are ignored`,
			})
		})
	}
}

func TestListAndPathSeparators(t *testing.T) {
	lists := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"DC-01", []string{"DC-01"}},
		{"DC-01|DC-02", []string{"DC-01", "DC-02"}},
		{"DC-01; DC-02", []string{"DC-01", "DC-02"}},
		{"DC-01 , DC-02,", []string{"DC-01", "DC-02"}},
		{"DC-01\nDC-02\r\nDC-03", []string{"DC-01", "DC-02", "DC-03"}},
		{" | ;, ", nil},
	}
	for _, tt := range lists {
		if diff := cmp.Diff(tt.want, splitList(tt.in)); diff != "" {
			t.Errorf("splitList(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
	paths := []struct {
		in   string
		want [][]string
	}{
		{"", nil},
		{"SCADA-1", [][]string{{"SCADA-1"}}},
		{"SCADA-1|SCADA-2 > HIST-01", [][]string{{"SCADA-1", "SCADA-2"}, {"HIST-01"}}},
		{"A->B -> C", [][]string{{"A"}, {"B"}, {"C"}}},
		{"A → B|C→D", [][]string{{"A"}, {"B", "C"}, {"D"}}},
		{"A > > B >", [][]string{{"A"}, {"B"}}},
		{"FW-A-> FW-B", [][]string{{"FW-A"}, {"FW-B"}}},
	}
	for _, tt := range paths {
		if diff := cmp.Diff(tt.want, splitPath(tt.in)); diff != "" {
			t.Errorf("splitPath(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestBadValuesAreLocatedAndAllReportedAtOnce(t *testing.T) {
	s := site{
		"assets.csv": "Asset ID,Type,Zone,Safety Relevant\n" +
			"HMI-01,HMI,L2,maybe\n" +
			"DC-01,DC,L3,yes\n" +
			"DC-02,DC,L3,no\n" +
			"PLC-01,PLC,L1,\n",
		"zones.csv":    "id,Purdue Level\nL1,1\nL2,six\nL3,7\n",
		"conduits.csv": "from,to,direction\nL2,L3,sideways\n",
		"dependencies.csv": "Asset,Depends On,Need,Tolerance\n" +
			"HMI-01,DC-01|DC-02,0,8h\n" +
			"HMI-01,DC-01,two,-1h\n" +
			"PLC-01,DC-01,1,soon\n" +
			"PLC-01,DC-3,1,1d\n",
		"feeds.csv":     "id,source,to,kind,safety\nF-1,PLC-01,HMI-01,setpointish,perhaps\n",
		"scenarios.csv": "scenario,action,target\nS1,reboot,asset:DC-01\nS1,shutdown,\n",
	}
	want := []string{
		`assets row 2, column "Safety Relevant": "maybe" is not a yes/no value`,
		`conduits row 2, column "direction": direction "sideways" is not both or one-way`,
		`dependencies row 2, column "Need": need "0" must be at least 1`,
		`dependencies row 3, column "Need": need "two" is not a whole number`,
		`dependencies row 3, column "Tolerance": "-1h" is not a duration: it is negative`,
		`dependencies row 4, column "Tolerance": "soon" is not a duration`,
		`dependencies row 5, column "Depends On": unknown asset "DC-3" (did you mean "DC-01"?)`,
		`feeds row 2, column "kind": feed kind "setpointish" is not view or control`,
		`feeds row 2, column "safety": "perhaps" is not a yes/no value`,
		`scenarios row 2, column "action": unknown action "reboot"`,
		`scenarios row 3, column "target": target is blank`,
		`zones row 3, column "Purdue Level": Purdue level "six" is not one of 0–5`,
		`zones row 4, column "Purdue Level": Purdue level "7" is not one of 0–5`,
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			m, err := f.read(t, s, Options{})
			got := problems(t, err)
			wantProblems(t, "errors", got, want)
			for _, p := range got {
				if !strings.HasSuffix(p.File, ".csv") && !strings.HasSuffix(p.File, ".xlsx") {
					t.Errorf("problem %q names no file", p.Error())
				}
			}
			if m == nil || len(m.Assets) != 4 {
				t.Errorf("the model is returned with its errors; got %v", m)
			}
		})
	}
}

func TestSkipInvalidDropsTheOffendingRowsAndCountsThem(t *testing.T) {
	s := site{
		"assets.csv":       "id,kind,zone,safety\nHMI-01,HMI,L2,\nHMI-02,HMI,L2,maybe\nDC-01,DC,L3,\n",
		"dependencies.csv": "consumer,provider,grace\nHMI-01,DC-01,soon\nHMI-01,DC-01,8h\nHMI-02,DC-01,\n",
		"scenarios.csv":    "scenario,action,target\nS1,reboot,DC-01\nS1,shutdown,DC-01\n",
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			m, err := f.read(t, s, Options{SkipInvalid: true})
			if err != nil {
				t.Fatalf("unexpected errors:\n%v", err)
			}
			checkAssetIDs(t, m, "HMI-01", "DC-01")
			if len(m.Dependencies) != 1 || m.Dependencies[0].GraceMS != 8*3600e3 {
				t.Errorf("dependencies = %+v, want only the 8h one", m.Dependencies)
			}
			if len(m.Scenarios) != 1 || len(m.Scenarios[0].Actions) != 1 {
				t.Errorf("scenarios = %+v, want S1 with one action", m.Scenarios)
			}
			// HMI-02 is skipped for its safety value; its dependency then
			// names an unknown asset and is skipped by Resolve.
			if m.Skipped != 4 {
				t.Errorf("Skipped = %d, want 4", m.Skipped)
			}
			wantProblems(t, "warnings", m.Warnings, []string{
				`assets row 2, column "zone": zone "L2" is not in the Zones sheet`,
				`assets row 3, column "safety": "maybe" is not a yes/no value`,
				`assets row 4, column "zone": zone "L3" is not in the Zones sheet`,
				`dependencies row 2, column "grace": "soon" is not a duration`,
				`dependencies row 4, column "consumer": unknown asset "HMI-02"`,
				`scenarios row 2, column "action": unknown action "reboot"`,
			})
			wantSheets(t, m, []graph.SheetStat{{Sheet: "assets", Read: 3, Used: 2}, {Sheet: "dependencies", Read: 3, Used: 1}, {Sheet: "scenarios", Read: 2, Used: 1}})
		})
	}
}

func TestSheetLevelProblems(t *testing.T) {
	tests := []struct {
		name     string
		site     site
		errs     []string
		warnings []string
	}{
		{
			name: "the Assets sheet is required",
			site: site{"zones.csv": "id\nL1\n"},
			errs: []string{`no Assets sheet (also read as Asset Register, Asset Inventory or Inventory): it is required`},
		},
		{
			name: "a sheet without a header row names the required columns",
			site: site{"assets.csv": "id\nPLC-01\n", "feeds.csv": "Feed list\nid,source\nF-1,PLC-01\n"},
			errs: []string{`feeds: no header row: no row holds the required column(s) "id", "source", "to" (row 2 lacks "to")`},
		},
		{
			name:     "unknown sheets are ignored with a warning",
			site:     site{"assets.csv": "id\nA\n", "Cable schedule.csv": "from,to\nA,B\n"},
			warnings: []string{`Cable schedule: not a sheet of the model`},
		},
		{
			name:     "a second sheet for the same part of the model is ignored; the exact name wins",
			site:     site{"Inventory.csv": "id\nA\n", "Assets.csv": "id\nB\n"},
			warnings: []string{`Inventory: "Assets" is the Assets sheet; this one is ignored`},
		},
		{
			name:     "an unknown asset kind is kept, with one warning per sheet",
			site:     site{"assets.csv": "id,kind\nP-1,Pump Skid\nP-2,pump skid\nP-3,Pump Skid\nP-4,Mystery\n"},
			warnings: []string{`assets row 2, column "kind": unknown kind "Pump Skid" is kept as written`, `assets row 3, column "kind": unknown kind "pump skid"`, `assets row 5, column "kind": unknown kind "Mystery"`},
		},
	}
	for _, tt := range tests {
		for _, f := range formats {
			t.Run(f.name+"/"+tt.name, func(t *testing.T) {
				m, err := f.read(t, tt.site, Options{SkipInvalid: true})
				wantProblems(t, "errors", problems(t, err), tt.errs)
				wantProblems(t, "warnings", m.Warnings, tt.warnings)
			})
		}
	}
}

func TestScenarioRowsGatherByNameInRowOrder(t *testing.T) {
	s := site{"assets.csv": assets, "scenarios.csv": "" +
		"scenario,action,target\n" +
		"DC outage,shutdown,asset:DC-01\n" +
		"Cut L3,isolate,zone:L3\n" +
		",contain,HMI-01\n" + // a blank name continues the scenario above, as merged cells do
		"dc OUTAGE,Power Off,DC-02\n"}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			m := mustLoad(t, f.read, s)
			checkScenarios(t, m, []graph.Scenario{
				{Name: "DC outage", Actions: []graph.Action{
					{Verb: graph.Shutdown, Target: "asset:DC-01", Scenario: "DC outage"},
					{Verb: graph.Shutdown, Target: "DC-02", Scenario: "dc OUTAGE"}}},
				{Name: "Cut L3", Actions: []graph.Action{
					{Verb: graph.Isolate, Target: "zone:L3", Scenario: "Cut L3"},
					{Verb: graph.Isolate, Target: "HMI-01", Scenario: "Cut L3"}}},
			})
			if r := m.Scenarios[1].Src.Row; r != 3 {
				t.Errorf("scenario Cut L3 at row %d, want 3", r)
			}
		})
	}
}

func TestUnknownProviderIsLocatedAtTheColumnAsWritten(t *testing.T) {
	s := site{"assets.csv": assets, "dependencies.csv": "Dependent,Depends On\nHMI-01,DC-01\n\nHMI-02,DC-03\n"}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			_, err := f.read(t, s, Options{})
			got := problems(t, err)
			wantProblems(t, "errors", got, []string{`dependencies row 4, column "Depends On": unknown asset "DC-03" (did you mean "DC-01"?)`})
			if len(got) == 1 && !strings.HasPrefix(got[0].File, "/") {
				t.Errorf("File = %q, want the path as given", got[0].File)
			}
		})
	}
}
