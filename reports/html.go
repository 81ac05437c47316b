package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"regexp"

	"github.com/otimpact/otimpact/graph"
)

// HTML writes the result as one self-contained page to read on screen or
// print: the title, the summary sentence, the actions, the picture of the
// blast radius, then a table a section, each row with its why. The page
// loads nothing (no scripts, fonts or images from anywhere) and every model
// string is escaped by html/template; the picture is graphviz's SVG, whose
// text graphviz escapes.
func HTML(w io.Writer, res *graph.Result) error {
	svg, err := renderSVG(res)
	if err != nil {
		return err
	}
	page := htmlPage{
		Title:    scenarioTitle(res.Actions),
		Model:    res.Model,
		Counts:   modelCounts(res.Model),
		Skipped:  rowsWithErrors(res.Model.SkippedRows),
		Summary:  ResultLine(res),
		Lost:     res.Summary.OperatorStationsLost+res.Summary.FeedsLost+res.Summary.SafetyVisibilityLost > 0,
		Picture:  inlineSVG(svg),
		Actions:  htmlActions(res),
		Sections: reportSections(res),
	}
	for i, warn := range res.Model.Warnings {
		if i == maxWarnings {
			page.Warnings = append(page.Warnings, fmt.Sprintf("… and %d more", len(res.Model.Warnings)-maxWarnings))
			break
		}
		page.Warnings = append(page.Warnings, warn)
	}
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, page); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

type htmlPage struct {
	Title    string
	Model    graph.ModelInfo
	Counts   string // the model's size in words
	Skipped  string // the rows left out, in words
	Summary  string
	Lost     bool
	Warnings []string
	Picture  template.HTML
	Actions  reportSection
	Sections []reportSection
}

// reportSection is one titled table of a report: rows of cells, each row
// with the why lines that explain it.
type reportSection struct {
	Title  string
	Tone   string // "lost" or "degraded" when the section has rows of that kind, else ""
	Header []string
	Rows   []reportRow
	Empty  string // what the section says when it has no rows
}

// HasWhy says whether the section's last column holds the rows' why lines.
func (s reportSection) HasWhy() bool {
	return len(s.Header) > 0 && s.Header[len(s.Header)-1] == "why"
}

type reportRow struct {
	Cells []string
	Why   []string
}

func (s *reportSection) add(why []string, cells ...string) {
	s.Rows = append(s.Rows, reportRow{Cells: cells, Why: why})
}

// toned colors a section's heading only when it has something in it.
func (s reportSection) toned(tone string) reportSection {
	if len(s.Rows) > 0 {
		s.Tone = tone
	}
	return s
}

func htmlActions(res *graph.Result) reportSection {
	s := reportSection{Title: "Actions", Header: []string{"action", "target", "matched", "from scenario"}, Empty: "None: this is the site as it stands."}
	for _, a := range res.Actions {
		s.add(nil, a.Action, a.Target, listAll(a.Matched), a.Scenario)
	}
	return s
}

// reportSections are the result's sections in the order of the text report.
// A degraded safety view is a degraded feed too: listed once, as a feed.
func reportSections(res *graph.Result) []reportSection {
	stations := reportSection{Title: "Operator stations lost", Header: []string{"id", "name", "when", "owner", "why"}}
	degraded := reportSection{Title: "Degraded", Header: []string{"what", "id", "name", "when", "owner or lost at", "why"}}
	for _, o := range res.OperatorStations {
		switch o.Status {
		case graph.StatusLost:
			stations.add(o.Why, o.ID, o.Name, when(o.AfterS), ownerName(o.Owner))
		case graph.StatusDegraded:
			degraded.add(o.Why, "operator station", o.ID, o.Name, when(o.AfterS), "owner: "+ownerName(o.Owner))
		}
	}
	feeds := reportSection{Title: "Telemetry and control feeds lost", Header: []string{"id", "name", "kind", "when", "lost at", "why"}}
	for _, f := range res.Feeds {
		switch f.Status {
		case graph.StatusLost:
			feeds.add(f.Why, f.ID, f.Name, feedKind(f.Kind, f.Safety), when(f.AfterS), listAll(f.LostAt))
		case graph.StatusDegraded:
			degraded.add(f.Why, feedKind(f.Kind, f.Safety)+" feed", f.ID, f.Name, when(f.AfterS), lostStill(f.LostAt, f.StillAt))
		}
	}
	safety := reportSection{Title: "Safety-relevant visibility lost", Header: []string{"feed", "name", "when", "lost at", "why"}}
	for _, s := range res.SafetyVisibility {
		if s.Status == graph.StatusLost {
			safety.add(s.Why, s.Feed, s.Name, when(s.AfterS), listAll(s.LostAt))
		}
	}
	others := reportSection{Title: "Other assets affected", Header: []string{"id", "name", "status", "when", "owner", "why"}}
	for _, a := range res.Assets {
		if a.Kind != graph.KindOperatorStation {
			others.add(a.Why, a.ID, a.Name, a.Status, when(a.AfterS), ownerName(a.Owner))
		}
	}
	signOff := reportSection{Title: "Sign-off needed", Header: []string{"owner", "items", "approves the loss of"}, Empty: "Nobody: nothing is affected."}
	for _, s := range res.SignOff {
		signOff.add(nil, ownerName(s.Owner), fmt.Sprint(len(s.Items)), listAll(s.Items))
	}
	sections := []reportSection{stations.toned("lost"), feeds.toned("lost"), safety.toned("lost"), degraded.toned("degraded"), others.toned("lost"), signOff}
	if a := res.Attacker; a != nil {
		reach := reportSection{Title: "Attacker reach", Header: []string{"assets", "count", "ids"}}
		reach.add(nil, "compromised", fmt.Sprint(len(a.Compromised)), listAll(a.Compromised))
		reach.add(nil, "protected, reachable before the actions", fmt.Sprint(len(a.ProtectedReachableBefore)), listAll(a.ProtectedReachableBefore))
		reach.add(nil, "protected, reachable after the actions", fmt.Sprint(len(a.ProtectedReachableAfter)), listAll(a.ProtectedReachableAfter))
		sections = append(sections, reach)
	}
	return sections
}

