package reports

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
)

// update is the one -update flag of package reports: every golden test here
// uses checkGolden rather than defining its own flag.
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// checkGolden holds got to testdata/golden/name; go test ./reports -update
// rewrites the file instead.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", name, diff)
	}
}

// exampleSite is the shipped example site.
const exampleSite = "../testdata/waterworks"

// exampleResult simulates the example site's named scenario, or the given
// actions when scenario is empty, with opts.
func exampleResult(t testing.TB, scenario string, actions []graph.Action, opts graph.Options) *graph.Result {
	t.Helper()
	m, err := importers.Load(exampleSite, importers.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if scenario != "" {
		found := false
		for _, s := range m.Scenarios {
			if s.Name == scenario {
				actions, found = s.Actions, true
			}
		}
		if !found {
			t.Fatalf("the example has no scenario %q", scenario)
		}
	}
	res, err := m.Simulate(actions, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}
