package graph_test

import (
	"fmt"
	"math/rand"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
	"github.com/otimpact/otimpact/synth"
)

// lint builds small models for validate's tests in a few lines.
type lint struct{ m *graph.Model }

func newLint() *lint { return &lint{m: &graph.Model{Source: "test"}} }

func (l *lint) zone(id string, level float64) *lint {
	l.m.Zones = append(l.m.Zones, graph.Zone{ID: id, Level: level})
	return l
}

// asset adds "ID kind ZONE|ZONE"; the kind is read as the importers read
// it, and an asset without a third field is in no zone.
func (l *lint) asset(spec string) *lint {
	f := strings.Fields(spec)
	a := graph.Asset{ID: f[0], Kind: graph.KindServer}
	if len(f) > 1 {
		a.Kind, _ = graph.CanonicalKind(strings.ReplaceAll(f[1], "_", " "))
	}
	if len(f) > 2 {
		a.Zones = strings.Split(f[2], "|")
	}
	l.m.Assets = append(l.m.Assets, a)
	return l
}

// conduit adds "FROM~TO" (both ways) or "FROM>TO" (one-way) with its via
// devices.
func (l *lint) conduit(id, ends string, via ...string) *lint {
	c := graph.Conduit{ID: id, Via: via}
	if from, to, ok := strings.Cut(ends, ">"); ok {
		c.From, c.To, c.OneWay = from, to, true
	} else {
		c.From, c.To, _ = strings.Cut(ends, "~")
	}
	l.m.Conduits = append(l.m.Conduits, c)
	return l
}

// dep adds "CONSUMER needs 1 of P1|P2 for service", with a grace.
func (l *lint) dep(consumer, providers, service string, grace time.Duration) *lint {
	l.m.Dependencies = append(l.m.Dependencies, graph.Dependency{
		Consumer: consumer, Providers: strings.Split(providers, "|"), Need: 1,
		Service: service, GraceMS: grace.Milliseconds(),
	})
	return l
}

// feed adds "SRC|ALT > HOP|ALT > … => TO1|TO2".
func (l *lint) feed(id string, safety bool, path string) *lint {
	chain, to, _ := strings.Cut(path, "=>")
	hops := strings.Split(chain, ">")
	f := graph.Feed{ID: id, Safety: safety, Source: fields(hops[0]), To: fields(to)}
	for _, h := range hops[1:] {
		f.Via = append(f.Via, fields(h))
	}
	l.m.Feeds = append(l.m.Feeds, f)
	return l
}

func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ' ' })
}

