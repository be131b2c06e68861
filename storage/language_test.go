package storage

import (
	"testing"

	"dossier/model"
)

func TestClinicCalendarAndLanguageSettings(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk", model.RoleClerk)
	c, err := admin.Clinic()
	if err != nil {
		t.Fatal(err)
	}
	c.Calendar, c.Language = "ethiopian", "fr"
	if err := clerk.Admin().UpdateClinic(c, "calendar"); model.CodeOf(err) != model.Denied {
		t.Fatalf("a clerk changed the calendar: %v", err)
	}
	bad := c
	bad.Calendar = "julian"
	if err := admin.Admin().UpdateClinic(bad, "calendar"); err == nil {
		t.Fatal("an unknown calendar was saved")
	}
	if err := admin.Admin().UpdateClinic(c, "calendar"); err != nil {
		t.Fatal(err)
	}
	got, _ := clerk.Clinic()
	if got.Calendar != "ethiopian" || got.Language != "fr" {
		t.Fatalf("settings read back as %q %q", got.Calendar, got.Language)
	}
	path := s.Path()
	s.Close()
	if l := ClinicLanguage(path); l != "fr" {
		t.Fatalf("language before sign-in: %q", l)
	}
	s2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	// While the store is open (another Dossier runs), the language is not
	// read and the window follows the computer.
	if l := ClinicLanguage(path); l != "" {
		t.Fatalf("language read through another process's lock: %q", l)
	}
	admin2, err := s2.SignIn("admin", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	c.Language = ""
	if err := admin2.Admin().UpdateClinic(c, "follow the computer"); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if l := ClinicLanguage(path); l != "" {
		t.Fatalf("language after clearing: %q", l)
	}
}
