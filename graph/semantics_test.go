package graph

import (
	"strings"
	"testing"
	"time"
)

const (
	h8     = 8 * time.Hour
	d3     = 72 * time.Hour
	minute = time.Minute
)

// Each test below is one of design.md's semantic rules; its cases would fail
// if the rule were broken.

func TestRule1RunningAndNetworked(t *testing.T) {
	m := newSite().zone("Z", 2).
		asset("PLC-1 plc Z").asset("SRV-1 server Z").asset("HMI-1 hmi Z").
		dep("HMI-1", 1, "SRV-1", 0, "data").
		build(t)
	tests := []struct {
		name, action, id, want string
	}{
		{"shut down asset runs nothing", "shutdown asset:SRV-1", "SRV-1", "shutdown@0"},
		{"isolated asset is reported isolated, not shut down", "isolate asset:SRV-1", "SRV-1", "isolated@0"},
		{"isolated provider is unreachable to its consumer", "isolate asset:SRV-1", "HMI-1", "lost@0"},
		{"isolated consumer is isolated first", "isolate asset:HMI-1", "HMI-1", "isolated@0"},
		{"shut down zone shuts down its assets", "shutdown zone:Z", "PLC-1", "shutdown@0"},
		{"isolated zone keeps traffic inside", "isolate zone:Z", "HMI-1", "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := assetStatus(simulate(t, m, "", tc.action), tc.id); got != tc.want {
				t.Errorf("%s: %s is %s, want %s", tc.action, tc.id, got, tc.want)
			}
		})
	}
}

func TestRule2Conduits(t *testing.T) {
	m := newSite().zone("A", 3).zone("B", 2).zone("M", 3.5).
		asset("FW-1 firewall A|B").asset("FW-2 firewall A|B").asset("MGMT-1 server M").
		asset("SRV-1 server A").asset("CLI-1 workstation B").
		conduit("A-B", "A~B", "FW-1", "FW-2").
		dep("CLI-1", 1, "SRV-1", 0, "data").
		dep("FW-1", 1, "MGMT-1", 0, "management").
		build(t)
	tests := []struct {
		name    string
		actions []string
		want    string
	}{
		{"redundant via pair survives one shutdown", []string{"shutdown asset:FW-1"}, "ok"},
		{"conduit down when every via device is shut down", []string{"shutdown asset:FW-1", "shutdown asset:FW-2"}, "lost@0"},
		{"isolated via device carries nothing", []string{"isolate asset:FW-1", "shutdown asset:FW-2"}, "lost@0"},
		{"via device failed through its dependencies still forwards", []string{"shutdown asset:MGMT-1", "shutdown asset:FW-2"}, "ok"},
		{"cut conduit carries nothing", []string{"cut conduit:A-B"}, "lost@0"},
		{"isolating a zone at one end cuts the conduit", []string{"isolate zone:B"}, "lost@0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := assetStatus(simulate(t, m, "", tc.actions...), "CLI-1"); got != tc.want {
				t.Errorf("CLI-1 is %s, want %s", got, tc.want)
			}
		})
	}
}

