package admin

import (
	"context"
	"strings"
	"testing"

	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2/widget"
)

func TestRotateKeysFromTheUsersScreen(t *testing.T) {
	h, sess := signedInHost(t)
	if _, err := sess.Admin().CreateUser(model.User{Username: "clerk1", FullName: "C", Role: model.RoleClerk}, pw); err != nil {
		t.Fatal(err)
	}
	plan, err := sess.Admin().RotationPlan()
	if err != nil {
		t.Fatal(err)
	}
	text := rotationText(plan)
	for _, want := range []string{"admin, clerk1", "recovery key goes on opening", "a user leaves", "Backups made before stay under the old key"} {
		if !strings.Contains(text, want) {
			t.Errorf("the confirm text does not say %q:\n%s", want, text)
		}
	}
	r := &rotation{h: h, status: widget.NewLabel("")}
	h.Serialized(r.run)
	h.Wait()
	if !strings.HasPrefix(r.status.Text, "Keys rotated:") {
		t.Fatalf("after rotating: %q", r.status.Text)
	}
	rep, err := sess.Admin().VerifyStore(context.Background(), nil)
	if err != nil || !rep.OK() {
		t.Fatalf("verify after rotating: %v %v", err, rep.Problems)
	}
	c, err := sess.Store().SignIn("clerk1", pw)
	if err != nil {
		t.Fatalf("the clerk after the rotation: %v", err)
	}
	c.Lock(model.ActSignOut)
	var _ storage.RotatePlan = plan
}
