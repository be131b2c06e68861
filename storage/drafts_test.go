package storage

import (
	"bytes"
	"os"
	"testing"

	"dossier/model"
)

func TestDraftsAreSealedPerUser(t *testing.T) {
	s, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	other := addUser(t, admin, "clerk2", model.RoleClerk)
	type form struct{ Diagnosis string }
	if err := clerk.Drafts().Save("transcribe:doc1", form{"SECRET-DRAFT-DIAGNOSIS malaria"}); err != nil {
		t.Fatal(err)
	}
	var got form
	if ok, err := clerk.Drafts().Load("transcribe:doc1", &got); !ok || err != nil || got.Diagnosis != "SECRET-DRAFT-DIAGNOSIS malaria" {
		t.Fatalf("load: %v %v %+v", ok, err, got)
	}
	if ok, _ := other.Drafts().Load("transcribe:doc1", &got); ok {
		t.Fatal("another clerk read the draft")
	}
	// A draft survives closing and reopening the store.
	s.Close()
	r, err := Open(s.path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(s.path)
	if bytes.Contains(raw, []byte("SECRET-DRAFT")) {
		t.Fatal("draft in plaintext on disk")
	}
	again, err := r.SignIn("clerk1", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := again.Drafts().Load("transcribe:doc1", &got); !ok {
		t.Fatal("draft lost on reopening")
	}
	if err := again.Drafts().Delete("transcribe:doc1"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := again.Drafts().Load("transcribe:doc1", &got); ok {
		t.Fatal("deleted draft still there")
	}
	s.db = r.db // closed and checked at cleanup
}
