package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
	"github.com/otimpact/otimpact/synth"
)

const hostileCalc = `=cmd|' /C calc'!A0`

// hostileRestorePlan plans the restoration of a site whose ids, names and
// owners try to escape their place in a report.
func hostileRestorePlan(t *testing.T) *graph.RestorePlan {
	t.Helper()
	m := &graph.Model{
		Source: "site\x1b[2J.xlsx",
		Zones:  []graph.Zone{{ID: "Z", Name: hostileMarkup, Level: 3, Owner: hostileLines}, {ID: "# Z2", Level: 2}},
		Assets: []graph.Asset{
			{ID: "<script>", Name: hostileScript, Kind: graph.KindDomainController, Zones: []string{"Z"}, Owner: hostilePlus},
			{ID: hostileCalc, Name: hostileLines, Kind: graph.KindOperatorStation, Zones: []string{"Z"}, Owner: hostileLink},
			{ID: "NTP-1", Name: "time\x1b[31m", Kind: graph.KindNTP, Zones: []string{"# Z2"}, Owner: hostileMarkup},
		},
		Conduits: []graph.Conduit{{ID: "Z|Z2", From: "Z", To: "# Z2"}},
		Dependencies: []graph.Dependency{
			{Consumer: hostileCalc, Providers: []string{"<script>"}, Need: 1, Service: "auth"},
			{Consumer: "<script>", Providers: []string{"NTP-1"}, Need: 1, Service: "ntp"},
		},
		Feeds: []graph.Feed{
			{ID: hostileAt, Name: hostileDOT, Source: []string{"NTP-1"}, To: []string{hostileCalc}, Kind: graph.FeedView, Safety: true},
		},
	}
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	plan, err := m.RestoreOrder([]graph.Action{
		{Verb: graph.Shutdown, Target: "asset:<script>", Scenario: hostileMarkup},
		{Verb: graph.Isolate, Target: "asset:" + hostileCalc, Scenario: hostileMarkup},
		{Verb: graph.Cut, Target: "conduit:Z|Z2", Scenario: hostileMarkup},
		{Verb: graph.Isolate, Target: "zone:Z", Scenario: hostileMarkup},
	})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func TestRestoreTextKeepsModelStringsLiteralAndOnTheirLines(t *testing.T) {
	var buf bytes.Buffer
	if err := RestoreText(&buf, hostileRestorePlan(t), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\r") {
		t.Errorf("a control character from the model reached the terminal:\n%q", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if trimmed := strings.TrimSpace(line); strings.HasPrefix(trimmed, "lines") || strings.HasPrefix(trimmed, "three") {
			t.Errorf("a name broke onto its own line:\n%s", out)
		}
	}
	for _, want := range []string{
		"power on <script> (domain-controller: <script>alert(1)</script>)",
		"reconnect " + hostileCalc + " to the network (operator-station: two lines  three)",
		"reconnect conduit Z|Z2 (between zones Z and # Z2)",
		"lift the isolation of zone Z (" + oneLine(hostileMarkup) + ")",
		"sign-off: " + oneLine(hostileLines),
		"Step 1  ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the runbook lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "\n\nThe actions leave 1 operator station lost, 1 feed lost, 1 safety view lost; 1 other asset affected. "+
		"4 steps bring back 1 operator station, 1 feed, 1 safety view and 1 other asset (1 of them by a step of its own): all of it.\n") {
		t.Errorf("the runbook does not end with its summary line:\n%s", out)
	}
}

func TestRestoreMarkdownEscapesEveryModelString(t *testing.T) {
	var buf bytes.Buffer
	if err := RestoreMarkdown(&buf, hostileRestorePlan(t)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "<>\x1b\r") {
		t.Errorf("raw HTML or control characters in the plan:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		switch {
		case line == "", strings.HasPrefix(line, "# Restore order: "), strings.HasPrefix(line, "## "),
			strings.HasPrefix(line, "### Step "), strings.HasPrefix(line, "- **"), strings.HasPrefix(line, "  - [ ] "),
			strings.HasPrefix(line, "|"), strings.HasPrefix(line, "Site model "), strings.HasPrefix(line, "**"),
			strings.HasPrefix(line, "Lost or degraded even"), strings.HasPrefix(line, "Nothing to bring back"):
		default:
			t.Errorf("a model string started a line of its own: %q", line)
		}
		// Past the markup a line starts with, no markup character stands unescaped.
		body := line
		for _, p := range []string{"### ", "## ", "# ", "  - [ ] ", "- **"} {
			if strings.HasPrefix(body, p) {
				body = body[len(p):]
				break
			}
		}
		body = strings.ReplaceAll(body, "**", "")
		if strings.HasPrefix(body, "|") {
			continue // tables are held to this by the simulation report's tests
		}
		for i := 0; i < len(body); i++ {
			if body[i] == '\\' {
				i++
				continue
			}
			if strings.IndexByte("|*_`[]#~", body[i]) >= 0 {
				t.Errorf("unescaped %q in %q", body[i], line)
			}
		}
	}
	for _, want := range []string{"&lt;script&gt;", `=cmd\|' /C calc'!A0`, "\\# Z2"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
}

func TestRestoreJSONShape(t *testing.T) {
	plan := hostileRestorePlan(t)
	var buf bytes.Buffer
	if err := RestoreJSON(&buf, plan); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	keys := func(v any) []string {
		var ks []string
		for k := range v.(map[string]any) {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	if got, want := keys(doc), []string{"actions", "brought_back", "model", "schema", "steps", "still_out", "summary", "took"}; !slices.Equal(got, want) {
		t.Errorf("top-level keys %q, want %q", got, want)
	}
	if doc["schema"] != graph.RestoreSchema {
		t.Errorf("schema %v", doc["schema"])
	}
	steps := doc["steps"].([]any)
	if len(steps) == 0 {
		t.Fatal("no steps")
	}
	for _, s := range steps {
		got := keys(s)
		got = slices.DeleteFunc(got, func(k string) bool { return k == "cycle_members" })
		if want := []string{"after_steps", "brings_back", "cycle", "ids", "owners", "partly_back", "restore", "step", "verify"}; !slices.Equal(got, want) {
			t.Errorf("step keys %q, want %q", got, want)
		}
		for _, r := range s.(map[string]any)["restore"].([]any) {
			if got, want := keys(r), []string{"action", "by", "target"}; !slices.Equal(got, want) {
				t.Errorf("restore keys %q, want %q", got, want)
			}
		}
		if got, want := keys(s.(map[string]any)["brings_back"]), []string{"assets", "feeds", "operator_stations", "safety_visibility"}; !slices.Equal(got, want) {
			t.Errorf("brings_back keys %q, want %q", got, want)
		}
	}
	// The hostile ids come back as written.
	var back graph.RestorePlan
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, s := range back.Steps {
		for _, r := range s.Restore {
			targets = append(targets, r.Target)
		}
	}
	slices.Sort(targets)
	if want := []string{"asset:<script>", "asset:" + hostileCalc, "conduit:Z|Z2", "zone:Z"}; !slices.Equal(targets, want) {
		t.Errorf("targets %q, want %q", targets, want)
	}
}

// threeActions is the plan a user held against simulate: a zone isolated,
// the time server shut down and a conduit cut, none needing another back.
var threeActions = []graph.Action{
	{Verb: graph.Isolate, Target: "zone:DMZ"},
	{Verb: graph.Shutdown, Target: "asset:NTP-01"},
	{Verb: graph.Cut, Target: "conduit:OPS-CTRL"},
}

func exampleModel(t testing.TB) *graph.Model {
	t.Helper()
	m, err := importers.Load(exampleSite, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// restoreSummaryLine reads the numbers back out of a plan's summary line.
var restoreSummaryLine = regexp.MustCompile(`^The actions leave ([\d,]+) operator stations? lost(?: and ([\d,]+) degraded)?, ` +
	`([\d,]+) feeds? lost(?: and ([\d,]+) degraded)?, ([\d,]+) safety views? lost(?: and ([\d,]+) degraded)?` +
	`; ([\d,]+) other assets? affected\. [\d,]+ steps? brings? back ([\d,]+) operator stations?, ([\d,]+) feeds?, ` +
	`([\d,]+) safety views? and ([\d,]+) other assets?`)

// TestRestoreSummaryAgreesWithSimulate reads the plan's last line for the
// example's scenarios and the three actions, and holds its numbers to
// simulating the same actions: what they take, and what comes back, which
// is all of it but what is out with no action at all.
func TestRestoreSummaryAgreesWithSimulate(t *testing.T) {
	m := exampleModel(t)
	cases := map[string][]graph.Action{"three actions": threeActions}
	for _, s := range m.Scenarios {
		cases[s.Name] = s.Actions
	}
	base, err := m.Simulate(nil, graph.Options{})
	if err != nil {
		t.Fatal(err)
	}
	outWithNoAction := map[string]bool{}
	for _, o := range base.OperatorStations {
		outWithNoAction["station "+o.ID] = true
	}
	for _, f := range base.Feeds {
		outWithNoAction["feed "+f.ID] = true
	}
	for _, v := range base.SafetyVisibility {
		outWithNoAction["safety "+v.Feed] = true
	}
	for _, a := range base.Assets {
		outWithNoAction["asset "+a.ID] = true
	}
	for name, actions := range cases {
		t.Run(name, func(t *testing.T) {
			plan, err := m.RestoreOrder(actions)
			if err != nil {
				t.Fatal(err)
			}
			res, err := m.Simulate(actions, graph.Options{})
			if err != nil {
				t.Fatal(err)
			}
			line := RestoreSummary(plan)
			got := restoreSummaryLine.FindStringSubmatch(line)
			if got == nil {
				t.Fatalf("summary %q does not say what the actions took and what comes back", line)
			}
			n := func(i int) int {
				v, _ := strconv.Atoi(strings.ReplaceAll(got[i], ",", ""))
				return v
			}
			back := func(prefix string, ids []string) int {
				k := 0
				for _, id := range ids {
					if !outWithNoAction[prefix+id] {
						k++
					}
				}
				return k
			}
			var stations, feeds, views, others []string
			for _, o := range res.OperatorStations {
				stations = append(stations, o.ID)
			}
			for _, f := range res.Feeds {
				feeds = append(feeds, f.ID)
			}
			for _, v := range res.SafetyVisibility {
				views = append(views, v.Feed)
			}
			for _, a := range res.Assets {
				if a.Kind != graph.KindOperatorStation {
					others = append(others, a.ID)
				}
			}
			s := res.Summary
			for i, want := range []int{
				s.OperatorStationsLost, s.OperatorStationsDegraded, s.FeedsLost, s.FeedsDegraded,
				s.SafetyVisibilityLost, s.SafetyVisibilityDegraded, otherAssets(res),
				back("station ", stations), back("feed ", feeds), back("safety ", views), back("asset ", others),
			} {
				if n(i+1) != want {
					t.Errorf("summary %q: number %d is %d; simulating the actions says %d", line, i+1, n(i+1), want)
				}
			}
		})
	}
}

// TestRestoreTextOfThreeIndependentActions is the runbook of the three
// actions: the step that brings back the control room's views goes before
// the one that brings back little, each step says it needs no earlier one,
// the operator stations are not counted again as assets, and the last
// line says what simulate says.
func TestRestoreTextOfThreeIndependentActions(t *testing.T) {
	plan, err := exampleModel(t).RestoreOrder(threeActions)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := RestoreText(&buf, plan, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"\nStep 1  power on NTP-01 (ntp: GPS time server)\n        (no earlier step needed)\n",
		"        brings back: 2 feeds, 7 other assets\n        partly back: 3 operator stations, 1 feed\n",
		"\nStep 2  reconnect conduit OPS-CTRL (between zones OPS and CTRL)\n        (no earlier step needed)\n",
		"        brings back: 9 operator stations, 19 feeds, 4 safety views, 2 other assets\n",
		"\nStep 3  lift the isolation of zone DMZ (IT/OT DMZ)\n        (no earlier step needed)\n",
		"\nThe actions leave 5 operator stations lost and 4 degraded, 23 feeds lost, 4 safety views lost; 16 other assets affected. " +
			"3 steps bring back 9 operator stations, 23 feeds, 4 safety views and 16 other assets (1 of them by a step of its own): all of it.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the runbook lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "more check(s)") {
		t.Errorf("the runbook cuts a step's checks short:\n%s", out)
	}
	checkGolden(t, "restore-three-actions.txt", buf.Bytes())

	buf.Reset()
	if err := RestoreMarkdown(&buf, plan); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"- **After:** no earlier step needed\n",
		"- **Partly back:** operator stations HMI-CR-01, HMI-CR-02, HMI-CR-03; feeds F-TREND\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown plan lacks %q:\n%s", want, md)
		}
	}
}

// bigStep is a step with too many checks to print: a thousand feeds of two
// kinds and more safety views and operator stations than the runbook names.
func bigStep() graph.RestoreStep {
	s := graph.RestoreStep{Step: 1, IDs: []string{"DC-1"}, Owners: []string{"OT"}, AfterSteps: []int{},
		Restore:    []graph.RestoreAction{{Action: "shutdown", Target: "asset:DC-1", By: "shutdown asset:DC-1", Element: "asset", ID: "DC-1", Kind: graph.KindDomainController}},
		BringsBack: graph.Restored{}, PartlyBack: graph.Restored{}}
	add := func(about graph.CheckAbout, kind, id, text string) {
		s.Checks = append(s.Checks, graph.RestoreCheck{About: about, Kind: kind, IDs: []string{id}, Text: text})
	}
	add(graph.CheckReason, "", "", `before: the reason for "shutdown asset:DC-1" is dealt with`)
	add(graph.CheckElement, "", "DC-1", "DC-1 is up and reachable again")
	for i := 1; i <= 14; i++ {
		id := fmt.Sprintf("S-%02d", i)
		add(graph.CheckSafetyView, graph.FeedView, id, "safety view "+id+" shows at HMI-1 again")
	}
	for i := 1; i <= 30; i++ {
		id := fmt.Sprintf("HMI-%02d", i)
		add(graph.CheckStation, graph.KindOperatorStation, id, "operator station "+id+" works again")
	}
	s.Checks = append(s.Checks, graph.RestoreCheck{About: graph.CheckRecovery, Kind: graph.KindSCADAServer, IDs: []string{"SCADA-1"},
		Text: "SCADA-1 (scada-server) should recover on its own: check it, restart it if it does not"})
	var whole []string
	for i := 1; i <= 40; i++ {
		whole = append(whole, fmt.Sprintf("EWS-%02d", i))
	}
	s.Checks = append(s.Checks, graph.RestoreCheck{About: graph.CheckProviders, IDs: whole, Text: strings.Join(whole, ", ") + " have all providers again"})
	for i := 1; i <= 1204; i++ {
		kind := graph.FeedView
		if i%10 == 0 {
			kind = graph.FeedControl
		}
		id := fmt.Sprintf("F-%04d", i)
		add(graph.CheckFeed, kind, id, kind+" feed "+id+" reaches HMI-1 again")
	}
	for _, c := range s.Checks {
		s.Verify = append(s.Verify, c.Text)
	}
	return s
}

func TestRestoreTextSummarisesALongStepByKind(t *testing.T) {
	plan := &graph.RestorePlan{Schema: graph.RestoreSchema, Steps: []graph.RestoreStep{bigStep()}}
	var buf bytes.Buffer
	if err := RestoreText(&buf, plan, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	_, verify, _ := strings.Cut(out, "verify:\n")
	verify, _, _ = strings.Cut(verify, "\n\n")
	lines := strings.Split(verify, "\n")
	want := []string{
		`- before: the reason for "shutdown asset:DC-1" is dealt with`,
		"- DC-1 is up and reachable again",
	}
	for i := 1; i <= maxListed; i++ {
		want = append(want, fmt.Sprintf("- safety view S-%02d shows at HMI-1 again", i))
	}
	want = append(want, "- 4 more safety views show again: see --format json or markdown")
	for i := 1; i <= maxListed; i++ {
		want = append(want, fmt.Sprintf("- operator station HMI-%02d works again", i))
	}
	want = append(want,
		"- 20 more operator stations work again: see --format json or markdown",
		"- SCADA-1 (scada-server) should recover on its own: check it, restart it if it does not",
		"- 40 assets have all providers again: EWS-01, EWS-02, EWS-03, EWS-04, EWS-05, EWS-06, EWS-07, EWS-08, EWS-09, EWS-10, EWS-11, EWS-12, … (28 more)",
		"- 1,084 view feeds and 120 control feeds reach their consumers again: see --format json or markdown",
	)
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	if !slices.Equal(lines, want) {
		t.Errorf("verify lines:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	// A plan read back from JSON has the checks' text alone: the runbook
	// prints the first and counts the rest.
	var js bytes.Buffer
	if err := RestoreJSON(&js, plan); err != nil {
		t.Fatal(err)
	}
	var back graph.RestorePlan
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := RestoreText(&buf, &back, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("  - … %s more: see --format json or markdown\n", thousands(len(plan.Steps[0].Verify)-maxVerify)+" checks"); !strings.Contains(buf.String(), want) {
		t.Errorf("the runbook of a plan read from JSON lacks %q:\n%s", want, buf.String())
	}
}

// TestRestoreTextOnAGeneratedSite keeps every step of a plan on a site of
// thousands of assets to a screenful of checks, none of them cut short.
func TestRestoreTextOnAGeneratedSite(t *testing.T) {
	m := synth.Generate(3000, 1, 1)
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	plan, err := m.RestoreOrder([]graph.Action{
		{Verb: graph.Shutdown, Target: "asset:S1-DC-1"},
		{Verb: graph.Shutdown, Target: "asset:S1-DC-2"},
		{Verb: graph.Isolate, Target: "zone:DMZ"},
	})
	if err != nil {
		t.Fatal(err)
	}
	long := 0
	for _, s := range plan.Steps {
		if len(s.Verify) > maxVerify {
			long++
		}
	}
	if long == 0 {
		t.Fatal("no step has more checks than the runbook prints: the test does not exercise the summary")
	}
	var buf bytes.Buffer
	if err := RestoreText(&buf, plan, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "more check(s)") {
		t.Errorf("a step's checks are cut short rather than summarised:\n%s", out)
	}
	for _, block := range strings.Split(out, "verify:\n")[1:] {
		block, _, _ = strings.Cut(block, "\n\n")
		if n := strings.Count(block, "\n") + 1; n > maxVerify+6 {
			t.Errorf("a step lists %d checks:\n%s", n, block)
		}
	}
}
