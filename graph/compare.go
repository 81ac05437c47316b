package graph

// CompareSchema names the scenario comparison's JSON contract.
const CompareSchema = "otimpact/compare/v1"

// Comparison puts scenarios side by side.
type Comparison struct {
	Schema    string            `json:"schema"`
	Scenarios []ScenarioOutcome `json:"scenarios"`
}

// ScenarioOutcome is one scenario's actions and what they cost.
type ScenarioOutcome struct {
	Name     string         `json:"name"`
	Actions  []ActionResult `json:"actions"`
	Summary  Summary        `json:"summary"`
	Attacker *AttackerReach `json:"attacker,omitempty"`

	// EarliestLossS is when operations first lose something — an
	// operator station, a feed or a safety view, lost or degraded — in
	// seconds; -1 when nothing is.
	EarliestLossS int64 `json:"-"`
	// OtherAssets counts the affected assets that are not operator stations.
	OtherAssets int `json:"-"`
}

// Compare simulates each scenario on its own and puts the outcomes side by
// side, in the order given.
func (m *Model) Compare(scenarios []Scenario, opts Options) (*Comparison, error) {
	c := &Comparison{Schema: CompareSchema, Scenarios: make([]ScenarioOutcome, 0, len(scenarios))}
	for _, s := range scenarios {
		res, err := m.Simulate(s.Actions, opts)
		if err != nil {
			return nil, err
		}
		c.Scenarios = append(c.Scenarios, ScenarioOutcome{
			Name: s.Name, Actions: res.Actions, Summary: res.Summary, Attacker: res.Attacker,
			EarliestLossS: earliestLoss(res), OtherAssets: otherAssets(res),
		})
	}
	return c, nil
}

func earliestLoss(res *Result) int64 {
	first := int64(-1)
	see := func(s int64) {
		if first < 0 || s < first {
			first = s
		}
	}
	for _, o := range res.OperatorStations {
		see(o.AfterS)
	}
	for _, f := range res.Feeds {
		see(f.AfterS)
	}
	for _, v := range res.SafetyVisibility {
		see(v.AfterS)
	}
	return first
}

func otherAssets(res *Result) int {
	n := 0
	for _, a := range res.Assets {
		if a.Kind != KindOperatorStation {
			n++
		}
	}
	return n
}
