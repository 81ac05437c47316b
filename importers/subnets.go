package importers

import (
	"cmp"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/otimpact/otimpact/graph"
	"github.com/xuri/excelize/v2"
)

// Subnet maps an address range to a zone.
type Subnet struct {
	Prefix netip.Prefix
	Zone   string
	Level  float64 // Purdue level of the zone; graph.NoLevel when blank
	Src    graph.Source
}

// Subnets is a set of prefixes looked up most specific first.
type Subnets struct {
	list []Subnet // sorted: IPv4 before IPv6, by address, then by length
	at   map[netip.Prefix]int
	// The prefix lengths in use, longest first: a lookup tries each once.
	v4Bits, v6Bits []int
}

// sheetSubnets is the Subnets sheet: read like the sheets of the model, but
// no part of the model's own schemas (the writers and the template leave it
// alone).
const sheetSubnets = numSheets

// Column numbers of the Subnets sheet.
const snCIDR, snZone, snLevel = 0, 1, 2

var subnetSchema = &schema{
	kind:    sheetSubnets,
	name:    "Subnets",
	aliases: []string{"Subnet", "Networks", "IP Ranges", "Address Ranges"},
	columns: []column{
		col("cidr", "Subnet", "Network", "Prefix", "CIDR Block", "IP Range", "Network Address"),
		col("zone", "Zone ID", "Segment", "Network Zone"),
		col("level", "Purdue Level", "Purdue"),
	},
	required: []string{"cidr", "zone"},
}

// subnetSheetNames are the names of the Subnets sheet, folded.
var subnetSheetNames = func() map[string]bool {
	m := map[string]bool{graph.Norm(subnetSchema.name): true}
	for _, a := range subnetSchema.aliases {
		m[graph.Norm(a)] = true
	}
	return m
}()

// isSubnetSheet reports whether a sheet or CSV file name is the Subnets sheet.
func isSubnetSheet(name string) bool { return subnetSheetNames[graph.Norm(name)] }

// ReadSubnets reads a Subnets CSV file or the Subnets sheet of a workbook
// (a folder's subnets.csv too); errors are a graph.ProblemList with file,
// sheet, row, column. The subnets that were read well are returned even
// then.
func ReadSubnets(path string) (*Subnets, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return emptySubnets(), graph.ProblemList{fileProblem(path, err)}
	}
	var c *candidate
	read := readCSV
	switch {
	case fi.IsDir():
		entries, err := os.ReadDir(path)
		if err != nil {
			return emptySubnets(), graph.ProblemList{fileProblem(path, err)}
		}
		for _, e := range entries {
			file := filepath.Join(path, e.Name())
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".csv") && isSubnetSheet(sheetName(file)) {
				c = &candidate{file, sheetName(file)}
				break
			}
		}
		if c == nil {
			return emptySubnets(), graph.ProblemList{{File: path, Msg: "no subnets.csv in the folder"}}
		}
	case isWorkbookName(path):
		if _, err := checkWorkbook(path); err != nil {
			return emptySubnets(), graph.ProblemList{{File: path, Msg: err.Error(), Err: err}}
		}
		f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxXMLLimit})
		if err != nil {
			if f != nil {
				f.Close()
			}
			return emptySubnets(), graph.ProblemList{{File: path, Msg: "cannot read the workbook: " + err.Error(), Err: err}}
		}
		defer f.Close()
		for _, name := range f.GetSheetList() {
			if isSubnetSheet(name) {
				c = &candidate{path, name}
				break
			}
		}
		if c == nil {
			return emptySubnets(), graph.ProblemList{{File: path, Msg: "no Subnets sheet in the workbook"}}
		}
		read = func(p *sheetParser, c *candidate) { readWorksheet(p, f, c.sheet) }
	default:
		// A CSV file of any name holds subnets.
		c = &candidate{path, sheetName(path)}
	}
	list, problems := readSubnetSheet(c, read)
	s, err := NewSubnets(list)
	if err != nil {
		problems = append(problems, err.(graph.ProblemList)...)
	}
	problems.Sort()
	return s, problems.Err()
}

