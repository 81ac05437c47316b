package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otimpact/otimpact/discover"
	"github.com/otimpact/otimpact/graph"
	"github.com/otimpact/otimpact/importers"
)

type discoverOptions struct {
	logs           []string
	inventory      string
	subnets        string
	sinceText      string
	since          time.Time
	minConnections int
	output         string
	force          bool
	now            func() time.Time
}

func (o *discoverOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.inventory, "inventory", "", "merge with the asset register or site model in `FILE` (workbook, CSV or folder), matching assets by ip")
	fs.StringVar(&o.subnets, "subnets", "", "put addresses in zones by subnet: a CSV `FILE` with columns subnet, zone and level (or a workbook's Subnets sheet)")
	fs.StringVar(&o.sinceText, "since", "", "leave out what happened before `T`: a date or time (2024-05-01, 2024-05-01T08:00:00Z, epoch seconds) or a duration back from now (7d, 12h)")
	fs.IntVar(&o.minConnections, "min-connections", 1, "propose nothing between two hosts seen talking fewer than `N` times")
	fs.StringVarP(&o.output, "output", "o", "", "write the proposed model to `PATH`: a FILE.xlsx workbook or a folder of CSV files (required)")
	fs.BoolVar(&o.force, "force", false, "replace an output that exists")
}

func newDiscoverCommand(g *globalOptions) *cobra.Command {
	o := &discoverOptions{now: time.Now}
	cmd := &cobra.Command{
		Use:   "discover LOG... [--inventory FILE] [--subnets FILE] [--since T] [--min-connections N] -o site.xlsx|DIR",
		Short: "Propose a site model from Zeek logs and flow records",
		Long: `Read network logs and propose a site model that simulate can run on at once:
assets, zones, dependencies, feeds and conduits, each row with the evidence
that put it there.

LOG is a Zeek conn.log (TSV with its #fields header, or JSON lines; gzip
too), a protocol log that tells reads from writes or names devices
(modbus.log, dnp3.log, s7comm.log, cip_identity.log,
s7comm_known_devices.log), a flow CSV (src, dst, dport, proto[, count]), or a
folder of them. Other Zeek logs in a folder are passed over. Logs stream: a
log of any length takes memory for the hosts and services in it, not for
its lines.

What is proposed:
  assets        every unicast address seen (broadcast, multicast,
                unspecified and loopback addresses are none), merged with
                --inventory by ip; an address the inventory lacks becomes an
                asset named by it, with a kind guessed from its ports (a
                server of 502, 102 or 44818 is a plc; a host that polls
                field devices a scada-server; a host that talks to one on
                other ports its operator-station) or unknown
  zones         from --subnets (most specific prefix, with its Purdue level);
                addresses in no subnet go to zone UNZONED, where they reach
                each other (an asset in no zone would reach nothing)
  dependencies  by service port, client needs server: 88/389/636/3268 (and
                445 to a domain controller) auth, 53 dns, 123 ntp,
                3389/22/5900/5938 remote-access, 1433/5450/5457 data,
                27000-27009/1947/5093/22350 license
  feeds         for Modbus 502, S7 102, EtherNet/IP 44818/2222, DNP3 20000,
                IEC-104 2404, OPC UA 4840, BACnet 47808: a view feed from the
                field device through the host that polls it to that host's
                clients (to the poller itself where it has none), and a
                control feed back where the protocol log shows writes
  conduits      between two zones wherever traffic crossed between them

Every proposed row carries its evidence in extra columns (connections,
bytes, first_seen, last_seen, ports, and the protocol log's requests,
writes and functions) with a basis (why it is there) and a confidence
(high, medium, low, none): review them before relying on the model.
Connection attempts that nobody answered prove no path and propose nothing.

Exit status: 0 success, 2 bad input or usage (a log that cannot be opened,
no connection in any log, a subnets file or inventory with errors, an
output that exists without --force).`,
		Example: `  otimpact discover conn.log --subnets subnets.csv -o site.xlsx
  otimpact discover /var/log/zeek/current --inventory assets.xlsx --subnets subnets.csv -o site
  otimpact discover conn.*.log.gz modbus.log --since 7d --min-connections 3 -o site.xlsx`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDiscover(g, o, args)
		},
	}
	o.addFlags(cmd.Flags())
	return cmd
}

