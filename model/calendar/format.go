package calendar

import (
	"fmt"
	"strconv"
)

// Format writes d in all numbers in the clinic's order ("DMY", "MDY" or
// "YMD"; anything else is DMY) with a four-digit year: the form Parse
// reads back to the same date.
func Format(d Date, order string) string {
	switch order {
	case "MDY":
		return fmt.Sprintf("%02d/%02d/%04d", d.Month, d.Day, d.Year)
	case "YMD":
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
}

// Long writes d with its month's name, "3 Megabit 2016", or in the
// calendar's own script when native is true and it has one, "3 መጋቢት 2016".
func Long(c Calendar, d Date, native bool) string {
	return strconv.Itoa(d.Day) + " " + MonthName(c, d.Month, native) + " " + strconv.Itoa(d.Year)
}

// MonthName is the name of month m of c, "" for no such month.
func MonthName(c Calendar, m int, native bool) string {
	latin, own := c.MonthNames()
	if native && len(own) >= m && m >= 1 {
		return own[m-1]
	}
	if m < 1 || m > len(latin) {
		return ""
	}
	return latin[m-1]
}
