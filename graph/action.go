package graph

import (
	"fmt"
	"strings"
)

// Verb is what a containment action does.
type Verb string

// Containment verbs.
const (
	Shutdown Verb = "shutdown" // power off: the asset runs nothing
	Isolate  Verb = "isolate"  // network-contain: runs locally, reaches nothing
	Cut      Verb = "cut"      // a conduit carries nothing
)

// ParseVerb reads a verb as a user writes it.
func ParseVerb(s string) (Verb, error) {
	switch Norm(s) {
	case "shutdown", "poweroff", "stop":
		return Shutdown, nil
	case "isolate", "contain", "disconnect":
		return Isolate, nil
	case "cut", "block":
		return Cut, nil
	}
	return "", fmt.Errorf("unknown action %q (use shutdown, isolate or cut)", strings.TrimSpace(s))
}

// Action is one containment step: a verb and a target selector.
type Action struct {
	Verb   Verb
	Target string // selector as written: asset:ID, zone:ID, conduit:ID, kind:K, tag:T, owner:O or a bare id
	// Scenario names the scenario the action came from, if any.
	Scenario string
	Src      Source
}

func (a Action) String() string { return string(a.Verb) + " " + a.Target }