// isWorkbookName reports whether a file name is that of an .xlsx workbook.
func isWorkbookName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm", ".xltx", ".xltm":
		return true
	}
	return false
}

// readSubnetSheet reads the Subnets sheet c with read. Its problems are
// errors; the rows that have one are left out of the list.
func readSubnetSheet(c *candidate, read func(p *sheetParser, c *candidate)) ([]Subnet, graph.ProblemList) {
	p := newSheetParser(subnetSchema, c.file, c.sheet, Options{})
	read(p, c)
	r := p.finish()
	problems := append(append(graph.ProblemList{}, r.fatal...), r.rowErrs...)
	return r.subnets, problems
}

// subnet parses one row of the Subnets sheet.
func (p *sheetParser) subnet() {
	s := Subnet{
		Zone:  p.get(snZone),
		Level: parsed(p, snLevel, parseLevel, graph.NoLevel),
		Src:   p.source(),
	}
	text := p.get(snCIDR)
	pfx, masked, err := parsePrefix(text)
	switch {
	case err != nil:
		p.fail(snCIDR, err)
	case masked:
		p.warnings.Add(&graph.Problem{File: p.src.File(), Sheet: p.src.Sheet(), Row: p.row,
			Column: p.src.Column("cidr"), Msg: fmt.Sprintf("%q has host bits set: read as %s", text, pfx)})
	}
	s.Prefix = pfx
	if s.Zone == "" {
		p.fail(snZone, errors.New("zone is blank: a subnet assigns its assets to a zone"))
	}
	if p.bad {
		return
	}
	p.stat.Used++
	p.subnets = append(p.subnets, s)
}

// parsePrefix reads a subnet: 10.1.0.0/16, 10.1.0.0/255.255.0.0,
// "10.1.0.0 255.255.0.0", 2001:db8::/32, or one address (a host prefix).
// An IPv4-mapped IPv6 prefix is read as the IPv4 one. Host bits set are
// cleared; masked says so.
func parsePrefix(s string) (p netip.Prefix, masked bool, err error) {
	if s == "" {
		return p, false, errors.New("subnet is blank (write it like 10.1.2.0/24 or 2001:db8:1::/48)")
	}
	in := s
	s = strings.Join(strings.Fields(s), " ")
	if addr, mask, ok := strings.Cut(s, " "); ok && !strings.Contains(s, "/") {
		s = addr + "/" + mask
	}
	s = strings.ReplaceAll(s, " ", "")
	if a, m, ok := strings.Cut(s, "/"); ok && strings.Contains(m, ".") {
		// A dotted netmask.
		mask, err := netip.ParseAddr(m)
		bits := maskBits(mask)
		if err != nil || !mask.Is4() || bits < 0 {
			return p, false, fmt.Errorf("%q is not a subnet: %q is no netmask", in, m)
		}
		s = fmt.Sprintf("%s/%d", a, bits)
	}
	if !strings.Contains(s, "/") {
		addr, err := netip.ParseAddr(s)
		if err != nil {
			return p, false, fmt.Errorf("%q is not a subnet (write it like 10.1.2.0/24 or 2001:db8:1::/48)", in)
		}
		addr = addr.WithZone("").Unmap()
		return netip.PrefixFrom(addr, addr.BitLen()), false, nil
	}
	p, err = netip.ParsePrefix(s)
	if err != nil {
		return p, false, fmt.Errorf("%q is not a subnet (write it like 10.1.2.0/24 or 2001:db8:1::/48)", in)
	}
	p = unmapPrefix(p)
	return p.Masked(), p.Masked() != p, nil
}

// maskBits counts the leading ones of a netmask; -1 when it is not one.
func maskBits(mask netip.Addr) int {
	if !mask.Is4() {
		return -1
	}
	b := mask.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	n := 0
	for v&(1<<31) != 0 {
		v <<= 1
		n++
	}
	if v != 0 {
		return -1
	}
	return n
}

