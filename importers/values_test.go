package importers

import (
	"math"
	"strings"
	"testing"

	"github.com/otimpact/otimpact/graph"
)

func TestBooleans(t *testing.T) {
	for _, s := range []string{"yes", "YES", "Yes", "true", "TRUE", "y", "Y", "1", "x", "X", "✓"} {
		if v, err := parseBool(s); err != nil || !v {
			t.Errorf("parseBool(%q) = %v, %v; want true", s, v, err)
		}
	}
	for _, s := range []string{"", "no", "No", "false", "FALSE", "n", "N", "0"} {
		if v, err := parseBool(s); err != nil || v {
			t.Errorf("parseBool(%q) = %v, %v; want false", s, v, err)
		}
	}
	for _, s := range []string{"maybe", "2", "yes please", "-", "ja"} {
		if _, err := parseBool(s); err == nil {
			t.Errorf("parseBool(%q) gave no error", s)
		}
	}
}

func TestDurationsAcceptGoSyntaxPlusDays(t *testing.T) {
	const (
		sec  = 1000
		min  = 60 * sec
		hour = 60 * min
		day  = 24 * hour
	)
	tests := []struct {
		in   string
		want int64
	}{
		{"", 0},
		{"0", 0},
		{"0s", 0},
		{"30m", 30 * min},
		{"8h", 8 * hour},
		{"3d", 3 * day},
		{"1d12h", day + 12*hour},
		{"1h30m", hour + 30*min},
		{"1.5h", hour + 30*min},
		{"90s", 90 * sec},
		{"250ms", 250},
		{"1500us", 2}, // rounded to the millisecond
		{"8H", 8 * hour},
		{"1d 12h", day + 12*hour},
		{"2 days", 2 * day},
		{"45 min", 45 * min},
		{"1w", 7 * day},
		{"+4h", 4 * hour},
		{"8:00", 8 * hour},
		{"1:30:15", hour + 30*min + 15*sec},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseDuration(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, s := range []string{"-1h", "8", "soon", "h", "1y", "1..5h", "99999999999d", "nan", "inf", "1:75", "1:2:3:4", "-0:30", "nan:00", "1e400h"} {
		if got, err := parseDuration(s); err == nil {
			t.Errorf("parseDuration(%q) = %d with no error", s, got)
		}
	}
}

func TestFormatDurationIsReadBack(t *testing.T) {
	tests := []struct {
		ms   int64
		want string
	}{
		{0, "0s"},
		{8 * 3600e3, "8h"},
		{3 * 86400e3, "3d"},
		{86400e3 + 12*3600e3, "1d12h"},
		{90 * 60e3, "1h30m"},
		{45e3, "45s"},
		{1250, "1s250ms"},
		{-30 * 60e3, "-30m"},
		{math.MinInt64, "-106751991167d7h12m55s808ms"},
	}
	for _, tt := range tests {
		got := graph.FormatDuration(tt.ms)
		if got != tt.want {
			t.Errorf("graph.FormatDuration(%d) = %q, want %q", tt.ms, got, tt.want)
		}
		if tt.ms < 0 {
			continue
		}
		if back, err := parseDuration(got); err != nil || back != tt.ms {
			t.Errorf("parseDuration(graph.FormatDuration(%d)) = %d, %v", tt.ms, back, err)
		}
	}
}

func TestPurdueLevels(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"", graph.NoLevel},
		{"0", 0},
		{"2", 2},
		{"3.5", 3.5},
		{"5", 5},
		{"L2", 2},
		{"l1", 1},
		{"Level 3", 3},
		{"level-4", 4},
		{"L3.5", 3.5},
		{"Purdue Level 1", 1},
		{"DMZ", 3.5},
	}
	for _, tt := range tests {
		if got, err := parseLevel(tt.in); err != nil || got != tt.want {
			t.Errorf("parseLevel(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, s := range []string{"6", "-1", "2.5", "L9", "high", "nan", "Level"} {
		if _, err := parseLevel(s); err == nil {
			t.Errorf("parseLevel(%q) gave no error", s)
		}
	}
}

func TestNeedIsAWholeNumberOfAtLeastOne(t *testing.T) {
	for in, want := range map[string]int{"": 1, "1": 1, "2": 2, "3.0": 3} {
		if got, err := parseNeed(in); err != nil || got != want {
			t.Errorf("parseNeed(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, s := range []string{"0", "-1", "1.5", "two", "1e99", "nan"} {
		if _, err := parseNeed(s); err == nil {
			t.Errorf("parseNeed(%q) gave no error", s)
		}
	}
}

func TestConduitDirections(t *testing.T) {
	for in, oneWay := range map[string]bool{
		"": false, "both": false, "Both": false, "bidirectional": false, "two-way": false,
		"one-way": true, "oneway": true, "One Way": true, "unidirectional": true, "diode": true, "Data Diode": true,
	} {
		if got, err := parseDirection(in); err != nil || got != oneWay {
			t.Errorf("parseDirection(%q) = %v, %v; want %v", in, got, err, oneWay)
		}
	}
	if _, err := parseDirection("sideways"); err == nil {
		t.Error(`parseDirection("sideways") gave no error`)
	}
}

func TestFeedKinds(t *testing.T) {
	for in, want := range map[string]string{
		"": graph.FeedView, "view": graph.FeedView, "Telemetry": graph.FeedView, "monitoring": graph.FeedView,
		"status": graph.FeedView, "alarm": graph.FeedView, "Alarms": graph.FeedView,
		"control": graph.FeedControl, "Command": graph.FeedControl, "commands": graph.FeedControl,
	} {
		if got, err := parseFeedKind(in); err != nil || got != want {
			t.Errorf("parseFeedKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := parseFeedKind("video"); err == nil {
		t.Error(`parseFeedKind("video") gave no error`)
	}
}

func TestTrimSpaceIsStringsTrimSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a", "a ", "\ta\n", "a b", "\u00a0a", "a\u00a0", "\u3000a\u3000", "a\u0085", "\x7f", "é", "a\u2028", "\u200ba"} {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Errorf("trimSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzTrimSpace(f *testing.F) {
	f.Add(" a\u00a0")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := trimSpace(s), strings.TrimSpace(s); got != want {
			t.Fatalf("trimSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