func TestRule3Reach(t *testing.T) {
	m := newSite().zone("A", 3).zone("B", 2).zone("C", 1).zone("D", 3.5).zone("E", 1).
		asset("SRV-A server A").asset("CLI-B workstation B").asset("CLI-C workstation C").
		asset("HIST hist A").asset("MIRROR hist D").asset("HMI-D hmi D").
		asset("MH server B|E").asset("CLI-E workstation E").
		conduit("A-B", "A~B").conduit("B-C", "B~C").conduit("A>D", "A>D").
		dep("CLI-B", 1, "SRV-A", 0, "data").
		feed("F-MIRROR", FeedView, false, "HIST => MIRROR").
		feed("F-BACK", FeedView, false, "MIRROR => HIST").
		feed("F-DIODE-HOP", FeedView, false, "HIST > MIRROR => HMI-D").
		build(t)
	base := simulate(t, m, "")
	if got := assetStatus(base, "CLI-B"); got != "ok" {
		t.Errorf("direct conduit: CLI-B is %s, want ok", got)
	}
	if got := feedStatus(base, "F-MIRROR"); got != "ok" {
		t.Errorf("one-way conduit lets a feed hop through from→to: %s", got)
	}
	if got := feedStatus(base, "F-BACK"); got != "lost@0 lost_at=HIST still_at=" {
		t.Errorf("one-way conduit blocks to→from: %s", got)
	}
	if got := feedStatus(base, "F-DIODE-HOP"); got != "ok" {
		t.Errorf("hops re-originate traffic across a diode: %s", got)
	}

	t.Run("no routing across two conduits", func(t *testing.T) {
		m := newSite().zone("A", 3).zone("B", 2).zone("C", 1).
			asset("SRV-A server A").asset("CLI-C workstation C").
			conduit("A-B", "A~B").conduit("B-C", "B~C").
			dep("CLI-C", 1, "SRV-A", 0, "data").build(t)
		if got := assetStatus(simulate(t, m, ""), "CLI-C"); got != "lost@0" {
			t.Errorf("CLI-C is %s, want lost@0", got)
		}
	})
	t.Run("dependency across a one-way conduit lacks two-way reach", func(t *testing.T) {
		m := newSite().zone("A", 3).zone("D", 3.5).
			asset("SRV-A server A").asset("CLI-D workstation D").
			conduit("A>D", "A>D").dep("CLI-D", 1, "SRV-A", 0, "data").build(t)
		if got := assetStatus(simulate(t, m, ""), "CLI-D"); got != "lost@0" {
			t.Errorf("CLI-D is %s, want lost@0", got)
		}
	})
	t.Run("multi-homed asset shares each of its zones", func(t *testing.T) {
		m := newSite().zone("B", 2).zone("E", 1).
			asset("MH server B|E").asset("CLI-E workstation E").
			dep("CLI-E", 1, "MH", 0, "data").build(t)
		if got := assetStatus(simulate(t, m, ""), "CLI-E"); got != "ok" {
			t.Errorf("CLI-E is %s, want ok", got)
		}
	})
	t.Run("asset in no zone reaches nothing", func(t *testing.T) {
		m := newSite().zone("B", 2).
			asset("LOOSE server").asset("CLI-B workstation B").
			dep("CLI-B", 1, "LOOSE", 0, "data").build(t)
		if got := assetStatus(simulate(t, m, ""), "CLI-B"); got != "lost@0" {
			t.Errorf("CLI-B is %s, want lost@0", got)
		}
	})
}

