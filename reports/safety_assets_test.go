package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
)

func TestTextMarksSafetyAssetsTakenDown(t *testing.T) {
	res := &graph.Result{Assets: []graph.AssetImpact{
		{ID: "GD-01", Name: "Gas detector", Status: graph.StatusShutdown, Owner: "Safety", Kind: "other", Safety: true},
		{ID: "PC-01", Name: "Office PC", Status: graph.StatusShutdown, Owner: "IT", Kind: "workstation"},
	}}
	var buf bytes.Buffer
	if err := Text(&buf, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(rowStarting(out, "  GD-01 "), "SAFETY shutdown") {
		t.Errorf("the safety asset is not marked:\n%s", out)
	}
	if strings.Contains(rowStarting(out, "  PC-01 "), "SAFETY") {
		t.Errorf("an ordinary asset is marked as safety:\n%s", out)
	}
	if !strings.Contains(out, "2 other assets affected, 1 of them safety-relevant.") {
		t.Errorf("the summary does not count safety-relevant assets:\n%s", out)
	}
}
