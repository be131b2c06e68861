package storage

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/model"
)

// A scheduled backup is made by whoever is signed in under the
// administrator's signed plan, keeps the last N, lists every backup with
// its check, and stops being allowed once the administrator no longer is.
func TestPlannedBackupsUnderTheAdministratorsAuthority(t *testing.T) {
	_, admin, _ := newTestStore(t)
	clerk := addUser(t, admin, "clerk1", model.RoleClerk)
	second := addUser(t, admin, "admin2", model.RoleAdmin)
	dir := t.TempDir()
	plan := model.BackupPlan{Daily: true, At: "00:00", OnLastSignOut: true, Folder: dir, Keep: 2}

	if err := clerk.Admin().SetBackupPlan(plan); model.CodeOf(err) != model.Denied {
		t.Fatalf("a clerk set the plan: %v", err)
	}
	if _, err := clerk.Admin().RunPlannedBackup(context.Background(), "daily at 00:00", nil); err == nil {
		t.Fatal("a backup ran with no plan")
	}
	if err := admin.Admin().SetBackupPlan(model.BackupPlan{Daily: true, At: "00:00", Folder: filepath.Join(dir, "nowhere"), Keep: 2}); err == nil {
		t.Fatal("a plan to a missing folder was saved")
	}
	if err := second.Admin().SetBackupPlan(plan); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		made, err := clerk.Admin().RunPlannedBackup(context.Background(), "when the last user signed out", nil)
		if err != nil {
			t.Fatal(err)
		}
		if made.By != "clerk1" || made.AuthorizedBy != "admin2" || made.Check != "" {
			t.Fatalf("made %+v", made)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, plannedPrefix+"*.dbak"))
	if len(files) != 2 {
		t.Fatalf("%d backups kept, want 2: %v", len(files), files)
	}
	list, err := admin.Admin().BackupsMade()
	if err != nil || len(list) != 3 || !list[2].Removed || list[0].Removed {
		t.Fatalf("list %+v %v", list, err)
	}
	if _, err := clerk.Admin().BackupsMade(); model.CodeOf(err) != model.Denied {
		t.Fatalf("a clerk read the list of backups: %v", err)
	}
	es, err := admin.Admin().Audit(model.AuditFilter{Action: model.ActBackup, User: "clerk1"}, 0)
	if err != nil || len(es) != 3 || !strings.Contains(es[0].Detail, "scheduled backup, when the last user signed out, under admin2's authority") {
		t.Fatalf("audit %+v %v", es, err)
	}

	// The administrator who set the plan is disabled: the plan no longer holds.
	users, err := admin.Admin().Users()
	if err != nil {
		t.Fatal(err)
	}
	var u model.User
	for _, x := range users {
		if x.Username == "admin2" {
			u = x
		}
	}
	u.Disabled = true
	if err := admin.Admin().UpdateUser(u, "", "left the clinic"); err != nil {
		t.Fatal(err)
	}
	if _, err := clerk.Admin().RunPlannedBackup(context.Background(), "daily at 00:00", nil); model.CodeOf(err) != model.Denied {
		t.Fatalf("a plan by a disabled administrator still ran: %v", err)
	}
	es, _ = admin.Admin().Audit(model.AuditFilter{Action: model.ActBackup, FlaggedOnly: true}, 0)
	if len(es) != 1 || !strings.Contains(es[0].Detail, "admin2's account is disabled") {
		t.Fatalf("the refusal is not flagged in the audit trail: %+v", es)
	}
}

func TestCheckListedBackupRecordsTheFullCheck(t *testing.T) {
	_, admin, _ := newTestStore(t)
	path := filepath.Join(t.TempDir(), "b.dbak")
	if _, err := admin.Admin().BackupToFile(path); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Admin().CheckListedBackup(context.Background(), path, Credentials{Username: "admin", Password: "wrong password"}, nil); err == nil {
		t.Fatal("a wrong password passed the check")
	}
	list, _ := admin.Admin().BackupsMade()
	if len(list) != 1 || list[0].Check != "" || list[0].FullCheck {
		t.Fatalf("a wrong password marked the backup: %+v", list)
	}
	rep, err := admin.Admin().CheckListedBackup(context.Background(), path, Credentials{Username: "admin", Password: testPassword}, nil)
	if err != nil || !rep.OK() {
		t.Fatalf("%+v %v", rep, err)
	}
	list, _ = admin.Admin().BackupsMade()
	if len(list) != 1 || list[0].Check != "" || !list[0].FullCheck {
		t.Fatalf("the full check is not recorded: %+v", list)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	admin.Admin().CheckListedBackup(context.Background(), path, Credentials{Username: "admin", Password: testPassword}, nil)
	list, _ = admin.Admin().BackupsMade()
	if len(list) != 1 || !strings.HasPrefix(list[0].Check, "failed the full check") {
		t.Fatalf("a damaged backup is not marked: %+v", list)
	}
}