func (l *lint) validate(t *testing.T) []graph.Finding {
	t.Helper()
	if errs := l.m.Resolve(false); len(errs) > 0 {
		t.Fatalf("model does not resolve:\n%v", errs)
	}
	fs, err := l.m.Validate()
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// plant is a small site with nothing wrong: operator stations in OPS, a
// redundant pair of domain controllers and of SCADA servers, each with its
// own license and time server, I/O servers in CTRL and a PLC in a cell,
// each zone joined to the next by two conduits with their own boundary
// devices, a DMZ between IT and OT.
func plant() *lint {
	return newLint().
		zone("ENT", 4).zone("DMZ", 3.5).zone("OPS", 3).zone("CTRL", 2).zone("CELL", 1).
		conduit("ENT-DMZ", "ENT~DMZ", "FW-1").conduit("DMZ-OPS", "DMZ~OPS", "FW-1").
		conduit("OPS-CTRL-A", "OPS~CTRL", "FW-2").conduit("OPS-CTRL-B", "OPS~CTRL", "FW-3").
		conduit("CTRL-CELL-A", "CTRL~CELL", "SW-1").conduit("CTRL-CELL-B", "CTRL~CELL", "SW-2").
		asset("FW-1 firewall DMZ").asset("FW-2 firewall OPS").asset("FW-3 firewall OPS").
		asset("SW-1 switch CTRL").asset("SW-2 switch CTRL").
		asset("DC-1 DC OPS").asset("DC-2 DC OPS").asset("NTP-1 NTP OPS").asset("NTP-2 NTP OPS").
		asset("SCADA-1 SCADA OPS").asset("SCADA-2 SCADA OPS").asset("LIC-1 server OPS").asset("LIC-2 server OPS").
		asset("HMI-1 HMI OPS").asset("HMI-2 HMI OPS").asset("PLC-1 PLC CELL").asset("IOS-1 server CTRL").asset("IOS-2 server CTRL").
		asset("PC-1 workstation ENT").
		dep("HMI-1", "DC-1|DC-2", "auth", 8*time.Hour).dep("HMI-2", "DC-1|DC-2", "auth", 8*time.Hour).
		dep("HMI-1", "SCADA-1|SCADA-2", "data", 0).dep("HMI-2", "SCADA-1|SCADA-2", "data", 0).
		dep("DC-1", "NTP-1", "ntp", 72*time.Hour).dep("DC-2", "NTP-2", "ntp", 72*time.Hour).
		dep("SCADA-1", "LIC-1", "license", 36*time.Hour).dep("SCADA-2", "LIC-2", "license", 36*time.Hour).
		feed("F-1", false, "PLC-1 > IOS-1|IOS-2 > SCADA-1|SCADA-2 => HMI-1|HMI-2").
		feed("S-1", true, "PLC-1 > IOS-1|IOS-2 > SCADA-1|SCADA-2 => HMI-1|HMI-2")
}

// find returns the findings with the code.
func find(fs []graph.Finding, code string) []graph.Finding {
	var out []graph.Finding
	for _, f := range fs {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

func TestValidatePlantIsClean(t *testing.T) {
	if fs := plant().validate(t); len(fs) > 0 {
		t.Errorf("a clean site has findings:\n%s", dump(fs))
	}
}

func TestValidateFindings(t *testing.T) {
	cases := []struct {
		name     string
		code     string
		site     func() *lint
		severity graph.Severity
		ids      []string // the finding's ids; nil: no finding of the code at all
	}{
		{"a dependency across zones with no conduit is a baseline loss", graph.CodeBaselineLoss,
			func() *lint { return plant().asset("HIST-1 historian CELL").dep("HIST-1", "DC-1", "auth", 0) },
			graph.SeverityError, []string{"HIST-1", "DC-1"}},
		{"a dependency across a conduit is no baseline loss", graph.CodeBaselineLoss,
			func() *lint { return plant().asset("HIST-1 historian CTRL").dep("HIST-1", "DC-1", "auth", 0) },
			0, nil},
		{"a dependency against a one-way conduit lacks the response", graph.CodeBaselineLoss,
			func() *lint {
				return plant().zone("SIS", 1).conduit("SIS-OPS", "SIS>OPS", "GW-1").asset("GW-1 diode SIS").
					asset("SIS-1 SIS SIS").dep("SIS-1", "NTP-1", "ntp", 0)
			},
			graph.SeverityError, []string{"SIS-1", "NTP-1"}},
		{"a redundant provider out of reach degrades its consumer with no action", graph.CodeBaselineLoss,
			func() *lint { return plant().asset("DC-3 DC CELL").dep("HMI-1", "DC-1|DC-3", "dns", 0) },
			graph.SeverityError, []string{"HMI-1", "DC-3"}},
		{"a feed hop that cannot send is a baseline loss", graph.CodeBaselineLoss,
			func() *lint { return plant().feed("F-2", false, "PLC-1 > SCADA-1 => HMI-1") },
			graph.SeverityError, []string{"F-2", "HMI-1"}},

		{"an alternative no chain can use is unusable", graph.CodeUnusableAlternative,
			func() *lint {
				return plant().asset("SCADA-3 SCADA CELL").feed("F-2", false, "PLC-1 > IOS-1 > SCADA-1|SCADA-3 => HMI-1")
			},
			graph.SeverityWarning, []string{"F-2", "SCADA-3"}},
		{"alternatives that all carry are usable", graph.CodeUnusableAlternative,
			func() *lint { return plant() }, 0, nil},

		{"a license server under both SCADA servers is false redundancy", graph.CodeFalseRedundancy,
			func() *lint { return plant().dep("SCADA-1", "LIC-2", "license", 36*time.Hour) },
			graph.SeverityWarning, []string{"LIC-2", "SCADA-1", "SCADA-2", "HMI-1", "HMI-2", "F-1", "S-1"}},
		{"a domain controller that needs its partner is false redundancy", graph.CodeFalseRedundancy,
			func() *lint { return plant().dep("DC-2", "DC-1", "dns", time.Hour) },
			graph.SeverityWarning, []string{"DC-1", "DC-2", "HMI-1", "HMI-2"}},
		{"one firewall carrying the conduits to both providers is false redundancy", graph.CodeFalseRedundancy,
			func() *lint {
				return plant().zone("IT-A", 4).zone("IT-B", 4).conduit("ENT-A", "ENT~IT-A", "FW-9").conduit("ENT-B", "ENT~IT-B", "FW-9").
					asset("FW-9 firewall ENT").asset("AD-A DC IT-A").asset("AD-B DC IT-B").dep("PC-1", "AD-A|AD-B", "auth", 0)
			},
			graph.SeverityWarning, []string{"FW-9", "ENT-A", "ENT-B", "AD-A", "AD-B", "PC-1"}},
		{"providers behind one conduit fall to cutting it (info)", graph.CodeFalseRedundancy,
			func() *lint {
				return plant().zone("ENG", 3).conduit("ENG-OPS", "ENG~OPS", "FW-4").asset("FW-4 firewall ENG").
					asset("EWS-1 EWS ENG").dep("EWS-1", "DC-1|DC-2", "auth", 0)
			},
			graph.SeverityInfo, []string{"ENG-OPS", "DC-1", "DC-2", "EWS-1"}},
		{"providers behind two conduits survive cutting one", graph.CodeFalseRedundancy,
			func() *lint { return plant().asset("EWS-1 EWS CTRL").dep("EWS-1", "DC-1|DC-2", "auth", 0) },
			0, nil},
		{"independent supplies are true redundancy", graph.CodeFalseRedundancy,
			func() *lint {
				return plant().dep("SCADA-1", "NTP-1", "ntp", 72*time.Hour).dep("SCADA-2", "NTP-2", "ntp", 72*time.Hour)
			},
			0, nil},
		{"a feed's redundant hop that one license feeds is false redundancy", graph.CodeFalseRedundancy,
			func() *lint {
				return plant().asset("LIC-9 server OPS").asset("HIST-A historian OPS").asset("HIST-B historian OPS").
					dep("HIST-A", "LIC-9", "license", 0).dep("HIST-B", "LIC-9", "license", 0).
					feed("F-2", false, "SCADA-1 > HIST-A|HIST-B => HMI-1")
			},
			graph.SeverityWarning, []string{"LIC-9", "HIST-A", "HIST-B", "F-2"}},
		{"a conduit's only boundary device is said with the conduit", graph.CodeFalseRedundancy,
			func() *lint {
				return plant().zone("ENG", 3).conduit("ENG-OPS", "ENG~OPS", "FW-4").asset("FW-4 firewall ENG").
					asset("EWS-1 EWS ENG").dep("EWS-1", "DC-1|DC-2", "auth", 0).dep("HMI-1", "FW-4", "syslog", 0)
			},
			graph.SeverityInfo, []string{"ENG-OPS", "DC-1", "DC-2", "EWS-1"}},
		{"a feed with an alternative that never carries is not judged", graph.CodeFalseRedundancy,
			func() *lint {
				return plant().asset("LIC-9 server OPS").asset("HIST-A historian OPS").asset("HIST-B historian CELL").
					dep("HIST-A", "LIC-9", "license", 0).dep("HIST-B", "LIC-9", "license", 0).
					feed("F-2", false, "SCADA-1 > HIST-A|HIST-B => HMI-1")
			},
			0, nil},
		{"a single provider is a single point, not false redundancy", graph.CodeFalseRedundancy,
			func() *lint {
				return newLint().zone("OPS", 3).asset("HMI-1 HMI OPS").asset("DC-1 DC OPS").asset("NTP-1 NTP OPS").
					dep("HMI-1", "DC-1", "auth", 0).dep("DC-1", "NTP-1", "ntp", 0)
			},
			0, nil},
		{"a cut between two single hops is no false redundancy", graph.CodeFalseRedundancy,
			func() *lint {
				return newLint().zone("OPS", 3).zone("CTRL", 2).zone("CELL", 1).
					conduit("OPS-CTRL", "OPS~CTRL").conduit("CELL-CTRL", "CELL~CTRL").conduit("OPS-CTRL-B", "OPS~CTRL").
					asset("VFD-1 other CELL").asset("PLC-1 PLC CTRL").asset("SCADA-1 SCADA OPS").asset("SCADA-2 SCADA OPS").asset("HMI-1 HMI OPS").
					feed("F-1", false, "VFD-1 > PLC-1 > SCADA-1|SCADA-2 => HMI-1")
			},
			0, nil},

		{"a domain controller and DNS that need each other are a cycle", graph.CodeDependencyCycle,
			func() *lint {
				return plant().asset("DNS-1 DNS OPS").dep("DC-1", "DNS-1", "dns", 0).dep("DNS-1", "DC-1", "auth", 0)
			},
			graph.SeverityWarning, []string{"DC-1", "DNS-1"}},
		{"a cycle of three is named in order", graph.CodeDependencyCycle,
			func() *lint {
				return plant().asset("MES-1 server OPS").asset("HIST-1 historian OPS").
					dep("HIST-1", "MES-1", "batch", 0).dep("MES-1", "DC-1", "auth", 0).dep("DC-1", "HIST-1", "logs", 0)
			},
			graph.SeverityWarning, []string{"DC-1", "HIST-1", "MES-1"}},
		{"an asset that needs itself is a cycle", graph.CodeDependencyCycle,
			func() *lint { return plant().dep("LIC-1", "LIC-1", "license", 0) },
			graph.SeverityWarning, []string{"LIC-1"}},
		{"a chain of dependencies is no cycle", graph.CodeDependencyCycle,
			func() *lint { return plant() }, 0, nil},

		{"a kind nobody knows is flagged", graph.CodeUnknownKind,
			func() *lint { return plant().asset("FC-1 Flow_Computer CELL") },
			graph.SeverityWarning, []string{"FC-1"}},
		{"an alias is a known kind", graph.CodeUnknownKind,
			func() *lint { return plant().asset("HMI-9 operator_workstation CTRL") }, 0, nil},

		{"a zone with no level is flagged", graph.CodeZoneWithoutLevel,
			func() *lint { return plant().zone("LAB", graph.NoLevel).asset("EWS-9 EWS LAB") },
			graph.SeverityWarning, []string{"LAB"}},
		{"a zone missing from the Zones sheet has no level", graph.CodeZoneWithoutLevel,
			func() *lint { return plant().asset("EWS-9 EWS LAB") },
			graph.SeverityWarning, []string{"LAB"}},
		{"level 0 is a level", graph.CodeZoneWithoutLevel,
			func() *lint { return plant().zone("FIELD", 0) }, 0, nil},

		{"a provider in no zone is flagged", graph.CodeUnzonedProvider,
			func() *lint { return plant().asset("DC-9 DC").dep("HMI-1", "DC-9", "auth", 0) },
			graph.SeverityWarning, []string{"DC-9"}},
		{"an asset in no zone that nothing needs is not", graph.CodeUnzonedProvider,
			func() *lint { return plant().asset("SPARE-1 server") }, 0, nil},

		{"a conduit from level 4 to level 2 skips levels", graph.CodeConduitSkipsLevels,
			func() *lint { return plant().conduit("ENT-CTRL", "ENT~CTRL") },
			graph.SeverityWarning, []string{"ENT-CTRL", "ENT", "CTRL"}},
		{"a diode out of level 2 into IT skips nothing that matters", graph.CodeConduitSkipsLevels,
			func() *lint { return plant().conduit("CTRL-ENT", "CTRL>ENT", "DD-1").asset("DD-1 diode CTRL") }, 0, nil},

		{"a conduit from IT to level 3 bypasses the DMZ", graph.CodeConduitBypassesDMZ,
			func() *lint { return plant().conduit("ENT-OPS", "ENT~OPS") },
			graph.SeverityWarning, []string{"ENT-OPS", "ENT", "OPS"}},
		{"a one-way conduit into IT from level 3 does not", graph.CodeConduitBypassesDMZ,
			func() *lint { return plant().conduit("OPS-ENT", "OPS>ENT") }, 0, nil},
		{"conduits through the DMZ do not", graph.CodeConduitBypassesDMZ,
			func() *lint { return plant() }, 0, nil},

		{"a safety feed to a dashboard in IT crosses IT", graph.CodeSafetyFeedCrossesIT,
			func() *lint {
				return plant().asset("MIR-1 historian DMZ").conduit("OPS-DMZ", "OPS>DMZ", "DD-1").asset("DD-1 diode OPS|DMZ").
					asset("DASH-1 workstation ENT").feed("S-2", true, "SCADA-1 > MIR-1 => DASH-1")
			},
			graph.SeverityWarning, []string{"S-2", "DASH-1"}},
		{"a safety feed through a host whose only leg toward it is IT crosses IT", graph.CodeSafetyFeedCrossesIT,
			func() *lint {
				return plant().zone("ZX", 3).conduit("ZX-OPS", "ZX~OPS", "FW-2").conduit("ENT-CELL", "ENT~CELL", "FW-1").
					asset("GW-9 server ENT|ZX").feed("S-2", true, "PLC-1 > GW-9 => HMI-1")
			},
			graph.SeverityWarning, []string{"S-2", "GW-9", "PLC-1"}},
		{"a telemetry feed to IT is no safety matter", graph.CodeSafetyFeedCrossesIT,
			func() *lint {
				return plant().asset("MIR-1 historian DMZ").conduit("OPS-DMZ", "OPS>DMZ", "DD-1").asset("DD-1 diode OPS|DMZ").
					asset("DASH-1 workstation ENT").feed("F-2", false, "SCADA-1 > MIR-1 => DASH-1")
			},
			0, nil},
		{"a safety feed to a station with a leg in IT, received in OT, stays in OT", graph.CodeSafetyFeedCrossesIT,
			func() *lint { return plant().asset("HMI-3 HMI OPS|ENT").feed("S-2", true, "SCADA-1 => HMI-3") },
			0, nil},

		{"a workstation in two zones bridges them", graph.CodeMultiHomedBridge,
			func() *lint { return plant().asset("EWS-1 EWS OPS|CTRL") },
			graph.SeverityWarning, []string{"EWS-1", "OPS", "CTRL"}},
		{"a firewall in two zones is a boundary device", graph.CodeMultiHomedBridge,
			func() *lint { return plant().asset("FW-9 firewall OPS|CTRL") }, 0, nil},
		{"a server named as a conduit's via is a boundary device", graph.CodeMultiHomedBridge,
			func() *lint {
				return plant().zone("LAB", 3).conduit("OPS-LAB", "OPS~LAB", "PROXY-1").asset("PROXY-1 server OPS|LAB")
			},
			0, nil},

		{"a provider listed twice is passed on as a model warning", graph.CodeModelWarning,
			func() *lint { return plant().dep("HMI-1", "NTP-1|NTP-1", "ntp", 0) },
			graph.SeverityWarning, []string{}},
		{"a clean model has no model warning", graph.CodeModelWarning,
			func() *lint { return plant() }, 0, nil},

		{"rows read past for their errors are an error", graph.CodeRowsLeftOut,
			func() *lint { l := plant(); l.m.Skipped = 2; return l },
			graph.SeverityError, []string{}},
		{"a model read whole leaves nothing out", graph.CodeRowsLeftOut,
			func() *lint { return plant() }, 0, nil},

		{"a model with no assets says so", graph.CodeNoAssets,
			func() *lint { return newLint() }, graph.SeverityWarning, []string{}},
		{"zones alone are no assets", graph.CodeNoAssets,
			func() *lint { return newLint().zone("OPS", 3) }, graph.SeverityWarning, []string{}},
		{"a model with assets is not empty", graph.CodeNoAssets,
			func() *lint { return plant() }, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := tc.site().validate(t)
			got := find(fs, tc.code)
			if tc.ids == nil {
				for _, f := range got {
					t.Errorf("unexpected %s %s %v: %s", f.Severity, f.Code, f.IDs, f.Message)
				}
				return
			}
			for _, f := range got {
				if f.Severity == tc.severity && slices.Equal(f.IDs, tc.ids) {
					if f.Message == "" || f.Hint == "" {
						t.Errorf("finding without message or hint: %+v", f)
					}
					return
				}
			}
			t.Errorf("no %s %s %v among:\n%s", tc.severity, tc.code, tc.ids, dump(fs))
		})
	}
}

func dump(fs []graph.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %v\n    %s\n", f.Severity, f.Code, f.IDs, f.Message)
	}
	return b.String()
}

// TestValidateSaysWhatAndWhy holds the messages to what a reader needs: the
// single action, what cannot reach what, the cycle in order.
func TestValidateSaysWhatAndWhy(t *testing.T) {
	cases := []struct {
		name, code string
		site       func() *lint
		want, not  []string
	}{
		{"false redundancy names the action and the shared provider", graph.CodeFalseRedundancy,
			func() *lint { return plant().dep("SCADA-1", "LIC-2", "license", 36*time.Hour) },
			[]string{`"shutdown asset:LIC-2"`, "SCADA-1 and SCADA-2 (both fail after 1d12h: each needs license from LIC-2)",
				"Through them 2 dependency rows fail (HMI-1 data, HMI-2 data) and 2 feeds miss consumers (F-1, S-1)",
				"Simulated, that action loses 2 operator stations, 2 feeds and 1 safety view, the first after 1d12h"}, nil},
		{"false redundancy by one firewall names the conduits", graph.CodeFalseRedundancy,
			func() *lint {
				return plant().zone("IT-A", 4).zone("IT-B", 4).conduit("ENT-A", "ENT~IT-A", "FW-9").conduit("ENT-B", "ENT~IT-B", "FW-9").
					asset("FW-9 firewall ENT").asset("AD-A DC IT-A").asset("AD-B DC IT-B").dep("PC-1", "AD-A|AD-B", "auth", 0)
			},
			[]string{`"shutdown asset:FW-9"`, "every link between them and zone ENT runs through conduits ENT-A, ENT-B, whose only boundary device is FW-9"}, nil},
		{"false redundancy that takes no station or feed says so", graph.CodeFalseRedundancy,
			func() *lint {
				return plant().zone("ENG", 3).conduit("ENG-OPS", "ENG~OPS", "FW-4").asset("FW-4 firewall ENG").
					asset("EWS-1 EWS ENG").dep("EWS-1", "DC-1|DC-2", "auth", 0)
			},
			[]string{`"cut conduit:ENG-OPS"`, "Through them 1 dependency row fails (EWS-1 auth). Simulated, that action loses no operator station, feed or safety view, only other assets"},
			[]string{"the first"}},
		{"a baseline loss says what cannot reach what", graph.CodeBaselineLoss,
			func() *lint { return plant().asset("HIST-1 historian CELL").dep("HIST-1", "DC-1", "auth", 0) },
			[]string{"HIST-1 has no two-way reach to DC-1: no conduit between zone CELL and zone OPS", "HIST-1 fails immediately"}, nil},
		{"a baseline feed loss names the step that cannot send", graph.CodeBaselineLoss,
			func() *lint { return plant().feed("F-2", false, "PLC-1 > SCADA-1 => HMI-1") },
			[]string{"feed F-2 is lost", "PLC-1 cannot send to SCADA-1: no conduit between zone CELL and zone OPS"}, nil},
		{"a cycle is named in order", graph.CodeDependencyCycle,
			func() *lint {
				return plant().asset("MES-1 server OPS").asset("HIST-1 historian OPS").
					dep("HIST-1", "MES-1", "batch", 0).dep("MES-1", "DC-1", "auth", 0).dep("DC-1", "HIST-1", "logs", 0)
			},
			[]string{"DC-1 needs HIST-1 (logs), HIST-1 needs MES-1 (batch), MES-1 needs DC-1 (auth)"}, nil},
		{"an unknown kind suggests the nearest", graph.CodeUnknownKind,
			func() *lint { return plant().asset("X-1 firewal CELL") },
			[]string{`did you mean "firewall"?`}, nil},
		{"a host in two OT zones is told to cross a conduit, with no DMZ between them", graph.CodeMultiHomedBridge,
			func() *lint { return plant().asset("EWS-1 EWS OPS|CTRL") },
			[]string{"give EWS-1 one zone and let what it needs from the other cross a conduit;"}, []string{"DMZ", "IT"}},
		{"a host in IT and OT is told to go through the DMZ", graph.CodeMultiHomedBridge,
			func() *lint { return plant().asset("HMI-3 HMI OPS|ENT") },
			[]string{"it bridges IT and OT around the DMZ", "cross conduits through the DMZ between IT and OT"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := find(tc.site().validate(t), tc.code)
			if len(got) == 0 {
				t.Fatalf("no %s finding", tc.code)
			}
			text := got[0].Message + "\n" + got[0].Hint
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q missing from:\n%s", w, text)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(text, w) {
					t.Errorf("%q in:\n%s", w, text)
				}
			}
		})
	}
}

