package storage

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"dossier/model"
	md "dossier/model/dhis2"
)

func testDefinition() md.Definition {
	return md.Definition{Name: "Test return", DataSet: "QX4ZTUbOt3a", OrgUnit: "DiszpKrYNg8", PeriodType: "Monthly",
		Rows: []md.Row{{Label: "Admissions", DataElement: "eY5ehpbEsB7", Figure: "ip.admissions"}}}
}

func TestReturnSettingsAreAdministrators(t *testing.T) {
	s, admin, _ := newTestStore(t)
	super := addUser(t, admin, "sam", model.RoleSupervisor)
	clerk := addUser(t, admin, "cleo", model.RoleClerk)
	const password = "ministry-secret-7731"
	srv := md.Server{URL: "https://hmis.example.org/dhis/", Username: "facility01", Password: password}

	for name, sess := range map[string]*Session{"supervisor": super, "clerk": clerk} {
		if err := sess.Returns().SetServer(srv); !errors.Is(err, model.Errorf(model.Denied, "")) {
			t.Errorf("%s set the server: %v", name, err)
		}
		if err := sess.Returns().SetDefinition(testDefinition(), "def.json"); !errors.Is(err, model.Errorf(model.Denied, "")) {
			t.Errorf("%s set the definition: %v", name, err)
		}
	}
	bad := testDefinition()
	bad.Rows[0].Figure = "nothing"
	if err := admin.Returns().SetDefinition(bad, "bad.json"); !errors.Is(err, model.Errorf(model.Invalid, "")) {
		t.Fatalf("an invalid definition was saved: %v", err)
	}
	if err := admin.Returns().SetServer(md.Server{URL: "ftp://x", Username: "a", Password: "b"}); err == nil {
		t.Fatal("an ftp server was accepted")
	}
	if err := admin.Returns().SetDefinition(testDefinition(), "def.json"); err != nil {
		t.Fatal(err)
	}
	if err := admin.Returns().SetServer(srv); err != nil {
		t.Fatal(err)
	}
	got, err := super.Returns().Server()
	if err != nil || got.URL != "https://hmis.example.org/dhis" || got.Password != password {
		t.Fatalf("supervisor reads server %+v, %v", got, err)
	}
	if d, ok, err := super.Returns().Definition(); err != nil || !ok || d.Name != "Test return" {
		t.Fatalf("definition %+v %v %v", d, ok, err)
	}
	if _, err := clerk.Returns().Server(); !errors.Is(err, model.Errorf(model.Denied, "")) {
		t.Fatalf("a clerk read the server's credentials: %v", err)
	}
	// Sealed: the password is nowhere in the file.
	path := s.Path()
	s.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(password)) || bytes.Contains(raw, []byte("facility01")) {
		t.Fatal("the server's credentials are on disk in the clear")
	}
}

func TestKeptReturnsAndLastSent(t *testing.T) {
	_, admin, _ := newTestStore(t)
	super := addUser(t, admin, "sam", model.RoleSupervisor)
	clerk := addUser(t, admin, "cleo", model.RoleClerk)
	vals := []md.DataValue{{DataElement: "eY5ehpbEsB7", Value: 41, Label: "Admissions"}}
	if _, err := clerk.Returns().Keep(md.Kept{Period: "2026-11", Action: md.ActSavedADX, Values: vals}); !errors.Is(err, model.Errorf(model.Denied, "")) {
		t.Fatalf("a clerk kept a return: %v", err)
	}
	if _, err := super.Returns().Keep(md.Kept{Period: "Nov", Action: md.ActSavedADX}); err == nil {
		t.Fatal("a return without a valid period was kept")
	}
	if _, err := super.Returns().Keep(md.Kept{Period: "2026-11", Values: vals}); err == nil {
		t.Fatal("a return without an action was kept")
	}
	sent, err := super.Returns().Keep(md.Kept{Period: "2026-11", Action: md.ActSent, Values: vals,
		Answer: &md.ImportSummary{Status: md.StatusSuccess, Imported: 1}})
	if err != nil || sent.By != "sam" || sent.At.IsZero() || sent.ID.IsZero() {
		t.Fatalf("kept %+v, %v", sent, err)
	}
	// A later refused send and a later file save are not "last sent".
	super.Returns().Keep(md.Kept{Period: "2026-11", Action: md.ActSent, Values: vals, Failure: "server unreachable"})
	super.Returns().Keep(md.Kept{Period: "2026-11", Action: md.ActSavedJSON, Values: vals, File: "/tmp/r.json"})
	super.Returns().Keep(md.Kept{Period: "2026-10", Action: md.ActSavedJSON, Values: vals})
	ks, err := admin.Returns().Kept("2026-11")
	if err != nil || len(ks) != 3 || ks[0].Action != md.ActSavedJSON {
		t.Fatalf("kept for 2026-11: %d %v", len(ks), err)
	}
	last, ok, err := super.Returns().LastSent("2026-11")
	if err != nil || !ok || last.ID != sent.ID || last.Answer.Imported != 1 {
		t.Fatalf("last sent %+v %v %v", last, ok, err)
	}
	if _, ok, _ := super.Returns().LastSent("2026-10"); ok {
		t.Fatal("a saved file counted as sent")
	}
}
