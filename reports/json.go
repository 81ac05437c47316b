// Package reports renders a simulation result: JSON (the contract every other
// format follows) and text for a responder's terminal. Every format is a view
// of one graph.Result; none recomputes anything.
package reports

import (
	"encoding/json"
	"io"

	"github.com/otimpact/otimpact/graph"
)

// JSON writes the result as the otimpact/simulation/v1 contract.
func JSON(w io.Writer, res *graph.Result) error {
	return encodeJSON(w, res)
}

// encodeJSON writes v as indented JSON, the form of every contract.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
