package storage

import (
	"errors"
	"strings"
	"testing"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// Issue 11, defect 5a: labels and cover sheets were audited through
// LogAction, which checked no permission. RecordPrint and RecordExport check
// the permission and the restricted-record rule, and audit.
func TestPrintAndExportCheckPermissionAndAudit(t *testing.T) {
	_, admin, _ := newTestStore(t)
	open := samplePatient("Amina", "Nakato")
	secret := samplePatient("Secret", "Person")
	secret.Restricted = true
	for _, p := range []*model.Patient{&open, &secret} {
		if err := admin.Patients().Register(p); err != nil {
			t.Fatal(err)
		}
	}
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	if err := clerk.Outputs().RecordPrint(model.KindPatient, open.ID, "labels: folder ×1"); err != nil {
		t.Fatal(err)
	}
	if err := clerk.Outputs().RecordPrint(model.KindPatient, secret.ID, "labels: folder ×1"); !errors.Is(err, ErrRestricted) {
		t.Fatalf("labels of a restricted record the clerk may not open: %v", err)
	}
	// The same refusal when the print comes through LogAction.
	if err := clerk.LogAction(model.ActPrint, model.KindPatient, secret.ID, "cover sheet"); !errors.Is(err, ErrRestricted) {
		t.Fatalf("LogAction print of a restricted record: %v", err)
	}
	if err := clerk.Outputs().RecordExport("", model.ZeroID, "patient list CSV"); model.CodeOf(err) != model.Denied {
		t.Fatalf("a clerk exported: %v", err)
	}
	if err := clerk.LogAction(model.ActExport, "", model.ZeroID, "patient list CSV"); model.CodeOf(err) != model.Denied {
		t.Fatalf("a clerk exported through LogAction: %v", err)
	}
	if err := admin.Outputs().RecordExport("", model.ZeroID, "register CSV"); err != nil {
		t.Fatal(err)
	}
	// A role without the print permission is refused.
	noPrint := addUser(t, admin, "coder1", model.RoleCoder)
	noPrint.user.Role = model.Role("reader")
	if err := noPrint.Outputs().RecordPrint(model.KindPatient, open.ID, "labels"); model.CodeOf(err) != model.Denied {
		t.Fatalf("printed without the print permission: %v", err)
	}
	prints, _ := admin.Admin().Audit(model.AuditFilter{Action: model.ActPrint}, 0)
	exports, _ := admin.Admin().Audit(model.AuditFilter{Action: model.ActExport}, 0)
	if len(prints) != 1 || prints[0].Record != open.ID || len(exports) != 1 || exports[0].Detail != "register CSV" {
		t.Fatalf("audited prints %+v exports %+v", prints, exports)
	}
}

// Issue 11, defects 5b and 5c: Patients().Index returned the unmasked index
// to any role, and the duplicate queue's names were built from it.
func TestIndexIsMaskedForRolesThatMayNotOpenRestricted(t *testing.T) {
	_, admin, _ := newTestStore(t)
	secret := samplePatient("Secret", "Person")
	secret.Restricted = true
	if err := admin.Patients().Register(&secret); err != nil {
		t.Fatal(err)
	}
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	sup := addUser(t, admin, "sup1", model.RoleSupervisor)
	ix, err := clerk.Patients().Index()
	if err != nil {
		t.Fatal(err)
	}
	e, ok := ix.Get(secret.ID)
	name := model.Patient{GivenName: e.Given, FamilyName: e.Family}.DisplayName()
	if !ok || e.MRN != secret.MRN || name != "(restricted record)" || e.Phone != "" || !e.Birth.IsZero() || len(e.Address) != 0 {
		t.Fatalf("clerk's index shows a restricted record: %+v", e)
	}
	if at, _ := ix.At(0); at.Family != "" || at.Phone != "" {
		t.Fatalf("clerk's index by position shows a restricted record: %+v", at)
	}
	six, err := sup.Patients().Index()
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := six.Get(secret.ID); e.Family != "Person" {
		t.Fatalf("supervisor's index: %+v", e)
	}
	if ix.Len() != 1 {
		t.Fatalf("len %d", ix.Len())
	}
}

// Issue 11, defect 6: History turned every error into "not found".
func TestHistoryReportsDamageNotNotFound(t *testing.T) {
	s, admin, _ := newTestStore(t)
	p := samplePatient("Amina", "Nakato")
	if err := admin.Patients().Register(&p); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.History(model.KindPatient, model.NewID()); model.CodeOf(err) != model.NotFound {
		t.Fatalf("history of no record: %v", err)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		heads, _, err := kindBuckets(tx, model.KindPatient, false)
		if err != nil {
			return err
		}
		return heads.Put(p.ID[:], []byte{1, 2})
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = admin.History(model.KindPatient, p.ID)
	if model.CodeOf(err) != model.Damaged || strings.Contains(err.Error(), "not found") {
		t.Fatalf("history of a damaged head: %v", err)
	}
}

// Issue 11, defect 8: the sign-in comment said an unknown username spends
// the same time as a real attempt; it derived with the minimum settings.
func TestUnknownUserSpendsTheSlotsKDF(t *testing.T) {
	s, _, _ := newTestStore(t)
	if got := s.anySlotKDF(); got != TestKDF {
		t.Fatalf("unknown-user derivation uses %+v, want the slots' %+v", got, TestKDF)
	}
}
