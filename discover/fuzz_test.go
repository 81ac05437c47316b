package discover

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzConnLog reads anything as a log: no input may crash discover, and
// whatever it proposes resolves.
func FuzzConnLog(f *testing.F) {
	for _, name := range []string{"conn.log", "conn.json", "conn.headerless.log", "flows.csv", "modbus.log"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("#separator \\x\n#fields\tts\n1\n"))
	f.Add([]byte("#separator \\x2c\n#fields,id.orig_h,id.resp_h,id.resp_p,proto\n10.0.0.1,10.0.0.2,502,tcp\n"))
	f.Add([]byte(`{"id":{"orig_h":"10.0.0.1","resp_h":"10.0.0.2","resp_p":502},"proto":"tcp","s":"\ud83d\ude00\u0041"}` + "\n"))
	f.Add([]byte(`{"_path":"modbus","id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","func":"WRITE_SINGLE_COIL"}` + "\n"))
	subnets := testSubnets(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d := New(Options{Subnets: subnets})
		d.Read("conn.log", bytes.NewReader(data))
		if _, _, err := d.Propose(); err != nil {
			t.Fatalf("the proposals do not resolve: %v", err)
		}
	})
}
