// Package graph holds the site model — assets, zones, conduits, dependencies
// and feeds — the containment actions, and the simulation that answers what an
// action takes away from operations, when, and why. It does no I/O: importers
// fill a Model, reports render a Result.
package graph

import (
	"strings"
)

// Level values of a zone: the Purdue level (0–5, 3.5 for the IT/OT DMZ).
const NoLevel = -1.0

// Origin is a sheet rows were read from: the file, the sheet, and the
// headers as the user wrote them. Cols maps a canonical column name
// ("provider") to the header ("Depends On"), so problems can name it. The
// rows of a sheet share one Origin.
type Origin struct {
	File  string
	Sheet string
	Cols  map[string]string
}

// Source is where an element of the model was read: its sheet and the
// one-based row. It is two words, as a model holds millions of them.
type Source struct {
	Origin *Origin // nil for elements made without a sheet
	Row    int
}

// File is the file the element was read from, or "".
func (s Source) File() string {
	if s.Origin == nil {
		return ""
	}
	return s.Origin.File
}

// Sheet is the sheet the element was read from, or "".
func (s Source) Sheet() string {
	if s.Origin == nil {
		return ""
	}
	return s.Origin.Sheet
}

// Column returns the header the user wrote for a canonical column name.
func (s Source) Column(canonical string) string {
	if s.Origin != nil {
		if h, ok := s.Origin.Cols[canonical]; ok {
			return h
		}
	}
	return canonical
}

// Asset is one row of the asset register.
type Asset struct {
	ID     string
	Name   string
	Kind   string // canonical kind (see Kinds) or the text as written when unknown
	Zones  []string
	Owner  string
	Safety bool
	Tags   []string
	IP     string
	Attrs  map[string]string // columns the model does not know, kept as written
	Src    Source
}

// Zone is an IEC 62443 zone.
type Zone struct {
	ID    string
	Name  string
	Level float64 // Purdue level, NoLevel when not given
	Owner string
	Attrs map[string]string
	Src   Source
	// Implicit is true for a zone that an asset names but the Zones sheet lacks.
	Implicit bool
}

// HasLevel reports whether the zone's Purdue level is known.
func (z *Zone) HasLevel() bool { return z.Level >= 0 }

// Conduit is allowed communication between two zones, carried by its via
// devices (any one of them suffices).
type Conduit struct {
	ID     string
	From   string
	To     string
	Via    []string
	OneWay bool // traffic only from From to To (a data diode)
	Attrs  map[string]string
	Src    Source
}

// Dependency says the consumer needs Need of its Providers to function; it
// keeps working for Grace after that stops being true.
type Dependency struct {
	Consumer  string
	Providers []string
	Service   string
	Need      int
	GraceMS   int64 // milliseconds
	Attrs     map[string]string
	Src       Source
}

// Feed kinds.
const (
	FeedView    = "view"
	FeedControl = "control"
)

// Feed is a telemetry or control flow from Source through the ordered Via
// hops to each consumer in To. Source and every hop list alternatives.
type Feed struct {
	ID     string
	Name   string
	Source []string
	Via    [][]string
	To     []string
	Kind   string // FeedView or FeedControl
	Safety bool
	Owner  string
	Attrs  map[string]string
	Src    Source
}

// Scenario is a named what-if: a list of actions.
type Scenario struct {
	Name    string
	Actions []Action
	Src     Source
}

// SheetStat says how many data rows of a sheet were read and how many used.
type SheetStat struct {
	Sheet string
	File  string
	Read  int
	Used  int
}

// Model is a site model. Importers fill its exported fields and call Resolve.
type Model struct {
	Source       string
	Assets       []Asset
	Zones        []Zone
	Conduits     []Conduit
	Dependencies []Dependency
	Feeds        []Feed
	Scenarios    []Scenario
	Sheets       []SheetStat
	Warnings     ProblemList
	// Skipped counts rows left out because they had errors and the user
	// asked to go on without them.
	Skipped int
	// ImportNotes say, a line each, how the input was read where that is
	// not plain: a vendor export recognised and the kinds its roles took,
	// zones assigned by subnet.
	ImportNotes []string

	ix *index
}

// Key is the form under which ids match: trimmed and case-folded.
func Key(id string) string {
	id = strings.TrimSpace(id)
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c >= 0x80 || ('A' <= c && c <= 'Z') {
			return strings.ToLower(id)
		}
	}
	return id
}
