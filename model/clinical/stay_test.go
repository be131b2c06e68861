package clinical

import (
	"maps"
	"strings"
	"testing"
	"time"
)

// june is a time on a day of June 2025 in the clinic's zone.
func june(day, hour, min int) time.Time { return time.Date(2025, time.June, day, hour, min, 0, 0, eat) }

func withStay(s Stay, change func(*Stay)) Stay {
	s.Transfers = append([]Transfer(nil), s.Transfers...)
	change(&s)
	return s
}

// stayed is a discharged stay with two transfers: Casualty → Medical → ICU.
var stayed = Stay{
	Admitted: june(1, 10, 0), Ward: "Casualty", Bed: "3", AdmittedBy: "Dr Achieng", Reason: "fever, vomiting",
	Transfers: []Transfer{
		{At: june(1, 14, 0), FromWard: "Casualty", ToWard: "Medical", Bed: "12"},
		{At: june(3, 2, 30), ToWard: "ICU", Bed: "1", By: "Dr Otieno"},
	},
	Discharged: june(9, 11, 0), Disposition: DispHome,
}

func TestStayValidate(t *testing.T) {
	open := Stay{Admitted: june(10, 8, 0), Ward: "Maternity"}
	tests := []struct {
		name string
		s    Stay
		err  string
	}{
		{"open stay", open, ""},
		{"discharged with transfers", stayed, ""},
		{"admitted a minute ago by a fast clock", withStay(open, func(s *Stay) { s.Admitted = now.Add(3 * time.Minute) }), ""},
		{"no admission", Stay{Ward: "Medical"}, "enter the date and time of admission"},
		{"admission in the future", withStay(open, func(s *Stay) { s.Admitted = june(16, 8, 0) }), "is in the future"},
		{"no ward", withStay(open, func(s *Stay) { s.Ward = "  " }), "enter the ward"},
		{"discharge before admission", withStay(stayed, func(s *Stay) { s.Discharged = june(1, 9, 0); s.Transfers = nil }), "the discharge (2025-06-01 09:00) is before the admission (2025-06-01 10:00)"},
		{"discharged at the admission instant", withStay(open, func(s *Stay) { s.Discharged = s.Admitted; s.Disposition = DispReferred }), ""},
		{"discharge in the future", withStay(open, func(s *Stay) { s.Discharged = june(20, 8, 0); s.Disposition = DispHome }), "the discharge (2025-06-20 08:00) is in the future"},
		{"discharged without disposition", withStay(stayed, func(s *Stay) { s.Disposition = "" }), "choose how the patient left hospital"},
		{"died without a time of death", withStay(open, func(s *Stay) { s.Disposition = DispDied }), "enter the time of death as the discharge time"},
		{"died with a time of death", withStay(open, func(s *Stay) { s.Disposition = DispDied; s.Discharged = june(12, 3, 40) }), ""},
		{"disposition without discharge", withStay(open, func(s *Stay) { s.Disposition = DispHome }), "enter the date and time of discharge"},
		{"unknown disposition", withStay(stayed, func(s *Stay) { s.Disposition = "escaped" }), `"escaped" is not a way of leaving hospital`},
		{"transfer without time", withStay(stayed, func(s *Stay) { s.Transfers[1].At = time.Time{} }), "transfer 2: enter the date and time"},
		{"transfer before admission", withStay(stayed, func(s *Stay) { s.Transfers[0].At = june(1, 9, 0) }), "transfer 1 (2025-06-01 09:00) is before the admission"},
		{"transfer after discharge", withStay(stayed, func(s *Stay) { s.Transfers[1].At = june(9, 12, 0) }), "transfer 2 (2025-06-09 12:00) is after the discharge"},
		{"transfer in the future on an open stay", withStay(stayed, func(s *Stay) {
			s.Discharged, s.Disposition = time.Time{}, ""
			s.Transfers[1].At = june(17, 0, 0)
		}), "is in the future"},
		{"transfers out of order", withStay(stayed, func(s *Stay) { s.Transfers[1].At = june(1, 12, 0) }), "transfer 2 (2025-06-01 12:00) is before the transfer above it"},
		{"transfer to the same ward", withStay(stayed, func(s *Stay) { s.Transfers[1].ToWard = " medical" }), "transfer 2 stays in ward Medical"},
		{"transfer from the wrong ward", withStay(stayed, func(s *Stay) { s.Transfers[1].FromWard = "Surgical" }), "transfer 2 leaves ward Surgical, but the patient was in ward Medical"},
		{"transfer from the right ward, other case", withStay(stayed, func(s *Stay) { s.Transfers[1].FromWard = "MEDICAL" }), ""},
		{"transfer to nowhere", withStay(stayed, func(s *Stay) { s.Transfers[0].ToWard = "" }), "transfer 1: enter the ward the patient moved to"},
		{"transfer at the discharge instant", withStay(stayed, func(s *Stay) { s.Transfers[1].At = s.Discharged }), ""},
	}
	for _, tc := range tests {
		err := tc.s.Validate(now)
		if tc.err == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.err)
		}
	}
}

