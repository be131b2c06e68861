package ui

import (
	"dossier/app/ui/exchange"
	"dossier/app/ui/interfaces"
	mreturn "dossier/app/ui/ministryreturn"
	"dossier/app/ui/mywork"
	"dossier/app/ui/recordaudit"
	"dossier/app/ui/registers"
	"dossier/app/ui/replication"
	"dossier/app/ui/statcharts"
	"dossier/app/ui/statistics"

	"fyne.io/fyne/v2/lang"
)

// navLabel is a section's name as the navigation, Go to and the menu show
// it, in the clinic's language. The English title stays the section's
// identity (links between screens open sections by it), so only what is
// shown is translated.
func navLabel(title string) string {
	switch title {
	case mywork.Title:
		return lang.X("nav.my_work", "My work")
	case "Patients":
		return lang.X("nav.patients", "Patients")
	case "Scanning":
		return lang.X("nav.scanning", "Scanning")
	case "Keying":
		return lang.X("nav.keying", "Keying")
	case "Batches":
		return lang.X("nav.batches", "Batches")
	case "Charts out":
		return lang.X("nav.charts_out", "Charts out")
	case "Specimens":
		return lang.X("nav.specimens", "Specimens")
	case "Admissions":
		return lang.X("nav.admissions", "Admissions")
	case "Release of information":
		return lang.X("nav.release", "Release of information")
	case "Coding":
		return lang.X("nav.coding", "Coding")
	case "Duplicates":
		return lang.X("nav.duplicates", "Duplicates")
	case "Deficiencies":
		return lang.X("nav.deficiencies", "Deficiencies")
	case recordaudit.Title:
		return lang.X("nav.record_audits", "Record audits")
	case statistics.Title:
		return lang.X("nav.statistics", "Statistics")
	case exchange.Title:
		return lang.X("nav.exchange", "Exchange (FHIR)")
	case interfaces.Title:
		return lang.X("nav.interfaces", "Interfaces")
	case registers.Title:
		return lang.X("nav.registers", "Registers")
	case statcharts.Title:
		return lang.X("nav.charts", "Charts")
	case mreturn.Title:
		return lang.X("nav.ministry_return", "Return to the ministry")
	case "Users":
		return lang.X("nav.users", "Users")
	case "Audit trail":
		return lang.X("nav.audit_trail", "Audit trail")
	case "Backups":
		return lang.X("nav.backups", "Backups")
	case "Code sets":
		return lang.X("nav.code_sets", "Code sets")
	case "Settings":
		return lang.X("nav.settings", "Settings")
	case replication.Title:
		return lang.X("nav.replication", "Replication")
	case "My account":
		return lang.X("nav.my_account", "My account")
	}
	return title
}

// label is the section's name as shown.
func (s section) label() string { return navLabel(s.title) }
