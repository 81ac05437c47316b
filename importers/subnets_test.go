package importers

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
)

// writeFile writes text to a file of that name in a new folder and returns
// its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const subnetsCSV = `cidr,zone,level
10.0.0.0/8,Plant,
10.1.0.0/16,Cell-A,1
10.1.2.0/24,Cell-A-Safety,1
10.2.0.0/16,Cell-B,2
192.168.50.0/24,DMZ,3.5
2001:db8::/32,Plant-v6,
2001:db8:1::/48,Cell-A-v6,1
`

func TestSubnetLookup(t *testing.T) {
	s, err := ReadSubnets(writeFile(t, "subnets.csv", subnetsCSV))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ip, zone string
		level          float64
	}{
		{"the most specific prefix wins", "10.1.2.3", "Cell-A-Safety", 1},
		{"a /16 inside a /8 wins over the /8", "10.1.9.9", "Cell-A", 1},
		{"an address only the /8 holds takes the /8", "10.9.9.9", "Plant", graph.NoLevel},
		{"a blank level is no level", "10.200.0.1", "Plant", graph.NoLevel},
		{"the DMZ level reads as 3.5", "192.168.50.7", "DMZ", 3.5},
		{"IPv6 most specific wins", "2001:db8:1::10", "Cell-A-v6", 1},
		{"IPv6 falls back to the wider prefix", "2001:db8:2::10", "Plant-v6", graph.NoLevel},
		{"IPv4-mapped IPv6 is looked up as IPv4", "::ffff:10.2.3.4", "Cell-B", 2},
		{"an IPv6 zone is ignored", "2001:db8:1::10%eth0", "Cell-A-v6", 1},
		{"an address in no subnet has none", "172.16.0.1", "", 0},
		{"an IPv6 address in no subnet has none", "fd00::1", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.Lookup(netip.MustParseAddr(tt.ip))
			if tt.zone == "" {
				if ok {
					t.Fatalf("Lookup(%s) = %s, want none", tt.ip, got.Prefix)
				}
				return
			}
			if !ok || got.Zone != tt.zone || got.Level != tt.level {
				t.Fatalf("Lookup(%s) = %q level %v (%v), want %q level %v", tt.ip, got.Zone, got.Level, ok, tt.zone, tt.level)
			}
		})
	}
	if all := s.All(); len(all) != 7 || all[0].Prefix.String() != "10.0.0.0/8" || !all[6].Prefix.Addr().Is6() {
		t.Errorf("All() = %v, want 7 subnets, IPv4 first, by address", all)
	}
	if s.All()[1].Src.Row != 3 {
		t.Errorf("10.1.0.0/16 read at row %d, want 3", s.All()[1].Src.Row)
	}
}

func TestParsePrefixForms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10.1.0.0/16", "10.1.0.0/16"},
		{"10.1.0.0/255.255.0.0", "10.1.0.0/16"},
		{"10.1.0.0 255.255.0.0", "10.1.0.0/16"},
		{" 10.1.0.0 / 16 ", "10.1.0.0/16"},
		{"10.1.2.3", "10.1.2.3/32"},
		{"2001:db8::1", "2001:db8::1/128"},
		{"::ffff:10.0.0.0/104", "10.0.0.0/8"},
		{"10.1.2.5/24", "10.1.2.0/24"},
	}
	for _, tt := range tests {
		got, _, err := parsePrefix(tt.in)
		if err != nil || got.String() != tt.want {
			t.Errorf("parsePrefix(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"10.1.0.0/33", "10.1.0/16", "10.1.0.0/255.0.255.0", "zone-a", "10.1.0.0/x"} {
		if _, _, err := parsePrefix(bad); err == nil {
			t.Errorf("parsePrefix(%q) took it", bad)
		}
	}
}

func TestSubnetProblemsAreLocated(t *testing.T) {
	text := "Site subnets\n\nSubnet,Network Zone,Purdue Level\n10.1.0.0/16,Cell-A,1\n10.1.0.0/33,Cell-B,2\n10.2.0.0/16,,2\n10.1.0.0/16,Cell-C,\n10.3.0.0/16,Cell-D,7\n10.4.0.5/16,Cell-E,2\n"
	path := writeFile(t, "subnets.csv", text)
	s, err := ReadSubnets(path)
	var pl graph.ProblemList
	if !errors.As(err, &pl) {
		t.Fatalf("ReadSubnets: %v, want a problem list", err)
	}
	want := []string{
		path + `: subnets row 5, column "Subnet": "10.1.0.0/33" is not a subnet (write it like 10.1.2.0/24 or 2001:db8:1::/48)`,
		path + `: subnets row 6, column "Network Zone": zone is blank: a subnet assigns its assets to a zone`,
		path + `: subnets row 7, column "Subnet": subnet 10.1.0.0/16 is zone "Cell-C" here and zone "Cell-A" at row 4`,
		path + `: subnets row 8, column "Purdue Level": Purdue level "7" is not one of 0–5 (or 3.5 for the IT/OT DMZ)`,
	}
	if got := strings.Split(pl.Error(), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// What was read well is there all the same; host bits are cleared.
	if got, ok := s.Lookup(netip.MustParseAddr("10.4.9.9")); !ok || got.Zone != "Cell-E" || got.Prefix.String() != "10.4.0.0/16" {
		t.Errorf("Lookup(10.4.9.9) = %+v, %v; want Cell-E 10.4.0.0/16", got, ok)
	}
	if s.Len() != 2 {
		t.Errorf("%d subnets read, want 2", s.Len())
	}
}

func TestNewSubnetsDuplicates(t *testing.T) {
	src := func(row int) graph.Source {
		return graph.Source{Origin: &graph.Origin{File: "site.xlsx", Sheet: "Subnets"}, Row: row}
	}
	list := []Subnet{
		{Prefix: netip.MustParsePrefix("10.1.0.0/16"), Zone: "Cell-A", Level: graph.NoLevel, Src: src(2)},
		{Prefix: netip.MustParsePrefix("10.1.0.0/16"), Zone: "cell-a", Level: 1, Src: src(3)},
		{Prefix: netip.MustParsePrefix("::ffff:10.1.0.0/112"), Zone: "Cell-B", Level: 1, Src: src(4)},
		{Prefix: netip.MustParsePrefix("10.1.0.0/16"), Zone: "Cell-A", Level: 2, Src: src(5)},
	}
	s, err := NewSubnets(list)
	want := "site.xlsx: Subnets row 4, column \"cidr\": subnet 10.1.0.0/16 is zone \"Cell-B\" here and zone \"Cell-A\" at row 2\n" +
		"site.xlsx: Subnets row 5, column \"level\": subnet 10.1.0.0/16 is level 2 here and level 1 at row 2"
	if err == nil || err.Error() != want {
		t.Errorf("NewSubnets: %v\nwant:\n%s", err, want)
	}
	if got, ok := s.Lookup(netip.MustParseAddr("10.1.0.1")); !ok || got.Zone != "Cell-A" || got.Level != 1 {
		t.Errorf("the same prefix and zone again gives the level left blank: got %+v", got)
	}
}

func TestReadSubnetsFromWorkbookAndFolder(t *testing.T) {
	st := site{"assets.csv": "id\nA\n", "IP Ranges.csv": "CIDR Block,Zone\n10.5.0.0/16,Cell-5\n"}
	for name, path := range map[string]string{"workbook": st.writeXLSX(t), "folder": st.writeCSV(t)} {
		s, err := ReadSubnets(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got, ok := s.Lookup(netip.MustParseAddr("10.5.1.1")); !ok || got.Zone != "Cell-5" || got.Src.Sheet() != "IP Ranges" {
			t.Errorf("%s: Lookup = %+v, %v", name, got, ok)
		}
	}
	if _, err := ReadSubnets(site{"assets.csv": "id\nA\n"}.writeXLSX(t)); err == nil || !strings.Contains(err.Error(), "no Subnets sheet") {
		t.Errorf("a workbook without a Subnets sheet: %v", err)
	}
}
