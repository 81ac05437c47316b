package graph

import (
	"strings"
	"testing"
)

func TestAssetZoneMissingFromZonesSheet(t *testing.T) {
	tests := []struct {
		name  string
		s     *site
		want  string
		avoid string
	}{
		{"a near miss of a sheet zone suggests it",
			newSite().zone("CELL-PUMP", 1).asset("PLC-1 plc CELL-PMP"),
			`zone "CELL-PMP" is not in the Zones sheet; created without a level (did you mean "CELL-PUMP"?)`, ""},
		{"a model without a Zones sheet suggests nothing",
			newSite().asset("PLC-1 plc CELL-PMP").asset("PLC-2 plc CELL-PUMP"),
			`zone "CELL-PMP" is not in the Zones sheet; created without a level`, "did you mean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.s.build(t)
			var got []string
			for _, w := range m.Warnings {
				if strings.Contains(w.Error(), "CELL-PMP") {
					got = append(got, w.Error())
				}
			}
			if len(got) != 1 || !strings.Contains(got[0], tt.want) || tt.avoid != "" && strings.Contains(got[0], tt.avoid) {
				t.Errorf("warnings about CELL-PMP: %q, want one with %q", got, tt.want)
			}
		})
	}
}
