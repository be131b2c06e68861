package hl7

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseTime reads an HL7 date/time (DTM, and the older TS whose first
// component it is): YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]. Without an
// offset the time is in loc (the clinic's clock). An empty value is the
// zero time and no error; anything else that does not read is an error.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	zone := loc
	if i := strings.IndexAny(s, "+-"); i >= 0 {
		off := s[i:]
		s = s[:i]
		if len(off) != 5 {
			return time.Time{}, timeErr("time zone %q is not +HHMM", off)
		}
		h, err1 := strconv.Atoi(off[1:3])
		m, err2 := strconv.Atoi(off[3:5])
		if err1 != nil || err2 != nil || h > 14 || m > 59 {
			return time.Time{}, timeErr("time zone %q is not +HHMM", off)
		}
		secs := h*3600 + m*60
		if off[0] == '-' {
			secs = -secs
		}
		zone = time.FixedZone("", secs)
	}
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i+1:]
		if len(s) != 14 || frac == "" || len(frac) > 4 || !digits(frac) {
			return time.Time{}, timeErr("%q: fractions of a second need a full time", s+"."+frac)
		}
	}
	if !digits(s) {
		return time.Time{}, timeErr("%q is not an HL7 date and time", s)
	}
	layouts := map[int]string{4: "2006", 6: "200601", 8: "20060102", 10: "2006010215", 12: "200601021504", 14: "20060102150405"}
	layout, ok := layouts[len(s)]
	if !ok {
		return time.Time{}, timeErr("%q is not an HL7 date and time", s)
	}
	t, err := time.ParseInLocation(layout, s, zone)
	if err != nil {
		return time.Time{}, timeErr("%q is not a real date and time", s)
	}
	if frac != "" {
		n, _ := strconv.Atoi(frac)
		for i := len(frac); i < 9; i++ {
			n *= 10
		}
		t = t.Add(time.Duration(n))
	}
	return t, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// timeErr is a value that does not read as a time: an error in the data
// (the message waits in Interface errors), not an unreadable message.
func timeErr(format string, a ...any) error { return fmt.Errorf(format, a...) }

// FormatTime writes t as an HL7 DTM to the second with its offset.
func FormatTime(t time.Time) string { return t.Format("20060102150405-0700") }