func TestRule4FailureInTime(t *testing.T) {
	tests := []struct {
		name    string
		site    *site
		actions []string
		id      string
		want    string
	}{
		{
			name: "grace delays the loss",
			site: newSite().zone("Z", 3).asset("DC-1 dc Z").asset("HMI-1 hmi Z").
				dep("HMI-1", 1, "DC-1", h8, "auth"),
			actions: []string{"shutdown asset:DC-1"}, id: "HMI-1", want: "lost@28800",
		},
		{
			name: "redundant pair survives one loss",
			site: newSite().zone("Z", 3).asset("DC-1 dc Z").asset("DC-2 dc Z").asset("HMI-1 hmi Z").
				dep("HMI-1", 1, "DC-1|DC-2", h8, "auth"),
			actions: []string{"shutdown asset:DC-1"}, id: "HMI-1", want: "degraded@0",
		},
		{
			name: "need 2 of 3 fails when the second goes",
			site: newSite().zone("Z", 3).asset("S-1 server Z").asset("S-2 server Z").asset("S-3 server Z").asset("C server Z").
				asset("LIC lic Z").
				dep("C", 2, "S-1|S-2|S-3", minute, "data").dep("S-2", 1, "LIC", time.Hour, "license"),
			actions: []string{"shutdown asset:S-1", "shutdown asset:LIC"}, id: "C", want: "lost@3660",
		},
		{
			name: "need 2 of 3 holds with one lost",
			site: newSite().zone("Z", 3).asset("S-1 server Z").asset("S-2 server Z").asset("S-3 server Z").asset("C server Z").
				dep("C", 2, "S-1|S-2|S-3", minute, "data"),
			actions: []string{"shutdown asset:S-1"}, id: "C", want: "degraded@0",
		},
		{
			name: "grace times add up along a chain",
			site: newSite().zone("Z", 3).asset("NTP ntp Z").asset("DC dc Z").asset("SCADA scada Z").
				dep("DC", 1, "NTP", d3, "time").dep("SCADA", 1, "DC", h8, "auth"),
			actions: []string{"shutdown asset:NTP"}, id: "SCADA", want: "lost@288000",
		},
		{
			name: "a dependency cycle stands unless broken from outside",
			site: newSite().zone("Z", 3).asset("DC dc Z").asset("DNS dns Z").asset("X server Z").
				dep("DC", 1, "DNS", 0, "dns").dep("DNS", 1, "DC", 0, "auth"),
			actions: []string{"shutdown asset:X"}, id: "DC", want: "ok",
		},
		{
			name: "a cycle broken from outside falls",
			site: newSite().zone("Z", 3).asset("DC dc Z").asset("DNS dns Z").asset("NTP ntp Z").
				dep("DC", 1, "DNS", time.Hour, "dns").dep("DNS", 1, "DC", time.Hour, "auth").dep("DNS", 1, "NTP", 30*minute, "time"),
			actions: []string{"shutdown asset:NTP"}, id: "DC", want: "lost@5400",
		},
		{
			name: "the earliest failing row decides",
			site: newSite().zone("Z", 3).asset("A server Z").asset("B server Z").asset("C server Z").
				dep("C", 1, "A", h8, "x").dep("C", 1, "B", minute, "y"),
			actions: []string{"shutdown asset:A", "shutdown asset:B"}, id: "C", want: "lost@60",
		},
		{
			name: "a row fails when fewer than need remain, not at the first loss",
			site: newSite().zone("Z", 3).asset("P-1 server Z").asset("P-2 server Z").asset("P-3 server Z").
				asset("L-2 server Z").asset("L-3 server Z").asset("C server Z").
				dep("P-2", 1, "L-2", time.Hour, "a").dep("P-3", 1, "L-3", 2*time.Hour, "a").
				dep("C", 2, "P-1|P-2|P-3", 0, "data"),
			actions: []string{"shutdown asset:L-2", "shutdown asset:L-3"}, id: "C", want: "lost@7200",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.site.build(t)
			if got := assetStatus(simulate(t, m, "", tc.actions...), tc.id); got != tc.want {
				t.Errorf("%s is %s, want %s", tc.id, got, tc.want)
			}
		})
	}
}

// scadaSite is a small SCADA system: two PLCs, a redundant SCADA pair and
// two operator stations, with the SCADA servers needing a license server.
func scadaSite() *site {
	return newSite().zone("OPS", 3).zone("CELL", 1).
		asset("PLC-1 plc CELL").asset("PLC-2 plc CELL").
		asset("SCADA-1 scada OPS").asset("SCADA-2 scada OPS").asset("LIC lic OPS").
		asset("HMI-1 hmi OPS").asset("HMI-2 hmi OPS").asset("HIST historian OPS").
		conduit("OPS-CELL", "OPS~CELL").
		dep("SCADA-1", 1, "LIC", 36*time.Hour, "license").
		dep("SCADA-2", 1, "LIC", 36*time.Hour, "license").
		feed("F-1", FeedView, false, "PLC-1 > SCADA-1|SCADA-2 => HMI-1|HMI-2").
		feed("F-2", FeedView, true, "PLC-2 > SCADA-1 => HMI-1|HMI-2|HIST").
		feed("F-3", FeedView, true, "PLC-2 => HIST").
		feed("F-C", FeedControl, false, "HMI-1|HMI-2 > SCADA-1|SCADA-2 => PLC-1")
}