func TestValidateNamesTheConduitRatherThanItsOnlyDevice(t *testing.T) {
	fs := plant().zone("ENG", 3).conduit("ENG-OPS", "ENG~OPS", "FW-4").asset("FW-4 firewall ENG").
		asset("EWS-1 EWS ENG").dep("EWS-1", "DC-1|DC-2", "auth", 0).validate(t)
	got := find(fs, graph.CodeFalseRedundancy)
	if len(got) != 1 || got[0].IDs[0] != "ENG-OPS" || !strings.Contains(got[0].Message, "conduit ENG-OPS (boundary device FW-4)") {
		t.Errorf("want one finding on conduit ENG-OPS that names FW-4, got:\n%s", dump(got))
	}
}

func TestValidateSortsBySeverityCodeAndPlace(t *testing.T) {
	fs := plant().asset("HIST-1 historian CELL").dep("HIST-1", "DC-1", "auth", 0).
		asset("FC-1 Flow_Computer CELL").asset("EWS-1 EWS OPS|CTRL").conduit("ENT-OPS", "ENT~OPS").validate(t)
	sorted := slices.IsSortedFunc(fs, func(a, b graph.Finding) int {
		if a.Severity != b.Severity {
			return int(a.Severity) - int(b.Severity)
		}
		return strings.Compare(a.Code, b.Code)
	})
	if !sorted || fs[0].Severity != graph.SeverityError {
		t.Errorf("findings are not sorted by severity, then code:\n%s", dump(fs))
	}
}

