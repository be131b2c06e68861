package kit

// AddressLevels are the clinic's address lines (e.g. district, village),
// or one "Address" line when the clinic has named none.
func (h *Host) AddressLevels() []string {
	if c := h.Clinic(); len(c.AddressLevels) > 0 {
		return c.AddressLevels
	}
	return []string{"Address"}
}