func TestRule5Feeds(t *testing.T) {
	m := scadaSite().build(t)
	tests := []struct {
		name    string
		actions []string
		feed    string
		want    string
	}{
		{"alternative hop carries the feed", []string{"shutdown asset:SCADA-1"}, "F-1", "ok"},
		{"feed lost when every alternative of a hop is down", []string{"shutdown asset:SCADA-1", "shutdown asset:SCADA-2"}, "F-1", "lost@0 lost_at=HMI-1,HMI-2 still_at="},
		{"feed degraded when it misses some consumers", []string{"shutdown asset:HMI-1"}, "F-1", "degraded@0 lost_at=HMI-1 still_at=HMI-2"},
		{"feed lasts as long as its hop's grace", []string{"shutdown asset:LIC"}, "F-1", "lost@129600 lost_at=HMI-1,HMI-2 still_at="},
		{"feed lost when no chain can send", []string{"cut conduit:OPS-CELL"}, "F-1", "lost@0 lost_at=HMI-1,HMI-2 still_at="},
		{"feed from an isolated source is lost", []string{"isolate asset:PLC-1"}, "F-1", "lost@0 lost_at=HMI-1,HMI-2 still_at="},
		{"alternative source carries a control feed", []string{"shutdown asset:HMI-1"}, "F-C", "ok"},
		{"lost at the latest consumer, degraded before", []string{"shutdown asset:SCADA-1", "shutdown asset:HIST"}, "F-2", "lost@0 lost_at=HIST,HMI-1,HMI-2 still_at="},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := feedStatus(simulate(t, m, "", tc.actions...), tc.feed); got != tc.want {
				t.Errorf("%s is %s, want %s", tc.feed, got, tc.want)
			}
		})
	}
	t.Run("a consumer failing on its own ends the feed at its failure time", func(t *testing.T) {
		m := scadaSite().asset("DC dc OPS").dep("HMI-1", 1, "DC", h8, "auth").build(t)
		res := simulate(t, m, "", "shutdown asset:DC")
		if got, want := feedStatus(res, "F-1"), "degraded@28800 lost_at=HMI-1 still_at=HMI-2"; got != want {
			t.Errorf("F-1 is %s, want %s", got, want)
		}
	})
	t.Run("latest D decides lost, earliest decides degraded", func(t *testing.T) {
		m := newSite().zone("Z", 3).asset("P plc Z").asset("K-1 hmi Z").asset("K-2 hmi Z").
			asset("DC-1 dc Z").asset("DC-2 dc Z").
			dep("K-1", 1, "DC-1", time.Hour, "auth").dep("K-2", 1, "DC-2", 2*time.Hour, "auth").
			feed("F", FeedView, false, "P => K-1|K-2").build(t)
		res := simulate(t, m, "", "shutdown asset:DC-1", "shutdown asset:DC-2")
		if got, want := feedStatus(res, "F"), "lost@7200 lost_at=K-1,K-2 still_at="; got != want {
			t.Errorf("F is %s, want %s", got, want)
		}
		res = simulate(t, m, "", "shutdown asset:DC-2")
		if got, want := feedStatus(res, "F"), "degraded@7200 lost_at=K-2 still_at=K-1"; got != want {
			t.Errorf("F is %s, want %s", got, want)
		}
	})
}

