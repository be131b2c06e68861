// Package replication is the Replication section: this desk's sync status
// (last sync, what waits to go up and down, problems in plain words), Sync
// now, the server's address (administrators) and the Conflicts queue
// (supervisors) where two desks' values of a field are chosen between.
package replication

import (
	"context"
	"fmt"
	"time"

	"dossier/app/flow/replicate"
	"dossier/app/ui/kit"
	"dossier/model"
	"dossier/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Title is the section's name in the navigation.
const Title = "Replication"

type room struct {
	h         *kit.Host
	status    *widget.Label
	result    *widget.Label
	syncNow   *widget.Button
	why       *widget.Label // why Sync now is off (no server)
	loop      *widget.Label // the background sync's state
	conflicts []storage.SyncConflict
	list      *widget.List
	none      *widget.Label // shown when no conflict waits
}

// Screen is the Replication section.
func Screen(h *kit.Host) fyne.CanvasObject {
	r := &room{h: h, status: kit.WrapLabel(""), result: kit.WrapLabel(""), why: kit.WrapLabel(""), loop: kit.WrapLabel("")}
	r.syncNow = widget.NewButtonWithIcon(lang.X("repl.sync_now", "Sync now"), theme.ViewRefreshIcon(), h.Act(r.doSyncNow))
	r.syncNow.Importance = widget.HighImportance
	r.syncNow.Disable() // until the settings say a server is set
	buttons := container.NewHBox(r.syncNow)
	if h.Can(model.PermSettings) {
		buttons.Add(widget.NewButtonWithIcon(lang.X("repl.server", "Server…"), theme.SettingsIcon(), h.Act(r.askServer)))
	}
	top := container.NewVBox(kit.Heading(Title), r.status, r.loop, buttons, r.why, r.result)
	open[h] = r
	r.showStatus()
	r.showLoop()
	r.checkServer()
	if !h.Can(model.PermMerge) {
		return container.NewBorder(top, nil, nil, nil, nil)
	}
	r.list = widget.NewList(func() int { return len(r.conflicts) },
		func() fyne.CanvasObject {
			return widget.NewLabel(lang.X("repl.patient_0123abcd_family_name", "patient 0123abcd: family name, given name"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(describe(r.conflicts[i])) })
	r.list.OnSelected = func(i widget.ListItemID) {
		h.Touch()
		r.list.UnselectAll()
		r.choose(r.conflicts[i])
	}
	explain := kit.WrapLabel(lang.X("repl.records_two_desks_changed", "Records two desks changed differently while apart. Both versions are in the record's history; the later edit's value shows until you choose. Choose each field's value: every desk takes your choice at its next sync."))
	r.none = widget.NewLabel(lang.X("repl.no_conflict_is_waiting", "No conflict is waiting."))
	r.none.Hide()
	r.reload()
	return container.NewBorder(container.NewVBox(top, widget.NewSeparator(), kit.Heading(lang.X("repl.conflicts", "Conflicts")), explain, r.none), nil, nil, nil, r.list)
}

func describe(c storage.SyncConflict) string {
	s := fmt.Sprintf("%s %s:", c.Kind, c.ID.String()[:8])
	for i, f := range c.Fields {
		if i > 0 {
			s += ","
		}
		s += " " + f.Field
	}
	return s
}

// StatusText is the status in plain words ("" when the desk does not sync).
func StatusText(s *storage.Store) string {
	st, on := s.SyncStatus()
	if !on {
		return ""
	}
	last := lang.X("repl.never_synced", "never synced")
	if !st.LastSync.IsZero() {
		last = fmt.Sprintf(lang.X("repl.synced_ago", "synced %s"), kit.DaysAgo(st.LastSync, time.Now()))
		if time.Since(st.LastSync) < 24*time.Hour {
			last = fmt.Sprintf(lang.X("repl.synced_at", "synced at %s"), st.LastSync.Local().Format("15:04"))
		}
	}
	text := fmt.Sprintf(lang.X("repl.to_send_waiting", "%s · %d to send · %d waiting"), last, st.Up, st.Down)
	if st.Conflicts > 0 {
		text += " · " + kit.CountOf(st.Conflicts, "conflict")
	}
	if st.Quarantined > 0 {
		text += " · " + lang.XN("repl.set_aside", "{{.Count}} set aside", st.Quarantined, map[string]any{"Count": st.Quarantined})
	}
	if st.Inbox > 0 {
		text += " · " + lang.XN("repl.pulled_while_locked", "{{.Count}} pulled while locked, applied at sign-in", st.Inbox, map[string]any{"Count": st.Inbox})
	}
	return text
}

func (r *room) showStatus() {
	text := StatusText(r.h.Session().Store())
	if text == "" {
		text = lang.X("repl.does_not_replicate_yet", "This desk does not replicate yet. An administrator sets the clinic's server (Server…), or enrols the desk from another one.")
	} else if st, _ := r.h.Session().Store().SyncStatus(); st.LastError != "" {
		text += "\n" + fmt.Sprintf(lang.X("repl.last_problem", "Last problem: %s"), st.LastError)
	}
	r.status.SetText(text)
}

func (r *room) reload() {
	kit.Run(r.h, func(sess *storage.Session) ([]storage.SyncConflict, error) {
		return sess.Sync().Conflicts()
	}, func(cs []storage.SyncConflict, err error) {
		if err != nil {
			r.h.ShowError(err)
			return
		}
		r.conflicts = cs
		r.list.Refresh()
		r.none.Hidden = len(cs) > 0
		r.none.Refresh()
		if want, ok := pending[r.h]; ok {
			delete(pending, r.h)
			for _, c := range cs {
				if c.ID == want {
					r.choose(c)
					return
				}
			}
			r.result.SetText(lang.X("repl.that_conflict_is_no", "That conflict is no longer waiting: another desk or supervisor has settled it."))
		}
	})
}

// pending is the conflict My work asked to open, per window: the section
// opens, and once its queue has loaded the conflict's choice is shown.
// Touched only on the UI goroutine.
var pending = map[*kit.Host]model.ID{}

// OpenConflict opens the Replication section at one conflict's choice (an
// item of a supervisor's My work).
func OpenConflict(h *kit.Host, id model.ID) {
	if h.Shell == nil {
		return
	}
	pending[h] = id
	h.Shell.OpenSection(Title)
}

// background is the window's continuous sync as last reported, per window
// (UI goroutine only), and open the Replication screen last built.
var (
	background = map[*kit.Host]loopState{}
	open       = map[*kit.Host]*room{}
)

type loopState struct {
	st   replicate.LoopState
	kick func()
}

// SetBackground is told every change of the window's background sync
// (UI goroutine): the open Replication screen shows it, and Server…
// kicks it once a server is set.
func SetBackground(h *kit.Host, st replicate.LoopState, kick func()) {
	background[h] = loopState{st, kick}
	if r := open[h]; r != nil && r.h.Session() != nil {
		r.showLoop()
		if !st.Running {
			r.showStatus()
		}
	}
}

// showLoop says what the background sync is doing.
func (r *room) showLoop() {
	b, ok := background[r.h]
	switch {
	case !ok || b.st.Idle:
		r.loop.SetText("")
	case b.st.Running:
		r.loop.SetText(lang.X("sync.loop_running", "Syncing in the background now."))
	case b.st.Err != nil:
		r.loop.SetText(lang.X("sync.loop_failed", "Syncing in the background: the last {{.Count}} tries failed; the next is at {{.Time}} (the wait grows while the link fails; Sync now tries at once).",
			map[string]any{"Count": b.st.Failures, "Time": b.st.Next.Local().Format("15:04")}))
	default:
		r.loop.SetText(lang.X("sync.loop_ok", "Syncing in the background while Dossier is open (every minute, and within seconds of a change), and pulling while it is locked; next at {{.Time}}.",
			map[string]any{"Time": b.st.Next.Local().Format("15:04")}))
	}
}

// checkServer enables Sync now only when a server is set, and says why not.
func (r *room) checkServer() {
	kit.Run(r.h, func(sess *storage.Session) (storage.SyncSettings, error) { return sess.Sync().Settings() },
		func(set storage.SyncSettings, err error) {
			why := ""
			switch {
			case err != nil:
				why = kit.Plain(err)
			case set.Revoked:
				why = lang.X("sync.why_revoked", "Sync now is off: this desk's replication was revoked. An administrator sets the server again with Server….")
			case set.URL == "" && r.h.Can(model.PermSettings):
				why = lang.X("sync.why_no_server_admin", "Sync now is off: no server is set for this desk. Set the clinic's server with Server….")
			case set.URL == "":
				why = lang.X("sync.why_no_server", "Sync now is off: no server is set for this desk. Ask an administrator to set the clinic's server.")
			}
			kit.SetEnabled(r.syncNow, why == "")
			r.why.SetText(why)
		})
}

func (r *room) doSyncNow() {
	r.result.SetText(lang.X("repl.syncing", "Syncing…"))
	kit.Run(r.h, func(sess *storage.Session) (replicate.Result, error) {
		set, err := sess.Sync().Settings()
		if err != nil {
			return replicate.Result{}, err
		}
		if set.URL == "" {
			return replicate.Result{}, model.Errorf(model.Invalid, "no server is set for this desk")
		}
		c, err := replicate.NewClient(set.URL, set.User, set.Password, set.CAFile, set.Proxy)
		if err != nil {
			return replicate.Result{}, err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		return replicate.Run(ctx, sess, c)
	}, func(res replicate.Result, err error) {
		r.showStatus()
		if err != nil {
			r.result.SetText(lang.X("repl.not_synced", "Not synced: {{.Error}}", map[string]any{"Error": kit.Plain(err)}))
			return
		}
		r.result.SetText(fmt.Sprintf(lang.X("repl.sent_received_applied", "Sent %d, received %d (%d applied)."), res.Pushed, res.Pulled, res.Applied))
		if r.list != nil {
			r.reload()
		}
	})
}
