package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/otimpact/otimpact/graph"
)

// decision is one line of a decision record: what was weighed, on which
// model, and why, so the incident timeline keeps it.
type decision struct {
	Time    string               `json:"time"`
	Note    string               `json:"note"`
	Model   decisionModel        `json:"model"`
	Actions []graph.ActionResult `json:"actions"`
	Summary graph.Summary        `json:"summary"`
	// Attacker is present when the simulation weighed a compromise.
	Attacker *graph.AttackerReach `json:"attacker,omitempty"`
}

type decisionModel struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// appendDecision appends one JSON line to the record file. Earlier lines are
// never rewritten: the file is opened for appending only, and the line goes
// out in one write.
func appendDecision(path, note, model string, res *graph.Result, now time.Time) error {
	sum, err := modelDigest(model)
	if err != nil {
		return fmt.Errorf("decision record: hashing the model: %w", err)
	}
	d := decision{
		Time:     now.UTC().Format(time.RFC3339),
		Note:     note,
		Model:    decisionModel{Path: model, SHA256: sum},
		Actions:  res.Actions,
		Summary:  res.Summary,
		Attacker: res.Attacker,
	}
	line, err := json.Marshal(d)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("decision record: %w", err)
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return fmt.Errorf("decision record: writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("decision record: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("decision record: writing %s: %w", path, err)
	}
	return nil
}

// modelDigest is the SHA-256 of a workbook, or of a folder's CSV files (each
// file's name and contents, in name order).
func modelDigest(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if !fi.IsDir() {
		if err := hashFile(h, path); err != nil {
			return "", err
		}
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return "", err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00", n)
		if err := hashFile(h, filepath.Join(path, n)); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