func TestRule6OperatorStations(t *testing.T) {
	m := scadaSite().asset("DC-1 dc OPS").asset("DC-2 dc OPS").
		dep("HMI-1", 1, "DC-1|DC-2", h8, "auth").build(t)
	tests := []struct {
		name    string
		actions []string
		id      string
		want    string
	}{
		{"shut down station is lost", []string{"shutdown asset:HMI-1"}, "HMI-1", "lost@0"},
		{"isolated station is lost", []string{"isolate asset:HMI-1"}, "HMI-1", "lost@0"},
		{"station failed through dependencies is lost at its failure time", []string{"shutdown asset:DC-1", "shutdown asset:DC-2"}, "HMI-1", "lost@28800"},
		{"station that lost a redundant provider is degraded", []string{"shutdown asset:DC-1"}, "HMI-1", "degraded@0"},
		{"station that a feed stops reaching is degraded", []string{"shutdown asset:PLC-1"}, "HMI-2", "degraded@0"},
		{"station degraded at the earliest cause", []string{"shutdown asset:LIC", "shutdown asset:DC-2"}, "HMI-1", "degraded@0"},
		{"station degraded when its feeds end later", []string{"shutdown asset:LIC"}, "HMI-2", "degraded@129600"},
		{"station unaffected", []string{"shutdown asset:HIST"}, "HMI-2", "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := stationStatus(simulate(t, m, "", tc.actions...), tc.id); got != tc.want {
				t.Errorf("%s is %s, want %s", tc.id, got, tc.want)
			}
		})
	}
	t.Run("a feed alone does not degrade the asset entry", func(t *testing.T) {
		res := simulate(t, m, "", "shutdown asset:PLC-1")
		if got := assetStatus(res, "HMI-2"); got != "ok" {
			t.Errorf("assets entry for HMI-2 is %s, want ok (rule 8 counts providers only)", got)
		}
	})
}

func TestRule7SafetyVisibility(t *testing.T) {
	m := scadaSite().build(t)
	tests := []struct {
		name    string
		actions []string
		feed    string
		want    string
	}{
		{"safety view counted at operator stations only", []string{"shutdown asset:HIST"}, "F-2", "ok"},
		{"safety view lost when no operator station sees it", []string{"shutdown asset:HMI-1", "shutdown asset:HMI-2"}, "F-2", "lost@0 lost_at=HMI-1,HMI-2 still_at="},
		{"safety view degraded when one station misses it", []string{"shutdown asset:HMI-2"}, "F-2", "degraded@0 lost_at=HMI-2 still_at=HMI-1"},
		{"safety view without operator stations counts every consumer", []string{"shutdown asset:HIST"}, "F-3", "lost@0 lost_at=HIST still_at="},
		{"non-safety feed is no safety view", []string{"shutdown asset:PLC-1"}, "F-1", "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := safetyStatus(simulate(t, m, "", tc.actions...), tc.feed); got != tc.want {
				t.Errorf("%s is %s, want %s", tc.feed, got, tc.want)
			}
		})
	}
	t.Run("control feeds are no safety view", func(t *testing.T) {
		m := newSite().zone("Z", 1).asset("SIS sis Z").asset("HMI hmi Z").
			feed("TRIP", FeedControl, true, "HMI => SIS").build(t)
		if got := safetyStatus(simulate(t, m, "", "shutdown asset:HMI"), "TRIP"); got != "ok" {
			t.Errorf("TRIP is %s, want ok", got)
		}
	})
}

func TestRule8AssetStatuses(t *testing.T) {
	m := newSite().zone("Z", 3).asset("A server Z").asset("B server Z").asset("C server Z").asset("D server Z").
		dep("C", 1, "A|B", 0, "data").dep("D", 1, "A", time.Hour, "data").build(t)
	tests := []struct {
		name    string
		actions []string
		id      string
		want    string
	}{
		{"shutdown wins over isolated", []string{"isolate asset:A", "shutdown asset:A"}, "A", "shutdown@0"},
		{"isolated wins over lost", []string{"isolate asset:D", "shutdown asset:A"}, "D", "isolated@0"},
		{"lost through a dependency at its failure time", []string{"shutdown asset:A"}, "D", "lost@3600"},
		{"degraded while a row still holds", []string{"shutdown asset:A"}, "C", "degraded@0"},
		{"ok when nothing it needs is touched", []string{"shutdown asset:B"}, "D", "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := assetStatus(simulate(t, m, "", tc.actions...), tc.id); got != tc.want {
				t.Errorf("%s is %s, want %s", tc.id, got, tc.want)
			}
		})
	}
}

