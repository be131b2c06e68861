package admin

import (
	"context"
	"strings"

	"dossier/app/ui/kit"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// rotation is the Users screen's "Rotate keys…": it shows who will get the
// new key, asks, then re-seals the store with progress and Cancel.
type rotation struct {
	h      *kit.Host
	status *widget.Label
}

// ask reads the plan and shows the confirm dialog.
func (r *rotation) ask() {
	kit.Run(r.h, func(sess *storage.Session) (storage.RotatePlan, error) { return sess.Admin().RotationPlan() }, func(plan storage.RotatePlan, err error) {
		if err != nil {
			r.h.ShowError(err)
			return
		}
		text := widget.NewLabel(rotationText(plan))
		text.Wrapping = fyne.TextWrapWord
		d := dialog.NewCustomConfirm(lang.X("admin.rotate.rotate_keys", "Rotate keys"), lang.X("admin.rotate.rotate_keys", "Rotate keys"), lang.X("common.cancel", "Cancel"), container.NewVScroll(text), func(yes bool) {
			if yes {
				r.run()
			}
		}, r.h.Win)
		d.Resize(fyne.NewSize(620, 460))
		d.Show()
	})
}

// rotationText explains what rotating the keys does, with the plan.
func rotationText(plan storage.RotatePlan) string {
	var b strings.Builder
	b.WriteString(lang.X("admin.rotate.intro", "Rotating the keys re-seals every record, page image and audit entry under a new data key. Use it when someone who may have a copy of the clinic's file should no longer read it: a user leaves or is disabled, a laptop or backup is lost, a password leaked. The old key then opens nothing in the store.") + "\n\n")
	b.WriteString(lang.X("admin.rotate.carried", "These accounts get the new key and sign in with their passwords as before: {{.Names}}.", map[string]any{"Names": strings.Join(plan.Carried, ", ")}) + "\n")
	b.WriteString(lang.X("admin.rotate.recovery", "The recovery key goes on opening the store.") + "\n")
	if len(plan.Disabled) > 0 {
		b.WriteString(lang.X("admin.rotate.disabled", "Disabled accounts get nothing: {{.Names}}.", map[string]any{"Names": strings.Join(plan.Disabled, ", ")}) + "\n")
	}
	if len(plan.NeedPassword) > 0 {
		b.WriteString("\n" + lang.X("admin.rotate.need_password", "These accounts cannot be given the new key; set them a new password afterwards:") + "\n")
		for _, n := range plan.NeedPassword {
			b.WriteString("  • " + n + "\n")
		}
	}
	b.WriteString("\n" + lang.XN("admin.rotate.resealed", "{{.Count}} values are re-sealed. No one else may be signed in. Cancel, or a power cut, leaves the store as it was. Backups made before stay under the old key: make a new backup afterwards and destroy the old ones once it is checked.", plan.Values, map[string]any{"Count": plan.Values}))
	return b.String()
}

// run rotates with progress and Cancel.
func (r *rotation) run() {
	var plan storage.RotatePlan
	r.h.WithProgress(lang.X("admin.rotate.rotating", "Rotating keys"), func(ctx context.Context, sess *storage.Session, progress func(float64)) error {
		var err error
		plan, err = sess.Admin().RotateKeys(ctx, func(done, total int) {
			// A long rotation is activity: the idle lock would only wait
			// for it, behind a sign-in screen.
			r.h.Touch()
			if total > 0 {
				progress(float64(done) / float64(total))
			}
		})
		return err
	}, func(err error) {
		if err != nil {
			r.status.SetText(kit.Plain(err))
			r.h.ShowError(err)
			return
		}
		msg := lang.XN("admin.rotate.rotated", "Keys rotated: {{.Count}} values re-sealed under a new data key. Make a new backup now.", plan.Values, map[string]any{"Count": plan.Values})
		if len(plan.NeedPassword) > 0 {
			msg += " " + lang.X("admin.rotate.set_password_for", "Set a new password for: {{.Names}}.", map[string]any{"Names": strings.Join(plan.NeedPassword, "; ")})
		}
		r.status.SetText(msg)
		r.h.Notice(msg)
	})
}
