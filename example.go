// Package otimpact holds what the otimpact command ships besides its code:
// the example site, the Millbrook water treatment works.
package otimpact

import _ "embed"

// ExampleWorkbook is the example site as a workbook, for
// "otimpact template --example".
//
//go:embed testdata/waterworks.xlsx
var ExampleWorkbook []byte