func TestRule9AttackerReach(t *testing.T) {
	build := func() *Model {
		return newSite().zone("IT", 4).zone("DMZ", 3.5).zone("OPS", 3).zone("CELL", 1).zone("SIS", 1).
			asset("LAPTOP workstation IT").asset("FW-1 firewall IT|DMZ").asset("JMP jump DMZ").
			asset("VGW vgw DMZ").asset("SCADA scada OPS").asset("HMI hmi OPS").
			asset("PLC-1 plc CELL").asset("SIS-1 sis SIS").asset("SW switch CELL|SIS").
			asset("FLOW server OPS", "safety").
			conduit("IT-DMZ", "IT~DMZ", "FW-1").conduit("DMZ-OPS", "DMZ~OPS").conduit("OPS-CELL", "OPS~CELL").
			build(t)
	}
	m := build()
	tests := []struct {
		name, compromised string
		actions           []string
		before, after     string
	}{
		{"pivoting host to host reaches the cell", "asset:LAPTOP", []string{"cut conduit:DMZ-OPS"}, "FLOW,PLC-1,SW", ""},
		{"boundary device reached but no pivot", "asset:PLC-1", nil, "FLOW,SW", "FLOW,SW"},
		{"compromised boundary device is a foothold", "asset:SW", nil, "FLOW,PLC-1,SIS-1", "FLOW,PLC-1,SIS-1"},
		{"isolating the foothold cuts the attacker off", "asset:JMP", []string{"isolate asset:JMP"}, "FLOW,PLC-1,SW", ""},
		{"compromised assets are not listed", "zone:CELL", nil, "FLOW,SIS-1", "FLOW,SIS-1"},
		{"a switch in a level-1 zone is protected but no pivot", "asset:HMI", nil, "FLOW,PLC-1,SW", "FLOW,PLC-1,SW"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := simulate(t, m, tc.compromised, tc.actions...)
			if res.Attacker == nil {
				t.Fatal("no attacker section with --compromised")
			}
			if got := strings.Join(res.Attacker.ProtectedReachableBefore, ","); got != tc.before {
				t.Errorf("before: %q, want %q", got, tc.before)
			}
			if got := strings.Join(res.Attacker.ProtectedReachableAfter, ","); got != tc.after {
				t.Errorf("after: %q, want %q", got, tc.after)
			}
		})
	}
	t.Run("one-way conduit carries no attack upstream", func(t *testing.T) {
		m := newSite().zone("OPS", 3).zone("DMZ", 3.5).asset("HIST hist OPS").asset("PLC plc OPS").
			asset("MIRROR hist DMZ").conduit("D", "OPS>DMZ").build(t)
		res := simulate(t, m, "asset:MIRROR")
		if got := res.Attacker.ProtectedReachableBefore; len(got) != 0 {
			t.Errorf("reachable upstream through a diode: %v", got)
		}
	})
	t.Run("no attacker section without --compromised", func(t *testing.T) {
		if res := simulate(t, m, ""); res.Attacker != nil {
			t.Errorf("attacker section present: %+v", res.Attacker)
		}
	})
}

