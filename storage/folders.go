package storage

// Folders remember, per user and per purpose ("scans", "packets",
// "backups"…), the folder a file dialog last opened in, so one user's
// dialogs never open in another's folders (a supervisor's packet dialog
// opened in the clerk's scans folder). Paths can name patients ("Amina
// Nakato referral/"), so they are sealed and keyed like drafts: by a blind
// hash of user and purpose, in the drafts bucket. Not audited: nothing is
// read from the records.
type Folders struct{ sess *Session }

// Folders is this user's remembered folders.
func (sess *Session) Folders() Folders { return Folders{sess} }

func folderForm(purpose string) string { return "folder\x00" + purpose }

// Last is the folder last used for purpose, or "".
func (f Folders) Last(purpose string) string {
	var dir string
	if ok, err := (Drafts{f.sess}).Load(folderForm(purpose), &dir); !ok || err != nil {
		return ""
	}
	return dir
}

// Remember keeps dir as the folder for purpose.
func (f Folders) Remember(purpose, dir string) error {
	return Drafts{f.sess}.Save(folderForm(purpose), dir)
}
