package model

import (
	"errors"
	"time"
)

// ChartStatus is where a paper chart is. Stored: append-only.
type ChartStatus string

const (
	ChartOnShelf    ChartStatus = "on-shelf"
	ChartCheckedOut ChartStatus = "checked-out"
	ChartMissing    ChartStatus = "missing"
)

// ChartFile is the paper chart of a patient. Each movement is a new
// revision of this record, so the revision history is the full movement
// history.
type ChartFile struct {
	ID        ID          `json:"id"`
	PatientID ID          `json:"patient"`
	Shelf     string      `json:"shelf"` // home location in the file room
	Status    ChartStatus `json:"status"`
	Holder    string      `json:"holder,omitempty"` // person or ward holding it
	Due       Date        `json:"due,omitempty"`
	Since     time.Time   `json:"since"`
	Note      string      `json:"note,omitempty"`
}

// Overdue reports a checked-out chart past its due date.
func (c ChartFile) Overdue(today Date) bool {
	return c.Status == ChartCheckedOut && !c.Due.IsZero() && c.Due.Time().Before(today.Time())
}

// CheckOut lends the chart to a person or ward until due.
func (c *ChartFile) CheckOut(holder string, due Date, today Date, at time.Time) error {
	switch {
	case c.Status == ChartCheckedOut:
		return errors.New("the chart is already out with " + c.Holder + "; return it first")
	case holder == "":
		return errors.New("enter who is taking the chart (a person or a ward)")
	case due.IsZero():
		return errors.New("enter the date the chart must come back")
	case due.Time().Before(today.Time()):
		return errors.New("the due date is in the past")
	}
	c.Status, c.Holder, c.Due, c.Since = ChartCheckedOut, holder, due, at
	return nil
}

// Return puts the chart back on its shelf.
func (c *ChartFile) Return(at time.Time) error {
	if c.Status == ChartOnShelf {
		return errors.New("the chart is already on its shelf")
	}
	c.Status, c.Holder, c.Due, c.Since = ChartOnShelf, "", Date{}, at
	return nil
}