func runDiscover(g *globalOptions, o *discoverOptions, args []string) error {
	if err := o.complete(args); err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// Unlike a simulation, discover streams: each line is dropped once
		// counted, so collecting keeps memory to the hosts and flows seen.
		debug.SetGCPercent(200)
	}
	opts := discover.Options{Since: o.since, MinConnections: o.minConnections}
	if o.subnets != "" {
		sn, err := importers.ReadSubnets(o.subnets)
		if err != nil {
			return badInput("%v\notimpact: the subnets file has problems; nothing was done", err)
		}
		opts.Subnets = sn
	}
	if o.inventory != "" {
		m, err := importers.Load(o.inventory, importers.Options{})
		if err != nil {
			return badInput("%v\notimpact: the inventory has problems; nothing was done", err)
		}
		opts.Inventory = m
	}
	d := discover.New(opts)
	for _, path := range o.logs {
		if _, err := d.ReadFile(path); err != nil {
			return badInput("%s: %v", path, unwrapPath(err))
		}
	}
	if records(d.Files()) == 0 {
		printFiles(g.stderr, d.Files())
		return badInput("no connection was read from the logs: nothing to propose")
	}
	m, rep, err := d.Propose()
	if err != nil {
		return badInput("%v\notimpact: the proposals contradict the inventory; nothing was written", err)
	}
	if err := writeModel(m, o.output); err != nil {
		return badInput("writing %s: %v", o.output, err)
	}
	printDiscovery(g, o, rep)
	return nil
}

// complete takes the logs, folders expanded, and reads --since.
func (o *discoverOptions) complete(args []string) error {
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil {
			return badInput("%s: %v", arg, unwrapPath(err))
		}
		if !fi.IsDir() {
			o.logs = append(o.logs, arg)
			continue
		}
		entries, err := os.ReadDir(arg)
		if err != nil {
			return badInput("%s: %v", arg, unwrapPath(err))
		}
		for _, e := range entries {
			if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
				o.logs = append(o.logs, filepath.Join(arg, e.Name()))
			}
		}
	}
	if o.sinceText != "" {
		t, err := parseSince(o.sinceText, o.now())
		if err != nil {
			return badInput("--since: %q is no time: write a date (2024-05-01), a time (2024-05-01T08:00:00Z), epoch seconds, or a duration back from now (7d, 12h)", o.sinceText)
		}
		o.since = t
	}
	return nil
}

func (o *discoverOptions) validate() error {
	if len(o.logs) == 0 {
		return badInput("discover needs a LOG: a Zeek conn.log, a protocol log, a flow CSV or a folder of them (e.g. otimpact discover conn.log -o site.xlsx)")
	}
	if o.output == "" {
		return badInput("discover needs -o FILE.xlsx or -o DIR for the proposed model")
	}
	switch ext := strings.ToLower(filepath.Ext(o.output)); ext {
	case ".csv", ".tsv", ".txt", ".xls", ".xlsm", ".ods", ".json", ".md", ".html", ".svg", ".dot", ".log", ".gz":
		return badInput("discover writes a FILE.xlsx workbook or a folder of CSV files, not %s", o.output)
	}
	if o.minConnections < 1 {
		return badInput("--min-connections must be at least 1")
	}
	for _, in := range append([]string{o.inventory, o.subnets}, o.logs...) {
		if in != "" && samePath(in, o.output) {
			return badInput("-o %s would overwrite an input: name a new file", o.output)
		}
	}
	if o.force {
		return nil
	}
	fi, err := os.Stat(o.output)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return badInput("%s: %v", o.output, unwrapPath(err))
	case fi.IsDir():
		if strings.EqualFold(filepath.Ext(o.output), ".xlsx") {
			return badInput("%s is a folder: name the workbook to write", o.output)
		}
		if entries, _ := os.ReadDir(o.output); len(entries) == 0 {
			return nil
		}
		return badInput("%s is a folder that holds files; name a new or empty folder, or add --force to write the model's CSV files into it", o.output)
	}
	return badInput("%s exists; add --force to replace it", o.output)
}

// parseSince reads --since: an absolute time, or a duration back from now.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 1e8 {
		return time.UnixMicro(int64(f * 1e6)), nil
	}
	ms, err := parseWithin(s)
	if err != nil || ms == 0 {
		return time.Time{}, errors.New("not a time")
	}
	return now.Add(-time.Duration(ms) * time.Millisecond), nil
}

// samePath reports whether two paths name the same file.
func samePath(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	ca, cb := filepath.Clean(a), filepath.Clean(b)
	return ca == cb
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func writeModel(m *graph.Model, path string) error {
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return importers.WriteXLSX(m, path)
	}
	return importers.WriteCSVDir(m, path)
}

func records(files []*discover.FileStats) int64 {
	var n int64
	for _, f := range files {
		n += f.Records
	}
	return n
}

