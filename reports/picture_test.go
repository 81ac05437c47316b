package reports

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/synth"
)

// pictureExample is the example site with OPS isolated and an attacker on
// the vendor gateway, as the README's picture shows it.
func pictureExample(t testing.TB) *graph.Result {
	return exampleResult(t, "", []graph.Action{{Verb: graph.Isolate, Target: "zone:OPS"}},
		graph.Options{Topology: true, Compromised: "asset:VGW-01"})
}

// hostilePicture is a small site whose every id and name is hostile, with
// topology, so that zones, conduits and feeds are drawn too.
func hostilePicture(t testing.TB) *graph.Result {
	t.Helper()
	zone1, zone2 := `Z`+hostileDOT, "L2\\zone\nnext"
	dc, hmi, plc := `DC `+hostileDOT, `HMI\1\"`+"\n", `PLC<b>&amp;\N`
	m := &graph.Model{
		Source: "site\x1b[2J.xlsx",
		Zones: []graph.Zone{
			{ID: zone1, Name: hostileScript, Level: 3},
			{ID: zone2, Name: hostileLink, Level: 2},
		},
		Conduits: []graph.Conduit{{ID: `C` + hostileDOT, From: zone1, To: zone2}},
		Assets: []graph.Asset{
			{ID: dc, Name: "line1\nline2 \\ \"quoted\"", Kind: graph.KindDomainController, Zones: []string{zone1}, Owner: "IT\nOT"},
			{ID: hmi, Name: hostileScript + "\r\nfake line", Kind: graph.KindOperatorStation, Zones: []string{zone2}, Owner: hostileLink},
			{ID: plc, Name: hostileLink, Kind: graph.KindPLC, Zones: []string{zone2}},
		},
		Dependencies: []graph.Dependency{{Consumer: hmi, Providers: []string{dc}, Need: 1, Service: "auth"}},
		Feeds:        []graph.Feed{{ID: `F` + hostileDOT + hostileScript, Name: hostileScript, Source: []string{plc}, To: []string{hmi}, Kind: graph.FeedView, Safety: true}},
	}
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	res, err := m.Simulate([]graph.Action{{Verb: graph.Shutdown, Target: "asset:" + dc}}, graph.Options{Topology: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// impactedIDs are the ids a picture must show: every asset and operator
// station not ok and every consumer a feed no longer reaches.
func impactedIDs(res *graph.Result) []string {
	var ids []string
	for _, o := range res.OperatorStations {
		ids = append(ids, o.ID)
	}
	for _, a := range res.Assets {
		ids = append(ids, a.ID)
	}
	for _, f := range res.Feeds {
		ids = append(ids, f.LostAt...)
	}
	return ids
}

// dotID undoes dotQuote on an id as gonum's parser returns it, quotes and all.
func dotID(t testing.TB, raw string) string {
	t.Helper()
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		t.Fatalf("id %s is not quoted", raw)
	}
	s := raw[1 : len(raw)-1]
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'x':
			v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				t.Fatalf("bad escape in %s", raw)
			}
			b.WriteByte(byte(v))
			i += 2
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// parsedPicture is a DOT picture read back by gonum: its declared nodes
// (id → attributes), its edges and how many graphs the text held.
type parsedPicture struct {
	graphs int
	nodes  map[string]map[string]string
	twice  []string // nodes declared more than once
	edges  []parsedEdge
}

type parsedEdge struct {
	from, to string
	attrs    map[string]string
}

func parsePicture(t testing.TB, text []byte) parsedPicture {
	t.Helper()
	f, err := dot.ParseBytes(text)
	if err != nil {
		t.Fatalf("the DOT does not parse: %v\n%s", err, text)
	}
	p := parsedPicture{graphs: len(f.Graphs), nodes: map[string]map[string]string{}}
	attrs := func(as []*ast.Attr) map[string]string {
		m := map[string]string{}
		for _, a := range as {
			m[a.Key] = a.Val
		}
		return m
	}
	var walk func([]ast.Stmt)
	walk = func(stmts []ast.Stmt) {
		for _, s := range stmts {
			switch s := s.(type) {
			case *ast.NodeStmt:
				// A node named bare in { rank=same; ... } is a reference;
				// a node with attributes is declared, and only once.
				id := dotID(t, s.Node.ID)
				if _, ok := p.nodes[id]; !ok || len(s.Attrs) > 0 {
					if len(p.nodes[id]) > 0 {
						p.twice = append(p.twice, id)
					}
					p.nodes[id] = attrs(s.Attrs)
				}
			case *ast.EdgeStmt:
				from, ok := s.From.(*ast.Node)
				if !ok || s.To.To != nil {
					t.Fatalf("edge %s is not a plain a -> b", s)
				}
				to, ok := s.To.Vertex.(*ast.Node)
				if !ok {
					t.Fatalf("edge %s is not a plain a -> b", s)
				}
				p.edges = append(p.edges, parsedEdge{dotID(t, from.ID), dotID(t, to.ID), attrs(s.Attrs)})
			case *ast.Subgraph:
				walk(s.Stmts)
			}
		}
	}
	for _, g := range f.Graphs {
		walk(g.Stmts)
	}
	return p
}

// syntheticNode matches the ids the picture makes up for itself.
var syntheticNode = regexp.MustCompile(`^(zone top |zone bottom |below level |legend|feeds lost|not drawn in |outside zones not drawn)`)

// checkPictureNodes holds a parsed picture to its contract: every required
// asset is a node once, with its exact id; every other node is another asset
// of the site or one the picture made up (so no name injected a node); every
// edge joins declared nodes.
func checkPictureNodes(t *testing.T, p parsedPicture, required, assets []string) {
	t.Helper()
	if p.graphs != 1 {
		t.Errorf("the DOT holds %d graphs, want 1", p.graphs)
	}
	if len(p.twice) > 0 {
		t.Errorf("nodes declared twice: %q", p.twice)
	}
	known := idSet(assets)
	for _, id := range required {
		known[id] = true
		if _, ok := p.nodes[id]; !ok {
			t.Errorf("affected asset %q is not a node of the picture", id)
		}
	}
	for id := range p.nodes {
		if !known[id] && !syntheticNode.MatchString(id) {
			t.Errorf("the picture has a node %q that is no asset", id)
		}
	}
	for _, e := range p.edges {
		for _, id := range []string{e.from, e.to} {
			if _, ok := p.nodes[id]; !ok {
				t.Errorf("edge %q -> %q joins an undeclared node %q", e.from, e.to, id)
			}
		}
	}
}

func topologyIDs(res *graph.Result) []string {
	var ids []string
	for _, a := range res.Topology.Assets {
		ids = append(ids, a.ID)
	}
	return ids
}

// rendered is res as report writes it.
func rendered(t testing.TB, report func(io.Writer, *graph.Result) error, res *graph.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeDOT(t testing.TB, res *graph.Result) []byte { return rendered(t, DOT, res) }

func TestDOTOfTheExampleIsTheGoldenPicture(t *testing.T) {
	checkGolden(t, "isolate-ops-compromised.dot", writeDOT(t, pictureExample(t)))
}

func TestDOTDrawsEveryAssetOfTheExampleAsANodeWithItsID(t *testing.T) {
	res := pictureExample(t)
	p := parsePicture(t, writeDOT(t, res))
	checkPictureNodes(t, p, impactedIDs(res), topologyIDs(res))
	for _, id := range topologyIDs(res) {
		if _, ok := p.nodes[id]; !ok {
			t.Errorf("asset %q of the example is not drawn", id)
		}
	}
	if n := len(res.Topology.Assets); n != 81 {
		t.Errorf("the example has %d assets, want 81", n)
	}
}

func TestDOTKeepsHostileIDsAndNamesInsideTheirStrings(t *testing.T) {
	res := hostilePicture(t)
	text := writeDOT(t, res)
	p := parsePicture(t, text)
	checkPictureNodes(t, p, impactedIDs(res), topologyIDs(res))
	for _, name := range []string{"a", "b", "evil", "x", "y"} {
		if _, ok := p.nodes[name]; ok {
			t.Errorf("a hostile name made node %q:\n%s", name, text)
		}
	}
	if len(p.nodes) == 0 || len(res.Assets) == 0 {
		t.Fatal("the hostile site drew nothing")
	}
	// The station's name reaches its label whole, its line break escaped.
	label := p.nodes[res.OperatorStations[0].ID]["label"]
	if !strings.Contains(label, hostileScript) || strings.ContainsAny(label, "\r\n\x00") {
		t.Errorf("the station's label is %q, want its name escaped", label)
	}
}

func TestDOTDrawsConduitsDownAsDashedRedAndOneWayWithOneArrow(t *testing.T) {
	res := pictureExample(t)
	p := parsePicture(t, writeDOT(t, res))
	conduits := map[string]parsedEdge{}
	for _, e := range p.edges {
		if l := e.attrs["label"]; l != "" {
			conduits[strings.SplitN(strings.Trim(l, `"`), `\n`, 2)[0]] = e
		}
	}
	for _, c := range []struct {
		id, dir string
		down    bool
	}{
		{"ENT-DMZ", "both", false},
		{"DMZ-OPS", "both", true},
		{"OPS-DMZ-DIODE", "back", true}, // one-way from OPS up to the DMZ, drawn downwards
		{"OPS-CTRL", "both", true},
		{"SIS-CTRL", "back", false},
		{"CTRL-REM", "both", false},
	} {
		e, ok := conduits[c.id]
		if !ok {
			t.Errorf("conduit %s is not drawn", c.id)
			continue
		}
		if e.attrs["dir"] != c.dir {
			t.Errorf("conduit %s has dir=%s, want %s", c.id, e.attrs["dir"], c.dir)
		}
		dashed := e.attrs["style"] == "dashed" && e.attrs["color"] == `"`+picRedLine+`"`
		if dashed != c.down {
			t.Errorf("conduit %s: style %s color %s, want dashed red %v", c.id, e.attrs["style"], e.attrs["color"], c.down)
		}
	}
}

func TestDOTOfACutConduitSaysCut(t *testing.T) {
	res := exampleResult(t, "", []graph.Action{{Verb: graph.Cut, Target: "conduit:OPS-CTRL"}}, graph.Options{Topology: true})
	text := string(writeDOT(t, res))
	if !regexp.MustCompile(`label="OPS-CTRL\\nvia [^"]*\\nCUT", color="` + picRedLine + `"[^\]]*style=dashed`).MatchString(text) {
		t.Errorf("the cut conduit is not drawn dashed red and labelled CUT:\n%s", text)
	}
}

func TestDOTWithoutTopologyStillDrawsEveryAffectedAsset(t *testing.T) {
	for _, res := range []*graph.Result{hostileSite(t), hostileResult(t)} {
		p := parsePicture(t, writeDOT(t, res))
		checkPictureNodes(t, p, impactedIDs(res), nil)
	}
}

// largeSite simulates isolating the first operations zone of a synthetic
// site of about n assets over four sites.
func largeSite(t testing.TB, n int) *graph.Result {
	t.Helper()
	m := synth.Generate(n, 4, 1)
	if errs := m.Resolve(false); len(errs) > 0 {
		t.Fatal(errs)
	}
	var target string
	for _, z := range m.Zones {
		if z.Level == 3 {
			target = "zone:" + z.ID
			break
		}
	}
	res, err := m.Simulate([]graph.Action{{Verb: graph.Isolate, Target: target}}, graph.Options{Topology: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// drawnAssets counts the picture's nodes that are assets of the site.
func drawnAssets(res *graph.Result, p parsedPicture) int {
	all := idSet(topologyIDs(res))
	n := 0
	for id := range p.nodes {
		if all[id] {
			n++
		}
	}
	return n
}

func TestDOTOfALargeSiteDrawsTheBlastRadiusAndItsNeighboursAndSaysHowManyItLeftOut(t *testing.T) {
	res := largeSite(t, 1200)
	text := writeDOT(t, res)
	p := parsePicture(t, text)
	affected := len(idSet(impactedIDs(res)))
	if affected >= maxPictureAssets {
		t.Fatalf("%d assets affected: the test needs fewer than %d", affected, maxPictureAssets)
	}
	checkPictureNodes(t, p, impactedIDs(res), topologyIDs(res))
	drawn := drawnAssets(res, p)
	if drawn > maxPictureAssets || drawn <= affected {
		t.Errorf("drew %d assets (%d affected), want the affected ones and some neighbours, at most %d", drawn, affected, maxPictureAssets)
	}
	left := fmt.Sprintf("%d unaffected assets not drawn", len(res.Topology.Assets)-drawn)
	if !strings.Contains(string(text), left) {
		t.Errorf("the picture does not say %q", left)
	}
}

func TestDOTOfABlastRadiusLargerThanAPictureDrawsTheMostSevereAndSaysHowManyItLeftOut(t *testing.T) {
	res := largeSite(t, 5000)
	text := writeDOT(t, res)
	p := parsePicture(t, text)
	affected := idSet(impactedIDs(res))
	if len(affected) <= maxPictureAssets {
		t.Fatalf("%d assets affected: the test needs more than %d", len(affected), maxPictureAssets)
	}
	var stations []string
	for _, o := range res.OperatorStations {
		stations = append(stations, o.ID)
	}
	checkPictureNodes(t, p, stations, topologyIDs(res))
	drawn := 0
	for id := range p.nodes {
		if affected[id] {
			drawn++
		}
	}
	if drawn != maxPictureAssets || drawnAssets(res, p) != maxPictureAssets {
		t.Errorf("drew %d affected of %d assets, want exactly %d affected", drawn, drawnAssets(res, p), maxPictureAssets)
	}
	left := fmt.Sprintf("%d affected and %d unaffected assets not drawn", len(affected)-drawn, len(res.Topology.Assets)-len(affected))
	if !strings.Contains(string(text), left) {
		t.Errorf("the picture does not say %q", left)
	}
	if !regexp.MustCompile(`\\l\d+ zones with nothing drawn left out`).Match(text) {
		t.Error("the picture does not say how many zones it left out")
	}
}

// svgText walks an SVG as XML and returns its text, one entry an element,
// and the names of its elements; it fails on anything that is not XML.
func svgText(t testing.TB, svg []byte) (texts []string, elements map[string]int, attrs []xml.Attr) {
	t.Helper()
	elements = map[string]int{}
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return texts, elements, attrs
		}
		if err != nil {
			t.Fatalf("the SVG is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			elements[strings.ToLower(tok.Name.Local)]++
			attrs = append(attrs, tok.Attr...)
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				texts = append(texts, string(tok))
			}
		}
	}
}

func writeSVG(t testing.TB, res *graph.Result) []byte {
	t.Helper()
	start := time.Now()
	svg := rendered(t, SVG, res)
	t.Logf("one SVG render: %v, %d bytes", time.Since(start), len(svg))
	return svg
}

func TestSVGOfTheExampleIsXMLWithEveryAffectedIDAsText(t *testing.T) {
	res := pictureExample(t)
	texts, elements, _ := svgText(t, writeSVG(t, res))
	shown := idSet(texts)
	for _, id := range impactedIDs(res) {
		if !shown[id] {
			t.Errorf("affected asset %q is not a line of text in the SVG", id)
		}
	}
	for _, want := range []string{"OPS — Site operations (control room and OT", "ISOLATED by isolate zone:OPS", "Legend", "Feeds lost or degraded (20)"} {
		if !slicesContainPrefix(texts, want) {
			t.Errorf("the SVG does not say %q", want)
		}
	}
	if elements["svg"] != 1 {
		t.Errorf("the SVG has %d <svg> elements", elements["svg"])
	}
}

func slicesContainPrefix(texts []string, prefix string) bool {
	for _, s := range texts {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

func TestSVGShowsHostileNamesOnlyAsText(t *testing.T) {
	res := hostilePicture(t)
	svg := writeSVG(t, res)
	texts, elements, attrs := svgText(t, svg)
	for _, bad := range []string{"script", "foreignobject", "iframe", "b", "i"} {
		if elements[bad] > 0 {
			t.Errorf("a name made a <%s> element in the SVG", bad)
		}
	}
	for _, a := range attrs {
		if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || a.Name.Local == "href" {
			t.Errorf("the SVG has an attribute %s=%q", a.Name.Local, a.Value)
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{
		hostileScript, "fake line", // the station's name, its line break a space
		hostileLink,        // a zone's and the PLC's name
		`DC ` + hostileDOT, // the domain controller's id
		`PLC<b>&amp;\N`,    // entities and graphviz escapes read as written
		`line1 line2 \ "quoted"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the SVG does not show %q as text:\n%s", want, all)
		}
	}
}

func TestHTMLIsOnePageThatLoadsNothingAndRunsNothing(t *testing.T) {
	res := pictureExample(t)
	doc := writeHTML(t, res)
	if n := doc.count("script"); n > 0 {
		t.Errorf("the page has %d <script> elements", n)
	}
	for _, el := range []string{"link", "img", "iframe", "object", "embed", "base"} {
		if n := doc.count(el); n > 0 {
			t.Errorf("the page has %d <%s> elements: it must load nothing", n, el)
		}
	}
	for _, a := range doc.attrs {
		if a.Key == "src" || a.Key == "href" || strings.HasPrefix(a.Key, "on") {
			t.Errorf("the page has %s=%q", a.Key, a.Val)
		}
	}
	if doc.count("svg") != 1 || doc.count("style") != 1 {
		t.Errorf("the page has %d <svg> and %d <style>, want one of each", doc.count("svg"), doc.count("style"))
	}
	style := doc.styles()
	for _, bad := range []string{"@import", "url(", "@font-face"} {
		if strings.Contains(style, bad) {
			t.Errorf("the stylesheet uses %s", bad)
		}
	}
	if !strings.Contains(style, "@media print") {
		t.Error("the page has no print stylesheet")
	}
	shown := idSet(doc.texts)
	for _, id := range impactedIDs(res) {
		if !shown[id] {
			t.Errorf("affected asset %q is not text on the page", id)
		}
	}
	for _, want := range []string{
		"Containment impact: isolate zone:OPS",
		ResultLine(res),
		"Operator stations lost (2)",
		"Telemetry and control feeds lost (19)",
		"Safety-relevant visibility lost (4)",
		"Degraded (8)",
		"Other assets affected (7)",
		"Sign-off needed (4)",
		"Attacker reach (3)",
		"HMI-FG-01 lost immediately: HMI-FG-01 needs data from 1 of [SCADA-01, SCADA-02]",
	} {
		if !shown[want] {
			t.Errorf("the page does not say %q", want)
		}
	}
}

func TestHTMLWithoutAnAttackerHasNoAttackerSection(t *testing.T) {
	doc := writeHTML(t, exampleResult(t, "", []graph.Action{{Verb: graph.Isolate, Target: "zone:DMZ"}}, graph.Options{Topology: true}))
	for _, s := range doc.texts {
		if strings.HasPrefix(s, "Attacker reach") {
			t.Errorf("the page has %q without --compromised", s)
		}
	}
}

func TestHTMLShowsHostileNamesLiterally(t *testing.T) {
	res := hostilePicture(t)
	doc := writeHTML(t, res)
	if n := doc.count("script"); n > 0 {
		t.Errorf("a name made %d <script> elements", n)
	}
	for _, el := range []string{"b", "i"} {
		if n := doc.count(el); n > 0 {
			t.Errorf("a name made %d <%s> elements", n, el)
		}
	}
	for _, a := range doc.attrs {
		if strings.HasPrefix(a.Key, "on") || a.Key == "href" || a.Key == "src" {
			t.Errorf("a name made an attribute %s=%q", a.Key, a.Val)
		}
	}
	all := strings.Join(doc.texts, "\n")
	for _, want := range []string{hostileScript + "\nfake line", hostileLink, `DC ` + hostileDOT, `PLC<b>&amp;\N`, "site\x1b[2J.xlsx"} {
		if !strings.Contains(all, want) {
			t.Errorf("the page does not show %q literally", want)
		}
	}
}

func TestHTMLWithoutTopologyStillListsEveryLoss(t *testing.T) {
	res := hostileSite(t)
	doc := writeHTML(t, res)
	shown := idSet(doc.texts)
	for _, id := range impactedIDs(res) {
		if !shown[id] {
			t.Errorf("affected asset %q is not on the page", id)
		}
	}
}

// BenchmarkSVG renders the example and two synthetic sites: one whose
// picture holds it whole and one drawn to the cap.
func BenchmarkSVG(b *testing.B) {
	for _, c := range []struct {
		name string
		res  *graph.Result
	}{
		{"example", pictureExample(b)},
		{"assets=1000", largeSite(b, 1000)},
		{"assets=5000", largeSite(b, 5000)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := SVG(io.Discard, c.res); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// htmlDoc is a page as an HTML5 parser reads it.
type htmlDoc struct {
	elements map[string]int
	attrs    []html.Attribute
	texts    []string // text nodes, trimmed, outside <style>
	style    []string
}

func (d htmlDoc) count(el string) int { return d.elements[el] }

func (d htmlDoc) styles() string { return strings.Join(d.style, "\n") }

func writeHTML(t testing.TB, res *graph.Result) htmlDoc {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(rendered(t, HTML, res)))
	if err != nil {
		t.Fatal(err)
	}
	d := htmlDoc{elements: map[string]int{}}
	for n := range root.Descendants() {
		switch n.Type {
		case html.ElementNode:
			d.elements[strings.ToLower(n.Data)]++
			d.attrs = append(d.attrs, n.Attr...)
		case html.TextNode:
			if n.Parent != nil && n.Parent.Data == "style" {
				d.style = append(d.style, n.Data)
			} else if s := strings.TrimSpace(n.Data); s != "" {
				d.texts = append(d.texts, s)
			}
		}
	}
	return d
}
