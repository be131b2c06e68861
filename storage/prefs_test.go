package storage

import (
	"bytes"
	"os"
	"testing"

	"dossier/model"
)

func TestPrefsArePerUserAndSealed(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	type look struct{ Theme, Marker string }
	if err := clerk.Prefs().Save("look", look{"light", "PREFMARKER-7731"}); err != nil {
		t.Fatal(err)
	}
	var got look
	if ok, err := clerk.Prefs().Load("look", &got); !ok || err != nil || got.Theme != "light" {
		t.Fatalf("clerk reads %+v %v %v", got, ok, err)
	}
	if ok, err := admin.Prefs().Load("look", &got); ok || err != nil {
		t.Fatalf("the administrator reads the clerk's setting: %v %v", ok, err)
	}
	clerk.Lock("sign-out")
	admin.Lock("sign-out")
	s.Close()
	data, err := os.ReadFile(s.path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("PREFMARKER-7731")) {
		t.Fatal("a setting is on disk in plain text")
	}
}
