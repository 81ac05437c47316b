package main

import (
	"fmt"

	"github.com/spf13/pflag"
)

// onceFlag is a string flag that may be given once. A second value would
// otherwise silently replace the first, and for --compromised that drops a
// foothold: the report would then call a contained attacker cut off.
type onceFlag struct {
	value *string
	set   bool
	hint  string
}

func (f *onceFlag) String() string { return *f.value }
func (f *onceFlag) Type() string   { return "SELECTOR" }
func (f *onceFlag) Set(v string) error {
	if f.set {
		return fmt.Errorf("given twice (%q, then %q): %s", *f.value, v, f.hint)
	}
	*f.value, f.set = v, true
	return nil
}

// selectorOnce defines a selector flag that may be given once.
func selectorOnce(fs *pflag.FlagSet, p *string, name, usage string) {
	fs.Var(&onceFlag{value: p, hint: "name every asset with one selector, e.g. tag:incident-7, kind:vendor-gateway or zone:DMZ"}, name, usage)
}