// svgProlog is what graphviz writes before the <svg> element, and
// svgComment its comments (node and edge names, already escaped): neither
// belongs inside an HTML page.
var (
	svgProlog  = regexp.MustCompile(`(?s)\A.*?(<svg\b)`)
	svgComment = regexp.MustCompile(`(?s)<!--.*?-->\n?`)
)

// inlineSVG is graphviz's SVG ready to sit in the page. It is trusted as
// HTML because graphviz escapes every label it writes; the tests hold it to
// that with hostile names.
func inlineSVG(svg []byte) template.HTML {
	svg = svgProlog.ReplaceAll(svg, []byte("$1"))
	svg = svgComment.ReplaceAll(svg, nil)
	return template.HTML(svg)
}

var htmlTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Containment impact: {{.Title}}</title>
<style>
:root { --red: #c62828; --red-bg: #fdecea; --amber: #ef8f00; --amber-bg: #fff8e1; --grey: #607d8b; --line: #cfd8dc; }
* { box-sizing: border-box; }
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 14px; line-height: 1.4; color: #212121; margin: 24px auto; max-width: 1400px; padding: 0 16px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h2.lost { color: var(--red); border-bottom-color: var(--red); }
h2.degraded { color: #8a5a00; border-bottom-color: var(--amber); }
.site { color: #546e7a; margin: 0 0 12px; }
.summary { font-size: 17px; font-weight: bold; padding: 10px 14px; border-left: 6px solid var(--grey); background: #eceff1; margin: 12px 0; }
.summary.lost { border-left-color: var(--red); background: var(--red-bg); color: #8e0000; }
.warn { border-left: 6px solid var(--amber); background: var(--amber-bg); padding: 8px 14px; }
.warn ul { margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { background: #eceff1; font-size: 12px; text-transform: uppercase; letter-spacing: 0.03em; color: #455a64; }
td:first-child { white-space: nowrap; font-weight: bold; }
tbody tr:nth-child(even) { background: #fafafa; }
section.lost tbody td:first-child { border-left: 4px solid var(--red); }
section.degraded tbody td:first-child { border-left: 4px solid var(--amber); }
td.why { width: 45%; }
ul.why { margin: 0; padding-left: 16px; font-size: 12px; color: #455a64; }
ul.why li { margin: 0; }
.none { color: #546e7a; font-style: italic; }
figure { margin: 8px 0; border: 1px solid var(--line); padding: 8px; overflow: auto; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
footer { margin-top: 32px; color: #90a4ae; font-size: 12px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { font-size: 10pt; margin: 0; max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  figure { border: none; padding: 0; overflow: visible; }
  figure svg { width: 100%; height: auto; }
  /* The picture, too tall for what is left of a page, starts the next one
     and runs on over as many as it needs. It carries its own title, so its
     heading would only be left alone at the foot of the page before. */
  section.picture h2 { display: none; }
  figure { margin: 0; }
  .summary, section.lost tbody td:first-child, section.degraded tbody td:first-child, th, h2 { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
<header>
<h1>Containment impact: {{.Title}}</h1>
<p class="site">Site model {{.Model.Source}}: {{.Counts}}.</p>
{{- if .Model.SkippedRows}}
<p class="warn"><strong>Went on without {{.Skipped}}: this answer leaves them out.</strong></p>
{{- end}}
<p class="summary{{if .Lost}} lost{{end}}">{{.Summary}}</p>
{{- if .Warnings}}
<div class="warn"><strong>Model warnings</strong><ul>{{range .Warnings}}<li>{{.}}</li>{{end}}</ul></div>
{{- end}}
</header>
{{template "section" .Actions}}
<section class="picture">
<h2>Blast radius</h2>
<figure>
{{.Picture}}
</figure>
</section>
{{range .Sections}}{{template "section" .}}{{end}}
<footer>otimpact simulation report ({{.Model.Source}})</footer>
</body>
</html>
{{define "section"}}
<section{{if .Tone}} class="{{.Tone}}"{{end}}>
<h2{{if .Tone}} class="{{.Tone}}"{{end}}>{{.Title}} ({{len .Rows}})</h2>
{{- if .Rows}}
<table>
<thead><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .Cells}}<td>{{.}}</td>{{end}}{{if $.HasWhy}}<td class="why"><ul class="why">{{range .Why}}<li>{{.}}</li>{{end}}</ul></td>{{end}}</tr>
{{- end}}
</tbody>
</table>
{{- else}}
<p class="none">{{if .Empty}}{{.Empty}}{{else}}None.{{end}}</p>
{{- end}}
</section>
{{end}}`))
