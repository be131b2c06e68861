package fhir

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dossier/model"
)

// readDate reads a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD (a partial date
// is estimated: the middle of the year or month), or a dateTime's day.
func readDate(s string) (model.Date, bool, error) {
	s = strings.TrimSpace(s)
	if len(s) > 10 {
		t, err := readTime(s)
		return model.DateOf(t), false, err
	}
	switch len(s) {
	case 4:
		y, err := strconv.Atoi(s)
		if err != nil || y < 1800 {
			return model.Date{}, false, errors.New("not a year")
		}
		return model.Date{Year: y, Month: time.July, Day: 1}, true, nil
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return model.Date{}, false, errors.New("not a month")
		}
		return model.Date{Year: t.Year(), Month: t.Month(), Day: 15}, true, nil
	}
	d, err := model.ParseISODate(s)
	return d, false, err
}

func readTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, f := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(f, s); err == nil {
			return t.UTC(), nil
		}
	}
	if len(s) == 4 || len(s) == 7 {
		d, _, err := readDate(s)
		return d.Time(), err
	}
	return time.Time{}, fmt.Errorf("%q is not a FHIR date or time", s)
}