// printFiles lists what each log gave.
func printFiles(w io.Writer, files []*discover.FileStats) {
	fmt.Fprintf(w, "Read %s:\n", count(len(files), "log"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range files {
		switch {
		case f.Skipped != "":
			fmt.Fprintf(tw, "  %s\tskipped: %s\n", f.Name, f.Skipped)
			continue
		case f.Format == "empty":
			fmt.Fprintf(tw, "  %s\tempty\n", f.Name)
			continue
		}
		var notes []string
		if f.Malformed > 0 {
			notes = append(notes, count(int(f.Malformed), "malformed line")+" left out")
		}
		if f.Early > 0 {
			notes = append(notes, fmt.Sprintf("%d before --since", f.Early))
		}
		if f.Undated > 0 {
			notes = append(notes, fmt.Sprintf("%d without a readable time", f.Undated))
		}
		if f.Err != nil {
			notes = append(notes, "stopped early: "+f.Err.Error())
		}
		note := ""
		if len(notes) > 0 {
			note = "; " + strings.Join(notes, "; ")
		}
		fmt.Fprintf(tw, "  %s\t%s, %s: %s, %d used%s\n", f.Name, f.Format, f.Kind, count(int(f.Lines), "line"), f.Records, note)
	}
	tw.Flush()
}

// printDiscovery writes what was read and proposed; malformed lines and
// warnings go to standard error.
func printDiscovery(g *globalOptions, o *discoverOptions, rep *discover.Report) {
	w := g.stdout
	printFiles(w, rep.Files)
	hosts := rep.Addresses
	var left []string
	for _, e := range rep.Excluded {
		hosts -= len(e.Addrs)
		left = append(left, fmt.Sprintf("%d %s (%s)", len(e.Addrs), e.Reason, shortList(e.Addrs, 3)))
	}
	fmt.Fprintf(w, "%s seen: %d unicast", count(rep.Addresses, "address"), hosts)
	if len(left) > 0 {
		fmt.Fprintf(w, "; no assets: %s", strings.Join(left, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "\nProposed model written to %s:\n", o.output)
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	assets := fmt.Sprintf("%d seen", rep.Seen)
	if o.inventory != "" {
		assets = fmt.Sprintf("%d seen, %d of them new; %d in the inventory not seen", rep.Seen, rep.New, rep.Unseen)
	}
	if n := len(rep.Unknown); n > 0 {
		assets += fmt.Sprintf("; %d of kind unknown: %s", n, shortList(rep.Unknown, 4))
	}
	row := func(n int, noun, note string) {
		fmt.Fprintf(tw, "  %d\t%s", n, strings.TrimPrefix(count(n, noun), strconv.Itoa(n)+" "))
		if note != "" {
			fmt.Fprintf(tw, "\t(%s)", note)
		}
		fmt.Fprintln(tw)
	}
	row(rep.Assets, "asset", assets)
	zones := ""
	if n := len(rep.Unzoned); n > 0 {
		zones = fmt.Sprintf("%s holds %s in no subnet", discover.UnzonedZone, count(n, "asset"))
	}
	row(rep.Zones, "zone", zones)
	row(rep.Dependencies, "dependency", "")
	row(rep.ViewFeeds+rep.ControlFeeds, "feed", fmt.Sprintf("%d view, %d control", rep.ViewFeeds, rep.ControlFeeds))
	row(rep.Conduits, "conduit", "")
	tw.Flush()
	if rep.AlreadyInInventory > 0 {
		fmt.Fprintf(w, "%s the inventory already had were not proposed again.\n", count(rep.AlreadyInInventory, "row"))
	}
	if rep.Unanswered > 0 {
		fmt.Fprintf(w, "%s only tried to connect and got no answer: nothing proposed from them.\n", count(rep.Unanswered, "host pair"))
	}
	if rep.Sparse > 0 {
		fmt.Fprintf(w, "%s talked fewer than %d times (--min-connections): nothing proposed from them.\n", count(rep.Sparse, "host pair"), o.minConnections)
	}
	fmt.Fprintf(w, "Each row says why it is there (basis), how sure that is (confidence) and what\nwas seen (connections, bytes, first_seen, last_seen, ports): review them.\n")
	fmt.Fprintf(w, "Next: otimpact validate %s; otimpact simulate %s --shutdown asset:ID\n", o.output, o.output)

	for _, f := range rep.Files {
		for _, p := range f.Problems {
			fmt.Fprintf(g.stderr, "otimpact: warning: %v\n", p)
		}
		if more := f.Malformed - int64(len(f.Problems)); more > 0 {
			fmt.Fprintf(g.stderr, "otimpact: warning: %s: %s more malformed\n", f.Name, count(int(more), "line"))
		}
	}
	for _, msg := range rep.Warnings {
		fmt.Fprintf(g.stderr, "otimpact: warning: %s\n", msg)
	}
}

// count writes a number and its noun.
func count(n int, noun string) string {
	switch {
	case n == 1:
		return "1 " + noun
	case strings.HasSuffix(noun, "ss"):
		return fmt.Sprintf("%d %ses", n, noun)
	case strings.HasSuffix(noun, "cy"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func shortList(ids []string, most int) string {
	if len(ids) > most {
		return strings.Join(ids[:most], ", ") + fmt.Sprintf(", … %d more", len(ids)-most)
	}
	return strings.Join(ids, ", ")
}