func TestLengthOfStay(t *testing.T) {
	tests := []struct {
		name       string
		admitted   time.Time
		discharged time.Time
		want       int // open stays count to now, 15 June
	}{
		{"same day counts 1", june(1, 8, 0), june(1, 17, 0), 1},
		{"overnight across midnight counts 1", june(1, 23, 0), june(2, 1, 0), 1},
		{"admission day counts, discharge day does not", june(1, 10, 0), june(5, 9, 0), 4},
		{"by calendar, not 24-hour periods", june(1, 23, 59), june(3, 0, 1), 2},
		{"a month", june(1, 10, 0), time.Date(2025, 7, 1, 10, 0, 0, 0, eat), 30},
		{"leap day", time.Date(2024, 2, 28, 10, 0, 0, 0, eat), time.Date(2024, 3, 1, 10, 0, 0, 0, eat), 2},
		{"open: admitted today", june(15, 7, 0), time.Time{}, 1},
		{"open: admitted yesterday", june(14, 23, 0), time.Time{}, 1},
		{"open: two weeks", june(1, 10, 0), time.Time{}, 14},
		{"discharge before admission", june(5, 10, 0), june(4, 10, 0), 0},
		{"no admission", time.Time{}, time.Time{}, 0},
	}
	for _, tc := range tests {
		s := Stay{Admitted: tc.admitted, Ward: "Medical", Discharged: tc.discharged}
		if got := s.LengthOfStay(now); got != tc.want {
			t.Errorf("%s: %d days, want %d", tc.name, got, tc.want)
		}
	}
	// The discharge date is the ward's: 00:30 on the 3rd in EAT is still
	// the 2nd in UTC, which would count 1 day.
	s := Stay{Admitted: june(1, 12, 0), Discharged: june(3, 0, 30), Ward: "Medical", Disposition: DispHome}
	if got := s.LengthOfStay(now); got != 2 {
		t.Errorf("zone: %d days, want 2", got)
	}
}

func TestWardAt(t *testing.T) {
	tests := []struct {
		at   time.Time
		want string
	}{
		{june(1, 9, 59), ""},
		{june(1, 10, 0), "Casualty"},
		{june(1, 13, 59), "Casualty"},
		{june(1, 14, 0), "Medical"}, // a transfer takes effect at its time
		{june(2, 0, 0), "Medical"},
		{june(3, 2, 30), "ICU"},
		{june(9, 10, 59), "ICU"},
		{june(9, 11, 0), ""}, // gone at the moment of discharge
		{june(20, 0, 0), ""},
	}
	for _, tc := range tests {
		if got := stayed.WardAt(tc.at); got != tc.want {
			t.Errorf("at %s: %q, want %q", tc.at.Format(stamp), got, tc.want)
		}
	}
	// Transfers listed out of order are still followed in time order.
	shuffled := withStay(stayed, func(s *Stay) { s.Transfers[0], s.Transfers[1] = s.Transfers[1], s.Transfers[0] })
	if got := shuffled.WardAt(june(2, 0, 0)); got != "Medical" {
		t.Errorf("shuffled transfers: %q, want Medical", got)
	}
	open := Stay{Admitted: june(10, 8, 0), Ward: "Maternity"}
	if got := open.WardAt(time.Date(2030, 1, 1, 0, 0, 0, 0, eat)); got != "Maternity" {
		t.Errorf("open stay: %q", got)
	}
	if got := (Stay{}).WardAt(now); got != "" {
		t.Errorf("empty stay: %q", got)
	}
}

func TestCensus(t *testing.T) {
	stays := []Stay{
		stayed, // Casualty 1 Jun 10:00 → Medical 14:00 → ICU 3 Jun 02:30 → home 9 Jun 11:00
		{Admitted: june(1, 8, 0), Ward: "Medical"},
		{Admitted: june(2, 8, 0), Ward: " medical "},
		{Admitted: june(1, 12, 0), Ward: "Maternity", Discharged: june(2, 12, 0), Disposition: DispHome},
		{Admitted: june(5, 8, 0), Ward: "Paediatrics"},
		{Admitted: june(1, 9, 0), Ward: "Surgical", Discharged: june(1, 11, 0), Disposition: DispDied},
	}
	tests := []struct {
		at   time.Time
		want map[string]int
	}{
		{june(1, 0, 0), map[string]int{}},
		{june(1, 10, 30), map[string]int{"Casualty": 1, "Medical": 1, "Surgical": 1}},
		{june(2, 0, 0), map[string]int{"Medical": 2, "Maternity": 1}},
		{june(3, 0, 0), map[string]int{"Medical": 3}},
		{june(6, 0, 0), map[string]int{"Medical": 2, "ICU": 1, "Paediatrics": 1}},
		{june(10, 0, 0), map[string]int{"Medical": 2, "Paediatrics": 1}},
	}
	for _, tc := range tests {
		if got := Census(stays, tc.at); !maps.Equal(got, tc.want) {
			t.Errorf("census at %s: %v, want %v", tc.at.Format(stamp), got, tc.want)
		}
	}
}

func TestDisposition(t *testing.T) {
	for _, d := range Dispositions {
		if !d.Valid() || d.Label() == string(d) {
			t.Errorf("%s: valid %v label %q", d, d.Valid(), d.Label())
		}
		if got, ok := DispositionByLabel(d.Label()); !ok || got != d {
			t.Errorf("by label %q: %v %v", d.Label(), got, ok)
		}
		if got, ok := DispositionByLabel(strings.ToUpper(string(d))); !ok || got != d {
			t.Errorf("by name %q: %v %v", d, got, ok)
		}
	}
	if Disposition("x").Valid() || Disposition("x").Label() != "x" {
		t.Error("unknown disposition")
	}
	if _, ok := DispositionByLabel("gone"); ok {
		t.Error("found an unknown label")
	}
}
