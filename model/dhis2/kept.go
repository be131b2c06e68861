package dhis2

import (
	"sort"
	"time"

	"dossier/model"
)

// Action says what was done with a kept return. Stored: append-only.
type Action string

const (
	ActSavedJSON Action = "saved dataValueSet JSON"
	ActSavedADX  Action = "saved ADX XML"
	ActDryRun    Action = "dry run on the server"
	ActSent      Action = "sent to the server"
)

// Kept is a return saved to a file or sent: what, for which period, by
// whom, when, and what the server answered. A return that was sent is the
// one later preparations of the same period are compared with.
type Kept struct {
	ID         model.ID       `json:"id"`
	Period     string         `json:"period"` // "2026-11"
	OrgUnit    string         `json:"orgUnit"`
	DataSet    string         `json:"dataSet"`
	Definition string         `json:"definition"` // the definition's name
	Values     []DataValue    `json:"values"`
	Action     Action         `json:"action"`
	File       string         `json:"file,omitempty"`   // where it was saved
	Server     string         `json:"server,omitempty"` // where it was sent
	By         string         `json:"by"`
	At         time.Time      `json:"at"`
	Answer     *ImportSummary `json:"answer,omitempty"`  // the server's import summary
	Failure    string         `json:"failure,omitempty"` // why sending failed, when it did
}

// Accepted reports whether the server took the return (sent, not refused).
func (k Kept) Accepted() bool {
	return k.Action == ActSent && k.Failure == "" && k.Answer != nil && k.Answer.Status != StatusError
}

// Change is a cell whose value differs from the return last sent.
type Change struct {
	Label    string
	Cell     string
	Was, Now float64
	WasThere bool // the cell was in the return sent
	NowThere bool // the cell is in the return prepared now
}

// Changes compares a return prepared now with one sent before, cell by
// cell, in the order of the definition (then removed cells).
func Changes(sent, now []DataValue) []Change {
	old := make(map[string]DataValue, len(sent))
	for _, v := range sent {
		old[v.Cell()] = v
	}
	var out []Change
	seen := make(map[string]bool, len(now))
	for _, v := range now {
		seen[v.Cell()] = true
		o, there := old[v.Cell()]
		if !there || o.Value != v.Value {
			out = append(out, Change{Label: v.Label, Cell: v.Cell(), Was: o.Value, Now: v.Value, WasThere: there, NowThere: true})
		}
	}
	var gone []Change
	for _, o := range sent {
		if !seen[o.Cell()] {
			gone = append(gone, Change{Label: o.Label, Cell: o.Cell(), Was: o.Value, WasThere: true})
		}
	}
	sort.Slice(gone, func(i, j int) bool { return gone[i].Cell < gone[j].Cell })
	return append(out, gone...)
}
