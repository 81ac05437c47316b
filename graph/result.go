package graph

// Schema names the simulation result's JSON contract.
const Schema = "otimpact/simulation/v1"

// Statuses of a reported item.
const (
	StatusShutdown = "shutdown"
	StatusIsolated = "isolated"
	StatusLost     = "lost"
	StatusDegraded = "degraded"
)

// Result is what one simulation found. Its JSON form is the output contract;
// every report renders this value. Fields tagged "-" carry names and details
// for human readers that the contract does not hold.
type Result struct {
	Schema           string         `json:"schema"`
	Model            ModelInfo      `json:"model"`
	Actions          []ActionResult `json:"actions"`
	Summary          Summary        `json:"summary"`
	OperatorStations []AssetImpact  `json:"operator_stations"`
	Feeds            []FeedImpact   `json:"feeds"`
	SafetyVisibility []SafetyImpact `json:"safety_visibility"`
	Assets           []AssetImpact  `json:"assets"`
	SignOff          []SignOff      `json:"sign_off"`
	Attacker         *AttackerReach `json:"attacker,omitempty"`

	// Topology is the site as the actions left it, for pictures: zones,
	// conduits and assets with their state. Not part of the JSON contract.
	Topology *Topology `json:"-"`
}

// Topology is the site's zones, conduits and assets with the state the
// simulation gave them.
type Topology struct {
	Zones    []ZoneState
	Conduits []ConduitState
	Assets   []AssetState
}

// ZoneState is a zone and whether an action isolated it.
type ZoneState struct {
	ID, Name string
	Level    float64 // NoLevel when unknown
	Isolated bool
}

// ConduitState is a conduit and whether it works after the actions.
type ConduitState struct {
	ID, From, To string
	Via          []string
	OneWay       bool
	// State is "ok", "cut" (by an action), "zone-isolated" or "via-down".
	State string
}

// AssetState is an asset and its status: "" when ok, else as in Assets.
type AssetState struct {
	ID, Name, Kind string
	Zones          []string
	Owner          string
	Status         string
	AfterS         int64
	// Station is the operator-station status when the asset is one.
	Station  string
	Boundary bool
}

// ModelInfo says what the simulation ran on.
type ModelInfo struct {
	Source       string `json:"source"`
	Assets       int    `json:"assets"`
	Zones        int    `json:"zones"`
	Conduits     int    `json:"conduits"`
	Dependencies int    `json:"dependencies"`
	Feeds        int    `json:"feeds"`
	// SkippedRows counts input rows left out because they had errors; present
	// only when the user chose to go on without them.
	SkippedRows int `json:"skipped_rows,omitempty"`

	Sheets      []SheetStat `json:"-"`
	Warnings    []string    `json:"-"`
	ImportNotes []string    `json:"-"`
}

// ActionResult is one action as given and what its target matched.
type ActionResult struct {
	Action  string   `json:"action"`
	Target  string   `json:"target"`
	Matched []string `json:"matched"`
	// Scenario names the scenario the action came from, if any.
	Scenario string `json:"-"`
}

// Summary counts the losses.
type Summary struct {
	OperatorStationsLost     int `json:"operator_stations_lost"`
	OperatorStationsDegraded int `json:"operator_stations_degraded"`
	FeedsLost                int `json:"feeds_lost"`
	FeedsDegraded            int `json:"feeds_degraded"`
	SafetyVisibilityLost     int `json:"safety_visibility_lost"`
	SafetyVisibilityDegraded int `json:"safety_visibility_degraded"`
}

// AssetImpact is an asset (or operator station) that is not ok.
type AssetImpact struct {
	ID     string   `json:"id"`
	Status string   `json:"status"`
	AfterS int64    `json:"after_s"`
	Owner  string   `json:"owner"`
	Why    []string `json:"why"`

	Name   string `json:"-"`
	Kind   string `json:"-"`
	Safety bool   `json:"-"` // a safety-relevant asset (the Assets sheet's safety column)
}

// FeedImpact is a feed that no longer reaches some or all of its consumers.
type FeedImpact struct {
	ID      string   `json:"id"`
	Status  string   `json:"status"`
	Kind    string   `json:"kind"`
	Safety  bool     `json:"safety"`
	AfterS  int64    `json:"after_s"`
	LostAt  []string `json:"lost_at"`
	StillAt []string `json:"still_at"`
	Why     []string `json:"why"`

	Name  string `json:"-"`
	Owner string `json:"-"`
}

// SafetyImpact is a safety-relevant view lost or degraded at its operator
// stations.
type SafetyImpact struct {
	Feed    string   `json:"feed"`
	Status  string   `json:"status"`
	AfterS  int64    `json:"after_s"`
	LostAt  []string `json:"lost_at"`
	StillAt []string `json:"still_at"`
	Why     []string `json:"why"`

	Name string `json:"-"`
}

// SignOff lists the items whose loss one owner must approve.
type SignOff struct {
	Owner string   `json:"owner"`
	Items []string `json:"items"`
}

// AttackerReach is what an attacker on the compromised assets can reach.
type AttackerReach struct {
	Compromised              []string `json:"compromised"`
	ProtectedReachableBefore []string `json:"protected_reachable_before"`
	ProtectedReachableAfter  []string `json:"protected_reachable_after"`
}
