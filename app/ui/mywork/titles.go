package mywork

import "fyne.io/fyne/v2/lang"

// listTitle is a list's title in the clinic's language. The worklist flow
// names its lists in English (the command line prints them); the window
// translates the ones it knows and shows any other as it comes.
func listTitle(title string) string {
	switch title {
	case "Charts overdue back to the file room":
		return lang.X("mywork.list.charts_overdue", "Charts overdue back to the file room")
	case "Documents filed but not keyed":
		return lang.X("mywork.list.to_key", "Documents filed but not keyed")
	case "Pages in the unfiled tray":
		return lang.X("mywork.list.unfiled", "Pages in the unfiled tray")
	case "Batches at their stage":
		return lang.X("mywork.list.batches", "Batches at their stage")
	case "Encounters to code":
		return lang.X("mywork.list.to_code", "Encounters to code")
	case "Notes and discharge summaries to sign":
		return lang.X("mywork.list.to_sign", "Notes and discharge summaries to sign")
	case "Release requests by due date":
		return lang.X("mywork.list.release", "Release requests by due date")
	case "Duplicate pairs to review":
		return lang.X("mywork.list.duplicates", "Duplicate pairs to review")
	case "Double-entry differences to settle":
		return lang.X("mywork.list.double_entry", "Double-entry differences to settle")
	case "Deficiencies to complete":
		return lang.X("mywork.list.deficiencies", "Deficiencies to complete")
	case "Delinquent records (deficiencies open past the limit)":
		return lang.X("mywork.list.delinquent", "Delinquent records (deficiencies open past the limit)")
	case "Conflicts between desks to resolve":
		return lang.X("mywork.list.conflicts", "Conflicts between desks to resolve")
	}
	return title
}
