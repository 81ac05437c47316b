package importers

import "github.com/otimpact/otimpact/graph"

// sheetKind names one sheet of a site model.
type sheetKind int

const (
	sheetAssets sheetKind = iota
	sheetZones
	sheetConduits
	sheetDependencies
	sheetFeeds
	sheetScenarios
	numSheets
)

// column is a canonical column of a sheet and the other headers that mean it.
type column struct {
	name    string
	aliases []string
	keys    []string // aliases folded by graph.Norm
}

// col makes a column; its aliases are folded once, here.
func col(name string, aliases ...string) column {
	c := column{name: name, aliases: aliases}
	for _, a := range aliases {
		c.keys = append(c.keys, graph.Norm(a))
	}
	return c
}

// schema describes one sheet: its canonical name, the names it also answers
// to, its columns in the order the writers emit them, and the columns a row
// must have to be taken as the header.
type schema struct {
	kind     sheetKind
	name     string
	aliases  []string
	columns  []column
	required []string
}

// Column numbers inside each schema's columns, used by the row parsers.
const (
	aID, aName, aKind, aZone, aOwner, aSafety, aTags, aIP  = 0, 1, 2, 3, 4, 5, 6, 7
	zID, zName, zLevel, zOwner                             = 0, 1, 2, 3
	cID, cFrom, cTo, cVia, cDirection                      = 0, 1, 2, 3, 4
	dConsumer, dProvider, dService, dNeed, dGrace          = 0, 1, 2, 3, 4
	fID, fName, fSource, fVia, fTo, fKind, fSafety, fOwner = 0, 1, 2, 3, 4, 5, 6, 7
	sScenario, sAction, sTarget                            = 0, 1, 2
)

var (
	ownerAliases = []string{"Owned By", "Responsible", "Owner Team"}
	viaAliases   = []string{"Hops", "Through", "Via Devices"}
	// Design.md lists the aliases that must be understood; the others are
	// headers seen in plant spreadsheets and vendor exports.
	schemas = [numSheets]*schema{
		sheetAssets: {
			kind:    sheetAssets,
			name:    "Assets",
			aliases: []string{"Asset Register", "Asset Inventory", "Inventory", "Asset"},
			columns: []column{
				col("id", "Asset ID", "Asset", "Asset Tag"),
				col("name", "Asset Name"),
				col("kind", "Type", "Asset Type", "Device Type", "Role", "Device Role"),
				col("zone", "Zones", "Zone ID", "Segment", "Network Zone"),
				col("owner", ownerAliases...),
				col("safety", "Safety Relevant", "Safety Critical", "Safety-Related"),
				col("tags", "Labels"),
				col("ip", "IP Address", "IPv4", "IP Addresses"),
			},
			required: []string{"id"},
		},
		sheetZones: {
			kind:    sheetZones,
			name:    "Zones",
			aliases: []string{"Zone", "Network Zones", "Segments"},
			columns: []column{
				col("id", "Zone", "Zone ID", "Segment"),
				col("name", "Zone Name"),
				col("level", "Purdue Level", "Purdue"),
				col("owner", ownerAliases...),
			},
			required: []string{"id"},
		},
		sheetConduits: {
			kind:    sheetConduits,
			name:    "Conduits",
			aliases: []string{"Conduit"},
			columns: []column{
				col("id", "Conduit", "Conduit ID"),
				col("from", "From Zone", "Source Zone"),
				col("to", "To Zone", "Destination Zone", "Destination"),
				col("via", viaAliases...),
				col("direction", "Directionality"),
			},
			required: []string{"from", "to"},
		},
		sheetDependencies: {
			kind:    sheetDependencies,
			name:    "Dependencies",
			aliases: []string{"Dependency"},
			columns: []column{
				col("consumer", "Asset", "Dependent", "Asset ID"),
				col("provider", "Depends On", "Providers", "Service Provider"),
				col("service", "Service Type"),
				col("need", "Required", "Needs"),
				col("grace", "Tolerance", "Ride Through", "Grace Period"),
			},
			required: []string{"consumer", "provider"},
		},
		sheetFeeds: {
			kind:    sheetFeeds,
			name:    "Feeds",
			aliases: []string{"Flows", "Data Flows", "Feed"},
			columns: []column{
				col("id", "Feed", "Flow", "Feed ID", "Flow ID"),
				col("name", "Feed Name", "Flow Name"),
				col("source", "From", "Source Asset"),
				col("via", viaAliases...),
				col("to", "Consumers", "Destination", "Destinations"),
				col("kind", "Type", "Feed Type", "Flow Type"),
				col("safety", "Safety Relevant", "Safety Critical", "Safety-Related"),
				col("owner", ownerAliases...),
			},
			required: []string{"id", "source", "to"},
		},
		sheetScenarios: {
			kind:    sheetScenarios,
			name:    "Scenarios",
			aliases: []string{"Scenario", "What If", "What-Ifs"},
			columns: []column{
				col("scenario", "Name", "Scenario Name"),
				col("action", "Verb"),
				col("target", "Selector", "Targets"),
			},
			required: []string{"scenario", "action", "target"},
		},
	}
	// sheetByNorm finds a sheet by its name or an alias, folded by graph.Norm.
	sheetByNorm = func() map[string]*schema {
		m := make(map[string]*schema)
		for _, sc := range schemas {
			m[graph.Norm(sc.name)] = sc
			for _, a := range sc.aliases {
				m[graph.Norm(a)] = sc
			}
		}
		return m
	}()
)

// lookupSheet finds the schema of a sheet or CSV file name; exact tells
// whether the name is the canonical one rather than an alias.
func lookupSheet(name string) (sc *schema, exact bool) {
	n := graph.Norm(name)
	sc = sheetByNorm[n]
	return sc, sc != nil && n == graph.Norm(sc.name)
}

// fileName is the name of the sheet's file in a folder of CSV files.
func (sc *schema) fileName() string { return graph.Norm(sc.name) + ".csv" }