// unmapPrefix reads an IPv4-mapped IPv6 prefix (::ffff:10.0.0.0/104) as
// the IPv4 prefix it stands for.
func unmapPrefix(p netip.Prefix) netip.Prefix {
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		return netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p
}

// NewSubnets builds the set from subnets already read (for the model
// loader and tests). A prefix given twice for different zones or levels is
// an error located at its second row; IPv4-mapped IPv6 prefixes are read as
// IPv4. The subnets without problems are in the set even then.
func NewSubnets(list []Subnet) (*Subnets, error) {
	s := emptySubnets()
	var problems graph.ProblemList
	for _, sn := range list {
		sn.Zone = strings.TrimSpace(sn.Zone)
		if !sn.Prefix.IsValid() {
			problems.Add(graph.At(sn.Src, "cidr", "subnet %s is not a valid prefix", sn.Prefix))
			continue
		}
		if sn.Zone == "" {
			problems.Add(graph.At(sn.Src, "zone", "subnet %s has no zone", sn.Prefix))
			continue
		}
		sn.Prefix = unmapPrefix(sn.Prefix).Masked()
		if i, dup := s.at[sn.Prefix]; dup {
			first := s.list[i]
			switch {
			case graph.Key(first.Zone) != graph.Key(sn.Zone):
				problems.Add(graph.At(sn.Src, "cidr", "subnet %s is zone %q here and zone %q at %s", sn.Prefix, sn.Zone, first.Zone, rowName(first.Src)))
			case first.Level != sn.Level && sn.Level != graph.NoLevel:
				if first.Level == graph.NoLevel {
					s.list[i].Level = sn.Level
					continue
				}
				problems.Add(graph.At(sn.Src, "level", "subnet %s is level %g here and level %g at %s", sn.Prefix, sn.Level, first.Level, rowName(first.Src)))
			}
			continue
		}
		s.at[sn.Prefix] = len(s.list)
		s.list = append(s.list, sn)
	}
	slices.SortFunc(s.list, func(a, b Subnet) int {
		if c := a.Prefix.Addr().Compare(b.Prefix.Addr()); c != 0 {
			return c
		}
		return cmp.Compare(a.Prefix.Bits(), b.Prefix.Bits())
	})
	for i, sn := range s.list {
		s.at[sn.Prefix] = i
		if sn.Prefix.Addr().Is4() {
			s.v4Bits = append(s.v4Bits, sn.Prefix.Bits())
		} else {
			s.v6Bits = append(s.v6Bits, sn.Prefix.Bits())
		}
	}
	for _, bits := range []*[]int{&s.v4Bits, &s.v6Bits} {
		slices.Sort(*bits)
		slices.Reverse(*bits)
		*bits = slices.Compact(*bits)
	}
	problems.Sort()
	return s, problems.Err()
}

func emptySubnets() *Subnets { return &Subnets{at: map[netip.Prefix]int{}} }

// rowName says where a row is, for a message about another row.
func rowName(src graph.Source) string {
	if src.Row > 0 {
		return fmt.Sprintf("row %d", src.Row)
	}
	return "another row"
}

// Lookup returns the most specific subnet containing ip; an IPv4-mapped
// IPv6 address is looked up as IPv4, and an IPv6 zone is ignored.
func (s *Subnets) Lookup(ip netip.Addr) (Subnet, bool) {
	if s == nil || !ip.IsValid() {
		return Subnet{}, false
	}
	ip = ip.WithZone("").Unmap()
	bits := s.v6Bits
	if ip.Is4() {
		bits = s.v4Bits
	}
	for _, b := range bits {
		p, err := ip.Prefix(b)
		if err != nil {
			continue
		}
		if i, ok := s.at[p]; ok {
			return s.list[i], true
		}
	}
	return Subnet{}, false
}

// All returns the subnets, IPv4 before IPv6, ordered by address and then
// by prefix length.
func (s *Subnets) All() []Subnet {
	if s == nil {
		return nil
	}
	return slices.Clone(s.list)
}

// Len is the number of subnets in the set.
func (s *Subnets) Len() int {
	if s == nil {
		return 0
	}
	return len(s.list)
}
