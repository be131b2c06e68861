package kit

import (
	"fyne.io/fyne/v2/lang"

	"dossier/model"
)

// AddressLevels are the clinic's address lines (e.g. district, village) as
// the window shows them (a level named as a new clinic's default is in the
// window's language), or one "Address" line when the clinic has named none.
func (h *Host) AddressLevels() []string {
	if c := h.Clinic(); len(c.AddressLevels) > 0 {
		return Words(c.AddressLevels)
	}
	return []string{lang.X("chart.address", "Address")}
}

// defaultAddressLevels are the level names a new clinic starts with: the
// window shows them through Word.
func defaultAddressLevels() []string { return model.DefaultClinic("", "").AddressLevels }

// AddressLevelNames are the clinic's address levels as settings show them
// for editing: the default names in the window's language.
func AddressLevelNames(levels []string) []string { return Words(levels) }

// AddressLevelsStored are the address levels to store for names edited in
// settings: a default level's name in the window's language is stored as
// the model's word, other names as typed.
func AddressLevelsStored(shown []string) []string {
	out := make([]string, len(shown))
	for i, s := range shown {
		out[i] = s
		for _, l := range defaultAddressLevels() {
			if Word(l) == s {
				out[i] = l
			}
		}
	}
	return out
}
