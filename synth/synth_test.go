package synth_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
	"github.com/otimpact/otimpact/synth"
)

// writeStream writes the streamed model into a new folder of CSV files.
func writeStream(t testing.TB, n, sites int, seed int64) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	w, err := importers.CreateCSVDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.Stream(n, sites, seed, w.Write); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// files reads every file of a folder.
func files(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

// load reads a generated folder back, and fails on any error or warning.
func load(t testing.TB, dir string) *graph.Model {
	t.Helper()
	m, err := importers.Load(dir, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Warnings) > 0 {
		t.Fatalf("warnings reading the generated model:\n%v", m.Warnings)
	}
	return m
}

func resolved(t testing.TB, n, sites int, seed int64) *graph.Model {
	t.Helper()
	m := synth.Generate(n, sites, seed)
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(m.Warnings) > 0 {
		t.Fatal(m.Warnings)
	}
	return m
}

func TestTheSameArgumentsGiveTheSameBytes(t *testing.T) {
	a, b := files(t, writeStream(t, 7000, 2, 42)), files(t, writeStream(t, 7000, 2, 42))
	if !reflect.DeepEqual(a, b) {
		t.Error("two streams of the same arguments differ")
	}
	if !reflect.DeepEqual(synth.Generate(7000, 2, 42), synth.Generate(7000, 2, 42)) {
		t.Error("two models of the same arguments differ")
	}
	other := files(t, writeStream(t, 7000, 2, 43))
	if bytes.Equal(a["feeds.csv"], other["feeds.csv"]) {
		t.Error("another seed gives the same feeds")
	}
}

func TestStreamWritesWhatGenerateBuilds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "whole")
	if err := importers.WriteCSVDir(synth.Generate(3000, 2, 5), dir); err != nil {
		t.Fatal(err)
	}
	whole, streamed := files(t, dir), files(t, writeStream(t, 3000, 2, 5))
	for name := range streamed {
		if !bytes.Equal(whole[name], streamed[name]) {
			t.Errorf("%s: streamed and whole model differ", name)
		}
	}
	if len(whole) != len(streamed) {
		t.Errorf("files: whole %d, streamed %d", len(whole), len(streamed))
	}
}

