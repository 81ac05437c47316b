package synth

import "strings"

// The findings of validate that the generator plants on purpose.
const (
	FalseRedundancy     = "false-redundancy"
	DependencyCycle     = "dependency-cycle"
	ZoneWithoutLevel    = "zone-without-level"
	ConduitSkipsLevels  = "conduit-skips-levels"
	ConduitBypassesDMZ  = "conduit-bypasses-dmz"
	SafetyFeedCrossesIT = "safety-feed-crosses-it"
	MultiHomedBridge    = "multi-homed-bridge"
)

// Flaw is a design mistake planted in a generated model for validate to
// find.
type Flaw struct {
	// ID is unique in the model: FLAW-… for the shared zones, S<n>-FLAW-…
	// for site n.
	ID string
	// Check is the finding that names it (FalseRedundancy, …).
	Check string
	// Site is the site that holds it, 0 for the shared enterprise zone and
	// DMZ.
	Site int
	// Where are the elements at fault, as selectors (asset:ID, zone:ID,
	// conduit:ID, and feed:ID for a feed), the one validate names first
	// first: for false redundancy, the single action's target.
	Where []string
	// Note says what is wrong, in the users' words.
	Note string
}

// siteFlaw is one kind of flaw a site may hold. Its elements are named
// without the site's prefix: "asset:RTR-A" is asset:S3-RTR-A in site 3.
type siteFlaw struct {
	code  string
	check string
	where []string
	note  string
}

// Bits of siteFlaws, in the order of their kinds.
const (
	flawSameVia = 1 << iota
	flawDependsOnPeer
	flawCycle
	flawNoLevel
	flawSkipsLevels
	flawBypassesDMZ
	flawSafetyIT
	flawMultiHomed
	numSiteFlaws = iota
)

var siteFlaws = [numSiteFlaws]siteFlaw{
	{"SAME-VIA", FalseRedundancy,
		[]string{"asset:RTR-A", "conduit:CTRL-RTU-A", "conduit:CTRL-RTU-B"},
		"the backup WAN link to the remote stations ends on the primary router: both links, and with them both SCADA servers as seen from the RTUs, go with that one router"},
	{"DEPENDS-ON-PEER", FalseRedundancy,
		[]string{"asset:DC-1", "asset:DC-2"},
		"the second domain controller uses the first as its only DNS server: the redundant pair falls with the first"},
	{"CYCLE", DependencyCycle,
		[]string{"asset:HIST", "asset:MES"},
		"the historian needs batch context from the MES, which reads its data from the historian"},
	{"NO-LEVEL", ZoneWithoutLevel,
		[]string{"zone:LAB"},
		"the engineering lab zone has no Purdue level"},
	{"SKIPS-LEVELS", ConduitSkipsLevels,
		[]string{"conduit:ENT-CTRL"},
		"a conduit from the enterprise zone (level 4) straight to the control room (level 2), and so past the DMZ"},
	{"BYPASSES-DMZ", ConduitBypassesDMZ,
		[]string{"conduit:ENT-OPS"},
		"a firewall rule lets the enterprise zone (level 4) into site operations (level 3) without passing the DMZ"},
	{"SAFETY-IT", SafetyFeedCrossesIT,
		[]string{"feed:F-SIS-HSE"},
		"SIS trip and bypass status travels through the DMZ historian mirror to a dashboard in the enterprise zone"},
	{"MULTI-HOMED", MultiHomedBridge,
		[]string{"asset:EWS-1"},
		"an engineering workstation with a leg in site operations and one in the control room bridges the two zones"},
}

// sharedFlaws are planted once a model, in the enterprise zone and DMZ.
var sharedFlaws = []Flaw{
	{ID: "FLAW-MIRROR-PAIR", Check: FalseRedundancy, Where: []string{"conduit:ENT-DMZ", "asset:HIST-DMZ", "asset:HIST-DMZ-2", "asset:RPT-1"},
		Note: "the reporting server's redundant historian mirrors both sit in the DMZ behind the one enterprise conduit: cutting ENT-DMZ takes both"},
}

// flawsOf says which kinds of flaw site s holds: every kind in site 1, so
// that a model of any size has them all, and about a third of them, in
// turn, in each other site.
func flawsOf(s int) uint {
	if s == 1 {
		return 1<<numSiteFlaws - 1
	}
	var set uint
	for k := range numSiteFlaws {
		if (k+s)%3 == 0 {
			set |= 1 << k
		}
	}
	return set
}

// Flaws lists the design flaws that Generate and Stream plant in the model
// of the same arguments: the shared ones first, then site by site.
func Flaws(n, sites int, seed int64) []Flaw {
	pl := newPlan(n, sites, seed)
	out := append([]Flaw(nil), sharedFlaws...)
	for s := 1; s <= pl.sites; s++ {
		p := prefix(s)
		set := flawsOf(s)
		for k, f := range siteFlaws {
			if set&(1<<k) != 0 {
				where := make([]string, len(f.where))
				for i, w := range f.where {
					kind, id, _ := strings.Cut(w, ":")
					where[i] = kind + ":" + p + id
				}
				out = append(out, Flaw{ID: p + "FLAW-" + f.code, Check: f.check, Site: s, Where: where, Note: f.note})
			}
		}
	}
	return out
}