// TestValidateWaterworks holds validate to the flaws the example site
// really has (testdata/waterworks/NOTES.md): the license server under both
// SCADA servers, the GPS clock under both domain controllers and both
// SCADA servers, and the shift supervisor's station with a leg in the
// corporate LAN. The rest are the conduits the redundant pairs sit behind,
// which a containment cut takes with them (info). Nothing is lost with no
// action, there is no cycle, and every zone has its level.
func TestValidateWaterworks(t *testing.T) {
	// The feeds that pass the SCADA pair, and those with the historian.
	const (
		scadaFeeds = "F-BST-VIEW F-BW-CTRL F-CL2-CTRL F-CL2-VIEW F-COAG-CTRL F-COAG-VIEW F-FILT-VIEW F-HL-CTRL F-HL-VIEW F-INT-VIEW F-RES-VIEW F-VFD-VIEW S-CL2-LEAK S-EVAC S-RES-HH S-SIS-TRIP"
		allFeeds   = "F-ALARM F-BST-VIEW F-BW-CTRL F-CL2-CTRL F-CL2-VIEW F-COAG-CTRL F-COAG-VIEW F-FILT-VIEW F-HIST-SCADA F-HL-CTRL F-HL-VIEW F-INT-VIEW F-RES-VIEW F-VFD-VIEW S-CL2-LEAK S-EVAC S-RES-HH S-SIS-TRIP"
	)
	want := []string{
		// Both domain controllers and both SCADA servers need NTP-01 (3d).
		"warning false-redundancy NTP-01: DC-01 DC-02 SCADA-01 SCADA-02 ALM-01 BKP-01 EWS-01 EWS-02 EWS-03 HIST-01 HMI-CR-01 HMI-CR-02 HMI-CR-03 HMI-FG-01 HMI-PS-01 JMP-01 " + allFeeds,
		// Both SCADA servers need LIC-01 (1d12h): scenario 7.
		"warning false-redundancy LIC-01: SCADA-01 SCADA-02 ALM-01 HMI-CR-01 HMI-CR-02 HMI-CR-03 HMI-FG-01 HMI-PS-01 " + allFeeds,
		"warning multi-homed-bridge HMI-CR-03: OPS ENT",
		// The jump host reaches the domain controllers only through DMZ-OPS
		// (the diode is one-way): scenario 6.
		"info false-redundancy DMZ-OPS: DC-01 DC-02 JMP-01",
		// Level 2 reaches the pairs in OPS only through OPS-CTRL: scenario 4.
		"info false-redundancy OPS-CTRL: DC-01 DC-02 IOS-01 IOS-02 SCADA-01 SCADA-02 EWS-03 HMI-FG-01 HMI-PS-01 " + scadaFeeds,
		// Each cell reaches the I/O server pair through its one conduit.
		"info false-redundancy CTRL-INTAKE: IOS-01 IOS-02 F-INT-VIEW",
		"info false-redundancy CTRL-FILT: IOS-01 IOS-02 F-BW-CTRL F-COAG-CTRL F-COAG-VIEW F-FILT-VIEW",
		"info false-redundancy CTRL-CL2: IOS-01 IOS-02 F-CL2-CTRL F-CL2-VIEW",
		"info false-redundancy CTRL-PUMP: IOS-01 IOS-02 F-HL-CTRL F-HL-VIEW F-VFD-VIEW",
		"info false-redundancy CTRL-REM: IOS-01 IOS-02 F-BST-VIEW F-RES-VIEW S-RES-HH",
		"info false-redundancy SIS-CTRL: IOS-01 IOS-02 S-CL2-LEAK S-EVAC S-SIS-TRIP",
	}
	for _, path := range []string{"../testdata/waterworks", "../testdata/waterworks.xlsx"} {
		t.Run(path, func(t *testing.T) {
			m, err := importers.Load(path, importers.Options{})
			if err != nil {
				t.Fatal(err)
			}
			fs, err := m.Validate()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				if f.IDs[0] != f.Place.ID {
					t.Errorf("%s: the first id is not the one at its place: %v, %+v", f.Code, f.IDs, f.Place)
				}
				got = append(got, fmt.Sprintf("%s %s %s: %s", f.Severity, f.Code, f.Place.ID, strings.Join(f.IDs[1:], " ")))
			}
			if !slices.Equal(got, want) {
				t.Errorf("waterworks findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestValidateWaterworksFindingsAreExplained(t *testing.T) {
	m, err := importers.Load("../testdata/waterworks", importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := m.Validate()
	if err != nil {
		t.Fatal(err)
	}
	lic := find(fs, graph.CodeFalseRedundancy)[1]
	for _, w := range []string{`"shutdown asset:LIC-01"`, "SCADA-01 and SCADA-02 (both fail after 1d12h: each needs license from LIC-01)",
		"Through them 6 dependency rows fail", "and 18 feeds miss consumers",
		// What simulate --shutdown asset:LIC-01 says, F-TREND included.
		"Simulated, that action loses 5 operator stations (4 more degraded), 19 feeds and 4 safety views, the first after 1d12h"} {
		if !strings.Contains(lic.Message, w) {
			t.Errorf("%q missing from the license server finding:\n%s", w, lic.Message)
		}
	}
	if lic.Place.Sheet != "assets" || lic.Place.Row != 26 {
		t.Errorf("the license server finding points at %+v, want the assets row of LIC-01 (26)", lic.Place)
	}
}

// TestValidateFalseRedundancyIsTheSimulationsAnswer holds every
// false-redundancy finding on random sites (rank's randomSite) to the
// simulation of the action
// it names: each feed it names misses consumers, and each dependency row it
// names fails (its consumer is lost), where with no action all is well.
func TestValidateFalseRedundancyIsTheSimulationsAnswer(t *testing.T) {
	rows := regexp.MustCompile(`Through them \d+ dependency rows? fails? \((.*?)\)(?: and \d+ feeds?|\. Simulated)`)
	checked := 0
	for seed := int64(1); seed <= 500; seed++ {
		m := randomSite(rand.New(rand.NewSource(seed)))
		if errs := m.Resolve(false); len(errs) > 0 {
			t.Fatalf("seed %d: %v", seed, errs)
		}
		fs, err := m.Validate()
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		base, err := m.Simulate(nil, graph.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range find(fs, graph.CodeFalseRedundancy) {
			action := namedAction(f)
			res, err := m.Simulate([]graph.Action{action}, graph.Options{})
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			for _, id := range f.IDs {
				if isFeed(m, id) && (!feedHit(res, id) || feedHit(base, id)) {
					t.Errorf("seed %d: %q names feed %s, which %s does not take:\n%s", seed, f.Message, id, action, dumpSite(m))
				}
			}
			if sub := rows.FindStringSubmatch(f.Message); sub != nil {
				for _, item := range strings.Split(sub[1], ", ") {
					consumer, _, _ := strings.Cut(item, " ")
					if strings.HasPrefix(item, "…") {
						continue
					}
					if !assetLost(res, consumer) || assetLost(base, consumer) {
						t.Errorf("seed %d: %q says a row of %s fails, but %s does not lose it:\n%s", seed, f.Message, consumer, action, dumpSite(m))
					}
				}
			}
			checked++
		}
	}
	t.Logf("%d findings checked", checked)
	if checked < 50 {
		t.Errorf("only %d false-redundancy findings on the random sites: the generator does not exercise the check", checked)
	}
}

// TestValidateFalseRedundancyCountsAreTheSimulations holds the numbers of
// every false-redundancy finding — operator stations, feeds and safety views
// lost and degraded, and the first loss — to Simulate of the action it
// names, as simulate's JSON summary and compare's first loss give them: on
// the example site, on random sites and on generated sites.
func TestValidateFalseRedundancyCountsAreTheSimulations(t *testing.T) {
	type site struct {
		name string
		m    func() *graph.Model
	}
	sites := []site{{"waterworks", func() *graph.Model {
		m, err := importers.Load("../testdata/waterworks", importers.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}}}
	for _, size := range []struct{ n, sites int }{{synth.MinAssets(1), 1}, {2000, 1}, {3000, 3}} {
		sites = append(sites, site{fmt.Sprintf("generated %d assets, %d sites", size.n, size.sites), func() *graph.Model {
			return resolved(t, synth.Generate(size.n, size.sites, 1))
		}})
	}
	for seed := int64(1); seed <= 300; seed++ {
		sites = append(sites, site{fmt.Sprintf("random seed %d", seed), func() *graph.Model {
			return resolved(t, randomSite(rand.New(rand.NewSource(seed))))
		}})
	}
	checked := 0
	for _, s := range sites {
		m := s.m()
		fs, err := m.Validate()
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		for _, f := range find(fs, graph.CodeFalseRedundancy) {
			// Compare simulates the action and gives the first loss the way
			// compare and rank show it.
			action := namedAction(f)
			cmp, err := m.Compare([]graph.Scenario{{Name: "finding", Actions: []graph.Action{action}}}, graph.Options{})
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			res := cmp.Scenarios[0]
			got, gotFirst, ok := simulatedClause(f.Message)
			if !ok {
				t.Errorf("%s: %s: no simulated counts in %q", s.name, action, f.Message)
				continue
			}
			if got != res.Summary {
				t.Errorf("%s: %s: the finding says %+v, simulate says %+v:\n%s", s.name, action, got, res.Summary, f.Message)
			}
			want := ""
			switch first := res.EarliestLossS; {
			case first == 0:
				want = "immediately"
			case first > 0:
				want = "after " + graph.FormatDuration(first*1000)
			}
			if gotFirst != want {
				t.Errorf("%s: %s: the finding's first loss is %q, simulate's %q:\n%s", s.name, action, gotFirst, want, f.Message)
			}
			if got == (graph.Summary{}) && res.OtherAssets == 0 {
				t.Errorf("%s: %s: the finding says only other assets are lost, simulate loses none:\n%s", s.name, action, f.Message)
			}
			checked++
		}
	}
	t.Logf("%d findings checked", checked)
	if checked < 100 {
		t.Errorf("only %d false-redundancy findings: the sites do not exercise the check", checked)
	}
}

// simulatedClause reads the counts back from a false-redundancy message:
// "Simulated, that action loses 5 operator stations (4 more degraded), 19
// feeds and 4 safety views, and degrades …, the first after 1d12h". first
// is the first loss as written ("immediately", "after 1d12h"), "" when the
// message names none.
func simulatedClause(msg string) (sum graph.Summary, first string, ok bool) {
	_, clause, found := strings.Cut(msg, ". Simulated, that action ")
	if !found {
		return sum, "", false
	}
	if c, when, found := strings.Cut(clause, ", the first "); found {
		clause, first = c, when
	}
	if clause == "loses no operator station, feed or safety view, only other assets" {
		return sum, first, first == ""
	}
	lost, degraded, _ := strings.Cut(clause, "degrades ")
	if lost != "" && !strings.HasPrefix(lost, "loses ") {
		return sum, "", false
	}
	count := func(part, noun string) (n, more int) {
		sub := regexp.MustCompile(`(\d+) ` + noun + `s?\b(?: \((\d+) more degraded\))?`).FindStringSubmatch(part)
		if sub == nil {
			return 0, 0
		}
		n, _ = strconv.Atoi(sub[1])
		more, _ = strconv.Atoi(sub[2])
		return n, more
	}
	sum.OperatorStationsLost, sum.OperatorStationsDegraded = count(lost, "operator station")
	sum.FeedsLost, sum.FeedsDegraded = count(lost, "feed")
	sum.SafetyVisibilityLost, sum.SafetyVisibilityDegraded = count(lost, "safety view")
	if n, _ := count(degraded, "operator station"); n > 0 {
		sum.OperatorStationsDegraded = n
	}
	if n, _ := count(degraded, "feed"); n > 0 {
		sum.FeedsDegraded = n
	}
	if n, _ := count(degraded, "safety view"); n > 0 {
		sum.SafetyVisibilityDegraded = n
	}
	return sum, first, sum != graph.Summary{} && first != ""
}

func resolved(t *testing.T, m *graph.Model) *graph.Model {
	t.Helper()
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	return m
}

// namedAction is the single action a false-redundancy finding names: a
// warning shuts down the asset at its place, an info cuts the conduit.
func namedAction(f graph.Finding) graph.Action {
	if f.Severity == graph.SeverityInfo {
		return graph.Action{Verb: graph.Cut, Target: "conduit:" + f.IDs[0]}
	}
	return graph.Action{Verb: graph.Shutdown, Target: "asset:" + f.IDs[0]}
}

func isFeed(m *graph.Model, id string) bool {
	return slices.ContainsFunc(m.Feeds, func(f graph.Feed) bool { return f.ID == id })
}

func feedHit(res *graph.Result, id string) bool {
	return slices.ContainsFunc(res.Feeds, func(f graph.FeedImpact) bool { return f.ID == id })
}

func assetLost(res *graph.Result, id string) bool {
	return slices.ContainsFunc(res.Assets, func(a graph.AssetImpact) bool { return a.ID == id && a.Status == graph.StatusLost })
}

// dumpSite writes a random site for a failure message.
func dumpSite(m *graph.Model) string {
	var b strings.Builder
	for _, a := range m.Assets {
		fmt.Fprintf(&b, "  asset %s %s %v\n", a.ID, a.Kind, a.Zones)
	}
	for _, c := range m.Conduits {
		fmt.Fprintf(&b, "  conduit %s %s→%s one-way=%v via %v\n", c.ID, c.From, c.To, c.OneWay, c.Via)
	}
	for _, d := range m.Dependencies {
		fmt.Fprintf(&b, "  dep %s needs %d of %v grace %dms\n", d.Consumer, d.Need, d.Providers, d.GraceMS)
	}
	for _, f := range m.Feeds {
		fmt.Fprintf(&b, "  feed %s %v > %v => %v\n", f.ID, f.Source, f.Via, f.To)
	}
	return b.String()
}

// TestValidateFindsThePlantedFlaws holds validate to the design flaws that
// generate plants on purpose (synth.Flaws): each is found, under its check,
// naming first what it names first, and nothing else is called a flaw.
func TestValidateFindsThePlantedFlaws(t *testing.T) {
	for _, size := range []struct{ n, sites int }{{synth.MinAssets(1), 1}, {2000, 3}} {
		t.Run(fmt.Sprintf("%d assets, %d sites", size.n, size.sites), func(t *testing.T) {
			m := synth.Generate(size.n, size.sites, 1)
			if errs := m.Resolve(false); len(errs) > 0 {
				t.Fatal(errs)
			}
			fs, err := m.Validate()
			if err != nil {
				t.Fatal(err)
			}
			matched := make([]bool, len(fs))
			for _, flaw := range synth.Flaws(size.n, size.sites, 1) {
				var where []string
				for _, w := range flaw.Where {
					_, id, _ := strings.Cut(w, ":")
					where = append(where, id)
				}
				i := slices.IndexFunc(fs, func(f graph.Finding) bool {
					return f.Code == flaw.Check && f.IDs[0] == where[0] &&
						!slices.ContainsFunc(where, func(id string) bool { return !slices.Contains(f.IDs, id) })
				})
				if i < 0 {
					t.Errorf("%s (%s, %v) is not found:\n%s", flaw.ID, flaw.Check, flaw.Where, dump(fs))
					continue
				}
				matched[i] = true
			}
			for i, f := range fs {
				if !matched[i] && f.Severity != graph.SeverityInfo {
					t.Errorf("a finding no flaw was planted for: %s %s %v: %s", f.Severity, f.Code, f.IDs, f.Message)
				}
			}
		})
	}
}