func TestGeneratedModelsLoadCleanAndLoseNothingWithNoAction(t *testing.T) {
	for _, tc := range []struct {
		n, sites int
		seed     int64
	}{
		{synth.MinAssets(1), 1, 1},
		{synth.MinAssets(3), 3, 2},
		{1000, 1, 7},
		{12_000, 3, 42},
		{20_011, 4, -5},
	} {
		t.Run(fmt.Sprintf("%d assets in %d sites, seed %d", tc.n, tc.sites, tc.seed), func(t *testing.T) {
			m := load(t, writeStream(t, tc.n, tc.sites, tc.seed))
			if len(m.Assets) != tc.n {
				t.Errorf("%d assets, want exactly %d", len(m.Assets), tc.n)
			}
			res, err := m.Simulate(nil, graph.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Summary != (graph.Summary{}) || len(res.Assets) > 0 || len(res.Feeds) > 0 {
				t.Errorf("with no action: %+v, %d assets, %d feeds not ok", res.Summary, len(res.Assets), len(res.Feeds))
			}
		})
	}
}

func TestAnErrorFromEmitStopsTheStream(t *testing.T) {
	stop := errors.New("disk full")
	parts := 0
	err := synth.Stream(60_000, 12, 1, func(*graph.Model) error {
		if parts++; parts == 3 {
			return stop
		}
		return nil
	})
	if err != stop || parts != 3 {
		t.Errorf("got %v after %d parts, want %v after 3", err, parts, stop)
	}
}

func TestTooFewAssetsGiveEachSiteTheLeast(t *testing.T) {
	m := synth.Generate(10, 3, 1)
	if want := synth.MinAssets(3); len(m.Assets) != want {
		t.Errorf("%d assets, want %d", len(m.Assets), want)
	}
}

// zoneLevels maps zone ids to their levels.
func zoneLevels(m *graph.Model) map[string]float64 {
	out := map[string]float64{}
	for _, z := range m.Zones {
		out[z.ID] = z.Level
	}
	return out
}

func TestEachSiteHasTheZonesLevelsAndKindsOfAPlant(t *testing.T) {
	m := resolved(t, 15_000, 3, 1)
	levels := zoneLevels(m)
	if levels["ENT"] != 4 || levels["DMZ"] != 3.5 {
		t.Errorf("ENT at %v and DMZ at %v, want 4 and 3.5", levels["ENT"], levels["DMZ"])
	}
	for s := 1; s <= 3; s++ {
		p := fmt.Sprintf("S%d-", s)
		for zone, want := range map[string]float64{"OPS": 3, "CTRL": 2, "SIS": 1, "RTU": 1, "CELL-1": 1} {
			if got, ok := levels[p+zone]; !ok || got != want {
				t.Errorf("zone %s%s: level %v (present %v), want %v", p, zone, got, ok, want)
			}
		}
		kinds := map[string]int{}
		for _, a := range m.Assets {
			if strings.HasPrefix(a.ID, p) {
				kinds[a.Kind]++
			}
		}
		for _, k := range []string{graph.KindOperatorStation, graph.KindEngineeringStation, graph.KindPLC, graph.KindRTU,
			graph.KindIED, graph.KindSIS, graph.KindController, graph.KindSCADAServer, graph.KindHistorian,
			graph.KindDomainController, graph.KindNTP, graph.KindFirewall, graph.KindSwitch, graph.KindRouter,
			graph.KindDataDiode, graph.KindServer} {
			if kinds[k] == 0 {
				t.Errorf("site %d has no %s", s, k)
			}
		}
		if kinds[graph.KindPLC] < kinds[graph.KindOperatorStation]*10 || kinds[graph.KindDomainController] != 2 || kinds[graph.KindSCADAServer] != 2 {
			t.Errorf("site %d: %v", s, kinds)
		}
	}
	for _, id := range []string{"VGW-1", "JMP-1", "HIST-DMZ", "S1-NTP", "S1-DC-1", "S1-DC-2", "S1-SCADA-1", "S1-LIC", "S1-DIODE", "S1-HMI-1", "S1-PLC-1"} {
		if _, err := m.Select(graph.Action{Verb: graph.Shutdown, Target: "asset:" + id}); err != nil {
			t.Errorf("no asset %s: %v", id, err)
		}
	}
	for _, c := range m.Conduits {
		if c.ID == "S1-OPS-DMZ-DIODE" && (!c.OneWay || c.From != "S1-OPS" || c.To != "DMZ" || !slices.Equal(c.Via, []string{"S1-DIODE"})) {
			t.Errorf("the diode conduit is %+v, want one-way from S1-OPS to DMZ through S1-DIODE", c)
		}
	}
}

func TestGraceTimesAreThoseOfPlants(t *testing.T) {
	m := resolved(t, 6000, 1, 3)
	within := map[string][2]time.Duration{
		"auth":    {8 * time.Hour, 72 * time.Hour},
		"license": {7 * 24 * time.Hour, 30 * 24 * time.Hour},
		"time":    {24 * time.Hour, 72 * time.Hour},
	}
	seen := map[string]map[int64]bool{}
	for _, d := range m.Dependencies {
		g := time.Duration(d.GraceMS) * time.Millisecond
		if r, ok := within[d.Service]; ok && (g < r[0] || g > r[1]) && d.Consumer != "VGW-1" {
			t.Errorf("%s needs %s with grace %v, want %v to %v", d.Consumer, d.Service, g, r[0], r[1])
		}
		if d.Consumer == "S1-HIST" && d.Service == "data" && (g < 2*time.Hour || g > 24*time.Hour) {
			t.Errorf("the historian buffers %v of data, want hours", g)
		}
		if seen[d.Service] == nil {
			seen[d.Service] = map[int64]bool{}
		}
		seen[d.Service][d.GraceMS] = true
	}
	if len(seen["auth"]) < 3 || len(seen["time"]) < 2 {
		t.Errorf("grace times do not vary: auth %v, time %v", seen["auth"], seen["time"])
	}
}

// lost counts what an action takes from operations.
func lost(t *testing.T, m *graph.Model, actions ...graph.Action) graph.Summary {
	t.Helper()
	res, err := m.Simulate(actions, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Summary
}

func TestTheLicenseAndTimeServersAreSinglePointsOfFailure(t *testing.T) {
	m := resolved(t, 6000, 2, 1)
	hmis := 0
	for _, a := range m.Assets {
		if strings.HasPrefix(a.ID, "S2-HMI-") {
			hmis++
		}
	}
	if got := lost(t, m, graph.Action{Verb: graph.Shutdown, Target: "asset:S2-LIC"}); got.OperatorStationsLost != hmis {
		t.Errorf("without the license server, %d operator stations lost, want all %d", got.OperatorStationsLost, hmis)
	}
	if got := lost(t, m, graph.Action{Verb: graph.Shutdown, Target: "asset:S2-NTP"}); got.FeedsLost < 300 {
		t.Errorf("without the time server, %d feeds lost, want hundreds", got.FeedsLost)
	}
	if got := lost(t, m, graph.Action{Verb: graph.Shutdown, Target: "asset:S2-SCADA-1"}); got.OperatorStationsLost+got.FeedsLost > 0 || got.OperatorStationsDegraded != hmis {
		t.Errorf("one SCADA server down loses %+v, want every operator station degraded and nothing lost", got)
	}
}

func TestFlawsAreListedForEverySiteInTurn(t *testing.T) {
	flaws := synth.Flaws(30_000, 6, 1)
	bySite := map[int][]string{}
	ids := map[string]bool{}
	for _, f := range flaws {
		bySite[f.Site] = append(bySite[f.Site], f.Check)
		if ids[f.ID] {
			t.Errorf("flaw id %s twice", f.ID)
		}
		ids[f.ID] = true
		if len(f.Where) == 0 || f.Note == "" {
			t.Errorf("%s says nothing of where or what", f.ID)
		}
	}
	all := []string{synth.FalseRedundancy, synth.DependencyCycle, synth.ZoneWithoutLevel, synth.ConduitSkipsLevels,
		synth.ConduitBypassesDMZ, synth.SafetyFeedCrossesIT, synth.MultiHomedBridge}
	for _, check := range all {
		if !slices.Contains(bySite[1], check) {
			t.Errorf("site 1 has no %s", check)
		}
	}
	if len(bySite[0]) != 1 {
		t.Errorf("shared zones: %v", bySite[0])
	}
	for s := 2; s <= 6; s++ {
		if n := len(bySite[s]); n < 2 || n > 3 {
			t.Errorf("site %d has %d flaws, want a handful", s, n)
		}
	}
	if !reflect.DeepEqual(flaws, synth.Flaws(30_000, 6, 1)) {
		t.Error("flaws differ between calls")
	}
}

// modelIndex finds a model's elements by id.
type modelIndex struct {
	assets   map[string]*graph.Asset
	zones    map[string]*graph.Zone
	conduits map[string]*graph.Conduit
	feeds    map[string]*graph.Feed
	needs    map[[2]string]bool // consumer, provider
}

func indexOf(m *graph.Model) *modelIndex {
	x := &modelIndex{map[string]*graph.Asset{}, map[string]*graph.Zone{}, map[string]*graph.Conduit{}, map[string]*graph.Feed{}, map[[2]string]bool{}}
	for i := range m.Assets {
		x.assets[m.Assets[i].ID] = &m.Assets[i]
	}
	for i := range m.Zones {
		x.zones[m.Zones[i].ID] = &m.Zones[i]
	}
	for i := range m.Conduits {
		x.conduits[m.Conduits[i].ID] = &m.Conduits[i]
	}
	for i := range m.Feeds {
		x.feeds[m.Feeds[i].ID] = &m.Feeds[i]
	}
	for _, d := range m.Dependencies {
		for _, p := range d.Providers {
			x.needs[[2]string{d.Consumer, p}] = true
		}
	}
	return x
}

func (x *modelIndex) level(zone string) float64 { return x.zones[zone].Level }

// inIT reports whether an asset sits only in zones of level 4 and above.
func (x *modelIndex) inIT(id string) bool {
	for _, z := range x.assets[id].Zones {
		if x.level(z) < 4 {
			return false
		}
	}
	return true
}

func TestEveryPlantedFlawIsInTheModel(t *testing.T) {
	const n, sites, seed = 20_000, 4, 9
	m := resolved(t, n, sites, seed)
	x := indexOf(m)
	for _, f := range synth.Flaws(n, sites, seed) {
		_, id, _ := strings.Cut(f.Where[0], ":")
		for _, w := range f.Where {
			k, id, _ := strings.Cut(w, ":")
			found := map[string]bool{"asset": x.assets[id] != nil, "zone": x.zones[id] != nil,
				"conduit": x.conduits[id] != nil, "feed": x.feeds[id] != nil}[k]
			if !found {
				t.Errorf("%s: no %s", f.ID, w)
			}
		}
		if t.Failed() {
			continue
		}
		ok := false
		switch f.Check {
		case synth.ZoneWithoutLevel:
			ok = !x.zones[id].HasLevel()
		case synth.ConduitSkipsLevels, synth.ConduitBypassesDMZ:
			c := x.conduits[id]
			hi, lo := max(x.level(c.From), x.level(c.To)), min(x.level(c.From), x.level(c.To))
			ok = hi >= 4 && (lo <= 2) == (f.Check == synth.ConduitSkipsLevels) && lo <= 3
		case synth.MultiHomedBridge:
			a := x.assets[id]
			ok = len(a.Zones) > 1 && !graph.IsBoundaryKind(a.Kind)
		case synth.SafetyFeedCrossesIT:
			fd := x.feeds[id]
			ok = fd.Safety && slices.ContainsFunc(fd.To, x.inIT)
		case synth.DependencyCycle:
			a, b := strings.TrimPrefix(f.Where[0], "asset:"), strings.TrimPrefix(f.Where[1], "asset:")
			ok = x.needs[[2]string{a, b}] && x.needs[[2]string{b, a}]
		case synth.FalseRedundancy:
			ok = defeated(t, m, f)
		}
		if !ok {
			t.Errorf("%s (%s) is not in the model as listed: %v", f.ID, f.Check, f.Where)
		}
	}
}

func TestNothingButThePlantedFlawsIsWrongWithTheSegmentation(t *testing.T) {
	const n, sites, seed = 20_000, 4, 9
	m := resolved(t, n, sites, seed)
	x := indexOf(m)
	planted := map[string]bool{}
	for _, f := range synth.Flaws(n, sites, seed) {
		for _, w := range f.Where {
			_, id, _ := strings.Cut(w, ":")
			planted[f.Check+" "+id] = true
		}
	}
	check := func(code, id string) {
		if !planted[code+" "+id] {
			t.Errorf("%s %s is not a planted flaw", code, id)
		}
	}
	for _, z := range m.Zones {
		if !z.HasLevel() {
			check(synth.ZoneWithoutLevel, z.ID)
		}
	}
	for _, c := range m.Conduits {
		hi, lo := max(x.level(c.From), x.level(c.To)), min(x.level(c.From), x.level(c.To))
		switch {
		case lo < 0 || hi < 4:
		case lo <= 2:
			check(synth.ConduitSkipsLevels, c.ID)
		case lo <= 3:
			check(synth.ConduitBypassesDMZ, c.ID)
		}
	}
	boundary := map[string]bool{}
	for _, c := range m.Conduits {
		for _, v := range c.Via {
			boundary[v] = true
		}
	}
	for _, a := range m.Assets {
		if len(a.Zones) > 1 && !graph.IsBoundaryKind(a.Kind) && !boundary[a.ID] {
			check(synth.MultiHomedBridge, a.ID)
		}
	}
	for _, f := range m.Feeds {
		members := append(slices.Concat(f.Via...), f.Source...)
		if f.Safety && slices.ContainsFunc(append(members, f.To...), x.inIT) {
			check(synth.SafetyFeedCrossesIT, f.ID)
		}
	}
	cyclic := x.cyclic()
	if len(cyclic) == 0 {
		t.Error("no dependency cycle found, yet some are planted")
	}
	for _, id := range cyclic {
		check(synth.DependencyCycle, id)
	}
}

// cyclic lists the assets on dependency cycles, or between them: what is
// left after taking away, again and again, assets that need nothing left or
// that nothing left needs.
func (x *modelIndex) cyclic() []string {
	providers, consumers := map[string][]string{}, map[string][]string{}
	out, in := map[string]int{}, map[string]int{}
	for e := range x.needs {
		providers[e[0]] = append(providers[e[0]], e[1])
		consumers[e[1]] = append(consumers[e[1]], e[0])
		out[e[0]]++
		in[e[1]]++
	}
	gone := map[string]bool{}
	var queue []string
	for a := range x.assets {
		if out[a] == 0 || in[a] == 0 {
			queue = append(queue, a)
			gone[a] = true
		}
	}
	for len(queue) > 0 {
		a := queue[0]
		queue = queue[1:]
		for _, p := range providers[a] {
			if in[p]--; in[p] == 0 && !gone[p] {
				gone[p] = true
				queue = append(queue, p)
			}
		}
		for _, c := range consumers[a] {
			if out[c]--; out[c] == 0 && !gone[c] {
				gone[c] = true
				queue = append(queue, c)
			}
		}
	}
	var left []string
	for a := range x.assets {
		if !gone[a] {
			left = append(left, a)
		}
	}
	slices.Sort(left)
	return left
}

// defeated reports whether the single action a false-redundancy flaw names
// takes down what its redundant pair should have kept.
func defeated(t *testing.T, m *graph.Model, f synth.Flaw) bool {
	p := fmt.Sprintf("S%d-", f.Site)
	var action graph.Action
	var victim string
	switch {
	case strings.HasSuffix(f.ID, "MIRROR-PAIR"):
		action, victim = graph.Action{Verb: graph.Cut, Target: "conduit:ENT-DMZ"}, "RPT-1"
	case strings.HasSuffix(f.ID, "DEPENDS-ON-PEER"):
		action, victim = graph.Action{Verb: graph.Shutdown, Target: "asset:" + p + "DC-1"}, p+"DC-2"
	case strings.HasSuffix(f.ID, "SAME-VIA"):
		action, victim = graph.Action{Verb: graph.Shutdown, Target: "asset:" + p + "RTR-A"}, p+"F-RTU-1"
	default:
		t.Fatalf("no test for %s", f.ID)
	}
	res, err := m.Simulate([]graph.Action{action}, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.Assets {
		if a.ID == victim && a.Status == graph.StatusLost {
			return true
		}
	}
	for _, fd := range res.Feeds {
		if fd.ID == victim && fd.Status == graph.StatusLost {
			return true
		}
	}
	return false
}

func TestSoundPairsSurviveTheLossOfOne(t *testing.T) {
	m := resolved(t, 20_000, 4, 9)
	flawed := map[string]bool{}
	for _, f := range synth.Flaws(20_000, 4, 9) {
		flawed[f.ID] = true
	}
	for s := 1; s <= 4; s++ {
		p := fmt.Sprintf("S%d-", s)
		for _, tc := range []struct {
			target string
			unless []string // flaws that make the target a single point of failure
		}{
			{"asset:" + p + "DC-1", []string{"DEPENDS-ON-PEER"}},
			{"asset:" + p + "RTR-A", []string{"SAME-VIA"}},
			{"asset:" + p + "SCADA-1", []string{"SAFETY-IT"}},
			{"asset:" + p + "FW-C-1", []string{"NO-LEVEL"}},
			{"conduit:" + p + "OPS-CTRL-B", nil},
			{"conduit:" + p + "CTRL-CELL-1-A", nil},
			{"asset:" + p + "SW-2-B", nil},
		} {
			if slices.ContainsFunc(tc.unless, func(f string) bool { return flawed[p+"FLAW-"+f] }) {
				continue
			}
			verb := graph.Shutdown
			if strings.HasPrefix(tc.target, "conduit:") {
				verb = graph.Cut
			}
			got := lost(t, m, graph.Action{Verb: verb, Target: tc.target})
			if got.OperatorStationsLost+got.FeedsLost+got.SafetyVisibilityLost > 0 {
				t.Errorf("%s %s loses %+v, want nothing lost", verb, tc.target, got)
			}
		}
	}
}

// BenchmarkGenerate times writing a model as a folder of CSV files.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "site")
			write := func() {
				w, err := importers.CreateCSVDir(dir)
				if err != nil {
					b.Fatal(err)
				}
				if err := synth.Stream(n, synth.DefaultSites(n), 1, w.Write); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
			write()
			var size int64
			for _, data := range files(b, dir) {
				size += int64(len(data))
			}
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				write()
			}
		})
	}
}