func TestRule10SignOff(t *testing.T) {
	m := newSite().zone("Z", 3).
		asset("DC dc Z", "owner=IT").asset("HMI hmi Z", "owner=OT").asset("PLC plc Z", "owner=OT").
		asset("X server Z").
		dep("HMI", 1, "DC", h8, "auth").
		feed("F", FeedView, false, "PLC => HMI").build(t)
	res := simulate(t, m, "", "shutdown asset:DC", "shutdown asset:X")
	got := map[string]string{}
	for _, s := range res.SignOff {
		got[s.Owner] = strings.Join(s.Items, ",")
	}
	want := map[string]string{"IT": "DC", "OT": "F,HMI", "unassigned": "X"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("sign-off %s: %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

func TestWhyNamesTheAction(t *testing.T) {
	m := scadaSite().asset("DC-1 dc OPS").asset("DC-2 dc OPS").zone("IT", 4).asset("DC-3 dc IT").
		conduit("IT-OPS", "IT~OPS").
		dep("HMI-1", 1, "DC-1|DC-3", h8, "auth").build(t)
	res := simulate(t, m, "", "shutdown asset:DC-1", "isolate zone:IT")
	for _, o := range res.OperatorStations {
		if o.ID != "HMI-1" {
			continue
		}
		why := strings.Join(o.Why, "\n")
		for _, want := range []string{"auth from 1 of [DC-1, DC-3]", `DC-1 shut down by "shutdown asset:DC-1"`, `zone IT isolated by "isolate zone:IT"`} {
			if !strings.Contains(why, want) {
				t.Errorf("why of HMI-1 lacks %q:\n%s", want, why)
			}
		}
		return
	}
	t.Fatalf("HMI-1 not reported: %+v", res.OperatorStations)
}

func TestSelectors(t *testing.T) {
	m := newSite().zone("OPS", 3).zone("PLC-1", 1).
		asset("PLC-1 plc OPS", "tag=critical", "owner=OT").asset("HMI-1 HMI OPS", "owner=OT").asset("DC-01 dc OPS", "owner=IT").
		conduit("OPS-PLC", "OPS~PLC-1").build(t)
	tests := []struct {
		target, verb string
		matched      string
		err          string
	}{
		{"asset:PLC-1", "shutdown", "PLC-1", ""},
		{"kind:HMI", "isolate", "HMI-1", ""},
		{"kind:operator station", "isolate", "HMI-1", ""},
		{"tag:CRITICAL", "shutdown", "PLC-1", ""},
		{"owner:ot", "shutdown", "HMI-1,PLC-1", ""},
		{"ops", "isolate", "OPS", ""},
		{"conduit:ops-plc", "cut", "OPS-PLC", ""},
		{"PLC-1", "shutdown", "", "names more than one thing; say which: asset:PLC-1, zone:PLC-1"},
		{"asset:DC-3", "shutdown", "", `matches nothing (did you mean "DC-01"?)`},
		{"tag:nope", "shutdown", "", "matches nothing (the model's tags: critical)"},
		{"tag:crit", "shutdown", "", `matches nothing (did you mean "tag:critical"?)`},
		{"kind:PLCs", "shutdown", "", `matches nothing (did you mean "kind:plc"?)`},
		{"owner:O", "shutdown", "", `matches nothing (did you mean "owner:OT"?)`},
		{"HMI", "shutdown", "", `"HMI" matches nothing (did you mean "kind:HMI" (1 asset) or "asset:HMI-1"?)`},
		{"Critical", "shutdown", "", `"Critical" matches nothing (did you mean "tag:Critical" (1 asset)?)`},
		{"dc", "shutdown", "", `"dc" matches nothing (did you mean "kind:dc" (1 asset) or "asset:DC-01"?)`},
		{"owner:I", "shutdown", "", `matches nothing (did you mean "owner:IT"?)`},
		{"PL", "shutdown", "", `"PL" matches nothing (did you mean "asset:PLC-1" or "zone:PLC-1"?)`},
		{"asset:HMI-1", "cut", "", `cut takes a conduit, but "HMI-1" is an asset (use shutdown or isolate)`},
		{"zone:OPS", "cut", "", `cut takes a conduit, but "OPS" is a zone (use isolate)`},
		{"conduit:OPS-PLC", "shutdown", "", "is a conduit (use cut)"},
	}
	for _, tc := range tests {
		t.Run(tc.verb+" "+tc.target, func(t *testing.T) {
			v, _ := ParseVerb(tc.verb)
			sel, err := m.Select(Action{Verb: v, Target: tc.target})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(m.MatchedIDs(sel), ","); got != tc.matched {
				t.Errorf("matched %q, want %q", got, tc.matched)
			}
		})
	}
}

func TestResolveReportsEveryProblemWithItsPlace(t *testing.T) {
	src := func(sheet string, row int, cols map[string]string) Source {
		return Source{Origin: &Origin{File: "site.xlsx", Sheet: sheet, Cols: cols}, Row: row}
	}
	m := &Model{
		Assets: []Asset{
			{ID: "DC-03", Kind: KindDomainController, Zones: []string{"OPS"}, Src: src("Assets", 2, nil)},
			{ID: "dc-03", Kind: KindDomainController, Src: src("Assets", 3, nil)},
			{ID: "HMI-1", Kind: KindOperatorStation, Zones: []string{"OPS"}, Src: src("Assets", 4, nil)},
		},
		Zones:    []Zone{{ID: "OPS", Level: 3, Src: src("Zones", 2, nil)}},
		Conduits: []Conduit{{From: "OPS", To: "CELL", Src: src("Conduits", 2, nil)}},
		Dependencies: []Dependency{
			{Consumer: "HMI-1", Providers: []string{"DC-3"}, Need: 1, Src: src("Dependencies", 14, map[string]string{"provider": "Depends On"})},
			{Consumer: "HMI-1", Providers: []string{"DC-03"}, Need: 2, Src: src("Dependencies", 15, nil)},
		},
		Feeds: []Feed{{ID: "F", Source: []string{"PLC-9"}, To: []string{"HMI-1"}, Src: src("Feeds", 2, nil)}},
	}
	errs := m.Resolve(false)
	got := errs.Error()
	for _, want := range []string{
		`site.xlsx: Assets row 3, column "id": duplicate asset id "dc-03" (first at row 2)`,
		`site.xlsx: Conduits row 2, column "to": unknown zone "CELL"`,
		`site.xlsx: Dependencies row 14, column "Depends On": unknown asset "DC-3" (did you mean "DC-03"?)`,
		`site.xlsx: Dependencies row 15, column "need": need 2 is larger than the 1 provider(s) listed`,
		`site.xlsx: Feeds row 2, column "source": unknown asset "PLC-9"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
	if len(errs) != 5 {
		t.Errorf("%d problems, want 5:\n%s", len(errs), got)
	}
	if _, err := m.Simulate(nil, Options{}); err == nil {
		t.Error("simulated a model that has errors")
	}
}

func TestSkipInvalidDropsOffendingRows(t *testing.T) {
	m := &Model{
		Assets:       []Asset{{ID: "A", Zones: []string{"Z"}}, {ID: "B", Zones: []string{"Z"}}},
		Dependencies: []Dependency{{Consumer: "A", Providers: []string{"NOPE"}, Need: 1}, {Consumer: "A", Providers: []string{"B"}, Need: 1}},
	}
	if errs := m.Resolve(true); len(errs) != 0 {
		t.Fatalf("errors with skipInvalid: %v", errs)
	}
	if m.Skipped != 1 || len(m.Dependencies) != 1 {
		t.Errorf("skipped %d rows, kept %d dependencies; want 1 and 1", m.Skipped, len(m.Dependencies))
	}
	res := simulate(t, m, "", "shutdown asset:B")
	if res.Model.SkippedRows != 1 {
		t.Errorf("result says %d skipped rows, want 1", res.Model.SkippedRows)
	}
	if got := assetStatus(res, "A"); got != "lost@0" {
		t.Errorf("A is %s, want lost@0", got)
	}
}

func TestHintsQuoteSelectorsWithSpacesForTheShell(t *testing.T) {
	for in, want := range map[string]string{
		"owner:OT":                  `"owner:OT"`,
		"owner:Vendor: Kestrel Ltd": `'owner:Vendor: Kestrel Ltd'`,
		"owner:O'Brien Controls":    `"owner:O'Brien Controls"`,
	} {
		if got := quoteSelector(in); got != want {
			t.Errorf("quoteSelector(%q) = %s, want %s", in, got, want)
		}
	}
}
