package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"otimpact": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts under testdata/script: each is a
// session at the command line, with the shipped example site at $EXAMPLE.
func TestScripts(t *testing.T) {
	example, err := filepath.Abs("../../testdata/waterworks")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLE", example)
			env.Setenv("NO_COLOR", "")
			return nil
		},
	})
}

// TestGolden holds the text and JSON reports of the example's scenarios to
// the files under testdata/golden; go test ./cmd/otimpact -update rewrites them.
func TestGolden(t *testing.T) {
	const example = "../../testdata/waterworks"
	cases := []struct {
		name string
		args []string
	}{
		{"isolate-dmz.txt", []string{"simulate", example, "--isolate", "zone:DMZ"}},
		{"isolate-dmz.json", []string{"simulate", example, "--isolate", "zone:DMZ", "--format", "json"}},
		{"shutdown-dcs.txt", []string{"simulate", example, "--scenario", "Shut down domain controllers"}},
		{"shutdown-dcs.json", []string{"simulate", example, "--scenario", "Shut down domain controllers", "--format", "json"}},
		{"isolate-ops-compromised.txt", []string{"simulate", example, "--isolate", "zone:OPS", "--compromised", "asset:VGW-01"}},
		{"isolate-ops-compromised.json", []string{"simulate", example, "--isolate", "zone:OPS", "--compromised", "asset:VGW-01", "--format", "json"}},
		{"nothing.txt", []string{"simulate", example}},
		{"scenarios.txt", []string{"scenarios", example}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			path := filepath.Join("testdata", "golden", tc.name)
			if *update {
				if err := os.WriteFile(path, stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/otimpact -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), stdout.String()); diff != "" {
				t.Errorf("%s differs from the golden file (-want +got):\n%s", tc.name, diff)
			}
		})
	}
}
