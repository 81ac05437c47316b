package discover

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"
)

// connBlock writes a Zeek conn.log header (when header) and n lines that
// cycle through about flows distinct flows: SCADA servers polling PLCs,
// operator stations on their SCADA server, everyone on DNS and the domain
// controllers, and a little of everything else.
func connBlock(n, flows int, header bool) []byte {
	var b bytes.Buffer
	if header {
		b.WriteString("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t2024-05-01-00-00-00\n")
		b.WriteString("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n")
		b.WriteString("#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n")
	}
	type svc struct {
		port  int
		proto string
	}
	servicesUsed := []svc{{502, "tcp"}, {102, "tcp"}, {44818, "tcp"}, {53, "udp"}, {88, "tcp"}, {389, "tcp"}, {123, "udp"}, {1433, "tcp"}, {4000, "tcp"}, {3389, "tcp"}}
	for i := range n {
		f := i % flows
		client := fmt.Sprintf("10.%d.%d.%d", 20+f%4, f/250%250, 10+f%200)
		server := fmt.Sprintf("10.%d.%d.%d", 30+f%3, f/50%250, 20+f%97)
		s := servicesUsed[f%len(servicesUsed)]
		state := "SF"
		if f%17 == 0 {
			state = "S0"
		}
		fmt.Fprintf(&b, "%d.%06d\tC%017d\t%s\t%d\t%s\t%d\t%s\t-\t0.%06d\t%d\t%d\t%s\t-\t-\t0\tShADadFf\t%d\t%d\t%d\t%d\t(empty)\n",
			1714521600+i/100, i%1000000, i, client, 40000+i%20000, server, s.port, s.proto, i%999999, 100+i%5000, 200+i%7000, state, 4+i%10, 400, 4, 600)
	}
	return b.Bytes()
}

// repeated reads a header then block over and over, times in all.
type repeated struct {
	parts [][]byte
	block []byte
	times int
}

func newRepeated(header, block []byte, times int) *repeated {
	return &repeated{parts: [][]byte{header}, block: block, times: times}
}

func (r *repeated) Read(p []byte) (int, error) {
	for len(r.parts) == 0 || len(r.parts[0]) == 0 {
		if len(r.parts) > 0 {
			r.parts = r.parts[1:]
		}
		if len(r.parts) == 0 {
			if r.times == 0 {
				return 0, io.EOF
			}
			r.times--
			r.parts = [][]byte{r.block}
		}
	}
	n := copy(p, r.parts[0])
	r.parts[0] = r.parts[0][n:]
	return n, nil
}

// BenchmarkDiscoverConnLog streams a generated conn.log of 100k and 1M
// lines, 5,000 distinct flows, and reports lines a second.
func BenchmarkDiscoverConnLog(b *testing.B) {
	header := connBlock(0, 1, true)
	block := connBlock(100_000, 5000, false)
	for _, lines := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(block) * lines / 100_000))
			for b.Loop() {
				d := New(Options{})
				st := d.Read("conn.log", newRepeated(header, block, lines/100_000))
				if st.Records != int64(lines) {
					b.Fatalf("%d lines used, want %d (%+v)", st.Records, lines, st)
				}
			}
			b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}

// BenchmarkPropose proposes the model of the 5,000 flows.
func BenchmarkPropose(b *testing.B) {
	d := New(Options{})
	d.Read("conn.log", bytes.NewReader(connBlock(100_000, 5000, true)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := d.Propose(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMemoryDoesNotGrowWithLogLength reads the same flows over 100k lines
// and over 1M: what discover holds afterwards is the same.
func TestMemoryDoesNotGrowWithLogLength(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a million lines")
	}
	header := connBlock(0, 1, true)
	block := connBlock(100_000, 5000, false)
	heap := func(times int) (held uint64, flows int) {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		d := New(Options{})
		st := d.Read("conn.log", newRepeated(header, block, times))
		runtime.GC()
		runtime.ReadMemStats(&after)
		if st.Records != int64(times*100_000) {
			t.Fatalf("%d lines used, want %d", st.Records, times*100_000)
		}
		runtime.KeepAlive(d)
		return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc), len(d.flows)
	}
	small, flows1 := heap(1)
	large, flows10 := heap(10)
	runtime.KeepAlive(block) // live through both, not freed in the second
	if flows1 != flows10 {
		t.Fatalf("%d and %d flows", flows1, flows10)
	}
	t.Logf("held after 100k lines: %d KiB; after 1M: %d KiB; %d flows", small>>10, large>>10, flows10)
	if large > small+small/10+64<<10 {
		t.Errorf("memory grows with the log: %d KiB after 100k lines, %d KiB after 1M", small>>10, large>>10)
	}
}
