package reports

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/goccy/go-graphviz"

	"github.com/otimpact/otimpact/graph"
)

// graphvizMu serializes renders: go-graphviz runs graphviz in one
// WebAssembly instance shared by the whole process.
var graphvizMu sync.Mutex

// SVG writes the DOT picture of the blast radius rendered by graphviz, once.
// A render takes about 50 ms on the example site and under a second at the
// picture's cap of maxPictureAssets. go-graphviz runs graphviz as
// WebAssembly that it compiles when the program starts: about half a second
// the first time on a machine, then some 30 ms from its cache under the
// temporary directory.
func SVG(w io.Writer, res *graph.Result) error {
	svg, err := renderSVG(res)
	if err != nil {
		return err
	}
	_, err = w.Write(svg)
	return err
}

// renderSVG draws res with graphviz, once.
func renderSVG(res *graph.Result) ([]byte, error) {
	var dot bytes.Buffer
	if err := DOT(&dot, res); err != nil {
		return nil, err
	}
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot.Bytes())
	if err != nil {
		return nil, fmt.Errorf("graphviz: reading the picture: %w", err)
	}
	defer g.Close()
	var out bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &out); err != nil {
		return nil, fmt.Errorf("graphviz: drawing the picture: %w", err)
	}
	return out.Bytes(), nil
}
