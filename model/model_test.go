package model

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMRNNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    uint64
		okay bool
	}{
		{FormatMRN("KDH", 1234), 1234, true},
		{strings.ToLower(FormatMRN("TST", 1000001)), 1000001, true},
		{FormatMRN("KDH", 1234)[:11] + "Z", 0, false}, // check character wrong
		{"KDH-0001234", 0, false},
		{"", 0, false},
	} {
		if n, ok := MRNNumber(c.in); n != c.n || ok != c.okay {
			t.Errorf("MRNNumber(%q) = %d, %v; want %d, %v", c.in, n, ok, c.n, c.okay)
		}
	}
}

func TestMRNCheckCharacterCatchesTypos(t *testing.T) {
	good := FormatMRN("KDH", 1234)
	if _, err := CheckMRN(good); err != nil {
		t.Fatalf("%s: %v", good, err)
	}
	// Every single-character substitution in the number must be caught.
	caught, total := 0, 0
	for i := 4; i < 11; i++ {
		for _, r := range "0123456789" {
			if rune(good[i]) == r {
				continue
			}
			typo := good[:i] + string(r) + good[i+1:]
			total++
			if _, err := CheckMRN(typo); errors.Is(err, ErrMRNCheck) {
				caught++
			}
		}
	}
	if caught != total {
		t.Errorf("caught %d of %d single-digit typos", caught, total)
	}
	tests := []struct {
		in   string
		want error
	}{
		{good, nil},
		{strings.ToLower(good), nil},
		{strings.ReplaceAll(good, "0", "O"), nil}, // O typed for 0
		{"KDH-0001234", ErrMRNFormat},
		{"hello", ErrMRNFormat},
		{"K-0001234-X", ErrMRNFormat},
		{good[:len(good)-1] + "!", ErrMRNFormat},
	}
	for _, tc := range tests {
		if _, err := CheckMRN(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.in, err, tc.want)
		}
	}
}

func TestAdjacentSwapsAreMostlyCaught(t *testing.T) {
	caught, total := 0, 0
	for seq := uint64(1); seq < 2000; seq += 7 {
		m := FormatMRN("ABC", seq)
		b := []byte(m)
		for i := 4; i < 10; i++ {
			if b[i] == b[i+1] {
				continue
			}
			s := append([]byte(nil), b...)
			s[i], s[i+1] = s[i+1], s[i]
			total++
			if _, err := CheckMRN(string(s)); err != nil {
				caught++
			}
		}
	}
	if float64(caught)/float64(total) < 0.9 {
		t.Errorf("only %d of %d swaps caught", caught, total)
	}
}

func TestRolePermissions(t *testing.T) {
	tests := []struct {
		role Role
		perm Permission
		want bool
	}{
		{RoleClerk, PermRegisterPatient, true},
		{RoleClerk, PermDeleteRecord, false},
		{RoleClerk, PermReadAudit, false},
		{RoleCoder, PermCode, true},
		{RoleCoder, PermRegisterPatient, false},
		{RoleSupervisor, PermMerge, true},
		{RoleSupervisor, PermReleaseInfo, true},
		{RoleSupervisor, PermManageUsers, false},
		{RoleClinician, PermSignNote, true},
		{RoleClinician, PermEditPatient, false},
		{RoleAdmin, PermManageUsers, true},
		{RoleAdmin, PermBackup, true},
		{RoleAdmin, PermSignNote, false},
		{Role("intruder"), PermReadRecord, false},
	}
	for _, tc := range tests {
		if got := tc.role.Allows(tc.perm); got != tc.want {
			t.Errorf("%s %s: got %v", tc.role, tc.perm, got)
		}
	}
	if !RoleSupervisor.MayOpenRestricted() || RoleAdmin.MayOpenRestricted() {
		t.Error("only supervisors open restricted records without breaking the glass")
	}
	if r, err := ParseRole("Records clerk"); err != nil || r != RoleClerk {
		t.Errorf("parse label: %v %v", r, err)
	}
}

func TestPatientValidation(t *testing.T) {
	today := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	base := Patient{GivenName: "Amina", Sex: SexFemale}
	tests := []struct {
		name  string
		edit  func(p *Patient)
		field string
	}{
		{"valid single name", func(p *Patient) {}, ""},
		{"no names", func(p *Patient) { p.GivenName = " " }, "name"},
		{"future birth", func(p *Patient) { p.BirthDate = Date{2027, 1, 1} }, "birth"},
		{"too old", func(p *Patient) { p.BirthDate = Date{1880, 1, 1} }, "birth"},
		{"bad sex", func(p *Patient) { p.Sex = "X" }, "sex"},
		{"good phone", func(p *Patient) { p.Phone = "+256 (772) 123-456" }, ""},
		{"short phone", func(p *Patient) { p.Phone = "123" }, "phone"},
		{"letters in phone", func(p *Patient) { p.Phone = "0772 12345a" }, "phone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := base
			tc.edit(&p)
			errs := p.Validate(today)
			if tc.field == "" && len(errs) != 0 {
				t.Fatalf("unexpected %v", errs)
			}
			if tc.field != "" && errs[tc.field] == "" {
				t.Fatalf("no error on %s: %v", tc.field, errs)
			}
		})
	}
}

func TestAgeText(t *testing.T) {
	today := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		birth Date
		want  string
	}{
		{Date{1980, 11, 23}, "45 y"},
		{Date{1980, 11, 22}, "46 y"},
		{Date{2025, 1, 10}, "22 mo"},
		{Date{2026, 11, 1}, "21 d"},
	}
	for _, tc := range tests {
		if got := tc.birth.AgeText(today); got != tc.want {
			t.Errorf("%v: got %s, want %s", tc.birth, got, tc.want)
		}
	}
	if d := BirthFromAge(40, today); d != (Date{1986, 7, 1}) {
		t.Errorf("estimated birth %v", d)
	}
}

func TestIDsAreOrderedAndRoundTrip(t *testing.T) {
	prev := NewID()
	for i := 0; i < 10000; i++ {
		id := NewID()
		if string(id[:]) <= string(prev[:]) {
			t.Fatalf("IDs not increasing at %d", i)
		}
		prev = id
	}
	back, err := ParseID(prev.String())
	if err != nil || back != prev {
		t.Fatalf("round trip: %v", err)
	}
	if _, err := ParseID("xyz"); err == nil {
		t.Fatal("parsed junk")
	}
}

func TestClinicValidation(t *testing.T) {
	c := DefaultClinic("Kasese", "KDH")
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []Clinic{DefaultClinic("", "KDH"), DefaultClinic("X", "K"), DefaultClinic("X", "KD-H")} {
		if bad.Validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
