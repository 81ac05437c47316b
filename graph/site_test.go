package graph

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// site builds small models for tests in a few lines.
type site struct{ m *Model }

func newSite() *site { return &site{m: &Model{Source: "test"}} }

// asset adds an asset: "ID kind ZONE|ZONE"; options "safety", "owner=X", "tag=T".
func (s *site) asset(spec string, opts ...string) *site {
	f := strings.Fields(spec)
	a := Asset{ID: f[0], Kind: KindServer}
	if len(f) > 1 {
		a.Kind, _ = CanonicalKind(f[1])
	}
	if len(f) > 2 {
		a.Zones = strings.Split(f[2], "|")
	}
	for _, o := range opts {
		switch {
		case o == "safety":
			a.Safety = true
		case strings.HasPrefix(o, "owner="):
			a.Owner = strings.TrimPrefix(o, "owner=")
		case strings.HasPrefix(o, "tag="):
			a.Tags = append(a.Tags, strings.TrimPrefix(o, "tag="))
		}
	}
	s.m.Assets = append(s.m.Assets, a)
	return s
}

func (s *site) zone(id string, level float64) *site {
	s.m.Zones = append(s.m.Zones, Zone{ID: id, Level: level})
	return s
}

// conduit adds "FROM>TO" (one-way) or "FROM-TO" (both ways) with via devices.
func (s *site) conduit(id, ends string, via ...string) *site {
	c := Conduit{ID: id}
	if from, to, ok := strings.Cut(ends, ">"); ok {
		c.From, c.To, c.OneWay = from, to, true
	} else {
		c.From, c.To, _ = strings.Cut(ends, "~")
	}
	c.Via = via
	s.m.Conduits = append(s.m.Conduits, c)
	return s
}

// dep adds "CONSUMER needs N of P1|P2 grace 8h service".
func (s *site) dep(consumer string, need int, providers string, grace time.Duration, service string) *site {
	s.m.Dependencies = append(s.m.Dependencies, Dependency{
		Consumer: consumer, Providers: strings.Split(providers, "|"), Need: need,
		GraceMS: grace.Milliseconds(), Service: service,
	})
	return s
}

// feed adds a feed "SRC|ALT > HOP|ALT > ... => TO1|TO2".
func (s *site) feed(id, kind string, safety bool, path string) *site {
	chain, to, _ := strings.Cut(path, "=>")
	hops := strings.Split(chain, ">")
	f := Feed{ID: id, Kind: kind, Safety: safety}
	f.Source = splitTrim(hops[0])
	for _, h := range hops[1:] {
		f.Via = append(f.Via, splitTrim(h))
	}
	f.To = splitTrim(to)
	s.m.Feeds = append(s.m.Feeds, f)
	return s
}

func splitTrim(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (s *site) build(t testing.TB) *Model {
	t.Helper()
	if errs := s.m.Resolve(false); len(errs) > 0 {
		t.Fatalf("model does not resolve:\n%v", errs)
	}
	return s.m
}

// simulate runs actions written as "verb selector".
func simulate(t testing.TB, m *Model, compromised string, actions ...string) *Result {
	t.Helper()
	var acts []Action
	for _, a := range actions {
		verb, target, _ := strings.Cut(a, " ")
		v, err := ParseVerb(verb)
		if err != nil {
			t.Fatal(err)
		}
		acts = append(acts, Action{Verb: v, Target: target})
	}
	res, err := m.Simulate(acts, Options{Compromised: compromised})
	if err != nil {
		t.Fatalf("simulate %v: %v", actions, err)
	}
	return res
}

// status renders what the result says about one id, for compact assertions:
// "lost@28800" or "ok".
func assetStatus(res *Result, id string) string {
	for _, a := range res.Assets {
		if a.ID == id {
			return a.Status + "@" + itoa(a.AfterS)
		}
	}
	return "ok"
}

func stationStatus(res *Result, id string) string {
	for _, a := range res.OperatorStations {
		if a.ID == id {
			return a.Status + "@" + itoa(a.AfterS)
		}
	}
	return "ok"
}

func feedStatus(res *Result, id string) string {
	for _, f := range res.Feeds {
		if f.ID == id {
			return f.Status + "@" + itoa(f.AfterS) + " lost_at=" + strings.Join(f.LostAt, ",") + " still_at=" + strings.Join(f.StillAt, ",")
		}
	}
	return "ok"
}

func safetyStatus(res *Result, id string) string {
	for _, f := range res.SafetyVisibility {
		if f.Feed == id {
			return f.Status + "@" + itoa(f.AfterS) + " lost_at=" + strings.Join(f.LostAt, ",") + " still_at=" + strings.Join(f.StillAt, ",")
		}
	}
	return "ok"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
